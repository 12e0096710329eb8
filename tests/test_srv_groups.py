"""The SRV groups of a zone (``rules.helpers.srv_groups``, the tuples of ``srv_services`` /
``srv_records`` kept for plugins) and the XMPP table built from them
(``rules.helpers.XmppServices``): what they answer must be what name lookups answer, across zones,
below delegations, for owners doubled by a missing dot and for zones loaded lazily (``-j N``)."""

from __future__ import annotations

import itertools

import pytest

from zonelint import ROOT, parent_name
from zonelint.graph import RecordGraph, Zone
from zonelint.lazygraph import LazyRecordGraph
from zonelint.load import load_text
from zonelint.rules.helpers import srv_entries, srv_groups, srv_index, srv_records, srv_services
from zonelint.rules.xmpp import XMPP_SERVICES, XmppDomains, XmppServices

SOA = "@ SOA ns1.example.com. host.example.com. 1 2 3 4 5\n@ NS ns1.example.com.\n"

PARENT = "$ORIGIN example.com.\n" + SOA + """ns1 A 192.0.2.1
xmpp A 192.0.2.10
_xmpp-client._tcp SRV 0 5 5222 xmpp
_xmpp-server._tcp SRV 0 5 5269 xmpp
; chat.example.com. is also a zone of the run (no delegation here): both zones' SRVs count
_xmpp-server._tcp.chat SRV 0 5 5270 xmpp
; below a delegation: not this zone's data, no lookup finds it
dele NS ns.dele
ns.dele A 192.0.2.2
_xmpp-client._tcp.dele SRV 0 5 5222 xmpp
_xmpp-server._tcp.x.dele SRV 0 5 5269 xmpp
; an owner written without its trailing dot (ZL107's): left out of the groups, found by lookups
_xmpp-client._tcp.typo.example.com SRV 0 5 5222 xmpp
; case folded
_XMPP-Server._TCP.Mixed SRV 0 5 5269 xmpp
_xmpp-client._tcp.mixed SRV 0 0 0 .
_xmpp-client._tcp.dot SRV 0 0 0 .
; a component whose parent is an XMPP domain only through the zone remote.example.com.
_xmpp-server._tcp.conference.remote SRV 0 5 5269 xmpp
; a name at the apex of the zone _xmpp-client._tcp.apex.example.com. (another record here)
_xmpp-client._tcp.apex TXT "here"
_xmpp-server._tcp.apex2 SRV 0 5 5269 xmpp
; direct TLS: a root-target _xmpps-server says only "no direct TLS", a real one is federation
_xmpps-client._tcp.tls SRV 0 5 5223 xmpp
_xmpps-server._tcp.tls SRV 0 0 0 .
_xmpp-client._tcp.tls2 SRV 0 5 5222 xmpp
_xmpps-server._tcp.tls2 SRV 0 5 5270 xmpp
"""
CHAT = "$ORIGIN chat.example.com.\n" + SOA + """_xmpp-client._tcp SRV 0 5 5222 xmpp.example.com.
_xmpp-server._tcp SRV 0 5 5269 xmpp.example.com.
_xmpp-server._tcp.groupchat SRV 0 5 5269 xmpp.example.com.
"""
REMOTE = "$ORIGIN remote.example.com.\n" + SOA + "_xmpp-client._tcp SRV 0 5 5222 xmpp.example.com.\n"
APEX = "$ORIGIN _xmpp-client._tcp.apex.example.com.\n" + SOA + "@ SRV 0 5 5222 xmpp.example.com.\n"
APEX2 = "$ORIGIN _xmpp-server._tcp.apex2.example.com.\n" + SOA + "@ SRV 0 5 5222 xmpp.example.com.\n"
# the child of the delegation: its own record of a name the parent also holds (hidden there)
DELE = "$ORIGIN dele.example.com.\n" + SOA + "_xmpp-client._tcp SRV 0 5 5223 xmpp.example.com.\n"
TEXTS = [
    (PARENT, "example.com."), (CHAT, "chat.example.com."), (REMOTE, "remote.example.com."),
    (APEX, "_xmpp-client._tcp.apex.example.com."), (APEX2, "_xmpp-server._tcp.apex2.example.com."),
    (DELE, "dele.example.com."),
]


