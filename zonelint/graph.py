"""The record graph: every record of every zone of a run, indexed for rules.

Build it once per run from the loaded zones; rules only read it.

For rule authors, the API is:

- ``graph.zones``: the loaded :class:`Zone` objects (``origin``, ``file``, ``records`` in file
  order, ``soa`` records at the apex, ``apex_ns``).
- ``graph.records(rdtype=None)``: every in-zone record of the run (optionally of one type),
  zone by zone, in file order.
- ``graph.rrs(name, rdtype=None)``: the records a name owns (any case), optionally of one type.
- ``graph.exists(name)``: the name owns records, or is an empty non-terminal in a loaded zone.
- ``graph.has_address(name)``: the name owns A or AAAA records (a wildcard counts).
- ``graph.zone_for(name)``: the loaded zone authoritative for ``name`` (longest apex match), or
  ``None`` when it lies outside every loaded zone or below a delegation to a zone not loaded.
- ``graph.zone_of(record)``: the zone a record was loaded in.
- ``zone.view``: the view (``views`` config table) the zone's file is in, or ``None``.
- ``graph.same_origin(zone)``: the other zones of the run with the same origin (any view);
  ``graph.origin_conflicts(zone)``: those of them sharing a view with it (ZL007).
- ``graph.top_level(zone)``: the zone is of origin ``.`` or a TLD in a run of several zones
  (ZL009); its names then do not answer lookups from other zones.
- ``graph.target_status(name)``: :data:`PRESENT`, :data:`ABSENT`, :data:`UNKNOWN` or :data:`ROOT`.
- ``graph.dns_answer(name)``: what DNS answered about a name outside every loaded zone
  (:class:`zonelint.dnsanswers.Answer`, only with ``--resolve`` or in ``zonelint live``), else
  ``None``; the lookups happened before the rules ran, rules never open a socket.
- ``graph.edges()``: ``(record, target)`` for every SRV, MX, NS, CNAME, DNAME, PTR and NAPTR
  record with a target; ``graph.referrers(name)`` the records pointing at a name.
- ``graph.problems``: what the loader found (parse errors, refused includes, ...).
- ``zone.multi_rrsets()``: the records sharing owner and type with another record, grouped.
- ``zone.base``: the zone at the git base (:class:`BaseInfo`), or ``None`` when no base is set.
- ``zone.served``: what a DNS server serves for the zone (:class:`ServedCopy`, ``--compare``), or
  ``None``.
- ``graph.has_type(name, rdtype)``: the name owns records of ``rdtype`` (cheaper than
  ``bool(graph.rrs(name, rdtype))``, which builds a list).
- ``zone.memo(key, factory)`` / ``graph.memo(key, factory)``: derived data computed once and
  shared by every rule of the run (see below).

Shared derived data: when several rules need the same thing computed from a zone (SRV owners
split into service, protocol and domain; records grouped into RRsets; ...), compute it once with
``zone.memo(key, factory)``: the first call stores ``factory()`` under ``key`` on the zone, later
calls (from any rule) return the stored value. Use ``graph.memo`` for data that depends on the
whole run (other zones too, e.g. a per-target lookup table). Keys are any hashable value; make
them unique to what you compute (start with your plugin's or module's name, and include every
option the result depends on). Memoized values are shared: never mutate one after it is built.

Perspective: ``ctx.graph`` is the run *as seen from the zone being checked* (:mod:`zonelint.views`):
its lookups see the zones of that zone's view and of no view; of several files claiming one origin
only the zone itself (names under an origin claimed by other files answer UNKNOWN); no root or
TLD zone but its own. Records below a delegation (an NS RRset at a non-apex name) are not the
parent's authoritative data: they are in ``zone.records`` but answer no lookup.

Names are absolute text; lookups fold ASCII case. Records keep rdata lazily: reading
``record.data`` (compact fields of hot types) is cheap, ``record.rdata`` builds a dnspython object.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .model import ROOT, TARGET_TYPES, Problem, Record, SourceFile, parent_name
from .ownerindex import Nonterminals, files_of, index_records, merge_index, records_by_type
from .values import FrozenValue

#: The target owns records in a loaded zone authoritative for it.
PRESENT = "present"
#: The target lies in a loaded zone authoritative for it, which has nothing at that name.
ABSENT = "absent"
#: The target lies outside every loaded zone (or below a delegation to a zone not loaded).
UNKNOWN = "unknown"
#: The target is the root ``.``: "service deliberately not offered" (RFC 2782).
ROOT_TARGET = "root"

ADDRESS_TYPES = ("A", "AAAA")


def folded_get(table: dict, name: str):
    """``table[name.lower()]`` or ``None``; a name in lower case (most are) is looked up as it is,
    with its hash computed once per string, and only a miss folds the case. (The hot lookups of
    :class:`RecordGraph` do the same inline.)"""
    cur = table.get(name)
    if cur is None:
        k = name.lower()
        if k != name:
            cur = table.get(k)
    return cur


class BaseInfo(FrozenValue):
    """What a zone's files looked like at a git base (``--serial-base REF``, or ``HEAD`` in a
    pre-commit run), computed by the core (:mod:`zonelint.gitbase`) so rules never shell out.

    ``existed`` is False for a file that is new since the base (no serial to compare);
    ``changed`` is True when the zone file or one of its ``$INCLUDE``s differs from the base;
    ``serial`` is the apex SOA serial at the base (``None`` when the base has no readable SOA).
    """

    __slots__ = ("ref", "existed", "changed", "serial")

    def __init__(self, ref: str, existed: bool, changed: bool, serial: int | None = None) -> None:
        self.ref = ref
        self.existed = existed
        self.changed = changed
        self.serial = serial


class ServedCopy(FrozenValue):
    """What a DNS server serves for a zone (``--compare axfr://SERVER/ZONE FILE``), transferred by
    the core before the rules run so that the drift rules (ZL020-ZL023) never open a socket.
    ``records`` are as served (located by ``uri``, owner and type)."""

    __slots__ = ("uri", "records")

    def __init__(self, uri: str, records: tuple[Record, ...]) -> None:
        self.uri = uri
        self.records = records


class Zone:
    """One loaded zone: its origin, the file it came from, and its in-zone records.

    - ``origin``: absolute origin text; ``None`` only for a file whose origin is unknown (ZL006),
      which then has no records.
    - ``problems``: what the loader found in this zone's files (parse errors, refused
      includes, ...).
    - ``files``: every file this zone was read from: the zone file first, then its ``$INCLUDE``s.
    - ``base``: the zone at the git base, when a base is set and the file is in a git repository
      (else ``None``): used by ZL607 serial-not-increased.
    - ``view``: the view (``views`` config table) this zone's file is in; ``None``: in no view.
    - ``served``: what a server serves for this zone (``--compare``), else ``None``: the drift
      rules' input.

    Zones compare by identity. (A plain class: a dataclass costs millions of instructions to
    build at every start, see :mod:`zonelint.values`.)"""

    #: where the zone's owner index is kept between runs (a
    #: :class:`~zonelint.ownerindex.KeptIndex`, only a lazy zone of a workspace has one)
    kept = None

    def __init__(
        self,
        origin: str | None,
        file: SourceFile,
        records: list[Record] | None = None,
        problems: list[Problem] | None = None,
        files: list[SourceFile] | None = None,
        base: BaseInfo | None = None,
        view: str | None = None,
        served: ServedCopy | None = None,
    ) -> None:
        self.origin = origin
        self.file = file
        self.records = [] if records is None else records
        self.problems = [] if problems is None else problems
        self.files = [] if files is None else files
        self.base = base
        self.view = view
        self.served = served
        self._by_type: dict[str, list[Record]] | None = None
        self._memo: dict = {}
        #: the graph this zone was added to (its owner index serves :meth:`multi_rrsets`)
        self._graph: RecordGraph | None = None
        #: owner keys where this zone added a second or later record to the graph's owner index
        self._shared_owners: list[str] = []
        #: records below a delegation point of this zone (they answer no lookup)
        self._below_cuts: list[Record] = []

    def memo(self, key, factory):
        """``factory()``, computed on the first call for ``key`` and stored on this zone; later
        calls (from any rule of the run) return the stored value. For derived data several rules
        share; never mutate the value returned."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = factory()
            return value

    @property
    def key(self) -> str:
        return (self.origin or "").lower()

    @property
    def loaded(self) -> bool:
        """True once the zone's records are in memory (always, except for a
        :class:`~zonelint.lazygraph.LazyZone`)."""
        return True

    def by_type(self, rdtype: str) -> list[Record]:
        """This zone's records of ``rdtype``, in file order."""
        if self._by_type is None:
            self._by_type = records_by_type(self.records)
        return self._by_type.get(rdtype, [])

    def multi_rrsets(self) -> list[list[Record]]:
        """The records that share owner (any case) and type with another record of this zone:
        one list per such ``(owner key, type)``, its records in file order, the lists in no
        particular order. Classes are not told apart (split by ``rdclass`` if it matters).
        Computed once per zone (shared by the RRset rules); do not mutate."""
        return self.memo("zonelint.graph.multi_rrsets", self._build_multi_rrsets)

    def _build_multi_rrsets(self) -> list[list[Record]]:
        if self._graph is not None:
            # the graph already groups records by owner: only owners with several records can
            # hold a multi-record RRset, so no new index over every record is needed
            return self._graph.multi_rrsets_of(self)
        groups: dict[tuple[str, str], Record | list[Record]] = {}
        multi: list[list[Record]] = []
        for rec in self.records:
            k = (rec.owner.lower(), rec.rdtype)
            cur = groups.get(k)
            if cur is None:
                groups[k] = rec
            elif type(cur) is list:
                cur.append(rec)
            else:
                lst = [cur, rec]
                groups[k] = lst
                multi.append(lst)
        return multi

    def apex(self, rdtype: str) -> list[Record]:
        """Records of ``rdtype`` at the zone apex."""
        k = self.key
        return [r for r in self.by_type(rdtype) if r.owner.lower() == k]

    def __repr__(self) -> str:
        return f"Zone({self.origin!r}, {self.file.display!r}, {len(self.records)} records)"


