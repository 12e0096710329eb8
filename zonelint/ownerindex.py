"""The owner index of a record graph: how a zone's records are indexed by owner name.

:class:`~zonelint.graph.RecordGraph` keeps, for the whole run, ``nodes`` (owner key -> the
record, or the list of records when the name owns several), ``ents`` (empty non-terminals:
ancestors of owners up to the apex), the delegation points found (``cuts``) and which zone each
file's records belong to. :func:`index_records` adds one zone's records to those tables; what
lies below a delegation point of the zone (glue, occluded names) is not the zone's authoritative
data and is left out (returned apart).

A holder of loaded zones that lints against them again and again (:mod:`zonelint.workspace`,
for the language server) keeps each zone's part of the index (:class:`ZoneIndex`) in a
:class:`KeptIndex`, so a large zone is walked once, not once per lint; :func:`merge_index` puts a
kept index into a graph's tables in one dictionary merge. The graph's lists of several records
are shared with a kept index until the graph would extend one: then it is copied
(:func:`unborrow`), so a kept index never changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from .model import ROOT, Record, parent_name
from .values import Value

if TYPE_CHECKING:
    from .graph import Zone


def records_by_type(records: Iterable[Record]) -> dict[str, list[Record]]:
    """``records`` grouped by type, each group in the given order."""
    index: dict[str, list[Record]] = {}
    for rec in records:
        lst = index.get(rec.rdtype)
        if lst is None:
            index[rec.rdtype] = [rec]
        else:
            lst.append(rec)
    return index


def below_cut(k: str, apex_len: int, cuts: set[str]) -> bool:
    """True when key ``k`` lies strictly below one of ``cuts`` (keys below an apex of length
    ``apex_len``): one of its proper ancestors below the apex is a cut."""
    if "\\" in k:  # escaped dots: walk the labels properly
        p = parent_name(k)
        while p is not None and len(p) > apex_len:
            if p in cuts:
                return True
            p = parent_name(p)
        return False
    stop = len(k) - apex_len - 1  # an ancestor's text starts after a dot before the apex
    i = k.find(".")
    while 0 <= i < stop:
        if k[i + 1 :] in cuts:
            return True
        i = k.find(".", i + 1)
    return False


def index_records(zone: "Zone", records: list[Record], ns_records: list[Record], nodes: dict,
                  ents: set, cuts_found: set, zone_of_file: dict) -> tuple[list[str], list[Record]]:
    """Add ``records`` (the records of ``zone``, whose NS records are ``ns_records``) to a graph's
    owner index: ``nodes``, ``ents``, ``cuts_found`` (the zone's delegation points that own
    records) and ``zone_of_file`` (``id`` of a file -> ``zone``, first zone wins). Returns the
    owner keys where the zone added a second (or later) record, and the records below a
    delegation point of the zone (they answer no lookup, so they are not indexed)."""
    apex = zone.key
    shared: dict[str, None] = {}  # owner keys where this zone adds a second (or later) record
    # delegation points of this zone: what lies below one is not its authoritative data (glue,
    # occluded names), so it answers no lookup
    cuts = {r.owner.lower() for r in ns_records}
    cuts.discard(apex)
    apex_len = len(apex)
    hidden: list[Record] = []
    # parent key -> it is a delegation point or lies below one: most owners share a parent
    below_parent: dict[str, bool] = {}
    # records of one owner (and of one file) follow each other: their owner key, its parent, its
    # place below a cut and their file's zone are worked out once per run of them
    owner = file = k = parent = None
    below = False
    for rec in records:
        if rec.file is not file:
            file = rec.file
            zone_of_file.setdefault(id(file), zone)
        if rec.owner is not owner:
            owner = rec.owner
            k = owner.lower()
            if k == owner:
                k = owner
            if "\\" in k:  # escaped dots: walk the labels properly
                parent = parent_name(k)
                if cuts:
                    below = below_cut(k, apex_len, cuts)
            else:
                j = k.find(".")  # parent_name(k), inline
                parent = (k[j + 1 :] or ROOT) if j >= 0 and k != ROOT else parent_name(k)
                if cuts:
                    below = below_parent.get(parent)
                    if below is None:
                        below = below_parent[parent] = (
                            parent is not None and len(parent) > apex_len
                            and (parent in cuts or below_cut(parent, apex_len, cuts))
                        )
        if below:
            hidden.append(rec)
            continue
        cur = nodes.get(k)
        if cur is None:
            nodes[k] = rec
            # mark ancestors up to the apex as (possibly empty) non-terminals
            p = parent
            while p is not None and p not in ents and len(p) >= apex_len:
                ents.add(p)
                if p == apex:
                    break
                p = parent_name(p)
        elif type(cur) is list:
            cur.append(rec)
            shared[k] = None
        else:
            nodes[k] = [cur, rec]
            shared[k] = None
    # a delegation point owns NS records of the zone: indexed unless it lies below another one
    cuts_found.update(c for c in cuts if not below_cut(c, apex_len, cuts))
    return list(shared), hidden


class ZoneIndex(Value):
    """One zone's part of a graph's owner index, built for the zone alone (what
    :func:`index_records` adds for it), with its by-type index. Kept in a :class:`KeptIndex`.
    Read only. ``shared``: the owner keys with several records in the zone (their lists are
    copied into a graph); ``hidden``: the records below a delegation point."""

    __slots__ = ("apex", "nodes", "ents", "cuts", "shared", "hidden", "files", "by_type")

    def __init__(self, apex: str, nodes: dict, ents: set, cuts: set, shared: list, hidden: list,
                 files: list, by_type: dict) -> None:
        self.apex = apex
        self.nodes = nodes
        self.ents = ents
        self.cuts = cuts
        self.shared = shared
        self.hidden = hidden
        self.files = files
        self.by_type = by_type

    @classmethod
    def build(cls, zone: "Zone") -> "ZoneIndex":
        records = zone.records
        by_type = records_by_type(records)
        nodes: dict = {}
        ents: set = set()
        cuts: set = set()
        shared, hidden = index_records(zone, records, by_type.get("NS", []), nodes, ents, cuts, {})
        files = list({id(r.file): r.file for r in records}.values())
        return cls(zone.key, nodes, ents, cuts, shared, hidden, files, by_type)


class KeptIndex:
    """Where a zone's :class:`ZoneIndex` is kept between runs (``value`` is ``None`` until a graph
    needs it), with the zone's :meth:`~zonelint.graph.Zone.memo` data (derived from the zone
    alone, so valid for as long as its records are); hand it to
    :meth:`~zonelint.lazygraph.LazyRecordGraph.add_lazy` with the zone's loader, and make a new
    one when the zone is loaded again."""

    __slots__ = ("value", "memo")

    def __init__(self) -> None:
        self.value: ZoneIndex | None = None
        self.memo: dict = {}

    def index_of(self, zone: "Zone") -> ZoneIndex:
        """The zone's index: the kept one, else built now and kept."""
        idx = self.value
        if idx is None or idx.apex != zone.key:
            idx = self.value = ZoneIndex.build(zone)
        return idx


