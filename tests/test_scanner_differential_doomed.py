"""A record whose '(' cannot close before the tokenizer fails (``PositionTokenizer.skip_doomed``):
the reader moves to shortly before the failure without making the tokens in between. The result
must be exactly what reading every token gives (``tokenizer.SKIP_DOOMED = False``: the reference
as it was), for the scanner in front and for the reader alone: records, problems (code, line,
column, message) and suppressions. Records of every rdata class that reads to the end of the
record (TXT-like lists, base64/hex and generic ``\\#`` data, zonelint's grammars), fixed-arity
types (A, MX, SRV), at the start, the middle and the end of a file, with quotes, escapes,
comments, '$' directives, nested parentheses, CR and CRLF line ends after them."""

from __future__ import annotations

import gc
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zonelint.load import reader, scanner, tokenizer
from zonelint.load.source import Source

from .test_scanner_differential import _options, _prob, _rec, assert_same

#: the record that opens a '(' (the part before the first line break)
_OPENERS = [
    'odd IN TXT ( "never closed"',
    "odd IN TXT ( plain words",
    'odd 300 IN TXT "first" ( "second"',
    "odd IN SPF ( \"v=spf1\"",
    "odd IN TYPE65400 ( \\# 4 abcd",
    "odd IN TYPE65400 \\# ( 4 abcd",
    "odd IN SOA ( \\# 22 0a0b",
    "odd IN DHCID ( AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=",
    "odd IN SSHFP 1 1 ( 123456789abcdef67890123456789abcdef67890",
    "odd IN DS 60485 5 1 ( 2BB183AF5F22588179A53B0A98631FAD1A292118",
    "odd IN CAA 0 issue ( \"ca.example.net\"",
    "odd IN APL ( 1:192.168.32.0/21",
    "odd IN DNSKEY 256 3 8 ( AwEAAbcdefgh",
    "odd IN TLSA ( 3 1 1 0123456789abcdef",
    'odd IN DOA ( 0 1 2 "" aHR0cHM6Ly93d3cuaXNjLm9yZy8=',
    "odd IN EID ( 0123456789abcdef",
    "odd IN A ( 10.0.0.1",
    "odd IN MX ( 10 mail",
    "odd IN SRV ( 0 1 5060 sip",
    "odd IN NSEC ( next.example.test. A",
    "odd IN TXT (",
    "( odd IN TXT x",
    "\tIN TXT ( \"inherits the owner\"",
    "odd IN TXT ( \"a\" ( \"nested\" ) \"still open\"",
    "odd IN TXT ( \"quote ; and ( in it\" ; a comment with \" and (",
    "odd IN TXT ( \"esc\\\"aped\" \\040x",
]

#: what follows it: the lines of a zone, and what can make the tokenizer fail or the record end
_BODY = [
    "www 300 IN A 192.0.2.1",
    "\tIN AAAA 2001:db8::1",
    'txt IN TXT "v=spf1 mx -all" ; spf',
    'txt2 IN TXT "semi;colon" "paren ( )" "esc \\" quote" "\\059"',
    "; a comment with \" and ( and ) and \\",
    "",
    "   ",
    "mx IN MX 10 mail.example.test.",
    "_sip._tcp IN SRV 0 1 5060 sip",
    "$TTL 120",
    "$ORIGIN sub.example.test.",
    "$INCLUDE nothing.zone",
    "soa IN SOA ns hm ( 1 2 3 4 5 )",
    "multi IN TXT ( \"a\"",
    "  \"b\" )",
    "cr IN A 192.0.2.7\rcr2 IN A 192.0.2.8",
    'crq IN TXT "x\ry"',
    "abc\"def\"ghi",
    '""',
    "tab\tseparated\ttokens",
    "\\# 2 abcd",
    "a\\.b IN A 192.0.2.9",
]

#: what can end it (or fail it) further down
_ENDERS = [
    '" unterminated',
    'late IN TXT "unterminated',
    "late IN TXT abc\\",
    '"quote over an escaped line end\\',
    '"an escaped quote\\" ; is no comment here: never closed',
    "  )",
    ") ; closes it",
    "  \"c\" )",
    "late IN A 10.0.0.1 )",
    "; only a comment at the end",
]


