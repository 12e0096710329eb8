"""Where the tokens of a record, a directive or a comment are in a file's bytes.

A fix names a record by its file, line and column; this module reads those lines again with the
loader's tokenizer (:class:`zonelint.load.tokenizer.PositionTokenizer`: multi-line parentheses,
comments, quoted strings, escapes) and maps every token back to byte offsets in the file. The
loader reads octets >= 0x80 as ``\\DDD`` (four characters for one byte, :mod:`zonelint.load.source`),
so offsets in the decoded text are mapped back byte by byte; a UTF-8 byte-order mark is skipped
as the loader skips it. Lines are counted at LF, as the loader counts them (CRLF is a CR before
one).

Nothing here decides what to change: :mod:`zonelint.fix.resolve` does, from the spans found here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dns.tokenizer import COMMENT, EOF, EOL, IDENTIFIER, QUOTED_STRING

from ..load.source import Source
from ..load.tokenizer import PositionTokenizer, TokenError
from ..rdata import decode_octets

__all__ = ["Unfixable", "FileBytes", "Span", "RecordLayout", "record_layout", "directive_spans",
           "comment_span", "next_statement"]

_BOM = b"\xef\xbb\xbf"


class Unfixable(Exception):
    """A change that cannot be located exactly as described: the fix is skipped (why: the
    message)."""


@dataclass(frozen=True)
class Span:
    """Bytes ``start:end`` of the file; ``text`` is the token as the tokenizer read it (escapes
    kept, quotes off)."""

    start: int
    end: int
    text: str
    quoted: bool = False


@dataclass
class RecordLayout:
    """The spans of one record as written. ``start`` is the start of its first line, ``stop`` the
    offset just after its last line break (or the end of the file)."""

    start: int
    stop: int
    owner: Span | None
    ttl: Span | None
    rdclass: Span | None
    rdtype: Span
    rdata: list[Span] = field(default_factory=list)
    comments: list[Span] = field(default_factory=list)


class FileBytes:
    """The bytes of one file and the offsets of its lines (1-based, counted at LF)."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.skip = len(_BOM) if raw.startswith(_BOM) else 0
        starts = [self.skip]
        find = raw.find
        i = find(b"\n", self.skip)
        while i >= 0:
            starts.append(i + 1)
            i = find(b"\n", i + 1)
        self.starts = starts

    @property
    def lines(self) -> int:
        return len(self.starts)

    def line_start(self, line: int) -> int:
        if line < 1 or line > len(self.starts):
            raise Unfixable(f"line {line} is not in the file (it changed since it was read?)")
        return self.starts[line - 1]

    def position(self, offset: int) -> tuple[int, int]:
        """``(line, byte column)`` of a byte offset: line 1-based (counted at LF), column the
        0-based byte offset in that line (an editor converts it to its own unit with the line's
        bytes, ``raw[line_start(line):lines_end(line)]``)."""
        import bisect

        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:  # inside a byte-order mark
            return 1, 0
        return i + 1, offset - self.starts[i]

    def lines_end(self, line: int) -> int:
        """The offset just after line ``line`` (its line break included)."""
        return self.starts[line] if line < len(self.starts) else len(self.raw)


class _Text:
    """Decoded text of a byte range, with the map from decoded offsets to file offsets."""

    def __init__(self, fb: FileBytes, start: int, stop: int) -> None:
        chunk = fb.raw[start:stop]
        self.chunk = chunk
        self.start = start
        self.text = decode_octets(chunk)
        self.starts = [0]
        t = self.text
        i = t.find("\n")
        while i >= 0:
            self.starts.append(i + 1)
            i = t.find("\n", i + 1)
        self._map: list[int] | None = None
        if len(self.text) != len(chunk):
            m: list[int] = []
            for j, b in enumerate(chunk):
                m.extend((j,) * (1 if b < 0x80 else 4))
            m.append(len(chunk))
            self._map = m

    def offset(self, line: int, col: int) -> int:
        """Decoded offset of a tokenizer position (1-based line of this text, 1-based column)."""
        return self.starts[line - 1] + col - 1

    def byte(self, offset: int) -> int:
        """File offset of a decoded offset."""
        return self.start + (offset if self._map is None else self._map[offset])

    def span(self, tok, end: int) -> Span:
        s = self.offset(tok.line, tok.col)
        quoted = tok.ttype == QUOTED_STRING
        return Span(self.byte(s), self.byte(end + 1 if quoted else end), tok.value, quoted)


