"""``zonelint server``, end to end: a real LSP client (pygls's ``LanguageClient``, built on
lsprotocol's types) starts ``python -m zonelint server`` and talks JSON-RPC to it over stdio.

Each scenario is bounded (every wait has a timeout) and shuts the server down; a server still
running at the end is killed."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

import zonelint

from conftest import ALIAS_TARGET_ZONE

REPO = Path(__file__).resolve().parents[1]
WAIT = 60  # seconds for any one answer (the machine may be busy)
HREF = "https://github.com/OWNER/zonelint/blob/v{version}/docs/rules/{code}.md"

BAD = ALIAS_TARGET_ZONE
SRV_LINE = 6  # 0-based: `_xmpp-client._tcp IN SRV 5 0 5222 alias`


def uri(path: Path) -> str:
    return path.resolve().as_uri()


class Session:
    """One server process and the client side of the conversation."""

    def __init__(self, root: Path, env: dict | None = None) -> None:
        self.root = root
        self.client = LanguageClient("zonelint-tests", "1")
        self.diagnostics: dict[str, asyncio.Queue] = {}
        self.logs: list[str] = []
        self.env = env

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: lsp.PublishDiagnosticsParams) -> None:
            self.queue(params.uri).put_nowait(params)

        @self.client.feature(lsp.WINDOW_LOG_MESSAGE)
        def log(params: lsp.LogMessageParams) -> None:
            self.logs.append(params.message)

    def queue(self, u: str) -> asyncio.Queue:
        return self.diagnostics.setdefault(u, asyncio.Queue())

    async def start(self, encodings: list[str] | None = None, workspace: bool = True) -> lsp.InitializeResult:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRE_COMMIT")}
        env.update(self.env or {})
        await self.client.start_io(sys.executable, "-m", "zonelint", "server", cwd=str(self.root), env=env)
        caps = lsp.ClientCapabilities(
            general=lsp.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        )
        params = lsp.InitializeParams(
            capabilities=caps,
            root_uri=uri(self.root) if workspace else None,
            initialization_options={"debounceMs": 50},
        )
        result = await asyncio.wait_for(self.client.initialize_async(params), WAIT)
        self.client.initialized(lsp.InitializedParams())
        return result

    def open(self, path: Path, text: str, version: int = 1) -> None:
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(uri=uri(path), language_id="dns", version=version, text=text)
            )
        )

    def change(self, path: Path, version: int, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
        rng = lsp.Range(start=lsp.Position(*start), end=lsp.Position(*end))
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri(path), version=version),
                content_changes=[lsp.TextDocumentContentChangePartial(range=rng, text=text)],
            )
        )

    async def next(self, path: Path) -> lsp.PublishDiagnosticsParams:
        return await asyncio.wait_for(self.queue(uri(path)).get(), WAIT)

    async def stop(self) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), WAIT)
            self.client.exit(None)
            await asyncio.wait_for(self.client.stop(), WAIT)
        finally:
            server = self.client._server  # the subprocess pygls started for us
            if server is not None and server.returncode is None:
                server.kill()
                await server.wait()
        assert server.returncode == 0


def run(root: Path, scenario, env: dict | None = None):
    async def main():
        session = Session(root, env)
        try:
            return await scenario(session)
        finally:
            try:
                await session.stop()
            except Exception:
                server = session.client._server
                if server is not None and server.returncode is None:
                    server.kill()
                    await server.wait()
                raise

    return asyncio.run(main())


def codes(params: lsp.PublishDiagnosticsParams) -> list[tuple[str, int]]:
    return sorted((d.code, d.range.start.line) for d in params.diagnostics)


@pytest.fixture
def ws(tmp_path) -> Path:
    (tmp_path / "zones").mkdir()
    (tmp_path / "zones" / "example.com.zone").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_open_bad_zone_fix_it_get_empty_list(ws):
    zone = ws / "zones" / "example.com.zone"

    async def scenario(s: Session):
        init = await s.start()
        assert init.capabilities.position_encoding == lsp.PositionEncodingKind.Utf16  # the default
        s.open(zone, BAD)
        first = await s.next(zone)
        assert first.version == 1
        [d] = [d for d in first.diagnostics if d.code == "ZL101"]
        line = BAD.splitlines()[SRV_LINE]
        assert (d.range.start.line, d.range.start.character) == (SRV_LINE, 0)
        assert (d.range.end.line, d.range.end.character) == (SRV_LINE, len(line))
        assert d.severity == lsp.DiagnosticSeverity.Error and d.source == "zonelint"
        assert d.code_description.href == HREF.format(version=zonelint.__version__, code="ZL101")
        assert d.message.startswith("SRV target alias.example.com. is an alias")
        # edit the buffer: point the SRV at the host itself (`alias` -> `ns1`)
        col = line.index("alias")
        s.change(zone, 2, (SRV_LINE, col), (SRV_LINE, col + len("alias")), "ns1")
        second = await s.next(zone)
        assert second.version == 2 and list(second.diagnostics) == []

    run(ws, scenario)
    assert (ws / "zones" / "example.com.zone").read_text() == BAD  # the server never writes


def test_debounce_publishes_once_for_a_burst_of_edits(ws):
    zone = ws / "zones" / "example.com.zone"
    line = BAD.splitlines()[SRV_LINE]
    col = line.index("alias")

    async def scenario(s: Session):
        await s.start()
        s.open(zone, BAD)
        await s.next(zone)
        # type `ns1` over `alias` one character at a time, faster than the debounce
        s.change(zone, 2, (SRV_LINE, col), (SRV_LINE, col + 5), "")
        for i, ch in enumerate("ns1"):
            s.change(zone, 3 + i, (SRV_LINE, col + i), (SRV_LINE, col + i), ch)
        last = await s.next(zone)
        assert last.version == 5 and list(last.diagnostics) == []
        await asyncio.sleep(0.5)
        assert s.queue(uri(zone)).empty()  # intermediate versions were never published

    run(ws, scenario)


def two_zones(ws: Path) -> tuple[Path, str, Path, str]:
    """example.com (its text pointing an SRV at chat.example.net.) and example.net on disk
    (chat has an address there): ``(com, com_text, net, net_text)``."""
    net = ws / "zones" / "example.net.zone"
    net_text = BAD.replace("example.com.", "example.net.") + "chat IN A 192.0.2.9\n"
    net.write_text(net_text)
    return ws / "zones" / "example.com.zone", BAD.replace("5222 alias", "5222 chat.example.net."), net, net_text


def test_save_publishes_and_refreshes_the_saved_zone_for_other_buffers(ws):
    com, text, net, net_text = two_zones(ws)

    async def scenario(s: Session):
        await s.start()
        s.open(com, text)
        assert codes(await s.next(com)) == []
        s.open(net, net_text)
        await s.next(net)
        # the editor removes chat's address and saves example.net (no file watcher in this client)
        s.change(net, 2, (8, 0), (9, 0), "")
        await s.next(net)
        net.write_text(net_text.replace("chat IN A 192.0.2.9\n", ""))
        s.client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri(net))))
        saved = await s.next(net)
        assert saved.version == 2
        # example.com, edited next, sees the saved example.net
        s.change(com, 2, (0, 0), (0, 0), "")
        assert codes(await s.next(com)) == [("ZL103", SRV_LINE)]

    run(ws, scenario)


def test_positions_in_the_negotiated_encoding(ws):
    # a TTL below 60 on a record holding a character outside the BMP (2 UTF-16 units, 4 bytes)
    text = BAD + 'note 30 IN TXT "\U0001f600 ok"\n'
    zone = ws / "zones" / "example.com.zone"
    zone.write_text(text, encoding="utf-8")
    line = text.splitlines()[8]
    expected = {None: len(line) + 1, "utf-8": len(line.encode("utf-8")), "utf-32": len(line)}
    for offer, want in expected.items():
        async def scenario(s: Session, offer=offer):
            init = await s.start(encodings=[offer] if offer else None)
            assert init.capabilities.position_encoding == (offer or "utf-16")
            s.open(zone, text)
            got = await s.next(zone)
            [d] = [d for d in got.diagnostics if d.code == "ZL602"]
            return d.range

        rng = run(ws, scenario)
        assert (rng.start.line, rng.start.character, rng.end.line) == (8, 0, 8)
        assert rng.end.character == want, offer


def test_other_zones_of_the_workspace_and_watched_file_changes(ws):
    # example.com's SRV points into example.net, which is another file of the workspace
    com, text, net, net_text = two_zones(ws)

    async def scenario(s: Session):
        await s.start()
        s.open(com, text)
        first = await s.next(com)
        assert codes(first) == [], first  # chat.example.net. has an address in the other zone
        net.write_text(net_text.replace("chat IN A 192.0.2.9\n", ""))
        s.client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams(changes=[lsp.FileEvent(uri=uri(net), type=lsp.FileChangeType.Changed)])
        )
        second = await s.next(com)
        assert codes(second) == [("ZL103", SRV_LINE)], second
        # the buffer of example.net (unsaved) is not what example.com sees: the disk is
        s.open(net, net_text)
        await s.next(net)
        s.change(com, 2, (0, 0), (0, 0), "")
        third = await s.next(com)
        assert codes(third) == [("ZL103", SRV_LINE)]

    run(ws, scenario)


def test_context_zones_from_the_config(tmp_path):
    (tmp_path / "zones").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / ".zonelint.toml").write_text('include = ["*.zone"]\nexclude = ["other/*"]\ncontext = ["other/*.db"]\n')
    (tmp_path / "other" / "example.net.db").write_text(BAD.replace("example.com.", "example.net.") + "chat IN A 192.0.2.9\n")
    com = tmp_path / "zones" / "example.com.zone"
    text = BAD.replace("5222 alias", "5222 chat.example.net.").replace("5269 ns1", "5269 gone.example.net.")

    async def scenario(s: Session):
        await s.start()
        s.open(com, text)
        got = await s.next(com)
        # chat exists in the context zone; gone does not: the context zone was loaded
        assert codes(got) == [("ZL103", SRV_LINE + 1)], got

    run(tmp_path, scenario)


def test_code_action_suppresses_with_noqa(ws):
    zone = ws / "zones" / "example.com.zone"

    async def scenario(s: Session):
        await s.start()
        s.open(zone, BAD)
        first = await s.next(zone)
        diags = [d for d in first.diagnostics if d.code == "ZL101"]
        actions = await asyncio.wait_for(
            s.client.text_document_code_action_async(
                lsp.CodeActionParams(
                    text_document=lsp.TextDocumentIdentifier(uri=uri(zone)),
                    range=diags[0].range,
                    context=lsp.CodeActionContext(diagnostics=diags),
                )
            ),
            WAIT,
        )
        [action] = actions
        assert action.kind == lsp.CodeActionKind.QuickFix and "ZL101" in action.title
        [edit] = action.edit.changes[uri(zone)]
        line = BAD.splitlines()[SRV_LINE]
        assert (edit.range.start.line, edit.range.start.character) == (SRV_LINE, len(line))
        assert edit.range.start == edit.range.end and edit.new_text == " ; noqa: ZL101"
        s.change(zone, 2, (SRV_LINE, len(line)), (SRV_LINE, len(line)), edit.new_text)
        second = await s.next(zone)
        assert codes(second) == []

    run(ws, scenario)


SERIAL_ZONE = """$ORIGIN example.org.
$TTL 3600
@ IN SOA ns1 hostmaster (
        2024010101 ; serial
        7200 3600 1209600 3600 )
