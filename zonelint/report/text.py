"""``--format text``: one line per finding, ``path:line:col: CODE [severity] message``, sorted by
path and line, then a one-line summary (none with ``quiet``). With ``--show-help``
(``show_help=True``) each finding that has a help text (the fix and its citation) is followed by an
indented ``help: ...`` line. Paths, messages and help texts are escaped (:mod:`zonelint.escape`): a
file name holding a newline cannot start a line of its own (pre-commit shows this format). With
``statistics``: ``COUNT  CODE  rule-name`` per rule instead of the findings."""

from __future__ import annotations

from ..escape import text as esc
from .summary import count, fix_hint_line, severity_counts, statistics_lines


def render(
    report, stream, *, show_help: bool = False, quiet: bool = False, statistics: bool = False, fix_hint: bool = False
) -> None:
    if statistics:
        for n, code, mark, rule in statistics_lines(report, fix_hint):
            stream.write(esc(f"{n}  {code}  {mark + ' ' if mark else ''}{rule}") + "\n")
    else:
        for f in report.findings:
            # served by a DNS server: located by URI, owner and type (no line)
            where = f"{f.path}:{f.line}:{f.column}" if f.source is None else f.served_location()
            stream.write(f"{esc(where)}: {esc(f.code)} [{f.severity}] {esc(f.message)}\n")
            help = f.help if show_help else None  # read once: a lazy help is built at each read
            if help:
                stream.write(f"    help: {esc(help)}\n")
    if quiet:
        return
    s = report.summary()
    if s["findings"]:
        stream.write(
            f"Found {count(s['findings'], 'finding')} ({severity_counts(s)}) in {count(s['files'], 'file')}"
            + (f"; {s['suppressed']:,} suppressed" if s["suppressed"] else "")
            + ".\n"
        )
        hint = fix_hint_line(report) if fix_hint else None
        if hint:
            stream.write(hint + "\n")
    for note in report.summary_notes:
        stream.write(esc(note) + "\n")
