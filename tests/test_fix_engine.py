"""The fix engine (zonelint/fix/): semantic changes become byte edits of exactly the tokens named.

A test plugin's rule ``XF001`` asks for whatever fix the test sets (``MAKE``), so each kind of
change is exercised on hand-written zones with tricky layout: multi-line records with comments
inside the parentheses, CRLF, tabs, Latin-1 octets, ``$INCLUDE``d files. Every test compares whole
files byte for byte: nothing outside the edited spans may change.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from zonelint import (
    OWNER,
    RDATA,
    TTL,
    TYPE,
    Fix,
    Rule,
    delete_record,
    hookimpl,
    remove_comment,
    replace_comment,
    replace_directive_argument,
    replace_field,
)
from zonelint.config import Config
from zonelint.fix import Change
from zonelint.fix.apply import plan_fixes
from zonelint.fix.command import diff_until_done, fix_once
from zonelint.plugins import load_registry
from zonelint.runner import RunOptions, lint
from zonelint.selection import SelectionLevel

#: (record) -> Fix | None; set by each test
MAKE = {}


class FixMe(Rule):
    """## What it checks
    Test rule: whatever the test asks.

    ## Why it matters
    Tests.

    ## Example
    ```
    www IN A 192.0.2.1
    ```

    ## How to fix
    `--fix`.

    ## Anchor
    The record.
    """

    code = "XF001"
    name = "fix-me"
    summary = "A record a test wants changed"
    fixable = True

    def check(self, ctx):
        make = MAKE.get("record")
        for rec in ctx.zone.records:
            fix = make(rec) if make else None
            if fix is not None:
                yield ctx.finding(rec, f"fix {rec.rdtype} at {rec.line}", fix=fix)
        problem = MAKE.get("problem")
        for p in ctx.zone.problems:
            fix = problem(p) if problem else None
            if fix is not None:
                yield ctx.finding(p, f"fix {p.code} at {p.line}", fix=fix)


def _plugin():
    import types

    mod = types.ModuleType("xf_plugin")
    mod.ZONELINT_API_VERSION = 1
    mod.zonelint_rules = hookimpl(lambda: [FixMe])
    return mod


@pytest.fixture(autouse=True)
def _clear():
    MAKE.clear()
    yield
    MAKE.clear()


def run(root: Path, *paths: str, select=("XF001",), ignore=(), jobs=1, context=(), **config):
    registry = load_registry(extra_plugins=[("xf", _plugin())], installed=False)
    assert not registry.failed, registry.failure_lines()
    opts = RunOptions(paths=[str(root / p) for p in paths], select=SelectionLevel(list(select), [], list(ignore)),
                      jobs=jobs, cwd=str(root), context=[str(root / c) for c in context])
    return lint(opts, Config(root=str(root), **config), registry)


def fix(root: Path, *paths: str, diff: bool = False, **kw) -> tuple[int, str, str]:
    report = run(root, *paths, **kw)
    out, err = io.StringIO(), io.StringIO()
    if diff:  # as --diff does it: every pass, in memory
        status = diff_until_done(report, lambda: run(root, *paths, **kw), str(root), out, err)
    else:
        status = fix_once(report, str(root), err)
    return status, out.getvalue(), err.getvalue()


def write(root: Path, name: str, data: bytes) -> Path:
    p = root / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


TRICKY = (
    b"$ORIGIN example.com.\r\n"
    b"$TTL 3600\r\n"
    b"@\tIN\tSOA\tns1 hostmaster ( ; caf\xe9 comment\r\n"
    b"\t\t2024010101\t; serial \xe9\r\n"
    b"\t\t3600 900 ; refresh, retry\r\n"
    b"\t\t1209600 300 )\t; end\r\n"
    b"@\tIN\tNS\tns1\r\n"
    b"caf\\233\t300\tIN TXT \"d\xe9j\xe0 vu\" \"two\" ; \xe9\r\n"
    b"ns1\tIN\tA\t192.0.2.1"  # no trailing newline
)


def test_replace_soa_serial_in_multiline_soa_keeps_every_other_byte(tmp_path):
    write(tmp_path, "example.com.zone", TRICKY)
    MAKE["record"] = lambda r: (Fix.of("serial", replace_field(r, RDATA, "2024010102", index=2, old="2024010101"))
                                if r.rdtype == "SOA" else None)
    status, _, err = fix(tmp_path, "example.com.zone")
    assert status == 1, err
    assert (tmp_path / "example.com.zone").read_bytes() == TRICKY.replace(b"2024010101", b"2024010102")
    assert "fixed 1 finding in 1 file" in err


def test_replace_after_latin1_octets_and_quoted_strings(tmp_path):
    write(tmp_path, "example.com.zone", TRICKY)
    MAKE["record"] = lambda r: (Fix.of("txt", replace_field(r, RDATA, '"2"', index=1, old="two"),
                                       replace_field(r, TTL, "600", old="300"),
                                       replace_field(r, OWNER, "cafe"))
                                if r.rdtype == "TXT" else None)
    assert fix(tmp_path, "example.com.zone")[0] == 1
    assert (tmp_path / "example.com.zone").read_bytes() == TRICKY.replace(
        b"caf\\233\t300\tIN TXT \"d\xe9j\xe0 vu\" \"two\"", b"cafe\t600\tIN TXT \"d\xe9j\xe0 vu\" \"2\"")


def test_replace_type_and_last_token_without_newline(tmp_path):
    write(tmp_path, "example.com.zone", TRICKY)
    MAKE["record"] = lambda r: (Fix.of("a", replace_field(r, RDATA, "192.0.2.9", old="192.0.2.1"))
                                if r.rdtype == "A" else None)
    assert fix(tmp_path, "example.com.zone")[0] == 1
    assert (tmp_path / "example.com.zone").read_bytes() == TRICKY.replace(b"192.0.2.1", b"192.0.2.9")


def test_old_text_mismatch_skips_the_whole_fix(tmp_path):
    write(tmp_path, "example.com.zone", TRICKY)
    MAKE["record"] = lambda r: (Fix.of("two", replace_field(r, TTL, "600"),
                                       replace_field(r, RDATA, "x", index=0, old="not-this"))
                                if r.rdtype == "TXT" else None)
    status, _, err = fix(tmp_path, "example.com.zone")
    assert status == 0
    assert "XF001 not fixed: the token reads" in err
    assert (tmp_path / "example.com.zone").read_bytes() == TRICKY


def test_part_not_written_is_refused(tmp_path):
    write(tmp_path, "z.zone", b"$ORIGIN example.com.\n$TTL 60\n@ IN SOA ns1 h 1 2 3 4 5\n  NS ns1\n")
    MAKE["record"] = lambda r: Fix.of("ttl", replace_field(r, TTL, "5")) if r.rdtype == "NS" else None
    status, _, err = fix(tmp_path, "z.zone")
    assert status == 0 and "does not write its ttl" in err


def test_rewrite_type_spf_to_txt(tmp_path):
    write(tmp_path, "z.zone", b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n@ 60 IN spf \"v=spf1 -all\"\n")
    MAKE["record"] = lambda r: Fix.of("spf", replace_field(r, TYPE, "TXT")) if r.rdtype == "SPF" else None
    assert fix(tmp_path, "z.zone")[0] == 1
    assert (tmp_path / "z.zone").read_bytes().endswith(b"@ 60 IN TXT \"v=spf1 -all\"\n")


def test_diff_writes_nothing_and_exits_1(tmp_path):
    p = write(tmp_path, "example.com.zone", TRICKY)
    before = os.stat(p)
    MAKE["record"] = lambda r: (Fix.of("serial", replace_field(r, RDATA, "2024010102", index=2))
                                if r.rdtype == "SOA" else None)
    status, out, err = fix(tmp_path, "example.com.zone", diff=True)
    assert status == 1
    assert p.read_bytes() == TRICKY and os.stat(p).st_mtime_ns == before.st_mtime_ns
    assert out.startswith("--- a/example.com.zone\n+++ b/example.com.zone\n@@ ")
    assert "-\t\t2024010101\t; serial \\xe9\n+\t\t2024010102\t; serial \\xe9\n" in out
    assert "would fix 1 finding in 1 file" in err
    MAKE.clear()
    assert fix(tmp_path, "example.com.zone", diff=True)[:2] == (0, "")


def test_idempotent_second_run_changes_nothing(tmp_path):
    write(tmp_path, "example.com.zone", TRICKY)
    MAKE["record"] = lambda r: (Fix.of("serial", replace_field(r, RDATA, "2024010102", index=2, old="2024010101"))
                                if r.rdtype == "SOA" else None)
    assert fix(tmp_path, "example.com.zone")[0] == 1
    once = (tmp_path / "example.com.zone").read_bytes()
    status, _, err = fix(tmp_path, "example.com.zone")
    assert status == 0 and (tmp_path / "example.com.zone").read_bytes() == once
    assert "not fixed: the token reads '2024010102'" in err


# -- deleting records ----------------------------------------------------------------------------

DUPS = (
    b"$ORIGIN example.com.\n"
    b"$TTL 60\n"
    b"@        IN SOA ns1 h 1 2 3 4 5\n"
    b"www      IN A 192.0.2.1\n"
    b"www      IN A 192.0.2.1   ; copy\n"
    b"  ; a comment line\n"
    b"mail 300 IN A 192.0.2.2\n"
    b"mail     IN A 192.0.2.3\n"
    b"         IN A 192.0.2.4\n"
)


def _delete_line(n):
    return lambda r: Fix.of("delete", delete_record(r)) if r.line == n else None


def test_delete_record_with_its_comment(tmp_path):
    write(tmp_path, "example.com.zone", DUPS)
    MAKE["record"] = _delete_line(5)
    assert fix(tmp_path, "example.com.zone")[0] == 1
    assert (tmp_path / "example.com.zone").read_bytes() == DUPS.replace(b"www      IN A 192.0.2.1   ; copy\n", b"")


@pytest.mark.parametrize("line,why", [
    (7, "the next record does not write its TTL"),  # mail 300: the next one inherits 300
    (8, "the next record does not write its owner"),  # the blank-owner line inherits mail
])
def test_delete_refused_when_later_lines_inherit(tmp_path, line, why):
    write(tmp_path, "example.com.zone", DUPS)
    MAKE["record"] = _delete_line(line)
    status, _, err = fix(tmp_path, "example.com.zone")
    assert status == 0 and why in err
    assert (tmp_path / "example.com.zone").read_bytes() == DUPS


def test_delete_last_record_and_multiline_record(tmp_path):
    data = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\nt 60 IN TXT ( \"a\" ; one\n  \"b\" )\nu 60 IN TXT \"c\"\n"
    write(tmp_path, "z.zone", data)
    MAKE["record"] = lambda r: Fix.of("d", delete_record(r)) if r.rdtype == "TXT" else None
    assert fix(tmp_path, "z.zone")[0] == 1
    assert (tmp_path / "z.zone").read_bytes() == b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n"


def test_delete_looks_past_a_ttl_directive_to_the_next_record(tmp_path):
    data = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\nt 60 IN TXT \"a\"\n$TTL 30\n  IN TXT \"b\"\n"
    write(tmp_path, "z.zone", data)
    MAKE["record"] = lambda r: Fix.of("d", delete_record(r)) if r.line == 3 else None
    status, _, err = fix(tmp_path, "z.zone")
    assert status == 0 and "z.zone:3:1: XF001 not fixed: the next record does not write its owner and TTL" in err
    assert (tmp_path / "z.zone").read_bytes() == data


# -- directives and comments ---------------------------------------------------------------------


def test_replace_directive_argument_keeps_its_comment(tmp_path):
    data = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n$ORIGIN\tsub ; was sub.\r\nwww 60 IN A 192.0.2.1\n"
    write(tmp_path, "example.com.zone", data)
    MAKE["record"] = lambda r: (Fix.of("origin", replace_directive_argument((r.file, 3), "sub.example.com.", old="sub"))
                                if r.rdtype == "A" else None)
    assert fix(tmp_path, "example.com.zone")[0] == 1
    assert (tmp_path / "example.com.zone").read_bytes() == data.replace(b"\tsub ;", b"\tsub.example.com. ;")


@pytest.mark.parametrize("change,expected", [
    (lambda r: remove_comment((r.file, r.line)), b"www 60 IN A 192.0.2.1\r\n"),
    (lambda r: replace_comment((r.file, r.line), " noqa: ZL101"), b"www 60 IN A 192.0.2.1 \t; noqa: ZL101\r\n"),
])
def test_comment_removed_or_rewritten(tmp_path, change, expected):
    data = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\nwww 60 IN A 192.0.2.1 \t; noqa: ZL101,ZL6O2 \xe9\r\n"
    write(tmp_path, "example.com.zone", data)
    MAKE["record"] = lambda r: Fix.of("c", change(r)) if r.rdtype == "A" else None
    assert fix(tmp_path, "example.com.zone")[0] == 1
    assert (tmp_path / "example.com.zone").read_bytes() == data.split(b"www")[0] + expected


def test_comment_only_line_goes_whole(tmp_path):
    data = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n  ; noqa: ZL101\nwww 60 IN A 192.0.2.1\n"
    write(tmp_path, "example.com.zone", data)
    MAKE["record"] = lambda r: Fix.of("c", remove_comment((r.file, 3))) if r.rdtype == "A" else None
    assert fix(tmp_path, "example.com.zone")[0] == 1
    assert (tmp_path / "example.com.zone").read_bytes() == data.replace(b"  ; noqa: ZL101\n", b"")


# -- overlaps ------------------------------------------------------------------------------------


def test_overlapping_fixes_later_one_skipped_then_fixed_next_run(tmp_path):
    data = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\nwww 60 IN A 192.0.2.1\nwww 60 IN A 192.0.2.2\n"
    write(tmp_path, "example.com.zone", data)

    def make(r):
        if r.rdtype != "A":
            return None
        if r.line == 3:  # deletes line 3; the second fix rewrites line 3's address and line 4's TTL
            return Fix.of("del", delete_record(r))
        return Fix.of("both", replace_field(r, TTL, "61"), Change("replace", r.file.path, 3, 1, 3, RDATA, 0, "192.0.2.7"
                                                                       , None, "A"))
    MAKE["record"] = make
    status, _, err = fix(tmp_path, "example.com.zone")
    assert status == 1 and "overlaps another fix in the same file" in err
    assert (tmp_path / "example.com.zone").read_bytes() == data.replace(b"www 60 IN A 192.0.2.1\n", b"")


def test_same_edit_asked_twice_is_applied_once(tmp_path):
    data = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\nwww 60 IN A 192.0.2.1\n"
    write(tmp_path, "example.com.zone", data)
    MAKE["record"] = lambda r: Fix.of("x", replace_field(r, RDATA, "192.0.2.9")) if r.rdtype == "A" else None
    MAKE["problem"] = None
    report = run(tmp_path, "example.com.zone")
    [f] = report.findings
    plan = plan_fixes([f, f], report.files, str(tmp_path.resolve()), report.unfixable)
    assert len(plan.files) == 1 and plan.files[0].new == data.replace(b"192.0.2.1", b"192.0.2.9")


# -- $INCLUDEd files -----------------------------------------------------------------------------

COMMON = b"; shared records\nwww\t60\tIN A 192.0.2.1 ; web\n"


def two_zones(root: Path, origin_b: str = "example.net.") -> None:
    write(root, "common.inc", COMMON)
    for name, origin in (("a.zone", "example.com."), ("b.zone", origin_b)):
        write(root, name, f"$ORIGIN {origin}\n@ 60 IN SOA ns1 h 1 2 3 4 5\n@ 60 IN NS ns1\n$INCLUDE common.inc\n".encode())


def _in_common(change):
    return lambda r: Fix.of("c", change(r)) if r.rdtype == "A" and r.file.path.endswith("common.inc") else None


@pytest.mark.parametrize("origin_b", ["example.net.", "example.com."])  # two findings / one merged
@pytest.mark.parametrize("jobs", [1, 2])
def test_included_file_edited_when_every_including_zone_asks_the_same(tmp_path, origin_b, jobs, sharded_calls):
    two_zones(tmp_path, origin_b)
    MAKE["record"] = _in_common(lambda r: replace_field(r, TTL, "61"))
    status, _, err = fix(tmp_path, "a.zone", "b.zone", jobs=jobs)
    assert status == 1, err
    assert (tmp_path / "common.inc").read_bytes() == COMMON.replace(b"\t60\t", b"\t61\t")
    assert (tmp_path / "a.zone").read_bytes().endswith(b"$INCLUDE common.inc\n")
    assert [c is not None for c in sharded_calls] == ([True] if jobs == 2 else [])


@pytest.mark.parametrize("jobs", [1, 2])
def test_included_file_left_alone_when_zones_ask_different_edits(tmp_path, jobs):
    two_zones(tmp_path)
    MAKE["record"] = _in_common(lambda r: replace_field(r, RDATA, "192.0.2.2" if r.origin == "example.com." else "192.0.2.3"))
    status, _, err = fix(tmp_path, "a.zone", "b.zone", jobs=jobs)
    assert status == 0
    assert "common.inc is $INCLUDEd by other zones that do not ask for the same edit" in err
    assert (tmp_path / "common.inc").read_bytes() == COMMON


def test_included_file_left_alone_when_a_context_zone_includes_it(tmp_path):
    two_zones(tmp_path)
    MAKE["record"] = _in_common(lambda r: replace_field(r, TTL, "61"))
    status, _, err = fix(tmp_path, "a.zone", context=["b.zone"])
    assert status == 0 and "(b.zone)" in err
    assert (tmp_path / "common.inc").read_bytes() == COMMON


def test_fixes_cross_processes(tmp_path, sharded_calls):
    """-j 2: each worker's fixes travel packed (zonelint.wire) and plan the same bytes as -j 1."""
    for name in ("a", "b", "c"):
        write(tmp_path, f"{name}.zone", f"$ORIGIN {name}.example.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n@ 60 IN NS ns1\n"
                                        "ns1 60 IN A 192.0.2.1\n".encode())
    MAKE["record"] = lambda r: Fix.of("a", replace_field(r, RDATA, "192.0.2.9")) if r.rdtype == "A" else None
    plans = []
    for jobs in (1, 2):
        report = run(tmp_path, "a.zone", "b.zone", "c.zone", jobs=jobs)
        assert all(f.fix is not None and f.fix.zones for f in report.findings)
        plan = plan_fixes(report.findings, report.files, str(tmp_path.resolve()), report.unfixable)
        plans.append([(fc.display, fc.new) for fc in plan.files])
    assert plans[0] == plans[1] and len(plans[0]) == 3
    assert len(sharded_calls) == 1 and sharded_calls[0] is not None  # -j 2 really ran in two processes


