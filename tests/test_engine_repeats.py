"""A fault reached twice (a file ``$INCLUDE``d twice holds its records twice) is reported once and,
suppressed, counted once: the engine drops repeats when it sorts the findings
(:meth:`zonelint.engine.EngineResult.finish`), and keeps a key only for the suppressed ones."""

from __future__ import annotations

from zonelint.config import Config
from zonelint.engine import distinct_sorted
from zonelint.model import Finding
from zonelint.plugins import load_registry
from zonelint.runner import RunOptions, lint
from zonelint.selection import SelectionLevel

COMMON = """www.example.com. 10 IN A 192.0.2.1
low.example.com. 5 IN A 192.0.2.2 ; noqa: ZL602
"""

ZONE = """$ORIGIN example.com.
$TTL 3600
@ IN SOA ns1 hostmaster 1 3600 600 86400 300
@ IN NS ns1
ns1 IN A 192.0.2.53
www2 20 IN A 192.0.2.3
$INCLUDE common.inc
$INCLUDE common.inc
"""


def test_a_file_included_twice_reports_and_counts_each_fault_once(tmp_path, monkeypatch):
    (tmp_path / "common.inc").write_text(COMMON)
    (tmp_path / "example.com.zone").write_text(ZONE)
    monkeypatch.chdir(tmp_path)
    opts = RunOptions(paths=["."], select=SelectionLevel(["ZL602"]), cwd=str(tmp_path))
    report = lint(opts, Config(root=str(tmp_path)), load_registry(installed=False))
    assert [(f.path, f.line, f.owner) for f in report.findings] == [
        ("common.inc", 1, "www.example.com."), ("example.com.zone", 6, "www2.example.com."),
    ]
    assert report.summary()["suppressed"] == 1


def _f(line, owner, message="m", code="ZL999"):
    return Finding(code, "r", "warning", message, "a.zone", line, 1, owner)


def test_distinct_sorted_keeps_the_first_of_each_and_every_internal_error():
    a, a2 = _f(3, "x."), _f(3, "x.")
    b = _f(3, "y.")  # same place and message, another owner: another finding
    c, c2 = _f(3, "x.", code="ZL000"), _f(3, "x.", code="ZL000")
    found = sorted([a, b, a2, _f(2, "x."), c, c2], key=Finding.sort_key)
    got = distinct_sorted(found)
    assert [id(f) for f in got] == [id(found[0]), id(c), id(c2), id(a), id(b)]
    first_of_each: dict = {}  # the reference: the first finding of each identity
    for f in found:
        first_of_each.setdefault(f.identity(), f)
    assert [id(f) for f in first_of_each.values() if f.code != "ZL000"] == [id(f) for f in got if f.code != "ZL000"]
