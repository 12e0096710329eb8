"""The fast scanner (``zonelint.load.scanner``) against the reference reader (``zonelint.load.reader``,
dnspython-based, the authority): exactly the same raw records and the same problems, on every
file of the shared corpus, on generated zones and on hypothesis-mutated input."""

from __future__ import annotations

import csv
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zonelint.load import LoadOptions, reader, scanner
from zonelint.suppress import scan_text

from .conftest import SHARED, shared_dir

GENZONE = SHARED / "tools" / "genzone.py"


def _rec(r) -> tuple:
    return (
        r.file.path,
        r.file.display,
        r.line,
        r.column,
        r.end_line,
        r.owner,
        r.ttl,
        r.ttl_explicit,
        r.ttl_source,
        r.rdclass,
        r.rdtype,
        r.origin,
        r.data,
    )


def _prob(p) -> tuple:
    return (p.code, p.file.path, p.line, p.column, p.message, p.owner,
            None if p.record is None else _rec(p.record))


def assert_same(path: str, origin: str | None, options: LoadOptions, fallback: str | None = None):
    """Load ``path`` both ways and compare everything the rules and reports can see."""
    ref = reader.load_zone(path, path, origin, options, fallback_origin=fallback)
    got = scanner.load_zone(path, path, origin, options, fallback_origin=fallback)
    # read by dnspython (before the comparison builds the others' rdata)
    got.slow_at = [(os.path.basename(r.file.path), r.line) for r in got.records if r.rdata_built]
    got.slow = len(got.slow_at)
    assert got.origin == ref.origin
    assert got.includes == ref.includes
    assert [(f.path, f.display, f.reported, getattr(f.included_from, "path", None)) for f in got.files] == [
        (f.path, f.display, f.reported, getattr(f.included_from, "path", None)) for f in ref.files
    ]
    assert [_prob(p) for p in got.problems] == [_prob(p) for p in ref.problems]
    assert len(got.records) == len(ref.records)
    for a, b in zip(got.records, ref.records):
        assert _rec(a) == _rec(b), (a, b)
        assert a.rdata_text == b.rdata_text, (a, b)
        assert a.rdata == b.rdata, (a, b)
    assert_suppressions_as_text(got)
    return got, ref


def assert_suppressions_as_text(loaded) -> None:
    """The suppressions the scanner collected while reading each file are what a scan of the
    file's whole text finds (``suppress.scan_text``, which ran on every file before)."""
    for f in loaded.files:
        if f.scanned:
            with open(f.path, "rb") as fh:
                text = fh.read().decode("utf-8", "replace")
            assert (f.noqa, f.disabled) == scan_text(text), f.path


def _options(cwd: str) -> LoadOptions:
    return LoadOptions(lint_root=os.path.realpath(cwd), cwd=cwd)


# -- the shared corpus ------------------------------------------------------------------------


