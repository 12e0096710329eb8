"""The owner index of a record graph: how a zone's records are indexed by owner name.

:class:`~zonelint.graph.RecordGraph` keeps, for the whole run, ``nodes`` (owner key -> the
record, or a tuple of the records when the name owns several, in zone order then file order),
each zone's empty non-terminals (:class:`Nonterminals`), the delegation points found (``cuts``)
and which zone each file's records belong to. :func:`index_records` adds one zone's records to
those tables in one pass; what lies below a delegation point of the zone (glue, occluded names)
is not the zone's authoritative data and is left out (returned apart).

A holder of loaded zones that lints against them again and again (:mod:`zonelint.workspace`,
for the language server) keeps each zone's part of the index (:class:`ZoneIndex`) in a
:class:`KeptIndex`, so a large zone is walked once, not once per lint; :func:`merge_index` puts a
kept index into a graph's tables in one dictionary merge. Entries are records or tuples, never
changed once stored (a graph that adds records to a name stores a new tuple), so a graph and a
kept index can share them.
"""

from __future__ import annotations

from collections.abc import Iterable

from operator import attrgetter

from .model import ROOT, Record, parent_name
from .values import Value

TYPE_CHECKING = False  # typing.TYPE_CHECKING: typing is not imported at start-up
if TYPE_CHECKING:
    from .graph import Zone


_PLACE = attrgetter("place")


def records_by_type(records: Iterable[Record]) -> dict[str, list[Record]]:
    """``records`` grouped by type, each group in the given order."""
    index: dict[str, list[Record]] = {}
    rdtype = lst = None
    for rec in records:
        t = rec.rdtype
        if t is not rdtype:  # records of one type often follow each other
            rdtype = t
            lst = index.get(t)
            if lst is None:
                lst = index[t] = []
        lst.append(rec)
    return index


def files_of(records: Iterable[Record]) -> list:
    """The files ``records`` were read from, each once, in no particular order (one look at each
    record's shared place, not at each record's file)."""
    return list({id(place.file): place.file for place in set(map(_PLACE, records))}.values())


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


class Nonterminals:
    """The empty non-terminals of one zone: the names at or below its apex that own no record
    but have an owner of the zone below them (``_tcp.example.com.`` when only
    ``_sip._tcp.example.com.`` owns records). Records below a delegation point make none.

    Not a set of those names (a million-record zone has ~350k of them, ~45 bytes a record): an
    open-addressing table of ``hash(name)`` -> an owner key below the name (a string the owner
    index holds anyway), which proves the answer: :meth:`has` says yes only when the owner found
    ends with ``"." + name``, so a hash collision can cost a probe, never a wrong answer. Names
    with a backslash (escaped dots do not separate labels) are kept as names (``escaped``).
    Read only once built."""

    __slots__ = ("apex", "apex_len", "table", "escaped", "root", "has")

    def __init__(self, apex: str, table: list, escaped: set[str], root: bool) -> None:
        self.apex = apex
        self.apex_len = len(apex)
        self.table = table
        #: non-terminals found from owners with a backslash (their labels walked exactly)
        self.escaped = escaped
        #: the root is a non-terminal of the zone (a root zone with owners below it)
        self.root = root
        #: ``has(k)``: True when key ``k`` (a name that owns no record) is an empty non-terminal
        #: of the zone: at or below its apex, with an owner of the zone below it (a closure:
        #: rules ask hundreds of thousands of times)
        self.has = _prober(table, len(apex), escaped, root)

    @classmethod
    def build(cls, apex: str, below: dict, owners: dict, escaped: set[str]) -> "Nonterminals":
        """From ``below`` (name key -> an owner key below it, for the names the walk of
        :func:`index_records` met; other values are ignored), leaving out the names in
        ``owners`` (owner keys: they exist anyway)."""
        names = [p for p, rep in below.items()
                 if rep is not True and rep is not False and p not in owners]
        size = 8
        while size * 2 < len(names) * 3:  # at most 2/3 full (sized from the names: 4 MiB at 1M)
            size *= 2
        table: list = [None] * size
        mask = size - 1
        for p in names:
            i = hash(p) & mask
            while table[i] is not None:
                i = (i + 1) & mask
            table[i] = below[p]
        root = below.get(ROOT)  # "." + ROOT ends no owner key: said by a flag
        return cls(apex, table, escaped, root is not None and root is not True and root is not False)

    def __len__(self) -> int:
        return len(self.table) - self.table.count(None) + (1 if self.root else 0) + len(self.escaped)


