"""``zonelint server``: a language server (LSP over stdio) for every editor with an LSP client.

Needs the optional extra ``zonelint[lsp]`` (pygls 2 and lsprotocol); this module is imported only
by ``zonelint server``, so no other command pays for it.

- Diagnostics on open, on change (debounced: ``initializationOptions.debounceMs``, default 300)
  and on save: the record's range (first line and column to the end of its last line), severity,
  code, ``codeDescription.href`` (the rule's page: :mod:`zonelint.docurls`) and the message.
  Positions are in the encoding negotiated at ``initialize`` (UTF-16 unless the client offers
  UTF-8 or UTF-32); zonelint's columns are code points and pygls converts them.
- Cross-zone rules see the other zones of the workspace folder, found and configured as the CLI
  does from that folder, loaded once (:class:`zonelint.workspace.Workspace`); the buffer replaces
  its file. ``workspace/didChangeWatchedFiles`` reloads what changed (the server asks the client
  to watch every file when the client allows dynamic registration).
- Code actions: the rule's safe fix (the edits ``--fix`` would make, computed on the buffer's
  text: :func:`zonelint.fix.resolve.byte_edits`) for a diagnostic whose finding has one, "fix
  all" (``source.fixAll.zonelint``: every safe fix of the buffer that does not overlap an earlier
  one, as one edit), and "suppress with noqa" for each diagnostic (adds ``; noqa: CODE``). Fixes
  are offered only for the document version they were computed on, and only when every edit lies
  in the buffer itself (a fix in an ``$INCLUDE``d file is left to ``zonelint --fix``).
- A crash while linting becomes one diagnostic (ZL000) on the document; the server lives on.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.workspace.position_codec import ServerTextPosition

from . import __version__
from .docurls import DocLinks
from .fix.locate import FileBytes, Unfixable
from .fix.resolve import byte_edits
from .suppress import noqa_edit
from .workspace import Workspace

SOURCE = "zonelint"
DEFAULT_DEBOUNCE_MS = 300
SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}


def uri_to_path(uri: str) -> str | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return os.path.abspath(unquote(parsed.path))


class ZonelintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("zonelint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.debounce = DEFAULT_DEBOUNCE_MS / 1000
        self.roots: list[str] = []
        self.workspaces: dict[str | None, Workspace] = {}
        self.lock = asyncio.Lock()
        self.pending: dict[str, asyncio.Task] = {}
        self.links: dict[str | None, DocLinks] = {}
        #: uri -> (document version, buffer bytes, path, fixes by diagnostic index)
        self.fixes: dict[str, tuple] = {}

    # -- workspaces ------------------------------------------------------------------------------
    def root_of(self, path: str) -> str | None:
        real = os.path.realpath(path)
        best = None
        for root in self.roots:
            if (real == root or real.startswith(root + os.sep)) and (best is None or len(root) > len(best)):
                best = root
        return best

    async def workspace_for(self, path: str) -> Workspace:
        root = self.root_of(path)
        ws = self.workspaces.get(root)
        if ws is None:  # the first document of a folder: load its zones once (off the event loop)
            ws = await asyncio.to_thread(Workspace, root)
            gc.freeze()  # the workspace's zones live long: the collector need not walk them again
            self.workspaces[root] = ws
            self.links[root] = DocLinks(ws.registry)
        return ws

    # -- diagnostics -----------------------------------------------------------------------------
    async def lint_now(self, uri: str) -> None:
        doc = self.workspace.get_text_document(uri)
        path = uri_to_path(uri)
        if path is None:
            return
        text = doc.source
        async with self.lock:
            try:
                ws = await self.workspace_for(path)
                result = await asyncio.to_thread(ws.lint, path, text.encode("utf-8", "surrogateescape"))
                links = self.links[ws.root]
                diagnostics = [self.diagnostic(doc, f, links, ws.registry) for f in result.findings]
                fixes = {}
                for i, (f, d) in enumerate(zip(result.findings, diagnostics)):
                    if f.fix is not None and result.fixable:
                        d.data["fix"] = i
                        fixes[i] = f.fix
                self.fixes[uri] = (doc.version, text.encode("utf-8", "surrogateescape"), path, fixes)
                for message in result.messages:
                    self.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Warning, message=f"zonelint: {message}"))
            except Exception as e:  # noqa: BLE001 - one diagnostic, never a dead server
                diagnostics = [
                    lsp.Diagnostic(
                        range=lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=0)),
                        message=f"zonelint could not lint this file: {type(e).__name__}: {e}",
                        severity=lsp.DiagnosticSeverity.Error,
                        code="ZL000",
                        source=SOURCE,
                    )
                ]
        current = self.workspace.get_text_document(uri)
        if current.version != doc.version and doc.version is not None:
            return  # edited meanwhile: the newer lint publishes
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=doc.version)
        )

    def schedule(self, uri: str, delay: float) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()

        async def later():
            if delay:
                await asyncio.sleep(delay)
            self.pending.pop(uri, None)
            await self.lint_now(uri)

        self.pending[uri] = asyncio.get_running_loop().create_task(later())

    def diagnostic(self, doc, f, links: DocLinks, registry) -> lsp.Diagnostic:
        lines = doc.lines
        line = max(f.line - 1, 0)
        end_line = max((f.end_line or f.line) - 1, line)
        if end_line >= len(lines):
            end_line = max(len(lines) - 1, 0)
        last = lines[end_line].rstrip("\r\n").rstrip() if lines else ""
        start = ServerTextPosition(line=line, character=max(f.column - 1, 0))
        end = ServerTextPosition(line=end_line, character=len(last))
        if end_line == line and end.character <= start.character:
            end = ServerTextPosition(line=line, character=start.character)
        codec = doc.position_codec
        rng = lsp.Range(
            start=codec.position_to_client_units(lines, start),
            end=codec.position_to_client_units(lines, end),
        )
        diag = lsp.Diagnostic(
            range=rng,
            message=f.message,
            severity=SEVERITY.get(f.severity, lsp.DiagnosticSeverity.Warning),
            code=f.code,
            source=SOURCE,
            data={"rule": f.rule},
        )
        cls = registry.rules.get(f.code)
        url = links.rule_url(cls) if cls is not None else None
        if url:
            diag.code_description = lsp.CodeDescription(href=url)
        return diag


server = ZonelintServer()


@server.feature(lsp.INITIALIZE)
def initialize(ls: ZonelintServer, params: lsp.InitializeParams) -> None:
    if params.workspace_folders:
        roots = [uri_to_path(f.uri) for f in params.workspace_folders]
    elif params.root_uri:
        roots = [uri_to_path(params.root_uri)]
    else:
        roots = [params.root_path]
    ls.roots = [os.path.realpath(r) for r in roots if r]
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounceMs"), (int, float)):
        ls.debounce = max(0.0, options["debounceMs"] / 1000)


@server.feature(lsp.INITIALIZED)
async def initialized(ls: ZonelintServer, params: lsp.InitializedParams) -> None:
    caps = ls.client_capabilities
    watch = caps.workspace and caps.workspace.did_change_watched_files
    if watch and watch.dynamic_registration:
        await ls.client_register_capability_async(
            lsp.RegistrationParams(
                registrations=[
                    lsp.Registration(
                        id="zonelint-watch",
                        method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=lsp.DidChangeWatchedFilesRegistrationOptions(
                            watchers=[lsp.FileSystemWatcher(glob_pattern="**/*")]
                        ),
                    )
                ]
            )
        )


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: ZonelintServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: ZonelintServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, ls.debounce)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: ZonelintServer, params: lsp.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    path = uri_to_path(uri)
    if path is not None:  # the saved file is another buffer's context zone: take it in now
        ws = ls.workspaces.get(ls.root_of(path))
        if ws is not None:
            async with ls.lock:
                await asyncio.to_thread(ws.refresh, [path])
                gc.freeze()
    ls.schedule(uri, 0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(ls: ZonelintServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.fixes.pop(params.text_document.uri, None)
    task = ls.pending.pop(params.text_document.uri, None)
    if task is not None:
        task.cancel()
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched_files(ls: ZonelintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    by_root: dict[str | None, list[str]] = {}
    for change in params.changes:
        path = uri_to_path(change.uri)
        if path is not None:
            by_root.setdefault(ls.root_of(path), []).append(path)
    async with ls.lock:
        for root, paths in by_root.items():
            ws = ls.workspaces.get(root)
            if ws is not None:
                await asyncio.to_thread(ws.refresh, paths)
        gc.freeze()
    for uri in list(ls.workspace.text_documents):  # what the open buffers see has changed
        ls.schedule(uri, 0)


FIX_ALL = "source.fixAll.zonelint"


def buffer_text_edits(ls: ZonelintServer, doc, fix) -> list[lsp.TextEdit] | None:
    """The LSP edits of ``fix`` on the buffer it was computed for; ``None`` when the buffer has
    changed since, or the fix cannot be located in it, or it edits another file."""
    stored = ls.fixes.get(doc.uri)
    if stored is None or stored[0] != doc.version:
        return None
    _, raw, path, _ = stored
    buffer = FileBytes(raw)

    def read(p: str) -> FileBytes:
        if os.path.abspath(p) != path:
            raise OSError(f"{p} is not the buffer")
        return buffer

    try:
        edits = byte_edits(fix, read)
    except Unfixable:
        return None
    return [lsp.TextEdit(range=lsp.Range(start=position(doc, raw, e.offset), end=position(doc, raw, e.end)),
                         new_text=e.data.decode("utf-8", "surrogateescape")) for e in edits]


def position(doc, raw: bytes, offset: int) -> lsp.Position:
    """The client position of byte ``offset`` of the buffer's UTF-8 bytes."""
    line = raw.count(b"\n", 0, offset)
    start = raw.rfind(b"\n", 0, offset) + 1
    character = len(raw[start:offset].decode("utf-8", "surrogateescape"))
    return doc.position_codec.position_to_client_units(doc.lines, ServerTextPosition(line=line, character=character))


