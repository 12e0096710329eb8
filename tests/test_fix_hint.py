"""The "N fixable with `--fix`" hint, the ``[*]`` markers and ``--statistics``' fixable column
count what ``--fix`` would really apply (:func:`zonelint.fix.apply.plan_fixes`), not every finding
that carries a fix (issue 16 points 2 and 5): a fix the planner refuses (a parse error in the
file, overlapping edits, an ``$INCLUDE`` not every including zone agrees on, a file it may not
rewrite) is not counted.
"""

from __future__ import annotations

import io
import json
import os

import pytest

from test_fix_engine import COMMON, MAKE, _in_common, run, two_zones, write
from zonelint.fix import TTL, Change, Fix, replace_field
from zonelint.report import json_format, rich_format, table, text


@pytest.fixture(autouse=True)
def _clear():
    MAKE.clear()
    yield
    MAKE.clear()


APEX = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n"


def shown(report) -> dict:
    """What each human format and JSON say about fixes: the hint line, the statistics' fixable
    column, the ``[*]`` markers of rich and table."""
    out = {}
    buf = io.StringIO()
    text.render(report, buf, fix_hint=True)
    out["hint"] = [line for line in buf.getvalue().splitlines() if "fixable" in line]
    buf = io.StringIO()
    text.render(report, buf, fix_hint=True, statistics=True)
    out["statistics"] = [line for line in buf.getvalue().splitlines() if "[*]" in line]
    buf = io.StringIO()
    json_format.render(report, buf, statistics=True)
    out["json"] = {s["code"]: s["fixable"] for s in json.loads(buf.getvalue())["statistics"]}
    for name, module in (("rich", rich_format), ("table", table)):
        buf = io.StringIO()
        module.render(report, buf, fix_hint=True, color="never", width=200)
        out[name] = buf.getvalue().count("[*]")
    return out


def nothing_fixable(report) -> None:
    assert any(f.fix is not None for f in report.findings)  # a fix is carried ...
    assert report.fixable == frozenset()  # ... but --fix would refuse it
    assert shown(report) == {"hint": [], "statistics": [], "json": {"XF001": 0}, "rich": 0, "table": 0}


def test_every_fix_applied_counts(tmp_path):
    write(tmp_path, "example.com.zone", APEX + b"a 60 IN A 192.0.2.1\nb 60 IN A 192.0.2.2\n")
    MAKE["record"] = lambda r: Fix.of("ttl", replace_field(r, TTL, "61")) if r.rdtype == "A" else None
    report = run(tmp_path, "example.com.zone")
    assert shown(report) == {"hint": ["2 fixable with `--fix`."], "statistics": ["2  XF001  [*] fix-me"],
                             "json": {"XF001": 2}, "rich": 2, "table": 2}


def test_a_file_with_a_parse_error_counts_nothing(tmp_path):
    write(tmp_path, "example.com.zone", APEX + b"a 60 IN A 192.0.2.1\nbad 60 IN A 192.0.2.300\n")
    MAKE["record"] = lambda r: Fix.of("ttl", replace_field(r, TTL, "61")) if r.rdtype == "A" else None
    report = run(tmp_path, "example.com.zone", select=("XF001", "ZL001"))
    assert [(f.code, f.line) for f in report.findings] == [("XF001", 3), ("ZL001", 4)]
    assert report.fixable == frozenset()
    assert shown(report)["hint"] == [] and shown(report)["json"] == {"XF001": 0, "ZL001": 0}


def test_overlapping_fixes_count_once(tmp_path):
    write(tmp_path, "example.com.zone", APEX + b"a 60 IN A 192.0.2.1\nb 60 IN A 192.0.2.2\n")
    # both findings ask to rewrite the TTL of line 3, each to another value: the second overlaps
    MAKE["record"] = lambda r: (Fix.of("ttl", Change("replace", r.file.path, 3, 1, 3, TTL, 0, str(r.line + 58), None, "A"))
                                if r.rdtype == "A" else None)
    report = run(tmp_path, "example.com.zone")
    assert [(f.code, f.line, f.fix is not None) for f in report.findings] == [("XF001", 3, True), ("XF001", 4, True)]
    assert [f.line for f in report.findings if id(f) in report.fixable] == [3]
    assert shown(report) == {"hint": ["1 fixable with `--fix`."], "statistics": ["2  XF001  [*] fix-me"],
                             "json": {"XF001": 1}, "rich": 1, "table": 1}


