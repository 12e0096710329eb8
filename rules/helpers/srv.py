"""Helpers of the SRV-service rules (XMPP, SIP, STUN/TURN): SRV owners split once per zone into
groups by ``(service, proto)`` (:func:`srv_groups`, :func:`srv_entries`, :func:`srv_index`; the
tuples of :func:`srv_services` / :func:`srv_records` for plugins), :func:`target_records`,
:func:`position` and :func:`legacy_srv_without_successor`. Part of :mod:`zonelint.rules.helpers`;
import from there."""

from __future__ import annotations

from array import array
from operator import attrgetter

from zonelint import ROOT, TARGET_TYPES, parent_name
from .common import child
from .targets import origin_doubled, DoublingScreen


def split_service_owner(owner: str) -> tuple[str, str, str] | None:
    """``(service, proto, domain)`` of an owner ``_service._proto.domain`` (service and proto
    lower-cased), or None when its two leftmost labels do not both start with ``_``."""
    if not owner.startswith("_"):
        return None
    if "\\" not in owner:  # the common case, without parent_name's escape handling
        i = owner.find(".")
        if i < 0 or owner[i + 1 : i + 2] != "_":
            return None
        rest = owner[i + 1 :]
        j = rest.find(".")
        domain = rest[j + 1 :] or ROOT if j >= 0 else ROOT
        proto = rest[:j] if domain != ROOT else rest.rstrip(".")
        return owner[:i].lower(), proto.lower(), domain
    rest = parent_name(owner)
    if rest is None or rest == ROOT or not rest.startswith("_"):
        return None
    domain = parent_name(rest)
    if domain is None:
        return None
    service = owner[: len(owner) - len(rest) - 1].lower()
    proto = rest[: len(rest) - len(domain) - 1].lower() if domain != ROOT else rest.rstrip(".").lower()
    return service, proto, domain


def _service_kind(owner: str, kinds: dict) -> tuple[tuple[str, str], str] | None:
    """``((service, proto), domain)`` of an owner, as :func:`split_service_owner` splits it;
    ``kinds`` keeps each ``(service, proto)`` pair by the text it is written as (a few per zone),
    so that an owner without escapes is split with two ``find``s and no ``lower``."""
    if "\\" not in owner:
        i = owner.find(".")
        if i > 0 and owner[i + 1 : i + 2] == "_":
            j = owner.find(".", i + 1)
            if j > 0:
                domain = owner[j + 1 :]
                if domain and domain != ROOT:
                    written = owner[:j]
                    kind = kinds.get(written)
                    if kind is None:
                        kind = kinds[written] = (owner[:i].lower(), owner[i + 1 : j].lower())
                    return kind, domain
    parts = split_service_owner(owner)
    if parts is None:
        return None
    service, proto, domain = parts
    return kinds.setdefault((service, proto), (service, proto)), domain


#: ``SrvGroup.ports`` of a record whose target is the root / that has no compact data
ROOT_PORT = -1
NO_PORT = -2


class SrvGroup:
    """The SRV records of one ``(service, proto)`` of a zone, in file order (see
    :func:`srv_groups`), with parallel sequences: ``records[i]`` is owned by
    ``<service>.<proto>.<domain>`` where ``names[i]`` is ``(domain, key)`` (the domain as written
    and case-folded, one tuple per domain text, shared), ``index[i]`` is the record's position in
    ``zone.by_type("SRV")`` and ``ports[i]`` its port, or :data:`ROOT_PORT` when its target is the
    root (``.``), :data:`NO_PORT` when it has no compact ``data``. Shared: do not mutate."""

    __slots__ = ("service", "proto", "records", "names", "index", "ports")

    def __init__(self, service: str, proto: str) -> None:
        self.service = service
        self.proto = proto
        self.records: list = []
        self.names: list[tuple[str, str]] = []
        self.index = array("I")  # 4 bytes a record
        self.ports = array("i")

    @property
    def domains(self) -> list[str]:
        """The domain of each record, as written (a new list)."""
        return [name[0] for name in self.names]

    @property
    def keys(self) -> list[str]:
        """The domain of each record, case-folded (a new list)."""
        return [name[1] for name in self.names]

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        return f"SrvGroup({self.service}.{self.proto}, {len(self.records)} records)"