def _tokens(tok: PositionTokenizer, text: _Text):
    """(token, span) for the content tokens and comments up to the end of the logical line; the
    last item is the EOL/EOF token with the offset after it."""
    while True:
        t = tok.get(want_comment=True)
        if t.ttype in (IDENTIFIER, QUOTED_STRING, COMMENT):
            yield t, text.span(t, tok.pos)
        elif t.ttype in (EOL, EOF):
            yield t, text.byte(tok.pos)
            return
        else:  # pragma: no cover - the tokenizer hands out nothing else
            raise Unfixable(f"unexpected token {t.value!r}")


def _comment_span(t, span: Span) -> Span:
    """A comment token's span starts at its ``;`` (the tokenizer's column)."""
    return Span(span.start, span.end, t.value)


def record_layout(fb: FileBytes, line: int, column: int, end_line: int, rdtype: str) -> RecordLayout:
    """The layout of the record whose first token is at ``line``/``column`` (an editor column, as
    the loader reports it) and that ends on ``end_line``. Raises :class:`Unfixable` when the
    record is not found there as described (another type, another column, a ``$GENERATE`` line,
    a lexical error)."""
    from ..load.state import token_ttl
    from ..rdatagrammar import type_text

    start = fb.line_start(line)
    stop = fb.lines_end(max(end_line, line))
    text = _Text(fb, start, stop)
    tok = PositionTokenizer(text.text)
    try:
        first = tok.get(want_leading=True)
        owner = None
        if first.ttype == IDENTIFIER and not first.value.startswith("$"):
            owner = text.span(first, tok.pos)
            head = first
        elif first.is_whitespace():
            head = tok.get()
        else:
            raise Unfixable(f"line {line} does not start a record")
        if head.ttype != IDENTIFIER:
            raise Unfixable(f"line {line} does not start a record")
        if Source(text.chunk).col(1, head.col) != column:
            raise Unfixable(f"the record at line {line} does not start at column {column}")
        if owner is not None:
            head = tok.get()
        ttl = rdclass = None
        t = head

        def need_identifier(t):
            if t.ttype != IDENTIFIER:
                raise Unfixable(f"the record at line {line} is not written as expected")
            return t

        t = need_identifier(t)
        if token_ttl(t) is not None:
            ttl = text.span(t, tok.pos)
            t = need_identifier(tok.get())
        if _is_class(t.value):
            rdclass = text.span(t, tok.pos)
            t = need_identifier(tok.get())
            if ttl is None and token_ttl(t) is not None:
                ttl = text.span(t, tok.pos)
                t = need_identifier(tok.get())
        written = _type_of(t.value, type_text)
        if written != rdtype.upper():
            raise Unfixable(f"the record at line {line} is of type {written}, not {rdtype}")
        layout = RecordLayout(start, stop, owner, ttl, rdclass, text.span(t, tok.pos))
        for t, span in _tokens(tok, text):
            if t.ttype == COMMENT:
                layout.comments.append(_comment_span(t, span))
            elif t.ttype in (EOL, EOF):
                layout.stop = span
            else:
                layout.rdata.append(span)
        return layout
    except TokenError as e:
        raise Unfixable(f"line {line}: {e.msg}") from None
    except Exception as e:  # noqa: BLE001 - a dnspython syntax error of a token: the file changed
        if isinstance(e, Unfixable):
            raise
        raise Unfixable(f"line {line}: {e}") from None


def _is_class(word: str) -> bool:
    import dns.rdataclass

    try:
        dns.rdataclass.from_text(word)
        return True
    except Exception:  # noqa: BLE001 - not a class
        return False


def _type_of(word: str, type_text) -> str:
    import dns.rdatatype

    from ..rrtypes import type_number

    try:
        number = dns.rdatatype.from_text(word)
    except Exception:  # noqa: BLE001 - zonelint's own mnemonics
        number = type_number(word)
    if not number:
        return word.upper()
    return type_text(number)


