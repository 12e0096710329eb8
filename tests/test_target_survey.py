"""The target facts and survey the target, name and address rules share (``rules/helpers/targets.py``):
each answer computed once per distinct target text, or a cheap screen in front of an exact test,
must be the answer of the uncached call it replaces, whatever decides it: case, a target in
another zone of the run, a wildcard or an empty non-terminal, a delegation, a view, a lazily
loaded zone (``-j``), the language server's kept zones between lints."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zonelint.dnsanswers import ALIAS, NO_ADDRESS, Answer, DnsAnswers
from zonelint.graph import RecordGraph, Zone
from zonelint.lazygraph import LazyRecordGraph
from zonelint.load import load_text
from zonelint.rules import helpers as h
from zonelint.rules.targets import SRV_PROTOS
from zonelint.workspace import Workspace

PARENT = """$ORIGIN example.test.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 300
@ NS ns1
@ MX 10 Mail
@ MX 20 mail.example.test.example.test.
ns1 A 192.0.2.1
mail A 192.0.2.2
alias CNAME mail
ALIAS2 CNAME www.other.test.
*.dyn CNAME mail
*.wild A 192.0.2.3
x.ent TXT "only below"
sub NS ns.sub
ns.sub A 192.0.2.4
_xmpp-client._tcp SRV 5 0 5222 alias.example.test.
_xmpp-client._tcp SRV 5 0 5222 Alias.Example.Test.
_xmpp-server._tcp SRV 5 0 5269 host.dyn.example.test.
_xmpp-server._tcp SRV 5 0 5269 host.wild
_sip._tcp SRV 5 0 5060 ent
_sip._tcp SRV 5 0 5060 www.other.test.
_sip._udp SRV 5 0 5060 WWW.OTHER.TEST.
_sips._tcp SRV 5 0 5061 10.0.0.1
_sips._tcp SRV 5 0 5061 2001:db8::1.
_stun._udp SRV 5 0 3478 host_1.example.test.
_stun._udp SRV 5 0 3478 services.
_stun._udp SRV 5 0 3478 example.test.example.test.
_turn._udp SRV 5 0 3478 deep.sub.example.test.
_turn._tcp SRV 5 0 3478 alias2.example.test.
_turn._tcp SRV 5 0 3478 nowhere.example.net.
_turn._tcp SRV 5 0 3478 Elsewhere.example.net.
_turn._tcp SRV 5 0 3478 a\\.b.
_turn._tcp SRV 5 0 3478 vps.example.test.
vps.example.test A 192.0.2.77
cn1 CNAME 10.0.0.9
cn2 CNAME services.
cn3 CNAME vps
cn4 CNAME a\\.b.
$ORIGIN a.example.test.
b MX 5 x.a.example.test.a.example.test.
c MX 5 x.example.test
"""
OTHER = """$ORIGIN other.test.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 300
@ NS ns1
ns1 A 192.0.2.9
www CNAME ns1
mx MX 10 alias.example.test.
mx MX 10 ALIAS.example.test.
mx MX 10 ns1
"""
ZONES = ((PARENT, "example.test."), (OTHER, "other.test."))


def _loaded(text: str, origin: str):
    return load_text(text, origin, path=f"{origin}zone")


def _zone(text: str, origin: str, view=None) -> Zone:
    lz = _loaded(text, origin)
    return Zone(lz.origin, lz.file, lz.records, lz.problems, lz.files, view=view)


def _uncached(graph, zone, rec, target):
    """What the rules asked per record before the survey: the bits, from the calls they made."""
    bits = 0
    if h.alias_of(graph, target) is not None:
        bits |= h.IS_ALIAS
    if not graph.has_address(target):
        bits |= h.NO_ADDRESS
    if h.hostname_problem(target) is not None:
        bits |= h.BAD_HOST
    if graph.dns_answer(target) is not None:
        bits |= h.FROM_DNS
    if target[:1].isdigit() or ":" in target:
        bits |= h.DIGITS
    if "." not in target[:-1]:
        bits |= h.SINGLE
    return bits, h.origin_doubled(rec, target, zone) is not None


def _reported(graph, rec, target, zone):
    """reported_by_target_rules as it was written before the facts: every call made anew."""
    if h.origin_doubled(rec, target, zone) is not None:
        return "ZL105"
    if rec.rdtype in ("SRV", "MX", "NS"):
        if h.ip_literal(rec, target, zone) is not None:
            return "ZL102"
        if h.alias_of(graph, target) is not None or h.dns_alias(graph, target) is not None:
            return "ZL101"
        if h.hostname_problem(target) is not None:
            return "ZL111"
    if h.single_label_target(graph, target):
        return "ZL109"
    if h.owner_written_doubled(graph, target):
        return "ZL107"
    return None


def _expected_survey(graph, zone):
    lists = {k: [] for k in h.TargetSurvey.__slots__}
    for rec, target in h.target_records(zone):
        bits, doubled = _uncached(graph, zone, rec, target)
        for name, bit in (("no_address", h.NO_ADDRESS), ("bad_host", h.BAD_HOST), ("from_dns", h.FROM_DNS),
                          ("digits", h.DIGITS), ("single", h.SINGLE)):
            if bits & bit:
                lists[name].append(rec)
        if bits & (h.IS_ALIAS | h.FROM_DNS):
            lists["aliases"].append(rec)
        if doubled:
            lists["doubled"].append(rec)
    return lists


def _survey_lists(graph, zone):
    survey = h.target_survey(graph, zone)
    return {k: getattr(survey, k) for k in h.TargetSurvey.__slots__}


def _answers():
    """What --resolve found about the targets outside the run (any case: the table folds it)."""
    table = DnsAnswers()
    table.add(Answer("nowhere.example.net.", ALIAS, alias="elsewhere.example.net."))
    table.add(Answer("ELSEWHERE.example.net.", NO_ADDRESS))
    return table


def test_facts_and_survey_are_the_uncached_answers_in_a_run_of_two_zones():
    zones = [_zone(t, o) for t, o in ZONES]
    cached, plain = RecordGraph(zones), RecordGraph(zones)  # plain: every answer computed anew
    for graph in (cached, plain):
        graph.set_dns_answers(_answers())
    for zone in zones:
        expected = _expected_survey(plain, zone)
        assert _survey_lists(cached, zone) == expected, zone.origin
        for rec, target in h.target_records(zone):
            assert h.target_facts(cached, target) == _uncached(plain, zone, rec, target)[0], target
            assert h.alias_of(cached, target) is h.alias_of(plain, target), target
        for rec, target in h.target_records(zone, ("SRV", "MX", "NS", "CNAME")):
            assert h.reported_by_target_rules(cached, rec, target, zone) == _reported(plain, rec, target, zone), target
    # the cases the zone is made of are really there (the check above can fail)
    parent = _survey_lists(cached, zones[0])
    targets = {k: [r.target for r in v] for k, v in parent.items()}
    assert set(targets["aliases"]) == {"alias.example.test.", "Alias.Example.Test.", "host.dyn.example.test.",
                                       "www.other.test.", "WWW.OTHER.TEST.", "alias2.example.test.",
                                       "nowhere.example.net.", "Elsewhere.example.net."}  # the last two: DNS
    assert targets["from_dns"] == ["nowhere.example.net.", "Elsewhere.example.net."]
    assert "host.wild.example.test." not in targets["no_address"]  # the wildcard has an A
    assert {"ent.example.test.", "nowhere.example.net.", "deep.sub.example.test."} <= set(targets["no_address"])
    assert "host_1.example.test." in targets["bad_host"] and "mail.example.test." not in targets["bad_host"]
    assert "10.0.0.1.example.test." in targets["digits"] and "services." in targets["single"]
    assert set(targets["doubled"]) == {"mail.example.test.example.test.", "example.test.example.test.",
                                       "x.a.example.test.a.example.test.", "x.example.test.a.example.test."}


def test_facts_follow_the_view_of_the_zone_that_asks():
    """One target text, two perspectives: the internal view has an address for it, the external
    one a CNAME; each zone's graph keeps its own facts."""
    inside = _zone(OTHER.replace("www CNAME ns1", "www A 10.1.1.1"), "other.test.", view="internal")
    outside = _zone(OTHER, "other.test.", view="external")
    asking_in = _zone(PARENT, "example.test.", view="internal")
    asking_out = _zone(PARENT, "example.test.", view="external")
    graph = RecordGraph([inside, outside, asking_in, asking_out])
    seen = {}
    for zone in (asking_in, asking_out):
        g = graph.for_zone(zone)
        seen[zone.view] = h.target_facts(g, "www.other.test.")
        fresh = RecordGraph([z for z in graph.zones if z.view in (zone.view, None)])
        assert _survey_lists(g, zone) == _expected_survey(fresh, zone)
    assert seen["internal"] & h.IS_ALIAS == 0 and seen["internal"] & h.NO_ADDRESS == 0
    assert seen["external"] & h.IS_ALIAS and seen["external"] & h.NO_ADDRESS


