"""``--diff`` shows exactly what ``--fix`` would do, all its passes together (issue 16 point 3).

``--fix`` lints again after each pass and fixes what that lint finds (a duplicate deleted from a
committed zone makes ZL607 ask for a higher serial); ``--diff`` simulates those passes in memory
(:func:`zonelint.confine.contents_in_memory`) and writes nothing. Each case is run twice on two
copies of one git repository: ``--diff`` on the first (whose every byte, ``.git`` included, must
stay as it was), ``--fix`` on the second; the diff must be the diff of the bytes ``--fix`` wrote,
and its ``+`` side, applied to the old lines, must give the new file's lines.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from test_fix_serial import NOW, git, needs_git, repo_with
from zonelint.cli import main
from zonelint.fix.apply import FileChange, FixPlan, _lines, _show, diff_text
from zonelint.rules import serial as serial_rule

pytestmark = needs_git

HEAD = (b"$ORIGIN example.com.\n$TTL 3600\n@ 3600 IN SOA ns1 host ( 2024010101 ; serial\n"
        b"\t7200 3600 1209600 300 )\n@ 3600 IN NS ns1\nns1 3600 IN A 192.0.2.1\n")
#: the serial ZL607 writes on the fixed clock (a date-based serial becomes today's, nn = 00)
RAISED = b"2026113000"


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setattr(serial_rule, "utc_now", lambda: NOW)
    for var in ("PRE_COMMIT", "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(var, raising=False)


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``root`` (``.git`` too): bytes and modification time."""
    out = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            p = Path(dirpath) / name
            out[str(p.relative_to(root))] = (p.read_bytes(), p.stat().st_mtime_ns)
    return out


