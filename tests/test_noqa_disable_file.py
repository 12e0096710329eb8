"""ZL008 for ``; zonelint: disable-file=CODES`` comments (issue 16 point 5): an unknown code, or a
code that suppresses nothing in the whole file in a run where its rule was judged, is reported at
the comment; the same run-knowledge rules as for ``; noqa`` (external codes, codes not selected,
cross-zone rules in partial runs: ``tests/test_noqa_unused.py``, ZL607 without a base or unchanged
since it); the same fix (unknown codes that are not external removed, never a known one)."""

from __future__ import annotations

import pytest

from test_noqa_unused import run, run_text, zl008
from zonelint.suppress import noqa_comments, scan_text

#: no $TTL: ns1's inherited TTL is ZL605; the SOA's retry is below its refresh: no ZL606
ZONE = ("$ORIGIN example.com.\n@ 3600 IN SOA ns1 hostmaster 2024010101 7200 900 1209600 300\n"
        "@ 3600 IN NS ns1\nns1 IN A 192.0.2.1\n")


def test_code_lists_of_disable_file_end_at_the_first_word_that_is_no_code():
    assert scan_text("; zonelint: disable-file=ZL605 legacy zone\n")[1] == frozenset({"ZL605"})
    assert scan_text("; zonelint: disable-file=ZL605, zl606 ZL607 because\n")[1] == frozenset({"ZL605", "ZL606", "ZL607"})
    (c,) = noqa_comments("x ; keep ; zonelint: disable-file=ZL6O5, ZL605 legacy")
    assert (c.line, c.semicolon, c.file_wide, [w for w, *_ in c.codes]) == (1, 2, True, ["ZL6O5", "ZL605"])
    (c,) = noqa_comments("; noqa: ZL605")
    assert not c.file_wide


@pytest.mark.parametrize("loader", ["scanner", "reference"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_unknown_and_unused_codes_at_their_comment(tmp_path, monkeypatch, loader, jobs, sharded_calls):
    if loader == "reference":
        monkeypatch.setenv("ZONELINT_REFERENCE_LOADER", "1")
    text = ("; zonelint: disable-file=ZL6O5, ZL605 legacy\n"
            "; zonelint: disable-file=ZL606\n"
            "; zonelint: disable-file=ZL9O9\n" + ZONE)
    (tmp_path / "example.com.zone").write_text(text)
    (tmp_path / "example.net.zone").write_text(ZONE.replace("example.com.", "example.net.") + "; zonelint: disable-file=ZL606\n")
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "-j", jobs, ".")
    assert zl008(rep) == [
        ("example.com.zone", 1, 1, "disable-file names unknown code 'ZL6O5' (did you mean ZL605?)"),
        ("example.com.zone", 2, 1, "disable-file ZL606 suppresses nothing in this file"),
        ("example.com.zone", 3, 1, "disable-file names unknown code 'ZL9O9' (did you mean ZL901?)"),
        ("example.net.zone", 5, 1, "disable-file ZL606 suppresses nothing in this file"),
    ]
    assert [(f["path"], f["line"]) for f in rep["findings"] if f["code"] == "ZL605"] == [("example.net.zone", 4)]
    assert bool(sharded_calls) == (jobs == "2") and all(c is not None for c in sharded_calls)
    (unused,) = [f for f in rep["findings"] if f["code"] == "ZL008" and f["line"] == 2 and f["path"] == "example.com.zone"]
    assert unused["help"] == "Remove it from the comment: no finding of that rule is in this file."


def test_fix_removes_unknown_codes_only_and_never_external_ones(tmp_path, monkeypatch):
    (tmp_path / ".zonelint.toml").write_text('external = ["ACME"]\n')
    text = ("; zonelint: disable-file=ZL6O5, ZL605 legacy\n"
            "; zonelint: disable-file=ACME001\n"
            "; zonelint: disable-file=ZL9O9\n"
            "; zonelint: disable-file=ZL606\n" + ZONE)
    (tmp_path / "example.com.zone").write_text(text)
    _, rep, _ = run(tmp_path, monkeypatch, ".")
    assert [(line, msg) for _, line, _, msg in zl008(rep)] == [
        (1, "disable-file names unknown code 'ZL6O5' (did you mean ZL605?)"),
        (3, "disable-file names unknown code 'ZL9O9' (did you mean ZL901?)"),
        (4, "disable-file ZL606 suppresses nothing in this file"),
    ]
    rc, _, err = run_text(tmp_path, monkeypatch, "--fix", ".")
    assert "fixed 2 findings in 1 file" in err
    assert (tmp_path / "example.com.zone").read_text() == (
        "; zonelint: disable-file=ZL605 legacy\n; zonelint: disable-file=ACME001\n"
        "; zonelint: disable-file=ZL606\n" + ZONE)
    _, rep, _ = run(tmp_path, monkeypatch, ".")
    # what remains: the known code that suppresses nothing (reported, never removed)
    assert [(line, msg) for _, line, _, msg in zl008(rep)] == [(3, "disable-file ZL606 suppresses nothing in this file")]
    assert [f["code"] for f in rep["findings"]] == ["ZL008"]
    rc, out, _ = run_text(tmp_path, monkeypatch, ".")
    assert rc == 1 and "fixable" not in out  # a known code is never removed


def test_not_judged_for_a_code_not_selected_nor_for_zl008(tmp_path, monkeypatch):
    (tmp_path / "example.com.zone").write_text("; zonelint: disable-file=ZL606, ZL008\n" + ZONE
                                               + "www IN A 192.0.2.2 ; noqa: ZL602\n")
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "--ignore", "ZL606", ".")
    assert zl008(rep) == []  # ZL606 not selected; ZL008 never judged; the noqa's ZL008 disabled
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", ".")
    # ZL606 judged now, but ZL008 is disabled in the file: its two findings are suppressed
    assert zl008(rep) == [] and rep["summary"]["suppressed"] == 2
    (tmp_path / "example.com.zone").write_text("; zonelint: disable-file=ZL606\n" + ZONE)
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", ".")
    assert zl008(rep) == [("example.com.zone", 1, 1, "disable-file ZL606 suppresses nothing in this file")]


