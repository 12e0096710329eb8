"""What ``zonelint --fix`` and ``--diff`` print and return (the CLI's part of :mod:`zonelint.fix`)."""

from __future__ import annotations

import os

from .. import escape
from .apply import FileChange, FixPlan, diff_text, plan_fixes, write_plan

__all__ = ["fix_once", "fix_until_done", "diff_until_done", "MAX_PASSES"]

#: ``--fix`` lints again after each pass of fixes and fixes what that lint finds (a fix that
#: changes a zone can make ZL607 ask for a higher serial), at most this many passes
MAX_PASSES = 10


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _notes(plan, err) -> None:
    for f, why in plan.skipped:
        print(escape.text(f"zonelint: note: {f.path}:{f.line}:{f.column}: {f.code} not fixed: {why}"), file=err)


def _write(plan, root: str, err) -> tuple[int, set[str]]:
    """Write the plan; (findings fixed, paths written)."""
    problems = write_plan(plan, root)
    for message in problems.values():
        print(f"zonelint: error: {escape.text(message)}", file=err)
    fixed = len([f for f in plan.fixed if not any(c.path in problems for c in f.fix.changes)])
    return fixed, {fc.path for fc in plan.files if fc.path not in problems}


def fix_once(report, root: str, err) -> int:
    """One pass of :func:`fix_until_done`: apply the fixes of ``report``, with a note on ``err``
    for each fix left out. Returns 1 when a file was changed, else 0."""
    root = os.path.realpath(root)
    plan = plan_fixes(report.findings, report.files, root, report.unfixable)
    _notes(plan, err)
    fixed, written = _write(plan, root, err)
    if written:
        print(f"zonelint: fixed {_plural(fixed, 'finding')} in {_plural(len(written), 'file')}", file=err)
    return 1 if written else 0


def _too_many_passes(max_passes: int, err) -> None:
    print(f"zonelint: warning: fixes still change files after {max_passes} passes; stopped "
          "(a rule's fix may undo another's)", file=err)


def diff_until_done(report, relint, root: str, out, err, max_passes: int = MAX_PASSES) -> int:
    """``--diff``: the unified diff of everything :func:`fix_until_done` would write, all its
    passes together, simulated in memory: each pass's new contents are what the next lint reads
    in place of the files (:func:`zonelint.confine.contents_in_memory`), so a fix that makes
    another necessary (a duplicate deleted, then ZL607's serial raised) shows in one diff. Nothing
    is written. Notes on ``err`` for each fix the last lint leaves out; returns 1 when something
    would be changed, else 0."""
    from ..confine import contents_in_memory

    root = os.path.realpath(root)
    contents: dict[str, bytes] = {}  # real path -> the bytes after the passes so far
    before: dict[str, FileChange] = {}  # real path -> the file as it is on disk
    fixed = 0
    with contents_in_memory(contents):
        for _ in range(max_passes):
            plan = plan_fixes(report.findings, report.files, root, report.unfixable)
            if not plan.files:
                _notes(plan, err)
                break
            fixed += len(plan.fixed)
            for fc in plan.files:
                real = os.path.realpath(fc.path)
                before.setdefault(real, FileChange(fc.path, fc.display, fc.old, fc.old))
                contents[real] = fc.new
            report = relint()
        else:
            _too_many_passes(max_passes, err)
    changed = [FileChange(fc.path, fc.display, fc.old, contents[real]) for real, fc in before.items()
               if contents[real] != fc.old]
    changed.sort(key=lambda fc: fc.path)
    out.write(diff_text(FixPlan(files=changed)))
    if changed:
        print(f"zonelint: would fix {_plural(fixed, 'finding')} in {_plural(len(changed), 'file')} "
              "(run with --fix)", file=err)
    return 1 if changed else 0


def fix_until_done(report, relint, root: str, err, max_passes: int = MAX_PASSES):
    """``--fix``: apply the fixes of ``report``, lint again (``relint()`` returns the new report)
    and go on while a pass changes something (at most ``max_passes``). Prints what was fixed and,
    for the last lint, each fix left out; returns the last report (what remains)."""
    root = os.path.realpath(root)
    fixed = 0
    written: set[str] = set()
    for _ in range(max_passes):
        plan = plan_fixes(report.findings, report.files, root, report.unfixable)
        if not plan.files:
            _notes(plan, err)
            break
        n, paths = _write(plan, root, err)
        if not paths:
            _notes(plan, err)
            break
        fixed += n
        written |= paths
        report = relint()
    else:
        _too_many_passes(max_passes, err)
    if written:
        print(f"zonelint: fixed {_plural(fixed, 'finding')} in {_plural(len(written), 'file')}", file=err)
    return report