def _reference(monkeypatch, path: str, origin: str | None, options):
    """The reader and the scanner reading every token (skip_doomed off)."""
    monkeypatch.setattr(tokenizer, "SKIP_DOOMED", False)
    try:
        return (reader.load_zone(path, path, origin, options, fallback_origin="example.test."),
                scanner.load_zone(path, path, origin, options, fallback_origin="example.test."))
    finally:
        monkeypatch.setattr(tokenizer, "SKIP_DOOMED", True)


def assert_as_every_token(monkeypatch, path: str, origin: str | None = "example.test."):
    """Scanner and reader with skip_doomed give what reading every token gives."""
    options = _options(os.path.dirname(path))
    slow_ref, slow_scan = _reference(monkeypatch, path, origin, options)
    got, ref = assert_same(path, origin, options, fallback="example.test.")
    for fast in (ref, got):
        assert [_prob(p) for p in fast.problems] == [_prob(p) for p in slow_ref.problems]
        assert [_rec(r) for r in fast.records] == [_rec(r) for r in slow_ref.records]
    assert [_prob(p) for p in slow_scan.problems] == [_prob(p) for p in slow_ref.problems]
    return got


_HEAD = ["$TTL 600", "@ SOA ns hm 1 2 3 4 5", "@ NS ns", "ns A 192.0.2.1"]


def _zone(tmp_path, lines: list[str], eol: str = "\n", last_eol: bool = True) -> str:
    path = tmp_path / "z.zone"
    path.write_bytes((eol.join(lines) + (eol if last_eol else "")).encode())
    return str(path)


def _counting(monkeypatch) -> list[int]:
    """Count the tokens the tokenizer makes (how far it read token by token)."""
    made = [0]
    orig = tokenizer.PositionTokenizer._make

    def _make(self, *a, **k):
        made[0] += 1
        return orig(self, *a, **k)

    monkeypatch.setattr(tokenizer.PositionTokenizer, "_make", _make)
    return made


