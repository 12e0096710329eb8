"""ZL008 noqa-unused: unknown codes, noqa that suppresses nothing, and every case where the run
cannot know (external codes, absent plugins, codes not selected, cross-zone rules in partial runs,
ZL607 without a base, crashed rules), under -j 2 as under -j 1, with the baseline."""

from __future__ import annotations

import io
import json
import shutil
import types
from contextlib import redirect_stderr, redirect_stdout

import pytest

from zonelint import Rule, hookimpl, jobs
from zonelint.cli import main
from zonelint.config import Config
from zonelint.plugins import load_registry
from zonelint.runner import RunOptions, lint
from zonelint.selection import SelectionLevel
from zonelint.suppress import noqa_comments, scan_text

HEAD = """$ORIGIN example.com.
$TTL 3600
@        IN SOA   ns1 hostmaster 2024010101 7200 3600 1209600 3600
@        IN NS    ns1
ns1      IN A     192.0.2.53
"""


def run(tmp_path, monkeypatch, *args):
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["--format", "json", *args])
    return rc, json.loads(out.getvalue()), err.getvalue()


def zl008(report) -> list[tuple[str, int, int, str]]:
    return [(f["path"], f["line"], f["column"], f["message"]) for f in report["findings"] if f["code"] == "ZL008"]


# -- reading the comments --------------------------------------------------------------------

def test_code_lists_end_at_the_first_word_that_is_no_code():
    assert scan_text("a ; noqa: ZL101, ZL102 because of x")[0] == {1: frozenset({"ZL101", "ZL102"})}
    assert scan_text("a ; noqa: ZL101 ZL102 IPv6 on purpose")[0] == {1: frozenset({"ZL101", "ZL102"})}
    assert scan_text("a ; noqa: ZL6O2")[0] == {1: frozenset({"ZL6O2"})}
    assert scan_text("a ; noqa")[0] == {1: None} and scan_text("a ; noqa:")[0] == {1: None}
    assert scan_text('a "; noqa" b')[0] == {}  # quoted: no comment
    (c,) = noqa_comments("www IN A 192.0.2.1 ; noqa: ZL6O2, ZL101 typo")
    assert (c.line, c.semicolon, c.codes) == (1, 19, (("ZL6O2", 27, 32), ("ZL101", 34, 39)))
    assert not c.alone and noqa_comments("x ; noqa: ZL101")[0].alone


# -- unknown codes -----------------------------------------------------------------------------

def test_unknown_code_at_the_comment_with_a_suggestion(tmp_path, monkeypatch):
    (tmp_path / "example.com.zone").write_text(HEAD + "www IN A 192.0.2.10 ; noqa: ZL6O2\n")
    rc, rep, _ = run(tmp_path, monkeypatch, "--no-config", "example.com.zone")
    assert zl008(rep) == [("example.com.zone", 6, 21, "noqa names unknown code 'ZL6O2' (did you mean ZL602?)")]
    assert rc == 1
    (f,) = [f for f in rep["findings"] if f["code"] == "ZL008"]
    assert f["severity"] == "warning" and f["rule"] == "noqa-unused" and "external" in f["help"]


def test_rule_name_prefix_and_internal_error_code(tmp_path, monkeypatch):
    (tmp_path / "example.com.zone").write_text(
        HEAD + "www IN A 192.0.2.10 ; noqa: target-cname\nftp IN A 192.0.2.11 ; noqa: ZL1\nx IN A 192.0.2.12 ; noqa: ZL000\n"
    )
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "--select", "ZL008", "example.com.zone")
    assert [(line, msg) for _, line, _, msg in zl008(rep)] == [
        (6, "noqa names unknown code 'target-cname' (noqa takes codes: ZL101)"),
        (7, "noqa names unknown code 'ZL1' (a prefix: noqa takes whole codes)"),
        (8, "noqa names unknown code 'ZL000' (an internal error is never suppressed)"),
    ]


def test_external_prefixes_are_never_reported(tmp_path, monkeypatch):
    (tmp_path / ".zonelint.toml").write_text('external = ["ACME", "xy1"]\n')
    (tmp_path / "example.com.zone").write_text(
        HEAD + "www IN A 192.0.2.10 ; noqa: ACME001, XY100\nftp IN A 192.0.2.11 ; noqa: ACM001\n"
    )
    _, rep, _ = run(tmp_path, monkeypatch, ".")
    assert [(line, msg) for _, line, _, msg in zl008(rep)] == [(7, "noqa names unknown code 'ACM001'")]
    (tmp_path / ".zonelint.toml").write_text('external = "ACME"\n')
    rc, _, err = run_text(tmp_path, monkeypatch, ".")
    assert rc == 2 and "'external' must be a list of strings" in err