def _prober(table: list, apex_len: int, escaped: set[str], root: bool):
    """:attr:`Nonterminals.has` of a table (see :class:`Nonterminals`)."""
    mask = len(table) - 1

    def has(k: str) -> bool:
        if len(k) < apex_len:
            return False
        i = hash(k) & mask
        rep = table[i]
        if rep is not None:
            dotted = "." + k
            while rep is not None:
                # an owner of the zone ending in "." + k lies below k, and k lies at or below the
                # apex (both are ancestors of that owner, k is not shorter): k is a non-terminal.
                # An owner of the table has no backslash: a name with one is never found here
                if rep.endswith(dotted):
                    return True
                i = (i + 1) & mask
                rep = table[i]
        return (k in escaped) if escaped else (root and k == ROOT)

    return has


def _climb(below: dict, k: str, p: str, cuts: set[str], apex_len: int) -> bool:
    """Whether owner key ``k`` (no backslash) lies below a delegation point: its parent ``p``
    (``""`` for the root) is a cut or lies below one. Records the answer for ``p`` and for the
    ancestors walked in ``below`` (True: at or below a cut; False: not, with no visible owner
    below it met yet; an owner key: not, and that owner lies below it); when ``k`` is visible,
    ``k`` becomes the owner below each ancestor that had none."""
    if not p:
        p = ROOT
    elif len(p) > apex_len and p not in cuts:  # most: a new name whose parent is known
        st = below.get(p.partition(".")[2])
        if st and st is not True:
            below[p] = k
            return False
    chain = []  # p and its ancestors up to the first one known (at most up to the apex)
    q = p
    while len(q) >= apex_len:
        st = below.get(q)
        if st:
            if st is True:  # at or below a cut: so is all the chain
                for q in chain:
                    below[q] = True
                return True
            break  # an owner below it: it is neither a cut nor below one, nor its ancestors
        chain.append(q)
        if q == ROOT:
            break
        q = q.partition(".")[2] or ROOT
    if cuts and not cuts.isdisjoint(chain):  # the topmost cut of the chain hides what is below it
        for i in range(len(chain) - 1, -1, -1):
            if chain[i] in cuts and len(chain[i]) > apex_len:
                for q in chain[: i + 1]:
                    below[q] = True
                for q in chain[i + 1 :]:
                    if below.get(q) is None:
                        below[q] = False
                return True
    for q in chain:
        below[q] = k
    return False


def _escaped_owner(k: str, apex: str, apex_len: int, cuts: set[str], escaped: set[str]) -> bool:
    """Whether owner key ``k`` (with a backslash) lies below a delegation point; when it does
    not, its ancestors at or below the apex go into ``escaped`` (labels walked exactly)."""
    if cuts and below_cut(k, apex_len, cuts):
        return True
    p = parent_name(k)
    while p is not None and p not in escaped and len(p) >= apex_len:
        escaped.add(p)
        if p == apex:
            break
        p = parent_name(p)
    return False


