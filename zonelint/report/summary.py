"""What the human formats (``rich``, ``table``, ``text``) say after the findings, and
``--statistics``: counts with correct plurals, the fix hint, and the count per rule.

Stdlib only: ``--format text`` imports this module without paying for rich. ``json`` takes its
``statistics`` list from :func:`statistics` too, so every format counts alike.
"""

from __future__ import annotations

from collections import Counter

#: words that have no plural here ("3 info", as the severity is named)
_INVARIABLE = frozenset({"info"})


def count(n: int, word: str) -> str:
    """``1 warning``, ``5 warnings``, ``0 errors``, ``3 info``, ``1,234 findings``."""
    if n == 1 or word in _INVARIABLE:
        return f"{n:,} {word}"
    return f"{n:,} {word}s"


def statistics(findings, fixable: frozenset[int] = frozenset()) -> list[dict]:
    """``[{"count", "code", "rule", "fixable"}, ...]``: one entry per rule code, most frequent
    first, then by code. ``fixable``: ``id()`` of the findings whose fix ``--fix`` would really
    apply (:attr:`zonelint.report.model.Report.fixable`), not every finding that carries one."""
    counts: Counter = Counter()
    fixes: Counter = Counter()
    names: dict[str, str] = {}
    for f in findings:
        counts[f.code] += 1
        names.setdefault(f.code, f.rule)
        if id(f) in fixable:
            fixes[f.code] += 1
    return [
        {"count": n, "code": code, "rule": names[code], "fixable": fixes[code]}
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def statistics_lines(report, fix_hint: bool = False) -> list[tuple[str, str, str, str]]:
    """The statistics of ``report`` as aligned columns ``(count, code, fixable marker, rule
    name)`` (texts, unescaped): the count right-aligned, the marker ``[*]`` when ``--fix`` exists
    and would fix some finding of the rule."""
    rows = statistics(report.findings, report.fixable if fix_hint else frozenset())
    width = max((len(f"{r['count']:,}") for r in rows), default=1)
    code_width = max((len(r["code"]) for r in rows), default=1)
    out = []
    for r in rows:
        mark = "[*]" if fix_hint and r["fixable"] else ("   " if fix_hint else "")
        out.append((f"{r['count']:,}".rjust(width), r["code"].ljust(code_width), mark, r["rule"]))
    return out


def severity_counts(summary: dict) -> str:
    """``1 error, 4 warnings, 3 info``."""
    return ", ".join(count(summary[sev], sev) for sev in ("error", "warning", "info"))


def files_and_records(summary: dict) -> str:
    """``in 1 file (61 records)``."""
    return f"in {count(summary['files'], 'file')} ({count(summary['records'], 'record')})"


def fix_hint_line(report) -> str | None:
    """``3 fixable with `--fix`.``, or None when ``--fix`` would fix nothing: the findings whose
    fix it would really apply (:attr:`zonelint.report.model.Report.fixable`), not those it would
    refuse (a parse error in the file, overlapping edits, an ``$INCLUDE`` not every zone agrees on,
    confinement...)."""
    n = len(report.fixable)
    return f"{n:,} fixable with `--fix`." if n else None