@pytest.mark.parametrize("lazy_index", [0, 1])
def test_survey_on_a_lazy_graph_is_the_eager_one(lazy_index):
    """Under -j a worker knows the other zones lazily: the survey's lookups load what they need
    and answer as a graph of loaded zones does."""
    eager_zones = [_zone(t, o) for t, o in ZONES]
    eager = RecordGraph(eager_zones)
    lazy = LazyRecordGraph()
    mine = None
    for pos, (t, o) in enumerate(ZONES):
        if pos == lazy_index:
            lazy.add_lazy(o, lambda t=t, o=o: _loaded(t, o), ref=pos)
        else:
            mine = _zone(t, o)
            lazy.add_zone(mine)
    own = next(z for z in eager_zones if z.origin == mine.origin)

    def shown(lists):
        return {k: [(r.line, r.target) for r in v] for k, v in lists.items()}

    assert shown(_survey_lists(lazy, mine)) == shown(_survey_lists(eager, own))


def test_doubling_screen_never_rules_out_a_doubled_name():
    """DoublingScreen.passes is False only where origin_doubled is None, for every origin the
    record may have (the zone's, below it, outside it, single-label, root, none) and any case."""

    class Rec:
        def __init__(self, origin):
            self.origin = origin

    class Z:
        def __init__(self, origin):
            self.origin = origin

    origins = [None, ".", "com.", "example.com.", "Example.COM.", "sub.example.com.", "a.sub.example.com.",
               "example.org.", "com.com.", "ample.com."]
    labels = ["", "x.", "X.", "www.", "ß.", "İ.", "ex\\.ample."]
    names = set()
    for a, b in itertools.product(origins[1:], repeat=2):
        for label in labels:
            names.add(label + a[:-1] + "." + b if a != "." else label + b)
            names.add(label + a)
    checked = 0
    for zo, ro in itertools.product(origins, repeat=2):
        screen, rec, zone = h.DoublingScreen(Z(zo)), Rec(ro), Z(zo)
        for name in sorted(names):
            doubled = h.origin_doubled(rec, name, zone)
            if doubled is not None:
                checked += 1
                assert screen.passes(rec, name), (zo, ro, name)
    assert checked > 100
    # owners(): passes() for every record's owner, in one loop (records of changing origins)

    class Owned(Rec):
        def __init__(self, origin, owner):
            super().__init__(origin)
            self.owner = owner

    records = [Owned(ro, name) for ro in origins for name in sorted(names)]
    ascii_only = [r for r in records if r.owner.isascii()]  # searched as text, not judged one by one
    for zo in origins:
        for shortest in (0, 2 * len(zo or "") - 1):
            for recs in (records, ascii_only):
                got = list(h.DoublingScreen(Z(zo)).owners(recs, shortest))
                one = h.DoublingScreen(Z(zo))
                assert got == [(i, r) for i, r in enumerate(recs) if len(r.owner) >= shortest and one.passes(r, r.owner)]
                assert got == list(h.DoublingScreen(Z(zo)).owners_by_record(recs, shortest))
    # and it does rule names out (else it would be no screen)
    screen = h.DoublingScreen(Z("example.com."))
    assert not screen.passes(Rec("example.com."), "www.example.com.")
    assert not screen.passes(Rec("sub.example.com."), "www.sub.example.com.")


