"""``--format table``: a table per file (``line:col``, for a served source the record's type
instead; code and severity in colour, then the owner, the message and the help in one column),
then the summary of the default output. The narrow columns take what their content needs; the
message column gets all the rest of the width and wraps there at word boundaries.

Everything from the repository is escaped (:mod:`zonelint.escape`) and reaches rich as plain
:class:`~rich.text.Text`, never as markup. One table per file is built and printed before the
next file's.
"""

from __future__ import annotations

from itertools import groupby

from rich import box
from rich.table import Table
from rich.text import Text

from ..escape import text as esc
from .rich_format import HELP, STYLE, render_with


def _message(finding) -> Text:
    out = Text()
    if finding.owner:
        out.append(esc(finding.owner) + "\n", "dim")
    out.append(esc(finding.message))
    if finding.help:
        out.append("\nhelp: ", HELP)
        out.append(esc(finding.help))
    return out


def _tables(report, con, fix_hint: bool) -> None:
    for path, findings in groupby(report.findings, key=lambda f: f.path):
        group = list(findings)
        served = group[0].source is not None  # a DNS server's records have no line: their type
        table = Table(
            title=Text(esc(path), style="bold"), title_justify="left", expand=True, box=box.SIMPLE_HEAD,
            leading=1, pad_edge=False,
        )
        table.add_column("type" if served else "line:col", justify="right", no_wrap=True)
        table.add_column("code", no_wrap=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("owner / message", overflow="fold", ratio=1)
        for f in group:
            style = STYLE.get(f.severity, "")
            table.add_row(
                f"{f.line}:{f.column}" if f.source is None else esc(f.rdtype or "-"),
                Text(esc(f.code) + (" [*]" if fix_hint and id(f) in report.fixable else ""), style=style),
                Text(f.severity, style=style),
                _message(f),
            )
        con.print(table)


def render(report, stream, **options) -> None:
    render_with(_tables, report, stream, **options)
