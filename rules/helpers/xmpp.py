"""The XMPP table the XMPP rules (ZL301-ZL305) share: which names are XMPP domains and which are
MUC components of one (:class:`XmppDomains`, issue 3's "General rules of judgement"), each
domain's XMPP SRV records by service and port (:class:`XmppServices`, built in one pass from the
SRV groups of :mod:`.srv`), the XMPP service names and MUC labels. Part of
:mod:`zonelint.rules.helpers`; import from there.

- the owner D of an `_xmpp-client._tcp`, `_xmpps-client._tcp`, `_xmpp-server._tcp` or
  `_xmpps-server._tcp` SRV with a real target is an XMPP domain,
- unless D is `<muc-label>.P` where P is itself an XMPP domain: then D is a component of P;
- a root-target (`.`) SRV never makes its owner an XMPP domain.
"""

from __future__ import annotations

from zonelint import ROOT, UNKNOWN, parent_name

from .common import child, first_label
from .srv import NO_PORT, ROOT_PORT, split_service_owner, srv_index, srv_selected
from .targets import delegations


CLIENT_SERVICES = ("_xmpp-client", "_xmpps-client")
SERVER_SERVICES = ("_xmpp-server", "_xmpps-server")
XMPP_SERVICES = CLIENT_SERVICES + SERVER_SERVICES
#: the default `muc-labels` of ZL301, also used by the other XMPP rules to recognise components
MUC_LABELS = ("groupchat", "conference", "muc")
#: the IANA-registered server-to-server port (RFC 6120 §14.7), the A/AAAA fallback port
S2S_PORT = 5269
TIMPLUS_LABEL = "groupchat"
TIMPLUS_QUOTE = (
    '"Each TIM+ domain requires two SRV records: one for the domain itself and one for the '
    'groupchat subdomain" (TIM+ DNS configuration)'
)


def resolves_to_address(graph, name: str, hops: int = 8) -> bool:
    """True when ``name`` has A/AAAA, directly or through a CNAME chain; a chain leaving every
    loaded zone gets the benefit of the doubt (it cannot be judged)."""
    for _ in range(hops):
        if graph.has_address(name):
            return True
        cnames = graph.rrs(name, "CNAME")
        if not cnames:
            return False
        name = cnames[0].target
        if name is None or name == ROOT:
            return False
        if graph.target_status(name) == UNKNOWN:
            return True
    return False


#: each XMPP service with the labels of its SRV owner below the domain
_XMPP_TCP = tuple((service, service + "._tcp") for service in XMPP_SERVICES)
#: service -> its place in XMPP_SERVICES
_XMPP_INDEX = {service: i for i, service in enumerate(XMPP_SERVICES)}


def _code(service_index: int, port: int) -> int:
    """The code of an SRV record (see :class:`XmppServices`): its service's place in
    ``XMPP_SERVICES`` in the two low bits, above them its port plus 2 (``SrvGroup.ports``: 1 for
    a root target, 0 without compact data)."""
    return service_index | (port + 2) << 2


def _port_of(rec) -> int:
    """``rec``'s port as ``SrvGroup.ports`` has it."""
    data = rec.data
    return NO_PORT if data is None else ROOT_PORT if data[3] == ROOT else data[2]


#: ``code >> 2`` of a record whose target is the root
ROOT_BITS = ROOT_PORT + 2


#: the code of ``_xmpp-server`` (``code & 3``)
SERVER_INDEX = XMPP_SERVICES.index("_xmpp-server")
_XMPPS_SERVER = XMPP_SERVICES.index("_xmpps-server")
_CLIENT_INDEXES = frozenset(XMPP_SERVICES.index(service) for service in CLIENT_SERVICES)


def may_collide(flat: tuple) -> bool:
    """False when no two services of ``flat`` (:class:`XmppServices`) share a port on a real
    target (ZL304 then has nothing to report); True when one does, or a record has no compact
    data (its port is then read from the record)."""
    seen: dict[int, int] = {}
    for code in flat[::2]:
        bits = code >> 2
        if bits == 0:
            return True
        if bits > 2:  # not a root target (1), nor port 0 (2)
            if seen.setdefault(bits, code & 3) != code & 3:
                return True
    return False