def index_records(zone: "Zone", records: list[Record], ns_records: list[Record], nodes: dict,
                  cuts_found: set, zone_of_file: dict | None = None) -> tuple[list[str], list[Record], Nonterminals]:
    """Add ``records`` (the records of ``zone``, whose NS records are ``ns_records``) to a graph's
    owner index: ``nodes``, ``cuts_found`` (the zone's delegation points that own records) and,
    when given, ``zone_of_file`` (``id`` of a file -> ``zone``, first zone wins; a graph fills it
    only when asked, from :func:`files_of`). Returns the owner keys where
    the zone added a second (or later) record, the records below a delegation point of the zone
    (they answer no lookup, so they are not indexed) and the zone's empty non-terminals."""
    apex = zone.key
    apex_len = len(apex)
    # delegation points of this zone: what lies below one is not its authoritative data (glue,
    # occluded names), so it answers no lookup
    cuts = {r.owner.lower() for r in ns_records}
    cuts.discard(apex)
    shared: dict[str, None] = {}  # owner keys where this zone adds a second (or later) record
    grow: dict[str, list[Record]] = {}  # owner key held before this run of it -> its records
    hidden: list[Record] = []
    # name key -> what _climb found: most owners share a parent, worked out once per parent
    below: dict = {}
    escaped: set[str] = set()
    climb = _climb
    # records of one owner follow each other (one owner string): their key, their place below
    # a cut and their entry are worked out once per run of them; a run's further records go to
    # ``more`` (the run's own list, stored as a tuple when the run ends, when ``fresh``)
    if zone_of_file is not None:
        for f in files_of(records):
            zone_of_file.setdefault(id(f), zone)
    owner = k = more = None
    fresh = hide = False
    for rec in records:
        o = rec.owner
        if o is owner:
            if more is not None:
                more.append(rec)
            elif hide:
                hidden.append(rec)
            else:  # the run's second record: its first is the entry
                more = [nodes[k], rec]
                fresh = True
                shared[k] = None
            continue
        if fresh:
            nodes[k] = tuple(more)
            fresh = False
        more = None
        owner = o
        k = o.lower()
        if k == o:
            k = o
        if "\\" in k:
            hide = _escaped_owner(k, apex, apex_len, cuts, escaped)
        else:
            label, dot, p = k.partition(".")  # p: "" for a top-level name (the root)
            if label and dot:
                st = below.get(p)  # an owner key below p (visible), True (hidden), False/None
                hide = climb(below, k, p, cuts, apex_len) if not st else st is True
            elif k == ROOT:
                hide = False
            else:
                hide = climb(below, k, parent_name(k), cuts, apex_len)
        if hide:
            hidden.append(rec)
            continue
        cur = nodes.setdefault(k, rec)
        if cur is not rec:  # held before this run: by another zone, or by an earlier run
            more = grow.get(k)
            if more is None:
                more = grow[k] = [*cur, rec] if type(cur) is tuple else [cur, rec]
            else:
                more.append(rec)
            shared[k] = None
    if fresh:
        nodes[k] = tuple(more)
    for key, lst in grow.items():
        nodes[key] = tuple(lst)
    # a delegation point owns NS records of the zone: indexed unless it lies below another one
    cuts_found.update(c for c in cuts if not below_cut(c, apex_len, cuts))
    return list(shared), hidden, Nonterminals.build(apex, below, nodes, escaped)


class ZoneIndex(Value):
    """One zone's part of a graph's owner index, built for the zone alone (what
    :func:`index_records` adds for it), with its by-type index. Kept in a :class:`KeptIndex`.
    Read only. ``shared``: the owner keys with several records in the zone; ``hidden``: the
    records below a delegation point; ``nonterminals``: its :class:`Nonterminals`."""

    __slots__ = ("apex", "nodes", "nonterminals", "cuts", "shared", "hidden", "files", "by_type")

    def __init__(self, apex: str, nodes: dict, nonterminals: Nonterminals, cuts: set, shared: list,
                 hidden: list, files: list, by_type: dict) -> None:
        self.apex = apex
        self.nodes = nodes
        self.nonterminals = nonterminals
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
        cuts: set = set()
        shared, hidden, nonterminals = index_records(zone, records, by_type.get("NS", []), nodes, cuts)
        files = files_of(records)
        return cls(zone.key, nodes, nonterminals, cuts, shared, hidden, files, by_type)


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


def merge_index(nodes: dict, idx: ZoneIndex) -> tuple[dict, list[str]]:
    """Merge the owner entries of ``idx`` into ``nodes``: returns the merged table (``nodes``
    itself, or a copy of the larger ``idx.nodes`` with ``nodes`` added) and the owner keys both
    held, sorted; their entries become new tuples (the records of ``nodes`` first)."""
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
        theirs = theirs_nodes[k]
        merged[k] = (cur if type(cur) is tuple else (cur,)) + (theirs if type(theirs) is tuple else (theirs,))
    return merged, common
