"""A :class:`dns.tokenizer.Tokenizer` that knows where every token is (line and column).

dnspython's tokenizer reads a stream and forgets positions; a linter must point at the offending
token. :class:`PositionTokenizer` reads an in-memory string, hands out the same tokens (dnspython's
``Token``, with ``line`` and ``col`` added) and raises lexical errors as :class:`TokenError` with
the position a human wants (where a parenthesis or a quote was opened).

``PositionTokenizer.get`` is adapted from dnspython's ``Tokenizer.get`` (Copyright (C) Dnspython
Contributors; Copyright (C) 2003-2017 Nominum, Inc.; ISC licence: "Permission to use, copy,
modify, and distribute this software and its documentation for any purpose with or without fee
is hereby granted, provided that the above copyright notice and this permission notice appear in
all copies."). Only dnspython's public names are used: the delimiter sets are defined here.
"""

from __future__ import annotations

import re

import dns.exception
import dns.rdataclass
import dns.rdatatype
import dns.tokenizer
from dns.tokenizer import (
    COMMENT,
    DELIMITER,
    EOF,
    EOL,
    IDENTIFIER,
    QUOTED_STRING,
    WHITESPACE,
    Token,
)

from .directives import DIRECTIVES
from .scanfields import BadEscape, unescape_strict
from .source import LINE_BREAK, Source
from .state import TTL_SHAPE

__all__ = [
    "PositionTokenizer",
    "PositionToken",
    "TokenError",
    "DELIMITERS",
    "QUOTING_DELIMITERS",
    "PAREN",
    "QUOTE",
    "CLOSE",
    "BACKSLASH",
    "looks_like_record_start",
]

#: The characters that end an identifier outside quotes (as dnspython's tokenizer has them).
DELIMITERS = frozenset({" ", "\t", "\n", ";", "(", ")", '"'})
#: Inside a quoted string only the closing quote ends it.
QUOTING_DELIMITERS = frozenset({'"'})

_PLAIN = re.compile(r'[^ \t\n\r;()"\\]+')
_BLANKS = re.compile(r"[ \t]*")
# what paren_closes looks at, outside and inside a quoted string
_OUTSIDE = re.compile(r'[\\";()]')
_IN_QUOTES = re.compile(r'[\\"\n]')
# what skip_doomed reads without making tokens: runs of whole lines inside parentheses that hold
# plain identifiers (printable ASCII but for '"', '(', ')', ';' and '\\'), quoted strings closed
# on their line, blanks, lone CRs (blanks inside parentheses) and a comment, up to their LF (or
# CRLF); at most 256 a run, so that the tokenizer reads no more than one run again
_QUOTED = r'"(?:[^"\\\n]++|\\[^\n])*+"'
_PLAIN_LINES = re.compile(
    r"(?:(?:[\t !#-'*-:<-\[\]-~]++|\r(?!\n)|%s)*+(?:;[^\n]*+)?\n){1,256}+" % _QUOTED
)
# the same without quoted strings (what concatenate_remaining_identifiers reads without failing)
_IDENTIFIER_LINES = re.compile(r"(?:(?:[\t !#-'*-:<-\[\]-~]++|\r(?!\n))*+(?:;[^\n]*+)?\n){1,256}+")
# the comments of such a run (to count the identifiers of a run of _IDENTIFIER_LINES)
_COMMENTS = re.compile(r";[^\n]*+")
# the rest of a line after a token, when nothing but blanks and a comment follow
_LINE_REST = re.compile(r"(?:[ \t]|\r(?!\n))*+(?:;[^\n]*+)?\n")
#: skip_doomed is on (tests turn it off to compare with reading every token)
SKIP_DOOMED = True

#: Kinds of :class:`TokenError` (what the reader resynchronises on).
PAREN, QUOTE, CLOSE, BACKSLASH = "paren", "quote", "close", "backslash"


class PositionToken(Token):
    """dnspython's ``Token`` with ``unescape_to_bytes`` in linear time: dnspython before 2.9
    builds the bytes with ``b"" +=`` (quadratic), so a 10 MB TXT string took minutes there. Same
    result and errors as dnspython 2.9's method."""

    def unescape_to_bytes(self) -> Token:
        try:
            return Token(self.ttype, unescape_strict(self.value))
        except BadEscape as e:
            raise (dns.exception.UnexpectedEnd if e.at_end else dns.exception.SyntaxError) from None


class TokenError(dns.exception.SyntaxError):
    """A lexical error raised by :class:`PositionTokenizer`, with its own position and kind."""

    def __init__(self, msg: str, line: int, col: int, kind: str, line_done: bool = False):
        super().__init__(msg)
        self.msg = msg
        self.line = line
        self.col = col
        self.kind = kind
        #: the newline ending the offending line was consumed
        self.line_done = line_done