@pytest.mark.parametrize("chunk", [1, 3, 64, 4096])
def test_doubling_screen_owners_search_the_text_as_records_are_judged(monkeypatch, chunk):
    """DoublingScreen.owners searches the owners of a chunk of records as one text: what it
    yields is what judging each record does (owners_by_record), across chunk edges, for owners
    doubled in any case, under $ORIGINs at, below and outside the zone, with a non-ASCII owner
    (its chunk judged one by one: the first test's records) and the origin inside a name but not doubled."""
    monkeypatch.setattr(h.targets, "OWNER_CHUNK", chunk)
    text = """$ORIGIN example.test.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 300
@ NS ns1
ns1 A 192.0.2.1
www.example.test A 192.0.2.2
WWW.Example.Test A 192.0.2.3
example.test.x A 192.0.2.4
a.example.test.b TXT "inside, not doubled"
example.test TXT "the origin itself, relative"
$ORIGIN sub.example.test.
deep.sub.example.test A 192.0.2.5
deep A 192.0.2.6
$ORIGIN other.test.
far.example.test. A 192.0.2.7
far.example.test.example.test. A 192.0.2.8
$ORIGIN test.
near.example A 192.0.2.9
$ORIGIN Example.TEST.
caf\\195\\169.example.test A 192.0.2.10
plain A 192.0.2.11
"""
    zone = _zone(text, "example.test.")
    records = zone.records
    for shortest in (0, 2 * len("example.test.") - 1, 40):
        got = list(h.DoublingScreen(zone).owners(records, shortest))
        assert got == list(h.DoublingScreen(zone).owners_by_record(records, shortest))
    passed = [r.line for _, r in h.DoublingScreen(zone).owners(records, 0)]
    assert {6, 7, 12, 15, 16} <= set(passed) and not {5, 13, 18, 21} & set(passed)  # it does screen