@pytest.mark.parametrize("eol", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("where", ["start", "middle", "end"])
@pytest.mark.parametrize("opener", _OPENERS)
def test_unclosed_paren_as_every_token(tmp_path, monkeypatch, opener, where, eol):
    body = [*_BODY, *_BODY]
    at = {"start": 0, "middle": len(_HEAD) + 10, "end": len(_HEAD) + len(body)}[where]
    lines = [*_HEAD, *body]
    lines[at:at] = [opener]
    assert_as_every_token(monkeypatch, _zone(tmp_path, lines, eol))


@pytest.mark.parametrize("ender", range(len(_ENDERS)))
@pytest.mark.parametrize("opener", _OPENERS)
def test_late_failure_or_close_as_every_token(tmp_path, monkeypatch, opener, ender):
    eol = "\r\n" if (ender + _OPENERS.index(opener)) % 2 else "\n"
    ender = _ENDERS[ender]
    lines = [*_HEAD, opener, *_BODY * 3, ender, *_BODY, "after IN A 192.0.2.200", "bad IN A 192.0.2.300"]
    assert_as_every_token(monkeypatch, _zone(tmp_path, lines, eol))


@pytest.mark.parametrize("opener", ['odd IN TXT ( "never closed"', 'odd IN TXT "first" ( "second"'])
def test_a_never_closed_txt_costs_no_token_per_word(tmp_path, monkeypatch, opener):
    """The benchmark's shape on a larger body: the problems are the reference's (the '(' at its
    line and column, then the error after it that the rest of the file has), and the reader
    does not make a token for each word up to the end of the file."""
    body = [f"h{i} 300 IN A 192.0.2.{i % 250 + 1}" if i % 3 else f'h{i} IN TXT "t {i}" ; noqa' for i in range(3000)]
    lines = [*_HEAD, opener, *body, "bad IN A 192.0.2.300"]
    path = _zone(tmp_path, lines)
    made = _counting(monkeypatch)
    got = assert_as_every_token(monkeypatch, path)
    assert [(p.code, p.line, p.column) for p in got.problems] == [("ZL001", 5, opener.index("(") + 1), ("ZL001", 3006, 10)]
    made[0] = 0
    scanner.load_zone(path, path, "example.test.", _options(str(tmp_path)))
    # reading every word to the end of the file makes ~6 tokens a line; the reader reads again
    # at most one run of lines before the end (256)
    assert made[0] < 2000, made[0]


def test_a_quote_far_below_an_unclosed_paren_keeps_its_line(tmp_path, monkeypatch):
    """An unterminated quote 2000 lines below an unclosed '(' of a TXT record: the reader's
    first error is that quote, at its line and column, then the '('."""
    lines = [*_HEAD, "odd IN TXT ( x", *(["w IN A 192.0.2.1", '\tTXT "a b" \\"'] * 1000), 'q TXT "open', "z A 192.0.2.2"]
    got = assert_as_every_token(monkeypatch, _zone(tmp_path, lines, "\r\n"))
    assert [(p.code, p.line, p.column) for p in got.problems][:2] == [("ZL001", 2006, 7), ("ZL001", 5, 12)]


def test_generic_data_stops_at_a_quoted_string_far_below(tmp_path, monkeypatch):
    """Generic ``\\#`` data reads identifiers only: the first quoted string, far below, is its
    error (line, column and message as reading every token gives)."""
    lines = [*_HEAD, "odd IN TYPE65400 ( \\# 4 abcd", *(["w IN A 192.0.2.1 ; (", "\tMX 10 w"] * 700),
             'txt TXT "stops it"', *(["v IN A 192.0.2.2"] * 10)]
    got = assert_as_every_token(monkeypatch, _zone(tmp_path, lines))
    assert (got.problems[0].code, got.problems[0].line) == ("ZL001", 5)


def test_generic_data_counts_the_tokens_it_skips(tmp_path, monkeypatch):
    """The message names the field the reference's count of tokens points at: after hundreds of
    skipped identifiers, the SOA's last field (the count of tokens goes on while skipping). The
    '(' closes after the error, so the error is reported."""
    lines = [*_HEAD, "odd IN SOA ( \\# 22 0a0b", *(["w IN A 192.0.2.1"] * 300), '"stops it" )', "v A 192.0.2.2"]
    got = assert_as_every_token(monkeypatch, _zone(tmp_path, lines))
    assert [(p.line, p.message) for p in got.problems][:1] == [(306, "bad SOA minimum 'stops it': malformed value")]


def test_generic_data_stops_at_a_bad_escape(tmp_path, monkeypatch):
    """An identifier whose escape does not read is where generic data fails, not the quoted
    string after it (the '(' closes after both, so the error is reported)."""
    lines = [*_HEAD, "odd IN TYPE65400 ( \\# 4 abcd", *(["w IN A 192.0.2.1"] * 300), "ok\\.esc bad\\2x", '"x" )', "v A 192.0.2.2"]
    got = assert_as_every_token(monkeypatch, _zone(tmp_path, lines))
    assert [(p.line, p.column) for p in got.problems][:1] == [(306, 9)]


@pytest.mark.parametrize("opener", ["odd IN A ( 10.0.0.1", "odd IN MX ( 10 mail"])
def test_an_error_after_an_unclosed_paren_leaves_no_cycle_holding_the_file(tmp_path, opener):
    """A run keeps the cyclic collector off: a record error met while the reader read on to the
    end of the file (a fixed-arity record whose '(' never closes) leaves
    no reference cycle holding the reader's copy of the file (it held 1.75x the peak memory of
    the 300k zone without the line)."""
    lines = [*_HEAD, opener, *(["w IN A 192.0.2.1"] * 2000)]
    path = _zone(tmp_path, lines)
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        got = scanner.load_zone(path, path, "example.test.", _options(str(tmp_path)))
        assert [(p.line, p.column) for p in got.problems] == [(5, opener.index("(") + 1)]
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        held = [type(o).__name__ for o in gc.garbage
                if isinstance(o, (Source, tokenizer.PositionTokenizer)) and len(o.text) > 10000]
        assert held == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()


@st.composite
def _doomed_zone(draw):
    lines = [*_HEAD, *draw(st.lists(st.sampled_from(_BODY), max_size=6))]
    at = draw(st.integers(0, len(lines)))
    rest = draw(st.lists(st.sampled_from(_BODY + _ENDERS), max_size=40))
    lines[at:at] = [draw(st.sampled_from(_OPENERS)), *rest]
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return eol.join(lines) + draw(st.sampled_from(["", eol]))


@settings(max_examples=int(os.environ.get("ZONELINT_DIFF_EXAMPLES", "200")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=_doomed_zone())
@pytest.mark.slow
def test_unclosed_paren_mutated(tmp_path, monkeypatch, text):
    path = tmp_path / "d.zone"
    path.write_bytes(text.encode())
    assert_as_every_token(monkeypatch, str(path))