def cli(cwd: Path, *args: str, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    code = main(["--no-config", "--format", "text", "--no-progress", "--serial-base", "HEAD", *args])
    out, err = capsys.readouterr()
    return code, out, err


def apply_plus_side(old: list[str], diff: str, name: str) -> list[str]:
    """The lines of ``name`` after the hunks of the unified ``diff`` (its shown lines)."""
    lines = diff.split("\n")
    start = lines.index(f"--- a/{name}")
    assert lines[start + 1] == f"+++ b/{name}"
    new, pos = [], 0
    i = start + 2
    while i < len(lines) and lines[i].startswith("@@"):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", lines[i])
        first = int(m.group(1)) - (0 if m.group(2) == "0" else 1)
        new += old[pos:first]
        pos = first
        i += 1
        while i < len(lines) and lines[i][:1] in (" ", "-", "+") and not lines[i].startswith("--- a/"):
            tag, text = lines[i][0], lines[i][1:]
            if tag in " -":
                assert old[pos] == text, (pos, old[pos], text)
                pos += 1
            if tag in " +":
                new.append(text)
            i += 1
    return new + old[pos:]


def diff_equals_fix(tmp_path: Path, files: dict[str, bytes], args: list[str], monkeypatch, capsys,
                    changed: dict[str, bytes]) -> tuple[str, str]:
    """Run ``--diff`` and ``--fix`` on two copies of a repository holding ``files``; check the
    diff is the diff of what ``--fix`` wrote, that ``--fix`` wrote ``changed`` exactly, and that
    ``--diff`` wrote nothing. Returns the diff and its stderr."""
    repo = repo_with(tmp_path, files)
    copy = tmp_path / "copy"
    shutil.copytree(repo, copy, symlinks=True)
    before = tree(repo)
    code, diff, err = cli(repo, "--diff", *args, monkeypatch=monkeypatch, capsys=capsys)
    assert tree(repo) == before, "--diff wrote something"
    assert code == (1 if changed else 0), err
    fix_code, _, fix_err = cli(copy, "--fix", *args, monkeypatch=monkeypatch, capsys=capsys)
    written = {name: (copy / name).read_bytes() for name in files if (copy / name).read_bytes() != files[name]}
    assert written == changed, fix_err
    expected = diff_text(FixPlan(files=[FileChange(name, name, files[name], new) for name, new in sorted(written.items())]))
    assert diff == expected
    for name, new in written.items():
        old_shown = [_show(s) for s in _lines(files[name])]
        assert apply_plus_side(old_shown, diff, name) == [_show(s) for s in _lines(new)]
    # the summary counts every pass: the findings --fix says it fixed
    fixed = re.search(r"fixed (\d+ findings?) in (\d+ files?)", fix_err)
    if changed:
        assert f"would fix {fixed.group(1)} in {fixed.group(2)} (run with --fix)" in err
    else:
        assert fixed is None and "would fix" not in err
    return diff, err


def test_duplicate_deleted_then_serial_raised(tmp_path, monkeypatch, capsys):
    """The zone equals its base (no ZL607) but holds a duplicate: --fix deletes it, the zone now
    differs from the base, the second pass raises the serial. --diff shows both."""
    zone = HEAD + b"www 3600 IN A 192.0.2.2\nwww 3600 IN A 192.0.2.2 ; copy\nmail 3600 IN A 192.0.2.3\n"
    after = (HEAD.replace(b"2024010101", RAISED) + b"www 3600 IN A 192.0.2.2\nmail 3600 IN A 192.0.2.3\n")
    diff, _ = diff_equals_fix(tmp_path, {"example.com.zone": zone}, ["example.com.zone"], monkeypatch, capsys,
                              {"example.com.zone": after})
    assert "-@ 3600 IN SOA ns1 host ( 2024010101 ; serial" in diff.splitlines()
    assert "-www 3600 IN A 192.0.2.2 ; copy" in diff.splitlines()


def test_crlf_latin1_three_fixes_over_two_passes(tmp_path, monkeypatch, capsys):
    """CRLF and Latin-1 bytes; a dot added (ZL105) and a duplicate deleted in the first pass, the
    serial raised in the second."""
    zone = (HEAD + b"; caf\xe9\n_xmpp-client._tcp 3600 IN SRV 5 0 5222 xmpp.example.com ; cr\xe8me\n"
            b"xmpp 3600 IN A 192.0.2.2\nxmpp 3600 IN A 192.0.2.2\nmail 3600 IN A 192.0.2.3\n").replace(b"\n", b"\r\n")
    after = zone.replace(b"2024010101", RAISED).replace(b"xmpp.example.com ;", b"xmpp.example.com. ;")
    after = after.replace(b"xmpp 3600 IN A 192.0.2.2\r\n", b"", 1)
    diff, _ = diff_equals_fix(tmp_path, {"example.com.zone": zone}, ["example.com.zone"], monkeypatch, capsys,
                              {"example.com.zone": after})
    assert "+; caf\\xe9" not in diff and " ; caf\\xe9" in diff.splitlines()


def test_included_file_fixed_then_including_zone_serial_raised(tmp_path, monkeypatch, capsys):
    """The duplicate is in an $INCLUDEd file: the first pass edits it, the second raises the serial
    of the zone that includes it (a zone changes with its included files). Two files, two passes."""
    files = {
        "example.com.zone": HEAD + b"$INCLUDE common/web.inc\nmail 3600 IN A 192.0.2.3\n",
        "common/web.inc": b"; web\nwww 3600 IN A 192.0.2.2\nwww 3600 IN A 192.0.2.2\nweb 3600 IN A 192.0.2.4\n",
    }
    changed = {
        "example.com.zone": files["example.com.zone"].replace(b"2024010101", RAISED),
        "common/web.inc": b"; web\nwww 3600 IN A 192.0.2.2\nweb 3600 IN A 192.0.2.4\n",
    }
    diff, err = diff_equals_fix(tmp_path, files, ["example.com.zone"], monkeypatch, capsys, changed)
    assert [line for line in diff.splitlines() if line.startswith("--- ")] == [
        "--- a/common/web.inc", "--- a/example.com.zone"]
    assert "would fix 2 findings in 2 files" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_zones_each_two_passes_under_jobs(tmp_path, monkeypatch, capsys, jobs, sharded_calls):
    """-j 2: the workers are forked with the in-memory contents of the pass and lint them."""
    files = {}
    for name in ("a", "b"):
        files[f"{name}.example.zone"] = (HEAD.replace(b"example.com.", f"{name}.example.".encode())
                                         + b"www 3600 IN A 192.0.2.2\nwww 3600 IN A 192.0.2.2\nmail 3600 IN A 192.0.2.3\n")
    changed = {p: d.replace(b"2024010101", RAISED).replace(b"www 3600 IN A 192.0.2.2\n", b"", 1)
               for p, d in files.items()}
    diff_equals_fix(tmp_path, files, ["-j", jobs, *files], monkeypatch, capsys, changed)
    assert any(c is not None for c in sharded_calls) == (jobs == "2")


def test_nothing_to_fix_empty_diff_exit_0(tmp_path, monkeypatch, capsys):
    diff, _ = diff_equals_fix(tmp_path, {"example.com.zone": HEAD + b"www 3600 IN A 192.0.2.2\n"},
                              ["example.com.zone"], monkeypatch, capsys, {})
    assert diff == ""


def test_a_fix_refused_in_the_second_pass_is_noted_like_fix_notes_it(tmp_path, monkeypatch, capsys):
    """The first pass deletes a duplicate in the $INCLUDEd file; the second pass's ZL607 fix is
    refused (the zone is linted through a symbolic link, which --fix never rewrites): --diff shows
    the first pass only, with the note --fix gives."""
    zone = HEAD + b"$INCLUDE web.inc\nmail 3600 IN A 192.0.2.3\n"
    web = b"www 3600 IN A 192.0.2.2\nwww 3600 IN A 192.0.2.2\nweb 3600 IN A 192.0.2.4\n"
    repo = repo_with(tmp_path, {"real.zone": zone, "web.inc": web})
    os.symlink("real.zone", repo / "example.com.zone")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "link")
    copy = tmp_path / "copy"
    shutil.copytree(repo, copy, symlinks=True)
    before = tree(repo)
    code, diff, err = cli(repo, "--diff", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert tree(repo) == before and code == 1
    _, _, fix_err = cli(copy, "--fix", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert (copy / "real.zone").read_bytes() == zone
    new = (copy / "web.inc").read_bytes()
    assert new == web.replace(b"www 3600 IN A 192.0.2.2\n", b"", 1)
    assert diff == diff_text(FixPlan(files=[FileChange("web.inc", "web.inc", web, new)]))
    notes = [line for line in err.splitlines() if "not fixed" in line]
    assert notes == [line for line in fix_err.splitlines() if "not fixed" in line]
    assert notes == ["zonelint: note: example.com.zone:3:1: ZL607 not fixed: a symbolic link: not rewritten"]