def _loaded(text, origin):
    return load_text(text, origin, path=f"{origin}zone")


def _zone(text, origin):
    lz = _loaded(text, origin)
    return Zone(lz.origin, lz.file, lz.records, lz.problems, lz.files)


def _lookup_services(graph, domain):
    """What XmppDomains.services answered with one name lookup per service (the oracle)."""
    below = "." + domain if domain != ROOT else "."
    if not graph.exists("_tcp" + below):
        return {}
    got = {s: graph.rrs(f"{s}._tcp{below}", "SRV") for s in XMPP_SERVICES}
    return {s: recs for s, recs in got.items() if recs}


def _names(graph):
    """Every owner of the run, the domain of every SRV-like owner, and their ancestors."""
    out = set()
    for zone in graph.zones:
        for rec in zone.records:
            name = rec.owner
            while name is not None:
                out.add(name)
                name = parent_name(name)
    return sorted(out)


def _view(services):
    """The services and their records, in order."""
    return [(s, [(r.file.display, r.line) for r in recs]) for s, recs in services.items()]


def _lookup_is_domain(graph, name, labels=("groupchat", "conference", "muc")):
    if not any(r.target != ROOT for rs in _lookup_services(graph, name).values() for r in rs):
        return False
    parent = parent_name(name)
    component = name.split(".")[0].lower() in labels and parent not in (None, ROOT)
    return not (component and _lookup_is_domain(graph, parent, labels))


def _check_against_lookups(graph):
    xmpp = XmppDomains(graph)
    for name in _names(graph):
        want = _lookup_services(graph, name)
        assert _view(xmpp.services(name)) == _view(want), name
        real = [r for rs in want.values() for r in rs if r.target != ROOT]
        assert xmpp.real_records(name) == real and xmpp.has_real(name) == bool(real), name
        assert xmpp.is_domain(name) == _lookup_is_domain(graph, name), name
        clients = [r for s in ("_xmpp-client", "_xmpps-client") for r in want.get(s, ()) if r.target != ROOT]
        server = "_xmpp-server" in want or any(r.target != ROOT for r in want.get("_xmpps-server", ()))
        assert xmpp.federation(name)[1] == server and (server or xmpp.federation(name)[0] == clients), name
    for zone in graph.zones:
        want = [d for d in xmpp.owners_in(zone) if _lookup_is_domain(graph, d)]
        assert XmppDomains(graph).domains_in(zone) == want, zone
    return xmpp


@pytest.mark.parametrize("order", list(itertools.permutations(range(len(TEXTS))))[::47], ids=str)
def test_xmpp_table_answers_as_lookups_in_any_zone_order(order):
    graph = RecordGraph([_zone(*TEXTS[i]) for i in order])
    xmpp = _check_against_lookups(graph)
    assert not XmppServices.shared(graph).unsure


@pytest.mark.parametrize("index", range(len(TEXTS)))
def test_xmpp_table_of_one_zone_answers_as_lookups(index):
    """A graph of one zone (the table's tuples made at once, nothing judged name by name)."""
    graph = RecordGraph([_zone(*TEXTS[index])])
    _check_against_lookups(graph)


