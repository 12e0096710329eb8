"""The language server's workspace (``zonelint.workspace``): the other zones are found as the CLI
finds them, loaded once, and indexed for a buffer only when its rules look at their names; an edit
loads only the edited buffer; refresh reloads what changed."""

from __future__ import annotations

from pathlib import Path

import pytest

import zonelint.workspace as workspace_mod
from zonelint.workspace import Workspace

from conftest import ALIAS_TARGET_ZONE

BAD = ALIAS_TARGET_ZONE


def big_zone(origin: str, n: int) -> str:
    head = f"$ORIGIN {origin}\n$TTL 3600\n@ IN SOA ns1 host 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n"
    return head + "".join(f"h{i} IN A 192.0.2.{i % 250 + 1}\n" for i in range(n))


class Watched:
    """A loaded zone whose records say when they are read (indexed into a graph)."""

    def __init__(self, lz) -> None:
        self._lz = lz
        self.reads = 0

    def __getattr__(self, attr):
        if attr == "records":
            self.reads += 1
        return getattr(self._lz, attr)


@pytest.fixture
def ws(tmp_path) -> Path:
    (tmp_path / "zones").mkdir()
    (tmp_path / "zones" / "example.com.zone").write_text(BAD)
    (tmp_path / "zones" / "big.example.zone").write_text(big_zone("big.example.", 20000))
    (tmp_path / "zones" / "example.net.zone").write_text(BAD.replace("example.com.", "example.net.") + "chat IN A 192.0.2.9\n")
    return tmp_path


def test_an_edit_loads_only_the_buffer_and_leaves_unrelated_zones_unindexed(ws, monkeypatch):
    w = Workspace(str(ws))
    assert len(w.zones) == 3
    big = str((ws / "zones" / "big.example.zone").resolve())
    watched = w.zones[big] = Watched(w.zones[big])
    loads = []
    real_load_one = workspace_mod.load_one
    monkeypatch.setattr(workspace_mod, "load_one", lambda path, *a, **k: loads.append(path) or real_load_one(path, *a, **k))
    path = str(ws / "zones" / "example.com.zone")
    text = BAD.replace("5222 alias", "5222 chat.example.net.")
    for _ in range(3):  # three edits
        result = w.lint(path, text.encode())
        assert [(f.code, f.line) for f in result.findings] == []  # chat.example.net. was looked up
    assert loads == [path] * 3
    assert watched.reads == 0  # the big zone elsewhere was never indexed
    # a buffer whose target lies in the big zone does index it (the check above can fail)
    result = w.lint(path, text.replace("chat.example.net.", "h7.big.example.").encode())
    assert watched.reads > 0 and result.findings == []
    result = w.lint(path, text.replace("chat.example.net.", "nope.big.example.").encode())
    assert [(f.code, f.line) for f in result.findings] == [("ZL103", 7)]


def test_the_buffer_replaces_its_file(ws):
    w = Workspace(str(ws))
    path = str(ws / "zones" / "example.com.zone")
    assert {f.code for f in w.lint(path, BAD.encode()).findings} >= {"ZL101"}
    fixed = BAD.replace("5222 alias", "5222 ns1")
    assert w.lint(path, fixed.encode()).findings == []


def test_refresh_reloads_changed_new_and_deleted_files(ws):
    w = Workspace(str(ws))
    path = str(ws / "zones" / "example.com.zone")
    text = BAD.replace("5222 alias", "5222 chat.example.net.").encode()
    assert w.lint(path, text).findings == []
    net = ws / "zones" / "example.net.zone"
    net.write_text(BAD.replace("example.com.", "example.net."))
    assert w.lint(path, text).findings == []  # not refreshed yet: the zone loaded before
    w.refresh([str(net)])
    assert [f.code for f in w.lint(path, text).findings] == ["ZL103"]
    net.unlink()
    w.refresh([str(net)])
    assert str(net.resolve()) not in w.zones
    org = ws / "zones" / "example.org.zone"
    org.write_text(BAD.replace("example.com.", "example.org."))
    w.refresh([str(org)])
    assert str(org.resolve()) in w.zones