def test_language_server_lints_see_the_other_zones_as_they_are_now(tmp_path):
    """The workspace keeps zones (and their memo) between lints; the facts live in each lint's
    graph, so a target that became an alias or lost its address in another file is judged anew."""
    zones = tmp_path / "zones"
    zones.mkdir()
    (zones / "other.test.zone").write_text(OTHER.replace("www CNAME ns1", "www A 192.0.2.10"))
    buffer = """$ORIGIN example.test.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 300
@ NS ns1
ns1 A 192.0.2.1
_sip._tcp SRV 5 0 5060 www.other.test.
"""
    (zones / "example.test.zone").write_text(buffer)
    w = Workspace(str(tmp_path))
    path = str(zones / "example.test.zone")
    assert [f.code for f in w.lint(path, buffer.encode()).findings] == []
    (zones / "other.test.zone").write_text(OTHER)  # www is now a CNAME
    w.refresh([str(zones / "other.test.zone")])
    assert [(f.code, f.line) for f in w.lint(path, buffer.encode()).findings] == [("ZL101", 6)]
    (zones / "other.test.zone").write_text(OTHER.replace("www CNAME ns1", "www TXT gone"))
    w.refresh([str(zones / "other.test.zone")])
    assert [(f.code, f.line) for f in w.lint(path, buffer.encode()).findings] == [("ZL103", 6)]
    edited = buffer.replace("www.other.test.", "ns1.other.test.")
    assert [f.code for f in w.lint(path, edited.encode()).findings] == []


#: RFC 952 / RFC 1123 host-name labels as the plain backtracking pattern writes them: the reference
#: the possessive ``PLAIN_HOST_NAME`` must agree with
_REFERENCE_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+\Z")


def _common_srv_owner(owner: str) -> bool:
    """srv_owner_problem's first test (the common, well-formed shape), as it writes it."""
    if owner[:1] == "_" and "\\" not in owner:
        i = owner.find(".")
        j = owner.find(".", i + 1) if i > 1 else -1
        return j > 0 and owner[i + 1 : j].lower() in SRV_PROTOS
    return False


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(["_sip", "_SIP", "_", "__", "sip", "_s\\.x", "_\u0130", "_x\n"]),
       st.sampled_from(["_tcp", "_TCP", "_Udp", "_tls", "_sctp", "_SCTP", "_tc", "_tcpx", "tcp", "_tcp\\",
                        "_\u017fctp", "_\u212acp", ""]),
       st.text(alphabet="_.\\aZ\n\u0130", max_size=8), st.booleans())
def test_uncommon_srv_owner_pattern_is_the_first_test(service, proto, rest, dot):
    """ZL106 picks the owners it judges by one pattern in C: exactly those that fail
    srv_owner_problem's first test."""
    from zonelint.rules.targets import uncommon_srv_owner

    for owner in (f"{service}.{proto}{'.' if dot else ''}{rest}", f"{service}{rest}", rest):
        assert (uncommon_srv_owner().match(owner) is None) == _common_srv_owner(owner), owner


@pytest.mark.parametrize("owner", ["_sip._tcp.example.com.", "_SIP._TCP.x.", "_x._sctp.", "_._tcp.", "__._tcp.",
                                   "_s._tcp", "_s._tcp.a\\.b.", "_s\\._tcp.", "_s._tcpx.", "_s._tc.", "_s._TLS.",
                                   "_s._tcp.\n", "_s._udp..", "x._tcp.", "_s.._tcp.", "_s._tcp.\n\\"])
def test_uncommon_srv_owner_pattern_on_the_edges(owner):
    from zonelint.rules.targets import uncommon_srv_owner

    assert (uncommon_srv_owner().match(owner) is None) == _common_srv_owner(owner)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="aZ09-._*\\ \u00e9", max_size=24))