def test_zl607_judged_only_with_a_base_and_a_change(tmp_path, monkeypatch):
    from test_serial import make_repo, zone

    text = "; zonelint: disable-file=ZL607\n" + zone(5)
    repo = make_repo(tmp_path / "r", {"example.com.zone": text})
    _, rep, _ = run(repo, monkeypatch, "--no-config", ".")
    assert zl008(rep) == []  # no base
    _, rep, _ = run(repo, monkeypatch, "--no-config", "--serial-base", "HEAD", ".")
    assert zl008(rep) == []  # unchanged since the base: ZL607 could not fire
    (repo / "example.com.zone").write_text(text.replace(" 5 3600", " 6 3600"))
    assert text.replace(" 5 3600", " 6 3600") != text
    _, rep, _ = run(repo, monkeypatch, "--no-config", "--serial-base", "HEAD", ".")
    assert zl008(rep) == [("example.com.zone", 1, 1, "disable-file ZL607 suppresses nothing in this file")]
    (repo / "example.com.zone").write_text(text + "; changed\n")  # serial not raised: ZL607 disabled
    _, rep, _ = run(repo, monkeypatch, "--no-config", "--serial-base", "HEAD", ".")
    assert zl008(rep) == [] and not [f for f in rep["findings"] if f["code"] == "ZL607"]


def test_used_by_a_finding_in_an_included_file_only_counts_there(tmp_path, monkeypatch):
    """A disable-file comment covers its own file: the included file's finding does not use the
    including file's comment, and the included file's comment is judged on its own findings."""
    (tmp_path / "hosts.inc").write_text("; zonelint: disable-file=ZL602\nfast 10 IN A 192.0.2.10\n")
    (tmp_path / "example.com.zone").write_text(
        "; zonelint: disable-file=ZL602\n$TTL 3600\n" + ZONE + "$INCLUDE hosts.inc\n")
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", ".")
    assert zl008(rep) == [("example.com.zone", 1, 1, "disable-file ZL602 suppresses nothing in this file")]
    assert not [f for f in rep["findings"] if f["code"] == "ZL602"]