class SrvIndex:
    """What :func:`srv_index` computes for a zone: ``groups`` (see :func:`srv_groups`) and
    ``doubled``, the ``(index, record, service, proto, domain)`` of the records whose owner is left
    out of them because it ends in the zone origin twice (ZL107's; a name lookup still finds
    them)."""

    __slots__ = ("groups", "doubled")

    def __init__(self, groups: dict, doubled: list) -> None:
        self.groups = groups
        self.doubled = doubled


def build_srv_index_by_record(zone, exact: bool = False) -> SrvIndex:
    """The :class:`SrvIndex` of ``zone`` as the reference builds it (:func:`_build_srv_index`
    hands it a zone with an owner that ends in the origin twice, or with a non-ASCII owner).
    One pass over the zone's SRV records; each run of records of one owner is split once.
    Whether an owner ends in the origin twice is judged at its first record (the ``$ORIGIN`` in
    effect there counts): when some owner is judged so, the pass is done again with that judgement
    kept per owner text (``exact``), as owners written alike may follow different ``$ORIGIN``s."""
    origin = zone.origin
    # owners shorter than "<origin without dot>.<origin>" cannot end in the origin twice
    doubled_len = 2 * len(origin) - 1 if origin and origin.count(".") > 1 else 1 << 30
    screen = DoublingScreen(zone)
    groups: dict[tuple[str, str], SrvGroup] = {}
    doubled: list = []
    kinds: dict = {}
    names: dict[str, tuple[str, str]] = {}  # domain text -> (it, its key): each tuple once
    judged: dict[str, bool] = {}  # owner text -> doubled (only with ``exact``)
    owner = group = name = kind = None
    is_doubled = False
    for i, rec in enumerate(zone.by_type("SRV")):
        if rec.owner is not owner:
            owner = rec.owner
            group = None
            is_doubled = False
            if owner[:1] != "_":
                continue
            parts = _service_kind(owner, kinds)
            if parts is None:
                continue
            kind, domain = parts
            name = names.get(domain)
            if name is None:
                k = domain.lower()
                name = names[domain] = (domain, domain if k == domain else k)
            if len(owner) >= doubled_len:
                if exact:
                    is_doubled = judged.get(owner)
                    if is_doubled is None:
                        is_doubled = judged[owner] = origin_doubled(rec, owner, zone) is not None
                elif screen.passes(rec, owner) and origin_doubled(rec, owner, zone) is not None:
                    return build_srv_index_by_record(zone, exact=True)
            if not is_doubled:
                group = groups.get(kind)
                if group is None:
                    group = groups[kind] = SrvGroup(*kind)
        if group is not None:
            group.records.append(rec)
            group.names.append(name)
            group.index.append(i)
            data = rec.data
            group.ports.append(NO_PORT if data is None else ROOT_PORT if data[3] == ROOT else data[2])
        elif is_doubled:
            doubled.append((i, rec, kind[0], kind[1], name[0]))
    return SrvIndex(groups, doubled)


_OWNER = attrgetter("owner")


