"""``--format text``: one line per finding, ``path:line:col: CODE [severity] message``, sorted by
path and line, then a one-line summary. With ``--show-help`` (``show_help=True``) each finding that
has a help text (the fix and its citation) is followed by an indented ``help: ...`` line. Paths,
messages and help texts are escaped (:mod:`zonelint.escape`): a file name holding a newline cannot
start a line of its own (pre-commit shows this format)."""

from __future__ import annotations

from ..escape import text as esc


def render(report, stream, show_help: bool = False) -> None:
    for f in report.findings:
        # served by a DNS server: located by URI, owner and type (no line)
        where = f"{f.path}:{f.line}:{f.column}" if f.source is None else f.served_location()
        stream.write(f"{esc(where)}: {esc(f.code)} [{f.severity}] {esc(f.message)}\n")
        if show_help and f.help:
            stream.write(f"    help: {esc(f.help)}\n")
    s = report.summary()
    if s["findings"]:
        stream.write(
            f"Found {s['findings']} finding{'s' if s['findings'] != 1 else ''} "
            f"({s['error']} error, {s['warning']} warning, {s['info']} info) "
            f"in {s['files']} file{'s' if s['files'] != 1 else ''}"
            + (f"; {s['suppressed']} suppressed" if s["suppressed"] else "")
            + ".\n"
        )
    for note in report.summary_notes:
        stream.write(esc(note) + "\n")
