"""Escaping for human-readable output (text, rich, stderr, progress).

A zone, a file name or a config value comes from the repository being linted: printed raw, a
newline followed by ``::error ...`` would be a GitHub workflow command in the job log, ESC would
drive the terminal, and a bidirectional control would reorder what a reviewer reads. Every
control character (C0, DEL, C1; ESC therefore ends any escape sequence) and every bidirectional
control (U+202A-U+202E, U+2066-U+2069, and the marks U+200E, U+200F, U+061C) is escaped:

- DNS names and tokens of a zone as RFC 1035 ``\\DDD`` of each octet (:func:`dns_token`);
- paths, config values and anything else as ``\\xHH`` / ``\\uHHHH`` (:func:`text`); an octet
  of a file name that is not UTF-8 as ``\\xHH``.

Machine formats (``github``, ``sarif``, ``gitlab``, ``json``) escape as their own specifications
say; this module is for what a human reads.
"""

from __future__ import annotations

import re

from .lazyre import LazyPattern

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# lone surrogates too: an undecodable octet of a file name (surrogateescape) cannot be printed
_UNSAFE = LazyPattern(f"[\x00-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")


def _hex(m: re.Match) -> str:
    c = ord(m.group())
    if 0xDC80 <= c <= 0xDCFF:  # the octet a file name really holds
        c -= 0xDC00
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def text(value: object) -> str:
    """``value`` as text with every control and bidirectional character as ``\\xHH``/``\\uHHHH``."""
    s = value if isinstance(value, str) else str(value)
    return _UNSAFE.sub(_hex, s) if _UNSAFE.search(s) else s


def _ddd(m: re.Match) -> str:
    try:
        raw = m.group().encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is no escaped octet
        raw = m.group().encode("utf-8", "surrogatepass")
    return "".join(f"\\{b:03d}" for b in raw)


def dns_token(value: str) -> str:
    """A token of a zone file with every control and bidirectional character as RFC 1035
    ``\\DDD`` (one per octet of its UTF-8 form)."""
    return _UNSAFE.sub(_ddd, value) if _UNSAFE.search(value) else value


def is_safe(value: str) -> bool:
    return _UNSAFE.search(value) is None
