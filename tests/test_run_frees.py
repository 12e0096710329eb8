"""A lint run frees its records by reference counting alone: it leaves no cycle for the garbage
collector. The CLI keeps the collector off during a run and freezes what survives it
(``cli.cmd_lint``): a load or a graph kept alive by a cycle would stay in memory until the
process ends (a 1M-record run held ~80 MiB that way)."""

from __future__ import annotations

import gc
from pathlib import Path

from zonelint.config import Config
from zonelint.graph import RecordGraph, Zone
from zonelint.load.scanner import Scanner
from zonelint.load.state import LoadSession
from zonelint.model import Record
from zonelint.plugins import load_registry
from zonelint.runner import RunOptions, lint
from zonelint.selection import SelectionLevel

SOA = "@ IN SOA ns1 hostmaster ( 2024010101 7200 3600 1209600 3600 )\n@ IN NS ns1\nns1 IN A 192.0.2.53\n"
ZONE = (
    "$ORIGIN example.com.\n$TTL 3600\n" + SOA
    + "_xmpp-client._tcp IN SRV 5 0 5222 host.example.com.\n"
    + "host IN CNAME srv1\nsrv1 IN A 192.0.2.10\n"
    + '@ IN CAA 0 issue "ca.example"\n'  # a type the scanner hands to the reference reader
    + "$INCLUDE extra.inc\n"
)
FILES = {
    "internal/example.com.zone": ZONE,
    "internal/extra.inc": "mail IN A 192.0.2.25\n",
    "external/example.com.zone": ZONE.replace("192.0.2.10", "198.51.100.10"),
    "external/extra.inc": "mail IN A 198.51.100.25\n",
    # a lone CR: the reader loads this file
    "other.org.zone": "$ORIGIN other.org.\n$TTL 3600\n" + SOA + "a IN A 192.0.2.1\rb IN A 192.0.2.2\n",
}
RUN_TYPES = (Record, Zone, RecordGraph, LoadSession, Scanner)


def leftovers(tmp_path: Path, views: dict) -> dict[str, int]:
    for rel, text in FILES.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode())
    cfg = Config(root=str(tmp_path), views=views)
    opts = RunOptions(paths=[str(tmp_path)], select=SelectionLevel(None, [], []), cwd=str(tmp_path))
    registry = load_registry()
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        report = lint(opts, cfg, registry)
        assert report.findings  # the run did lint something
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        counts: dict[str, int] = {}
        for obj in gc.garbage:
            if isinstance(obj, RUN_TYPES):
                counts[type(obj).__name__] = counts.get(type(obj).__name__, 0) + 1
        return counts
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()


def test_a_run_leaves_no_cycle_holding_records(tmp_path):
    assert leftovers(tmp_path, {}) == {}


def test_a_run_with_views_leaves_no_cycle_holding_records(tmp_path):
    # views make one scoped graph per perspective, each referring to the whole run's graph
    assert leftovers(tmp_path, {"internal": ["internal/*"], "external": ["external/*"]}) == {}
