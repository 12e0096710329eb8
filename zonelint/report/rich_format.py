"""``--format rich`` (the default on a terminal), ruff-style: for each finding, file by file,

    zones/example.com.zone:18:1: ZL101 [error] SRV target chat.example.com. is an alias
        |
     18 | _xmpp-server._tcp  IN SRV 5 0 5269 chat.example.com.
        | ^^^^^^^^^^^^^^^^^
    help: point at xmpp.example.com. (RFC 2782)

then a summary with correct plurals (and how many findings ``--fix`` would fix, when the CLI
has one). The first line holds the whole relative path, so a terminal or an editor can open it;
the code and severity are in colour. The message and the help wrap at word boundaries to the
console's width, and ``path:line:col`` is never broken. The source lines are the finding's
record (at most :data:`~zonelint.report.excerpt.MAX_LINES`), read back through
:mod:`zonelint.report.excerpt`; a line wider than the console is cut around the caret.

Everything from the repository (paths, messages, owners, source lines) is escaped
(:mod:`zonelint.escape`) and reaches rich as plain :class:`~rich.text.Text`, never as markup:
``[bold]`` in a zone stays ``[bold]``.

Streamed: each finding is printed as soon as it is laid out, and the source lines of one file are
dropped before the next file's are read, so a run with tens of thousands of findings holds no
renderable bigger than one finding.
"""

from __future__ import annotations

import os
from itertools import groupby

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..escape import text as esc
from ..fingerprint import SourceLines
from . import excerpt
from .summary import count, files_and_records, fix_hint_line, statistics_lines

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
GUTTER = "bold blue"
LOCATION = "bold"
HELP = "bold cyan"
FIXABLE = "bold green"
#: the values of ``--color``
COLORS = ("auto", "always", "never")


def console(stream, color: str = "auto", width: int | None = None) -> Console:
    """A console on ``stream``: ``auto`` colours a terminal (rich honours ``NO_COLOR``,
    ``FORCE_COLOR`` and ``TERM=dumb``), ``always`` colours whatever the stream and the
    environment, ``never`` writes no escape sequence at all."""
    kw: dict = {"file": stream, "highlight": False, "emoji": False, "markup": False, "width": width}
    if color == "always":
        return Console(force_terminal=True, no_color=False, **kw)
    if color == "never":
        return Console(color_system=None, **kw)
    return Console(**kw)


def wrap(words: list[tuple[str, str]], width: int, indent: int = 0) -> Text:
    """``words`` (text, style) as lines of at most ``width`` cells, broken only between words;
    continuation lines are indented by ``indent`` unless the next word would not fit there. A
    word wider than the console has a line of its own (the terminal wraps it, unbroken)."""
    out = Text()
    used = 0
    for word, style in words:
        w = cell_len(word)
        if used and used + 1 + w <= width:
            out.append(" ")
            used += 1
        elif used:
            pad = indent if indent + w <= width else 0
            out.append("\n" + " " * pad)
            used = pad
        out.append(word, style)
        used += w
    return out


def _words(text: str, style: str = "") -> list[tuple[str, str]]:
    return [(w, style) for w in text.split(" ") if w]


def _cut(shown: str, start: int, cells: int) -> str:
    """The part of ``shown`` from cell ``start`` at most ``cells`` wide."""
    out = []
    pos = used = 0
    for ch in shown:
        w = cell_len(ch)
        if pos >= start:
            if used + w > cells:
                break
            out.append(ch)
            used += w
        pos += w
    return "".join(out)


