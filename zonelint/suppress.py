"""Inline suppressions read from zone-file comments.

- ``; noqa`` on any line of a record suppresses every finding anchored at that record;
- ``; noqa: ZL201,ZL103`` suppresses only those codes;
- ``; zonelint: disable-file=ZL605[,ZL606]`` anywhere in a file suppresses codes for the whole file.

Only comments count: a ``;`` inside a quoted string is not a comment.

A code list is read as ruff reads one: the first word after ``noqa:`` is taken as a code
whatever it looks like (``noqa: ZL6O2`` names the unknown code ``ZL6O2``, which ZL008 reports);
after it, a word joined by a comma, or by blanks when it is shaped like a rule code (2-4 letters
and 3 digits), is another code; the list ends at the first other word, so an explanation may
follow (``; noqa: ZL108 documentation prefix on purpose``). A ``disable-file=`` list is read the
same way (``; zonelint: disable-file=ZL605 legacy zone`` disables ZL605 only).
"""

from __future__ import annotations

import re
from collections import namedtuple

from .lazyre import LazyPattern
from .model import SourceFile

#: a code list: the first word, then words joined by a comma or code-shaped words after blanks
_CODE_LIST = r"(?:[A-Za-z0-9][A-Za-z0-9_-]*)(?:[ \t]*,[ \t]*[A-Za-z0-9][A-Za-z0-9_-]*|[ \t]+[A-Za-z]{2,4}[0-9]{3}\b)*"
_NOQA = LazyPattern(r"\bnoqa\b(?:[ \t]*:[ \t]*(" + _CODE_LIST + r")?)?", re.IGNORECASE)
_CODE_WORD = LazyPattern(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_DISABLE_FILE = LazyPattern(r"\bzonelint[ \t]*:[ \t]*disable-file[ \t]*=[ \t]*(" + _CODE_LIST + ")", re.IGNORECASE)


def comment_start(line: str) -> int | None:
    """The index of the ``;`` that starts the comment of a zone-file line (the first unquoted,
    unescaped one), or ``None`` when the line has no comment."""
    quoted = False
    i = 0
    n = len(line)
    while i < n:
        c = line[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            quoted = not quoted
        elif c == ";" and not quoted:
            return i
        i += 1
    return None


def _comment(line: str) -> str | None:
    """The comment part of a zone-file line (after the first unquoted, unescaped ``;``)."""
    i = comment_start(line)
    return None if i is None else line[i + 1 :]


def noqa_edit(line: str, code: str) -> tuple[int, str] | None:
    """Where and what to insert in ``line`` so that ``; noqa`` suppresses ``code`` there:
    ``(index, text)``, or ``None`` when the line already suppresses it. A line without a comment
    gets ``; noqa: CODE``; a ``noqa: A`` list gets ``,CODE``; another comment gets ``noqa: CODE``."""
    start = comment_start(line)
    end = len(line.rstrip())
    if start is None:
        return end, " ; noqa: " + code
    m = _NOQA.search(line, start + 1)
    if m is None:
        return end, " noqa: " + code
    codes = _codes(m.group(1))
    if codes is None or code.upper() in codes:
        return None  # a bare noqa (every code), or this code already
    return m.start(1) + len(m.group(1).rstrip()), "," + code


def _codes(text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    codes = frozenset(m.group(0).upper() for m in _CODE_WORD.finditer(text))
    return codes or None


#: One ``; noqa`` comment as ZL008 judges it (positions are 0-based character offsets in the
#: line, as the file's text decodes; the finding's column is ``semicolon + 1``). Fields: ``line``;
#: ``semicolon``, the offset of the ``;`` that starts the comment; ``start`` and ``end``, the
#: offsets of the ``noqa`` directive (the word and its code list); ``codes``, ``(code as written,
#: start, end)`` of each code named, None for a bare ``noqa`` (every code); ``alone``, True when
#: the comment holds nothing but the directive (removing it removes the comment); ``text``, the
#: comment's text after its ``;`` (a line break excluded): what a fix rewrites; ``file_wide``, True
#: for ``; zonelint: disable-file=CODES`` (judged over its whole file), False for ``; noqa``.
#: (A ``collections.namedtuple``: ``typing.NamedTuple`` would import typing at every start.)
NoqaComment = namedtuple(
    "NoqaComment", ("line", "semicolon", "start", "end", "codes", "alone", "text", "file_wide"),
    defaults=("", False),
)


def _might_judge(low: str) -> bool:
    return "noqa" in low or "disable-file" in low


def noqa_comments(text: str) -> list[NoqaComment]:
    """Every ``; noqa`` and ``; zonelint: disable-file=`` comment of a file's text, with the
    positions of its codes (ZL008)."""
    out: list[NoqaComment] = []
    if not _might_judge(text.lower()):
        return out
    for lineno, line in enumerate(text.split("\n"), 1):  # lines as BIND counts them: LF only
        if not _might_judge(line.lower()):
            continue
        semi = comment_start(line)
        if semi is None:
            continue
        comment = line[semi + 1 :]
        m = _DISABLE_FILE.search(line, semi + 1)
        file_wide = m is not None
        if m is None:
            m = _NOQA.search(line, semi + 1)
        if m is None:
            continue
        codes = None
        if m.group(1) is not None:
            base = m.start(1)
            codes = tuple(
                (w.group(0), base + w.start(), base + w.end()) for w in _CODE_WORD.finditer(m.group(1))
            ) or None
        alone = not line[semi + 1 : m.start()].strip(" \t;") and not line[m.end() :].strip()
        out.append(NoqaComment(lineno, semi, m.start(), m.end(), codes, alone, comment.rstrip("\r"), file_wide))
    return out


def scan_text(text: str) -> tuple[dict[int, frozenset[str] | None], frozenset[str]]:
    """``(noqa, disabled)`` for a file's text: line -> codes (None = all), and file-wide codes."""
    low = text.lower()
    if "noqa" not in low and "zonelint" not in low:
        return {}, frozenset()
    del low
    return scan_lines(enumerate(text.split("\n"), 1))  # lines as BIND counts them: LF only


def might_suppress(line: str) -> bool:
    """True when ``line`` (or the part of it from its first ``;``) may hold a suppression
    comment: the cheap test a loader runs on every line, to keep only those for
    :func:`scan_lines`."""
    low = line.lower()
    return "noqa" in low or "zonelint" in low


def scan_lines(lines) -> tuple[dict[int, frozenset[str] | None], frozenset[str]]:
    """:func:`scan_text` for ``(line number, line)`` pairs: the lines of a file that may hold a
    suppression comment (any others are passed over), each without its LF."""
    noqa: dict[int, frozenset[str] | None] = {}
    disabled: set[str] = set()
    for lineno, line in lines:
        if not might_suppress(line):
            continue
        comment = _comment(line)
        if comment is None:
            continue
        m = _DISABLE_FILE.search(comment)
        if m:
            disabled |= _codes(m.group(1)) or set()
            continue
        m = _NOQA.search(comment)
        if m:
            noqa[lineno] = _codes(m.group(1))
    return noqa, frozenset(disabled)


def scan_suppressions(file: SourceFile) -> None:
    """Fill ``file.noqa`` and ``file.disabled`` (once) from the file's comments (the fast scanner
    fills them while it reads a file; this reads a file again only when the reference reader
    loaded all of it)."""
    file.scanned = True
    text = file.text
    if text is None:
        from .confine import read_back

        text = read_back(file.path)  # the file loaded, not whatever the path holds now
        if text is None:
            return
    file.noqa, file.disabled = scan_text(text)
