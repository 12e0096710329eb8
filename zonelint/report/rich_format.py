"""``--format rich`` (the default on a terminal): a table per file, severity in colour, and a
summary by severity. Everything from the repository (paths, owners, messages) is escaped
(:mod:`zonelint.escape`) before rich sees it."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..escape import text as esc

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(report, stream) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=False)
    for path, group in groupby(report.findings, key=lambda f: f.path):
        table = Table(title=Text(esc(path), style="bold"), title_justify="left", expand=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("location", justify="right", no_wrap=True)
        table.add_column("code", no_wrap=True)
        table.add_column("owner", overflow="fold", max_width=40)
        table.add_column("message", overflow="fold", ratio=1)
        for f in group:
            table.add_row(
                Text(f.severity, style=STYLE.get(f.severity, "")),
                f"{f.line}:{f.column}" if f.source is None else esc(f.rdtype or "-"),
                Text(esc(f.code)),
                Text(esc(f.owner or "-")),
                Text(esc(f.message)),
            )
        console.print(table)
    s = report.summary()
    summary = Text()
    if s["findings"]:
        summary.append(f"{s['findings']} finding{'s' if s['findings'] != 1 else ''}: ")
        parts = []
        for sev in ("error", "warning", "info"):
            parts.append(Text(f"{s[sev]} {sev}", style=STYLE[sev] if s[sev] else "dim"))
        summary.append(Text(", ").join(parts))
    else:
        summary.append("No findings", style="bold green")
    summary.append(f" in {s['files']} file{'s' if s['files'] != 1 else ''}, {s['records']:,} records")
    if s["suppressed"]:
        summary.append(f" ({s['suppressed']} suppressed)", style="dim")
    console.print(summary)
    for note in report.summary_notes:
        console.print(Text(esc(note)))
