"""Tests for the reference reader (``zonelint.load.reader``) and the origin helpers
(``zonelint.origin``).

Most tests go through :func:`load_text`; ``$INCLUDE`` tests write files under ``tmp_path``. The
last test loads every file of the shared conformance corpus and checks the loader never raises.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import dns.version
import dns.zone
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zonelint.load import LoadedZone, LoadOptions
from zonelint.load.messages import NO_ORIGIN, NO_TTL, NOT_TEXT
from zonelint.load.reader import load_text, load_zone
from zonelint.rdata import compact_data
from zonelint.origin import origin_from_config, origin_from_filename

SOA = "@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n"
HEAD = "$TTL 3600\n" + SOA + "@ IN NS ns1\nns1 IN A 192.0.2.1\n"


def load(text: str | bytes, origin: str | None = "example.com.", **kw) -> LoadedZone:
    return load_text(text, origin, **kw)


def codes(z: LoadedZone) -> list[str]:
    return [p.code for p in z.problems]


def col_of(line: str, needle: str) -> int:
    """1-based column of ``needle`` in ``line``."""
    return line.index(needle) + 1


def by_owner(z: LoadedZone, owner: str, rdtype: str | None = None):
    return [r for r in z.records if r.owner == owner and (rdtype is None or r.rdtype == rdtype)]


def opts(root: Path, **kw) -> LoadOptions:
    return LoadOptions(lint_root=os.path.realpath(root), cwd=str(root), **kw)


# ------------------------------------------------------------------------------------------------
# records and inheritance


def test_basic_record_fields():
    z = load(HEAD + "www 300 IN A 192.0.2.10\n")
    assert z.origin == "example.com."
    assert z.problems == []
    assert [r.rdtype for r in z.records] == ["SOA", "NS", "A", "A"]
    www = z.records[-1]
    assert (www.owner, www.ttl, www.ttl_explicit, www.rdclass, www.rdtype) == (
        "www.example.com.",
        300,
        True,
        "IN",
        "A",
    )
    assert www.rdata_text == "192.0.2.10"
    assert www.origin == "example.com."
    assert www.data == ("192.0.2.10",)
    assert www.rdata.address == "192.0.2.10"  # the Rdata built while loading
    assert (www.line, www.column, www.end_line) == (5, 1, 5)
    assert z.files == [z.file] and z.includes == []
    assert z.file.text.startswith("$TTL 3600")  # load_text keeps the source for reporters


def test_omitted_owner_ttl_and_class_are_inherited():
    text = "$TTL 3600\n" + SOA + "  NS ns1\nwww 60 A 192.0.2.1\n  AAAA 2001:db8::1\n  IN TXT hi\n"
    z = load(text)
    assert z.problems == []
    ns, a, aaaa, txt = z.records[1:]
    assert ns.owner == "example.com." and ns.column == 3 and not ns.ttl_explicit
    assert a.ttl == 60 and a.ttl_explicit
    # $TTL wins over the last explicit TTL (RFC 2308 / dnspython semantics)
    assert aaaa.owner == "www.example.com." and aaaa.ttl == 3600 and not aaaa.ttl_explicit
    assert txt.owner == "www.example.com." and txt.rdclass == "IN"


def test_ttl_from_last_explicit_and_soa_minimum():
    # no $TTL: the SOA takes its minimum; later records inherit the last explicit TTL
    text = "@ SOA ns1 hostmaster 1 2 3 4 300\nwww 60 A 192.0.2.1\nmail A 192.0.2.2\n"
    z = load(text)
    assert z.problems == []
    soa, www, mail = z.records
    assert soa.ttl == 300 and not soa.ttl_explicit
    assert www.ttl == 60 and mail.ttl == 60 and not mail.ttl_explicit


def test_ttls_equal_bind_and_dnspython():
    text = (
        "@ SOA ns1 hostmaster 1 2 3 4 300\n@ NS ns1\nns1 120 A 192.0.2.1\na A 192.0.2.2\n"
        "$TTL 900\nb A 192.0.2.3\nc 5 A 192.0.2.4\nd A 192.0.2.5\n"
        "$TTL 1h30m\ne IN 7 TXT x\nf TXT y\n"
    )
    z = load(text)
    assert z.problems == []
    # BIND's TTLs (named-checkzone): without $TTL a record inherits the last explicit TTL
    # (RFC 2308 §4), so 'a' gets ns1's 120
    bind = {"example.com.": 300, "ns1.example.com.": 120, "a.example.com.": 120, "b.example.com.": 900,
            "c.example.com.": 5, "d.example.com.": 900, "e.example.com.": 7, "f.example.com.": 5400}
    assert {rec.owner: rec.ttl for rec in z.records} == bind
    # dnspython as a second reference only where it has that last-TTL rule: 2.9 on (2.6.0 to
    # 2.8.0 give 'a' the SOA minimum, 300)
    if tuple(int(x) for x in dns.version.version.split(".")[:2]) >= (2, 9):
        zone = dns.zone.from_text(text, "example.com.", relativize=False)
        for rec in z.records:
            rds = zone.find_rdataset(rec.owner, rec.rdtype)
            assert rec.ttl == rds.ttl, rec
    assert by_owner(z, "f.example.com.")[0].ttl == 5400


def test_ttl_class_order_both_ways_and_units():
    z = load(HEAD + "a IN 300 A 192.0.2.1\nb 1h30m IN A 192.0.2.2\nc 2W A 192.0.2.3\n")
    assert z.problems == []
    assert [r.ttl for r in z.records[-3:]] == [300, 5400, 1209600]
    assert all(r.ttl_explicit for r in z.records[-3:])


def test_no_ttl_at_all_is_reported_and_record_dropped():
    z = load("www A 192.0.2.1\n")
    assert codes(z) == ["ZL001"]
    assert z.problems[0].message == NO_TTL
    assert (z.problems[0].line, z.problems[0].column) == (1, 1)
    assert z.records == []


def test_other_class_is_reported():
    line = "www CH A 192.0.2.1"
    z = load(HEAD + line + "\n")
    (p,) = z.problems
    assert p.code == "ZL001" and p.message == "record class CH differs from the zone's class IN"
    assert (p.line, p.column) == (5, col_of(line, "CH"))


def test_at_relative_and_absolute_names():
    z = load(HEAD + "@ MX 10 mail\nmail A 192.0.2.2\nx CNAME other.example.net.\n")
    mx = by_owner(z, "example.com.", "MX")[0]
    assert mx.data == (10, "mail.example.com.")
    assert mx.rdata_text == "10 mail.example.com."
    assert by_owner(z, "x.example.com.")[0].target == "other.example.net."


def test_escapes_in_names_and_txt():
    z = load(HEAD + 'a\\.b TXT "say \\"hi\\"" \\065\\066\nc\\065 A 192.0.2.1\n')
    assert z.problems == []
    txt = by_owner(z, "a\\.b.example.com.")[0]
    assert txt.data == ((b'say "hi"', b"AB"),)
    assert by_owner(z, "cA.example.com.")


def test_compact_data_layouts():
    z = load(
        HEAD
        + "_sip._tcp SRV 10 60 5060 sip\n"
        + "n NAPTR 100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp\n"
        + "p PTR host.example.net.\n"
        + "d DNAME example.net.\n"
        + "v6 AAAA 2001:db8::1\n"
        + "t TXT \"a\" \"b\"\n"
        + "k CAA 0 issue \"ca.example\"\n"
    )
    assert z.problems == []
    data = {r.rdtype: r.data for r in z.records}
    assert data["SRV"] == (10, 60, 5060, "sip.example.com.")
    assert data["NAPTR"] == (100, 10, "S", "SIP+D2U", "", "_sip._udp.example.com.")
    assert data["PTR"] == ("host.example.net.",)
    assert data["DNAME"] == ("example.net.",)
    assert data["AAAA"] == ("2001:db8::1",)
    assert data["TXT"] == ((b"a", b"b"),)
    assert data["SOA"] == (
        "ns1.example.com.",
        "hostmaster.example.com.",
        1,
        3600,
        600,
        86400,
        300,
    )
    assert data["CAA"] is None
    assert compact_data("CAA", None) is None


def test_crlf_and_lone_cr():
    text = HEAD.replace("\n", "\r\n") + "a A 192.0.2.1\r\nb A 192.0.2.2\rc A 999.0.0.1\r\n"
    z = load(text)
    assert [r.owner for r in z.records[-2:]] == ["a.example.com.", "b.example.com."]
    assert [(r.line, r.column) for r in z.records[-2:]] == [(5, 1), (6, 1)]
    (p,) = z.problems
    # a lone CR ends the record but is no line break (BIND counts lines at LF only): the bad
    # record is on line 6, after 'b A 192.0.2.2<CR>'
    assert (p.line, p.column) == (6, 19)


def test_multiline_soa_positions():
    text = (
        "$TTL 1h\n"
        "@  IN SOA ns1 hostmaster (\n"
        "      2024010101 ; serial\n"
        "      3600 600\n"
        "      86400 300\n"
        "   )\n"
        "\tA 192.0.2.1\n"
    )
    z = load(text)
    assert z.problems == []
    soa, www = z.records
    assert (soa.line, soa.column, soa.end_line) == (2, 1, 6)
    assert soa.data[2] == 2024010101
    # a record without owner starts at its first token; a tab counts as one column
    assert (www.line, www.column, www.end_line) == (7, 2, 7)
    assert www.owner == "example.com."


# ------------------------------------------------------------------------------------------------
# directives


def test_origin_directive_relative_and_absolute():
    z = load(HEAD + "$ORIGIN sub\nwww A 192.0.2.1\n$ORIGIN example.com.\nback A 192.0.2.2\n")
    assert z.problems == []
    www = by_owner(z, "www.sub.example.com.")[0]
    assert www.origin == "sub.example.com."
    assert by_owner(z, "back.example.com.")[0].origin == "example.com."


def test_directives_are_case_insensitive():
    z = load("$ttl 60\n$origin example.com.\n" + SOA + "www A 192.0.2.1\n", origin=None)
    assert z.problems == [] and z.origin == "example.com."
    assert z.records[-1].ttl == 60


def test_unknown_directive():
    z = load(HEAD + "$FOO bar\nwww A 192.0.2.1\n")
    (p,) = z.problems
    assert p.code == "ZL001" and "'$FOO'" in p.message and (p.line, p.column) == (5, 1)
    assert by_owner(z, "www.example.com.")


def test_generate_expansion():
    line = "$GENERATE 1-3 host$ A 10.0.0.$"
    z = load(HEAD + line + "\n$GENERATE 0-4/2 ${10,3} CNAME h$.example.net.\n")
    assert z.problems == []
    gen = z.records[3:]
    assert [r.owner for r in gen[:3]] == [
        "host1.example.com.",
        "host2.example.com.",
        "host3.example.com.",
    ]
    assert [r.data for r in gen[:3]] == [("10.0.0.1",), ("10.0.0.2",), ("10.0.0.3",)]
    assert all((r.line, r.column, r.end_line) == (5, 1, 5) for r in gen[:3])
    assert [r.owner.split(".")[0] for r in gen[3:]] == ["010", "012", "014"]
    assert gen[3].target == "h0.example.net."


def test_generate_limit_and_bad_range():
    z = load(
        HEAD + "$GENERATE 1-10000000 h$ A 10.0.0.1\n$GENERATE 5-x h$ A 10.0.0.1\nok A 192.0.2.9\n"
    )
    assert codes(z) == ["ZL003", "ZL001"]
    big, bad = z.problems
    assert big.message == (
        "$GENERATE 1-10000000 would create 10000000 records, above max-generate 65536: "
        "not expanded"
    )
    assert (big.line, big.column) == (5, 1)
    assert bad.line == 6 and bad.column == len("$GENERATE ") + 1
    assert by_owner(z, "ok.example.com.")
    assert len(z.records) == 4
    small = LoadOptions(lint_root="/", max_generate=10)
    z2 = load(HEAD + "$GENERATE 1-11 h$ A 10.0.0.1\n", options=small)
    assert codes(z2) == ["ZL003"]


# ------------------------------------------------------------------------------------------------
# errors: position of the offending token


@pytest.mark.parametrize(
    "line, needle, message",
    [
        ("www IN A 999.0.2.7", "999.0.2.7", "bad IPv4 address '999.0.2.7'"),
        ("v6 IN AAAA 2001:db8::zz", "2001:db8::zz", "bad IPv6 address '2001:db8::zz'"),
        (
            "big 4294967296 IN A 192.0.2.1",
            "4294967296",
            "TTL 4294967296 out of range (more than 32 bits; at most 2147483647, RFC 2181 §8)",
        ),
        ("typo 1h30x IN A 192.0.2.1", "1h30x", "bad TTL '1h30x'"),
        ("www IN FOO bar", "FOO", "unknown record type 'FOO'"),
        ("_sip._tcp IN SRV 10 5060 host.", "host.", "bad SRV port 'host.'"),
        (
            "@ IN SOA ns1 hostmaster 4294967296 1 2 3 4",
            "4294967296",
            "SOA serial 4294967296 out of range",
        ),
        ("x MX 10 " + "a" * 64 + ".example.", "a" * 64, "label is longer than 63 octets"),
        ("a" * 64 + " A 192.0.2.1", "a" * 64, "bad owner name"),
        ("y A 192.0.2.1 extra", "extra", "unexpected extra data 'extra'"),
        ("z TKEY x", "TKEY", "meta RR type 'TKEY'"),
    ],
)
def test_error_at_offending_token(line, needle, message):
    z = load(HEAD + line + "\nafter A 192.0.2.99\n")
    assert codes(z) == ["ZL001"], z.problems
    p = z.problems[0]
    assert message in p.message
    assert "caught exception" not in p.message and "<class" not in p.message
    assert (p.line, p.column) == (5, col_of(line, needle))
    assert by_owner(z, "after.example.com."), "the next record must still load"


def test_missing_field_at_end_of_line():
    line = "_sip._tcp IN SRV 10 5 5060"
    z = load(HEAD + line + "\n")
    (p,) = z.problems
    assert p.line == 5 and "missing target" in p.message


def test_name_too_long():
    owner = ".".join(["a" * 60] * 5)
    z = load(HEAD + owner + " A 192.0.2.1\n")
    (p,) = z.problems
    assert (p.line, p.column) == (5, 1) and "longer than 255 octets" in p.message


def test_unterminated_parenthesis_reported_where_opened_and_resynced():
    text = (
        "$TTL 1h\n"
        "@ IN SOA ns1 hostmaster (\n"
        "     1 3600 600\n"
        "     86400 300\n"
        "www IN A 192.0.2.1\n"
        "    IN AAAA 2001:db8::1\n"
        "mail MX 10 www\n"
    )
    z = load(text)
    (p,) = z.problems
    assert p.code == "ZL001" and "unterminated parenthesis" in p.message
    assert (p.line, p.column) == (2, col_of("@ IN SOA ns1 hostmaster (", "("))
    assert [r.rdtype for r in z.records] == ["A", "AAAA", "MX"]
    assert z.records[0].line == 5


def test_unterminated_parenthesis_at_end_of_file():
    z = load(HEAD + 'txt TXT ( "a"\n   "b"\n')
    (p,) = z.problems
    assert (p.line, p.column) == (5, 9)


def test_unterminated_quote_reported_at_the_quote():
    line = 'txt IN TXT "abc'
    z = load(HEAD + line + "\nnext A 192.0.2.1\n")
    (p,) = z.problems
    assert "unterminated quoted string" in p.message
    assert (p.line, p.column) == (5, col_of(line, '"'))
    assert by_owner(z, "next.example.com.")


def test_stray_close_parenthesis():
    z = load(HEAD + "a ) A 192.0.2.1\nb A 192.0.2.2\n")
    (p,) = z.problems
    assert (p.line, p.column) == (5, 3) and "')'" in p.message
    assert by_owner(z, "b.example.com.")


def test_resynchronisation_reports_every_error():
    text = HEAD + (
        "a A 192.0.2.1\n"
        "b A 300.0.0.1\n"
        "c A 192.0.2.3\n"
        "d IN SOA ns1 hostmaster (\n"
        "   1 2 3 4 x )\n"
        "e A 192.0.2.5\n"
        "f IN FOO bar\n"
        "g A 192.0.2.7\n"
    )
    z = load(text)
    assert [(p.code, p.line) for p in z.problems] == [("ZL001", 6), ("ZL001", 9), ("ZL001", 11)]
    assert z.problems[1].column == col_of("   1 2 3 4 x )", "x")  # on the continuation line
    assert z.problems[1].message == "bad SOA minimum 'x': not a valid TTL"
    assert [r.owner.split(".")[0] for r in z.records[3:]] == ["a", "c", "e", "g"]


def test_loader_never_raises_on_garbage():
    garbage = ["(", ")", '"', "\\", "$INCLUDE", "$GENERATE", "$ORIGIN", "$TTL", "@ (", "a\\"]
    garbage += ["@ IN", "x TXT (", "$INCLUDE /nonexistent-dir/"]
    for text in garbage:
        z = load(HEAD + text)
        assert z.problems, text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=' \t\n\r;()"\\$@.aA1IN-9:xTSOXRV/{},', max_size=120))
@pytest.mark.slow
def test_fuzz_never_raises(text):
    z = load_text("$TTL 1\n" + text, "example.com.")
    for p in z.problems:
        assert p.line >= 1 and p.column >= 1


# ------------------------------------------------------------------------------------------------
# raw truth: nothing merged, nothing dropped silently


def test_raw_truth_is_kept():
    text = HEAD + (
        "alias CNAME www\n"
        "alias A 192.0.2.1\n"
        "two CNAME a.example.net.\n"
        "two CNAME b.example.net.\n"
        "dn DNAME a.example.net.\n"
        "dn DNAME b.example.net.\n"
        "ttl 300 A 192.0.2.1\n"
        "ttl 600 A 192.0.2.2\n"
        "dup A 192.0.2.1\n"
        "dup A 192.0.2.1\n"
    )
    z = load(text)
    assert z.problems == []
    assert [r.rdtype for r in by_owner(z, "alias.example.com.")] == ["CNAME", "A"]
    assert len(by_owner(z, "two.example.com.", "CNAME")) == 2
    assert len(by_owner(z, "dn.example.com.", "DNAME")) == 2
    assert [r.ttl for r in by_owner(z, "ttl.example.com.")] == [300, 600]
    assert len(by_owner(z, "dup.example.com.")) == 2


def test_out_of_zone_record_is_a_problem_with_its_record():
    z = load(HEAD + "other.example.net. A 192.0.2.1\nin A 192.0.2.2\n")
    (p,) = z.problems
    assert p.code == "ZL005"
    assert p.message == "other.example.net. is outside the zone example.com."
    assert "BIND ignores out-of-zone data and dnspython drops it silently" in p.help
    assert p.record is not None and p.record.owner == "other.example.net."
    assert p.record not in z.records
    assert (p.line, p.column, p.owner) == (5, 1, "other.example.net.")
    assert by_owner(z, "in.example.com.")


# ------------------------------------------------------------------------------------------------
# origin


def test_no_origin_gives_zl006_and_stops():
    z = load("$TTL 1h\n\nwww A 192.0.2.1\nmore A 192.0.2.2\n", origin=None)
    assert codes(z) == ["ZL006"] and z.origin is None
    assert z.problems[0].message == NO_ORIGIN
    assert (z.problems[0].line, z.problems[0].column) == (3, 1)
    assert z.records == []


def test_origin_precedence():
    body = "$TTL 1h\n$ORIGIN example.org.\n" + SOA
    # $ORIGIN before the first record wins over the fallback
    z = load_text(body, None)
    assert z.origin == "example.org."
    z = load_zone_text(body, None, fallback="example.net.")
    assert z.origin == "example.org."
    # an explicit origin wins over $ORIGIN: the records are then out of zone
    z = load_text(body, "example.com.")
    assert z.origin == "example.com." and codes(z) == ["ZL005"]
    # the fallback is used when nothing else says
    z = load_zone_text("$TTL 1h\n" + SOA, None, fallback="example.net.")
    assert z.origin == "example.net." and z.records[0].owner == "example.net."


def load_zone_text(text: str, origin, fallback=None) -> LoadedZone:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "zone"
        p.write_text(text)
        return load_zone(str(p), "zone", origin, opts(Path(d)), fallback_origin=fallback)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("example.com.zone", "example.com."),
        ("example.com.db", "example.com."),
        ("db.example.com", "example.com."),
        ("/some/dir/example.com", "example.com."),
        ("localhost.zone", "localhost."),
        ("2.0.192.in-addr.arpa.zone", "2.0.192.in-addr.arpa."),
        ("example", None),
        ("hosts", None),
        ("bad name.zone", None),
        ("a..b.zone", None),
        ("0+25.2.0.192.in-addr.arpa", None),
        ("x" * 64 + ".com", None),
        (".zone", None),
    ],
)
def test_origin_from_filename(name, expected):
    assert origin_from_filename(name) == expected


def test_origin_from_config(tmp_path):
    origins = {"zones/internal/*": "corp.example", "zones/*.zone": "example.com.", "*": "x."}
    root = str(tmp_path)
    internal = str(tmp_path / "zones/internal/a.db")
    assert origin_from_config(internal, origins, root) == "corp.example."
    assert origin_from_config(str(tmp_path / "zones/b.zone"), origins, root) == "example.com."
    assert origin_from_config(str(tmp_path / "c"), {"zones/*": "z."}, root) is None


# ------------------------------------------------------------------------------------------------
# bytes


def test_non_utf8_bytes_in_comment_txt_and_owner():
    text = HEAD.encode() + (
        b"www A 192.0.2.1 ; caf\xe9 comment\n"
        b'txt TXT "caf\xe9"\n'
        b"caf\xe9 A 192.0.2.2\n"
    )
    z = load(text)
    assert z.problems == []
    txt = by_owner(z, "txt.example.com.")[0]
    assert txt.data == ((b"caf\xe9",),)
    assert by_owner(z, "caf\\233.example.com.")


def test_column_counts_characters_of_utf8_lines():
    line = "caf\u00e9 A 999.1.1.1"
    z = load(HEAD + line + "\n")
    (p,) = z.problems
    assert p.column == col_of(line, "999")
    assert by_owner(load(HEAD + "caf\u00e9 A 192.0.2.1\n"), "caf\\195\\169.example.com.")


def test_bom_is_stripped():
    z = load(b"\xef\xbb\xbf" + HEAD.encode())
    assert z.problems == [] and len(z.records) == 3
    assert z.records[0].column == 1


@pytest.mark.parametrize(
    "data",
    [HEAD.encode("utf-16"), HEAD.encode("utf-16-be"), b"\x00\x01binary\x00", b"\xff\xfe"],
)
def test_nul_or_utf16_is_not_text(data):
    z = load(data)
    assert codes(z) == ["ZL001"] and z.problems[0].message == NOT_TEXT
    assert z.problems[0].line == 1 and z.records == []


# ------------------------------------------------------------------------------------------------
# $INCLUDE


def test_include_positions_origin_and_state(tmp_path):
    (tmp_path / "sub.inc").write_text("; included\n\nwww A 192.0.2.1\n  TXT inside\n")
    (tmp_path / "main.zone").write_text(
        HEAD + "$INCLUDE sub.inc sub\nafter TXT outside\n  AAAA 2001:db8::1\n"
    )
    z = load_zone(str(tmp_path / "main.zone"), "main.zone", "example.com.", opts(tmp_path))
    assert z.problems == []
    www = by_owner(z, "www.sub.example.com.")
    assert len(www) == 2
    inc = www[0].file
    assert os.path.realpath(inc.path) == os.path.realpath(tmp_path / "sub.inc")
    assert inc.included_from is z.file
    assert (www[0].line, www[0].column) == (3, 1) and (www[1].line, www[1].column) == (4, 3)
    assert www[0].origin == "sub.example.com."
    # origin and owner come back after the include
    after = by_owner(z, "after.example.com.")
    assert len(after) == 2 and after[0].origin == "example.com." and after[0].line == 6
    assert z.includes == [os.path.realpath(tmp_path / "sub.inc")]
    assert z.files == [z.file, inc]
    # records stay in file order, the include expanded in place
    assert [r.owner.split(".")[0] for r in z.records[3:]] == ["www", "www", "after", "after"]


def test_include_search_order(tmp_path):
    (tmp_path / "cwd").mkdir()
    (tmp_path / "zones").mkdir()
    (tmp_path / "extra").mkdir()
    (tmp_path / "zones" / "a.inc").write_text("a A 192.0.2.1\n")
    (tmp_path / "extra" / "b.inc").write_text("b A 192.0.2.2\n")
    (tmp_path / "cwd" / "a.inc").write_text("cwd A 192.0.2.3\n")
    (tmp_path / "zones" / "z").write_text(HEAD + "$INCLUDE a.inc\n$INCLUDE b.inc\n")
    o = LoadOptions(
        lint_root=os.path.realpath(tmp_path),
        cwd=str(tmp_path / "cwd"),
        include_path=[str(tmp_path / "extra")],
    )
    z = load_zone(str(tmp_path / "zones" / "z"), "z", "example.com.", o)
    assert z.problems == []
    # cwd first (as BIND), then the including file's folder, then include_path
    assert [r.owner for r in z.records[3:]] == ["cwd.example.com.", "b.example.com."]


def test_include_not_found(tmp_path):
    z = load("$INCLUDE nope.inc\n" + HEAD, options=opts(tmp_path))
    (p,) = z.problems
    assert p.code == "ZL002" and p.message == "$INCLUDE file 'nope.inc' not found"
    assert p.help.startswith(f"Create the file or correct its name (looked in: {tmp_path}")
    assert (p.line, p.column) == (1, 1)
    assert len(z.records) == 3


def test_include_itself_and_loop(tmp_path):
    (tmp_path / "self.zone").write_text(HEAD + "$INCLUDE self.zone\nend A 192.0.2.1\n")
    z = load_zone(str(tmp_path / "self.zone"), "self.zone", "example.com.", opts(tmp_path))
    assert codes(z) == ["ZL002"] and "loop" in z.problems[0].message
    assert z.problems[0].line == 5
    assert len(by_owner(z, "end.example.com.")) == 1

    (tmp_path / "a.inc").write_text("a A 192.0.2.1\n$INCLUDE b.inc\n")
    (tmp_path / "b.inc").write_text("b A 192.0.2.2\n$INCLUDE a.inc\n")
    (tmp_path / "main").write_text(HEAD + "$INCLUDE a.inc\n")
    z = load_zone(str(tmp_path / "main"), "main", "example.com.", opts(tmp_path))
    assert codes(z) == ["ZL002"] and "loop" in z.problems[0].message
    assert os.path.basename(z.problems[0].file.path) == "b.inc"
    assert [r.owner for r in z.records[3:]] == ["a.example.com.", "b.example.com."]


def test_include_outside_root_is_refused_without_reading(tmp_path):
    z = load(HEAD + "$INCLUDE /etc/passwd\nafter A 192.0.2.1\n", options=opts(tmp_path))
    (p,) = z.problems
    assert p.code == "ZL002" and "resolves outside the lint root" in p.message
    assert "allow-include-outside" in p.help
    assert z.includes == [] and len(z.files) == 1
    assert by_owner(z, "after.example.com.")
    if os.path.exists("/etc/passwd"):
        first = Path("/etc/passwd").read_text(errors="replace").split(":")[0:2]
        secret = ":".join(first)
        assert all(secret not in q.message for q in z.problems)

    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "outside").write_text("leak TXT secret-content\n")
    (root / "z").write_text(HEAD + "$INCLUDE ../outside\n")
    z = load_zone(str(root / "z"), "z", "example.com.", opts(root))
    assert codes(z) == ["ZL002"] and "outside the lint root" in z.problems[0].message
    assert not by_owner(z, "leak.example.com.")
    assert all("secret-content" not in q.message for q in z.problems)
    # allowed explicitly
    z = load_zone(str(root / "z"), "z", "example.com.", opts(root, allow_include_outside=True))
    assert z.problems == [] and by_owner(z, "leak.example.com.")


def test_include_directory_and_depth(tmp_path):
    (tmp_path / "dir").mkdir()
    z = load(HEAD + "$INCLUDE dir\n", options=opts(tmp_path))
    assert codes(z) == ["ZL002"] and "directory" in z.problems[0].message

    for i in range(1, 6):
        (tmp_path / f"l{i}.inc").write_text(f"l{i} A 192.0.2.{i}\n$INCLUDE l{i + 1}.inc\n")
    (tmp_path / "l6.inc").write_text("l6 A 192.0.2.6\n")
    (tmp_path / "top").write_text(HEAD + "$INCLUDE l1.inc\n")
    z = load_zone(str(tmp_path / "top"), "top", "example.com.", opts(tmp_path, max_include_depth=3))
    assert codes(z) == ["ZL002"] and "max-include-depth 3" in z.problems[0].message
    assert [r.owner.split(".")[0] for r in z.records[3:]] == ["l1", "l2", "l3"]
    z = load_zone(str(tmp_path / "top"), "top", "example.com.", opts(tmp_path))
    assert z.problems == [] and len(z.includes) == 6


def test_ttl_set_in_include_is_kept(tmp_path):
    # BIND keeps a $TTL from an included file (dnspython would forget it)
    (tmp_path / "soa.inc").write_text("$TTL 1h\n" + SOA)
    (tmp_path / "z").write_text("$INCLUDE soa.inc\nwww A 192.0.2.1\n")
    z = load_zone(str(tmp_path / "z"), "z", "example.com.", opts(tmp_path))
    assert z.problems == [] and z.records[-1].ttl == 3600


def test_load_zone_raises_oserror_for_missing_top_file(tmp_path):
    with pytest.raises(OSError):
        load_zone(str(tmp_path / "missing"), "missing", "example.com.", opts(tmp_path))


# ------------------------------------------------------------------------------------------------
# conformance smoke test over the shared corpus


@pytest.mark.slow
def test_corpus_never_raises(shared):
    corpus = shared / "corpus"
    rows = list(csv.DictReader(open(corpus / "expectations.tsv", newline=""), delimiter="\t"))
    assert rows
    failures = []
    loaded = 0
    for row in rows:
        path = corpus / row["path"]
        run_from = corpus / (row.get("run_from") or ".")
        options = LoadOptions(lint_root=os.path.realpath(corpus), cwd=str(run_from))
        try:
            z = load_zone(str(path), row["path"], row.get("origin") or None, options)
        except Exception as e:  # pragma: no cover - the assertion below reports it
            failures.append(f"{row['path']}: {type(e).__name__}: {e}")
            continue
        loaded += 1
        for p in z.problems:
            known = {"ZL001", "ZL002", "ZL003", "ZL005", "ZL006"}
            if p.line < 1 or p.column < 1 or p.code not in known:
                failures.append(f"{row['path']}: bad problem {p}")
        for r in z.records:
            if not (1 <= r.line <= r.end_line) or r.column < 1:
                failures.append(f"{row['path']}: bad position {r}")
    assert not failures, "\n".join(failures[:20])
    assert loaded == len(rows)


def _unescaped_both_ways(value: str) -> tuple:
    """``value`` unescaped to bytes by zonelint's ``PositionToken`` and by dnspython's ``Token``:
    the bytes, or the class of the error each raised."""
    import dns.tokenizer

    from zonelint.load.tokenizer import PositionToken

    def run(cls):
        try:
            return cls(dns.tokenizer.QUOTED_STRING, value, True).unescape_to_bytes().value
        except Exception as e:  # noqa: BLE001 - the class is what is compared
            return type(e)

    return run(PositionToken), run(dns.tokenizer.Token)


@pytest.mark.parametrize("value", ["abc", "a\\065b", "\\\\\\\"x", "caf\u00e9", "\\256", "\\06", "\\0a5", "x\\",
                                   "\\", "ab\\", "a\\\\b\\;c\u20ac\\099", "\\1\\2", "\\x\\y"])
def test_position_token_unescape_to_bytes_matches_dnspython(value):
    """zonelint's linear ``unescape_to_bytes`` (dnspython < 2.9's is quadratic) gives the same
    bytes and the same error class as dnspython's own."""
    ours, theirs = _unescaped_both_ways(value)
    assert ours == theirs


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="\\0125689a;\"\u00e9\u20ac ", max_size=12))
def test_unescape_strict_matches_dnspython(value):
    """The loader's unescape (escapes applied, the text between them encoded a run at a time) gives
    dnspython's bytes, or fails where dnspython fails, on any mix of escapes and characters."""
    ours, theirs = _unescaped_both_ways(value)
    assert ours == theirs