def borrowed(kept: list[ZoneIndex], k: str, cur) -> bool:
    """``cur`` (a graph's entry for owner key ``k``) is a list of one of the ``kept`` indexes."""
    return any(idx.nodes.get(k) is cur for idx in kept)


def unborrow(nodes: dict, records: Iterable[Record], kept: list[ZoneIndex]) -> None:
    """Copy the lists of ``nodes`` shared with a ``kept`` index that indexing ``records`` is about
    to extend."""
    for rec in records:
        k = rec.owner.lower()
        cur = nodes.get(k)
        if type(cur) is list and borrowed(kept, k, cur):
            nodes[k] = list(cur)


def merge_index(nodes: dict, idx: ZoneIndex, kept: list[ZoneIndex]) -> tuple[dict, list[str]]:
    """Merge the owner entries of ``idx`` into ``nodes`` (a graph whose lists may be shared with
    the ``kept`` indexes merged before): returns the merged table (``nodes`` itself, or a copy of
    the larger ``idx.nodes`` with ``nodes`` added) and the owner keys both held, sorted. A list
    of ``idx`` or of a kept index is copied before it is extended."""
    theirs_nodes = idx.nodes
    if len(nodes) < len(theirs_nodes):  # copy the large index whole, then add the few
        common = sorted(k for k in nodes if k in theirs_nodes)
        merged = theirs_nodes.copy()
        for k, cur in nodes.items():
            if k not in theirs_nodes:
                merged[k] = cur
    else:
        common = sorted(k for k in theirs_nodes if k in nodes)
        merged = nodes
    before = [(k, nodes[k]) for k in common]
    if merged is nodes:
        nodes.update(theirs_nodes)
    for k, cur in before:
        if type(cur) is not list:
            mine = [cur]
        elif borrowed(kept, k, cur):
            mine = list(cur)
        else:
            mine = cur
        theirs = theirs_nodes[k]
        mine.extend(theirs if type(theirs) is list else (theirs,))
        merged[k] = mine
    return merged, common