def _build_srv_index(zone) -> SrvIndex:
    """:func:`build_srv_index_by_record`'s index, faster: whether some owner ends in the origin
    twice is screened on all owners' text at once (:func:`_doubled_owner`; when one does, or an
    owner is not ASCII, the reference builds it), so the pass itself judges no owner; each
    ``_service._proto`` written without escapes is split once per zone, then found by its text,
    and each group's lists are appended to through bound methods kept per group."""
    srvs = zone.by_type("SRV")
    owners = list(map(_OWNER, srvs))
    text = "\n".join(owners)
    if not text.isascii():
        return build_srv_index_by_record(zone)
    if _doubled_owner(zone, srvs, owners, text):
        return build_srv_index_by_record(zone, exact=True)
    groups: dict[tuple[str, str], SrvGroup] = {}
    kinds: dict = {}  # for _service_kind
    appends: dict = {}  # kind -> its group's list appends
    routes: dict = {}  # "_service._proto" as written (no escape) -> its group's appends
    names: dict[str, tuple[str, str]] = {}  # domain text -> (it, its key): each tuple once
    owner = None
    lists = None
    for i, rec in enumerate(srvs):
        if rec.owner is not owner:
            owner = rec.owner
            lists = None
            if owner[:1] != "_":
                continue
            j = owner.find(".", owner.find(".") + 1)
            domain = owner[j + 1 :] if j > 0 and "\\" not in owner else None
            if domain and domain != ROOT:
                lists = routes.get(owner[:j])
            if lists is None:
                parts = _service_kind(owner, kinds)
                if parts is None:
                    continue
                kind, d = parts
                lists = appends.get(kind)
                if lists is None:
                    group = groups[kind] = SrvGroup(*kind)
                    lists = appends[kind] = (group.records.append, group.names.append, group.index.append,
                                             group.ports.append)
                if domain and domain != ROOT:
                    routes[owner[:j]] = lists
                domain = d
            name = names.get(domain)
            if name is None:
                k = domain.lower()
                name = names[domain] = (domain, domain if k == domain else k)
            add_rec, add_name, add_index, add_port = lists
        elif lists is None:
            continue
        add_rec(rec)
        add_name(name)
        add_index(i)
        data = rec.data
        add_port(NO_PORT if data is None else ROOT_PORT if data[3] == ROOT else data[2])
    return SrvIndex(groups, [])


def _doubled_owner(zone, srvs: list, owners: list[str], text: str) -> bool:
    """True when :func:`build_srv_index_by_record` finds an owner that ends in the zone origin
    twice (it judges each run of one owner object at its first record). ``text``: the owners
    joined by newlines, ASCII. Only the records :meth:`DoublingScreen.rows` finds on the whole
    text at once are judged one by one."""
    origin = zone.origin
    if not origin or origin.count(".") <= 1:
        return False  # the reference judges no owner then
    doubled_len = 2 * len(origin) - 1
    screen = DoublingScreen(zone)
    for i in screen.rows(srvs, owners, text):
        owner = owners[i]
        if (i and owners[i - 1] is owner) or owner[:1] != "_" or len(owner) < doubled_len:
            continue  # judged at the first record of its run, or not judged
        if _service_kind(owner, {}) is None:
            continue
        rec = srvs[i]
        if screen.passes(rec, owner) and origin_doubled(rec, owner, zone) is not None:
            return True
    return False


def srv_index(zone) -> SrvIndex:
    """The zone's :class:`SrvIndex` (computed once per zone, shared: do not mutate)."""
    return zone.memo("rules.helpers.srv_index", lambda: _build_srv_index(zone))


def srv_groups(zone) -> dict:
    """``{(service, proto): SrvGroup}`` for this zone's SRV records whose owner is
    ``_service._proto.<domain>`` (see :func:`split_service_owner`; an owner that ends in the zone
    origin twice is left out: ZL107 reports it, one finding per fault), groups in the order their
    first record comes. Each owner is split once per zone and every record is kept once, by
    reference (no tuple per record): the fast form of :func:`srv_services`, shared by the XMPP,
    SIP and STUN/TURN rules; do not mutate."""
    return srv_index(zone).groups


def srv_selected(zone, wanted) -> list:
    """The :class:`SrvGroup` objects of :func:`srv_groups` whose ``(service, proto)`` satisfies
    ``wanted(service, proto)``."""
    return [g for g in srv_groups(zone).values() if wanted(g.service, g.proto)]