def run_text(tmp_path, monkeypatch, *args):
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["--format", "text", *args])
    return rc, out.getvalue(), err.getvalue()


# -- suppressing nothing -----------------------------------------------------------------------

def test_unused_code_of_a_zone_local_rule(tmp_path, monkeypatch):
    (tmp_path / "example.com.zone").write_text(
        HEAD + "fast 10 IN A 192.0.2.10 ; noqa: ZL602\nslow IN A 192.0.2.11 ; noqa: ZL602\n"
    )
    for target in ("example.com.zone", "."):  # a zone-local rule: judged in partial runs too
        _, rep, _ = run(tmp_path, monkeypatch, "--no-config", target)
        assert zl008(rep) == [("example.com.zone", 7, 22, "noqa ZL602 suppresses nothing here")]
    # not selected in this run: not judged
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "--ignore", "ZL602", ".")
    assert zl008(rep) == []


def test_multiline_record_noqa_on_a_continuation_line(tmp_path, monkeypatch):
    (tmp_path / "example.com.zone").write_text(
        HEAD + 'slow 10 IN TXT ( "a"\n   "b" ) ; noqa: ZL602\nok IN TXT ( "a"\n   "b" ) ; noqa: ZL602\n'
    )
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", ".")
    assert [(line, col, msg) for _, line, col, msg in zl008(rep)] == [(9, 10, "noqa ZL602 suppresses nothing here")]
    assert not [f for f in rep["findings"] if f["code"] == "ZL602"]


def test_one_comment_reports_unknown_and_unused_codes_together(tmp_path, monkeypatch):
    (tmp_path / "example.com.zone").write_text(HEAD + "www IN A 192.0.2.10 ; noqa: ZL602, ZL6O2\n")
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", ".")
    assert [msg for *_, msg in zl008(rep)] == [
        "noqa names unknown code 'ZL6O2' (did you mean ZL602?); ZL602 suppresses nothing here"
    ]


CROSS = "_xmpp-server._tcp IN SRV 5 0 5269 alias.other.test. ; noqa: ZL101\n"


@pytest.mark.parametrize("kind", ["noqa", "disable-file"])
def test_cross_zone_rule_judged_only_when_the_run_holds_every_zone(tmp_path, monkeypatch, kind):
    (tmp_path / "zones").mkdir()
    if kind == "noqa":
        (tmp_path / "zones" / "example.com.zone").write_text(HEAD + CROSS)
        unused = ("zones/example.com.zone", 6, 53, "noqa ZL101 suppresses nothing here")
    else:  # issue 16 point 5: a disable-file comment is judged alike, over its file
        (tmp_path / "zones" / "example.com.zone").write_text(
            "; zonelint: disable-file=ZL101\n" + HEAD + CROSS.split(" ; ")[0] + "\n")
        unused = ("zones/example.com.zone", 1, 1, "disable-file ZL101 suppresses nothing in this file")
    other = "$ORIGIN other.test.\n$TTL 3600\n@ IN SOA ns1 h 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n"
    (tmp_path / "zones" / "other.test.zone").write_text(other + "alias IN A 192.0.2.9\n")
    (tmp_path / "ctx").mkdir()
    (tmp_path / "ctx" / "other.test.zone").write_text(other + "alias IN A 192.0.2.9\n")
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "zones")
    assert zl008(rep) == [unused]
    # files named one by one (pre-commit), or context zones: ZL101 looks across zones, not judged
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "zones/example.com.zone", "zones/other.test.zone")
    assert zl008(rep) == []
    (tmp_path / "zones" / "other.test.zone").unlink()
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "--context", "ctx/*.zone", "zones")
    assert zl008(rep) == []
    # where the noqa is used, it is fine in every kind of run
    (tmp_path / "ctx" / "other.test.zone").write_text(other + "alias IN CNAME ns1\n")
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "--context", "ctx/*.zone", "zones")
    assert zl008(rep) == [] and not [f for f in rep["findings"] if f["code"] == "ZL101"]


def test_bare_noqa(tmp_path, monkeypatch):
    (tmp_path / "example.com.zone").write_text(HEAD + "www IN A 192.0.2.10 ; noqa\nfast 10 IN A 192.0.2.1 ; noqa\n")
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", ".")
    assert zl008(rep) == [("example.com.zone", 6, 21, "bare noqa suppresses nothing here")]
    # not every rule ran (selection, or a partial run): a bare noqa is not judged
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "--ignore", "ZL9", ".")
    assert zl008(rep) == []
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "example.com.zone")
    assert zl008(rep) == []