def test_a_rule_yielding_a_bad_fix_is_an_internal_error(tmp_path):
    write(tmp_path, "z.zone", b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n")
    MAKE["record"] = lambda r: "not a fix"
    report = run(tmp_path, "z.zone")
    [f] = report.findings
    assert f.code == "ZL000" and "whose fix is a str, not a zonelint.fix.Fix" in f.message


def test_generate_line_is_not_fixed(tmp_path):
    data = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n$GENERATE 1-2 h$ 60 IN A 192.0.2.$\n"
    write(tmp_path, "z.zone", data)
    MAKE["record"] = lambda r: Fix.of("a", replace_field(r, TTL, "61")) if r.rdtype == "A" else None
    # the records of a $GENERATE line carry no fix at all (none could ever be applied): no
    # "fixable" hint, no [*], no editor quick fix, nothing for --fix to refuse
    report = run(tmp_path, "z.zone")
    assert [(f.code, f.line, f.fix) for f in report.findings] == [("XF001", 3, None), ("XF001", 3, None)]
    assert report.fixable == frozenset()
    status, _, err = fix(tmp_path, "z.zone")
    assert status == 0 and err == ""
    assert (tmp_path / "z.zone").read_bytes() == data


def test_edits_as_positions_for_editors(tmp_path):
    """What an editor's code action gets: byte edits with (line, byte column) ranges, nothing written."""
    from zonelint.fix.locate import FileBytes
    from zonelint.fix.resolve import byte_edits, edit_range

    p = write(tmp_path, "example.com.zone", b"\xef\xbb\xbf" + TRICKY)
    MAKE["record"] = lambda r: (Fix.of("serial", replace_field(r, RDATA, "2024010102", index=2))
                                if r.rdtype == "SOA" else None)
    [f] = run(tmp_path, "example.com.zone").findings
    fb = FileBytes(p.read_bytes())
    [e] = byte_edits(f.fix, lambda path: fb)
    assert fb.raw[e.offset:e.end] == b"2024010101"
    assert edit_range(fb, e) == ((4, 2), (4, 12))
    assert p.read_bytes() == b"\xef\xbb\xbf" + TRICKY


def test_included_file_outside_the_lint_root_is_never_rewritten(tmp_path):
    """--allow-include-outside lets the run read it; --fix still refuses to write outside the root."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    write(outside, "common.inc", COMMON)
    write(root, "a.zone", b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n$INCLUDE ../outside/common.inc\n")
    MAKE["record"] = _in_common(lambda r: replace_field(r, TTL, "61"))
    report = run(root, "a.zone", allow_include_outside=True)
    assert [f.code for f in report.findings] == ["XF001"]
    out, err = io.StringIO(), io.StringIO()
    assert fix_once(report, str(root), err) == 0
    assert "outside the lint root" in err.getvalue()
    assert (outside / "common.inc").read_bytes() == COMMON


def test_second_record_after_a_lone_cr_is_not_fixed_first_is(tmp_path):
    """A lone CR ends a record but not the line (as in BIND): the record after it shares the line,
    so its fix is refused; the first record's token is still found."""
    data = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\na 60 IN A 192.0.2.1\rb 60 IN A 192.0.2.2\n"
    write(tmp_path, "z.zone", data)
    MAKE["record"] = lambda r: Fix.of("a", replace_field(r, TTL, "61")) if r.rdtype == "A" else None
    status, _, err = fix(tmp_path, "z.zone")
    findings = run(tmp_path, "z.zone").findings
    assert status == 1 and "does not start at column" in err
    assert (tmp_path / "z.zone").read_bytes() == data.replace(b"a 60 IN", b"a 61 IN")
    assert len(findings) == 2