def test_xmpp_table_cases_the_lookups_decide():
    graph = RecordGraph([_zone(*t) for t in TEXTS])
    xmpp = _check_against_lookups(graph)
    v = lambda name: _view(xmpp.services(name))  # noqa: E731
    # both zones' records, services in their order, each service zone by zone
    assert v("chat.example.com.") == [
        ("_xmpp-client", [("chat.example.com.zone", 4)]),
        ("_xmpp-server", [("example.com.zone", 9), ("chat.example.com.zone", 5)]),
    ]
    # below the delegation: the parent's records are not found, the child zone's are
    assert v("dele.example.com.") == [("_xmpp-client", [("dele.example.com.zone", 4)])]
    assert v("x.dele.example.com.") == []
    assert v("typo.example.com.example.com.") == [("_xmpp-client", [("example.com.zone", 16)])]
    assert v("MIXED.example.com.") == [
        ("_xmpp-client", [("example.com.zone", 19)]), ("_xmpp-server", [("example.com.zone", 18)])
    ]
    # the zone of apex _xmpp-client._tcp.apex.example.com. is indexed after example.com., whose
    # record there made _tcp.apex an empty non-terminal: its SRV is found
    assert v("apex.example.com.") == [("_xmpp-client", [("_xmpp-client._tcp.apex.example.com.zone", 4)])]
    assert v("apex2.example.com.") == [
        ("_xmpp-server", [("example.com.zone", 25), ("_xmpp-server._tcp.apex2.example.com.zone", 4)])
    ]
    # indexed first, the zone of apex _xmpp-server._tcp.apex2 makes no empty non-terminal above
    # it, but example.com. owns a record at the same name: _tcp.apex2 is an empty non-terminal of
    # example.com. whichever zone comes first (non-terminals are worked out zone by zone), so
    # both records are found, in zone order
    first = RecordGraph([_zone(*TEXTS[i]) for i in (4, 0, 1, 2, 3, 5)])
    assert _view(_check_against_lookups(first).services("apex2.example.com.")) == [
        ("_xmpp-server", [("_xmpp-server._tcp.apex2.example.com.zone", 4), ("example.com.zone", 25)])
    ]
    assert xmpp.is_domain("remote.example.com.")
    assert xmpp.component_of("conference.remote.example.com.") == "remote.example.com."
    assert not xmpp.is_domain("conference.remote.example.com.")
    assert xmpp.component_of("groupchat.chat.example.com.") == "chat.example.com."
    assert not xmpp.is_domain("dot.example.com.")  # root targets only
    assert xmpp.domains_in(graph.zones[0]) == [
        "example.com.", "chat.example.com.", "dele.example.com.", "Mixed.example.com.", "apex2.example.com.",
        "tls.example.com.", "tls2.example.com.",
    ]
    assert xmpp.domains_in(graph.zones[1]) == ["chat.example.com."]


@pytest.mark.parametrize("lazy_index", range(len(TEXTS)))
def test_xmpp_table_with_a_zone_not_loaded_yet(lazy_index):
    """Under -j N a zone not loaded when the table is built is left to lookups (which load it)."""
    eager = RecordGraph([_zone(*t) for t in TEXTS])
    lazy = LazyRecordGraph()
    for pos, (text, origin) in enumerate(TEXTS):
        if pos == lazy_index:
            lazy.add_lazy(origin, lambda t=text, o=origin: _loaded(t, o), ref=pos)
        else:
            lazy.add_zone(_zone(text, origin))
    xmpp = XmppDomains(lazy)
    assert XmppServices.shared(lazy).unsure == {TEXTS[lazy_index][1]}
    for zone in lazy.zones:
        if zone.loaded:
            assert xmpp.domains_in(zone) == [d for d in xmpp.owners_in(zone) if _lookup_is_domain(lazy, d)]
    for name in _names(eager):
        assert _view(xmpp.services(name)) == _view(_lookup_services(lazy, name)), name
        assert xmpp.is_domain(name) == _lookup_is_domain(lazy, name), name
    assert XmppServices.shared(lazy).unsure == {TEXTS[lazy_index][1]}  # built once, as it was


