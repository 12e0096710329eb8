"""Lazily loaded zones and the record graph that loads them on first use.

Under ``-j N`` each process loads only its share of the files (:mod:`zonelint.shard`) and knows
the run's other zones by origin; the language server (:mod:`zonelint.workspace`) lints a buffer
against a workspace's zones kept in memory, each with its kept owner index
(:class:`~zonelint.ownerindex.KeptIndex`). Both add those zones to a :class:`LazyRecordGraph` as
:class:`LazyZone` objects: a lookup loads (and indexes) the zones it needs, so every answer is
the one a :class:`~zonelint.graph.RecordGraph` of loaded zones gives.
"""

from __future__ import annotations

from typing import Iterator

from .graph import RecordGraph, Zone
from .model import TARGET_TYPES, Record, parent_name
from .ownerindex import KeptIndex


class LazyZone(Zone):
    """A zone known by its origin, its records loaded on first use (see :class:`LazyRecordGraph`).
    Reading ``records``, ``problems``, ``files`` or ``file`` loads it; ``loaded`` says whether
    that happened."""

    def __init__(self, origin: str | None, loader, ref=None, kept: KeptIndex | None = None) -> None:
        # only what the graph needs before loading: records, problems, files and file come later
        self.origin = origin
        #: the zone's index kept between runs (see :class:`KeptIndex`), or None
        self.kept = kept
        #: how :meth:`LazyRecordGraph.point_at` names this zone (None: it does not)
        self.ref = ref
        self.base = None
        self.view = None
        self.served = None
        self._by_type = None
        self._memo = kept.memo if kept is not None else {}
        self._graph = None
        self._shared_owners = []
        self._below_cuts = []
        self._loader = loader

    @property
    def loaded(self) -> bool:
        return "records" in self.__dict__

    def __getattr__(self, attr):  # called only for attributes not set yet
        if attr in ("records", "problems", "files", "file"):
            graph = self.__dict__.get("_graph")
            if isinstance(graph, LazyRecordGraph):
                graph._load(self)
            else:
                self._fill()
            return self.__dict__[attr]
        raise AttributeError(attr)

    def _fill(self) -> None:
        lz = self._loader()
        self.file = lz.file
        self.records = lz.records
        self.problems = lz.problems
        self.files = lz.files

    def __repr__(self) -> str:
        if not self.loaded:
            return f"LazyZone({self.origin!r}, not loaded)"
        return super().__repr__()


