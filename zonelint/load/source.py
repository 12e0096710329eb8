"""The bytes of a zone file as text, and positions in that text mapped back to the file.

Zone files are octets, not Unicode: every octet >= 0x80 is read as a ``\\DDD`` escape (as BIND
reads it; :func:`zonelint.rdata.decode_octets`), so the tokenizer only ever sees ASCII. Columns
that reach a report are then mapped back to what an editor shows (UTF-8 characters).
"""

from __future__ import annotations


from ..confine import SNIFF_BYTES
from ..lazyre import LazyPattern
from ..rdata import decode_octets

__all__ = ["Source", "LINE_BREAK", "looks_binary", "strip_bom"]

#: Line breaks as BIND counts them: LF (CRLF is a CR before one). A lone CR ends a record
#: (outside quotes and parentheses) but not a line: BIND counts no line for it.
LINE_BREAK = LazyPattern(r"\n")
_RAW_LINE_BREAK = LazyPattern(rb"\n")
_BOM = b"\xef\xbb\xbf"


class Source:
    """The decoded text of one file plus what is needed to map positions back to the file."""

    def __init__(self, raw: bytes, base: int = 0) -> None:
        self.raw = raw
        #: lines before this text in its file (a segment handed over by the scanner)
        self.base = base
        self.text = decode_octets(raw)
        self.has_high = len(self.text) != len(raw)
        self._starts: list[int] | None = None
        self._raw_lines: list[bytes] | None = None

    def read_on(self, more) -> str | None:
        """Append ``more()``, the next whole lines of the file as bytes (the reader reads on
        past a segment the scanner handed over). Returns the whole text, ``None`` when there
        was no more."""
        raw = more()
        if not raw:
            return None
        text = decode_octets(raw)
        if self._starts is not None:
            end = len(self.text)
            self._starts.extend(m.end() + end for m in LINE_BREAK.finditer(text))
        self.raw += raw
        self.text += text
        self.has_high = self.has_high or len(text) != len(raw)
        self._raw_lines = None
        return self.text

    def line_starts(self) -> list[int]:
        """Offsets of the line starts in the decoded text (line breaks as the tokenizer's outside
        quotes)."""
        if self._starts is None:
            self._starts = [0] + [m.end() for m in LINE_BREAK.finditer(self.text)]
        return self._starts

    def line_text(self, line: int) -> str:
        starts = self.line_starts()
        line -= self.base
        if line < 1 or line > len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end].rstrip("\r\n")

    def col(self, line: int, col: int) -> int:
        """Map a column of the decoded text to a column in characters of the line as an editor
        shows it (UTF-8, an invalid octet counting as one character). Identity for ASCII."""
        if not self.has_high or col <= 1:
            return col
        line -= self.base
        if self._raw_lines is None:
            self._raw_lines = _RAW_LINE_BREAK.split(self.raw)
        if line < 1 or line > len(self._raw_lines):
            return col
        raw = self._raw_lines[line - 1]
        if max(raw, default=0) < 0x80:
            return col
        want = col - 1
        seen = 0  # decoded characters covered by raw[:b]
        b = 0
        while b < len(raw) and seen < want:
            seen += 1 if raw[b] < 0x80 else 4  # each high octet became a 4-character \DDD
            b += 1
        return len(raw[:b].decode("utf-8", "replace")) + 1


def strip_bom(raw: bytes) -> bytes:
    """``raw`` without a leading UTF-8 byte-order mark."""
    return raw[3:] if raw.startswith(_BOM) else raw


def looks_binary(raw: bytes) -> bool:
    """A NUL byte in the first :data:`~zonelint.confine.SNIFF_BYTES` (as git decides), or a
    UTF-16 byte-order mark: not a text zone file. Only the first bytes are looked at, so a
    file is sniffed without reading it whole (:func:`zonelint.confine.read_sniffed`)."""
    return b"\x00" in raw[:SNIFF_BYTES] or raw.startswith((b"\xff\xfe", b"\xfe\xff"))
