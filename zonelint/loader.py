"""The reference zone-file loader: the raw record stream, with file/line/column for everything.

dnspython's ``dns.zone`` / ``dns.zonefile.Reader`` merge duplicates, normalise TTLs inside an
RRset, drop out-of-zone names silently and abort on CNAME-and-other-data. A linter needs what is
*written*, so this module runs its own reader loop on top of :class:`dns.tokenizer.Tokenizer`
(subclassed to track columns) and :func:`dns.rdata.from_text`:

- every record comes out as a :class:`~zonelint.model.Record`, in file order, ``$INCLUDE``\\ d
  files expanded in place, nothing merged or dropped;
- problems come out as :class:`~zonelint.model.Problem` (``ZL001`` parse errors, ``ZL002``
  refused ``$INCLUDE``, ``ZL003`` refused ``$GENERATE``, ``ZL005`` out-of-zone records,
  ``ZL006`` unknown origin), each at the line and column of the offending token;
- after an error the reader skips to the end of the logical record and carries on, so one typo
  does not hide later records or errors.

The reader loop, the TTL inheritance rules (``_implicit_ttl``, RFC 2308 mode) and the directive
handling are adapted from dnspython's ``dns/zonefile.py`` and ``dns/tokenizer.py``
(Copyright (C) Dnspython Contributors; Copyright (C) 2003-2017 Nominum, Inc.; ISC licence:
"Permission to use, copy, modify, and distribute this software and its documentation for any
purpose with or without fee is hereby granted, provided that the above copyright notice and this
permission notice appear in all copies.").

Entry points: :func:`load_zone` (a file on disk) and :func:`load_text` (tests). The loader never
raises for bad *content*; :func:`load_zone` raises :class:`OSError` only when the top-level file
itself cannot be read (the CLI checks that beforehand).
"""

from __future__ import annotations

import binascii
import codecs
import os
import re

import dns.exception
import dns.grange
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.tokenizer
import dns.ttl
from dns.tokenizer import (
    _DELIMITERS,
    _QUOTING_DELIMITERS,
    COMMENT,
    DELIMITER,
    EOF,
    EOL,
    IDENTIFIER,
    QUOTED_STRING,
    WHITESPACE,
    Token,
)
from dns.zonefile import _generate_text

from . import rdatagrammar
from .loadtypes import LoadedZone, LoadOptions
from .model import Problem, Record, SourceFile
from .rrtypes import OBSOLETE_TYPES, type_number

__all__ = ["LoadOptions", "LoadedZone", "load_zone", "load_text", "compact_data", "MAX_TTL"]

#: RFC 2181 §8: TTLs are 0..2^31-1. (``dns.ttl.MAX_TTL`` is 2^32-1 in dnspython 2.9.)
MAX_TTL = 2147483647
IN = dns.rdataclass.IN
SOA = dns.rdatatype.SOA

NO_ORIGIN = (
    "cannot determine the origin of this zone: pass --origin, add an `origins` entry in the "
    "config, or start the file with $ORIGIN"
)
NO_TTL = "no TTL specified (no $TTL, no earlier TTL, no SOA yet): BIND rejects the zone"
NOT_TEXT = "file is not a text zone file: contains NUL bytes (binary or UTF-16?)"

_DIRECTIVES = ("$ORIGIN", "$TTL", "$INCLUDE", "$GENERATE")
#: Types read by zonelint's own grammar (``rdatagrammar``): those the installed dnspython has no
#: parser for. They load as opaque RFC 3597 records.
_GRAMMAR_TYPES = frozenset(
    n for n in rdatagrammar.GRAMMARS if dns.rdata.get_rdata_class(IN, n) is dns.rdata.GenericRdata
)
#: The largest RDATA a DNS message can carry: 65535 (RFC 1035 §4.2.2, the TCP length field)
#: minus the header (12), a root owner (1) and TYPE/CLASS/TTL/RDLENGTH (10); BIND's
#: DNS_RDATA_MAXLENGTH. RDLENGTH itself is 16 bits (RFC 1035 §3.2.1).
MAX_RDATA = 65512
_TTL_SHAPE = re.compile(r"(?:\d+|(?:\d+[wdhmsWDHMS])+)\Z")
_TTL_UNIT = re.compile(r"(\d+)([wdhmsWDHMS])")
_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_RAW_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_PLAIN = re.compile(r'[^ \t\n\r;()"\\]+')
_BLANKS = re.compile(r"[ \t]*")
_RANGE_MSG = re.compile(r"(\d+) is not an (?:octal )?unsigned (\d+)-bit integer")

# ---------------------------------------------------------------------------------------------
# bytes -> text


