"""A lint run frees its records by reference counting alone: it leaves no cycle for the garbage
collector. The CLI keeps the collector off during a run and freezes what survives it
(``cli.cmd_lint``): a load or a graph kept alive by a cycle would stay in memory until the
process ends (a 1M-record run held ~80 MiB that way)."""

from __future__ import annotations

import gc
import json
import os
import sys
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


class _Exited(Exception):
    pass


def _records_alive() -> int:
    gc.unfreeze()  # the command freezes what survives its run: listed again
    return sum(1 for o in gc.get_objects() if type(o) is Record)


def _console_run(tmp_path: Path, monkeypatch, argv: list[str]) -> tuple[int, int]:
    """Run the ``zonelint`` command in process (``os._exit`` caught); the exit code and the
    records still alive before the process would have ended."""
    from zonelint import cli

    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE.replace("$INCLUDE extra.inc\n", ""))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_kept", None)
    monkeypatch.setattr(sys, "argv", ["zonelint", "--no-config", "--format", "json", *argv, str(zone)])
    exits: list[int] = []

    def fake_exit(code):
        exits.append(code)
        raise _Exited

    monkeypatch.setattr(os, "_exit", fake_exit)
    gc.collect()
    before = _records_alive()
    try:
        cli.console_main()
    except _Exited:
        pass
    return exits[0], _records_alive() - before


def test_the_command_keeps_its_run_to_the_end(tmp_path, monkeypatch, capsys):
    # the process ends by os._exit: every record of the zone (7, most without a finding) is
    # still held then, not freed object by object when the run's frames return
    code, alive = _console_run(tmp_path, monkeypatch, [])
    assert code == 1
    assert json.loads(capsys.readouterr().out)["findings"]
    assert alive == 7


def test_the_command_frees_each_fix_pass(tmp_path, monkeypatch, capsys):
    # --fix lints again after each pass: no pass is kept
    code, alive = _console_run(tmp_path, monkeypatch, ["--fix"])
    assert alive == 0