class LazyRecordGraph(RecordGraph):
    """A record graph some of whose zones are known only by origin until a lookup needs them.

    Under ``-j N`` each process loads only its share of the files (:mod:`zonelint.shard`) and
    adds the run's other zones with :meth:`add_lazy`. A lookup about a name first loads every
    lazy zone whose apex is that name or one of its ancestors (a record lies at or below its
    zone's apex), and a question about the whole run (``names()``, ``records()``, ...) loads
    them all, so every answer is the one a graph of loaded zones gives."""

    def __init__(self) -> None:
        super().__init__()
        # apex key -> lazy zones not indexed in this graph yet
        self._pending: dict[str, list[LazyZone]] = {}
        # name keys whose possible zones are all indexed (so lookups need not check again)
        self._ensured: set[str] = set()
        # ref -> lazy zone of this graph (see point_at)
        self._by_ref: dict = {}
        # name key -> refs of the lazy zones pointing at it from outside their apex (point_at)
        self._pointing: dict | None = None
        # name key -> [(type rank, zone position, position in the zone, record)], built on the
        # first referrers() call from the zones indexed so far, then kept up to date
        self._refs: dict[str, list] | None = None
        self._refs_sorted: set[str] = set()

    def add_lazy(self, origin: str | None, loader, ref=None, kept: KeptIndex | None = None) -> LazyZone:
        """Add a zone of the run known only by its origin; ``loader()`` gives its loaded zone (an
        object with ``file``, ``records``, ``problems`` and ``files``) when a lookup needs it.
        ``ref`` names the zone for :meth:`point_at`. ``kept``: where the zone's index is kept
        between runs (:class:`KeptIndex`), for a caller that loads the zone once and builds many
        graphs of it. Zones keep the order they were added in, lazy ones included."""
        zone = LazyZone(origin, loader, ref, kept)
        self.add_unloaded(zone)
        return zone

    def point_at(self, pointing: dict) -> None:
        """Say which lazy zones hold records pointing at a name (an SRV, MX, NS, CNAME, DNAME,
        PTR or NAPTR target) outside their own apex: ``{name key: [ref, ...]}``. Then
        :meth:`referrers` loads only those zones (a zone pointing at a name below its own apex
        is loaded anyway, as for any lookup about the name); without it, it loads every zone."""
        self._pointing = pointing

    def add_zone(self, zone: Zone) -> None:
        super().add_zone(zone)
        self._refs = None

    def add_unloaded(self, zone: LazyZone) -> None:
        super().add_unloaded(zone)
        if zone.ref is not None:
            self._by_ref[zone.ref] = zone
        if zone.origin is None:  # no records: nothing to look up, loaded when asked for
            return
        self._pending.setdefault(zone.key, []).append(zone)
        self._ensured.clear()

    def _load(self, zone: LazyZone) -> None:
        """Load a lazy zone (once) and index its records in this graph (records owning a name
        another zone also owns are put back in zone order, as a graph of loaded zones has them)."""
        if not zone.loaded:
            zone._fill()
        pending = self._pending.get(zone.key)
        if pending is None or zone not in pending:
            return  # indexed already (a zone may be in the whole graph and in perspectives of it)
        pending.remove(zone)
        if not pending:
            del self._pending[zone.key]
        self.index_zone(zone)
        if self._refs is not None:
            self._index_refs(zone, self.zones.index(zone))

    def _indexed(self, zone: Zone) -> bool:
        """The zone's records are in this graph's indexes (not a lazy zone waiting here)."""
        if not isinstance(zone, LazyZone):
            return True
        if zone.origin is None:
            return zone.loaded
        return zone not in self._pending.get(zone.key, ())

    def _index_refs(self, zone: Zone, position: int) -> None:
        refs = self._refs
        for rank, rdtype in enumerate(TARGET_TYPES):
            for seq, rec in enumerate(zone.by_type(rdtype)):
                t = rec.target
                if t is not None:
                    k = t.lower()
                    refs.setdefault(k, []).append((rank, position, seq, rec))
                    self._refs_sorted.discard(k)

    def referrers(self, name: str) -> list[Record]:
        k = name.lower()
        whole = self.whole
        pointing = whole._pointing if isinstance(whole, LazyRecordGraph) else None
        if pointing is None:
            self._ensure_all()
        else:
            self._ensure(k)
            for ref in pointing.get(k, ()):
                zone = self._by_ref.get(ref)
                if zone is not None:
                    self._load(zone)
        if self._refs is None:
            self._refs = {}
            self._refs_sorted = set()
            for position, zone in enumerate(self.zones):
                if self._indexed(zone):
                    self._index_refs(zone, position)
        found = self._refs.get(k)
        if not found:
            return []
        if k not in self._refs_sorted:  # as RecordGraph.referrers orders them: type, zone, file
            found.sort(key=lambda e: e[:3])
            self._refs_sorted.add(k)
        return [e[3] for e in found]

    def _ensure(self, k: str) -> None:
        """Load every lazy zone that may hold records at or above key ``k`` (its apex is ``k`` or
        an ancestor of ``k``): afterwards every lookup about ``k``, its ancestors and its covering
        wildcards is complete."""
        if not self._pending or k in self._ensured:
            return
        pending = self._pending
        p: str | None = k
        while p is not None:
            waiting = pending.get(p)
            if waiting:
                for z in list(waiting):
                    self._load(z)
            p = parent_name(p)
        self._ensured.add(k)

    def _ensure_all(self) -> None:
        for waiting in list(self._pending.values()):
            for z in list(waiting):
                self._load(z)

    def multi_rrsets_of(self, zone: Zone) -> list[list[Record]]:
        if isinstance(zone, LazyZone):
            self._load(zone)
        return super().multi_rrsets_of(zone)

    # -- lookups: load what they need, then answer as the graph does ----------------------
    def rrs(self, name: str, rdtype: str | None = None) -> list[Record]:
        self._ensure(name.lower())
        return super().rrs(name, rdtype)

    def has_type(self, name: str, rdtype: str) -> bool:
        self._ensure(name.lower())
        return super().has_type(name, rdtype)

    def names(self) -> Iterator[str]:
        self._ensure_all()
        return super().names()

    def exists(self, name: str) -> bool:
        self._ensure(name.lower())
        return super().exists(name)

    def wildcard_for(self, name: str) -> str | None:
        self._ensure(name.lower())
        return super().wildcard_for(name)

    def has_address(self, name: str) -> bool:
        self._ensure(name.lower())
        return super().has_address(name)

    def zone_for(self, name: str) -> Zone | None:
        self._ensure(name.lower())
        return super().zone_for(name)
