"""``--format rich`` (the default on a terminal), ruff-style: for each finding, file by file,

    zones/example.com.zone:18:1: ZL101 SRV target chat.example.com. is an alias
        |
     18 | _xmpp-server._tcp  IN SRV 5 0 5269 chat.example.com.
        | ^^^^^^^^^^^^^^^^^
    help: point at xmpp.example.com. (RFC 2782)

then a summary with correct plurals (and how many findings ``--fix`` would fix, when the CLI
has one). The first line holds the whole relative path, so a terminal or an editor can open it;
the code is in its severity's colour (red error, yellow warning, cyan info; the severity word
itself is left to ``--format text``). The message and the help wrap at word boundaries to the
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
from rich.color import ColorSystem
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
_COLOR_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
    "windows": ColorSystem.WINDOWS,
}


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


#: a piece of output: its text and its style ("" for none)
Fragment = tuple[str, str]


def wrap(words: list[Fragment], width: int, indent: int = 0) -> list[Fragment]:
    """``words`` (text, style) as lines of at most ``width`` cells, broken only between words;
    continuation lines are indented by ``indent`` unless the next word would not fit there. A
    word wider than the console has a line of its own (the terminal wraps it, unbroken).
    Neighbouring words of one style come back as one fragment."""
    out: list[Fragment] = []
    run: list[str] = []
    run_style = None
    used = 0
    for word, style in words:
        w = len(word) if word.isascii() else cell_len(word)
        if not used:
            sep = ""
        elif used + 1 + w <= width:
            sep = " "
            used += 1
        else:
            pad = indent if indent + w <= width else 0
            sep = "\n" + " " * pad
            used = pad
        if style != run_style:
            if run:
                out.append(("".join(run), run_style))
                run = []
            if sep:
                out.append((sep, ""))
                sep = ""
            run_style = style
        run.append(sep)
        run.append(word)
        used += w
    if run:
        out.append(("".join(run), run_style))
    return out


def wrap_text(head: list[Fragment], text: str, width: int, indent: int = 0) -> list[Fragment]:
    """``head`` (styled words) then the words of ``text`` (unstyled), wrapped as :func:`wrap`
    wraps them. ASCII text with single spaces (every built-in message) is cut at the last space
    that fits, line by line, instead of word by word: the same lines, several times faster."""
    if not (text.isascii() and "  " not in text and text.strip(" ") == text and text):
        return wrap(head + _words(text), width, indent)
    out = wrap(head, width, indent)
    used = cell_len(plain(out).rpartition("\n")[2])  # the head's last line
    parts: list[str] = []
    pos, n = 0, len(text)
    start = used == 0
    while True:
        room = width - used - (0 if start else 1)
        if n - pos <= room:
            parts.append(("" if start else " ") + text[pos:])
            break
        cut = text.rfind(" ", pos, pos + room + 1) if room > 0 else -1
        if cut > pos or start:
            if cut <= pos:  # a word wider than the line: alone, unbroken
                cut = text.find(" ", pos)
                if cut < 0:
                    parts.append(text[pos:])
                    break
            parts.append(("" if start else " ") + text[pos:cut])
            pos = cut + 1
        nxt = text.find(" ", pos)
        w = (n if nxt < 0 else nxt) - pos
        pad = indent if indent + w <= width else 0
        parts.append("\n" + " " * pad)
        used = pad
        start = True
    out.append(("".join(parts), ""))
    return out


def _words(text: str, style: str = "") -> list[Fragment]:
    return [(w, style) for w in text.split(" ") if w]


def _cut(shown: str, start: int, cells: int) -> str:
    """The part of ``shown`` from cell ``start`` at most ``cells`` wide."""
    if start == 0 and len(shown) <= cells and shown.isascii():
        return shown
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


def _fit(shown: str, cells: int) -> str:
    """``shown`` in at most ``cells`` cells, ending in "…" when cut."""
    if cell_len(shown) <= cells:
        return shown
    return _cut(shown, 0, cells - 1) + "…"


def _source(finding, lines: list[str], width: int, style: str) -> list[Fragment]:
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
        total = cell_len(shown)
        # scrolled only as far as the caret needs, and never past the line's end
        start = 0 if at + under <= avail - 1 else min(max(at - avail // 3, 0), max(total - (avail - 1), 0))
        if start:
            shown = "…" + _fit(_cut(shown, start, cell_len(shown)), avail - 1)
            at = at - start + 1
        else:
            shown = _fit(shown, avail)
        under = max(min(under, avail - at), 1)
    out: list[Fragment] = [
        (blank + "\n", GUTTER),
        (f"{finding.line:>{nw}} | ", GUTTER),
        (shown + "\n", ""),
        (blank + " ", GUTTER),
        (" " * at + "^" * under, style),
    ]
    for i, line in enumerate(lines[1 : excerpt.MAX_LINES], start=finding.line + 1):
        out.append((f"\n{i:>{nw}} | ", GUTTER))
        out.append((_fit(excerpt.display(line), avail), ""))
    if len(lines) > excerpt.MAX_LINES:
        out.append(("\n" + blank + " ", GUTTER))
        out.append((f"… {count(len(lines) - excerpt.MAX_LINES, 'more line')} of this record", "dim"))
    return out


def finding_fragments(finding, lines: list[str], width: int, fixable: bool = False) -> list[Fragment]:
    """One finding as the default output shows it (without the blank line after it): first
    ``path:line:col: CODE message``, the code in its severity's colour (``[*]`` after it when
    ``--fix`` would fix it: ``fixable``)."""
    style = STYLE.get(finding.severity, "")
    # served by a DNS server: located by URI, owner and type (no line, no source lines)
    where = f"{finding.path}:{finding.line}:{finding.column}" if finding.source is None else finding.served_location()
    words = [(esc(where) + ":", LOCATION), (esc(finding.code), style)]
    if fixable:
        words.append(("[*]", FIXABLE))
    out = wrap_text(words, esc(finding.message), width)
    if lines:
        out.append(("\n", ""))
        out += _source(finding, lines, width, style)
    help = finding.help  # read once: a lazy help is built at each read
    if help:
        out.append(("\n", ""))
        out += wrap_text([("help:", HELP)], esc(help), width, indent=6)
    return out


def plain(fragments: list[Fragment]) -> str:
    return "".join(text for text, _style in fragments)


class Painter:
    """Fragments to the text a console shows: each style's escape sequences made once by rich
    (for the console's colour system, without colour under ``NO_COLOR``), so that tens of
    thousands of findings are not each laid out again by rich's renderer. An old Windows
    console without escape sequences gets rich's own rendering."""

    def __init__(self, con: Console) -> None:
        self.con = con
        self._system = _COLOR_SYSTEMS.get(con.color_system or "") if not con.legacy_windows else None
        self._codes: dict[str, tuple[str, str]] = {}

    def _wrap_codes(self, style: str) -> tuple[str, str]:
        codes = self._codes.get(style)
        if codes is None:
            from rich.style import Style

            st = Style.parse(style)
            if self.con.no_color:
                st = st.without_color
            before, _, after = st.render("\0", color_system=self._system).partition("\0")
            codes = self._codes[style] = (before, after)
        return codes

    def write(self, fragments: list[Fragment]) -> None:
        if self.con.legacy_windows:
            text = Text()
            for t, style in fragments:
                text.append(t, style)
            self.con.print(text, soft_wrap=True)
            return
        if self._system is None:
            self.con.file.write(plain(fragments) + "\n")
            return
        out = []
        for t, style in fragments:
            if style and t.strip():
                before, after = self._wrap_codes(style)
                out.append(before + t + after)
            else:
                out.append(t)
        out.append("\n")
        self.con.file.write("".join(out))


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
    hint = fix_hint_line(report) if fix_hint else None
    if hint:
        con.print(Text(hint, FIXABLE), soft_wrap=True)
    for note in report.summary_notes:
        con.print(Text(esc(note)), soft_wrap=True)


def print_statistics(report, con: Console, fix_hint: bool) -> None:
    for n, code, mark, rule in statistics_lines(report, fix_hint):
        line = Text(n + "  ")
        line.append(esc(code), "bold")
        line.append("  ")
        if mark:
            line.append(mark + " ", FIXABLE)
        line.append(esc(rule))
        con.print(line, soft_wrap=True)


def _findings(report, con: Console, fix_hint: bool) -> None:
    cols = con.width
    painter = Painter(con)
    root = os.path.realpath(report.lint_root)
    fixable = report.fixable if fix_hint else frozenset()
    for _path, group in groupby(report.findings, key=lambda f: f.path):
        sources = SourceLines(root)  # one file's lines at a time
        for f in group:
            lines = excerpt.record_lines(f, sources)[1] if f.source is None else []
            painter.write(finding_fragments(f, lines, cols, fix_hint and id(f) in fixable) + [("\n", "")])


def render_with(
    show_findings,
    report,
    stream,
    *,
    color: str = "auto",
    quiet: bool = False,
    statistics: bool = False,
    fix_hint: bool = False,
    width: int | None = None,
) -> None:
    """A human format: ``show_findings(report, console, fix_hint)`` (or the statistics), then
    the summary unless ``quiet``. ``width``: the console's width (default: the terminal's)."""
    con = console(stream, color, width)
    if statistics:
        print_statistics(report, con, fix_hint)
    else:
        show_findings(report, con, fix_hint)
    if not quiet:
        print_summary(report, con, fix_hint)


def render(report, stream, **options) -> None:
    render_with(_findings, report, stream, **options)