def test_zl008_is_suppressed_only_by_name(tmp_path, monkeypatch):
    (tmp_path / "example.com.zone").write_text(
        HEAD + "a IN A 192.0.2.10 ; noqa: ZL6O2, ZL008\nb IN A 192.0.2.11 ; noqa: ZL6O2 ; noqa\n"
    )
    rc, rep, _ = run(tmp_path, monkeypatch, "--no-config", ".")
    assert [line for _, line, _, _ in zl008(rep)] == [7] and rep["summary"]["suppressed"] == 1
    (tmp_path / "example.com.zone").write_text(
        "; zonelint: disable-file=ZL008\n" + HEAD + "a IN A 192.0.2.10 ; noqa: ZL6O2\n"
    )
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", ".")
    assert zl008(rep) == []
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "--severity", "ZL008=error", "--ignore", "ZL0", "--extend-select", "ZL008", ".")
    assert zl008(rep) == []


def test_severity_override_and_ignore(tmp_path, monkeypatch):
    (tmp_path / "example.com.zone").write_text(HEAD + "a IN A 192.0.2.10 ; noqa: ZL6O2\n")
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "--severity", "ZL008=error", ".")
    assert [f["severity"] for f in rep["findings"] if f["code"] == "ZL008"] == ["error"]
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "--ignore", "ZL008", ".")
    assert zl008(rep) == []