def srv_entries(zone, wanted):
    """``(record, service, proto, domain, key)`` for the records of :func:`srv_selected`, in file
    order (``key``: the domain case-folded)."""
    groups = srv_selected(zone, wanted)
    if len(groups) == 1:
        g = groups[0]
        service, proto = g.service, g.proto
        for rec, (domain, key) in zip(g.records, g.names):
            yield rec, service, proto, domain, key
        return
    order = sorted((i, g, n) for g in groups for n, i in enumerate(g.index))
    for _, g, n in order:
        yield (g.records[n], g.service, g.proto, *g.names[n])


def srv_services(zone) -> dict:
    """``{(service, proto): [(index, record, service, proto, domain), ...]}``: :func:`srv_groups`
    with one tuple per record (``index`` is the record's position in ``zone.by_type("SRV")``), for
    plugins written against it; built on first use from the groups (the built-in rules read
    :func:`srv_groups`) and kept per zone: do not mutate."""
    return zone.memo(
        "rules.xmpp.srv_services",
        lambda: {
            kind: [(i, r, g.service, g.proto, d) for i, r, (d, _) in zip(g.index, g.records, g.names)]
            for kind, g in srv_groups(zone).items()
        },
    )


def srv_records(zone, wanted) -> list:
    """The ``(index, record, service, proto, domain)`` entries of :func:`srv_services` whose
    ``(service, proto)`` satisfies ``wanted(service, proto)``, in file order (for plugins; see
    :func:`srv_entries`)."""
    groups = [entries for (service, proto), entries in srv_services(zone).items() if wanted(service, proto)]
    if not groups:
        return []
    if len(groups) == 1:
        return groups[0]
    return sorted((e for g in groups for e in g), key=lambda e: e[0])


def position(zone):
    """A sort key putting records in file order (zone file first, then its includes)."""
    order = {id(f): i for i, f in enumerate(zone.files or [zone.file])}

    def key(rec):
        return (order.get(id(rec.file), len(order)), rec.line, rec.column)

    return key


def target_records(zone, rdtypes=("SRV", "MX", "NS")) -> list:
    """``(record, target)`` for this zone's records of ``rdtypes`` with a real (non-root) target.
    Computed once per zone and ``rdtypes`` (shared by the target rules): do not mutate."""
    return zone.memo(("rules.targets.target_records", tuple(rdtypes)), lambda: _target_records(zone, rdtypes))


def _target_records(zone, rdtypes) -> list:
    out = []
    for rdtype in rdtypes:
        i = TARGET_TYPES.get(rdtype)
        if i is None:  # pragma: no cover - callers only ask for target types
            continue
        for rec in zone.by_type(rdtype):
            data = rec.data  # ``rec.target``, without the property's lookups
            if data is None:
                continue
            target = data[i]
            if target is not None and target != ROOT:
                out.append((rec, target))
    return out



def legacy_srv_without_successor(ctx, legacy: tuple[str, str], successor: tuple[str, str]):
    """``(domain, first record)`` for each domain D of the zone with a ``legacy`` SRV
    (``("_jabber", "_tcp")``) with a real target but no ``successor`` SRV
    (``("_xmpp-server", "_tcp")``) at D in any loaded zone (a root-target successor counts as
    present); the record is D's first legacy SRV in file order. Nothing is said about D when the
    successor's name lies outside every loaded zone."""
    graph, zone = ctx.graph, ctx.zone
    found: dict[str, tuple[str, list]] = {}
    for rec, _service, _proto, domain, k in srv_entries(zone, lambda s, p: (s, p) == legacy):
        if rec.target != ROOT:
            found.setdefault(k, (domain, []))[1].append(rec)
    key = position(zone)
    for domain, recs in found.values():
        name = child(successor[0], child(successor[1], domain))
        if graph.has_type(name, "SRV") or graph.zone_for(name) is None:
            continue
        yield domain, min(recs, key=key)
