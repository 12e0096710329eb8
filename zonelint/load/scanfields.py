"""The small parsers of the fast scanner: plain names, numbers, TTLs, IPv6 addresses, escapes.

Each one accepts exactly what the reference reader (dnspython) reads the same way and answers
``None`` for anything else, so that the scanner (:mod:`.scanner`) hands that token's record to
the reader instead of guessing. Nothing here imports dnspython.
"""

from __future__ import annotations

import re

from ..lazyre import LazyPattern

from .bindcompat import MAX_RDATA
from .state import MAX_TTL, ttl_seconds

__all__ = [
    "NAME",
    "IPV4",
    "scan_ttl",
    "uint",
    "wire_len",
    "ipv6_text",
    "unescape",
    "unescape_strict",
    "txt_data",
    "BadEscape",
    "plain_origin",
    "COMMON_LINE",
    "ORIGIN_LINE",
    "MX_DATA",
    "SRV_DATA",
    "NAME_TEXT",
    "TXT_STRINGS",
    "HEX6",
]

_LABEL = r"[A-Za-z0-9_*/+=-]{1,63}"
#: A plain name: labels of letters, digits and ``_*/+=-``, or ``@``.
NAME = re.compile(rf"(?:{_LABEL}(?:\.{_LABEL})*\.?|@)\Z")
IPV4 = re.compile(
    r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\Z"
)
_NAME_TEXT = rf"{_LABEL}+(?:\.{_LABEL}+)*+\.?"
#: The common shape of a whole one-line record, matched on the line as read (its LF, a CRLF, a
#: comment included): an owner that is a plain name (:data:`NAME`), or blanks first (the last
#: owner's record); ``[ttl] [IN] [ttl] type``; the rdata: tokens of plain characters or quoted
#: strings (with escapes), between blanks. Only printable ASCII and tabs match (no parenthesis,
#: no backslash outside quotes) and never a lone CR: a line that does not match is read the
#: general way; one that matches is read as the general way reads it (the scanner checks TTLs,
#: type and rdata as that path does, or hands the line back to it). Groups: the owner ("" for a
#: blank-owner line), an empty group where the blanks after it end (its start is the column of
#: a blank-owner line's first token, less one), the TTL before the class, the TTL after it; then
#: SRV data of plain numbers and a plain target (priority, weight and port as one text, with the
#: blanks between them, and the target: groups 5-6) or else the type and the rdata (up to 12
#: tokens, no blanks at either end: 7, 8); the comment (from a ``;`` after the rdata, maybe with
#: the CR of a CRLF; "" when there is none).
#: The common-line patterns are compiled on first use (~2 ms for COMMON_LINE: a small zone, whose
#: lines the scanner reads the general way, does not pay it at start-up).
def _up_to(first: str, more: str, n: int) -> str:
    """``first`` then up to ``n - 1`` of ``more``, as nested alternatives: ``re`` runs a repeat
    of a group (``(?:...)*``, ``(?:...)?``) with a context it allocates per match and saves the
    groups at each step, an alternative with an empty branch far more cheaply."""
    inner = ""
    for _ in range(n - 1):
        inner = f"(?:{more}{inner}|)"
    return first + inner


_PLAIN_TOKEN = r"[!#-'*-:<-\[\]-~]++"
_QUOTED_TOKEN = r'"(?:[\t !#-\[\]-~]++|\\[ -~])*+"'
_RDATA_TOKEN = rf"(?:{_PLAIN_TOKEN}|{_QUOTED_TOKEN})"
_NUMBER = r"[0-9]{1,10}"
_RDATA = _up_to(_RDATA_TOKEN, r"[ \t]++" + _RDATA_TOKEN, 12)  # up to 12 tokens (more: the general way)
#: a plain name of up to 16 labels (a longer one is read the general way)
_SHORT_NAME = "(?:" + _up_to(_LABEL + "+", r"\." + _LABEL + "+", 16) + r"\.?+)"
COMMON_LINE = LazyPattern(
    rf"((?:{_SHORT_NAME}|@|))[ \t]++()(?:([0-9]{{1,10}})[ \t]++|)(?:[Ii][Nn][ \t]++|)(?:([0-9]{{1,10}})[ \t]++|)"
    rf"(?:[Ss][Rr][Vv][ \t]++({_NUMBER}[ \t]++{_NUMBER}[ \t]++{_NUMBER})[ \t]++({_SHORT_NAME})"
    rf"|([A-Za-z]{{1,5}})[ \t]++({_RDATA}))"
    r"[ \t]*+(;[^\n]*+|)(?:\r?\n|)\Z"
)
#: The character strings of TXT data COMMON_LINE matched: (quoted text, plain token) pairs.
TXT_STRINGS = LazyPattern(r'"((?:[^"\\]++|\\.)*+)"|([^ \t"]++)')
#: A ``$ORIGIN`` line of a plain name and nothing else (no comment), as the general path reads it
#: (:meth:`~.scanner.Scanner._directive`, which also accepts other spellings): the name.
ORIGIN_LINE = LazyPattern(rf"\$ORIGIN[ \t]++({_NAME_TEXT})[ \t]*+(?:\r?\n|)\Z")
#: MX data on one line: preference, exchange (a plain name, not ``@``).
MX_DATA = LazyPattern(rf"([0-9]{{1,10}})[ \t]++({_NAME_TEXT})\Z")
#: SRV data on one line: priority, weight, port, target (a plain name, not ``@``).
SRV_DATA = LazyPattern(rf"([0-9]{{1,10}})[ \t]++([0-9]{{1,10}})[ \t]++([0-9]{{1,10}})[ \t]++({_NAME_TEXT})\Z")
#: A plain name but ``@`` (what :data:`NAME` matches but ``@``).
NAME_TEXT = LazyPattern(rf"{_NAME_TEXT}\Z")
#: What an IPv6 address without a dotted quad may be made of.
HEX6 = re.compile(r"[0-9A-Fa-f:]{2,39}\Z")
_DIGITS = re.compile(r"\d{1,10}\Z")