def wants(params: lsp.CodeActionParams, kind: str) -> bool:
    """The client asked for code actions of ``kind`` (no ``only``: every kind)."""
    only = params.context.only
    return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)


def fix_actions(ls: ZonelintServer, doc, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    stored = ls.fixes.get(doc.uri)
    if stored is None or stored[0] != doc.version:
        return []
    fixes = stored[3]
    actions = []
    if wants(params, lsp.CodeActionKind.QuickFix):
        for diag in params.context.diagnostics:
            index = diag.data.get("fix") if isinstance(diag.data, dict) else None
            fix = fixes.get(index) if isinstance(index, int) else None
            if diag.source != SOURCE or fix is None:
                continue
            edits = buffer_text_edits(ls, doc, fix)
            if edits:
                actions.append(lsp.CodeAction(
                    title=f"Fix {diag.code}: {fix.description}",
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    is_preferred=True,
                    edit=lsp.WorkspaceEdit(changes={doc.uri: edits}),
                ))
    if fixes and wants(params, FIX_ALL):
        taken: list[lsp.TextEdit] = []
        spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
        for index in sorted(fixes):
            edits = buffer_text_edits(ls, doc, fixes[index]) or []
            mine = [((e.range.start.line, e.range.start.character), (e.range.end.line, e.range.end.character)) for e in edits]
            if not edits or any(a < y and x < b for a, b in mine for x, y in spans):
                continue  # an overlapping fix waits for the next round, as with --fix
            taken += edits
            spans += mine
        if taken:
            actions.append(lsp.CodeAction(
                title="Fix all safe zonelint findings",
                kind=FIX_ALL,
                edit=lsp.WorkspaceEdit(changes={doc.uri: taken}),
            ))
    return actions


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]),
)
def code_action(ls: ZonelintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    doc = ls.workspace.get_text_document(params.text_document.uri)
    lines = doc.lines
    actions = fix_actions(ls, doc, params)
    if not wants(params, lsp.CodeActionKind.QuickFix):
        return actions
    for diag in params.context.diagnostics:
        if diag.source != SOURCE or not isinstance(diag.code, str) or diag.code == "ZL000":
            continue
        line_no = diag.range.start.line
        if line_no >= len(lines):
            continue
        edit = noqa_edit(lines[line_no].rstrip("\r\n"), diag.code)
        if edit is None:
            continue
        index, text = edit
        at = doc.position_codec.position_to_client_units(lines, ServerTextPosition(line=line_no, character=index))
        actions.append(
            lsp.CodeAction(
                title=f"Suppress {diag.code} on this line (noqa)",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diag],
                edit=lsp.WorkspaceEdit(
                    changes={params.text_document.uri: [lsp.TextEdit(range=lsp.Range(start=at, end=at), new_text=text)]}
                ),
            )
        )
    return actions


def main() -> int:
    """Serve over stdio until the client says ``exit``."""
    server.start_io(sys.stdin.buffer, sys.stdout.buffer)
    return 0