def _source(finding, lines: list[str], width: int, style: str) -> Text:
    """The gutter, the record's lines with their numbers, and a caret under the column."""
    last_shown = finding.line + min(len(lines), excerpt.MAX_LINES) - 1
    nw = len(str(last_shown))
    blank = " " * nw + " |"
    avail = max(width - nw - 3, 10)
    first = lines[0]
    col = min(finding.column, len(first) + 1)
    shown = excerpt.display(first)
    at = cell_len(excerpt.display(first[: col - 1]))
    end = cell_len(excerpt.display(first[: excerpt.token_end(first, col) - 1]))
    under = max(end - at, 1)
    if cell_len(shown) > avail:  # too wide: keep the caret in view, mark the cut with "…"
        start = 0 if at + under <= avail - 1 else max(at - avail // 3, 0)
        body = _cut(shown, start, avail - (2 if start else 1))
        tail = "…" if start + cell_len(body) + (1 if start else 0) < cell_len(shown) else ""
        shown = ("…" if start else "") + body + tail
        at = at - start + (1 if start else 0)
        under = max(min(under, avail - at), 1)
    out = Text()
    out.append(blank + "\n", GUTTER)
    out.append(f"{finding.line:>{nw}} | ", GUTTER)
    out.append(shown + "\n")
    out.append(blank + " ", GUTTER)
    out.append(" " * at + "^" * under, style)
    for i, line in enumerate(lines[1 : excerpt.MAX_LINES], start=finding.line + 1):
        out.append(f"\n{i:>{nw}} | ", GUTTER)
        out.append(_cut(excerpt.display(line), 0, avail))
    if len(lines) > excerpt.MAX_LINES:
        out.append("\n" + blank + " ", GUTTER)
        out.append(f"… {count(len(lines) - excerpt.MAX_LINES, 'more line')} of this record", "dim")
    return out


def finding_text(finding, lines: list[str], width: int, fix_hint: bool = False) -> Text:
    """One finding as the default output shows it (without the blank line after it)."""
    style = STYLE.get(finding.severity, "")
    words = [(f"{esc(finding.path)}:{finding.line}:{finding.column}:", LOCATION), (esc(finding.code), style)]
    words.append((f"[{finding.severity}]", style))
    if fix_hint and finding.fix is not None:
        words.append(("[*]", FIXABLE))
    out = wrap(words + _words(esc(finding.message)), width)
    if lines:
        out.append("\n")
        out.append_text(_source(finding, lines, width, style))
    if finding.help:
        out.append("\n")
        out.append_text(wrap([("help:", HELP)] + _words(esc(finding.help)), width, indent=6))
    return out


def print_summary(report, con: Console, fix_hint: bool) -> None:
    s = report.summary()
    line = Text()
    if s["findings"]:
        line.append(f"Found {count(s['findings'], 'finding')} {files_and_records(s)}: ", "bold")
        for i, sev in enumerate(("error", "warning", "info")):
            if i:
                line.append(", ")
            line.append(count(s[sev], sev), STYLE[sev] if s[sev] else "dim")
    else:
        line.append(f"No findings {files_and_records(s)}", "bold green")
    if s["suppressed"]:
        line.append(f"; {s['suppressed']:,} suppressed", "dim")
    line.append(".")
    con.print(line, soft_wrap=True)
    hint = fix_hint_line(report.findings) if fix_hint else None
    if hint:
        con.print(Text(hint, FIXABLE), soft_wrap=True)
    for note in report.summary_notes:
        con.print(Text(esc(note)), soft_wrap=True)


def print_statistics(report, con: Console, fix_hint: bool) -> None:
    for n, code, mark, rule in statistics_lines(report.findings, fix_hint):
        line = Text(n + "  ")
        line.append(esc(code), "bold")
        line.append("  ")
        if mark:
            line.append(mark + " ", FIXABLE)
        line.append(esc(rule))
        con.print(line, soft_wrap=True)


def render(
    report,
    stream,
    *,
    color: str = "auto",
    quiet: bool = False,
    statistics: bool = False,
    fix_hint: bool = False,
    width: int | None = None,
) -> None:
    con = console(stream, color, width)
    if statistics:
        print_statistics(report, con, fix_hint)
    else:
        cols = con.width
        root = os.path.realpath(report.lint_root)
        for _path, group in groupby(report.findings, key=lambda f: f.path):
            sources = SourceLines(root)  # one file's lines at a time
            for f in group:
                _last, lines = excerpt.record_lines(f, sources)
                con.print(finding_text(f, lines, cols, fix_hint), soft_wrap=True)
                con.print()
    if not quiet:
        print_summary(report, con, fix_hint)