def test_srv_groups_and_the_tuples_kept_for_plugins():
    zone = _zone(PARENT, "example.com.")
    groups = srv_groups(zone)
    server = groups[("_xmpp-server", "_tcp")]
    assert [(r.line, d, k) for r, d, k in zip(server.records, server.domains, server.keys)] == [
        (7, "example.com.", "example.com."),
        (9, "chat.example.com.", "chat.example.com."),
        (14, "x.dele.example.com.", "x.dele.example.com."),
        (18, "Mixed.example.com.", "mixed.example.com."),
        (22, "conference.remote.example.com.", "conference.remote.example.com."),
        (25, "apex2.example.com.", "apex2.example.com."),
    ]
    srvs = zone.by_type("SRV")
    assert all(srvs[i] is r for g in groups.values() for i, r in zip(g.index, g.records))
    # the doubled owner is left out of the groups, kept apart
    assert [(i, r.line, s, p, d) for i, r, s, p, d in srv_index(zone).doubled] == [
        (5, 16, "_xmpp-client", "_tcp", "typo.example.com.example.com.")
    ]
    # the tuples of srv_services / srv_records, as before
    services = srv_services(zone)
    assert list(services) == list(groups)
    wanted = lambda s, p: s.startswith("_xmpp") and p == "_tcp"  # noqa: E731
    entries = srv_records(zone, wanted)
    assert [(i, r.line, s, p, d) for i, r, s, p, d in entries][:3] == [
        (0, 6, "_xmpp-client", "_tcp", "example.com."),
        (1, 7, "_xmpp-server", "_tcp", "example.com."),
        (2, 9, "_xmpp-server", "_tcp", "chat.example.com."),
    ]
    assert [i for i, *_ in entries] == sorted(i for i, *_ in entries) and len(entries) == len(srvs) - 1
    assert [(r, s, p, d) for r, s, p, d, _ in srv_entries(zone, wanted)] == [(r, s, p, d) for _, r, s, p, d in entries]


def test_srv_groups_judge_a_doubled_owner_at_its_first_record():
    """One owner text written under two $ORIGINs, doubled only under the second: its first record
    decides for both, as before the groups kept records instead of tuples."""
    text = "$ORIGIN example.com.\n" + SOA + (
        "_sip._tcp.x.example.com.b.example.com. SRV 0 5 5060 sip.example.com.\n"
        "$ORIGIN b.example.com.\n"
        "_sip._tcp.x.example.com.b.example.com. SRV 0 5 5061 sip.example.com.\n"
        "_sip._tcp.y.example.com SRV 0 5 5060 sip.example.com.\n"
    )
    zone = _zone(text, "example.com.")
    sip = srv_groups(zone)[("_sip", "_tcp")]
    assert [r.line for r in sip.records] == [4, 6]
    assert [r.line for _, r, *_ in srv_index(zone).doubled] == [7]


def _index_view(index):
    """Everything an SrvIndex holds, records by identity."""
    return (
        [(k, g.service, g.proto, [id(r) for r in g.records], g.names, list(g.index), list(g.ports))
         for k, g in index.groups.items()],
        [(i, id(r), s, p, d) for i, r, s, p, d in index.doubled],
    )


ODD_OWNERS = "$ORIGIN example.com.\n" + SOA + r"""ns1 A 192.0.2.1
_sip._tcp SRV 0 5 5060 sip
_SIP._TCP.Upper SRV 0 5 5061 sip
_sip\._x._tcp SRV 0 5 5062 sip
_a\\b._tcp SRV 0 5 5063 sip
_sip._tcp.we\.ird SRV 0 5 5064 sip
_sip._tcp.Mixed\.Case SRV 0 5 5065 sip
_sip.notproto SRV 0 5 5066 sip
_sip.notproto.x SRV 0 5 5066 sip
plain SRV 0 5 5067 sip
_single SRV 0 5 5068 sip
_sip._udp SRV 0 0 0 .
_sip._udp.x SRV 0 0 5060 .
_xmpp-client._tcp.upper SRV 0 5 5222 sip
_Xmpp-Client._Tcp.upper SRV 0 5 5222 sip
                       SRV 1 5 5222 sip
_xmpp-client._tcp.upper SRV 0 5 5223 sip
$ORIGIN sub.example.com.
_sip._tcp SRV 0 5 5069 sip
$ORIGIN com.
_sip._tcp.y.example SRV 0 5 5071 sip.example.com.
"""
ROOT_ZONE = "$ORIGIN .\n" + SOA.replace("@ NS", ". NS") + (
    "_sip._tcp. SRV 0 5 5060 sip.example.com.\n_sip._tcp.com. SRV 0 5 5060 sip.example.com.\n"
    "_sip._tcp. SRV 0 5 5061 sip.example.com.\n"
)
TLD_ZONE = "$ORIGIN com.\n" + SOA + "_sip._tcp SRV 0 5 5060 sip.example.com.\n@ SRV 0 5 5060 sip.example.com.\n"
DOUBLED = "$ORIGIN example.com.\n" + SOA + (
    "_sip._tcp.a SRV 0 5 5060 sip.example.com.\n"
    "_sip._tcp.example.com.example.com SRV 0 5 5060 sip.example.com.\n"
    "_sip._tcp.example.com.x SRV 0 5 5060 sip.example.com.\n"
)
NEAR_DOUBLED = "$ORIGIN example.com.\n" + SOA + (  # the origin's text inside an owner, not twice at its end
    "_sip._tcp.example.com.x SRV 0 5 5060 sip.example.com.\n_sip._tcp.b SRV 0 5 5060 sip.example.com.\n"
)
# under an $ORIGIN outside the zone, an absolute owner may end in "<that origin>.<zone origin>"
FOREIGN_ORIGIN = "$ORIGIN example.com.\n" + SOA + (
    "_sip._tcp.a SRV 0 5 5060 sip.example.com.\n$ORIGIN x.other.org.\n"
    "_sip._tcp.x.other.org.example.com. SRV 0 5 5060 sip.example.com.\n"
)


