"""Reading the data part of one record: dnspython's parser first, zonelint's grammars where it
has none or refuses what BIND loads.

- Types the installed dnspython cannot parse at all (``GenericRdata`` for its class) are read by
  the token grammars of :mod:`zonelint.rdatagrammar` and load as opaque RFC 3597 records; their
  ``\\#`` form must still fit the type's layout, as in BIND.
- Types with a BIND fallback grammar (``rdatagrammar.FALLBACKS``) are read a second time by that
  grammar when dnspython refuses the text (the tokenizer is rewound with
  :meth:`~.tokenizer.PositionTokenizer.mark` / ``restore``).

A new type dnspython lacks, or a BIND leniency, is added to :mod:`zonelint.rdatagrammar`; this
module only decides which reading applies and where an error points.
"""

from __future__ import annotations

import dns.name
import dns.rdata
import dns.rdataclass
import dns.tokenizer

from .. import rdatagrammar
from .bindcompat import TOKEN_CHECKED, bind_rejects_tokens
from .messages import ParseError, rdata_error
from .tokenizer import PositionTokenizer, TokenError

__all__ = ["GRAMMAR_TYPES", "read_rdata", "text_rdata"]

IN = dns.rdataclass.IN

#: Types read by zonelint's own grammar (``rdatagrammar``): those the installed dnspython has no
#: parser for. They load as opaque RFC 3597 records.
GRAMMAR_TYPES = frozenset(
    n for n in rdatagrammar.GRAMMARS if dns.rdata.get_rdata_class(IN, n) is dns.rdata.GenericRdata
)


def read_rdata(
    tok: PositionTokenizer,
    rdtype: int,
    type_text: str,
    origin: dns.name.Name,
    start: int,
    first: tuple[int, int],
):
    """The rdata of the record ``tok`` is reading (up to the end of the record): dnspython's
    parser, or for the types it cannot parse the grammar of :mod:`zonelint.rdatagrammar` (an
    opaque record); a record dnspython refuses gets a second reading by a BIND fallback grammar
    where one exists. ``start`` is the tokenizer's count of content tokens before the data,
    ``first`` the position of the data (for messages). Raises :class:`~.messages.ParseError`
    (or the tokenizer's :class:`~.tokenizer.TokenError`)."""
    if rdtype in GRAMMAR_TYPES:
        t = tok.get()
        tok.unget(t)
        if not (t.is_identifier() and t.value == "\\#"):
            return _grammar_rdata(tok, rdtype, type_text, origin, False)
    checked = tok.mark() if type_text in TOKEN_CHECKED else None
    before = checked or (tok.mark() if rdtype in rdatagrammar.FALLBACKS else None)
    try:
        rd = dns.rdata.from_text(IN, rdtype, tok, origin, False, None)
    except TokenError:
        raise
    except Exception as e:
        err = rdata_error(e, type_text, tok, start, first)
        try:
            if before is None:
                raise err from None
            after = tok.mark()
            tok.restore(before)
            try:
                return _grammar_rdata(tok, rdtype, type_text, origin, True)
            except Exception:
                tok.restore(after)
                raise err from None
        finally:
            # no cycle error -> traceback -> this frame -> error: a run keeps the cyclic
            # collector off, and the cycle held the tokenizer and the reader's copy of the file
            # (read on to its end after an unclosed '(') for the rest of the run
            err = None
    if checked is not None:
        _check_tokens(tok, type_text, checked)
    if rdtype in GRAMMAR_TYPES:  # RFC 3597 data: must fit the type's layout, as in BIND
        try:
            rdatagrammar.check_wire(rdtype, rd.data)
        except ValueError as e:
            raise ParseError(f"bad {type_text} data in RFC 3597 form: {e}", *first) from None
        rd = rdatagrammar.opaque_rdata(rdtype, rd.data)
    return rd


def text_rdata(rdtype: int, text: str, origin: dns.name.Name):
    """The rdata written as ``text`` (a ``$GENERATE`` rhs), read as :func:`read_rdata` reads a
    record: the grammar of :mod:`zonelint.rdatagrammar` for the types dnspython cannot parse.
    Raises ValueError (:class:`~zonelint.rdatagrammar.GrammarError`) or dnspython's errors."""
    if rdtype in GRAMMAR_TYPES and not text.lstrip().startswith("\\#"):
        tk = dns.tokenizer.Tokenizer(text)
        words = [rdatagrammar.Tok(t.value, t.is_quoted_string()) for t in _rest(tk)]
        return rdatagrammar.opaque_rdata(rdtype, rdatagrammar.parse(rdtype, words, origin))
    rd = dns.rdata.from_text(IN, rdtype, text, origin, False, None)
    type_text = rdatagrammar.type_text(rdtype)
    if type_text in TOKEN_CHECKED:
        tk = dns.tokenizer.Tokenizer(text)
        found = bind_rejects_tokens(type_text, [(t.value, t.is_quoted_string()) for t in _rest(tk)])
        if found:
            raise ValueError(found[1])
    if rdtype in GRAMMAR_TYPES:
        rdatagrammar.check_wire(rdtype, rd.data)
        rd = rdatagrammar.opaque_rdata(rdtype, rd.data)
    return rd


def _rest(tok) -> list:
    """The tokens up to the end of the record (the end-of-line token is consumed)."""
    toks = tok.get_remaining()
    tok.get()
    return toks


def _check_tokens(tok: PositionTokenizer, type_text: str, before: dict) -> None:
    """Raise :class:`~.messages.ParseError` at the token where BIND refuses data dnspython has
    just read (:func:`~.bindcompat.bind_rejects_tokens`): the record's tokens are read again
    from ``before`` and the tokenizer is left where dnspython left it."""
    after = tok.mark()
    tok.restore(before)
    toks = _rest(tok)
    tok.restore(after)
    found = bind_rejects_tokens(type_text, [(x.value, x.is_quoted_string()) for x in toks])
    if found:
        at = toks[found[0]]
        raise ParseError(f"bad {type_text} record: {found[1]}", at.line, at.col)


def _grammar_rdata(tok: PositionTokenizer, rdtype: int, type_text: str, origin, fallback: bool):
    """Read the rest of the record and build its rdata by the type's grammar."""
    toks = tok.get_remaining()
    t = tok.get()
    words = [rdatagrammar.Tok(x.value, x.is_quoted_string()) for x in toks]
    try:
        wire = rdatagrammar.parse(rdtype, words, origin, fallback)
    except rdatagrammar.GrammarError as e:
        at = toks[e.index] if e.index < len(toks) else t
        raise ParseError(f"bad {type_text} record: {e}", at.line, at.col) from None
    if fallback:
        try:
            return dns.rdata.from_wire(IN, rdtype, wire, 0, len(wire))
        except Exception:
            return dns.rdata.GenericRdata(IN, rdtype, wire)
    return rdatagrammar.opaque_rdata(rdtype, wire)
