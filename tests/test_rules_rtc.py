"""What the fixture harness cannot express for the RTC rules (ZL3xx XMPP, ZL4xx SIP, ZL5xx
STUN/TURN, ZL6xx TTL/SOA): option validation, the timplus profile, message contents, the shared
XMPP-domain helper, suppression at "missing" anchors, and the documentation sections."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from zonelint.config import Config, ConfigError
from zonelint.graph import RecordGraph, Zone
from zonelint.load import load_text
from zonelint.plugins import load_registry
from zonelint.rule import RuleContext
from zonelint.testing import codes_at, lint_text

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MY_CODES = [
    "ZL301", "ZL302", "ZL303", "ZL304", "ZL401", "ZL402",
    "ZL501", "ZL502", "ZL503", "ZL601", "ZL602", "ZL603", "ZL605", "ZL606",
]

HEAD = """$ORIGIN example.com.
$TTL 3600
@    IN SOA ns1.example.com. hostmaster.example.com. ( 1 7200 3600 1209600 3600 )
@    IN NS  ns1.example.com.
ns1  IN A   192.0.2.1
xmpp IN A   192.0.2.10
"""
# line numbers of the records below HEAD start at 7
XMPP = HEAD + """_xmpp-client._tcp  IN SRV 0 5 5222 xmpp.example.com.
_xmpp-server._tcp  IN SRV 0 5 5269 xmpp.example.com.
conference         IN A   192.0.2.11
"""


def lint(text, tmp_path, **kw):
    return lint_text(text, "example.com.", tmp_path=tmp_path, **kw)


# -- options -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "code,options,fragment",
    [
        ("ZL301", {"muc-labels": "groupchat"}, "must be a list"),
        ("ZL301", {"muc-labels": [1, 2]}, "must be str"),
        ("ZL301", {"muc-label": ["groupchat"]}, "has no option 'muc-label'"),
        ("ZL602", {"min-ttl": "60"}, "must be int"),
        ("ZL602", {"min-ttl": True}, "must be int"),
        ("ZL603", {"max-ttl": 1.5}, "must be int"),
        ("ZL606", {"min-refresh": "1200"}, "must be int"),
        ("ZL606", {"retry-below-refresh": "yes"}, "must be bool"),
        ("ZL606", {"min-retry": 1}, "has no option 'min-retry'"),
        ("ZL302", {"anything": 1}, "its options: none"),
    ],
)
def test_bad_options_are_config_errors(tmp_path, code, options, fragment):
    with pytest.raises(ConfigError) as e:
        lint(XMPP, tmp_path, options={code: options})
    assert fragment in str(e.value)


def test_bad_option_exits_2_on_the_command_line(tmp_path):
    (tmp_path / "example.com.zone").write_text(XMPP)
    (tmp_path / ".zonelint.toml").write_text('[rules.ZL602]\nmin-ttl = "sixty"\n')
    p = subprocess.run(
        [sys.executable, "-m", "zonelint", "--config", str(tmp_path / ".zonelint.toml"),
         str(tmp_path / "example.com.zone")],
        capture_output=True, text=True, cwd=REPO,
    )
    assert p.returncode == 2, p.stdout + p.stderr
    assert "min-ttl" in p.stderr + p.stdout


def test_good_options_apply(tmp_path):
    text = HEAD + "a 30 IN A 192.0.2.20\nb 700000 IN A 192.0.2.21\n"
    assert codes_at(lint(text, tmp_path, select=["ZL602", "ZL603"])) == {
        ("ZL602", 7, "warning"), ("ZL603", 8, "warning")}
    assert codes_at(lint(text, tmp_path, select=["ZL602", "ZL603"],
                         options={"ZL602": {"min-ttl": 10}, "ZL603": {"max-ttl": 800000}})) == set()


# -- profile -------------------------------------------------------------------------------

def test_timplus_requires_groupchat_srv(tmp_path):
    default = lint(XMPP, tmp_path, select=["ZL301"])
    assert codes_at(default) == {("ZL301", 9, "info")}  # conference: A on the standard port
    timplus = lint(XMPP, tmp_path, select=["ZL301"], profile="timplus")
    # the missing groupchat SRV is an error anchored at _xmpp-server._tcp.D
    assert ("ZL301", 8, "error") in codes_at(timplus)
    assert any("groupchat" in f.message and "TIM+" in f.message for f in timplus)


def test_timplus_federation_is_error_even_with_an_address(tmp_path):
    text = HEAD + "@ IN A 192.0.2.2\n_xmpp-client._tcp IN SRV 0 5 5222 xmpp.example.com.\n"
    assert codes_at(lint(text, tmp_path, select=["ZL302"])) == {("ZL302", 8, "info")}
    assert codes_at(lint(text, tmp_path, select=["ZL302"], profile="timplus")) == {("ZL302", 8, "error")}


def _run_rule(code, text, profile=None, options=None):
    """Run one rule directly (no engine severity maps): the levels the rule itself decides."""
    lz = load_text(text, "example.com.")
    zone = Zone(origin=lz.origin, file=lz.file, records=lz.records, problems=lz.problems, files=lz.files)
    graph = RecordGraph([zone])
    cls = load_registry().rules[code]
    rule = cls(options)
    return {(f.line, f.severity) for f in rule.check(RuleContext(rule, graph, zone, profile))}


def test_timplus_other_muc_labels_keep_their_own_level():
    # the rule decides: groupchat is an error under TIM+, conference (not named by TIM+) stays info
    assert _run_rule("ZL301", XMPP, profile="timplus") == {(8, "error"), (9, "info")}
    assert _run_rule("ZL301", XMPP) == {(9, "info")}


def test_timplus_engine_keeps_info_for_conference(tmp_path):
    assert ("ZL301", 9, "info") in codes_at(lint(XMPP, tmp_path, select=["ZL301"], profile="timplus"))


# -- suppression at "missing" anchors --------------------------------------------------------

def test_noqa_at_the_premise_anchor(tmp_path):
    text = XMPP.replace("conference         IN A   192.0.2.11",
                        "conference         IN A   192.0.2.11 ; noqa: ZL301")
    assert lint(text, tmp_path, select=["ZL301"]) == []
    text = HEAD + "_xmpp-client._tcp IN SRV 0 5 5222 xmpp.example.com. ; noqa: ZL302\n"
    assert lint(text, tmp_path, select=["ZL302"]) == []


# -- messages ------------------------------------------------------------------------------

def test_zl601_message_names_ttls_and_server_behaviour(tmp_path):
    text = HEAD + "www 3600 IN A 192.0.2.20\nwww 300 IN A 192.0.2.21\nwww 600 IN A 192.0.2.22\n"
    (f,) = lint(text, tmp_path, select=["ZL601"])
    assert f.line == 8
    assert "has 300, line 7 has 3600" in f.message and len(f.message) <= 120
    for part in ("300, 600, 3600", "BIND keeps the first (3600)", "dnspython", "smallest (300)", "RFC 2181"):
        assert part in f.help


def test_zl606_message_names_field_value_range_and_source(tmp_path):
    text = HEAD.replace("( 1 7200 3600 1209600 3600 )", "( 1 7200 3600 1209600 60 )")
    (f,) = lint(text, tmp_path, select=["ZL606"])
    for part in ("minimum", "60", "300–86400"):
        assert part in f.message
    for part in ("Zonemaster ZONE06", "RFC 2308"):
        assert part in f.help
    text = HEAD.replace("( 1 7200 3600 1209600 3600 )", "( 1 600 3600 86400 3600 )")
    msgs = sorted((f.message, f.help) for f in lint(text, tmp_path, select=["ZL606"]))
    # retry >= refresh, refresh below 1200, expire below 604800: three faults, three findings
    assert len(msgs) == 3
    assert any("refresh 600" in m and "1200" in m and "RFC 1912" in h for m, h in msgs)
    assert any("expire 86400" in m and "604800" in m and "ZONE05" in h for m, h in msgs)
    assert any("retry 3600" in m and "ZONE03" in h for m, h in msgs)


def test_zl303_says_what_is_wrong_with_the_value(tmp_path):
    text = HEAD + (
        '_xmppconnect IN TXT "_xmpp-client-xbosh=https://b.example.com/bind"\n'
        '_xmppconnect IN TXT "_xmpp-client-xbosh=http://b.example.com/bind"\n'
        '_xmppconnect IN TXT "garbage"\n'
        '_xmppconnect IN TXT "_xmpp-client-websocket=https://b.example.com/ws"\n'
    )
    found = lint(text, tmp_path, select=["ZL303"])
    assert all("XEP-0156" in f.message for f in found)
    by_line = {f.line: f.help for f in found}
    assert set(by_line) == {7, 8, 9, 10}
    assert all("XEP-0156" in m and "host-meta" in m for m in by_line.values())
    assert "also" not in by_line[7]
    assert "unencrypted http://" in by_line[8]
    assert "malformed" in by_line[9]
    assert "not wss://" in by_line[10]


def test_zl304_direct_tls_pair_never_collides(tmp_path):
    text = HEAD + (
        "_xmpps-client._tcp IN SRV 0 5 443 xmpp.example.com.\n"
        "_xmpps-server._tcp IN SRV 0 5 443 xmpp.example.com.\n"
    )
    assert lint(text, tmp_path, select=["ZL304"]) == []
    text += "_xmpp-server._tcp IN SRV 0 5 443 xmpp.example.com.\n"
    assert codes_at(lint(text, tmp_path, select=["ZL304"])) == {("ZL304", 9, "warning")}


# -- the shared XMPP helper ----------------------------------------------------------------

def test_xmpp_domain_helper():
    from zonelint.rules.xmpp import XmppDomains

    text = HEAD + (
        "_xmpp-server._tcp            IN SRV 0 5 5269 xmpp.example.com.\n"
        "_xmpp-server._tcp.groupchat  IN SRV 0 5 5269 xmpp.example.com.\n"
        "_xmpp-client._tcp.dot        IN SRV 0 0 0 .\n"
        "_xmpp-client._tcp.groupchat.dot IN SRV 0 5 5222 xmpp.example.com.\n"
    )
    lz = load_text(text, "example.com.")
    zone = Zone(origin=lz.origin, file=lz.file, records=lz.records, files=lz.files)
    x = XmppDomains(RecordGraph([zone]))
    assert x.is_domain("example.com.")
    assert not x.is_domain("groupchat.example.com.")
    assert x.component_of("groupchat.example.com.") == "example.com."
    assert not x.is_domain("dot.example.com.")  # a "." SRV never makes an XMPP domain
    # groupchat.dot is a domain: its parent is not one, so it is no component
    assert x.is_domain("groupchat.dot.example.com.")
    assert x.domains_in(zone) == ["example.com.", "groupchat.dot.example.com."]
    # the option changes what a component is
    assert XmppDomains(RecordGraph([zone]), ["rooms"]).is_domain("groupchat.example.com.")


# -- documentation -------------------------------------------------------------------------

@pytest.mark.parametrize("code", MY_CODES)
def test_rule_documentation_sections(code):
    from zonelint.ruledocs import section

    cls = load_registry().rules[code]
    doc = cls.documentation()
    for heading in ("What it checks", "Why it matters", "Example", "How to fix", "Anchor"):
        assert section(doc, heading), f"{code}: no '## {heading}'"
    if cls.options:
        opts = section(doc, "Options")
        for name in cls.options:
            assert f"`{name}`" in opts, f"{code}: option {name} undocumented"
    assert cls.metadata_errors() == []


# -- cost ----------------------------------------------------------------------------------

def test_rules_are_linear(tmp_path):
    """A crude guard against quadratic rules: 4x the records must not cost ~16x the calls."""
    def zone(n):
        lines = [HEAD]
        for i in range(n):
            lines.append(f"_xmpp-client._tcp.d{i} IN SRV 0 5 5222 xmpp.example.com.\n")
            lines.append(f"conference.d{i} IN A 192.0.2.{i % 250 + 1}\n")
            lines.append(f"_turn._udp.d{i} IN SRV 0 5 3478 xmpp.example.com.\n")
            lines.append(f"h{i} 300 IN A 192.0.2.{i % 250 + 1}\n")
        return "".join(lines)

    from zonelint.graph import RecordGraph as G

    def cost(n):
        """Python-level calls the rules make (deterministic, unlike wall time on a shared machine)."""
        lz = load_text(zone(n), "example.com.")
        z = Zone(origin=lz.origin, file=lz.file, records=lz.records, files=lz.files)
        g = G([z])
        reg = load_registry()
        calls = 0

        def count(frame, event, arg):
            nonlocal calls
            if event in ("call", "c_call"):
                calls += 1

        sys.setprofile(count)
        try:
            for code in MY_CODES:
                rule = reg.rules[code]()
                list(rule.check(RuleContext(rule, g, z, "timplus")))
        finally:
            sys.setprofile(None)
        return calls

    small, big = cost(200), cost(800)
    assert big < small * 6, (small, big)  # linear: ~4x; quadratic: ~16x


def test_zl401_names_a_domain_as_its_first_indicator_in_file_order_writes_it(tmp_path):
    """Indicator SRVs of two services are judged group by group; the message still names the
    domain as written by its first indicator in file order, and the anchor is that record."""
    text = HEAD + (
        "_sip._tls.a             IN SRV 100 1 443 sip.example.com.\n"  # line 7: the _sip._tls group first
        "_sipinternaltls._tcp.b  IN SRV 100 1 5061 sip.example.com.\n"
        "_sipinternaltls._tcp.C  IN SRV 100 1 5061 sip.example.com.\n"  # line 9: C's first indicator
        "_sip._tls.c             IN SRV 100 1 443 sip.example.com.\n"
        "sip                     IN A   192.0.2.5\n"
    )
    found = [f for f in lint(text, tmp_path, select=["ZL401"])]
    assert sorted((f.line, f.message.split()[0], f.help.split("deployment by its ")[1]) for f in found) == [
        (7, "a.example.com.", "_sip._tls SRV on port 443."),
        (8, "b.example.com.", "_sipinternaltls._tcp SRV."),
        (9, "C.example.com.", "_sipinternaltls._tcp SRV."),
    ]


def test_zl301_counts_only_the_server_srv_of_a_muc_component(tmp_path):
    """A client SRV at the component does not stand in for its `_xmpp-server._tcp` SRV; a server
    SRV, a root target included, does; a component that owns no records (an empty non-terminal
    above its SRV, or no name at all) is not judged."""
    text = XMPP + (
        "_xmpp-client._tcp.conference  IN SRV 0 5 5222 xmpp.example.com.\n"  # line 10
        "groupchat                     IN A   192.0.2.12\n"  # line 11
        "_xmpp-server._tcp.groupchat   IN SRV 0 0 0 .\n"
        "muc                           IN A   192.0.2.13\n"  # line 13
        "_xmpp-server._tcp.muc         IN SRV 0 5 5269 xmpp.example.com.\n"
        "_xmpp-client._tcp.groupchat.chat IN SRV 0 5 5222 xmpp.example.com.\n"  # an XMPP domain chat.D:
        "_xmpp-client._tcp.chat        IN SRV 0 5 5222 xmpp.example.com.\n"  # its groupchat only an ENT
    )
    assert codes_at(lint(text, tmp_path, select=["ZL301"])) == {("ZL301", 9, "info")}
