"""What ``zonelint --fix`` and ``--diff`` print and return (the CLI's part of :mod:`zonelint.fix`)."""

from __future__ import annotations

import os

from .. import escape
from .apply import diff_text, plan_fixes, write_plan

__all__ = ["fix_or_diff"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def fix_or_diff(report, root: str, diff: bool, out, err) -> int:
    """Apply (or, with ``diff``, show) the fixes of ``report``. Notes on ``err`` for each fix
    left out; with ``diff`` the unified diff on ``out``. Returns 1 when something was (or would
    be) changed, else 0."""
    root = os.path.realpath(root)
    plan = plan_fixes(report.findings, report.files, root, report.unfixable)
    for f, why in plan.skipped:
        print(escape.text(f"zonelint: note: {f.path}:{f.line}:{f.column}: {f.code} not fixed: {why}"), file=err)
    files = len(plan.files)
    fixed = len(plan.fixed) if files else 0
    if diff:
        out.write(diff_text(plan))
        if files:
            print(f"zonelint: would fix {_plural(fixed, 'finding')} in {_plural(files, 'file')} (run with --fix)",
                  file=err)
        return 1 if files else 0
    problems = write_plan(plan, root)
    for message in problems.values():
        print(f"zonelint: error: {escape.text(message)}", file=err)
    written = files - len(problems)
    fixed = len([f for f in plan.fixed if not any(c.path in problems for c in f.fix.changes)])
    if written:
        print(f"zonelint: fixed {_plural(fixed, 'finding')} in {_plural(written, 'file')}", file=err)
    return 1 if written else 0