def test_a_config_change_reloads_everything_and_a_bad_config_is_a_message(ws):
    w = Workspace(str(ws))
    path = str(ws / "zones" / "example.com.zone")
    cfg = ws / ".zonelint.toml"
    cfg.write_text('ignore = ["ZL101"]\n')
    w.refresh([str(cfg)])
    assert "ZL101" not in {f.code for f in w.lint(path, BAD.encode()).findings}
    cfg.write_text("selekt = 1\n")
    w.refresh([str(cfg)])
    result = w.lint(path, BAD.encode())
    assert result.findings == [] and len(result.messages) == 1 and "unknown key 'selekt'" in result.messages[0]


def test_an_excluded_file_is_not_linted_as_the_cli_would_not(ws):
    (ws / ".zonelint.toml").write_text('exclude = ["zones/archive/*"]\n')
    (ws / "zones" / "archive").mkdir()
    old = ws / "zones" / "archive" / "example.com.zone"
    old.write_text(BAD)
    w = Workspace(str(ws))
    assert w.lint(str(old), BAD.encode()).findings == []
    assert {f.code for f in w.lint(str(ws / "zones" / "example.com.zone"), BAD.encode()).findings} >= {"ZL101"}


PARENT = """$ORIGIN example.org.
$TTL 3600
@ IN SOA ns1 host 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 192.0.2.1
ns1 IN AAAA 2001:db8::1
www IN A 192.0.2.2
www IN A 192.0.2.3
mail IN MX 10 mx.sub
sub IN NS ns.sub
sub IN NS ns2.sub
ns.sub IN A 192.0.2.53
ns2.sub IN A 192.0.2.54
_xmpp-server._tcp IN SRV 0 5 5269 chat.sub
alias IN CNAME www.sub
"""

CHILD = """$ORIGIN sub.example.org.
$TTL 3600
@ IN SOA ns host 1 7200 3600 1209600 300
@ IN NS ns
ns IN A 192.0.2.53
ns IN A 192.0.2.54
chat IN CNAME www.example.org.
mx IN A 192.0.2.25
_xmpp-client._tcp IN SRV 0 5 5222 ns1.example.org.
_xmpp-client._tcp IN SRV 0 5 5222 gone.example.org.
www IN A 192.0.2.80
"""


THIRD = """$ORIGIN example.net.
$TTL 3600
@ IN SOA ns1 host 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 192.0.2.1
_xmpp-client._tcp IN SRV 0 5 5222 chat.sub.example.org.
_xmpp-server._tcp IN SRV 0 5 5269 sub.example.org.
"""


def finding_rows(findings):
    return sorted((f.code, f.line, f.column, f.message) for f in findings)


def test_the_other_zones_index_is_built_once_and_kept_unchanged(tmp_path, monkeypatch):
    """A zone the buffer points into is indexed on the first lint only; later lints merge the
    kept index (records shared by both zones, glue included) and give the CLI's findings."""
    import json
    import subprocess
    import sys

    import zonelint.ownerindex as index_mod

    (tmp_path / "example.org.zone").write_text(PARENT)
    (tmp_path / "sub.example.org.zone").write_text(CHILD)
    (tmp_path / "example.net.zone").write_text(THIRD)
    builds = []
    real_build = index_mod.ZoneIndex.build.__func__
    monkeypatch.setattr(index_mod.ZoneIndex, "build", classmethod(lambda cls, z: builds.append(z.origin) or real_build(cls, z)))
    w = Workspace(str(tmp_path))
    cli = subprocess.run([sys.executable, "-m", "zonelint", "--format", "json", "."], cwd=tmp_path,
                         capture_output=True, text=True)
    assert cli.returncode == 1, cli.stderr
    found = json.loads(cli.stdout)["findings"]
    def snapshot():
        return {real: dict(kept.value.nodes)  # entries are records or tuples: never changed in place
                for real, kept in w.kept.items() if kept.value is not None}

    for name in ("example.net.zone", "sub.example.org.zone", "example.org.zone"):
        path = str(tmp_path / name)
        expected = sorted((f["code"], f["line"], f["column"], f["message"]) for f in found if f["path"] == name)
        assert expected, name  # both zones have findings that need the other zone
        rounds = [finding_rows(w.lint(path, (tmp_path / name).read_bytes()).findings) for _ in range(3)]
        assert rounds == [expected] * 3, name
        if name == "example.net.zone":
            # the buffer pointed into both: both were merged into one graph (two kept indexes
            # sharing the owner sub.example.org., several records in each)
            before = snapshot()
            assert len(before) == 2 and all(type(n["sub.example.org."]) is tuple for n in before.values())
    # each zone indexed once (the first lint needing it), not once per lint
    assert sorted(builds) == ["example.org.", "sub.example.org."]
    assert snapshot() == {**before, **{k: v for k, v in snapshot().items() if k not in before}}