class XmppServices:
    """Which names publish which XMPP SRVs (``_service._tcp.<name>`` for the four services) in one
    graph, built in one pass over the SRV groups (:func:`srv_index`) of its loaded zones instead
    of name lookups per service and name.

    ``published[key]`` (``key``: a name case-folded) is a flat tuple ``(code, record, code,
    record, ...)`` of the records ``graph.rrs("<service>._tcp.<name>", "SRV")`` gives, services in
    the order of ``XMPP_SERVICES``, each service's records in the graph's order (zone by zone,
    file order); ``code`` (:func:`_code`) holds the record's service and port, so that what
    rules ask about services, root targets and ports needs no record read. As lookups do, it leaves out records below a delegation of their zone, and a
    name whose ``_tcp.<name>`` does not exist in the graph (an SRV owner that is its zone's apex
    makes no empty non-terminal above it). A zone not loaded when the table was built (``-j N``:
    loaded by the first lookup that needs it) leaves its apex in ``unsure``: names at or below it
    are not covered (:meth:`covers`), and the caller looks them up."""

    def __init__(self, graph) -> None:
        unsure: set[str] = set()
        apex_owners: set[str] = set()  # names D with a zone of apex `_service._tcp.D`
        found: dict[str, list] = {}
        for zone in graph.zones:
            if zone.origin is None:
                continue  # a zone of unknown origin has no records
            apex = zone.key
            parts = split_service_owner(apex) if apex[:5] == "_xmpp" else None
            if parts is not None and parts[1] == "_tcp" and parts[0] in _XMPP_INDEX:
                apex_owners.add(parts[2])
            if zone.loaded:
                _add_zone(found, zone)
            else:
                unsure.add(apex)
        self.unsure = frozenset(unsure)
        several = len(graph.zones) > 1
        if not (unsure or apex_owners or several):  # nothing to judge name by name: a tuple each
            self.published: dict[str, tuple] = dict(zip(found, map(tuple, found.values())))
            return
        dropped = []
        for k, lst in found.items():
            if (unsure and not self.covers(k)) or (k in apex_owners and not graph.exists(child("_tcp", k))):
                dropped.append(k)
                continue
            if several and any(lst[j] & 3 < lst[j - 2] & 3 for j in range(2, len(lst), 2)):
                pairs = sorted(zip(lst[::2], lst[1::2]), key=lambda p: p[0] & 3)  # stable
                lst = [x for p in pairs for x in p]
            found[k] = tuple(lst)
        for k in dropped:
            del found[k]
        self.published = found

    @classmethod
    def shared(cls, graph) -> "XmppServices":
        """The table of ``graph``, built once and shared by every rule of the run."""
        return graph.memo("rules.xmpp.XmppServices", lambda: cls(graph))

    def covers(self, key: str) -> bool:
        """True when the table answers for the name ``key``: no zone that was not loaded when it
        was built may hold ``_tcp.<name>`` or an SRV below it."""
        unsure = self.unsure
        if not unsure:
            return True
        tcp = child("_tcp", key)
        if tcp in unsure or any(child(service, tcp) in unsure for service in XMPP_SERVICES):
            return False
        p: str | None = key
        while p is not None:
            if p in unsure:
                return False
            p = parent_name(p)
        return True


_NEW: list = []  # mine.get()'s default: not seen yet


def _add_zone(found: dict[str, list], zone) -> None:
    """Add the XMPP SRVs of ``zone`` that answer lookups to ``found`` (name key -> ``[code,
    record, ...]``), in service order, then file order."""
    index = srv_index(zone)
    groups = [
        (code, g) for code, service in enumerate(XMPP_SERVICES) if (g := index.groups.get((service, "_tcp")))
    ]
    # (service code, records, their domain keys), in service order, each in file order
    runs = [(code, g.records, g.names, g.ports) for code, g in groups]
    doubled = [e for e in index.doubled if e[3] == "_tcp" and e[2] in _XMPP_INDEX]
    if doubled:  # rare (ZL107's owners): put them back among the others, in file order
        entries = sorted(
            [(code, i, rec, n, p) for code, g in groups for i, rec, n, p in zip(g.index, g.records, g.names, g.ports)]
            + [
                (_XMPP_INDEX[service], i, rec, (domain, domain.lower()), _port_of(rec))
                for i, rec, service, _, domain in doubled
            ],
            key=lambda e: e[:2],
        )
        runs = [
            (code, *([e[j] for e in entries if e[0] == code] for j in (2, 3, 4)))
            for code in range(len(XMPP_SERVICES))
        ]
    cuts = delegations(zone)
    apex = zone.key
    size = len(apex)
    below: dict[str, bool] = {}  # parent key -> it or an ancestor below the apex is a cut
    tcp_cuts = {c[5:] or ROOT for c in cuts if c[:5] == "_tcp."}  # the names k whose `_tcp.<k>` is a cut
    # (a name's SRVs lie below a delegation when it, its `_tcp`, or an ancestor below the apex is
    # a cut: what below_delegation(zone, "_tcp.<k>", at_cut=True) says, each parent judged once)
    codes: dict[int, int] = {}  # each code once (most are a few ports of four services)
    # name key -> its list in ``found``, or None when its SRVs lie below a delegation of this
    # zone (another zone's records of the name may still count)
    mine: dict[str, list | None] = {}
    get = mine.get
    for code, records, names, ports in runs:
        of_port: dict[int, int] = {}  # port -> the code of this service's records on it
        for port in set(ports):
            c = code | (port + 2) << 2
            of_port[port] = codes.setdefault(c, c)
        for rec, name, c in zip(records, names, map(of_port.__getitem__, ports)):
            k = name[1]
            lst = get(k, _NEW)
            if lst is _NEW:
                lst = None
                if cuts:
                    if k in cuts or k in tcp_cuts:
                        hidden = True
                    else:
                        p = k[k.find(".") + 1 :] or ROOT if "\\" not in k and k != ROOT else parent_name(k)
                        hidden = below.get(p) if p is not None else False
                        if hidden is None:
                            hidden = below[p] = _below_cut(p, cuts, apex, size)
                else:
                    hidden = False
                if not hidden:
                    lst = found.get(k)
                    if lst is None:
                        lst = found[k] = []
                mine[k] = lst
            if lst is not None:
                lst.append(c)
                lst.append(rec)