def test_plain_host_name_is_the_reference_pattern(name):
    assert bool(h.PLAIN_HOST_NAME.match(name)) == bool(_REFERENCE_HOST.match(name))


@pytest.mark.parametrize("name", ["a.", "a-b.c.", "a--b.", "-a.", "a-.", "a..", ".", "a", "a.-.", "1.2.3.4.", "a-b-c-d.e-f.",
                                  "xn--bcher-kva.example.", "a.b-.", "a.b", "a\\.b.", "ab-cd-.ef."])
def test_plain_host_name_on_the_edges(name):
    assert bool(h.PLAIN_HOST_NAME.match(name)) == bool(_REFERENCE_HOST.match(name))


FEDERATED = """$ORIGIN example.test.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 300
@ NS ns1
ns1 A 192.0.2.1
chat A 10.0.0.1
chat2 A 10.0.0.2
chat3 AAAA fd00::3
chat4 A 10.0.0.4
lo A 127.0.0.1
_xmpp-server._tcp SRV 5 0 5269 chat
_XMPP-Server._TCP.upper SRV 5 0 5269 CHAT2.example.test.
_sipfederationtls._tcp SRV 5 0 5061 chat3
_matrix-fed._tcp SRV 5 0 8448 chat3.EXAMPLE.test.
_xmpp-client._tcp SRV 5 0 5222 chat4
_xmpp-server.tcp SRV 5 0 5269 chat4
_xmpp-serverx._tcp SRV 5 0 5269 chat4
_xmpp-server\\._tcp.esc SRV 5 0 5269 chat4
_xmpp-server._tcp.sub SRV 5 0 5269 chat4
_xmpp-server._tcp SRV 5 0 5269 lo
_xmpps-server._udp SRV 5 0 5270 chat2
sub NS ns.sub
_xmpp-server._tcp.deep.sub SRV 5 0 5269 chat
"""
PEER = """$ORIGIN other.test.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 300
@ NS ns1
ns1 A 192.0.2.9
_xmpp-server._tcp SRV 5 0 5269 chat.example.test.
_xmpp-server._tcp SRV 5 0 5269 chat4.EXAMPLE.TEST.
"""


def test_federation_index_is_referrers_filtered_for_every_name():
    from zonelint.rules import addresses

    zones = [_zone(FEDERATED, "example.test."), _zone(PEER, "other.test.")]
    graph, plain = RecordGraph(zones), RecordGraph(zones)
    index = {k: v if type(v) is list else [v] for k, v in addresses.federation_targets(graph).items()}
    names = {r.target.lower() for r in plain.by_type("SRV")} | {"nothing.example.test."}
    for name in names:
        expected = [r for r in plain.referrers(name) if r.rdtype == "SRV" and addresses._federation(r)]
        assert index.get(name, []) == expected, name
    # what the zone holds: federation SRVs of any case, and no SRV that only looks like one
    assert [r.line for r in index["chat.example.test."]] == [11, 23, 6]  # the peer zone last
    assert [r.line for r in index["chat2.example.test."]] == [12, 21]
    assert [(r.file.display, r.line) for r in index["chat4.example.test."]] == [("example.test.zone", 19),
                                                                                  ("other.test.zone", 7)]


def test_address_rule_without_the_index_answers_the_same(tmp_path):
    """A run whose zones are not all loaded (a -j worker) asks graph.referrers per owner; the
    findings are those of the indexed path."""
    from zonelint.config import load_config
    from zonelint.engine import run_rules
    from zonelint.plugins import load_registry
    from zonelint.selection import SelectionLevel, make_rules

    rules = make_rules(load_registry(), load_config(None, True), SelectionLevel(["ZL108"], [], []))

    def found(lazy: bool):
        mine = _zone(FEDERATED, "example.test.")
        if lazy:
            graph = LazyRecordGraph()
            graph.add_zone(mine)
            graph.add_lazy("other.test.", lambda: _loaded(PEER, "other.test."), ref=1)
        else:
            graph = RecordGraph([mine, _zone(PEER, "other.test.")])
        return [(f.line, f.message, f.help) for f in run_rules(graph, rules, [mine]).findings]

    eager = found(False)
    assert [line for line, _, _ in eager] == [6, 7, 8, 9, 10]
    assert found(True) == eager