def scan_ttl(v: str) -> int | None:
    """A record TTL as the reader reads it (digits or unit groups), ``None`` when not TTL-shaped
    or out of range (the reader then reports it, so the scanner hands the line over)."""
    if v.isdigit():
        if len(v) > 10:
            return None
        t = int(v)
    else:
        t = ttl_seconds(v)
        if t is None:
            return None
    return t if t <= MAX_TTL else None


def plain_origin(text: str) -> str | None:
    """``dns.name.from_text(text).to_text()`` for a plain name, else ``None``."""
    if text == "@" or NAME.match(text) is None:
        return None
    o = text if text.endswith(".") else text + "."
    return o if wire_len(o) <= 255 else None


def uint(v: str, limit: int) -> int | None:
    if _DIGITS.match(v) is None:
        return None
    n = int(v)
    return n if n <= limit else None


def wire_len(text: str) -> int:
    """Wire length of a plain absolute name in text form (no escapes)."""
    return 1 if text == "." else len(text) + 1


def ipv6_text(text: str) -> str | None:
    """The canonical text of an IPv6 address without a dotted quad (dnspython's
    ``dns.ipv6.inet_aton``/``inet_ntoa``, ISC licence), or ``None`` when it is not one."""
    if HEX6.match(text) is None:
        return None
    b = text
    if b.endswith(":") and not b.endswith("::"):
        return None
    if b.startswith(":") and not b.startswith("::"):
        return None
    if b == "::":
        b = "0::"
    if b.startswith("::"):
        b = b[1:]
    elif b.endswith("::"):
        b = b[:-1]
    chunks = b.split(":")
    n = len(chunks)
    if n > 8:
        return None
    seen_empty = False
    canon: list[str] = []
    for c in chunks:
        if c == "":
            if seen_empty:
                return None
            seen_empty = True
            canon.extend(["0"] * (8 - n + 1))
        else:
            if len(c) > 4:
                return None
            canon.append(c)
    if n < 8 and not seen_empty:
        return None
    if len(canon) != 8:
        return None
    # inet_ntoa: lower-case hex without leading zeros, longest run (>1) of zeros as '::'
    out = ["%x" % int(c, 16) for c in canon]
    best_start = best_len = 0
    start = -1
    zero = False
    for i in range(8):
        if out[i] != "0":
            if zero:
                if i - start > best_len:
                    best_start, best_len = start, i - start
                zero = False
        elif not zero:
            start, zero = i, True
    if zero and 8 - start > best_len:
        best_start, best_len = start, 8 - start
    if best_len > 1:
        if best_start == 0 and (best_len == 6 or (best_len == 5 and out[5] == "ffff")):
            return None  # embedded IPv4 form: leave it to dnspython
        return ":".join(out[:best_start]) + "::" + ":".join(out[best_start + best_len :])
    return ":".join(out)


class BadEscape(ValueError):
    """A bad ``\\`` escape; ``at_end``: the token ends inside it (dnspython's ``UnexpectedEnd``)."""

    def __init__(self, at_end: bool) -> None:
        super().__init__("bad escape")
        self.at_end = at_end


def unescape_strict(v: str) -> bytes:
    """``Token.unescape_to_bytes`` of dnspython 2.9 in linear time (before 2.9 it is quadratic):
    escapes applied, other characters UTF-8 encoded. Raises :class:`BadEscape`. (The text between
    escapes is encoded a run at a time: UTF-8 of a run is that of its characters one by one.)"""
    out = bytearray()
    i, n = 0, len(v)
    while True:
        j = v.find("\\", i)
        if j < 0:
            out += v[i:].encode()
            return bytes(out)
        if j > i:
            out += v[i:j].encode()
        i = j + 1
        if i >= n:
            raise BadEscape(True)
        c = v[i]
        i += 1
        if c in "0123456789":
            if i + 2 > n:
                raise BadEscape(True)
            c2, c3 = v[i], v[i + 1]
            i += 2
            if c2 not in "0123456789" or c3 not in "0123456789":
                raise BadEscape(False)
            cp = int(c) * 100 + int(c2) * 10 + int(c3)
            if cp > 255:
                raise BadEscape(False)
            out.append(cp)
        else:
            out += c.encode()


def unescape(v: str) -> bytes | None:
    """``Token.unescape_to_bytes`` of an ASCII token; ``None`` on a bad escape."""
    if "\\" not in v:
        return v.encode("ascii")
    try:
        return unescape_strict(v)
    except BadEscape:
        return None


def txt_data(strings) -> tuple | None:
    """The ``Record.data`` of TXT character strings (their tokens, quotes taken off), ``None``
    when one is bad or too long, or all of them too long for a DNS message (the reader reports
    it)."""
    out = []
    size = 0
    for s in strings:
        b = unescape(s)
        if b is None or len(b) > 255:
            return None
        size += len(b) + 1
        out.append(b)
    if size > MAX_RDATA:
        return None
    return (tuple(out),)
