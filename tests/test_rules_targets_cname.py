"""What the fixture harness cannot express for the target, port and CNAME rules (ZL004,
ZL101-ZL106, ZL201-ZL202, ZL701-ZL705): one finding per fault across rules, agreement with
BIND's checkzone corpus, option validation, and the shared predicates."""

from __future__ import annotations

import textwrap
from collections import defaultdict

import pytest

from zonelint.config import ConfigError
from zonelint.testing import codes_at, lint_text

HEAD = """\
$ORIGIN example.com.
$TTL 3600
@        IN SOA  ns1.example.com. hostmaster.example.com. ( 2024010101 7200 3600 1209600 3600 )
@        IN NS   ns1.example.com.
ns1      IN A    192.0.2.53
"""


def zone(body: str) -> str:
    return HEAD + textwrap.dedent(body)


def by_line(findings) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for f in findings:
        out[f.line].add(f.code)
    return out


# -- one finding per fault --------------------------------------------------------------------


def test_target_rules_never_double_report_with_zl103(tmp_path):
    text = zone(
        """\
        _xmpp-client._tcp IN SRV 5 0 5222 alias.example.com.
        _xmpp-server._tcp IN SRV 5 0 5269 10.0.0.1
        _sip._tcp         IN SRV 5 0 5060 sip.example.com
        _sip._udp         IN SRV 5 0 5060 wild.dyn.example.com.
        @                 IN MX  10 192.0.2.25.
        alias             IN CNAME nowhere
        *.dyn             IN CNAME nowhere
        """
    )
    lines = by_line(lint_text(text, tmp_path=tmp_path))
    assert lines[6] >= {"ZL101"}
    assert lines[7] >= {"ZL102"}
    assert lines[8] >= {"ZL105"}
    assert lines[9] >= {"ZL101"}  # answered by a wildcard CNAME
    assert lines[10] >= {"ZL102"}
    for line in (6, 7, 8, 9, 10):
        assert "ZL103" not in lines[line], (line, lines[line])


def test_zl105_cname_target_not_also_dangling(tmp_path):
    text = zone(
        """\
        www  IN CNAME web.example.com
        ftp  IN CNAME gone
        """
    )
    got = codes_at(lint_text(text, tmp_path=tmp_path, select=["ZL105", "ZL703"]))
    assert got == {("ZL105", 6, "warning"), ("ZL703", 7, "warning")}


def test_cname_at_apex_is_zl702_only(tmp_path):
    text = zone("@  IN CNAME www.example.net.\n@  IN TXT \"x\"\n")
    got = codes_at(lint_text(text, tmp_path=tmp_path, select=["ZL701", "ZL702"]))
    assert got == {("ZL702", 6, "error")}


def test_root_target_never_triggers_target_or_port_rules(tmp_path):
    text = zone(
        """\
        _xmpps-client._tcp IN SRV 0 0 0 .
        _xmpps-server._tcp IN SRV 0 0 1 .
        _sips._tcp         IN SRV 0 0 5060 .
        _turn._udp.x       IN SRV 0 0 0 .
        """
    )
    findings = lint_text(
        text,
        tmp_path=tmp_path,
        select=["ZL101", "ZL102", "ZL103", "ZL104", "ZL105", "ZL201", "ZL202", "ZL703"],
    )
    assert findings == []


def test_duplicate_cnames_are_zl704_not_zl705(tmp_path):
    text = zone("www IN CNAME ns1\nwww IN CNAME NS1.example.com.\n")
    got = codes_at(lint_text(text, tmp_path=tmp_path, select=["ZL701", "ZL704", "ZL705"]))
    assert got == {("ZL704", 7, "info")}


def test_unparsable_target_is_not_judged(tmp_path):
    """A target whose only record failed to parse is ZL001's, not also ZL103's or ZL703's."""
    text = zone(
        """\
        _xmpp-client._tcp IN SRV 5 0 5222 xmpp.example.com.
        www               IN CNAME web
        xmpp              IN A 192.0.2.999
        web               IN A 192.0.2.999
        """
    )
    got = {f.code for f in lint_text(text, tmp_path=tmp_path, select=["ZL001", "ZL103", "ZL703"])}
    assert got == {"ZL001"}