def test_srv_owner_rule_judges_the_first_record_of_each_owner_in_any_case(tmp_path):
    """ZL106 passes the common well-formed owners without remembering them: the findings are
    those of judging the first record of every owner key, whatever the case of later ones."""
    from zonelint.rules.targets import srv_owner_problem
    from zonelint.testing import lint_text

    owners = ["_sip._tcp", "_SIP._TCP", "_sip.tcp", "_SIP.TCP", "_Sip.Tcp", "sip._tcp", "SIP._TCP", "_tcp._sip",
              "_TCP._SIP", "*._tcp", "x", "X", "_xmpp-server._tcp.Sub", "_xmpp-server.udp.sub", "_XMPP-SERVER.UDP.SUB",
              "_s\\065p.tcp", "_s\\065P.TCP", "_\\_x._tcp", "_._tcp", "_._TCP", "xmpp._TCP.a", "xmpp._tcp.A"]
    body = "".join(f"{o} IN SRV 5 0 5060 host.example.com.\n" for o in owners)
    text = "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 h 1 7200 3600 1209600 300\n@ NS ns1\nns1 A 192.0.2.1\n" + body
    findings = lint_text(text, tmp_path=tmp_path, select=["ZL106"])
    seen, expected = set(), []
    for rec in _loaded(text, "example.com.").records:
        if rec.rdtype != "SRV" or rec.owner.lower() in seen:
            continue
        seen.add(rec.owner.lower())
        if srv_owner_problem(rec.owner) is not None:
            expected.append((rec.line, rec.owner))
    assert [(f.line, f.owner) for f in findings] == expected
    assert len(expected) >= 6 and len({o.lower() for _, o in expected}) < len(owners)


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(["_xmpp-server", "_XMPP-Server", "_xmpps-server", "_sipfederationtls", "_matrix-fed",
                        "_matrix-FED", "_xmpp-serve", "_sipfederationtl", "x"]),
       st.text(alphabet="._-aKk\u212a\u0130\u017f\\0123 ", max_size=12),
       st.text(alphabet="._aZ\\09", max_size=8))
def test_federation_owner_pattern_is_federation(service, middle, rest):
    """The federation SRVs are picked by one pattern in C: exactly the owners ``_federation``
    accepts, escapes, case and characters that ``str.lower`` folds into ASCII (the Kelvin sign)
    included."""
    from zonelint.rules import addresses

    class Srv:
        rdtype = "SRV"

        def __init__(self, owner):
            self.owner = owner

    for owner in (service + middle + rest + ".", service + "." + middle + rest + ".", service + "._" + middle + "."):
        expected = addresses._federation(Srv(owner))
        assert bool(addresses._federation_owner().match(owner)) == expected, owner


@pytest.mark.parametrize("owner, federation", [
    ("_xmpp-server._tcp.example.test.", True), ("_XMPP-Server._TCP.example.test.", True),
    ("_sipfederationtls._tcp.", True), ("_matrix-fed._tcp.a\\.b.", True), ("_xmpps-server._x\\046.", True),
    ("_sipfederationtl\u017f._tcp.example.test.", False),  # the long s: Unicode case folding says "s"
    ("_\u212axmpp-server._tcp.", False), ("_xmpp-server\\._tcp.", False), ("_xmpp-server.tcp.", False),
    ("_xmpp-serverx._tcp.", False), ("x._xmpp-server._tcp.", False), ("_matrix-fed.", False)])
def test_federation_owner_pattern_on_the_edges(owner, federation):
    from zonelint.rules import addresses

    class Srv:
        rdtype = "SRV"

    rec = Srv()
    rec.owner = owner
    assert addresses._federation(rec) is federation
    assert bool(addresses._federation_owner().match(owner)) is federation


@pytest.mark.parametrize("odd", [None, (5, 0, 5269, None)])
def test_federation_index_passes_over_a_record_without_a_target(odd):
    """No loader makes an SRV record without compact data or target, but a zone built otherwise
    may hold one: the index leaves it out and keeps the others, in order."""
    from zonelint.model import Record, SourceFile
    from zonelint.rules import addresses

    file = SourceFile(path="x.zone", display="x.zone")

    def srv(line, data):
        return Record(file, line, 1, line, "_xmpp-server._tcp.example.test.", 3600, True, "IN", "SRV",
                      "5 0 5269 chat.example.test.", "example.test.", data=data)

    records = [srv(1, (5, 0, 5269, "chat.example.test.")), srv(2, odd), srv(3, (5, 0, 5269, "Chat.example.test."))]
    index = addresses.federation_targets(RecordGraph([Zone("example.test.", file, records)]))
    assert index == {"chat.example.test.": [records[0], records[2]]}