class PositionTokenizer(dns.tokenizer.Tokenizer):
    """A :class:`dns.tokenizer.Tokenizer` over an in-memory string that knows where things are.

    Every token it returns carries ``line`` and ``col`` (1-based, in characters of the decoded
    line; a tab counts as one) of its first character: the quote for a quoted string, the
    newline or ``;`` for an EOL. It also keeps the positions of the open parentheses
    (``parens``) and of the last opening quote (``quote_at``), the line of the last content
    token or ``)`` (``last_line``), the last token returned (``last``) and a count of content
    tokens handed out (``ntok``), so the loader can point at the offending token.

    ``get`` is adapted from dnspython's ``Tokenizer.get`` (ISC licence); lexical errors are raised
    as :class:`TokenError` with the position a human wants (where the parenthesis or the quote was
    opened), not where the tokenizer noticed.
    """

    def __init__(self, text: str, filename: str = "<string>", first_line: int = 1) -> None:
        super().__init__("", filename)
        self.delimiters = DELIMITERS
        self.line_number = first_line
        self.text = text
        self.n = len(text)
        self.pos = 0
        self.line_start = 0
        self._prev = 0
        self._prev_ls = 0
        self._prev_ln = first_line
        self.parens: list[tuple[int, int]] = []
        self.quote_at = (1, 1)
        self.last: Token | None = None
        self.last_content: Token | None = None
        self.last_line = first_line
        self.ntok = 0
        #: where more of the file comes from when the text is a segment of it that the reader
        #: may read past (:meth:`extend`): a callable giving the whole longer text, or ``None``
        self.fetch = None

    # -- characters ---------------------------------------------------------------------------
    def _read_char(self) -> str:
        pos = self.pos
        self._prev = pos
        if pos >= self.n and not self.extend():
            self.eof = True
            return ""
        c = self.text[pos]
        if c == "\n":
            self._prev_ls = self.line_start
            self._prev_ln = self.line_number
            self.pos = self.line_start = pos + 1
            self.line_number += 1
        elif c == "\r" and not self.quoting:
            self._prev_ls = self.line_start
            self._prev_ln = self.line_number
            pos += 1
            if pos < self.n and self.text[pos] == "\n":  # CRLF: one line break
                self.pos = self.line_start = pos + 1
                self.line_number += 1
            else:
                # a lone CR ends the record, as in BIND, but is no line break: BIND counts
                # lines at LF only, so the next record is on the same line
                self.pos = pos
            c = "\n"
        else:
            self.pos = pos + 1
        return c

    def _unread_char(self, c: str) -> None:
        self.pos = self._prev
        if c == "\n":
            self.line_number = self._prev_ln
            self.line_start = self._prev_ls

    def skip_whitespace(self) -> int:
        """Skip blanks (and, inside parentheses, line breaks); return how many characters."""
        text = self.text
        start = pos = self.pos
        while True:
            pos = _BLANKS.match(text, pos).end()
            if pos >= self.n and self.fetch is not None and self.extend():
                text = self.text
                continue
            if pos < self.n and self.multiline and text[pos] in "\r\n":
                if text[pos] == "\r" and self.quoting:  # pragma: no cover - as dnspython
                    break
                if text[pos] == "\r" and not text.startswith("\r\n", pos):
                    pos += 1  # a lone CR inside parentheses: a blank, no new line (BIND)
                    continue
                pos += 2 if text[pos] == "\r" else 1
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
        t = PositionToken(ttype, value, has_escape, comment)
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
            c = self._read_char()
            if c == "" or c in self.delimiters:
                if c == "" and self.quoting:
                    raise TokenError(
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
                            raise TokenError(
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
                            self.delimiters = QUOTING_DELIMITERS
                            ttype = QUOTED_STRING
                            self.quote_at = (self.line_number, self._prev_col())
                            continue
                        else:
                            self.quoting = False
                            self.delimiters = DELIMITERS
                            self.skip_whitespace()
                            sline, scol = self.line_number, self.pos - self.line_start + 1
                            continue
                    elif c == "\n":
                        return self._make(EOL, "\n", sline, scol)
                    elif c == ";":
                        # a comment runs to the LF (or CRLF): a lone CR inside it is comment
                        # text, as in BIND, not the end of the record
                        end = self.text.find("\n", self.pos)
                        if end < 0:
                            end = self.n
                        if end > self.pos and self.text[end - 1] == "\r":
                            end -= 1
                        token += self.text[self.pos : end]
                        self.pos = end
                        c = self._read_char()
                        if want_comment:
                            self._unread_char(c)
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
                    self._unread_char(c)
                break
            elif self.quoting and c == "\n":
                raise TokenError(
                    "unterminated quoted string: the '\"' opened here is not closed on its line",
                    *self.quote_at,
                    QUOTE,
                    line_done=True,
                )
            elif c == "\\":
                bline, bcol = self.line_number, self._prev_col()
                token += c
                has_escape = True
                c = self._read_char()
                if c == "" or (c == "\n" and not self.quoting):
                    raise TokenError(
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

    def _paren_error(self) -> TokenError:
        line, col = self.parens[0] if self.parens else (self.line_number, 1)
        return TokenError(
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

    # -- records that cannot end --------------------------------------------------------------
    def get_remaining(self, max_tokens: int | None = None) -> list[Token]:
        if max_tokens is None:
            self.skip_doomed()
        return super().get_remaining(max_tokens)

    def concatenate_remaining_identifiers(self, allow_empty: bool = False) -> str:
        self.skip_doomed(identifiers=True)
        return super().concatenate_remaining_identifiers(allow_empty)

    def skip_doomed(self, identifiers: bool = False) -> None:
        """Before a caller reads every token up to the end of the record (``get_remaining``,
        ``concatenate_remaining_identifiers`` with ``identifiers``), when a '(' is open: if the
        record cannot end before the tokenizer fails (an unterminated quote, a backslash at the
        end of a line, the end of the file inside the parentheses: the caller gets that error
        and drops the tokens it read), or with ``identifiers`` before a token that is no
        identifier or has a bad escape (the caller fails there), move to the start of the run
        of lines, or of the line, before the failure without making the tokens in between:
        an unclosed '(' near the top of a large file costs a regular-expression pass over the
        rest of the file, not a token for every word of it. Otherwise nothing moves.

        The caller then reads on from there and fails as it would have: position, line,
        parentheses and quoting are what reading every token gives. Two things are not, and
        nothing reads them after such a failure: the last token (``last``: still a content
        token, which is all the reader's recovery asks of it; with ``identifiers`` the failing
        token is read again) and, without ``identifiers``, the count of tokens (``ntok``: the
        caller fails with the tokenizer's error, which names no token by its count; every
        record's data counts its tokens from where it starts).
        ``tests/test_scanner_differential_doomed.py`` compares the result with
        :data:`SKIP_DOOMED` off."""
        if not SKIP_DOOMED:
            return
        if not self.multiline:  # a '(' further on this line?
            end = self.text.find("\n", self.pos)
            if "(" not in self.text[self.pos : end if end >= 0 else self.n]:
                return
        start = keep = snap = self.mark()
        lines = _IDENTIFIER_LINES if identifiers else _PLAIN_LINES
        while True:
            if (self.pos == self.line_start and self.multiline and not self.quoting
                    and self.ungotten_token is None):
                if self.pos >= self.n and not self.extend():
                    break  # the end of the file inside the parentheses
                m = lines.match(self.text, self.pos)
                if m is not None:
                    run = m.group()
                    keep = self.mark()
                    self.pos = self.line_start = m.end()
                    self.line_number += run.count("\n")
                    if identifiers:
                        self.ntok += len(_COMMENTS.sub("", run).split())
                    continue
                snap = self.mark()
            try:
                t = self.get()
            except TokenError:
                break
            if t.is_eol_or_eof():  # the record ends: the caller reads it token by token
                self.restore(start)
                return
            keep = snap
            if identifiers:
                try:
                    if not t.unescape().is_identifier():
                        break
                except Exception:
                    break
            if self.quoting and self.text.startswith('"', self.pos):  # close the quoted string
                self.pos += 1
                self.quoting = False
                self.delimiters = DELIMITERS
            if self.multiline and not self.quoting and self.ungotten_token is None:
                m = _LINE_REST.match(self.text, self.pos)
                if m is not None:
                    self.pos = self.line_start = m.end()
                    self.line_number += 1
        self.restore(keep)

    # -- recovery helpers ---------------------------------------------------------------------
    def mark(self) -> dict:
        """The whole reading state, for :meth:`restore` (to read a record a second time)."""
        state = dict(self.__dict__)
        state["parens"] = list(self.parens)
        return state

    def restore(self, state: dict) -> None:
        """Back to a :meth:`mark` (the text read on meanwhile stays: it only ever grows)."""
        text, n, fetch = self.text, self.n, self.fetch
        self.__dict__.update(state)
        self.parens = list(state["parens"])
        self.text, self.n, self.fetch = text, n, fetch

    def extend(self) -> bool:
        """Read on past the end of the text: the rest of a segment's file, line by line (see
        ``fetch``). False at the end of the file."""
        text = self.fetch() if self.fetch is not None else None
        if text is None:
            self.fetch = None
            return False
        self.text = text
        self.n = len(text)
        self.eof = False
        return True

    def at_line_start(self) -> bool:
        """At the start of a line (no lone CR before it on its line) and between records: no
        parenthesis open, no quote, no token pushed back. Reading the rest of the text afresh
        from here (:meth:`after_line`) gives what reading on gives.

        That also takes the last token: after an error the reader skips the rest of the record
        unless the last token ended a line (``Reader._skip_record``), and a fresh start has an
        end of line as its last token. After a line whose end no token marked -- a jump to a line
        (:meth:`goto_line`, after an unbalanced ')' met while skipping a bad record), an
        unterminated quote or a backslash that ate the line break -- a line that fails before
        its first token is skipped to its end when read on, read as a record when read afresh.
        Only a ')' can fail there (after blanks, or a '(' it closes): such a line is no place to
        start afresh."""
        if not (
            self.pos == self.line_start
            and not self.multiline
            and not self.quoting
            and not self.parens
            and self.ungotten_token is None
        ):
            return False
        last = self.last
        if last is not None and last.is_eol_or_eof():
            return True
        pos = _BLANKS.match(self.text, self.pos).end()
        if pos >= self.n and self.fetch is not None and self.extend():
            pos = _BLANKS.match(self.text, self.pos).end()
        return pos >= self.n or self.text[pos] not in "()"

    def after_line(self, line: int) -> None:
        """Behave as if ``line`` had just been read to its end (a text that starts further down
        its file)."""
        self.last = self._make(EOL, "\n", line, 1)

    def end_quote(self) -> None:
        """Leave a quoted string (after an error inside one)."""
        self.quoting = False
        self.delimiters = DELIMITERS

    def reset_to(self, pos: int, line: int) -> None:
        """Continue reading at text offset ``pos`` (the start of ``line``) with a clean state."""
        self.pos = min(pos, self.n)
        self.line_start = self.pos
        self.line_number = line
        self.ungotten_token = None
        self.multiline = 0
        self.parens.clear()
        self.quoting = False
        self.delimiters = DELIMITERS
        self.eof = self.pos >= self.n

    def goto_line(self, src: Source, line: int | None) -> None:
        """Restart at the start of ``line`` of ``src`` (the text read; ``None``: at the end),
        reading on first when the line lies further."""
        base = src.base
        while line is not None and line - base > len(src.line_starts()) and self.extend():
            pass
        starts = src.line_starts()
        if line is None or line - base > len(starts):
            self.reset_to(self.n, max(len(starts) + base, self.line_number))
        else:
            self.reset_to(starts[line - base - 1], line)
        self.last = None

    def next_record_line(self, src: Source, after: int) -> int | None:
        """The first line of ``src`` after ``after`` that looks like the start of a record or
        directive (:func:`looks_like_record_start`), reading on as far as needed."""
        ln = after + 1
        while True:
            last = len(src.line_starts()) + src.base  # a partial line, if any, until read on
            if ln >= last and self.extend():
                continue
            if ln > last:
                return None
            if looks_like_record_start(src.line_text(ln)):
                return ln
            ln += 1

    def paren_closes(self) -> bool:
        """True when the open parentheses close before the end of the text, read on to the end
        of the file when it is a segment (a cheap scan that honours quotes, escapes and
        comments)."""
        depth = self.multiline
        text = self.text
        n = self.n
        i = self.pos
        q = self.quoting
        while True:
            while True:
                m = (_IN_QUOTES if q else _OUTSIDE).search(text, i)
                if m is None:
                    i = max(i, n)
                    break
                i = m.start()
                c = text[i]
                if c == "\\":
                    i += 2
                    continue
                if q:  # '"' or a line break
                    q = False
                elif c == '"':
                    q = True
                elif c == ";":
                    m = LINE_BREAK.search(text, i)
                    if m is None:
                        break  # read on, then this comment again
                    i = m.start()
                    continue
                elif c == "(":
                    depth += 1
                elif c == ")":
                    depth -= 1
                    if depth <= 0:
                        return True
                i += 1
            if not self.extend():
                return False
            text, n = self.text, self.n


# ---------------------------------------------------------------------------------------------
# resynchronising after an unclosed '('


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


def looks_like_record_start(line: str) -> bool:
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
            return first.upper() in DIRECTIVES
        if first[0] in '()"' or TTL_SHAPE.match(first):
            return False
        rest = words[1:4]
    else:
        rest = words[:3]
    for w in rest:
        if TTL_SHAPE.match(w):
            continue
        return _is_class_or_type(w)
    return False
