"""The small parsers of the fast scanner: plain names, numbers, TTLs, IPv6 addresses, escapes.

Each one accepts exactly what the reference reader (dnspython) reads the same way and answers
``None`` for anything else, so that the scanner (:mod:`.scanner`) hands that token's record to
the reader instead of guessing. Nothing here imports dnspython.
"""

from __future__ import annotations

import re

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
    "BadEscape",
    "plain_origin",
    "COMMON_LINE",
    "MX_DATA",
    "SRV_DATA",
    "NAME_TEXT",
    "TXT_STRINGS",
    "ipv6_canonical",
    "ipv6_by_c_library",
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
#: strings (with escapes), between blanks. Groups: the owner ("" for a blank-owner line), the
#: blanks after it, the TTL before the class, the TTL after it, the type, the rdata (no blanks at
#: either end), the comment (from a ``;`` after the rdata; maybe with the CR of a CRLF). Only
#: printable ASCII and tabs match (no parenthesis, no backslash outside quotes) and never a lone
#: CR: a line that does not match is read the general way; one that matches is read as the
#: general way reads it (the scanner checks TTLs, type and rdata as that path does, or hands the
#: line back to it).
_PLAIN_TOKEN = r"[!#-'*-:<-\[\]-~]++"
_QUOTED_TOKEN = r'"(?:[\t !#-\[\]-~]++|\\[ -~])*+"'
_RDATA_TOKEN = rf"(?:{_PLAIN_TOKEN}|{_QUOTED_TOKEN})"
COMMON_LINE = re.compile(
    rf"((?:{_NAME_TEXT}|@)?)([ \t]++)(?:([0-9]{{1,10}})[ \t]++)?(?:[Ii][Nn][ \t]++)?(?:([0-9]{{1,10}})[ \t]++)?"
    rf"([A-Za-z]{{1,5}})[ \t]++({_RDATA_TOKEN}(?:[ \t]++{_RDATA_TOKEN})*+)"
    r"[ \t]*+(;[^\n]*+)?(?:\r?\n)?\Z"
)
#: The character strings of TXT data COMMON_LINE matched: (quoted text, plain token) pairs.
TXT_STRINGS = re.compile(r'"((?:[^"\\]++|\\.)*+)"|([^ \t"]++)')
#: MX data on one line: preference, exchange (a plain name, not ``@``).
MX_DATA = re.compile(rf"([0-9]{{1,10}})[ \t]++({_NAME_TEXT})\Z")
#: SRV data on one line: priority, weight, port, target (a plain name, not ``@``).
SRV_DATA = re.compile(rf"([0-9]{{1,10}})[ \t]++([0-9]{{1,10}})[ \t]++([0-9]{{1,10}})[ \t]++({_NAME_TEXT})\Z")
#: A plain name but ``@`` (what :data:`NAME` matches but ``@``).
NAME_TEXT = re.compile(rf"{_NAME_TEXT}\Z")
_HEX6 = re.compile(r"[0-9A-Fa-f:]{2,39}\Z")
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
    if _HEX6.match(text) is None:
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


_inet6 = None  # (inet_pton, inet_ntop, AF_INET6) once the socket module is imported, or False
#: AAAA texts read by :func:`ipv6_text` before the socket module is imported (~2 ms: a small zone
#: is read sooner without it)
_PYTHON_FIRST = 64
_python_first = _PYTHON_FIRST


def ipv6_canonical(text: str) -> str | None:
    """:func:`ipv6_text`, by the C library's ``inet_pton``/``inet_ntop`` (~5x faster): the same
    answer for every text (the C functions print the longest run of two or more zero groups as
    ``::``, the first on a tie, hex in lower case without leading zeros, as dnspython does;
    an embedded IPv4 form, which they print with dots, is left to dnspython as there), checked
    on first use against :func:`ipv6_text` on texts that tell implementations apart; where they
    differ, :func:`ipv6_text` answers. The first texts of a run are read by :func:`ipv6_text`
    (the socket module is imported only when there are more)."""
    global _inet6, _python_first
    if _inet6 is None:
        if _python_first > 0:
            _python_first -= 1
            return ipv6_text(text)
        _inet6 = _inet6_functions()
    if _inet6 is False:
        return ipv6_text(text)
    return _c_text(_inet6, text)


def _c_text(functions, text: str) -> str | None:
    if _HEX6.match(text) is None:
        return None
    pton, ntop, af = functions
    try:
        a = ntop(af, pton(af, text))
    except (OSError, ValueError):
        return None
    return None if "." in a else a


def ipv6_by_c_library() -> bool:
    """Set :func:`ipv6_canonical` to the C library's functions now; True when they passed the
    check (they answer from now on)."""
    global _inet6
    if _inet6 is None:
        _inet6 = _inet6_functions()
    return bool(_inet6)


#: texts on which C libraries' IPv6 functions are known to differ (or might)
IPV6_PROBES = (
    "::", "::1", "1::", "0:0:1:0:0:1:0:0", "1:0:0:2:0:0:0:3", "1:0:0:0:2:0:0:3", "0:0:0:0:0:ffff:102:304",
    "::ffff:0:1", "0:0:0:0:0:0:1:2", "0:0:0:0:0:1:2:3", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1::2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:", ":1::2", "1::2:", "1:::2", "12345::", "ABCD:EF01::0001", "1:2:3:4:5:6:7:8", "0::0",
    "::ffff:ffff:1", "1:0:0:0:0:0:0:0", "1::0:0:0:0:0:0", "::1:0:0:0:0:0:0",
)


def _inet6_functions():
    try:
        import socket

        functions = (socket.inet_pton, socket.inet_ntop, socket.AF_INET6)
    except (ImportError, AttributeError):  # pragma: no cover - a Python without IPv6 functions
        return False
    if all(_c_text(functions, t) == ipv6_text(t) for t in IPV6_PROBES):
        return functions
    return False  # pragma: no cover - a C library that prints IPv6 its own way


class BadEscape(ValueError):
    """A bad ``\\`` escape; ``at_end``: the token ends inside it (dnspython's ``UnexpectedEnd``)."""

    def __init__(self, at_end: bool) -> None:
        super().__init__("bad escape")
        self.at_end = at_end


def unescape_strict(v: str) -> bytes:
    """``Token.unescape_to_bytes`` of dnspython 2.9 in linear time (before 2.9 it is quadratic):
    escapes applied, other characters UTF-8 encoded. Raises :class:`BadEscape`."""
    out = bytearray()
    i, n = 0, len(v)
    while i < n:
        c = v[i]
        i += 1
        if c == "\\":
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
                continue
        out += c.encode()
    return bytes(out)


def unescape(v: str) -> bytes | None:
    """``Token.unescape_to_bytes`` of an ASCII token; ``None`` on a bad escape."""
    if "\\" not in v:
        return v.encode("ascii")
    try:
        return unescape_strict(v)
    except BadEscape:
        return None
