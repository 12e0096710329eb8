"""Memoised data is dropped after the last rule that reads it (``Rule.memos``, the engine's
``last_readers``, ``RecordGraph.forget``), so a large run does not keep every rule's tables to its
end. A built-in rule names every table it reads: one that did not would compute a dropped table
again (same answers, more time), which is what these tests guard against."""

from __future__ import annotations

from pathlib import Path

from zonelint import engine
from zonelint.config import load_config
from zonelint.graph import RecordGraph, Zone
from zonelint.plugins import load_registry
from zonelint.runner import RunOptions, lint
from zonelint.selection import SelectionLevel

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def memo_name(key) -> str:
    return key[0] if type(key) is tuple and key else key


def test_every_builtin_rule_names_the_memoised_data_it_reads(monkeypatch):
    """Lint the fixtures folder (every rule's good and bad cases), noting which rule asks for
    which memoised table (also the tables built inside another one): each must be in the
    rule's ``memos``."""
    current: list = [None]
    read: dict[str, set] = {}
    check = engine._check

    def noting_check(graph, rule, zone, *rest):
        current[0] = rule
        try:
            return check(graph, rule, zone, *rest)
        finally:
            current[0] = None

    def noting(memo):
        def wrapper(self, key, factory):
            if current[0] is not None:
                read.setdefault(current[0].code, set()).add(memo_name(key))
            return memo(self, key, factory)

        return wrapper

    monkeypatch.setattr(engine, "_check", noting_check)
    monkeypatch.setattr(Zone, "memo", noting(Zone.memo))
    monkeypatch.setattr(RecordGraph, "memo", noting(RecordGraph.memo))
    registry = load_registry()
    config = load_config(cwd=str(FIXTURES))
    opts = RunOptions(paths=[str(FIXTURES)], select=SelectionLevel(None, [], []), cwd=str(FIXTURES), jobs=1)
    lint(opts, config, registry)
    assert read, "no rule read memoised data: the check saw nothing"
    declared = {cls.code: set(getattr(cls, "memos", ())) for cls in registry.rules.values()}
    missing = {code: sorted(names - declared.get(code, set())) for code, names in read.items()
               if names - declared.get(code, set())}
    assert not missing, f"rules read memoised data they do not name in `memos`: {missing}"


class _Reader:
    def __init__(self, code: str, memos: tuple) -> None:
        self.code = code
        self.memos = memos


def test_last_readers_names_each_table_at_its_last_reader():
    rules = [_Reader("A", ("x", "y")), _Reader("B", ()), _Reader("C", ("y",)), _Reader("D", ("z",))]
    assert engine.last_readers(rules) == {0: ["x"], 2: ["y"], 3: ["z"]}


def test_forget_drops_named_tables_of_the_graph_and_its_zones(tmp_path):
    """``forget`` drops keys by name (a tuple key by its first item), from the graph and every
    zone, and leaves the other tables; a later ``memo`` call computes the table again."""
    from zonelint.model import SourceFile

    sf = SourceFile(path=str(tmp_path / "z"), display="z", reported=True)
    zone = Zone(origin="example.com.", file=sf, records=[])
    graph = RecordGraph([zone])
    graph.memo(("drop.me", 1), lambda: [1])
    graph.memo("keep.me", lambda: [2])
    zone.memo("drop.me", lambda: [3])
    kept_memo = zone._memo
    graph.forget(["drop.me"])
    calls = []
    assert graph.memo(("drop.me", 1), lambda: calls.append(1) or [4]) == [4] and calls == [1]
    assert graph.memo("keep.me", lambda: calls.append(2) or [5]) == [2] and calls == [1]
    assert zone.memo("drop.me", lambda: [6]) == [6]
    assert kept_memo == {"drop.me": [3]}  # replaced, not emptied: a kept zone memo keeps its data


def test_a_run_drops_a_table_after_its_last_reader(tmp_path, monkeypatch):
    """In a run, the SRV index is gone from the zone once its last reader (ZL801) has run, and
    present while the rules before it run."""
    (tmp_path / "example.com.zone").write_text(
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\n"
        "ns1 IN A 192.0.2.53\n_xmpp-client._tcp IN SRV 5 0 5222 ns1\n"
    )
    seen: dict[str, bool] = {}
    check = engine._check

    def noting_check(graph, rule, zone, *rest):
        got = check(graph, rule, zone, *rest)
        seen[rule.code] = any(memo_name(k) == "rules.helpers.srv_index" for k in zone._memo)
        return got

    monkeypatch.setattr(engine, "_check", noting_check)
    config = load_config(cwd=str(tmp_path))
    opts = RunOptions(paths=[str(tmp_path)], select=SelectionLevel(None, [], []), cwd=str(tmp_path), jobs=1)
    lint(opts, config, load_registry())
    assert seen["ZL201"] and seen["ZL503"] and seen["ZL801"]  # built by ZL201, kept for the readers after it
    assert seen["ZL901"] is False  # dropped once ZL801, its last reader, ran
