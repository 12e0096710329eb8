"""``--format text``: one line per finding, ``path:line:col: CODE [severity] message``, sorted by
path and line, then a one-line summary."""

from __future__ import annotations


def render(report, stream) -> None:
    for f in report.findings:
        stream.write(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}\n")
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
        stream.write(note + "\n")