def test_zone_memo_data_is_kept_with_the_index():
    """What rules derive from a zone alone (``zone.memo``) is computed once for every graph the
    kept zone is lazily added to, not once per lint."""
    from zonelint.lazygraph import LazyRecordGraph
    from zonelint.ownerindex import KeptIndex

    kept, calls = KeptIndex(), []
    values = []
    for _ in range(3):
        g = LazyRecordGraph()
        z = g.add_lazy("example.org.", lambda: None, kept=kept)
        values.append(z.memo("probe", lambda: calls.append(1) or object()))
    assert len(calls) == 1 and values[0] is values[1] is values[2]
    other = LazyRecordGraph().add_lazy("example.org.", lambda: None, kept=KeptIndex())
    assert other.memo("probe", object) is not values[0]  # a reloaded zone starts afresh


def test_a_kept_index_is_never_changed_by_a_graph(tmp_path):
    """Zones merged from kept indexes, then a plain zone, all owning one name: the graph answers
    with every record, in zone order, and the kept indexes stay as built."""
    from zonelint.graph import Zone
    from zonelint.lazygraph import LazyRecordGraph
    from zonelint.ownerindex import KeptIndex, ZoneIndex
    from zonelint.model import Record, SourceFile

    def zone(origin, n):
        f = SourceFile(str(tmp_path / origin), origin)
        recs = [Record(f, i + 1, 1, i + 1, "www.example.org.", 300, True, "IN", "A", f"192.0.2.{i}", origin)
                for i in range(n)]
        return Zone(origin=origin, file=f, records=recs, files=[f])

    a, b, c = zone("example.org.", 2), zone("www.example.org.", 3), zone("org.", 1)
    kept = {}
    for z in (a, b):
        kept[z.origin] = KeptIndex()
        kept[z.origin].value = ZoneIndex.build(z)
    before = {o: list(k.value.nodes["www.example.org."]) for o, k in kept.items()}
    g = LazyRecordGraph()
    for z in (a, b):
        g.add_lazy(z.origin, lambda z=z: z, kept=kept[z.origin])
    assert len(g.rrs("www.example.org.")) == 5
    g.add_zone(c)
    got = g.rrs("www.example.org.")
    assert [r.file.display for r in got] == ["example.org."] * 2 + ["www.example.org."] * 3 + ["org."]
    assert {o: list(k.value.nodes["www.example.org."]) for o, k in kept.items()} == before
    g2 = LazyRecordGraph()  # one kept zone merged, then a plain zone extending its list
    g2.add_lazy(a.origin, lambda: a, kept=kept[a.origin])
    assert len(g2.rrs("www.example.org.")) == 2
    g2.add_zone(c)
    assert [r.file.display for r in g2.rrs("www.example.org.")] == ["example.org."] * 2 + ["org."]
    assert {o: list(k.value.nodes["www.example.org."]) for o, k in kept.items()} == before


def test_a_reloaded_zone_gets_a_new_index(ws):
    w = Workspace(str(ws))
    big = str((ws / "zones" / "big.example.zone").resolve())
    path = str(ws / "zones" / "example.com.zone")
    text = BAD.replace("5222 alias", "5222 h7.big.example.")
    assert w.lint(path, text.encode()).findings == []
    first = w.kept[big].value
    assert first is not None and "h7.big.example." in first.nodes
    (ws / "zones" / "big.example.zone").write_text(big_zone("big.example.", 5))
    w.refresh([big])
    assert w.kept[big].value is None
    assert [f.code for f in w.lint(path, text.encode()).findings] == ["ZL103"]
    assert "h7.big.example." not in w.kept[big].value.nodes