@pytest.mark.parametrize(
    "text, origin",
    [(ODD_OWNERS, "example.com."), (ROOT_ZONE, "."), (TLD_ZONE, "com."), (DOUBLED, "example.com."),
     (NEAR_DOUBLED, "example.com."), (FOREIGN_ORIGIN, "example.com."), (PARENT, "example.com."),
     (CHAT, "chat.example.com.")],
    ids=["odd-owners", "root", "tld", "doubled", "near-doubled", "foreign-origin", "parent", "chat"],
)
def test_srv_index_as_built_record_by_record(text, origin):
    """The index srv_index builds is the reference's, record by record: escapes in the first two
    labels, case, empty and root domains, second-label protocols without `_`, owner objects shared
    by a run of records, `$ORIGIN`s outside the zone, owners that end in the origin twice (the
    reference then builds it) or only hold its text."""
    from zonelint.rules.helpers.srv import _build_srv_index, build_srv_index_by_record

    zone = _zone(text, origin)
    assert zone.by_type("SRV")
    assert _index_view(_build_srv_index(zone)) == _index_view(build_srv_index_by_record(zone))


def test_srv_index_of_records_without_compact_data_or_ascii_owners():
    """A record without compact ``data`` (a plugin's or a served one) gets NO_PORT; a non-ASCII
    owner has the reference build the index: as record by record."""
    from zonelint.model import Record
    from zonelint.rules.helpers.srv import NO_PORT, _build_srv_index, build_srv_index_by_record

    zone = _zone(ODD_OWNERS, "example.com.")
    srvs = zone.by_type("SRV")
    bare = srvs[0]

    def copy(owner):
        return Record(bare.file, bare.line, bare.column, bare.end_line, owner, bare.ttl, bare.ttl_explicit,
                      bare.rdclass, "SRV", "0 5 5060 sip.example.com.", bare.origin)

    zone = Zone(zone.origin, zone.file, [copy(bare.owner)] + list(zone.records), zone.problems, zone.files)
    got = _build_srv_index(zone)
    assert _index_view(got) == _index_view(build_srv_index_by_record(zone))
    assert got.groups[("_sip", "_tcp")].ports[0] == NO_PORT
    zone = Zone(zone.origin, zone.file, [copy("_sip._tcp.\u00e9.example.com.")] + list(zone.records),
                zone.problems, zone.files)
    assert _index_view(_build_srv_index(zone)) == _index_view(build_srv_index_by_record(zone))


def test_xmpp_table_leaves_out_srvs_below_a_delegated_tcp_label():
    """`_tcp.D` itself delegated: D's XMPP SRVs below it are the child's, as lookups say."""
    text = "$ORIGIN example.com.\n" + SOA + (
        "xmpp A 192.0.2.10\n_tcp.cut NS ns.elsewhere.net.\n_xmpp-client._tcp.cut SRV 0 5 5222 xmpp\n"
        "_xmpp-client._tcp.kept SRV 0 5 5222 xmpp\n"
    )
    graph = RecordGraph([_zone(text, "example.com.")])
    xmpp = _check_against_lookups(graph)
    assert xmpp.services("cut.example.com.") == {} and xmpp.services("kept.example.com.")