def test_noqa_in_an_included_file_and_in_context_files(tmp_path, monkeypatch):
    (tmp_path / "zones").mkdir()
    (tmp_path / "zones" / "example.com.zone").write_text(HEAD + "$INCLUDE hosts.inc\n")
    (tmp_path / "zones" / "hosts.inc").write_text("www IN A 192.0.2.10 ; noqa: ZL6O2\n")
    (tmp_path / "ctx").mkdir()
    (tmp_path / "ctx" / "other.test.zone").write_text(
        "$ORIGIN other.test.\n$TTL 3600\n@ IN SOA ns1 h 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1 ; noqa: ZL6O2\n"
    )
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", "--context", "ctx/*.zone", "zones")
    assert [(p, line) for p, line, _, _ in zl008(rep)] == [("zones/hosts.inc", 1)]  # context files: never


# -- ZL607 and its git base ----------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_zl607_judged_only_with_a_base_and_a_change(tmp_path, monkeypatch):
    from test_serial import make_repo, zone

    text = zone(5).replace("1209600 300\n", "1209600 300 ; noqa: ZL607\n", 1)
    repo = make_repo(tmp_path / "r", {"example.com.zone": text})
    _, rep, _ = run(repo, monkeypatch, "--no-config", ".")
    assert zl008(rep) == []  # no base
    _, rep, _ = run(repo, monkeypatch, "--no-config", "--serial-base", "HEAD", ".")
    assert zl008(rep) == []  # unchanged since the base: ZL607 could not fire
    (repo / "example.com.zone").write_text(text.replace("2024", "2024").replace(" 5 3600", " 6 3600"))
    _, rep, _ = run(repo, monkeypatch, "--no-config", "--serial-base", "HEAD", ".")
    assert zl008(rep) == [("example.com.zone", 3, 52, "noqa ZL607 suppresses nothing here")]
    (repo / "example.com.zone").write_text(text + "; changed\n")
    _, rep, _ = run(repo, monkeypatch, "--no-config", "--serial-base", "HEAD", ".")
    assert zl008(rep) == [] and not [f for f in rep["findings"] if f["code"] == "ZL607"]


# -- a crashing rule -----------------------------------------------------------------------------

class _Crash(Rule):
    """## What it checks
    Nothing: it crashes.

    ## Why it matters
    A test.

    ## Example
    Any zone.

    ## How to fix
    Nothing.

    ## Anchor
    None.
    """

    code = "TC001"
    name = "test-crash"
    summary = "crashes"
    zone_local = True

    def check(self, ctx):
        raise RuntimeError("boom")


def _crash_plugin():
    mod = types.ModuleType("crash_plugin")
    mod.ZONELINT_API_VERSION = 1

    def zonelint_rules():
        return [_Crash]

    mod.zonelint_rules = hookimpl(zonelint_rules)
    return mod


def test_a_crashed_rule_is_not_judged(tmp_path):
    registry = load_registry(extra_plugins=[("crash", _crash_plugin())], installed=False)
    assert "TC001" in registry.rules, registry.failure_lines()
    (tmp_path / "example.com.zone").write_text(HEAD + "a IN A 192.0.2.10 ; noqa: TC001\nb IN A 192.0.2.11 ; noqa: ZL602\n")
    for j in (1, 2):
        rep = lint(RunOptions(paths=[str(tmp_path)], cwd=str(tmp_path), jobs=j), Config(root=str(tmp_path)), registry)
        assert [(f.code, f.line) for f in rep.findings] == [("ZL000", 1), ("ZL008", 7)]
        assert rep.exit_code == 2


def test_unknown_codes_not_reported_while_a_plugin_is_skipped(tmp_path):
    (tmp_path / "example.com.zone").write_text(HEAD + "www IN A 192.0.2.10 ; noqa: TC001, EX001\n")
    opts = RunOptions(paths=[str(tmp_path)], cwd=str(tmp_path), jobs=1)
    rep = lint(opts, Config(root=str(tmp_path)), load_registry(installed=False))
    assert [f.message for f in rep.findings] == ["noqa names unknown codes 'TC001' (did you mean ZL001?), 'EX001' (did you mean ZL001?)"]
    skipped = load_registry(extra_plugins=[("crash", _crash_plugin())], installed=False, blocked=["crash"])
    assert skipped.ignored == ["crash"]
    assert lint(opts, Config(root=str(tmp_path)), skipped).findings == ()


# -- the baseline --------------------------------------------------------------------------------

def test_baseline_noqa_applies_first_and_zl008_can_be_baselined(tmp_path, monkeypatch):
    (tmp_path / "example.com.zone").write_text(HEAD + "fast 10 IN A 192.0.2.10\nb IN A 192.0.2.11 ; noqa: ZL6O2\n")
    rc, _, _ = run_text(tmp_path, monkeypatch, "--no-config", "--write-baseline", "base.json", ".")
    assert rc == 0
    # the ZL602 finding is in the baseline and now also noqa'd: the noqa counts as used
    (tmp_path / "example.com.zone").write_text(HEAD + "fast 10 IN A 192.0.2.10 ; noqa: ZL602\nb IN A 192.0.2.11 ; noqa: ZL6O2\n")
    rc, rep, _ = run(tmp_path, monkeypatch, "--no-config", "--baseline", "base.json", ".")
    assert rep["findings"] == [] and rc == 0


# -- -j 2 ------------------------------------------------------------------------------------------

def test_books_merge():
    from zonelint.noqa import NoqaUsage

    a, b = NoqaUsage(), NoqaUsage()
    a.used[("f", 1)] = {"ZL602"}
    b.used[("f", 1)] = {"ZL101"}
    b.ran["f"] = {"ZL602"}
    a.merge(b)
    assert a.used == {("f", 1): {"ZL602", "ZL101"}} and a.ran == {"f": {"ZL602"}}


@pytest.mark.skipif(not jobs.available(), reason="-j needs os.fork")
def test_j2_merges_the_books_of_every_worker(tmp_path, sharded_calls, monkeypatch):
    """A file included by six zones: its first noqa is used by one zone only (whose $TTL the
    included record inherits), so the workers that never check that zone see it unused; the
    merged books must not report it. The second noqa is unused everywhere: reported once."""
    (tmp_path / "hosts.inc").write_text("fast IN A 192.0.2.10 ; noqa: ZL602\nslow 3600 IN A 192.0.2.11 ; noqa: ZL602\n")
    for i in range(6):
        body = HEAD.replace("$ORIGIN example.com.", f"$ORIGIN z{i}.test.") + 'pad IN TXT "' + "x" * 200 * (i + 1) + '"\n'
        if i == 3:
            body += "$TTL 10\n"
        (tmp_path / f"z{i}.test.zone").write_text(body + "$INCLUDE hosts.inc\n")
    monkeypatch.chdir(tmp_path)
    registry = load_registry()
    got = []
    for j in (1, 2):
        opts = RunOptions(paths=[str(tmp_path)], select=SelectionLevel(["ALL"]), jobs=j, cwd=str(tmp_path))
        rep = lint(opts, Config(root=str(tmp_path)), registry)
        got.append([(f.path, f.line, f.column, f.message) for f in rep.findings if f.code == "ZL008"])
        assert not [f for f in rep.findings if f.code == "ZL602" and f.path == "hosts.inc"]
    assert sharded_calls and sharded_calls[-1] is not None
    assert got[0] == got[1] == [("hosts.inc", 2, 27, "noqa ZL602 suppresses nothing here")]


# -- the fix -------------------------------------------------------------------------------------

def test_fix_removes_unknown_codes_only(tmp_path, monkeypatch):
    lines = [
        "a IN A 192.0.2.1 ; noqa: ZL6O2\n",                           # the whole comment goes
        "b 10 IN A 192.0.2.2 ; noqa: ZL6O2, ZL602 reason\n",          # the unknown code goes
        "c IN A 192.0.2.3 ; legacy ; noqa: target-cname, ZL000 ok\n",  # the directive goes, the rest stays
        "d IN A 192.0.2.4 ; noqa: ACME001, ZL6O2\n",                  # external stays
        "e IN A 192.0.2.5 ; noqa: ZL602\n",                           # unused but known: reported, never fixed
        "f IN A 192.0.2.6 ; noqa: ZL6O2 \r\n",                        # CRLF kept
    ]
    (tmp_path / ".zonelint.toml").write_text('external = ["ACME"]\n')
    (tmp_path / "example.com.zone").write_bytes((HEAD + "".join(lines)).encode())
    rc, out, _ = run_text(tmp_path, monkeypatch, "--fix", ".")
    assert rc == 1  # what remains: the unused ZL602 at e
    assert (tmp_path / "example.com.zone").read_bytes() == (HEAD + "".join([
        "a IN A 192.0.2.1\n",
        "b 10 IN A 192.0.2.2 ; noqa: ZL602 reason\n",
        "c IN A 192.0.2.3 ; legacy ok\n",
        "d IN A 192.0.2.4 ; noqa: ACME001\n",
        "e IN A 192.0.2.5 ; noqa: ZL602\n",
        "f IN A 192.0.2.6\r\n",
    ])).encode()
    _, rep, _ = run(tmp_path, monkeypatch, ".")
    assert [(line, msg) for _, line, _, msg in zl008(rep)] == [(10, "noqa ZL602 suppresses nothing here")]
    opts = RunOptions(paths=[str(tmp_path)], cwd=str(tmp_path), jobs=1)
    config = Config(root=str(tmp_path), external=["ACME"])
    assert [(f.line, f.fix) for f in lint(opts, config, load_registry()).findings] == [(10, None)]  # never fixed
    before = (tmp_path / "example.com.zone").read_bytes()
    run_text(tmp_path, monkeypatch, "--fix", ".")
    assert (tmp_path / "example.com.zone").read_bytes() == before  # a second --fix changes nothing


def test_no_fix_for_a_comment_that_does_not_decode(tmp_path, monkeypatch):
    raw = HEAD.encode() + b"a IN A 192.0.2.1 ; noqa: ZL6O2 caf\xe9\n"
    (tmp_path / "example.com.zone").write_bytes(raw)
    rc, _, err = run_text(tmp_path, monkeypatch, "--no-config", "--fix", ".")
    assert rc == 1 and (tmp_path / "example.com.zone").read_bytes() == raw


def test_fix_in_a_file_included_by_two_zones(tmp_path, monkeypatch):
    (tmp_path / "hosts.inc").write_text("www IN A 192.0.2.10 ; noqa: ZL6O2\n")
    for name in ("a.test", "b.test"):
        (tmp_path / f"{name}.zone").write_text(HEAD.replace("example.com.", name + ".") + "$INCLUDE hosts.inc\n")
    rc, out, err = run_text(tmp_path, monkeypatch, "--no-config", "--fix", ".")
    assert (tmp_path / "hosts.inc").read_text() == "www IN A 192.0.2.10\n", out + err
    assert rc == 0


def test_a_comment_naming_thousands_of_codes_is_one_short_finding(tmp_path, monkeypatch):
    codes = ",".join(f"QX{i}" for i in range(20000))
    (tmp_path / "example.com.zone").write_text(HEAD + f"a IN A 192.0.2.1 ; noqa: {codes}, ZL602\n")
    _, rep, _ = run(tmp_path, monkeypatch, "--no-config", ".")
    (msg,) = [m for *_, m in zl008(rep)]
    assert msg == "noqa names unknown codes 'QX0', 'QX1', 'QX2', 'QX3', 'QX4' and 19995 more; ZL602 suppresses nothing here"
    rc, _, _ = run_text(tmp_path, monkeypatch, "--no-config", "--fix", ".")
    assert (tmp_path / "example.com.zone").read_text() == HEAD + "a IN A 192.0.2.1 ; noqa: ZL602\n"