def _below_cut(p: str, cuts: frozenset, apex: str, size: int) -> bool:
    """True when ``p`` or an ancestor of it below the zone's apex (key ``apex``, ``size`` long)
    is a delegation point of ``cuts``."""
    q: str | None = p
    while q is not None and q != apex and len(q) > size:
        if q in cuts:
            return True
        q = parent_name(q)
    return False


class XmppDomains:
    """The one place that decides what an XMPP domain and a MUC component are.

    What a name D publishes (``services(D)``) is what the graph holds at
    ``_service._tcp.D`` in every loaded zone (:class:`XmppServices`, or a lookup for a name in a
    zone not loaded yet), so a component's parent domain or a component loaded as its own zone is
    recognised across zone files.
    """

    @classmethod
    def shared(cls, graph, muc_labels=MUC_LABELS) -> "XmppDomains":
        """The one instance for ``graph`` and these labels, shared by every rule of the run (its
        answers only depend on the graph, so sharing it computes each domain once)."""
        labels = frozenset(label.lower().rstrip(".") for label in muc_labels)
        return graph.memo(("rules.xmpp.XmppDomains", labels), lambda: cls(graph, muc_labels))

    def __init__(self, graph, muc_labels=MUC_LABELS) -> None:
        self.graph = graph
        self.muc_labels = frozenset(label.lower().rstrip(".") for label in muc_labels)
        self._table: XmppServices | None = None
        self._looked_up: dict[str, tuple] = {}  # name key -> published(), for names the table leaves out
        self._domains_in: dict[int, list[str]] = {}

    def published(self, domain: str) -> tuple:
        """The flat ``(code, record, ...)`` tuple of :class:`XmppServices` for ``domain`` (empty
        when it publishes no XMPP SRV)."""
        table = self._table
        if table is None:
            table = self._table = XmppServices.shared(self.graph)
        k = domain.lower()
        if not table.unsure or table.covers(k):
            return table.published.get(k, ())
        got = self._looked_up.get(k)
        if got is None:
            got = self._looked_up[k] = self._look_up(domain)
        return got

    def _look_up(self, domain: str) -> tuple:
        # one lookup per service: only the zones that can hold the name are read (under -j N a
        # process never loads a zone that no domain it checks lives in)
        graph = self.graph
        below = "." + domain if domain != ROOT else "."  # child(label, domain) is label + below
        if not graph.exists("_tcp" + below):
            return ()
        out: list = []
        for i, (_, label) in enumerate(_XMPP_TCP):
            for rec in graph.rrs(label + below, "SRV"):
                out += (_code(i, _port_of(rec)), rec)
        return tuple(out)

    def services(self, domain: str) -> dict[str, list]:
        """``{service: [SRV records]}`` of ``_service._tcp.<domain>`` for the four XMPP services
        (services without records left out); root-target records included, every loaded zone
        searched, records in the order ``graph.rrs`` gives them (zone by zone, file order)."""
        flat = self.published(domain)
        got: dict[str, list] = {}
        for j in range(0, len(flat), 2):
            service = XMPP_SERVICES[flat[j] & 3]
            lst = got.get(service)
            if lst is None:
                got[service] = [flat[j + 1]]
            else:
                lst.append(flat[j + 1])
        return got

    def records(self, domain: str, service: str) -> list:
        """The SRV records of ``_service._tcp.<domain>`` (root targets included)."""
        flat = self.published(domain)
        code = _XMPP_INDEX[service]
        return [flat[j + 1] for j in range(0, len(flat), 2) if flat[j] & 3 == code]

    def real_records(self, domain: str, services=XMPP_SERVICES) -> list:
        """The SRV records of ``services`` at ``domain`` with a real (non-root) target."""
        flat = self.published(domain)
        if not flat:
            return []
        if services is XMPP_SERVICES:
            return [flat[j + 1] for j in range(0, len(flat), 2) if flat[j] >> 2 != ROOT_BITS]
        return [
            flat[j + 1]
            for service in services
            if (code := _XMPP_INDEX.get(service)) is not None
            for j in range(0, len(flat), 2)
            if flat[j] & 3 == code and flat[j] >> 2 != ROOT_BITS
        ]

    def federation(self, domain: str) -> tuple[list, bool]:
        """``(clients, server)``: ``domain``'s client SRVs (`_xmpp-client`, `_xmpps-client`)
        with a real target, services in that order, and whether it publishes a server SRV that
        says something about federation (any `_xmpp-server._tcp` one, a root target included, or
        an `_xmpps-server._tcp` one with a real target); ZL302's question, in one pass over
        :meth:`published` (``clients`` is left incomplete when ``server`` is true)."""
        flat = self.published(domain)
        clients = []
        for j in range(0, len(flat), 2):
            code = flat[j]
            service = code & 3
            if service == SERVER_INDEX or (service == _XMPPS_SERVER and code >> 2 != ROOT_BITS):
                return clients, True
            if service in _CLIENT_INDEXES and code >> 2 != ROOT_BITS:
                clients.append(flat[j + 1])
        return clients, False

    def has_real(self, domain: str) -> bool:
        """True when ``domain`` publishes an XMPP SRV with a real target."""
        for code in self.published(domain)[::2]:
            if code >> 2 != ROOT_BITS:
                return True
        return False

    def component_of(self, domain: str) -> str | None:
        """P when ``domain`` is ``<muc-label>.P`` and P is an XMPP domain; else None."""
        if first_label(domain) not in self.muc_labels:
            return None
        parent = parent_name(domain)
        if parent is None or parent == ROOT:
            return None
        return parent if self.is_domain(parent) else None

    def is_domain(self, domain: str) -> bool:
        """True when ``domain`` is an XMPP domain (not merely a component of one)."""
        return self.has_real(domain) and self.component_of(domain) is None

    def owners_in(self, zone) -> list[str]:
        """Every D owning an XMPP SRV (``_tcp``, any target) in ``zone``, first seen first."""
        return zone.memo("rules.xmpp.owners_in", lambda: _owners_in(zone))

    def domains_in(self, zone) -> list[str]:
        """The XMPP domains (components excluded) with an XMPP SRV in ``zone``."""
        got = self._domains_in.get(id(zone))
        if got is None:
            owners = self.owners_in(zone)
            if self._table is None:
                self._table = XmppServices.shared(self.graph)
            if self._table.unsure:
                got = [d for d in owners if self.is_domain(d)]
            else:  # the table answers for every name: decided on keys, without lookups
                got = [d for d in owners if self._key_is_domain(d.lower())]
            self._domains_in[id(zone)] = got
        return got

    def _key_is_domain(self, k: str) -> bool:
        """:meth:`is_domain` of the name of key ``k``, when the table answers for every name."""
        flat = self._table.published.get(k)
        if not flat:
            return False
        for code in flat[::2]:
            if code >> 2 != ROOT_BITS:
                break
        else:
            return False  # root targets only
        label = k[: k.find(".")] if "\\" not in k else first_label(k)  # first_label(k), inline
        if label not in self.muc_labels:
            return True
        parent = parent_name(k)
        return parent is None or parent == ROOT or not self._key_is_domain(parent)


def _is_xmpp_tcp(service: str, proto: str) -> bool:
    return proto == "_tcp" and service in XMPP_SERVICES


def _owners_in(zone) -> list[str]:
    first: dict[str, int] = {}  # domain key -> the position of its first XMPP SRV
    written: dict[str, str] = {}  # domain key -> the domain as written there
    for g in srv_selected(zone, _is_xmpp_tcp):
        for i, (domain, k) in zip(g.index, g.names):
            j = first.get(k)
            if j is None or i < j:
                first[k] = i
                written[k] = domain
    return [written[k] for k in sorted(first, key=first.__getitem__)]