def _corpus_rows():
    if not SHARED.is_dir():
        return [pytest.param(None, id="corpus-missing")]
    with open(SHARED / "corpus" / "expectations.tsv", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [pytest.param(r, id=r["path"]) for r in rows]


@pytest.mark.parametrize("row", _corpus_rows())
@pytest.mark.slow
def test_corpus_file(row, monkeypatch):
    corpus = shared_dir() / "corpus"
    run_from = corpus / (row["run_from"] or ".")
    path = corpus / row["path"]
    monkeypatch.chdir(run_from)
    origin = row["origin"] or None
    if origin and not origin.endswith("."):
        origin += "."
    rel = os.path.relpath(path, run_from)
    assert_same(rel, origin, _options(str(run_from)))
    # and with the origin left to $ORIGIN / the file name
    assert_same(rel, None, _options(str(run_from)), fallback="example.")


# -- generated zones ----------------------------------------------------------------------------


def _genzone(tmp_path: Path, records: int, seed: int, portable: bool) -> str:
    if not GENZONE.is_file():
        pytest.skip(f"genzone.py not found at {GENZONE}: generated-zone differential test skipped")
    out = tmp_path / f"g{seed}.zone"
    cmd = [sys.executable, str(GENZONE), "--records", str(records), "--seed", str(seed), "--origin", "example.test."]
    if portable:
        cmd.append("--portable")
    subprocess.run(cmd + [str(out)], check=True, capture_output=True)
    return str(out)


@pytest.mark.parametrize("seed,portable", [(1, True), (2, False), (3, True)])
@pytest.mark.slow
def test_genzone(tmp_path, monkeypatch, seed, portable):
    path = _genzone(tmp_path, 3000, seed, portable)
    monkeypatch.chdir(tmp_path)
    got, ref = assert_same(path, "example.test.", _options(str(tmp_path)))
    assert len(got.records) >= 3000
    # the scanner really did the work: almost no record carries a dnspython object
    slow = got.slow
    assert slow <= len(got.records) // 50, slow


def test_scanner_alone_does_not_import_dnspython(tmp_path):
    """The common 50-record zone is read without importing dnspython."""
    path = _genzone(tmp_path, 50, 1, True)
    code = (
        "import sys, os\n"
        "from zonelint.load import LoadOptions, load_zone\n"
        f"lz = load_zone({path!r}, 'z', 'example.test.', LoadOptions(lint_root='/'))\n"
        "assert len(lz.records) >= 50 and not lz.problems, lz.problems\n"
        "print(sorted(m for m in sys.modules if m == 'dns' or m.startswith('dns.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_reference_forced(tmp_path, monkeypatch):
    path = tmp_path / "z.zone"
    path.write_text("$ORIGIN example.test.\n$TTL 300\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n")
    monkeypatch.setenv("ZONELINT_REFERENCE_LOADER", "1")
    lz = scanner.load_zone(str(path), "z", None, _options(str(tmp_path)))
    assert all(r.rdata_built for r in lz.records)
    monkeypatch.delenv("ZONELINT_REFERENCE_LOADER")
    lz = scanner.load_zone(str(path), "z", None, _options(str(tmp_path)))
    assert all(not r.rdata_built for r in lz.records)


def test_includes_and_directives(tmp_path, monkeypatch):
    (tmp_path / "sub.inc").write_text(
        "$ORIGIN sub.example.test.\n$TTL 1h\nwww A 192.0.2.7\n  AAAA 2001:DB8::0:1\n"
        "txt TXT ( \"a\" \"b\\\"c\" ; comment\n  d )\n"
    )
    (tmp_path / "z.zone").write_text(
        "$TTL 300\n$ORIGIN example.test.\n@ IN SOA ns1 hostmaster ( 1 2 3 4\n 5 )\n"
        "@ NS ns1\nns1 A 192.0.2.1\n$INCLUDE sub.inc\nafter 60 IN A 192.0.2.2\n"
        "  MX 10 @\n_sip._tcp SRV 0 5 5060 after\nout.example.org. A 192.0.2.9\n"
        "gen CAA 0 issue \"ca.example\"\n$GENERATE 1-3 h$ A 192.0.2.$\n"
        "bad A 300.1.1.1\n  in 30 ptr x\n"
    )
    monkeypatch.chdir(tmp_path)
    got, _ = assert_same("z.zone", "example.test.", _options(str(tmp_path)))
    assert got.includes and any(p.code == "ZL005" for p in got.problems)


# -- hypothesis-mutated input ---------------------------------------------------------------

_BASE_LINES = [
    "$TTL 3600",
    "$ORIGIN example.test.",
    "@ IN SOA ns1.example.test. hostmaster.example.test. (",
    "    2024010101 ; serial",
    "    7200 3600 1209600 300 )",
    "\tNS ns1",
    "@ IN NS ns2.example.test.",
    "\t3600 IN A 10.0.0.2",
    "\tIN AAAA 2001:0db8:0000:0001:0000:0000:0000:c382",
    "\tIN MX 10 mx1",
    'info3 IN TXT "owner=\\"team 3\\"; contact=ops\\;oncall"',
    '\tIN TXT "part one" "part two \\059 with decimal escape" "x"',
    "ns1 IN A 10.0.0.3",
    "ns1 AAAA 2001:db8:0:2::8c7f",
    "h7 300 in AAAA 2001:db8:0:d::8d1c",
    "$ORIGIN tenant.example.test.",
    "_xmpp-client._tcp IN SRV 10 1 5222 xmpp",
    "xmpp 1h30m A 192.0.2.10",
    "alias CNAME d.cdn.example.net.",
    "$ORIGIN example.test. ; back",
    's2._domainkey\t300 IN TXT ( "v=DKIM1; k=rsa; p="',
    '\t\t"MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ"',
    "\t\t)",
    "mx1 A 192.0.2.25",
    "* 60 IN A 192.0.2.99",
    "rev PTR host.example.test.",
]

_JUNK = st.sampled_from(
    ["(", ")", '"', "\\", ";", "@", "$TTL", "$ORIGIN", "$INCLUDE", "IN", "CH", "TXT", "A", "SRV",
     "99999999999", "4294967296", "2147483648", "65536", "-1", "0", "1w2d", "x" * 64,
     ".".join(["a" * 63] * 4), "..", "é", "\x00", "\xff", "\t", "\r", "\\065", "\\999",
     "::ffff:1.2.3.4", "1.2.3", "TYPE65534", "\\# 0", "a\\.b", "*", "1h30",
     "; noqa", ";NOQA: ZL101,zl103", "noqa", '"; noqa"', "; zonelint: disable-file=ZL605", "\\; noqa"]
)


@st.composite
def _mutated(draw):
    lines = list(_BASE_LINES)
    for _ in range(draw(st.integers(1, 4))):
        li = draw(st.integers(0, len(lines) - 1))
        toks = lines[li].split(" ")
        op = draw(st.sampled_from(["delete", "dup", "swap", "insert", "replace", "dupline", "delline", "cr"]))
        ti = draw(st.integers(0, max(len(toks) - 1, 0)))
        if op == "delete" and len(toks) > 1:
            del toks[ti]
        elif op == "dup":
            toks.insert(ti, toks[ti])
        elif op == "swap" and len(toks) > 1:
            tj = draw(st.integers(0, len(toks) - 1))
            toks[ti], toks[tj] = toks[tj], toks[ti]
        elif op == "insert":
            toks.insert(ti, draw(_JUNK))
        elif op == "replace":
            toks[ti] = draw(_JUNK)
        elif op == "dupline":
            lines.insert(li, lines[li])
        elif op == "delline":
            del lines[li]
            continue
        elif op == "cr":  # a lone CR between two tokens: ends the record, not the line (BIND)
            toks.insert(ti, "\r" + toks.pop(ti)) if toks else None
        lines[li] = " ".join(toks)
    eol = draw(st.sampled_from(["\n", "\r\n", "\r\r\n"]))
    return eol.join(lines) + draw(st.sampled_from(["", eol]))


@settings(max_examples=int(os.environ.get("ZONELINT_DIFF_EXAMPLES", "200")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=_mutated(), explicit=st.booleans())
@pytest.mark.slow
def test_mutated(tmp_path, text, explicit):
    path = tmp_path / "m.zone"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    assert_same(str(path), "example.test." if explicit else None, _options(str(tmp_path)), fallback="example.test.")


#: Zones with lone CRs and what BIND 9.18.49 (named-checkzone) makes of them: the records (owner,
#: line) it loads and the line of its error. A lone CR ends a record outside quotes and
#: parentheses, is text inside a comment or quotes, a blank inside parentheses, and no line.
_CR_HEAD = "$TTL 600\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n"
_LONE_CR = [
    ("a A 1.2.3.4\rb A 1.2.3.5\nc A 1.2.3.6\n", [("a", 5), ("b", 5), ("c", 6)], None),
    ("; comment\rb A 1.2.3.5\nc A 1.2.3.6\n", [("c", 6)], None),
    ("a A 1.2.3.4 ; c\rb A 1.2.3.5\nc A 1.2.3.6\n", [("a", 5), ("c", 6)], None),
    ("a A 1.2.3.4\rb A 1.2.3.5\nc A bad\n", [("a", 5), ("b", 5)], 6),
    ('a TXT ( "x" \r "y" )\nc A bad\n', [("a", 5)], 6),
    ("a A 1.2.3.4\r\rb A bad\n", [("a", 5)], 5),
    ("a A 1.2.3.4\r\n\rb A bad\n", [("a", 5)], 6),
    ("a A 1.2.3.4\r c A 1.2.3.5\n", [("a", 5)], 5),  # BIND: unknown RR type 'c'
    ('a TXT "x\ry"\nc A ( 1.2.3.4 \r )\ne A 1.2.3.4\r\r\n', [("a", 5), ("c", 6), ("e", 7)], None),
    ('d TXT (\r"q" ; z\r "w" )\n', [], 5),  # the comment eats the ')': unbalanced
    ("a A 1.2.3.4\r", [("a", 5)], None),
]


@pytest.mark.parametrize("body, records, error_line", _LONE_CR)
def test_lone_cr_as_bind(tmp_path, body, records, error_line):
    path = tmp_path / "cr.zone"
    path.write_bytes((_CR_HEAD + body).encode())
    assert_same(str(path), "example.", _options(str(tmp_path)))
    got = scanner.load_zone(str(path), str(path), "example.", _options(str(tmp_path)))
    assert [(r.owner.split(".")[0], r.line) for r in got.records[3:]] == records
    errors = [p.line for p in got.problems if p.code == "ZL001"]
    assert errors[:1] == ([error_line] if error_line else [])
    if body.startswith('a TXT "x\r'):
        assert got.records[3].rdata_text == '"x\\013y"'  # a CR inside quotes is data


#: A record error whose rest the reader skips, then a line opening with ')'. The reader skips the
#: rest of a record after an error (``Reader._skip_record``) unless the last token it read ended a
#: line. An unbalanced ')' met while skipping sends it to the next line with no last token (as at
#: a file's start); an unterminated quote or a final backslash eats the line break with no end-of-
#: line token: in each case the ')' opening the next line is reported and that line's rest is
#: skipped (named-checkzone 9.18.49 too, at LF line ends). The scanner must not restart at such a line as if a record
#: had just ended there (it then read the rest as a record, with the owner in effect): found by
#: test_mutated. (body, line of the ')' in the body, column of the ')').
_CLOSE_AFTER_ERROR = [
    ("    7200 3600 1209600 300 )\n) \tNS ns1", 2, 1),  # found by test_mutated (no owner yet)
    ("  7200 x )\n) NS ns1\n", 2, 1),
    ("b A 192.0.2.2 x )\n) NS ns1\nc A 192.0.2.3\n", 2, 1),
    ("b A 192.0.2.2 x ) y\n  ) NS ns1\nc A 192.0.2.3\n", 2, 3),
    ("\tA 192.0.2.2 x ) y\n)\tA 192.0.2.4\nc A 192.0.2.3\n", 2, 1),
    ("b A ( 192.0.2.2 x\n ) )\n) NS ns1\nc A 192.0.2.3\n", 3, 1),
    ("b MX 10 mx x ) y\n) c A 192.0.2.4\nc A 192.0.2.3\n", 2, 1),
    ("b A 192.0.2.2 x )\n( ) ) NS ns1\nc A 192.0.2.3\n", 2, 5),  # a '(' it closes first
    # the reader skips to the next LF, past a lone CR (BIND reads on after the CR: its ')' at line 1)
    ("b A 192.0.2.2 x )\r) NS ns1\n) A 192.0.2.4\nc A 192.0.2.3\n", 2, 1),
    ('b TXT "abc\n) NS ns1\nc A 192.0.2.3\n', 2, 1),  # the quote ate the line break
    ("b TXT abc\\\n) NS ns1\nc A 192.0.2.3\n", 2, 1),  # the backslash ate it
]


_EOLS = {"lf": "\n", "crlf": "\r\n", "cr-crlf": "\r\r\n"}


@pytest.mark.parametrize("common", [False, True], ids=["general", "common-from-1"])
@pytest.mark.parametrize("head", ["", _CR_HEAD], ids=["no-owner", "owner"])
@pytest.mark.parametrize("body, at, col, eol", [
    pytest.param(body, at, col, eol, id=f"{i}-{name}")
    for i, (body, at, col) in enumerate(_CLOSE_AFTER_ERROR) for name, eol in _EOLS.items()
    # a backslash before CR CRLF escapes the lone CR: the CRLF then ends the line as usual
    if not (name == "cr-crlf" and "\\\n" in body)
])
def test_close_after_a_record_error_as_reference(tmp_path, monkeypatch, body, at, col, head, eol, common):
    if common:
        monkeypatch.setattr(scanner, "COMMON_FROM_LINE", 0)
    path = tmp_path / "m.zone"
    path.write_bytes((head + body).replace("\n", eol).encode())
    for origin in (None, "example.test."):
        got, _ = assert_same(str(path), origin, _options(str(tmp_path)), fallback="example.test.")
    line = head.count("\n") + at
    assert [(p.code, p.column, p.message) for p in got.problems if p.line == line] == [
        ("ZL001", col, "unbalanced ')': no '(' is open")]
    assert [r for r in got.records if r.line == line] == []
    if head and body.endswith("c A 192.0.2.3\n"):
        assert [r.line for r in got.records if r.owner == "c.example.test."] == [line + 1]


_GENERIC = [
    'info IN TXT \\# 0 "owner=\\"team 3\\"; contact=ops\\;oncall"',  # found by test_mutated
    "info IN TXT \\# 0",
    "info IN TXT \\# 3 026869",
    'info IN TXT "\\#" "quoted is text"',
    "info IN CNAME \\#",
    "info IN NS \\# 0",
    "info IN A \\# 4 c0000201",
    "info IN A \\# 4 c00002",
    "info IN MX \\# 3 000a00",
]


@pytest.mark.parametrize("line", _GENERIC)
def test_generic_rdata_form_as_reference(tmp_path, line):
    """An unquoted ``\\#`` first rdata token is RFC 3597 generic data for every type: the scanner
    must not read it as a TXT string or a name (both readers give the same records and problems)."""
    path = tmp_path / "g.zone"
    path.write_text("$TTL 60\n$ORIGIN example.test.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n" + line + "\n")
    assert_same(str(path), None, _options(str(tmp_path)), fallback="example.test.")


#: Data dnspython reads but BIND 9.18 refuses (checked with named-checkzone 9.18.49): a quoted
#: string where BIND reads a plain word, units in a field BIND reads as a plain number. The
#: record is ZL001 at the offending token (line 5, column) on both readers; the good twin loads.
_BIND_TOKENS = [
    ("x RRSIG A 8 2 1h 20260101000000 20250101000000 12345 example. AAAA", 15, "original TTL '1h'"),
    ("x RRSIG A 8 2 1W 20260101000000 20250101000000 12345 example. AAAA", 15, "original TTL '1W'"),
    ("x SIG A 8 2 1h 20260101000000 20250101000000 12345 example. AAAA", 13, "original TTL '1h'"),
    ('x RRSIG "A" 8 2 3600 20260101000000 20250101000000 12345 example. AAAA', 9, 'field 1 "A"'),
    ('x CAA 0 "issue" "ca.example"', 9, 'the tag "issue" must not be a quoted string'),
    ('x CAA ( 0\n "issue" "ca.example" )', 2, 'the tag "issue"'),
    ('x CERT "PKIX" 1 8 AAAA', 8, 'field 1 "PKIX"'),
    ('x DNSKEY 256 3 "8" AwEAAQ==', 16, 'field 3 "8"'),
    ('x NSEC3PARAM 1 0 0 "AABB"', 20, 'field 4 "AABB"'),
    ('x EUI48 "00-00-5e-00-53-2a"', 9, 'field 1 "00-00-5e-00-53-2a"'),
    ('x WKS "192.0.2.1" TCP 25', 7, 'field 1 "192.0.2.1"'),
]
_BIND_TOKENS_OK = [
    "x RRSIG A 8 2 3600 20260101000000 20250101000000 12345 example. AAAA",
    'x CAA 0 issue "ca.example"',
    "x CAA 0 issue ca.example",
    'x CAA 128 tbs "quoted value; with spaces"',
    "x SOA ns hm 1 1h 15m 1w 1h",  # SOA timers take units in BIND too
]


@pytest.mark.parametrize("line, col, words", _BIND_TOKENS)
def test_bind_refuses_the_token_as_written(tmp_path, line, col, words):
    path = tmp_path / "t.zone"
    path.write_text(_CR_HEAD + line + "\n")
    assert_same(str(path), "example.", _options(str(tmp_path)))
    got = scanner.load_zone(str(path), str(path), "example.", _options(str(tmp_path)))
    errors = [p for p in got.problems if p.code == "ZL001"]
    where = 6 if "\n" in line else 5
    assert [(p.line, p.column) for p in errors] == [(where, col)], errors
    assert words in errors[0].message  # (on dnspython 2.6, SIG is read by rdatagrammar)
    assert [r.owner for r in got.records if r.owner.startswith("x.")] == []


@pytest.mark.parametrize("line", _BIND_TOKENS_OK)
def test_bind_loads_the_token_as_written(tmp_path, line):
    path = tmp_path / "t.zone"
    path.write_text("$TTL 600\n@ NS ns\nns A 192.0.2.1\n" + line + "\n")
    assert_same(str(path), "example.", _options(str(tmp_path)))
    got = scanner.load_zone(str(path), str(path), "example.", _options(str(tmp_path)))
    assert [p for p in got.problems if p.code == "ZL001"] == []
    assert [r.line for r in got.records if r.owner == "x.example."] == [4]


def test_bind_refuses_the_token_in_a_generate_rhs(tmp_path):
    """A ``$GENERATE`` rhs is read as a record is (named-checkzone 9.18.49: line 5 refused,
    "unexpected token"; line 6 loads)."""
    path = tmp_path / "t.zone"
    path.write_text(
        _CR_HEAD
        + '$GENERATE 1-2 g$ CAA "0 \\"issue\\" ca.example"\n'
        + '$GENERATE 1-2 h$ CAA "0 issue ca.example"\n'
    )
    assert_same(str(path), "example.", _options(str(tmp_path)))
    got = scanner.load_zone(str(path), str(path), "example.", _options(str(tmp_path)))
    assert [p.line for p in got.problems if p.code == "ZL001"] == [5]
    assert sorted(r.owner for r in got.records if r.rdtype == "CAA") == ["h1.example.", "h2.example."]


# -- suppression comments, collected by the scanner's own pass -------------------------------

_NOQA_HEAD = "$TTL 600\n$ORIGIN example.\n@ SOA ns hm ( 1 2 3 4 5 ) ; NOQA: zl605\n@ NS ns\nns A 192.0.2.1\n"
_NOQA_BODIES = {
    "continuation": 't TXT ( "a"\n "b" ; noqa: ZL101\n ) ; Noqa\n',
    "quoted": 't TXT "x; noqa" ; plain\nu TXT "y" ; noqa: ZL102 ; more\n',
    "handed-over": 'c CAA 0 issue "ca.example" ; noqa\n$ZZZ ; noqa: ZL001\n',
    "disable-file": "; zonelint: disable-file=ZL605, zl606\nx A 192.0.2.2 ; noqa:ZL108\n",
    "rest-of-file": 'p TXT ( "a" ; noqa\n',  # unbalanced: the reader reads the rest
    "lone-cr": "a A 192.0.2.3\rb A 192.0.2.4 ; noqa\n( c ; noqa: ZL001\nd A 192.0.2.5 ; noqa: ZL111\n",
    "not-utf8": "e A 192.0.2.6 ; \xe9noqa \xff ; NOQA\n",
    "escaped": "f TXT x\\; noqa\ng A 192.0.2.7 \\; noqa: ZL1\n",
    "bom": "\ufeff; noqa\nh A 192.0.2.8 ; noqa\n",
}


@pytest.mark.parametrize("name", sorted(_NOQA_BODIES))
def test_suppressions_collected_while_scanning(tmp_path, name):
    body = _NOQA_BODIES[name]
    text = body if name == "bom" else _NOQA_HEAD + body
    path = tmp_path / "n.zone"
    path.write_bytes(text.encode("utf-8") if name != "not-utf8" else text.encode("latin-1"))
    inc = tmp_path / "inc.zone"
    inc.write_bytes(b"i A 192.0.2.9 ; noqa: ZL108\n( ; noqa\n")
    with open(path, "ab") as f:
        f.write(b"$INCLUDE inc.zone ; noqa: ZL002\n")
    got = scanner.load_zone(str(path), str(path), "example.", _options(str(tmp_path)))
    assert all(f.scanned for f in got.files) and len(got.files) == 2
    assert_suppressions_as_text(got)


def test_suppressions_collected_at_their_lines(tmp_path):
    path = tmp_path / "n.zone"
    path.write_bytes((_NOQA_HEAD + _NOQA_BODIES["continuation"] + _NOQA_BODIES["lone-cr"]).encode())
    got = scanner.load_zone(str(path), str(path), "example.", _options(str(tmp_path)))
    f = got.files[0]
    assert f.noqa == {3: frozenset({"ZL605"}), 7: frozenset({"ZL101"}), 8: None, 9: None,
                      10: frozenset({"ZL001"}), 11: frozenset({"ZL111"})}
    assert f.disabled == frozenset()


def test_lone_cr_near_the_top_costs_one_line(tmp_path, monkeypatch):
    """One lone CR near the top of a large zone: the reader reads that line alone (as BIND: two
    records), the scanner reads everything after it; a fault further down is still reported at
    its exact line."""
    path = _genzone(tmp_path, 3000, 1, True)
    lines = Path(path).read_bytes().split(b"\n")
    at = next(i for i, ln in enumerate(lines) if i > 10 and b" A " in ln and b";" not in ln and b'"' not in ln)
    lines[at] = lines[at] + b"\rcr-extra 300 IN A 192.0.2.77"
    lines.insert(at + 20, b"bad-after-cr IN A 192.0.2.300")
    Path(path).write_bytes(b"\n".join(lines))
    monkeypatch.chdir(tmp_path)
    got, _ = assert_same(path, "example.test.", _options(str(tmp_path)))
    slow = got.slow  # records read by dnspython (counted before the comparison built the others')
    extra = [r for r in got.records if r.owner.startswith("cr-extra.") and r.rdtype == "A"]
    assert [(r.line, r.data) for r in extra] == [(at + 1, ("192.0.2.77",))]
    assert [(p.code, p.line) for p in got.problems if p.code == "ZL001"] == [("ZL001", at + 21)]
    assert len([r for r in got.records if r.line > at + 1]) > 2500
    # the records after the CR are read by the scanner (no dnspython object), as without the CR
    assert slow <= 2 + len(got.records) // 50, slow


# -- an uncertain extent: the reader reads on as far as it must, then the scanner goes on ---------

#: Records whose extent the scanner cannot be sure of (an open quote, a lone CR beside quotes or
#: parentheses, a stray ')', a lone backslash, parentheses open for long or to the end): the
#: reader reads from there and hands back at the first line start between records after them.
_UNCERTAIN = {
    "cr-in-quotes": ['odd TXT "v=spf1 mx\rip4:192.0.2.0/24 ~all"'],
    "cr-after-quote": ['odd TXT "a;b"\rodd2 A 192.0.2.7'],
    "cr-then-quote": ['odd A 192.0.2.7\rodd2 TXT "x\ry"'],
    "cr-in-parens": ['odd TXT ( "a" \r "b" )'],
    "cr-in-continuation": ['odd TXT ( "a"', ' "b" \r "c" )'],
    "open-quote": ['odd IN TXT "unterminated'],
    "open-quote-in-parens": ['odd TXT ( "a', '  "b" )'],
    "quote-over-escaped-eol": ['odd IN TXT "two\\', 'lines"'],
    "stray-paren": ["odd IN A 10.0.0.1 )"],
    "lone-backslash": ["odd IN TXT abc\\"],
    "long-parens": ['odd TXT ( "a"', *(['  "x"'] * 505), "  )"],
    "never-closed": ['odd TXT ( "a"'],
}
_HEAD = ["$TTL 600", "$ORIGIN example.test.", "@ SOA ns hm 1 2 3 4 5", "@ NS ns", "ns A 192.0.2.1"]


def _plain(n: int, tag: str) -> list[str]:
    """``n`` lines the scanner reads itself (a suppression comment among them)."""
    shapes = ["{t}{i} 300 IN A 192.0.2.{o}", "\tIN AAAA 2001:db8::{i:x}", '{t}{i} TXT "text {i}" ; noqa: ZL101',
              "{t}{i} MX 10 {t}{i}", "_s{i}._tcp.{t} SRV 0 1 5060 {t}{i}"]
    return [shapes[i % 5].format(t=tag, i=i, o=i % 250 + 1) for i in range(n)]


#: where the record goes: (file, index in that file's lines); "inherit" puts it before records
#: that take their owner and TTL from what came before it
_POSITIONS = ["first", "top", "middle", "before-origin", "before-ttl", "before-include", "inherit",
              "last", "last-no-eol", "included", "included-last"]


def _uncertain_zone(tmp_path: Path, shape: list[str], where: str, eol: str) -> tuple[Path, Path, str]:
    main = [*_HEAD, *_plain(12, "a"), "$ORIGIN sub.example.test.", *_plain(12, "b"), "$TTL 120",
            *_plain(12, "c"), "$INCLUDE inc.zone", *_plain(12, "d")]
    inc = [*_plain(8, "i"), "\t3600 IN A 192.0.2.9", *_plain(8, "j")]
    at = {"first": 0, "top": len(_HEAD), "middle": 22, "before-origin": main.index("$ORIGIN sub.example.test."),
          "before-ttl": main.index("$TTL 120"), "before-include": main.index("$INCLUDE inc.zone"),
          "inherit": main.index("$TTL 120") + 1, "last": len(main), "last-no-eol": len(main),
          "included": 8, "included-last": len(inc)}[where]
    target = inc if where.startswith("included") else main
    target[at:at] = shape
    if where == "inherit":
        target[at + len(shape):at + len(shape)] = ["\tIN A 192.0.2.98", "\t77 IN TXT inherits"]
    (tmp_path / "inc.zone").write_bytes(eol.join(inc).encode() + eol.encode())
    path = tmp_path / "u.zone"
    path.write_bytes(eol.join(main).encode() + (b"" if where == "last-no-eol" else eol.encode()))
    return path, tmp_path / "inc.zone", target is inc and "inc.zone" or "u.zone"


@pytest.mark.parametrize("eol", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("where", _POSITIONS)
@pytest.mark.parametrize("shape", sorted(_UNCERTAIN))
def test_uncertain_extent_read_as_reference(tmp_path, monkeypatch, shape, where, eol):
    """The result is the reference reader's on the whole file (records, problems at their line and
    column, suppressions), and only the lines of the uncertain record are the reader's: every
    record after it is the scanner's again (no dnspython object)."""
    lines = _UNCERTAIN[shape]
    path, _, name = _uncertain_zone(tmp_path, list(lines), where, eol)
    monkeypatch.chdir(tmp_path)
    got, ref = assert_same(str(path), "example.test.", _options(str(tmp_path)))
    assert [p for p in ref.problems if p.code != "ZL001"] == []
    # the reader read the uncertain record's lines only (a record ends at the line of its ')'
    # or where the reader resynchronised): each record it read starts on one of them
    text = (tmp_path / name).read_bytes().decode()
    first = text.split(eol).index(lines[0]) + 1
    span = set(range(first, first + len(lines)))
    assert all(f == name and ln in span for f, ln in got.slow_at), (got.slow_at, name, span)
    assert len(got.records) - got.slow >= 55


def test_uncertain_extent_reports_what_follows(tmp_path):
    """Errors on both sides of a hand-over keep their exact line and column (named-checkzone
    9.18 reports the same three lines), and the records after it keep the owner and the last
    TTL the reader's record left (no $TTL: RFC 1035 semantics)."""
    path = tmp_path / "z.zone"
    path.write_text(
        "@ 300 SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\nbad1 A 192.0.2.300\n"
        'odd 77 IN TXT "unterminated\n\tIN A 192.0.2.2\nafter A 192.0.2.3\nbad2 A 192.0.2.301\n'
    )
    got, _ = assert_same(str(path), "example.", _options(str(tmp_path)))
    assert [(p.code, p.line, p.column) for p in got.problems] == [("ZL001", 4, 8), ("ZL001", 5, 15), ("ZL001", 8, 8)]
    assert [(r.owner, r.line, r.ttl) for r in got.records[3:]] == [("odd.example.", 6, 77), ("after.example.", 7, 77)]
    assert got.slow_at == []  # the open quote made no record; the scanner read the rest


@st.composite
def _with_uncertain(draw):
    """A generated body with one to three uncertain records at drawn places, and drawn EOLs."""
    lines = [*_HEAD, *_plain(30, "h")]
    for _ in range(draw(st.integers(1, 3))):
        shape = _UNCERTAIN[draw(st.sampled_from(sorted(k for k in _UNCERTAIN if k != "long-parens")))]
        at = draw(st.integers(0, len(lines)))
        lines[at:at] = shape
        if draw(st.booleans()):
            lines.insert(at + len(shape), draw(st.sampled_from(["\tIN A 192.0.2.98", "\t60 TXT x", "$TTL 30",
                                                                "$ORIGIN o.example.test.", "( x", ") ; noqa"])))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return eol.join(lines) + draw(st.sampled_from(["", eol]))


@settings(max_examples=int(os.environ.get("ZONELINT_DIFF_EXAMPLES", "200")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=_with_uncertain())
@pytest.mark.slow
def test_uncertain_extent_mutated(tmp_path, text):
    path = tmp_path / "u.zone"
    path.write_bytes(text.encode())
    assert_same(str(path), "example.test.", _options(str(tmp_path)))


def test_uncertain_extent_at_an_unknown_origin_still_collects_suppressions(tmp_path):
    """The load stops at the first record when no origin is known (ZL006), inside the reader's
    part: the suppression comments of the lines after it are collected all the same."""
    path = tmp_path / "z.zone"
    path.write_text('a TXT "open\n b A 192.0.2.1 ; noqa\n; zonelint: disable-file=ZL006\n')
    got, _ = assert_same(str(path), None, _options(str(tmp_path)))
    assert [(p.code, p.line) for p in got.problems] == [("ZL006", 1)]
    assert (got.files[0].noqa, got.files[0].disabled) == ({2: None}, frozenset({"ZL006"}))


# -- the common-line path (Scanner._common): one match per line, or the general path -------------

def _long_name(length: int) -> str:
    """A relative name of ``length`` characters (at most 255; labels of 63 and less)."""
    name = ".".join(["x" * 63] * 4)[:length]
    return name[:-2] + ".y" if name.endswith(".") else name


#: Lines of the common shapes and lines just beside them that the common-line path must decline
#: (the general path or the reader reads them): each is compared with the reference reader after
#: a head that leaves an owner, a TTL and an $ORIGIN inside the zone, and before lines that
#: inherit the owner and TTL it leaves.
_COMMON_EDGES = [
    # plain shapes, every order of TTL and class, blanks, tabs, case
    "a A 192.0.2.1", "a 300 A 192.0.2.1", "a IN A 192.0.2.1", "a 300 IN A 192.0.2.1", "a IN 300 A 192.0.2.1",
    "a\t300\tin\ta\t192.0.2.1", "\tA 192.0.2.2", "   \t 60 IN A 192.0.2.2", "a in 0300 A 192.0.2.1",
    "a 300 IN 300 A 192.0.2.1", "a IN IN A 192.0.2.1", "a CH A 192.0.2.1", "a 300 CH A 192.0.2.1",
    # TTLs: units, out of range, too many digits
    "a 1h A 192.0.2.1", "a 1H30m IN A 192.0.2.1", "a 2147483647 A 192.0.2.1", "a 2147483648 A 192.0.2.1",
    "a 4294967296 A 192.0.2.1", "a 99999999999 A 192.0.2.1", "a 0 A 192.0.2.1", "a IN 1w A 192.0.2.1",
    # owners: @, absolute, outside the zone, root, long labels and names, odd characters, escapes
    "@ A 192.0.2.1", "@ 60 IN MX 10 mx", "a.example.test. A 192.0.2.1", "A.EXAMPLE.TEST. A 192.0.2.1",
    "a.example.org. A 192.0.2.1", ". A 192.0.2.1", "example.test. A 192.0.2.1", "xexample.test. A 192.0.2.1",
    "x" * 63 + " A 192.0.2.1", "x" * 64 + " A 192.0.2.1", ".".join(["x" * 63] * 3) + " A 192.0.2.1",
    ".".join(["x" * 63] * 4) + ". A 192.0.2.1", *(_long_name(n) + " A 192.0.2.1" for n in (236, 237, 238, 241, 242, 243)),
    *(_long_name(n) + ". A 192.0.2.1" for n in (253, 254, 255)), "s SRV 0 0 0 " + _long_name(237), "a..b A 192.0.2.1", "*.w A 192.0.2.1", "_s._tcp A 192.0.2.1",
    "a/b+c=d A 192.0.2.1", "a\\.b A 192.0.2.1", "a\\065 A 192.0.2.1", "a!b A 192.0.2.1", "$x A 192.0.2.1",
    "\u00e9 A 192.0.2.1", "a A 192.0.2.1 ; \u00e9 noqa",
    # rdata of each type, good and bad
    "a A 192.0.2.256", "a A 192.0.2", "a A 192.0.2.1 x", "a A 01.2.3.4", "a A \\# 4 c0000201",
    "a AAAA 2001:0DB8::0001", "a AAAA ::", "a AAAA ::ffff:1.2.3.4", "a AAAA ::ffff:102:304", "a AAAA 1::2::3",
    "a AAAA 1:2:3:4:5:6:7:8:9", "a AAAA 12345::", "a AAAA 0:0:0:0:0:0:0:1", "a AAAA 2001:db8::1 ::2",
    "s SRV 0 5 5060 t", "s SRV 0 5 5060 t.example.test.", "s SRV 0\t5  5060\tt", "s SRV 0 5 50600 t", "s SRV 65535 65535 65535 .", "s SRV 65536 0 0 t",
    "s SRV 0 0 0 @", "s SRV 0 0 t", "s SRV 0 0 0 t u", "s SRV 00 0 0 T.", "s srv 1 2 3 t\\.x",
    "m MX 10 mx", "m MX 65536 mx", "m MX 10 @", "m MX 10", "m MX mx 10", "m mx 0 mx.example.org.",
    "n NS ns", "n NS ns.example.org.", "n NS .", "n NS @", "n NS a b", "c CNAME x" * 1, "c cname X.Y.",
    "p PTR h.example.test.", "d DNAME other.test.", "d DNAME " + "y" * 64,
    'x TXT "a"', "x TXT a b", 'x TXT "a b" c "d;e" ; noqa', 'x TXT ""', 'x TXT "a\\"b" "\\059\\255"', 'x TXT "\\256"',
    'x TXT "a"b', 'x TXT "' + "z" * 255 + '"', 'x TXT "' + "z" * 256 + '"', 'x TXT "\\' + '065' * 1 + '"',
    'x TXT "a\tb"', "x TXT " + " ".join(['"' + "z" * 255 + '"'] * 256), "x TXT " + " ".join(["z" * 255] * 257),
    'x TXT "a; noqa" b', 'x TXT "a;" "noqa" ; c', 'x TXT "a\\" ; noqa" ; zonelint: disable-file=ZL605',
    "x TXT \\# 0", 'x TXT "\\#"', "x TXT ( a )", 'x TXT "(" ")"', 'x A "192.0.2.1"',
    "x SOA ns hm 1 2 3 4 5", "x CAA 0 issue ca.example", "x TYPE1 192.0.2.1", "x AAAAA ::1", "x A",
    # comments, suppressions, CRs
    "a A 192.0.2.1;c", "a A 192.0.2.1 ; noqa: ZL101", "a A 192.0.2.1 ; zonelint: disable-file=ZL605",
    "a A 192.0.2.1 ;\rx", "a A 192.0.2.1\rb A 192.0.2.2", 'x TXT "a;b" ; noqa', 'x TXT "noqa" c',
    # blank and comment lines between records (the common-line path reads them too)
    "", ";", "; noqa: ZL101", ";zonelint: disable-file=ZL605", "; NOQA\r", " ", "\t; noqa", ";\ra A 192.0.2.1",
    # $ORIGIN between records (the common-line path reads the plain absolute ones)
    "$ORIGIN o.example.test.", "$ORIGIN O.Example.TEST.\t", "$ORIGIN o.example.test. ; noqa", "$origin o.example.test.",
    "$ORIGIN o", "$ORIGIN example.org.", "$ORIGIN o.example.test. x", "$ORIGIN\to.example.test.\r",
    "$ORIGIN " + "x" * 64 + ".example.test.", *("$ORIGIN " + _long_name(n) + "." for n in (240, 253, 254)),
    "$ORIGIN a\\.b.example.test.", "$ORIGIN .", "$ORIGIN example.test.", "$TTL 77",
]


@pytest.fixture
def common_path_from_the_first_line(monkeypatch):
    """The common-line path reads a file's lines after the first ``COMMON_FROM_LINE``: these
    tests' small zones must go through it from their first line."""
    monkeypatch.setattr(scanner, "COMMON_FROM_LINE", 0)


def _generated_zone_through_the_general_path(tmp_path, monkeypatch):
    """A generated 3,000-record zone loaded as the reference loads it: (the loaded zone, the
    token lists of the records the general path's record step read)."""
    path = _genzone(tmp_path, 3000, 1, True)
    seen = []
    general = scanner.Scanner._record

    def counting(self, toks, *rest):
        seen.append(toks)
        return general(self, toks, *rest)

    monkeypatch.setattr(scanner.Scanner, "_record", counting)
    monkeypatch.chdir(tmp_path)
    got, _ = assert_same(path, "example.test.", _options(str(tmp_path)))
    return got, seen


def test_the_common_path_takes_over_after_the_first_lines(tmp_path, monkeypatch):
    """By default the first ``COMMON_FROM_LINE`` lines of a file are read the general way, the
    rest by the common-line path; both read the same records as the reference."""
    got, lines = _generated_zone_through_the_general_path(tmp_path, monkeypatch)
    first = sum(1 for r in got.records if r.line <= scanner.COMMON_FROM_LINE)
    later = len(got.records) - first
    assert first > 300 and later > 2500
    # the general path read the first lines' records, and well under 5% of the later ones
    assert first <= len(lines) <= first + later // 20, (first, len(lines))


def test_a_small_zone_never_compiles_the_common_patterns(tmp_path):
    """A zone shorter than ``COMMON_FROM_LINE`` lines (a pre-commit run) does not pay the ~2 ms
    the common-line patterns cost to compile; a longer one compiles them."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from zonelint.cli import main\n"
        "from zonelint.load import scanfields\n"
        "main(['--no-config', '--format', 'text', sys.argv[1]])\n"
        "print('compiled' if 'match' in vars(scanfields.COMMON_LINE) else 'not compiled')\n"
    )
    small = _genzone(tmp_path, 100, 1, True)
    big = _genzone(tmp_path, 2000, 2, True)
    for path, expect in ((small, "not compiled"), (big, "compiled")):
        out = subprocess.run([sys.executable, "-c", probe, path], capture_output=True, text=True, cwd=tmp_path,
                             timeout=120)
        assert out.stdout.strip().splitlines()[-1] == expect, (path, out.stdout[-300:], out.stderr[-300:])


def _common_zone(line: str, eol: str) -> bytes:
    lines = ["$TTL 600", "$ORIGIN example.test.", "@ SOA ns hm 1 2 3 4 5", "@ NS ns", "ns A 192.0.2.1",
             "$ORIGIN sub.example.test.", "w 120 A 192.0.2.3", line, "\tA 192.0.2.4", "\t77 TXT inherits",
             "$ORIGIN example.org.", line, "\tA 192.0.2.5", "$ORIGIN example.test.", line, "z A 192.0.2.6"]
    return (eol.join(lines) + eol).encode("utf-8")


@pytest.mark.parametrize("eol", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("line", _COMMON_EDGES, ids=[f"{i}:{v[:30]}" for i, v in enumerate(_COMMON_EDGES)])
def test_common_line_edges_as_reference(tmp_path, line, eol, common_path_from_the_first_line):
    """Each line, in the zone's own origin, under a sub-origin and under an origin outside the
    zone: the same records and problems as the reference reader."""
    path = tmp_path / "c.zone"
    path.write_bytes(_common_zone(line, eol))
    assert_same(str(path), "example.test.", _options(str(tmp_path)))
    assert_same(str(path), None, _options(str(tmp_path)), fallback="example.test.")


_COMMON_PARTS = {
    "owner": ["", "a", "@", "a.b", "A.example.test.", "a.example.org.", "*", "_x._tcp", "x" * 64, "a\\.b", "\u00e9", "."],
    "ttl": ["", "300", "0", "1h", "2147483648", "99999999999"],
    "class": ["", "IN", "in", "CH"],
    "type": ["A", "a", "AAAA", "SRV", "MX", "mx", "NS", "CNAME", "PTR", "DNAME", "TXT", "txt", "SOA", "CAA", "IN"],
    "rdata": ["192.0.2.1", "192.0.2.300", "2001:db8::1", "2001:0db8:0:0:0:0:0:1", "::ffff:1.2.3.4", "0 5 5060 t",
              "1 2 3 t.example.test.", "1 2 65536 t", "10 mx", "10 mx.example.org.", "70000 mx", "ns", "@", ".",
              "n.example.test.", '"a b"', '"x" y', '"\\065\\"" ;q', "a\\;b", '"open', "( 192.0.2.1 )", "1.2.3.4 )",
              "\\# 4 c0000201", "", '"' + "q" * 256 + '"'],
    "sep": [" ", "\t", "  \t"],
    "tail": ["", " ", " ; c", ";noqa", " ; zonelint: disable-file=ZL605", "\r"],
}


@st.composite
def _common_lines(draw):
    """Zones of lines built from the common shape's parts, in every order and mix."""
    lines = ["$TTL 600", "$ORIGIN example.test.", "@ SOA ns hm 1 2 3 4 5", "@ NS ns", "ns A 192.0.2.1"]
    if draw(st.booleans()):  # no $TTL: a record without a TTL inherits the last one written
        lines = lines[1:]
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["$ORIGIN o.example.test.", "$ORIGIN example.org.", "$TTL 30",
                                               "$ORIGIN example.test.", "x A 192.0.2.9", "\tAAAA ::1", "",
                                               "; noqa", ";zonelint: disable-file=ZL605", "; c"])))
            continue
        p = {k: draw(st.sampled_from(v)) for k, v in _COMMON_PARTS.items()}
        order = ["ttl", "class"] if draw(st.booleans()) else ["class", "ttl"]
        toks = [p[k] for k in (*order, "type", "rdata") if p[k]]
        sep = p["sep"]
        owner = p["owner"] if p["owner"] else sep
        lines.append(owner + sep + sep.join(toks) + p["tail"])
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return eol.join(lines) + draw(st.sampled_from(["", eol]))


@settings(max_examples=int(os.environ.get("ZONELINT_DIFF_EXAMPLES", "200")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=_common_lines(), explicit=st.booleans())
@pytest.mark.slow
def test_common_lines_mutated(tmp_path, text, explicit, common_path_from_the_first_line):
    path = tmp_path / "c.zone"
    path.write_bytes(text.encode("utf-8"))
    assert_same(str(path), "example.test." if explicit else None, _options(str(tmp_path)), fallback="example.test.")


def test_common_path_inherits_the_ttl_in_effect(tmp_path, common_path_from_the_first_line):
    """Without ``$TTL`` a record without a TTL inherits the last one written, which changes from
    record to record; after ``$TTL`` it inherits that (lines read by the common-line path)."""
    lines = ["$ORIGIN example.test.", "@ 3600 SOA ns hm 1 2 3 4 5", "@ NS ns", "ns A 192.0.2.1",
             "a 300 A 192.0.2.2", "\tAAAA ::1", "b 600 A 192.0.2.3", "\tAAAA ::2", "c A 192.0.2.4", "$TTL 30",
             "d A 192.0.2.5", "e 40 A 192.0.2.6", "f A 192.0.2.7", "\t50 TXT x", "\tTXT y"]
    path = tmp_path / "t.zone"
    path.write_text("\n".join(lines) + "\n")
    got, _ = assert_same(str(path), "example.test.", _options(str(tmp_path)))
    assert [(r.ttl, r.ttl_source) for r in got.records[3:]] == [
        (300, "explicit"), (300, "previous"), (600, "explicit"), (600, "previous"), (600, "previous"),
        (30, "$TTL"), (40, "explicit"), (30, "$TTL"), (50, "explicit"), (30, "$TTL")]


def test_common_line_path_reads_the_common_shapes(tmp_path, monkeypatch, common_path_from_the_first_line):
    """The generated zone's one-line records are read by the common-line path (one match per
    line), not by the general one: the general path's record step sees only the other lines."""
    got, seen = _generated_zone_through_the_general_path(tmp_path, monkeypatch)
    assert len(got.records) >= 3000
    # the SOA and TXT in parentheses, '.' targets, units in TTLs: well under 5% of the records
    assert len(seen) <= len(got.records) // 20, len(seen)


_V6_CHUNKS = ["", "0", "00", "0000", "1", "01", "a", "ffff", "FfFf", "abcd", "12345", "0:0", "::", ":"]


@st.composite
def _v6_texts(draw):
    if draw(st.booleans()):
        return draw(st.text(alphabet="0:::1aF0f.", min_size=1, max_size=41))
    text = ":".join(draw(st.lists(st.sampled_from(_V6_CHUNKS), min_size=1, max_size=10)))
    return draw(st.sampled_from(["", ":", "::"])) + text + draw(st.sampled_from(["", ":", "::"]))


@settings(max_examples=int(os.environ.get("ZONELINT_DIFF_EXAMPLES", "200")) * 10, deadline=None)
@given(text=_v6_texts())
def test_ipv6_canonical_as_dnspython(text):
    """The C library's text of an IPv6 address (the common-line path's) is dnspython's, and it
    declines exactly what the scanner's own parser declines (the embedded IPv4 forms, errors)."""
    import dns.exception
    import dns.ipv6

    from zonelint.load.inetc import IPV6_PROBES, by_c_library, ipv6_canonical
    from zonelint.load.scanfields import ipv6_text

    c_library = by_c_library()
    if platform.libc_ver()[0] == "glibc":  # the C functions passed their check: they answer
        assert c_library
    got = ipv6_canonical(text)
    assert got == ipv6_text(text)
    try:
        ref = dns.ipv6.inet_ntoa(dns.ipv6.inet_aton(text))
    except (dns.exception.SyntaxError, ValueError):
        ref = None
    assert got is None or got == ref
    assert all(ipv6_canonical(t) == ipv6_text(t) for t in IPV6_PROBES)


@settings(max_examples=int(os.environ.get("ZONELINT_DIFF_EXAMPLES", "200")) * 10, deadline=None)
@given(text=st.one_of(st.text(alphabet="0123456789.", max_size=20), st.text(alphabet="0125.x- \n", max_size=16),
                      st.lists(st.sampled_from(["0", "00", "1", "01", "9", "25", "249", "250", "255", "256", "300",
                                                "1000", "", "0x1"]), min_size=1, max_size=6).map(".".join)))
def test_ipv4_valid_as_the_scanner_pattern(text):
    """The C library reads a dotted quad as the scanner's pattern (octets 0-255, no leading zero),
    and dnspython loads what it accepts as written."""
    import dns.exception
    import dns.ipv4

    from zonelint.load.inetc import IPV4_PROBES, by_c_library, ipv4_valid
    from zonelint.load.scanfields import IPV4

    c_library = by_c_library()
    if platform.libc_ver()[0] == "glibc":
        assert c_library
    got = ipv4_valid(text)
    assert got == (IPV4.match(text) is not None)
    if got:
        assert dns.ipv4.inet_ntoa(dns.ipv4.inet_aton(text)) == text
    assert all(ipv4_valid(t) == (IPV4.match(t) is not None) for t in IPV4_PROBES)


def test_repeated_ipv4_addresses_share_their_data(tmp_path, common_path_from_the_first_line):
    """The common-line path checks an IPv4 address once per file and gives the A records that
    repeat it one shared data tuple (memory: a third of the 1M benchmark zone's A records repeat
    an address); an address it refused is refused again, and the records are the reference's."""
    path = tmp_path / "a.zone"
    path.write_text("$TTL 600\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n"
                    "a A 192.0.2.7\nb A 192.0.2.7\nc A 192.0.2.8\nd 60 IN A 192.0.2.7\n"
                    "e A 192.0.2.300\nf A 192.0.2.300\ng A 192.0.2.8\n")
    got, _ = assert_same(str(path), "example.test.", _options(str(tmp_path)))
    by_owner = {r.owner.split(".")[0]: r for r in got.records if r.rdtype == "A"}
    assert by_owner["a"].data == ("192.0.2.7",)
    assert by_owner["a"].data is by_owner["b"].data is by_owner["d"].data
    assert by_owner["c"].data is by_owner["g"].data and by_owner["c"].data is not by_owner["a"].data
    assert "e" not in by_owner and "f" not in by_owner
    assert [p.line for p in got.problems if p.code == "ZL001"] == [9, 10]
