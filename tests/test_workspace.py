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