def test_an_include_a_context_zone_does_not_agree_on_counts_nothing(tmp_path):
    two_zones(tmp_path)
    MAKE["record"] = _in_common(lambda r: replace_field(r, TTL, "61"))
    nothing_fixable(run(tmp_path, "a.zone", context=["b.zone"]))
    assert (tmp_path / "common.inc").read_bytes() == COMMON


def test_an_include_the_zones_ask_different_edits_of_counts_nothing(tmp_path):
    two_zones(tmp_path)
    MAKE["record"] = _in_common(lambda r: replace_field(r, TTL, "61" if r.origin == "example.com." else "62"))
    nothing_fixable(run(tmp_path, "a.zone", "b.zone"))


def test_a_file_fix_may_not_rewrite_counts_nothing(tmp_path):
    """A zone file with a second hard link: --fix refuses to rewrite it (confinement)."""
    zone = write(tmp_path, "example.com.zone", APEX + b"a 60 IN A 192.0.2.1\n")
    os.link(zone, tmp_path / "backup.txt")
    MAKE["record"] = lambda r: Fix.of("ttl", replace_field(r, TTL, "61")) if r.rdtype == "A" else None
    nothing_fixable(run(tmp_path, "example.com.zone"))


def test_a_generate_record_gets_no_fix_and_no_quick_fix(tmp_path):
    """ZL105 on a $GENERATE line: no fix attached (--fix could never apply it), so no hint, no
    [*], and the editor server offers no quick fix for it."""
    zone = ("$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 host 1 7200 3600 1209600 300\n@ IN NS ns1\n"
            "ns1 IN A 192.0.2.1\nxmpp IN A 192.0.2.2\n$GENERATE 1-2 w$ CNAME xmpp.example.com\n")
    write(tmp_path, "example.com.zone", zone.encode())
    report = run(tmp_path, "example.com.zone", select=("ZL105",))
    assert [(f.code, f.line, f.fix) for f in report.findings] == [("ZL105", 7, None), ("ZL105", 7, None)]
    assert report.fixable == frozenset() and report.fix_plan is None
    from zonelint.workspace import Workspace

    result = Workspace(str(tmp_path)).lint(str(tmp_path / "example.com.zone"), zone.encode())
    assert [(f.code, f.line, f.fix) for f in result.findings] == [("ZL105", 7, None), ("ZL105", 7, None)]
    # the same target on a record line of its own keeps its fix
    write(tmp_path, "example.com.zone", (zone + "w3 CNAME xmpp.example.com\n").encode())
    report = run(tmp_path, "example.com.zone", select=("ZL105",))
    assert [(f.line, f.fix is not None) for f in report.findings] == [(7, False), (7, False), (8, True)]
    assert [f.line for f in report.findings if id(f) in report.fixable] == [8]


def test_rich_first_line_is_location_code_message_with_the_code_in_the_severity_colour(tmp_path):
    write(tmp_path, "example.com.zone", APEX + b"a 60 IN A 192.0.2.1\n")
    MAKE["record"] = lambda r: Fix.of("ttl", replace_field(r, TTL, "61")) if r.rdtype == "A" else None
    report = run(tmp_path, "example.com.zone")
    path = report.findings[0].path
    buf = io.StringIO()
    rich_format.render(report, buf, color="never", width=200)
    assert buf.getvalue().splitlines()[0] == f"{path}:3:1: XF001 fix A at 3"
    buf = io.StringIO()
    rich_format.render(report, buf, fix_hint=True, color="never", width=200)
    assert buf.getvalue().splitlines()[0] == f"{path}:3:1: XF001 [*] fix A at 3"
    buf = io.StringIO()
    rich_format.render(report, buf, color="always", width=200)
    # the test rule's findings are warnings: the code in yellow, no [warning] word
    assert f"{path}:3:1:\x1b[0m \x1b[33mXF001\x1b[0m fix A at 3" in buf.getvalue()
    assert "[warning]" not in buf.getvalue()
    # --format text keeps [severity] (pre-commit users grep it)
    buf = io.StringIO()
    text.render(report, buf)
    assert buf.getvalue().splitlines()[0] == f"{path}:3:1: XF001 [warning] fix A at 3"