# -- agreement with BIND ----------------------------------------------------------------------


def test_zl701_agrees_with_bind_checkzone_cname_corpus(shared):
    """Every `bad-cname-and-*.db` of BIND's checkzone tests is refused for "CNAME and other
    data": zonelint reports ZL701 (or ZL702 for the apex case), KEY included. Where the other
    record is of a type dnspython cannot read (ATMA, MD, SINK, ...) the loader reports it as ZL001
    and drops it, so there is no other data left to judge."""
    from zonelint.testing import lint_files

    zones = sorted((shared / "corpus/peer-bind/checkzone/zones").glob("bad-cname-and-*.db"))
    assert len(zones) > 50
    missed = []
    for path in zones:
        findings = lint_files([path], origin="example.", select=["ZL001", "ZL701", "ZL702"])
        codes = {f.code for f in findings}
        expected = {"ZL702"} if path.name == "bad-cname-and-ns-soa.db" else {"ZL701"}
        judged = codes - {"ZL001"}
        if not judged and "ZL001" in codes:
            continue  # the other record could not be read
        if judged != expected:
            missed.append((path.name, sorted(codes)))
    assert missed == []
    key = lint_files([zones[0].parent / "bad-cname-and-key.db"], origin="example.", select=["ZL701"])
    assert [f.line for f in key] == [9]


# -- options ----------------------------------------------------------------------------------

XMPP = zone(
    """\
    xmpp              IN A   192.0.2.10
    _xmpp-client._tcp IN SRV 5 0 5322 xmpp.example.com.
    _xmpp-server._tcp IN SRV 5 0 5269 xmpp.example.com.
    """
)


def test_zl201_options_ports_and_allow(tmp_path):
    # 5322 is no sibling service's port: probably deliberate, info only
    assert codes_at(lint_text(XMPP, tmp_path=tmp_path, select=["ZL201"])) == {("ZL201", 7, "info")}
    allow = {"ZL201": {"allow": {"_xmpp-client._tcp": [5322]}}}
    assert lint_text(XMPP, tmp_path=tmp_path, select=["ZL201"], options=allow) == []
    # ports replaces: 5269 is no longer expected for _xmpp-server._tcp
    ports = {"ZL201": {"ports": {"_XMPP-Client._tcp": [5322], "_xmpp-server._tcp": [5299]}}}
    got = codes_at(lint_text(XMPP, tmp_path=tmp_path, select=["ZL201"], options=ports))
    assert got == {("ZL201", 8, "info")}


@pytest.mark.parametrize(
    "options, fragment",
    [
        ({"ports": 5222}, "must be a table"),
        ({"ports": {"_xmpp-client._tcp": 5222}}, "must be a list"),
        ({"ports": {"_xmpp-client._tcp": ["5222"]}}, "not a port number"),
        ({"ports": {"_xmpp-client._tcp": [70000]}}, "not a port number"),
        ({"ports": {"_xmpp-client._tcp": [True]}}, "not a port number"),
        ({"ports": {"_xmpp-client._tcp": []}}, "non-empty list"),
        ({"ports": {"xmpp-client": [5222]}}, "service and protocol label"),
        ({"allow": {"_xmpp-clent._tcp": [5322]}}, "not a known service"),
        ({"port": {"_xmpp-client._tcp": [5322]}}, "has no option 'port'"),
    ],
)
def test_zl201_bad_options_are_config_errors(tmp_path, options, fragment):
    with pytest.raises(ConfigError, match=fragment):
        lint_text(XMPP, tmp_path=tmp_path, options={"ZL201": options})


def test_zl201_bad_option_exits_2_from_the_cli(tmp_path, capsys):
    from zonelint.cli import main

    (tmp_path / "example.com.zone").write_text(XMPP)
    (tmp_path / ".zonelint.toml").write_text('[rules.ZL201]\nallow = { "_xmpp-client._tcp" = ["x"] }\n')
    rc = main(["--config", str(tmp_path / ".zonelint.toml"), str(tmp_path / "example.com.zone")])
    assert rc == 2
    assert "ZL201" in capsys.readouterr().err


# -- ZL004 ------------------------------------------------------------------------------------


