"""``--fix`` and ``--diff``: the fixes of a report as new file contents, a diff, or files rewritten.

:func:`plan_fixes` decides, from the findings a run reported (so ``--select``/``--ignore``, noqa
and the baseline are already honoured), which fixes are applied:

- each fix is resolved to byte edits (:func:`zonelint.fix.resolve.byte_edits`); one that cannot be
  located exactly is skipped, with the reason;
- a file of a zone whose load had a parse-class problem (:data:`zonelint.load.types.PARSE_PROBLEMS`) is
  never touched, nor a file :func:`zonelint.confine.check_rewritable` refuses (a symbolic link,
  outside the lint root, not a regular file, more than one hard link);
- an ``$INCLUDE``d file is edited only when every zone of the run that includes it asked for the
  very same byte edit (a context zone asks for nothing, so it blocks);
- fixes asking for the same bytes are applied once; a fix whose edits overlap an edit already
  accepted in the same file is skipped (the next ``--fix`` run gets to it).

:func:`write_plan` writes each changed file atomically (:func:`zonelint.atomic.replace_bytes`:
same folder, mode and owner kept) after checking again that it may be rewritten and that its
bytes did not change since they were read. :func:`diff_text` renders the plan as a unified diff.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass, field

from ..model import Finding
from . import Fix
from .locate import FileBytes
from .resolve import ByteEdit, Unfixable, apply_edits, byte_edits

__all__ = ["FileChange", "FixPlan", "plan_fixes", "write_plan", "diff_text", "RunFiles"]


@dataclass
class FileChange:
    """One file the plan changes: its path as the run opened it, as reports show it, its bytes
    before and after."""

    path: str
    display: str
    old: bytes
    new: bytes


@dataclass
class FixPlan:
    files: list[FileChange] = field(default_factory=list)
    #: the findings whose fixes the plan applies
    fixed: list[Finding] = field(default_factory=list)
    #: (finding, why) for each fix left out
    skipped: list[tuple[Finding, str]] = field(default_factory=list)
    #: id(finding) -> the byte edits of its fix (SARIF ``fixes``): for each set of edits, only the
    #: first finding in ``fixed`` that asks for it, so that every edit is listed once
    edits: dict[int, tuple[ByteEdit, ...]] = field(default_factory=dict)


class RunFiles:
    """The files of a run (``Report.files``): which zones include which file, their display
    paths, and their bytes (read once, confined to the lint root)."""

    def __init__(self, files, root: str) -> None:
        self.root = root
        self.zones_of: dict[str, set[str]] = {}
        self.included: set[str] = set()
        self.display: dict[str, str] = {}
        for sf in files:
            top = sf
            while top.included_from is not None:
                top = top.included_from
            real = os.path.realpath(sf.path)
            self.zones_of.setdefault(real, set()).add(os.path.realpath(top.path))
            if sf.included_from is not None:
                self.included.add(real)
            self.display.setdefault(real, sf.display)
        self._bytes: dict[str, FileBytes] = {}

    def read(self, path: str) -> FileBytes:
        from ..confine import read_bytes

        real = os.path.realpath(path)
        fb = self._bytes.get(real)
        if fb is None:
            fb = self._bytes[real] = FileBytes(read_bytes(path, self.root))
        return fb

    def is_included(self, path: str) -> bool:
        return os.path.realpath(path) in self.included


def _refusal(path: str, root: str, unfixable: frozenset[str]) -> str | None:
    from ..confine import check_rewritable

    if os.path.realpath(path) in unfixable:
        return "the zone has a parse error (ZL001/ZL002/ZL003): fix it first"
    try:
        check_rewritable(path, root)
    except OSError as e:
        return f"{e.strerror or e}"
    return None


def plan_fixes(findings, files, root: str, unfixable: frozenset[str] = frozenset()) -> FixPlan:
    """The fixes of ``findings`` (a report's) over the run's ``files`` (``Report.files``) under
    the resolved lint ``root``; ``unfixable``: real paths never to touch (``Report.unfixable``).
    Reads files, writes nothing."""
    plan = FixPlan()
    run = RunFiles(files, root)
    # byte edits -> (findings asking for them, zones asking for them)
    groups: dict[tuple[ByteEdit, ...], tuple[list[Finding], set[str]]] = {}
    refused: dict[str, str | None] = {}
    for f in findings:
        fix = f.fix
        if not isinstance(fix, Fix):
            continue
        try:
            edits = tuple(byte_edits(fix, run.read, run.is_included))
        except Unfixable as e:
            plan.skipped.append((f, str(e)))
            continue
        why = None
        for path in sorted({e.path for e in edits}):
            if path not in refused:
                refused[path] = _refusal(path, root, unfixable)
            why = why or refused[path]
        if why:
            plan.skipped.append((f, why))
            continue
        entry = groups.setdefault(edits, ([], set()))
        entry[0].append(f)
        entry[1].update(os.path.realpath(z) for z in fix.zones)
    accepted: dict[str, list[tuple[int, int]]] = {}
    by_file: dict[str, list[ByteEdit]] = {}
    for edits, (asking, zones) in sorted(groups.items(), key=lambda kv: (kv[0][0].path, kv[0][0].offset)):
        why = None
        for path in {e.path for e in edits}:
            real = os.path.realpath(path)
            if real in run.included:
                missing = run.zones_of.get(real, set()) - zones
                if missing:
                    why = (f"{run.display.get(real, path)} is $INCLUDEd by other zones that do not ask for the "
                           f"same edit ({', '.join(sorted(run.display.get(m, m) for m in missing))})")
                    break
        if why is None and any(_overlaps(accepted.get(e.path, []), e) for e in edits):
            why = "overlaps another fix in the same file (run --fix again)"
        if why is not None:
            plan.skipped.extend((f, why) for f in asking)
            continue
        for e in edits:
            bisect.insort(accepted.setdefault(e.path, []), (e.offset, e.end))
            by_file.setdefault(e.path, []).append(e)
        plan.fixed.extend(asking)
        # the edits go with the first finding asking for them (two findings of one owner written
        # once, ZL110 and ZL704 deleting one record): SARIF consumers that apply every result's
        # fix must not apply the same bytes twice
        plan.edits[id(asking[0])] = edits
    for path, edits in sorted(by_file.items()):
        fb = run.read(path)
        new = apply_edits(fb.raw, edits)
        if new != fb.raw:
            plan.files.append(FileChange(path, run.display.get(os.path.realpath(path), path), fb.raw, new))
    plan.fixed.sort(key=Finding.sort_key)
    return plan


def _overlaps(intervals: list[tuple[int, int]], e: ByteEdit) -> bool:
    """True when ``e`` overlaps one of the sorted, disjoint ``intervals`` (edits that only touch
    do not; two starting at the same offset do)."""
    i = bisect.bisect_right(intervals, (e.offset, float("inf")))
    for s, t in intervals[max(0, i - 1):i + 1]:
        if max(s, e.offset) < min(t, e.end) or s == e.offset:
            return True
    return False


def write_plan(plan: FixPlan, root: str) -> dict[str, str]:
    """Write every file of ``plan``; returns path -> message for each file that was not written
    (refused, or changed since it was read)."""
    from ..atomic import replace_bytes
    from ..confine import check_rewritable, read_bytes, rewritten

    problems: dict[str, str] = {}
    for fc in plan.files:
        try:
            check_rewritable(fc.path, root)
            if read_bytes(fc.path, root) != fc.old:
                problems[fc.path] = f"{fc.display}: changed while being fixed: not rewritten"
                continue
            replace_bytes(fc.path, fc.new)
        except OSError as e:
            problems[fc.path] = f"{fc.display}: cannot rewrite: {e.strerror or e}"
            continue
        rewritten(fc.path)
    return problems


def _show(line: str) -> str:
    """A line of a zone for a human: line break off, every control character but the tab
    escaped (:mod:`zonelint.escape`)."""
    from .. import escape

    if line.endswith("\n"):
        line = line[:-1]
    if line.endswith("\r"):
        line = line[:-1]
    return "\t".join(escape.text(part) for part in line.split("\t"))


def _lines(raw: bytes) -> list[str]:
    """The lines of a file as the loader counts them (at LF; a lone CR is no line break)."""
    parts = raw.decode("utf-8", "surrogateescape").split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def diff_text(plan: FixPlan) -> str:
    """The plan as a unified diff (``--- a/PATH``, ``+++ b/PATH``, three lines of context). Lines
    are shown without their line breaks (CRLF or LF), octets that are not UTF-8 as ``\\xHH`` and
    control characters escaped: it is for reading, not for ``patch``."""
    import difflib

    from .. import escape

    out = []
    for fc in plan.files:
        old = [_show(s) for s in _lines(fc.old)]
        new = [_show(s) for s in _lines(fc.new)]
        name = escape.text(fc.display)
        out.extend(difflib.unified_diff(old, new, f"a/{name}", f"b/{name}", lineterm=""))
    return "".join(line + "\n" for line in out)
