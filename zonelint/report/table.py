"""``--format table``: a table per file (``line:col``, for a served source the record's type
instead; code and severity in colour, then the owner, the message and the help in one column),
then the summary of the default output. The narrow columns take what their content needs; the
message column gets all the rest of the width and wraps there at word boundaries (a word wider
than the column is folded, so the table keeps its shape)::

    examples/example.com.zone

     line:col   code    severity   owner / message
     ──────────────────────────────────────────────────────────────
         18:1   ZL101   error      _xmpp-server._tcp.example.com.
                                   SRV target chat.example.com. is an alias (CNAME
                                   at line 21)
                                   help: RFC 2782 and RFC 2181 §10.3 forbid ...

Everything from the repository is escaped (:mod:`zonelint.escape`) and reaches the console as
plain text, never as markup. Streamed like the default output: the column widths come from one
file's findings, then each row is laid out with :func:`~zonelint.report.rich_format.wrap_text`
and written at once (no table of the whole run is held; rich's ``Table`` cost ~0.45 ms a row).
"""

from __future__ import annotations

from itertools import groupby

from rich.cells import cell_len

from ..escape import text as esc
from .rich_format import HELP, STYLE, Fragment, Painter, render_with, wrap_text

#: between two columns (as rich's ``box.SIMPLE_HEAD`` with a padding of 1 drew it)
GAP = "   "
#: the message column never gets narrower than this (a terminal that narrow wraps the lines)
MIN_MESSAGE = 10
HEADER = "bold"


def _where(finding) -> str:
    return f"{finding.line}:{finding.column}" if finding.source is None else esc(finding.rdtype or "-")


def _code(finding, fixable) -> str:
    return esc(finding.code) + (" [*]" if id(finding) in fixable else "")


def _width(s: str) -> int:
    return len(s) if s.isascii() else cell_len(s)


def _fold(text: str, width: int) -> str:
    """``text`` with every word wider than ``width`` cells cut into pieces of ``width`` cells."""
    if _width(text) <= width:
        return text
    words = text.split(" ")
    if all(_width(w) <= width for w in words):
        return text
    out = []
    for word in words:
        while _width(word) > width:
            used = cut = 0
            for ch in word:
                w = cell_len(ch)
                if used + w > width and cut:
                    break
                used += w
                cut += 1
            out.append(word[:cut])
            word = word[cut:]
        out.append(word)
    return " ".join(out)


def _cell(finding, width: int) -> list[Fragment]:
    """The owner (dim), the message and the help, wrapped to ``width``."""
    out: list[Fragment] = []
    if finding.owner:
        owner = wrap_text([], _fold(esc(finding.owner), width), width)
        out += [(t, style or "dim") for t, style in owner]
        out.append(("\n", ""))
    out += wrap_text([], _fold(esc(finding.message), width), width)
    help = finding.help  # read once: a lazy help is built at each read
    if help:
        out.append(("\n", ""))
        out += wrap_text([("help:", HELP)], _fold(esc(help), width), width)
    return out


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


def _tables(report, con, fix_hint: bool) -> None:
    painter = Painter(con)
    fixable = report.fixable if fix_hint else frozenset()
    for path, findings in groupby(report.findings, key=lambda f: f.path):
        group = list(findings)
        served = group[0].source is not None  # a DNS server's records have no line: their type
        first = "type" if served else "line:col"
        w_where = max(len(first), max(_width(_where(f)) for f in group))
        w_code = max(len("code"), max(_width(_code(f, fixable)) for f in group))
        w_sev = max(len("severity"), max(len(f.severity) for f in group))
        indent = 1 + w_where + len(GAP) + w_code + len(GAP) + w_sev + len(GAP)
        width = max(con.width - indent - 1, MIN_MESSAGE)  # and one cell of right edge, as rich drew it
        newline = "\n" + " " * indent
        head = " " + " " * (w_where - len(first)) + first + GAP + _pad("code", w_code) + GAP
        head += _pad("severity", w_sev) + GAP + "owner / message"
        painter.write([(esc(path), "bold"), ("\n\n", ""), (head, HEADER), ("\n " + "─" * max(con.width - 2, 1), "")])
        for f in group:
            style = STYLE.get(f.severity, "")
            where, code = _where(f), _code(f, fixable)
            row: list[Fragment] = [
                (" " + " " * (w_where - _width(where)) + where + GAP, ""),
                (code, style),
                (" " * (w_code - _width(code)) + GAP, ""),
                (f.severity, style),
                (" " * (w_sev - len(f.severity)) + GAP, ""),
            ]
            for t, st in _cell(f, width):
                row.append((t.replace("\n", newline), st) if "\n" in t else (t, st))
            row.append(("\n", ""))
            painter.write(row)


def render(report, stream, **options) -> None:
    render_with(_tables, report, stream, **options)