@ IN NS ns1
ns1 IN A 192.0.2.1
"""


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def committed_serial_zone(root: Path, select: list[str]) -> Path:
    """SERIAL_ZONE committed in a new git repository at ``root``, linted against HEAD with only
    the ``select``ed codes."""
    zone = root / "example.org.zone"
    zone.write_text(SERIAL_ZONE, encoding="utf-8")
    codes_ = ", ".join(f'"{c}"' for c in select)
    (root / ".zonelint.toml").write_text(f'serial-base = "HEAD"\nselect = [{codes_}]\n', encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "zone")
    return zone


async def code_actions(s: Session, zone: Path, rng, diags, only) -> list:
    """The code actions the server offers for ``rng`` of ``zone`` with ``diags`` in context."""
    return await asyncio.wait_for(
        s.client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri(zone)),
                range=rng,
                context=lsp.CodeActionContext(diagnostics=list(diags), only=only),
            )
        ),
        WAIT,
    ) or []


def test_code_actions_offer_the_safe_fix_and_fix_all(tmp_path):
    """A zone changed without raising its serial (ZL607, against HEAD): the quick fix and the
    fix-all action carry exactly the edit ``zonelint --fix`` makes, computed on the buffer."""
    zone = committed_serial_zone(tmp_path, ["ZL607"])
    edited = SERIAL_ZONE + "www IN A 192.0.2.2\n"

    async def scenario(s: Session):
        await s.start()
        s.open(zone, edited)
        first = await s.next(zone)
        [diag] = first.diagnostics
        assert diag.code == "ZL607" and diag.range.start.line == 2

        async def actions(only=None, diags=(diag,)):
            return await code_actions(s, zone, diag.range, diags, only)

        got = await actions()
        [quick] = [a for a in got if a.is_preferred]
        assert quick.kind == lsp.CodeActionKind.QuickFix and "serial" in quick.title
        [edit] = quick.edit.changes[uri(zone)]
        assert (edit.range.start.line, edit.range.start.character) == (3, 8)
        assert (edit.range.end.line, edit.range.end.character) == (3, 18)
        assert int(edit.new_text) > 2024010101
        # "fix all" (asked for by kind, without diagnostics) is the same single edit
        [fix_all] = await actions(only=["source.fixAll"], diags=())
        assert fix_all.kind == "source.fixAll.zonelint" and list(fix_all.edit.changes[uri(zone)]) == [edit]
        # only fixes are offered for source.fixAll, never a noqa
        assert all(a.kind == "source.fixAll.zonelint" for a in await actions(only=["source"]))
        # the CLI makes the same bytes
        zone.write_text(edited, encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "zonelint", "--fix", "--no-config", "--serial-base", "HEAD",
                               "--select", "ZL607", str(zone)], cwd=tmp_path, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        lines = edited.splitlines(keepends=True)
        lines[3] = lines[3][:8] + edit.new_text + lines[3][18:]
        assert zone.read_text(encoding="utf-8") == "".join(lines)
        # applying it in the buffer leaves nothing; the stale diagnostic gets no fix any more
        s.change(zone, 2, (3, 8), (3, 18), edit.new_text)
        second = await s.next(zone)
        assert codes(second) == []
        assert not [a for a in await actions() if a.is_preferred]

    run(tmp_path, scenario)


def test_a_buffer_with_a_parse_error_gets_no_fix(tmp_path):
    """As ``--fix`` leaves a zone with a parse error alone, an editor offers neither the quick fix
    nor "fix all" for such a buffer; fixing the parse error brings them back."""
    zone = committed_serial_zone(tmp_path, ["ZL607", "ZL001"])
    broken = SERIAL_ZONE + "www IN A 192.0.2.2\nbad IN A 192.0.2.999\n"

    async def scenario(s: Session):
        await s.start()
        s.open(zone, broken)
        first = await s.next(zone)
        assert {"ZL607", "ZL001"} <= {c for c, _ in codes(first)}
        [diag] = [d for d in first.diagnostics if d.code == "ZL607"]

        async def actions(only=None, diags=(diag,)):
            return await code_actions(s, zone, diag.range, diags, only)

        assert not [a for a in await actions() if a.is_preferred]
        assert await actions(only=["source.fixAll"], diags=()) == []
        # the bad line repaired (line 9, "192.0.2.999" -> "192.0.2.9"): the fix is offered again
        s.change(zone, 2, (8, 9), (8, 20), "192.0.2.9")
        second = await s.next(zone)
        [diag] = [d for d in second.diagnostics if d.code == "ZL607"]
        assert "ZL001" not in {c for c, _ in codes(second)}
        assert [a for a in await actions(diags=(diag,)) if a.is_preferred]
        assert await actions(only=["source.fixAll"], diags=())

    run(tmp_path, scenario)


CRASH_PLUGIN = '''
from zonelint import Rule, WARNING, hookimpl
ZONELINT_API_VERSION = 1

class Crash(Rule):
    """## What it checks
    Nothing: it raises when the zone has a record named `boom`."""
    code, name, severity, summary = "XC001", "crash-on-boom", WARNING, "Raises on a record named boom"

    def check(self, ctx):
        for rec in ctx.zone.records:
            if rec.owner.startswith("boom."):
                raise RuntimeError("kaboom")
        return ()

@hookimpl
def zonelint_rules():
    return [Crash]
'''


def test_a_crashing_rule_is_one_diagnostic_and_the_server_lives_on(ws, tmp_path_factory):
    site = tmp_path_factory.mktemp("crash-plugin")
    (site / "zonelint_crash.py").write_text(CRASH_PLUGIN)
    info = site / "zonelint_crash-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: zonelint-crash\nVersion: 1.0\n\n")
    (info / "entry_points.txt").write_text("[zonelint]\ncrash = zonelint_crash\n")
    zone = ws / "zones" / "example.com.zone"
    fine = BAD.replace("5222 alias", "5222 ns1")

    async def scenario(s: Session):
        await s.start()
        s.open(zone, fine + "boom IN A 192.0.2.7\n")
        first = await s.next(zone)
        assert codes(first) == [("ZL000", 0)], first
        assert "XC001" in first.diagnostics[0].message and "kaboom" in first.diagnostics[0].message
        s.change(zone, 2, (8, 0), (9, 0), "")  # delete the boom record: the server still answers
        second = await s.next(zone)
        assert codes(second) == []

    run(ws, scenario, env={"PYTHONPATH": str(site)})


def test_without_a_workspace_folder_the_buffer_is_linted_alone(ws):
    zone = ws / "zones" / "example.com.zone"

    async def scenario(s: Session):
        await s.start(workspace=False)
        s.open(zone, BAD)
        got = await s.next(zone)
        assert ("ZL101", SRV_LINE) in codes(got)

    run(ws, scenario)


def test_missing_extra_is_one_clear_line():
    code = (
        "import sys; sys.modules['pygls'] = None; sys.modules['lsprotocol'] = None\n"
        "from zonelint.cli import main; raise SystemExit(main(['server']))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=WAIT)
    assert proc.returncode == 2
    assert proc.stderr == "zonelint: error: `zonelint server` needs the lsp extra: pip install 'zonelint[lsp]'\n"


def test_the_cli_never_imports_the_lsp_libraries(ws):
    code = (
        "import sys, json; from zonelint.cli import main\n"
        "rc = main(['--no-config', '--format', 'json', 'zones'])\n"
        "print(json.dumps([m for m in ('pygls', 'lsprotocol', 'zonelint.lsp', 'zonelint.workspace') if m in sys.modules]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ws, capture_output=True, text=True, timeout=WAIT)
    assert json.loads(proc.stdout.splitlines()[-1]) == [], proc.stderr