class RecordGraph:
    """All records of a run, indexed by owner and type, with zone authority and target edges."""

    def __init__(self, zones: Iterable[Zone] = (), problems: Iterable[Problem] = ()) -> None:
        self.zones: list[Zone] = []
        self.problems: list[Problem] = list(problems)
        # owner key -> Record, or a tuple of Records when it owns more than one
        self._nodes: dict[str, Record | tuple[Record, ...]] = {}
        # each indexed zone's empty non-terminals, by apex key; the only one when there is one
        self._nonterminals: dict[str, list[Nonterminals]] = {}
        # ``has`` of the only zone's non-terminals (most runs), else None: one call per question
        self._nonterminal_has = None
        self._apexes: dict[str, Zone] = {}
        # id of a file -> the first zone with records from it, filled from ``_files_pending`` (the
        # zones indexed since, with their files when known) on the first question that needs it
        # (:meth:`zone_of`, :meth:`index_zone`): a run of the command line never asks
        self._zone_of_file: dict[int, Zone] = {}
        self._files_pending: list[tuple[Zone, list | None]] = []
        self._by_type: dict[str, list[Record]] | None = None
        self._referrers: dict[str, Record | list[Record]] | None = None
        # names (keys) owning NS records below some loaded apex: delegation points
        self._cuts: set[str] = set()
        self._memo: dict = {}
        # origin keys answering UNKNOWN from this graph's perspective (see zonelint.views)
        self._opaque: frozenset[str] = frozenset()
        # the graph of the whole run (self, unless this is one zone's perspective of it)
        self._whole: RecordGraph = self
        self._perspectives = None
        self._scoped: dict = {}
        # what DNS answered about names (zonelint.dnsanswers), set on the whole graph
        self._dns = None
        for zone in zones:
            self.add_zone(zone)

    # -- building ---------------------------------------------------------------------------
    def add_zone(self, zone: Zone) -> None:
        """Add a loaded zone. The first zone loaded for an origin is the authoritative one."""
        self._take(zone)
        self.problems.extend(zone.problems)
        if zone.origin is None:
            return
        self._apexes.setdefault(zone.key, zone)
        self._index(zone)
        self._by_type = None
        self._referrers = None
        self._memo = {}

    def add_unloaded(self, zone: Zone) -> None:
        """Add a zone whose records are not loaded yet (a :class:`~zonelint.lazygraph.LazyZone`):
        it takes its place among ``zones`` and claims its apex; :meth:`index_zone` indexes its
        records (and adds its problems) once it is loaded."""
        self._take(zone)
        if zone.origin is not None:  # no records: nothing to look up
            self._apexes.setdefault(zone.key, zone)

    def _take(self, zone: Zone) -> None:
        self.zones.append(zone)
        if self._whole is self:
            zone._graph = self
            self._perspectives = None
            self._scoped = {}

    def index_zone(self, zone: Zone) -> None:
        """Index the records of a zone added with :meth:`add_unloaded`, now loaded, and add its
        problems. Records owning a name another zone also owns are put back in zone order, as a
        graph of loaded zones has them."""
        self.problems.extend(zone.problems)
        shared = self._index(zone, after_others=True)
        if shared:
            order = {id(z): i for i, z in enumerate(self.zones)}
            zone_of_file = self._file_zones()
            nodes = self._nodes
            for k in shared:
                nodes[k] = tuple(sorted(nodes[k], key=lambda r: order[id(zone_of_file[id(r.file)])]))

    @property
    def whole(self) -> "RecordGraph":
        """The graph of the whole run: this graph, unless it is one zone's perspective of it."""
        return self._whole

    def _index(self, zone: Zone, after_others: bool = False) -> list[str]:
        """Index ``zone``'s records by owner (:mod:`zonelint.ownerindex`); with ``after_others`` (a
        lazy zone loaded late), returns the owner keys that other zones hold too (their records may
        need putting in order)."""
        kept = zone.kept
        if kept is not None:  # merge the zone's kept index instead of walking its records
            idx = kept.index_of(zone)
            self._nodes, candidates = merge_index(self._nodes, idx)
            self._add_nonterminals(idx.nonterminals)
            self._cuts |= idx.cuts
            self._files_pending.append((zone, idx.files))
            if zone._by_type is None:
                zone._by_type = idx.by_type
            own = set(idx.shared)
            zone._shared_owners = idx.shared + [k for k in candidates if k not in own]
            zone._below_cuts = idx.hidden
        else:
            candidates, zone._below_cuts, nonterminals = index_records(
                zone, zone.records, zone.by_type("NS"), self._nodes, self._cuts)
            self._files_pending.append((zone, None))
            self._add_nonterminals(nonterminals)
            zone._shared_owners = candidates
        if not after_others:
            return []
        mine = {id(f) for f in zone.files} or {id(zone.file)}
        nodes = self._nodes
        return [k for k in candidates if any(id(r.file) not in mine for r in nodes[k])]

    def _file_zones(self) -> dict[int, Zone]:
        """``id`` of a file -> the first zone indexed with records from it (zones in the order
        they were indexed)."""
        pending = self._files_pending
        if pending:
            zone_of_file = self._zone_of_file
            for zone, files in pending:
                for f in files_of(zone.records) if files is None else files:
                    zone_of_file.setdefault(id(f), zone)
            pending.clear()
        return self._zone_of_file

    def _add_nonterminals(self, nonterminals: Nonterminals) -> None:
        self._nonterminals.setdefault(nonterminals.apex, []).append(nonterminals)
        only = len(self._nonterminals) == 1 and len(self._nonterminals[nonterminals.apex]) == 1
        self._nonterminal_has = nonterminals.has if only else None

    def _nonterminal(self, k: str) -> bool:
        """True when key ``k`` (which owns no record) is an empty non-terminal of a zone of the
        graph (at or below the zone's apex, with an owner of the zone below it)."""
        has = self._nonterminal_has
        if has is not None:
            return has(k)
        by_apex = self._nonterminals
        if not by_apex:
            return False
        q: str | None = k  # the zones whose apex is k or an ancestor of k
        while q is not None:
            found = by_apex.get(q)
            if found is not None:
                for nonterminals in found:
                    if nonterminals.has(k):
                        return True
            q = parent_name(q)
        return False

    def release(self) -> None:
        """Let go of the run: drop the references that tie the run's objects into cycles (each
        zone's link to this graph, the graph's link to itself and to its perspectives, the data
        rules memoised), so that plain reference counting frees the records as soon as nothing
        else holds them, without waiting for the cyclic garbage collector (the CLI keeps it off
        during a run and freezes what survives it). Call it once the rules are done: the graph
        answers no lookup afterwards."""
        whole = self._whole
        for graph in (whole, *whole._scoped.values()):
            for zone in graph.zones:
                zone._graph = None
                zone._memo = {}
                zone._by_type = None
            graph._memo = {}
            graph._scoped = {}
            graph._perspectives = None
            graph._by_type = None
            graph._referrers = None
            graph._whole = None

    # -- perspectives (zonelint.views) ---------------------------------------------------------
    def perspectives(self):
        """The :class:`~zonelint.views.Perspectives` of the run's zones (computed once)."""
        whole = self._whole
        if whole._perspectives is None:
            from .views import Perspectives

            whole._perspectives = Perspectives(whole.zones)
        return whole._perspectives

    def for_zone(self, zone: Zone) -> "RecordGraph":
        """The run as seen from ``zone`` (see :mod:`zonelint.views`): this graph when the zone
        sees every zone of the run, else a graph of the zones it sees (built once per distinct
        perspective and shared by every zone with that perspective)."""
        whole = self._whole
        persp = whole.perspectives()
        key = persp.key(zone)
        if key is None:
            return whole
        got = whole._scoped.get(key)
        if got is None:
            visible, opaque = persp.visible(zone)
            if len(visible) == len(whole.zones) and not opaque:
                got = whole
            else:
                got = type(whole)()
                got._whole = whole
                got._opaque = opaque
                for z in visible:
                    if z.loaded:
                        got.add_zone(z)
                    else:
                        got.add_unloaded(z)
            whole._scoped[key] = got
        return got

    def same_origin(self, zone: Zone) -> list[Zone]:
        """The other zones of the run with ``zone``'s origin, in any view, in run order."""
        return self.perspectives().same_origin(zone)

    def origin_conflicts(self, zone: Zone) -> list[Zone]:
        """The other zones of the run with ``zone``'s origin that share a view with it (the
        same view, or either in no view): ZL007 reports them; lookups cannot tell them apart."""
        return self.perspectives().conflicts(zone)

    def top_level(self, zone: Zone) -> bool:
        """True when ``zone`` is of origin ``.`` or a TLD in a run of several zones (ZL009)."""
        return self.perspectives().top_level(zone)

    def memo(self, key, factory):
        """``factory()``, computed on the first call for ``key`` and stored on the graph until a
        zone is added; later calls (from any rule of the run) return the stored value. For derived
        data that depends on the whole run; never mutate the value returned."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = factory()
            return value

    def forget(self, names) -> None:
        """Drop the memoised data named in ``names`` (a key, or the first item of a tuple key) from
        the whole run: its graph, the perspectives' graphs and every zone. The engine calls it once
        the last selected rule that reads the data (:attr:`~zonelint.rule.Rule.memos`) has run on
        every zone; a later ``memo`` call for it computes it again. The tables are replaced, not
        emptied: a kept zone's memo (:class:`~zonelint.ownerindex.KeptIndex`) keeps its data."""
        names = frozenset(names)

        def kept(memo: dict) -> dict:
            return {k: v for k, v in memo.items() if (k[0] if type(k) is tuple and k else k) not in names}

        whole = self._whole
        for graph in (whole, *whole._scoped.values()):
            if graph._memo:
                graph._memo = kept(graph._memo)
            for zone in graph.zones:
                if zone._memo:
                    zone._memo = kept(zone._memo)

    def multi_rrsets_of(self, zone: Zone) -> list[list[Record]]:
        """:meth:`Zone.multi_rrsets` from this graph's owner index (records of ``zone``'s files
        only), computed anew at each call: rules call ``zone.multi_rrsets()``, which keeps it."""
        files = {id(f) for f in zone.files} or {id(zone.file)}
        multi: list[list[Record]] = []
        nodes = self._nodes
        for key in zone._shared_owners:  # only owners where this zone has several records
            cur = nodes[key]
            if len(cur) == 2:  # most: one RRset of both, or none
                a, b = cur
                if a.rdtype == b.rdtype and id(a.file) in files and id(b.file) in files:
                    multi.append([a, b])
                continue
            by_type: dict[str, list[Record]] = {}
            for rec in cur:
                if id(rec.file) in files:
                    by_type.setdefault(rec.rdtype, []).append(rec)
            multi.extend(g for g in by_type.values() if len(g) > 1)
        if zone._below_cuts:  # not in the owner index: grouped here
            groups: dict[tuple[str, str], list[Record]] = {}
            for rec in zone._below_cuts:
                groups.setdefault((rec.owner.lower(), rec.rdtype), []).append(rec)
            multi.extend(g for g in groups.values() if len(g) > 1)
        return multi

    # -- lookups ----------------------------------------------------------------------------
    def records(self, rdtype: str | None = None) -> Iterator[Record]:
        """Every in-zone record (optionally only of ``rdtype``), zone by zone in file order."""
        if rdtype is None:
            for zone in self.zones:
                yield from zone.records
        else:
            yield from self.by_type(rdtype)

    def by_type(self, rdtype: str) -> list[Record]:
        """Every record of ``rdtype`` in the run (each zone's own index, concatenated once)."""
        if len(self.zones) == 1:
            return self.zones[0].by_type(rdtype)
        if self._by_type is None:
            self._by_type = {}
        found = self._by_type.get(rdtype)
        if found is None:
            found = self._by_type[rdtype] = [r for z in self.zones for r in z.by_type(rdtype)]
        return found

    # Lookups try the name as given first: a name in lower case (most are) is a key as it is,
    # with its hash computed once per string; only a miss folds the case.
    def rrs(self, name: str, rdtype: str | None = None) -> list[Record]:
        """The records ``name`` owns, optionally only of ``rdtype``."""
        nodes = self._nodes
        cur = nodes.get(name)
        if cur is None:
            k = name.lower()
            if k == name:
                return []
            cur = nodes.get(k)
            if cur is None:
                return []
        if type(cur) is tuple:
            if rdtype is None:
                return list(cur)
            found = []
            for r in cur:
                if r.rdtype == rdtype:
                    found.append(r)
            return found
        return [cur] if rdtype is None or cur.rdtype == rdtype else []

    def has_type(self, name: str, rdtype: str) -> bool:
        """True when ``name`` owns records of ``rdtype`` (``bool(rrs(name, rdtype))``, without
        building a list)."""
        nodes = self._nodes
        cur = nodes.get(name)
        if cur is None:
            k = name.lower()
            if k == name:
                return False
            cur = nodes.get(k)
            if cur is None:
                return False
        if type(cur) is tuple:
            for r in cur:
                if r.rdtype == rdtype:
                    return True
            return False
        return cur.rdtype == rdtype

    def names(self) -> Iterator[str]:
        """Every owner name (as first written) in the run."""
        for cur in self._nodes.values():
            yield cur[0].owner if type(cur) is tuple else cur.owner

    def exists(self, name: str) -> bool:
        """True when ``name`` owns records or is an empty non-terminal of a loaded zone."""
        nodes = self._nodes
        if name in nodes:
            return True
        k = name.lower()
        if k != name:
            if k in nodes:
                return True
        else:
            k = name  # its hash is known
        has = self._nonterminal_has
        return has(k) if has is not None else self._nonterminal(k)

    def wildcard_for(self, name: str) -> str | None:
        """The key of the wildcard (``*.<closest encloser>``) that would answer for ``name``,
        when ``name`` itself does not exist; ``None`` otherwise."""
        k = name.lower()
        if k == name:
            k = name  # its hash is known
        nodes = self._nodes
        nonterminal = self._nonterminal_has or self._nonterminal
        if k in nodes or nonterminal(k):
            return None
        apexes = self._apexes
        p = parent_name(k)
        while p is not None:
            wild = "*." + p if p != ROOT else "*."
            if wild in nodes:
                return wild
            if p in nodes or p in apexes or nonterminal(p):
                return None
            p = parent_name(p)
        return None

    def has_address(self, name: str) -> bool:
        """True when ``name`` (or the wildcard answering for it) owns A or AAAA records."""
        nodes = self._nodes
        cur = nodes.get(name)
        if cur is None:
            k = name.lower()
            if k != name:
                cur = nodes.get(k)
        if cur is None:  # no records: the wildcard answering for it, if any (not for an ENT)
            wild = self.wildcard_for(name)
            if wild is None:
                return False
            cur = nodes.get(wild)
            if cur is None:  # pragma: no cover - wildcard_for names an owner of the index
                return False
        if type(cur) is not tuple:
            return cur.rdtype in ADDRESS_TYPES
        for r in cur:
            if r.rdtype in ADDRESS_TYPES:
                return True
        return False

    def zone_for(self, name: str) -> Zone | None:
        """The loaded zone authoritative for ``name``; ``None`` when it is outside every loaded
        zone or at/below a delegation to a zone that is not loaded."""
        cut = False
        anc: str | None = name.lower()
        opaque, apexes, cuts = self._opaque, self._apexes, self._cuts
        while anc is not None:  # the name, then each ancestor, root last
            if opaque and anc in opaque:
                return None  # claimed by several files of the run, none of them the asking zone
            zone = apexes.get(anc)
            if zone is not None:
                return None if cut else zone
            if anc in cuts:
                cut = True
            anc = parent_name(anc)
        return None

    def zone_of(self, record: Record) -> Zone | None:
        """The zone ``record`` was loaded in."""
        return self._file_zones().get(id(record.file)) or self.zone_for(record.owner)

    def set_dns_answers(self, answers) -> None:
        """Attach what DNS answered (a :class:`zonelint.dnsanswers.DnsAnswers`) to the run; every
        perspective of it reads the same table."""
        self._whole._dns = answers

    def dns_answer(self, name: str):
        """What DNS answered about ``name`` (a :class:`zonelint.dnsanswers.Answer`), or ``None``
        when it was not looked up (no ``--resolve``, or a name inside a loaded zone)."""
        table = self._whole._dns
        return None if table is None else table.get(name)

    def target_status(self, name: str) -> str:
        """:data:`ROOT` for ``.``; :data:`UNKNOWN` outside every loaded zone (or delegated away),
        or for a name whose lookup went unanswered (``zonelint live``); :data:`PRESENT` when the
        name exists (a covering wildcard counts); else :data:`ABSENT`."""
        if name == ROOT:
            return ROOT_TARGET
        answer = None
        table = self._whole._dns
        if table is not None:
            answer = table.get(name)
            if answer is not None and not answer.known:
                return UNKNOWN  # queried, no answer: never a false "absent"
        if self.zone_for(name) is None:
            return UNKNOWN
        if self.exists(name) or self.wildcard_for(name) is not None:
            return PRESENT
        if answer is not None and not answer.nxdomain:
            return PRESENT  # DNS says it exists (zonelint live: names with other data only)
        return ABSENT

    def edges(self) -> Iterator[tuple[Record, str]]:
        """``(record, target)`` for every record that points at a name."""
        for rdtype in TARGET_TYPES:
            for rec in self.by_type(rdtype):
                t = rec.target
                if t is not None:
                    yield rec, t

    def referrers(self, name: str) -> list[Record]:
        """The records whose target is ``name``."""
        if self._referrers is None:
            # target key -> record, or list of records when several point at it (as _nodes);
            # a key equal to its target text is that text (no second string). The records of
            # edges(), their target read from ``data`` as ``Record.target`` does
            idx: dict[str, Record | list[Record]] = {}
            for rdtype, i in TARGET_TYPES.items():
                for rec in self.by_type(rdtype):
                    data = rec.data
                    if data is None:
                        continue
                    t = data[i]
                    if t is None:
                        continue
                    k = t.lower()
                    if k == t:
                        k = t
                    cur = idx.get(k)
                    if cur is None:
                        idx[k] = rec
                    elif type(cur) is list:
                        cur.append(rec)
                    else:
                        idx[k] = [cur, rec]
            self._referrers = idx
        cur = folded_get(self._referrers, name)
        return [] if cur is None else list(cur) if type(cur) is list else [cur]

    def __len__(self) -> int:
        return sum(len(z.records) for z in self.zones)