def test_zl004_not_reported_when_the_apex_failed_to_parse(tmp_path):
    text = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 oops\n@ IN NS ns1\nns1 IN A 192.0.2.53\n"
    got = {f.code for f in lint_text(text, tmp_path=tmp_path, select=["ZL001", "ZL004"])}
    assert got == {"ZL001"}


# -- shared predicates ------------------------------------------------------------------------


class _Rec:
    def __init__(self, origin):
        self.origin = origin


@pytest.mark.parametrize(
    "target, origin, expected",
    [
        ("39.67.29.4.", "example.com.", "39.67.29.4"),
        ("10.0.0.1.example.com.", "example.com.", "10.0.0.1"),
        ("10.0.0.1.EXAMPLE.com.", "example.com.", "10.0.0.1"),
        ("2001:db8::1.", "example.com.", "2001:db8::1"),
        ("2001:db8::1.example.com.", "example.com.", "2001:db8::1"),
        ("::ffff:192.0.2.1.example.com.", "example.com.", "::ffff:192.0.2.1"),
        ("10.0.0.1.example.net.", "example.com.", None),
        ("1and1.example.com.", "example.com.", None),
        ("10-0-0-1.example.com.", "example.com.", None),
        ("1.2.3.4.5.", "example.com.", None),
        ("4.3.2.1.in-addr.arpa.", "example.com.", None),
    ],
)
def test_ip_literal(target, origin, expected):
    from zonelint.rules.helpers import ip_literal

    assert ip_literal(_Rec(origin), target) == expected


@pytest.mark.parametrize(
    "target, origin, expected",
    [
        ("xmpp.example.com.example.com.", "example.com.", "xmpp.example.com."),
        ("Xmpp.Example.Com.example.com.", "example.com.", "Xmpp.Example.Com."),
        ("example.com.example.com.", "example.com.", "example.com."),
        ("xmpp.example.com.", "example.com.", None),
        ("example.example.com.", "example.com.", None),
        ("xmpp.example.com.example.net.", "example.com.", None),
        ("x.", ".", None),
    ],
)
def test_origin_doubled(target, origin, expected):
    from zonelint.rules.helpers import origin_doubled

    assert origin_doubled(_Rec(origin), target) == expected


def test_every_rule_documents_itself():
    from zonelint.plugins import load_registry
    from zonelint.ruledocs import section

    reg = load_registry()
    # every registered rule, not a list of some (the example plugin's too: test_plugin_api.py)
    codes = sorted(reg.rules)
    assert {"ZL004", "ZL102", "ZL103", "ZL201", "ZL701", "ZL705"} <= set(codes)
    for code in codes:
        doc = reg.rules[code].documentation()
        for heading in ("What it checks", "Why it matters", "Example", "How to fix", "Anchor"):
            assert section(doc, heading), (code, heading)
        if reg.rules[code].options:
            assert section(doc, "Options"), code
    assert section(reg.rules["ZL201"].documentation(), "Options")


@pytest.mark.parametrize("classes, expected", [(("IN", "IN"), [2]), (("IN", "CH"), []), (("CH", "IN", "IN"), [3]),
                                               (("IN", "CH", "CH", "IN"), [4, 3])])
def test_zl704_compares_records_of_one_class_only(classes, expected):
    """The loader refuses a record of another class than the zone's (ZL001); a zone built of
    records of several classes (a plugin's loader, a served zone) still gets ZL704 per class,
    two records of one owner and type compared directly, more through the table."""
    from zonelint.graph import RecordGraph, Zone
    from zonelint.model import Record, SourceFile
    from zonelint.plugins import load_registry
    from zonelint.rule import RuleContext

    file = SourceFile(path="x.zone", display="x.zone")
    records = [Record(file, line, 1, line, "txt.example.com.", 3600, True, cls, "TXT", '"same"', "example.com.",
                      data=((b"same",),)) for line, cls in enumerate(classes, 1)]
    zone_ = Zone("example.com.", file, records)
    rule = load_registry().rules["ZL704"]()
    found = list(rule.check(RuleContext(rule, RecordGraph([zone_]), zone_)))
    assert [f.line for f in found] == expected