def _ddd_errors(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: every undecodable byte becomes a ``\\DDD`` escape (as BIND reads the
    octet). A byte already escaped by an odd run of backslashes gets only its digits."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    data = exc.object
    out = []
    for i in range(exc.start, exc.end):
        if i == exc.start:
            k = i - 1
            while k >= 0 and data[k] == 0x5C:  # backslash
                k -= 1
            escaped = (i - 1 - k) % 2 == 1
        else:
            escaped = False
        out.append(("%03d" if escaped else "\\%03d") % data[i])
    return "".join(out), exc.end


codecs.register_error("zonelint-ddd", _ddd_errors)


def _decode(raw: bytes) -> str:
    """ASCII with every octet >= 0x80 as a ``\\DDD`` escape."""
    return raw.decode("ascii", "zonelint-ddd")


class _Source:
    """The decoded text of one file plus what is needed to map positions back to the file."""

    def __init__(self, raw: bytes, base: int = 0) -> None:
        self.raw = raw
        #: lines before this text in its file (a segment handed over by the scanner)
        self.base = base
        self.text = _decode(raw)
        self.has_high = len(self.text) != len(raw)
        self._starts: list[int] | None = None
        self._raw_lines: list[bytes] | None = None

    # line starts in the decoded text (same line breaks as the tokenizer outside quotes)
    def line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
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


def _looks_binary(raw: bytes) -> bool:
    return b"\x00" in raw or raw.startswith((b"\xff\xfe", b"\xfe\xff"))


# ---------------------------------------------------------------------------------------------
# tokenizer with positions


PAREN, QUOTE, CLOSE, BACKSLASH = "paren", "quote", "close", "backslash"


class _TokError(dns.exception.SyntaxError):
    """A lexical error raised by :class:`PositionTokenizer`, with its own position."""

    def __init__(self, msg: str, line: int, col: int, kind: str, line_done: bool = False):
        super().__init__(msg)
        self.msg = msg
        self.line = line
        self.col = col
        self.kind = kind
        #: the newline ending the offending line was consumed
        self.line_done = line_done


class _ParseError(Exception):
    """A positioned parse error (message already in plain words)."""

    def __init__(self, msg: str, line: int, col: int):
        super().__init__(msg)
        self.msg = msg
        self.line = line
        self.col = col


class _Stop(Exception):
    """Stop loading (ZL006 was emitted)."""


class PositionTokenizer(dns.tokenizer.Tokenizer):
    """A :class:`dns.tokenizer.Tokenizer` over an in-memory string that knows where things are.

    Every token it returns carries ``line`` and ``col`` (1-based, in characters of the decoded
    line; a tab counts as one) of its first character: the quote for a quoted string, the
    newline or ``;`` for an EOL. It also keeps the positions of the open parentheses
    (``parens``) and of the last opening quote (``quote_at``), the line of the last content
    token or ``)`` (``last_line``), the last token returned (``last``) and a count of content
    tokens handed out (``ntok``), so the loader can point at the offending token.

    ``get`` is adapted from dnspython's ``Tokenizer.get`` (ISC licence); lexical errors are raised
    as :class:`_TokError` with the position a human wants (where the parenthesis or the quote was
    opened), not where the tokenizer noticed.
    """

    def __init__(self, text: str, filename: str = "<string>", first_line: int = 1) -> None:
        super().__init__("", filename)
        self.line_number = first_line
        self.text = text
        self.n = len(text)
        self.pos = 0
        self.line_start = 0
        self._prev = 0
        self._prev_ls = 0
        self.parens: list[tuple[int, int]] = []
        self.quote_at = (1, 1)
        self.last: Token | None = None
        self.last_content: Token | None = None
        self.last_line = first_line
        self.ntok = 0

    # -- characters ---------------------------------------------------------------------------
    def _get_char(self) -> str:
        pos = self.pos
        self._prev = pos
        if pos >= self.n:
            self.eof = True
            return ""
        c = self.text[pos]
        if c == "\n":
            self._prev_ls = self.line_start
            self.pos = self.line_start = pos + 1
            self.line_number += 1
        elif c == "\r" and not self.quoting:
            # outside quotes, CR and CRLF end the line like LF (as dnspython does)
            self._prev_ls = self.line_start
            pos += 1
            if pos < self.n and self.text[pos] == "\n":
                pos += 1
            self.pos = self.line_start = pos
            self.line_number += 1
            c = "\n"
        else:
            self.pos = pos + 1
        return c

    def _unget_char(self, c: str) -> None:
        self.pos = self._prev
        if c == "\n":
            self.line_number -= 1
            self.line_start = self._prev_ls

    def skip_whitespace(self) -> int:
        """Skip blanks (and, inside parentheses, line breaks); return how many characters."""
        text = self.text
        start = pos = self.pos
        while True:
            pos = _BLANKS.match(text, pos).end()
            if pos < self.n and self.multiline and text[pos] in "\r\n":
                if text[pos] == "\r" and self.quoting:  # pragma: no cover - as dnspython
                    break
                pos += 2 if text.startswith("\r\n", pos) else 1
                self.line_number += 1
                self.line_start = pos
                continue
            break
        self.pos = pos
        return pos - start

    def _prev_col(self) -> int:
        """Column of the character just read."""
        return self._prev - self.line_start + 1

    # -- tokens -------------------------------------------------------------------------------
    def _make(self, ttype: int, value, line: int, col: int, has_escape=False, comment=None):
        t = Token(ttype, value, has_escape, comment)
        t.line = line  # type: ignore[attr-defined]
        t.col = col  # type: ignore[attr-defined]
        self.last = t
        return t

    def get(self, want_leading: bool = False, want_comment: bool = False) -> Token:
        utoken = self.ungotten_token
        if utoken is not None:
            self.ungotten_token = None
            if utoken.is_whitespace():
                if want_leading:
                    return utoken
            elif utoken.is_comment():
                if want_comment:
                    return utoken
            else:
                if utoken.ttype == IDENTIFIER or utoken.ttype == QUOTED_STRING:
                    self.ntok += 1
                    self.last_content = utoken
                self.last = utoken
                return utoken
        skipped = self.skip_whitespace()
        sline = self.line_number
        scol = self.pos - self.line_start + 1
        if want_leading and skipped > 0:
            t = Token(WHITESPACE, " ")
            t.line, t.col = sline, scol  # type: ignore[attr-defined]
            return t
        if not self.quoting:
            # fast path: a plain identifier (no escapes) in one regex match
            m = _PLAIN.match(self.text, self.pos)
            if m is not None:
                end = m.end()
                if end >= self.n or self.text[end] != "\\":
                    self.pos = end
                    self.ntok += 1
                    self.last_line = sline
                    t = self._make(IDENTIFIER, m.group(), sline, scol)
                    self.last_content = t
                    return t
        token = ""
        ttype = IDENTIFIER
        has_escape = False
        while True:
            c = self._get_char()
            if c == "" or c in self.delimiters:
                if c == "" and self.quoting:
                    raise _TokError(
                        "unterminated quoted string: the '\"' opened here is never closed",
                        *self.quote_at,
                        QUOTE,
                        line_done=True,
                    )
                if token == "" and ttype != QUOTED_STRING:
                    if c == "(":
                        self.parens.append((self.line_number, self._prev_col()))
                        self.multiline += 1
                        self.skip_whitespace()
                        sline, scol = self.line_number, self.pos - self.line_start + 1
                        continue
                    elif c == ")":
                        if self.multiline <= 0:
                            raise _TokError(
                                "unbalanced ')': no '(' is open",
                                self.line_number,
                                self._prev_col(),
                                CLOSE,
                            )
                        self.multiline -= 1
                        self.parens.pop()
                        self.last_line = self.line_number
                        self.skip_whitespace()
                        sline, scol = self.line_number, self.pos - self.line_start + 1
                        continue
                    elif c == '"':
                        if not self.quoting:
                            self.quoting = True
                            self.delimiters = _QUOTING_DELIMITERS
                            ttype = QUOTED_STRING
                            self.quote_at = (self.line_number, self._prev_col())
                            continue
                        else:
                            self.quoting = False
                            self.delimiters = _DELIMITERS
                            self.skip_whitespace()
                            sline, scol = self.line_number, self.pos - self.line_start + 1
                            continue
                    elif c == "\n":
                        return self._make(EOL, "\n", sline, scol)
                    elif c == ";":
                        while True:
                            c = self._get_char()
                            if c == "\n" or c == "":
                                break
                            token += c
                        if want_comment:
                            self._unget_char(c)
                            return self._make(COMMENT, token, sline, scol)
                        elif c == "":
                            if self.multiline:
                                raise self._paren_error()
                            return self._make(EOF, "", sline, scol, comment=token)
                        elif self.multiline:
                            self.skip_whitespace()
                            sline, scol = self.line_number, self.pos - self.line_start + 1
                            token = ""
                            continue
                        else:
                            return self._make(EOL, "\n", sline, scol, comment=token)
                    else:  # pragma: no cover - dnspython never returns delimiters
                        token = c
                        ttype = DELIMITER
                else:
                    self._unget_char(c)
                break
            elif self.quoting and c == "\n":
                raise _TokError(
                    "unterminated quoted string: the '\"' opened here is not closed on its line",
                    *self.quote_at,
                    QUOTE,
                    line_done=True,
                )
            elif c == "\\":
                bline, bcol = self.line_number, self._prev_col()
                token += c
                has_escape = True
                c = self._get_char()
                if c == "" or (c == "\n" and not self.quoting):
                    raise _TokError(
                        "backslash at the end of the line", bline, bcol, BACKSLASH, line_done=True
                    )
            token += c
        if token == "" and ttype != QUOTED_STRING:
            if self.multiline:
                raise self._paren_error()
            ttype = EOF
            return self._make(EOF, "", sline, scol)
        self.ntok += 1
        self.last_line = sline
        t = self._make(ttype, token, sline, scol, has_escape)
        self.last_content = t
        return t

    def _paren_error(self) -> _TokError:
        line, col = self.parens[0] if self.parens else (self.line_number, 1)
        return _TokError(
            "unterminated parenthesis: the '(' opened here is never closed",
            line,
            col,
            PAREN,
            line_done=True,
        )

    def unget(self, token: Token) -> None:
        super().unget(token)
        if token.ttype == IDENTIFIER or token.ttype == QUOTED_STRING:
            self.ntok -= 1
        if not hasattr(token, "line"):  # an unescape()d copy
            last = self.last
            token.line = getattr(last, "line", self.line_number)  # type: ignore[attr-defined]
            token.col = getattr(last, "col", 1)  # type: ignore[attr-defined]

    # -- recovery helpers ---------------------------------------------------------------------
    def mark(self) -> dict:
        """The whole reading state, for :meth:`restore` (to read a record a second time)."""
        state = dict(self.__dict__)
        state["parens"] = list(self.parens)
        return state

    def restore(self, state: dict) -> None:
        self.__dict__.update(state)
        self.parens = list(state["parens"])

    def reset_to(self, pos: int, line: int) -> None:
        """Continue reading at text offset ``pos`` (the start of ``line``) with a clean state."""
        self.pos = min(pos, self.n)
        self.line_start = self.pos
        self.line_number = line
        self.ungotten_token = None
        self.multiline = 0
        self.parens.clear()
        self.quoting = False
        self.delimiters = _DELIMITERS
        self.eof = self.pos >= self.n

    def paren_closes(self) -> bool:
        """True when the open parentheses close before the end of the text (a cheap scan that
        honours quotes, escapes and comments)."""
        depth = self.multiline
        text = self.text
        n = self.n
        i = self.pos
        q = self.quoting
        while i < n:
            c = text[i]
            if c == "\\":
                i += 2
                continue
            if q:
                if c == '"' or c == "\n" or c == "\r":
                    q = False
            elif c == '"':
                q = True
            elif c == ";":
                m = _LINE_BREAK.search(text, i)
                if m is None:
                    return False
                i = m.start()
                continue
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth <= 0:
                    return True
            i += 1
        return False


# ---------------------------------------------------------------------------------------------
# public API


def load_zone(
    path: str,
    display: str,
    origin: str | None,
    options: LoadOptions,
    fallback_origin: str | None = None,
    reported: bool = True,
) -> LoadedZone:
    """Load the zone file at ``path``.

    ``origin`` is the explicit origin (``--origin`` or the config); without it a ``$ORIGIN``
    before the first record decides, then ``fallback_origin`` (from the file name). ``display``
    is the path shown in reports; ``reported`` is copied to every :class:`SourceFile` read.

    Never raises for the file's content. Raises :class:`OSError` if ``path`` itself cannot be
    read.
    """
    with open(path, "rb") as f:
        raw = f.read()
    sfile = SourceFile(path=path, display=display, reported=reported)
    loader = _Loader(options, sfile, origin, fallback_origin)
    loader.stack.append(os.path.realpath(path))
    return loader.run(raw)


def load_text(
    text: str | bytes,
    origin: str | None,
    path: str = "<text>",
    options: LoadOptions | None = None,
) -> LoadedZone:
    """Load zone text (for tests). Touches the disk only for ``$INCLUDE``; relative includes
    are looked up from ``options.cwd``, the folder of ``path`` (when it has one) and
    ``options.include_path``. Default options use the current directory as the lint root."""
    if options is None:
        options = LoadOptions(lint_root=os.path.realpath(os.getcwd()))
    if isinstance(text, str):
        raw = text.encode("utf-8", "surrogateescape")
    else:
        raw = bytes(text)
        text = raw.decode("utf-8", "replace")
    sfile = SourceFile(path=path, display=path, text=text)
    loader = _Loader(options, sfile, origin, None)
    if os.path.isfile(path):
        loader.stack.append(os.path.realpath(path))
    return loader.run(raw)


def compact_data(rdtype: str, rd) -> tuple | None:
    """The compact ``Record.data`` tuple of a hot record type (see ``model.DATA_TYPES``), or
    ``None`` for other types. Names are absolute text; TXT strings are bytes."""
    try:
        if rdtype == "SRV":
            return (rd.priority, rd.weight, rd.port, rd.target.to_text())
        if rdtype == "MX":
            return (rd.preference, rd.exchange.to_text())
        if rdtype in ("NS", "CNAME", "DNAME", "PTR"):
            return (rd.target.to_text(),)
        if rdtype in ("A", "AAAA"):
            return (rd.address,)
        if rdtype == "SOA":
            return (
                rd.mname.to_text(),
                rd.rname.to_text(),
                rd.serial,
                rd.refresh,
                rd.retry,
                rd.expire,
                rd.minimum,
            )
        if rdtype == "NAPTR":
            return (
                rd.order,
                rd.preference,
                _decode(rd.flags),
                _decode(rd.service),
                _decode(rd.regexp),
                rd.replacement.to_text(),
            )
        if rdtype == "TXT":
            return (tuple(rd.strings),)
    except AttributeError:  # pragma: no cover - generic rdata of a known type
        return None
    return None


# ---------------------------------------------------------------------------------------------
# messages

# Field names of common types, for messages that say which field is wrong or missing.
_FIELDS: dict[str, tuple[str, ...]] = {
    "A": ("address",),
    "AAAA": ("address",),
    "NS": ("target",),
    "CNAME": ("target",),
    "DNAME": ("target",),
    "PTR": ("target",),
    "MX": ("preference", "exchange"),
    "SRV": ("priority", "weight", "port", "target"),
    "SOA": ("mname", "rname", "serial", "refresh", "retry", "expire", "minimum"),
    "NAPTR": ("order", "preference", "flags", "service", "regexp", "replacement"),
    "CAA": ("flags", "tag", "value"),
    "DS": ("key tag", "algorithm", "digest type", "digest"),
    "CDS": ("key tag", "algorithm", "digest type", "digest"),
    "DNSKEY": ("flags", "protocol", "algorithm", "public key"),
    "CDNSKEY": ("flags", "protocol", "algorithm", "public key"),
    "SSHFP": ("algorithm", "fingerprint type", "fingerprint"),
    "TLSA": ("usage", "selector", "matching type", "certificate data"),
    "SMIMEA": ("usage", "selector", "matching type", "certificate data"),
    "HINFO": ("cpu", "os"),
    "RP": ("mbox", "txt"),
    "AFSDB": ("subtype", "hostname"),
    "URI": ("priority", "weight", "target"),
    "TXT": ("string",),
    "SPF": ("string",),
}


def _show(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 3] + "..."


def _shown_token(t: Token) -> str:
    if t.is_eol_or_eof():
        return "end of line"
    if t.is_quoted_string():
        return f'"{_show(str(t.value))}"'
    return f"'{_show(str(t.value))}'"


def _reason(exc: BaseException) -> str:
    """dnspython's exception in plain words."""
    if isinstance(exc, dns.exception.SyntaxError) and exc.__cause__ is not None:
        exc = exc.__cause__
    if isinstance(exc, dns.name.LabelTooLong):
        return "a label is longer than 63 octets"
    if isinstance(exc, dns.name.NameTooLong):
        return "the name is longer than 255 octets"
    if isinstance(exc, dns.name.EmptyLabel):
        return "empty label (two dots in a row?)"
    if isinstance(exc, dns.name.BadEscape):
        return "bad escape sequence"
    if isinstance(exc, dns.exception.UnexpectedEnd):
        return "unexpected end of data"
    if isinstance(exc, dns.ttl.BadTTL):
        return "not a valid TTL"
    if isinstance(exc, binascii.Error):
        text = str(exc)
        if "Odd-length" in text:
            return "odd number of hexadecimal digits"
        return "not valid hexadecimal" if "hexadecimal" in text else "not valid base64"
    text = str(exc).strip()
    m = _RANGE_MSG.match(text)
    if m:
        return f"{m.group(1)} is out of range (max {2 ** int(m.group(2)) - 1})"
    plain = {
        "expecting an integer": "expected an integer",
        "expecting an identifier": "expected a value",
        "expecting a string": "expected a string",
        "string too long": "string longer than 255 octets",
        "Text input is malformed.": "malformed value",
        "Non-hexadecimal digit found": "not valid hexadecimal",
        "Odd-length string": "odd number of hexadecimal digits",
        "expecting another identifier": "more data expected",
    }
    if text in plain:
        return plain[text]
    if isinstance(exc, dns.exception.DNSException):
        return text.rstrip(".") or "syntax error"
    return text or type(exc).__name__


# ---------------------------------------------------------------------------------------------
# the reader


class _Loader:
    """One load: the reader state shared by the top-level file and its includes."""

    def __init__(
        self,
        options: LoadOptions,
        top: SourceFile,
        origin: str | None,
        fallback_origin: str | None,
    ) -> None:
        self.options = options
        self.top = top
        self.records: list[Record] = []
        self.problems: list[Problem] = []
        self.includes: list[str] = []
        self.files: list[SourceFile] = [top]
        self.stack: list[str] = []  # real paths of the files being read (include chain)
        self.depth = 0
        self.explicit_origin = origin
        self.zone_origin: dns.name.Name | None = None
        self.fallback: dns.name.Name | None = None
        if fallback_origin:
            try:
                self.fallback = dns.name.from_text(fallback_origin)
            except Exception:
                self.fallback = None
        self.current_origin: dns.name.Name | None = None
        self.last_name: dns.name.Name | None = None
        # TTL state, as in dnspython's Reader (rfc2308_ttl=True)
        self.last_ttl = 0
        self.last_ttl_known = False
        self.default_ttl = 0
        self.default_ttl_known = False
        self.default_ttl_from_soa = False
        # per file being read
        self.tok: PositionTokenizer
        self.src: _Source
        self.sfile: SourceFile = top
        self.owner: str | None = None  # owner of the record being read (for problems)

    # -- results ------------------------------------------------------------------------------
    def run(self, raw: bytes) -> LoadedZone:
        try:
            if self.explicit_origin is not None:
                try:
                    self.zone_origin = dns.name.from_text(self.explicit_origin)
                    self.current_origin = self.zone_origin
                except Exception as e:
                    self.problems.append(
                        Problem(
                            "ZL006",
                            f"the origin '{self.explicit_origin}' is not a valid domain name "
                            f"({_reason(e)})",
                            self.top,
                            1,
                            1,
                        )
                    )
                    raise _Stop from None
            self._read_file(raw, self.top)
            if self.zone_origin is None:
                # nothing needed the origin (no records): still settle it, so that
                # ``origin is None`` always comes with a ZL006
                self.zone_origin = self.fallback
                if self.zone_origin is None:
                    self.sfile, self.src = self.top, _Source(b"")
                    self._problem("ZL006", NO_ORIGIN, 1, 1)
        except _Stop:
            pass
        except Exception as e:  # pragma: no cover - defensive: never raise for content
            self.problems.append(
                Problem(
                    "ZL001",
                    f"internal error in the loader ({type(e).__name__}: {e}); loading stopped",
                    self.sfile,
                    getattr(getattr(self, "tok", None), "line_number", 1),
                    1,
                )
            )
        return LoadedZone(
            file=self.top,
            origin=self.zone_origin.to_text() if self.zone_origin is not None else None,
            records=self.records,
            problems=self.problems,
            includes=self.includes,
            files=self.files,
        )

    def _problem(
        self,
        code: str,
        message: str,
        line: int,
        col: int,
        owner: str | None = None,
        record: Record | None = None,
    ) -> None:
        self.problems.append(
            Problem(code, message, self.sfile, line, self.src.col(line, col), owner, record)
        )

    # -- origin -------------------------------------------------------------------------------
    def _need_origin(self, line: int, col: int) -> None:
        """Make sure the zone origin is known (adopting the fallback), or emit ZL006 and stop."""
        if self.zone_origin is not None:
            if self.current_origin is None:
                self.current_origin = self.zone_origin
            return
        if self.fallback is not None:
            self.zone_origin = self.fallback
            if self.current_origin is None:
                self.current_origin = self.fallback
            return
        self._problem("ZL006", NO_ORIGIN, line, col)
        raise _Stop

    def _name(self, t: Token, what: str) -> dns.name.Name:
        """The absolute name in token ``t``, relative names completed with the current origin."""
        line, col = t.line, t.col  # type: ignore[attr-defined]
        if not t.is_identifier():
            raise _ParseError(f"expected an {what}, got {_shown_token(t)}", line, col)
        try:
            name = dns.name.from_text(t.value, None)
            if not name.is_absolute():
                self._need_origin(line, col)
                name = name.derelativize(self.current_origin)
            return name
        except (_Stop, _ParseError):
            raise
        except Exception as e:
            raise _ParseError(f"bad {what} '{_show(t.value)}': {_reason(e)}", line, col) from None

    # -- TTL ----------------------------------------------------------------------------------
    @staticmethod
    def _ttl_value(t: Token) -> int | None:
        """The TTL in token ``t``, ``None`` when it is not TTL-shaped; out of range -> error."""
        if not t.is_identifier():
            return None
        v = t.value
        if not _TTL_SHAPE.match(v):
            return None
        if v.isdigit():
            ttl = int(v)
        else:
            ttl = sum(int(n) * _UNITS[u.lower()] for n, u in _TTL_UNIT.findall(v))
        if ttl > MAX_TTL:
            shown = v if v.isdigit() else f"{v} (= {ttl})"
            raise _ParseError(
                f"TTL {shown} out of range (max {MAX_TTL}, RFC 2181 §8)",
                t.line,  # type: ignore[attr-defined]
                t.col,  # type: ignore[attr-defined]
            )
        return ttl

    def _ttl_state(self) -> tuple:
        return (
            self.last_ttl,
            self.last_ttl_known,
            self.default_ttl,
            self.default_ttl_known,
            self.default_ttl_from_soa,
        )

    def _set_ttl_state(self, state: tuple) -> None:
        (
            self.last_ttl,
            self.last_ttl_known,
            self.default_ttl,
            self.default_ttl_known,
            self.default_ttl_from_soa,
        ) = state

    def _ttl_source(self, explicit: bool) -> str:
        """Where the TTL of the record just read came from (mirrors :meth:`_implicit_ttl`)."""
        if explicit:
            return "explicit"
        if self.last_ttl_known and (not self.default_ttl_known or self.default_ttl_from_soa):
            return "previous"
        return "soa-minimum" if self.default_ttl_from_soa else "$TTL"

    def _implicit_ttl(self) -> int | None:
        """dnspython's ``Reader._implicit_ttl`` (RFC 2308 mode): ``$TTL`` wins, except that the
        last explicit TTL beats a default taken from the SOA minimum."""
        if self.last_ttl_known and (not self.default_ttl_known or self.default_ttl_from_soa):
            return self.last_ttl
        if self.default_ttl_known:
            return self.default_ttl
        return None

    def _get(self, what: str) -> Token:
        """The next token, which must be an identifier (``what`` names it in errors)."""
        t = self.tok.get()
        if not t.is_identifier():
            if t.is_eol_or_eof():
                raise _ParseError(f"incomplete record: missing {what}", t.line, t.col)
            raise _ParseError(f"expected {what}, got {_shown_token(t)}", t.line, t.col)
        return t

    def _ttl_class_type(self):
        """``[ttl] [class] type`` or ``[class] [ttl] type``: returns (ttl or None, explicit,
        rdtype, type token). Explicit TTLs update the last-TTL state."""
        t = self._get("a TTL, class or record type")
        ttl = self._ttl_value(t)
        explicit = ttl is not None
        if explicit:
            self.last_ttl, self.last_ttl_known = ttl, True
            t = self._get("a class or record type")
        try:
            rdclass = dns.rdataclass.from_text(t.value)
        except Exception:
            rdclass = None
        if rdclass is not None:
            if rdclass != IN:
                raise _ParseError(
                    f"record class {dns.rdataclass.to_text(rdclass)} differs from the zone's "
                    "class IN",
                    t.line,
                    t.col,
                )
            t = self._get("a TTL or record type" if not explicit else "a record type")
        if not explicit:
            ttl = self._ttl_value(t)
            if ttl is not None:
                explicit = True
                self.last_ttl, self.last_ttl_known = ttl, True
                t = self._get("a record type")
            else:
                ttl = self._implicit_ttl()
        try:
            rdtype = dns.rdatatype.from_text(t.value)
        except Exception:
            rdtype = type_number(t.value)
        if rdtype in OBSOLETE_TYPES:
            raise _ParseError(
                f"type '{OBSOLETE_TYPES[rdtype]}' is obsolete (RFC 973: use MX); BIND refuses it",
                t.line,
                t.col,
            )
        if rdtype is None:
            if t.value[:1].isdigit() or t.value[:2].lstrip("-")[:1].isdigit():
                # type mnemonics never start with a digit: this is a TTL gone wrong
                raise _ParseError(
                    f"bad TTL '{_show(t.value)}' (expected seconds or units like 1h30m)",
                    t.line,
                    t.col,
                ) from None
            raise _ParseError(f"unknown record type '{_show(t.value)}'", t.line, t.col)
        if dns.rdatatype.is_metatype(rdtype):
            raise _ParseError(
                f"meta RR type '{dns.rdatatype.to_text(rdtype)}' cannot appear in a zone file",
                t.line,
                t.col,
            )
        return ttl, explicit, rdtype, t

    # -- rdata --------------------------------------------------------------------------------
    def _rdata_error(
        self, e: BaseException, rdtype: str, start: int, first: tuple[int, int] | None
    ) -> _ParseError:
        """Turn an exception from ``dns.rdata.from_text`` into a message at the offending
        token (the last one the rdata parser took; ``first`` is where the data starts)."""
        tok = self.tok
        last = tok.last
        line = getattr(last, "line", tok.line_number)
        col = getattr(last, "col", 1)
        fields = _FIELDS.get(rdtype)
        text = str(e)
        if text.startswith("generic rdata does not start with"):
            return _ParseError(
                f"zonelint cannot read {rdtype} data: dnspython has no text parser for this "
                "type (write it in the RFC 3597 form '\\# length hex')",
                line,
                col,
            )
        if (
            last is not None
            and last.is_eol_or_eof()
            and tok.ungotten_token is last
            and tok.last_content is not None
            and tok.ntok > start
        ):
            # the parser read the whole record, then rejected the data as a whole: point at
            # the start of the data
            line, col = first if first is not None else (line, col)
            return _ParseError(f"bad {rdtype} record: {_reason(e)}", line, col)
        if last is None or last.is_eol_or_eof():
            idx = tok.ntok - start
            if fields and idx < len(fields):
                return _ParseError(
                    f"{rdtype} record is incomplete: missing {fields[idx]} "
                    f"({rdtype} is: {' '.join(fields)})",
                    line,
                    col,
                )
            return _ParseError(f"{rdtype} record is incomplete: {_reason(e)}", line, col)
        idx = max(tok.ntok - start - 1, 0)
        fname = fields[min(idx, len(fields) - 1)] if fields else None
        value = _show(str(last.value))
        if text.startswith("expected EOL or EOF"):
            return _ParseError(
                f"unexpected extra data '{value}' after the {rdtype} record", line, col
            )
        if rdtype in ("A", "AAAA") and idx == 0:
            v = "4" if rdtype == "A" else "6"
            return _ParseError(f"bad IPv{v} address '{value}'", line, col)
        m = _RANGE_MSG.match(text)
        if m:
            return _ParseError(
                f"{rdtype} {fname or 'value'} {m.group(1)} out of range "
                f"(max {2 ** int(m.group(2)) - 1})",
                line,
                col,
            )
        what = f"{rdtype} {fname}" if fname else f"{rdtype} data"
        msg = f"bad {what} '{value}': {_reason(e)}"
        if fields and idx < len(fields) - 1 and tok.ungotten_token is None:
            # the offending token ends the record: probably a field is missing before it
            try:
                nxt = tok.get()
                tok.unget(nxt)
                if nxt.is_eol_or_eof():
                    msg += f" (is a field missing? {rdtype} is: {' '.join(fields)})"
            except Exception:
                pass
        return _ParseError(msg, line, col)

    # -- rdata ----------------------------------------------------------------------------------
    def _rdata(self, rdtype: int, type_text: str, start: int, first: tuple[int, int]):
        """The rdata of the record being read: dnspython's parser, or for the types it cannot
        parse the grammar of :mod:`zonelint.rdatagrammar` (an opaque record); a record
        dnspython refuses gets a second reading by a BIND fallback grammar where one exists."""
        tok = self.tok
        if rdtype in _GRAMMAR_TYPES:
            t = tok.get()
            tok.unget(t)
            if not (t.is_identifier() and t.value == "\\#"):
                return self._grammar_rdata(rdtype, type_text, False)
        before = tok.mark() if rdtype in rdatagrammar.FALLBACKS else None
        try:
            rd = dns.rdata.from_text(IN, rdtype, tok, self.current_origin, False, None)
        except _TokError:
            raise
        except Exception as e:
            err = self._rdata_error(e, type_text, start, first)
            if before is None:
                raise err from None
            after = tok.mark()
            tok.restore(before)
            try:
                return self._grammar_rdata(rdtype, type_text, True)
            except Exception:
                tok.restore(after)
                raise err from None
        if rdtype in _GRAMMAR_TYPES:  # RFC 3597 data: must fit the type's layout, as in BIND
            try:
                rdatagrammar.canonical(rdtype, rd.data)
            except ValueError as e:
                raise _ParseError(f"bad {type_text} data in RFC 3597 form: {e}", *first) from None
            rd = rdatagrammar.opaque_rdata(rdtype, rd.data)
        return rd

    def _grammar_rdata(self, rdtype: int, type_text: str, fallback: bool):
        """Read the rest of the record and build its rdata by the type's grammar."""
        tok = self.tok
        toks = []
        t = tok.get()
        while not t.is_eol_or_eof():
            toks.append(t)
            t = tok.get()
        words = [rdatagrammar.Tok(x.value, x.is_quoted_string()) for x in toks]
        try:
            wire = rdatagrammar.parse(rdtype, words, self.current_origin, fallback)
        except rdatagrammar.GrammarError as e:
            at = toks[e.index] if e.index < len(toks) else t
            raise _ParseError(f"bad {type_text} record: {e}", at.line, at.col) from None
        if fallback:
            try:
                return dns.rdata.from_wire(IN, rdtype, wire, 0, len(wire))
            except Exception:
                return dns.rdata.GenericRdata(IN, rdtype, wire)
        return rdatagrammar.opaque_rdata(rdtype, wire)

    # -- records ------------------------------------------------------------------------------
    def _emit(self, rec: Record, name: dns.name.Name) -> None:
        if name.is_subdomain(self.zone_origin):
            self.records.append(rec)
        else:
            self.problems.append(
                Problem(
                    "ZL005",
                    f"{rec.owner} is outside the zone {self.zone_origin.to_text()}: BIND ignores "
                    "it and dnspython drops it silently",
                    rec.file,
                    rec.line,
                    rec.column,
                    rec.owner,
                    rec,
                )
            )

    def _rr_line(self) -> None:
        """Read one resource record (adapted from dnspython's ``Reader._rr_line``)."""
        tok = self.tok
        t = tok.get(want_leading=True)
        if t.is_whitespace():
            t = tok.get()
            if t.is_eol_or_eof():
                return  # blanks then end of line
            line, col = t.line, t.col
            tok.unget(t)
            self._need_origin(line, col)
            name = self.last_name
            if name is None:
                raise _ParseError(
                    "no owner name: the first record must name its owner (BIND: no current "
                    "owner name)",
                    line,
                    col,
                )
        else:
            line, col = t.line, t.col
            self._need_origin(line, col)
            name = self._name(t, "owner name")
            self.last_name = name
        tok.last_line = line
        owner = name.to_text()
        self.owner = owner
        # Out-of-zone records are parsed (to report them with their data) but, as dnspython
        # skips their line and BIND ignores them, they leave the TTL state untouched.
        inside = name.is_subdomain(self.zone_origin)
        saved = None if inside else self._ttl_state()

        try:
            ttl, explicit, rdtype, _ = self._ttl_class_type()
            type_text = rdatagrammar.type_text(rdtype)
            begin = tok.pos
            t0 = tok.get()
            tok.unget(t0)
            first = (t0.line, t0.col)
            start = tok.ntok
            rd = self._rdata(rdtype, type_text, start, first)
            why = _bind_rejects(type_text, rd)
            if why:
                raise _ParseError(f"bad {type_text} record: {why}", *first)
            why = _too_long(rd, tok.pos - begin, self.current_origin)
            if why:
                raise _ParseError(f"{type_text} record too long: {why}", *first)
        finally:
            if saved is not None:
                self._set_ttl_state(saved)
        end_line = max(tok.last_line, line)

        if not inside:
            if ttl is None:
                ttl = 0  # BIND ignores the record before asking for a TTL
        elif not self.default_ttl_known and rdtype == SOA:
            # pre-RFC 2308 behaviour kept by dnspython: the SOA minimum becomes the default TTL
            self.default_ttl = rd.minimum
            self.default_ttl_known = True
            self.default_ttl_from_soa = True
            if ttl is None:
                ttl = self._implicit_ttl()
        if ttl is None:
            raise _ParseError(NO_TTL, line, col)

        rec = Record(
            self.sfile,
            line,
            self.src.col(line, col),
            end_line,
            owner,
            ttl,
            explicit,
            "IN",
            type_text,
            rd.to_text(),
            self.current_origin.to_text(),
            compact_data(type_text, rd),
            rd,
            self._ttl_source(explicit),
        )
        self._emit(rec, name)

    # -- directives ---------------------------------------------------------------------------
    def _directive(self, t: Token) -> None:
        tok = self.tok
        d = t.value.upper()
        if d == "$TTL":
            v = tok.get()
            ttl = self._ttl_value(v) if v.is_identifier() else None
            if ttl is None:
                if v.is_eol_or_eof():
                    raise _ParseError("$TTL needs a value", t.line, t.col)
                raise _ParseError(f"bad $TTL value {_shown_token(v)}", v.line, v.col)
            self._eol("$TTL")
            self.default_ttl = ttl
            self.default_ttl_known = True
            self.default_ttl_from_soa = False
        elif d == "$ORIGIN":
            v = tok.get()
            if v.is_eol_or_eof():
                raise _ParseError("$ORIGIN needs a domain name", t.line, t.col)
            origin = self._name(v, "origin")
            self._eol("$ORIGIN")
            self._origin_doubled(t, v, origin)
            self.current_origin = origin
            if self.zone_origin is None:
                self.zone_origin = origin
        elif d == "$INCLUDE":
            v = tok.get()
            if not (v.is_identifier() or v.is_quoted_string()):
                raise _ParseError("$INCLUDE needs a file name", t.line, t.col)
            try:
                fname = v.unescape().value
            except Exception:
                fname = v.value
            o = tok.get()
            new_origin = None
            if o.is_identifier():
                new_origin = self._name(o, "origin")
                self._eol("$INCLUDE")
                self._origin_doubled(t, o, new_origin)
            elif not o.is_eol_or_eof():
                raise _ParseError(f"bad origin in $INCLUDE: {_shown_token(o)}", o.line, o.col)
            self._include(fname, new_origin, t)
        elif d == "$GENERATE":
            self._generate(t)
        else:
            raise _ParseError(
                f"unknown directive '{_show(t.value)}' (known: {', '.join(_DIRECTIVES)})",
                t.line,
                t.col,
            )

    def _origin_doubled(self, directive: Token, t: Token, origin: dns.name.Name) -> None:
        """A relative origin argument that repeats the origin in effect (``$ORIGIN example.org``
        in the zone ``example.org.``: the new origin is ``example.org.example.org.``): ZL107 at the
        directive, once, instead of one finding per record below it. Single-label origins are
        left alone (a zone ``com.`` may own ``com.com.``)."""
        text = t.value.lower()
        if text.endswith(".") or "\\" in text:
            return
        for base in (self.current_origin, self.zone_origin):
            if base is None or len(base.labels) < 3:  # root label included: 2+ real labels
                continue
            b = base.to_text().lower()[:-1]
            if text == b or text.endswith("." + b):
                new = origin.to_text()
                cur = self.current_origin.to_text() if self.current_origin is not None else base.to_text()
                self._problem(
                    "ZL107",
                    f"{directive.value.upper()} {t.value} has no trailing dot, so it is relative to "
                    f"{cur} and the origin becomes {new}: every relative name below it ends in "
                    f"{base.to_text()} twice (RFC 1035 §5.1); write {t.value}. (with the dot)",
                    directive.line,
                    directive.col,
                    owner=new,
                )
                return

    def _eol(self, what: str) -> None:
        t = self.tok.get()
        if not t.is_eol_or_eof():
            raise _ParseError(f"unexpected {_shown_token(t)} after {what}", t.line, t.col)

    # -- $INCLUDE -----------------------------------------------------------------------------
    def _include(self, fname: str, new_origin: dns.name.Name | None, t: Token) -> None:
        opts = self.options
        line, col = t.line, t.col

        def refuse(msg: str) -> None:
            self._problem("ZL002", msg, line, col)

        if os.path.isabs(fname):
            dirs: list[str] = []
            candidates = [fname]
        else:
            dirs = [opts.cwd]
            here = self.sfile.path
            if os.path.isfile(here):
                dirs.append(os.path.dirname(os.path.abspath(here)))
            dirs.extend(opts.include_path)
            seen: list[str] = []
            for d in dirs:
                d = os.path.abspath(d)
                if d not in seen:
                    seen.append(d)
            dirs = seen
            candidates = [os.path.join(d, fname) for d in dirs]
        found = next((c for c in candidates if os.path.lexists(c)), None)
        if found is None:
            where = f" (looked in: {', '.join(dirs)})" if dirs else ""
            return refuse(f"$INCLUDE file '{fname}' not found{where}")
        real = os.path.realpath(found)
        root = os.path.realpath(opts.lint_root)
        if not opts.allow_include_outside and not _within(real, root):
            return refuse(
                f"$INCLUDE '{fname}' resolves outside the lint root ({root}): refused; "
                "set allow-include-outside = true to allow it"
            )
        if not os.path.exists(real):
            return refuse(f"$INCLUDE file '{fname}' not found (dangling link)")
        if os.path.isdir(real):
            return refuse(f"$INCLUDE '{fname}' is a directory, not a file")
        if real in self.stack:
            chain = " -> ".join(os.path.basename(p) for p in self.stack + [real])
            return refuse(f"$INCLUDE '{fname}' forms a loop ({chain}): not read again")
        if self.depth + 1 > opts.max_include_depth:
            return refuse(
                f"$INCLUDE '{fname}' would nest deeper than max-include-depth "
                f"{opts.max_include_depth}: not read"
            )
        try:
            with open(real, "rb") as f:
                raw = f.read()
        except OSError as e:
            return refuse(f"$INCLUDE '{fname}' cannot be read: {e.strerror or e}")

        self.includes.append(real)
        path = os.path.normpath(found)
        inc = SourceFile(
            path=path,
            display=_display(path),
            reported=self.top.reported,
            included_from=self.sfile,
        )
        self.files.append(inc)
        # Like dnspython and BIND, the origin and the current owner come back after the
        # include. The TTL state is NOT restored: BIND keeps a $TTL (or an explicit TTL) seen
        # in an included file (dnspython would drop it, and then reject a zone BIND loads).
        saved = (self.tok, self.src, self.sfile, self.current_origin, self.last_name)
        if new_origin is not None:
            self.current_origin = new_origin
        self.stack.append(real)
        self.depth += 1
        try:
            self._read_file(raw, inc)
        finally:
            self.stack.pop()
            self.depth -= 1
            self.tok, self.src, self.sfile, self.current_origin, self.last_name = saved

    # -- $GENERATE ----------------------------------------------------------------------------
    def _generate(self, t: Token) -> None:
        """``$GENERATE range lhs [ttl] [class] type rhs`` (adapted from dnspython's
        ``Reader._generate_line``; the range is counted before anything is expanded)."""
        tok = self.tok
        line, col = t.line, t.col
        self._need_origin(line, col)
        r = tok.get()
        if not r.is_identifier():
            raise _ParseError(
                "$GENERATE needs: range lhs [ttl] [class] type rhs", r.line, r.col
            )
        try:
            start, stop, step = dns.grange.from_text(r.value)
            if step < 1:
                raise ValueError
        except Exception:
            raise _ParseError(
                f"bad $GENERATE range '{_show(r.value)}' (expected start-stop[/step])",
                r.line,
                r.col,
            ) from None
        count = len(range(start, stop + 1, step))
        if count > self.options.max_generate:
            self._problem(
                "ZL003",
                f"$GENERATE {r.value} would create {count} records, above max-generate "
                f"{self.options.max_generate}: not expanded",
                line,
                col,
            )
            self._skip_record()
            return
        lhs = self._get("the $GENERATE owner (lhs)").value
        ttl, explicit, rdtype, _ = self._ttl_class_type()
        rt = tok.get()
        if not (rt.is_identifier() or rt.is_quoted_string()):
            raise _ParseError("$GENERATE needs the record data (rhs)", rt.line, rt.col)
        rhs = rt.value
        for m in _GEN_OFFSET.finditer(lhs + " " + rhs):
            # BIND computes iterator + offset in a C int and refuses an overflow ("out of range")
            off = int(m.group(1))
            if not (_INT_MIN <= start + off and stop + off <= _INT_MAX):
                raise _ParseError(
                    f"$GENERATE {r.value}: offset {_show(m.group(1))} takes the value out of "
                    f"range (BIND refuses values beyond {_INT_MIN}..{_INT_MAX})",
                    line,
                    col,
                )
        x = tok.get()
        if not x.is_eol_or_eof():
            raise _ParseError(
                f"unexpected {_shown_token(x)} after the $GENERATE rhs (quote the rhs if it "
                "contains spaces)",
                x.line,
                x.col,
            )
        end_line = max(tok.last_line, line)
        if ttl is None:
            raise _ParseError(NO_TTL, line, col)
        type_text = dns.rdatatype.to_text(rdtype)
        origin = self.current_origin
        origin_text = origin.to_text()
        ccol = self.src.col(line, col)
        for i in range(start, stop + 1, step):
            ntext = rtext = ""
            try:
                ntext = _generate_text(_nibble_wrap(lhs, i), i)
                rtext = _generate_text(_nibble_wrap(rhs, i), i)
                name = dns.name.from_text(ntext, origin)
                rd = dns.rdata.from_text(IN, rdtype, rtext, origin, False, None)
            except Exception as e:
                if not ntext or not rtext:
                    msg = f"$GENERATE {r.value}: cannot expand the template for {i}: {_reason(e)}"
                else:
                    msg = (
                        f"$GENERATE {r.value}: {i} gives a bad record "
                        f"'{_show(ntext)} {type_text} {_show(rtext)}': {_reason(e)}"
                    )
                raise _ParseError(msg, line, col) from None
            self.last_name = name
            rec = Record(
                self.sfile,
                line,
                ccol,
                end_line,
                name.to_text(),
                ttl,
                explicit,
                "IN",
                type_text,
                rd.to_text(),
                origin_text,
                compact_data(type_text, rd),
                rd,
                self._ttl_source(explicit),
            )
            self._emit(rec, name)

    # -- the loop -----------------------------------------------------------------------------
    def _read_file(self, raw: bytes, sfile: SourceFile) -> None:
        """Read one file (top-level or included) with the shared state."""
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        self.sfile = sfile
        self.src = _Source(b"" if _looks_binary(raw) else raw)
        if _looks_binary(raw):
            self._problem("ZL001", NOT_TEXT, 1, 1)
            return
        self.tok = PositionTokenizer(self.src.text, sfile.path)
        self._loop()

    def read_segment(self, raw: bytes, sfile: SourceFile, first_line: int) -> None:
        """Read ``raw``, whole lines of ``sfile`` starting at line ``first_line``, with the
        current state (the scanner hands over what it does not fully understand)."""
        self.sfile = sfile
        self.src = _Source(raw, first_line - 1)
        self.tok = PositionTokenizer(self.src.text, sfile.path, first_line)
        if first_line > 1:
            # as if the previous line had just been read to its end
            self.tok.last = self.tok._make(EOL, "\n", first_line - 1, 1)
        self._loop()

    def _loop(self) -> None:
        tok = self.tok
        while True:
            before = tok.pos
            self.owner = None
            try:
                t = tok.get(True, True)
                if t.is_eof():
                    break
                if t.is_eol():
                    continue
                if t.is_comment():
                    tok.get_eol()
                    continue
                if t.is_identifier() and t.value.startswith("$"):
                    self._directive(t)
                else:
                    tok.unget(t)
                    self._rr_line()
            except _Stop:
                raise
            except Exception as e:
                try:
                    self._recover(e)
                except _Stop:
                    raise
                except Exception as e2:  # pragma: no cover - defensive
                    self._problem(
                        "ZL001",
                        f"internal error in the loader ({type(e2).__name__}: {e2}); the rest "
                        "of this file was skipped",
                        tok.line_number,
                        1,
                    )
                    return
                if tok.pos <= before and tok.pos < tok.n:  # pragma: no cover - defensive
                    self._goto_line(tok.line_number + 1)

    # -- recovery -----------------------------------------------------------------------------
    def _recover(self, e: BaseException) -> None:
        """Report ``e`` and resynchronise at the end of the current logical record."""
        tok = self.tok
        owner = self.owner
        if isinstance(e, _TokError):
            if e.kind == PAREN:
                self._problem("ZL001", e.msg, e.line, e.col, owner)
                self._resync_after_paren(e.line)
                return
            self._problem("ZL001", e.msg, e.line, e.col, owner)
            tok.quoting = False
            tok.delimiters = _DELIMITERS
            if tok.multiline > 0:
                self._finish_record(None)
            elif not e.line_done:
                self._skip_record()
            return
        if isinstance(e, _ParseError):
            line, col, msg = e.line, e.col, e.msg
        else:
            last = tok.last
            line = getattr(last, "line", tok.line_number)
            col = getattr(last, "col", 1)
            msg = f"unexpected error while reading this record: {_reason(e)}"
        self._finish_record((msg, line, col, owner))

    def _finish_record(self, pending) -> None:
        """Report ``pending`` (message, line, col, owner) and skip to the end of the record.
        When a '(' left open never closes, report that instead (plus ``pending`` when it lies
        before the resynchronisation point) and restart at the next line that looks like a
        record."""
        tok = self.tok
        if tok.multiline > 0 and tok.parens and not tok.paren_closes():
            pline, pcol = tok.parens[0]
            self._problem(
                "ZL001",
                "unterminated parenthesis: the '(' opened here is never closed",
                pline,
                pcol,
                self.owner,
            )
            resume = self._next_record_line(pline)
            if pending is not None and (resume is None or pending[1] < resume):
                self._problem("ZL001", pending[0], pending[1], pending[2], pending[3])
            self._goto_line(resume)
            return
        if pending is not None:
            self._problem("ZL001", pending[0], pending[1], pending[2], pending[3])
        self._skip_record()

    def _skip_record(self) -> None:
        """Consume tokens up to the end of the logical record (unless the parser already did)."""
        tok = self.tok
        last = tok.last
        if tok.ungotten_token is None and last is not None and last.is_eol_or_eof():
            return
        try:
            while True:
                t = tok.get()
                if t.is_eol_or_eof():
                    return
        except Exception:
            self._goto_line(tok.line_number + 1)

    def _resync_after_paren(self, pline: int) -> None:
        self._goto_line(self._next_record_line(pline))

    def _goto_line(self, line: int | None) -> None:
        """Restart the tokenizer at the start of ``line`` (``None``: at the end)."""
        tok = self.tok
        starts = self.src.line_starts()
        base = self.src.base
        if line is None or line - base > len(starts):
            tok.reset_to(tok.n, max(len(starts) + base, tok.line_number))
        else:
            tok.reset_to(starts[line - base - 1], line)
        tok.last = None

    def _next_record_line(self, after: int) -> int | None:
        """The first line after ``after`` that looks like the start of a record or directive."""
        starts = self.src.line_starts()
        for ln in range(after + 1, len(starts) + self.src.base + 1):
            if _looks_like_record_start(self.src.line_text(ln)):
                return ln
        return None


_GEN_OFFSET = re.compile(r"\$\{\s*([+-]?\d+)")
_GEN_NIBBLE = re.compile(r"(?<![\\$])\$\{([+-]?\d+)(,\d+,[nN]\})")


def _nibble_wrap(template: str, counter: int) -> str:
    """BIND expands a negative value in nibble mode (``${-2000,0,n}``) as the unsigned 32-bit
    number (``-976`` -> ``0xfffffc30`` -> ``0.3.c.f.f.f.f.f``): give such modifiers that value."""
    if ",n}" not in template and ",N}" not in template:
        return template

    def wrap(m: re.Match) -> str:
        offset = int(m.group(1))
        if counter + offset >= 0:
            return m.group(0)
        return "${" + str(offset + (1 << 32) * -((counter + offset) // (1 << 32))) + m.group(2)

    return _GEN_NIBBLE.sub(wrap, template)
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def _bind_rejects(rdtype: str, rd) -> str | None:
    """Data dnspython accepts but BIND 9.18 refuses when loading (``dns_rdata_fromtext``), in
    plain words; ``None`` when BIND takes it too."""
    if rdtype == "NSAP" and not rd.address:
        return "empty NSAP address (BIND: unexpected end of input)"
    if rdtype == "X25" and not (len(rd.address) >= 4 and rd.address.isdigit()):
        return (
            f"PSDN address '{_decode(rd.address)}' is not 4 or more decimal digits (RFC 1183 "
            "§3.1: the DNIC, then the network terminal number; BIND refuses it)"
        )
    if rdtype in ("SVCB", "HTTPS") and 7 in rd.params:
        param = rd.params[7]
        if param is None or not getattr(param, "value", b"x"):
            return "dohpath without a value (RFC 9461 §5: a URI template; BIND refuses it)"
    if rdtype == "NAPTR":
        why = _naptr_regexp_problem(rd.regexp)
        if why:
            return f"regexp field {why} (BIND refuses it)"
    return None


def _too_long(rd, span: int, origin: dns.name.Name | None) -> str | None:
    """Why the rdata cannot travel in any DNS message (more than :data:`MAX_RDATA` octets), or
    ``None``. The wire form is built only when ``span`` characters of text could make that many
    octets: a token adds at most a relative name's worth per two characters, and the bitmaps of
    WKS/NSEC/CSYNC stay below 9,000 octets whatever their text."""
    per_char = 2 + (len(origin.to_wire()) if origin is not None else 255)
    if span * per_char + 9000 <= MAX_RDATA:
        return None
    size = len(rd.to_wire())
    if size > 65535:
        return (
            f"{size} octets of data, but RDLENGTH is a 16-bit field (RFC 1035 §3.2.1): it "
            "cannot exist on the wire (BIND: ran out of space)"
        )
    if size > MAX_RDATA:
        return (
            f"{size} octets of data; at most {MAX_RDATA} fit in a DNS message (65535 minus the "
            "header, a root owner and the record fields; BIND: ran out of space)"
        )
    return None


def _naptr_regexp_problem(regexp: bytes) -> str | None:
    """The structural check BIND's ``txt_valid_regex`` makes on a NAPTR regexp (RFC 3403 §3.2:
    ``delim ere delim substitution delim flags``): empty, or a delimiter that is not a digit,
    backslash or 'i', exactly three delimiters, only 'i' as flag, backreferences \\1-\\9 only
    in the substitution and no \\0."""
    if not regexp:
        return None
    delim = regexp[0:1]
    if delim in b"0123456789\\i" or delim == b"\x00":
        return f"'{_decode(regexp)}' uses '{_decode(delim)}' as its delimiter"
    parts = 1
    i = 1
    n = len(regexp)
    while i < n:
        c = regexp[i : i + 1]
        if c == delim:
            parts += 1
            if parts > 3:
                return f"'{_decode(regexp)}' has more than three '{_decode(delim)}' delimiters"
        elif parts == 3:
            if c != b"i":
                return f"'{_decode(regexp)}' has flag '{_decode(c)}' (only 'i' is defined)"
        elif c == b"\\":
            i += 1
            if i >= n:
                return f"'{_decode(regexp)}' ends with a lone backslash"
            if parts == 2 and regexp[i : i + 1] == b"0":
                return f"'{_decode(regexp)}' uses the backreference \\0"
        i += 1
    if parts != 3:
        return (
            f"'{_decode(regexp)}' is not 'delim regexp delim replacement delim [flags]' "
            f"(found {parts} of the 3 '{_decode(delim)}' delimiters)"
        )
    return None


def _is_class_or_type(word: str) -> bool:
    try:
        dns.rdataclass.from_text(word)
        return True
    except Exception:
        pass
    try:
        dns.rdatatype.from_text(word)
        return True
    except Exception:
        return False


def _looks_like_record_start(line: str) -> bool:
    """Heuristic for resynchronising after an unclosed '(': a directive at column 1, or a line
    whose first words (after the owner when it starts at column 1, after a TTL) are a class or a
    record type. Continuation lines of SOA/TXT data (numbers, names, strings) do not match."""
    body = line.split(";", 1)[0]
    words = body.split()
    if not words:
        return False
    if body[0] not in " \t":
        first = words[0]
        if first.startswith("$"):
            return first.upper() in _DIRECTIVES
        if first[0] in '()"' or _TTL_SHAPE.match(first):
            return False
        rest = words[1:4]
    else:
        rest = words[:3]
    for w in rest:
        if _TTL_SHAPE.match(w):
            continue
        return _is_class_or_type(w)
    return False


def _within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


def _display(path: str) -> str:
    """``path`` relative to the current directory when it lies below it."""
    try:
        cwd = os.getcwd()
        ap = os.path.abspath(path)
        if _within(ap, cwd):
            return os.path.relpath(ap, cwd)
    except (OSError, ValueError):
        pass
    return path