def directive_spans(fb: FileBytes, line: int) -> tuple[Span, list[Span], int]:
    """``(directive, arguments, end of line)`` of the directive written at the start of ``line``."""
    start = fb.line_start(line)
    text = _Text(fb, start, fb.lines_end(line))
    tok = PositionTokenizer(text.text)
    try:
        first = tok.get(want_leading=True)
        if first.ttype != IDENTIFIER or not first.value.startswith("$"):
            raise Unfixable(f"line {line} is not a directive")
        head = text.span(first, tok.pos)
        args = []
        end = text.byte(len(text.text))
        for t, span in _tokens(tok, text):
            if t.ttype in (EOL, EOF):
                end = span
            elif t.ttype != COMMENT:
                args.append(span)
        return head, args, end
    except TokenError as e:
        raise Unfixable(f"line {line}: {e.msg}") from None


def comment_span(fb: FileBytes, line: int) -> tuple[Span, int, int]:
    """``(comment, start of its blanks, end of the line's content)`` for the ``;`` comment on
    ``line``: the span runs from the ``;`` to the end of the comment (line break excluded); the
    second value is where the blanks before the ``;`` begin. The line is read on its own, as a
    line inside parentheses (a ``)`` there is no error)."""
    start = fb.line_start(line)
    text = _Text(fb, start, fb.lines_end(line))
    tok = PositionTokenizer(text.text)
    tok.multiline = 1
    tok.parens.append((1, 1))
    found = None
    try:
        while True:
            t = tok.get(want_comment=True)
            if t.ttype == COMMENT:
                found = _comment_span(t, text.span(t, tok.pos))
                break
            if t.ttype in (EOL, EOF):
                break
    except TokenError as e:
        raise Unfixable(f"line {line}: {e.msg}") from None
    if found is None:
        raise Unfixable(f"line {line} has no comment")
    before = found.start
    raw = fb.raw
    while before > start and raw[before - 1] in b" \t":
        before -= 1
    return found, before, start


#: directives that change no owner, TTL or class a record inherits: ``next_statement`` looks past
#: them for the next record (``$INCLUDE`` and ``$GENERATE`` make records; anything else is unknown)
TRANSPARENT_DIRECTIVES = frozenset({"$ORIGIN", "$TTL"})


def next_statement(fb: FileBytes, after: int) -> tuple[str, RecordHead | None]:
    """What follows offset ``after`` (the start of a line) past blank and comment-only lines and
    ``$ORIGIN``/``$TTL`` lines (:data:`TRANSPARENT_DIRECTIVES`): ``("eof", None)``,
    ``("$INCLUDE", None)`` (the directive's name, for any other directive) or ``("record",
    head)`` with which of owner, TTL and class the next record writes (``("unknown", None)``
    when its first line cannot be read on its own)."""
    raw = fb.raw
    pos = after
    n = len(raw)
    while pos < n:
        nl = raw.find(b"\n", pos)
        end = n if nl < 0 else nl + 1
        body = raw[pos:end].split(b";", 1)[0]
        if body.strip(b" \t\r\n"):
            what, head = _statement(raw[pos:end])
            if what not in TRANSPARENT_DIRECTIVES:
                return what, head
        pos = end
    return "eof", None


@dataclass(frozen=True)
class RecordHead:
    owner: bool
    ttl: bool
    rdclass: bool


def _statement(line: bytes) -> tuple[str, RecordHead | None]:
    from ..load.state import token_ttl

    if line[:1] == b"$":
        return line.split(None, 1)[0].decode("ascii", "replace").upper(), None
    tok = PositionTokenizer(decode_octets(line))
    try:
        first = tok.get(want_leading=True)
        owner = first.ttype == IDENTIFIER
        t = tok.get() if (owner or first.is_whitespace()) else first
        ttl = rdclass = False
        for _ in range(2):
            if t.ttype != IDENTIFIER:
                break
            if not ttl and token_ttl(t) is not None:
                ttl = True
            elif not rdclass and _is_class(t.value):
                rdclass = True
            else:
                break
            t = tok.get()
        return "record", RecordHead(owner, ttl, rdclass)
    except Exception:  # noqa: BLE001 - an unreadable next line: nothing is known about it
        return "unknown", None
