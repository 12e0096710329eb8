"""The owner index answers as a plain model of the zones does: empty non-terminals at every depth
(kept as a hash table of owners below them, not as a set of names), names differing only in
case, delegations with glue and occluded names below them, wildcards, names with escaped dots,
and zones of one run nesting inside each other; built directly, from kept indexes (the language
server, ``-j`` workers) and from lazy zones loaded in any order."""

from __future__ import annotations

import random

import pytest

from zonelint.graph import RecordGraph, Zone
from zonelint.lazygraph import LazyRecordGraph
from zonelint.model import ROOT, Record, SourceFile, parent_name
from zonelint.ownerindex import KeptIndex, Nonterminals

DATA = {"A": "192.0.2.1", "AAAA": "2001:db8::1", "NS": "ns.example.net.", "TXT": '"x"', "MX": "10 mx.example.net."}


def make_zone(origin: str, spec: list[tuple[str, str]], path: str) -> Zone:
    """A zone of ``spec`` (owner, type) records; consecutive records of one owner text share one
    string object, as the scanner gives them (the index works out such a run once)."""
    f = SourceFile(path, path)
    recs, prev = [], None
    for i, (owner, rdtype) in enumerate(spec):
        if prev is not None and owner == prev:
            owner = prev
        prev = owner
        recs.append(Record(f, i + 1, 1, i + 1, owner, 300, True, "IN", rdtype, DATA[rdtype], origin))
    return Zone(origin, f, recs, files=[f])


def labels(name: str) -> list[str]:
    """The labels of an absolute name (escaped dots do not split), root last as ''."""
    out, i = [], 0
    while name != ROOT:
        p = parent_name(name)
        cut = len(name) - len(p) if p != ROOT else len(name)
        out.append(name[: cut - 1] if p != ROOT else name[:-1])
        name = p
        i += 1
    return out


def at_or_below(name: str, apex: str) -> bool:
    a, b = labels(name), labels(apex)
    return len(a) >= len(b) and (not b or a[len(a) - len(b):] == b)


def ancestors(k: str):
    p = parent_name(k)
    while p is not None:
        yield p
        p = parent_name(p)


class Model:
    """What the index must answer, computed the slow and obvious way."""

    def __init__(self, zones: list[Zone]) -> None:
        self.records: dict[str, list[Record]] = {}
        self.ents: set[str] = set()
        self.apexes = {z.key for z in zones}
        for z in zones:
            cuts = {r.owner.lower() for r in z.records if r.rdtype == "NS"} - {z.key}
            for r in z.records:
                k = r.owner.lower()
                if any(a in cuts and a != z.key and at_or_below(a, z.key) for a in ancestors(k)):
                    continue  # below a delegation point: glue or occluded
                self.records.setdefault(k, []).append(r)
                self.ents.update(a for a in ancestors(k) if at_or_below(a, z.key))

    def exists(self, name: str) -> bool:
        k = name.lower()
        return k in self.records or k in self.ents

    def wildcard_for(self, name: str):
        k = name.lower()
        if self.exists(k):
            return None
        for p in ancestors(k):
            wild = "*." + p if p != ROOT else "*."
            if wild in self.records:
                return wild
            if self.exists(p) or p in self.apexes:
                return None
        return None

    def rrs(self, name: str, rdtype=None):
        return [r for r in self.records.get(name.lower(), []) if rdtype is None or r.rdtype == rdtype]

    def has_address(self, name: str) -> bool:
        k = name.lower()
        if k not in self.records:
            k = self.wildcard_for(name)
            if k is None:
                return False
        return any(r.rdtype in ("A", "AAAA") for r in self.records[k])


def queries(zones: list[Zone]) -> list[str]:
    """Owners, every ancestor, a sibling and a child of each, in lower and upper case."""
    names: set[str] = set()
    for z in zones:
        names.add(z.key)
        for r in z.records:
            k = r.owner
            names.update((k, k.upper(), "zz." + k, "zz." + k.upper()))
            for a in ancestors(k):
                names.update((a, a.upper(), "zz." + a))
    return sorted(names)


def graphs(zones: list[Zone]):
    """The same zones as a plain graph, as kept indexes merged, and as lazy zones loaded in
    reverse order (then each answer is checked)."""
    yield "direct", RecordGraph(zones)
    kept = LazyRecordGraph()
    for z in zones:
        kept.add_lazy(z.origin, lambda z=z: z, kept=KeptIndex())
    yield "kept", kept
    lazy = LazyRecordGraph()
    made = [lazy.add_lazy(z.origin, lambda z=z: z) for z in zones]
    for lz in reversed(made):  # loaded last zone first: entries put back in zone order
        lazy._load(lz)
    yield "lazy", lazy


def check(zones: list[Zone]) -> int:
    model = Model(zones)
    asked = queries(zones)
    for how, g in graphs(zones):
        for name in asked:
            assert g.exists(name) == model.exists(name), (how, name)
            assert g.wildcard_for(name) == model.wildcard_for(name), (how, name)
            assert g.has_address(name) == model.has_address(name), (how, name)
            assert g.rrs(name) == model.rrs(name), (how, name)
            assert g.rrs(name, "A") == model.rrs(name, "A"), (how, name)
            assert g.has_type(name, "TXT") == bool(model.rrs(name, "TXT")), (how, name)
    return len(asked)


def test_empty_non_terminals_at_every_depth():
    z = make_zone("example.com.", [("example.com.", "NS"), ("a.b.c.d.example.com.", "TXT"),
                                   ("_sip._tcp.x.example.com.", "TXT"), ("c.d.example.com.", "A")], "z")
    g = RecordGraph([z])
    for name in ("b.c.d.example.com.", "c.d.example.com.", "d.example.com.", "_tcp.x.example.com.",
                 "x.example.com.", "example.com.", "B.C.D.Example.COM."):
        assert g.exists(name), name
    for name in ("com.", ROOT, "e.example.com.", "b.example.com.", "c.example.com.", "_udp.x.example.com.",
                 "z.a.b.c.d.example.com.", "d.example.co."):
        assert not g.exists(name), name
    assert check([z])


def test_names_differing_only_in_case_are_one_name():
    z = make_zone("example.com.", [("example.com.", "NS"), ("WWW.example.com.", "A"), ("www.example.com.", "TXT"),
                                   ("www.EXAMPLE.com.", "A"), ("Deep.Sub.example.com.", "A")], "z")
    g = RecordGraph([z])
    got = g.rrs("www.example.com.")
    assert [r.line for r in got] == [2, 3, 4] and g.rrs("WwW.ExAmPlE.CoM.") == got
    assert [r.line for r in g.rrs("WWW.EXAMPLE.COM.", "A")] == [2, 4]
    assert g.exists("SUB.example.com.") and g.exists("sub.example.com.")
    assert [r.line for grp in z.multi_rrsets() for r in grp] == [2, 4]
    assert check([z])


def test_a_delegation_hides_its_glue_and_makes_no_non_terminals():
    z = make_zone("example.com.", [
        ("example.com.", "NS"), ("sub.example.com.", "NS"), ("ns.sub.example.com.", "A"),
        ("ns.sub.example.com.", "AAAA"), ("deep.x.sub.example.com.", "A"), ("SUB.example.com.", "TXT"),
        ("in.sub2.example.com.", "NS"), ("glue.in.sub2.example.com.", "A"), ("far.x.in.sub2.example.com.", "A"),
    ], "z")
    g = RecordGraph([z])
    assert g.rrs("ns.sub.example.com.") == [] and not g.exists("ns.sub.example.com.")
    assert not g.exists("x.sub.example.com.")  # only an occluded name below it
    assert not g.exists("x.in.sub2.example.com.")
    assert g.exists("sub2.example.com.")  # above the delegation point in.sub2
    assert [r.line for r in g.rrs("sub.example.com.")] == [2, 6]
    assert g.zone_for("ns.sub.example.com.") is None
    # the glue's two records are not one RRset (A and AAAA); the index leaves them out, grouped apart
    assert z._below_cuts and {r.line for r in z._below_cuts} == {3, 4, 5, 8, 9}
    assert check([z])


def test_wildcard_owners():
    z = make_zone("example.com.", [("example.com.", "NS"), ("*.w.example.com.", "A"), ("*.example.com.", "TXT"),
                                   ("x.*.w.example.com.", "TXT"), ("e.t.example.com.", "TXT")], "z")
    g = RecordGraph([z])
    assert g.exists("w.example.com.") and g.exists("*.w.example.com.")
    assert g.wildcard_for("foo.w.example.com.") == "*.w.example.com."
    assert g.has_address("FOO.W.example.com.") and not g.has_address("foo.example.com.")
    assert g.wildcard_for("foo.example.com.") == "*.example.com."
    assert g.wildcard_for("a.t.example.com.") is None  # t is an empty non-terminal: no wildcard applies
    assert g.wildcard_for("w.example.com.") is None
    assert check([z])


def test_escaped_dots_are_not_label_boundaries():
    z = make_zone("example.com.", [("example.com.", "NS"), ("a\\.b.c.example.com.", "A"),
                                   ("x\\.y.example.com.", "A"), ("sub\\.d.example.com.", "NS"),
                                   ("ns.sub\\.d.example.com.", "A")], "z")
    g = RecordGraph([z])
    assert g.exists("c.example.com.") and not g.exists("b.c.example.com.")
    assert not g.exists("y.example.com.") and g.exists("x\\.y.example.com.")
    assert not g.exists("d.example.com.")  # sub\.d is one label: nothing is below d
    assert g.rrs("ns.sub\\.d.example.com.") == []
    assert check([z])


def test_zones_nesting_inside_each_other():
    """The parent zone does not delegate ``x.mid``: ``mid.example.com.`` owns nothing in either
    zone and is an empty non-terminal of neither (the child's names stop at its apex), whichever
    zone comes first; names the two zones share are an empty non-terminal of the parent too."""
    parent = make_zone("example.com.", [("example.com.", "NS"), ("www.example.com.", "A"),
                                        ("a.b.sub.example.com.", "A"), ("sub.example.com.", "NS"),
                                        ("ns.sub.example.com.", "A"), ("q.c.deep.example.com.", "A")], "p")
    sub = make_zone("sub.example.com.", [("sub.example.com.", "NS"), ("ns.sub.example.com.", "A"),
                                         ("a.b.sub.example.com.", "AAAA")], "s")
    child = make_zone("x.mid.example.com.", [("x.mid.example.com.", "NS"), ("h.x.mid.example.com.", "A")], "c")
    deep = make_zone("c.deep.example.com.", [("c.deep.example.com.", "NS"), ("q.c.deep.example.com.", "TXT")], "d")
    for zones in ([parent, sub, child, deep], [deep, child, sub, parent]):
        for _, g in graphs(zones):
            assert not g.exists("mid.example.com.")
            assert g.exists("x.mid.example.com.") and g.exists("b.sub.example.com.")
            # q.c.deep is an owner of the parent zone (not delegated there): deep is its non-terminal
            assert g.exists("deep.example.com."), zones[0].origin
            assert [r.rdtype for r in g.rrs("ns.sub.example.com.")] == ["A"]  # the child's, not the glue
        assert check(zones)


def test_a_root_zone_and_a_zone_below_it():
    root = make_zone(ROOT, [("com.", "NS"), ("ns.com.", "A"), ("a.b.org.", "TXT")], "r")
    other = make_zone("example.net.", [("example.net.", "NS"), ("x.y.example.net.", "A")], "n")
    g = RecordGraph([root])
    assert g.exists(ROOT) and g.exists("org.") and g.exists("b.org.") and not g.exists("com.x.")
    assert check([root]) and check([root, other]) and check([other, root])


@pytest.mark.parametrize("seed", range(6))
def test_generated_zones_answer_as_the_model(seed):
    """Random label trees: several zones (some nested, one origin twice), delegations with glue,
    wildcards, escaped dots, mixed case, owners repeated apart from their first run."""
    rnd = random.Random(seed)
    words = ["a", "b", "c", "_tcp", "_sip", "x\\.y", "www", "ns"]
    zones = []
    origins = ["example.com.", "sub.example.com.", "example.com.", "b.a.example.com.", "example.org."]
    for zi, origin in enumerate(origins[: rnd.randint(2, 5)]):
        spec = [(origin, "NS")]
        for _ in range(rnd.randint(5, 40)):
            depth = rnd.randint(1, 4)
            owner = ".".join(rnd.choice(words) for _ in range(depth)) + "." + origin
            if rnd.random() < 0.1:
                owner = "*." + owner
            if rnd.random() < 0.2:
                owner = owner.upper()
            spec.append((owner, rnd.choice(["A", "AAAA", "TXT", "NS", "MX"])))
            if rnd.random() < 0.3:
                spec.append((owner, rnd.choice(["A", "TXT"])))
            if rnd.random() < 0.1 and len(spec) > 3:
                spec.append((rnd.choice(spec)[0], "TXT"))  # an owner again, apart from its first run
        zones.append(make_zone(origin, spec, f"z{zi}"))
    assert check(zones) > 10


def test_the_table_is_smaller_than_the_names():
    """What the structure is for: no string per non-terminal, one table slot per one (at most 2/3
    full), each slot an owner key the index holds anyway."""
    spec = [("example.com.", "NS")] + [(f"_sip._tcp.s{i}.example.com.", "TXT") for i in range(3000)]
    z = make_zone("example.com.", spec, "z")
    g = RecordGraph([z])
    (nt,) = g._nonterminals["example.com."]
    assert isinstance(nt, Nonterminals) and len(nt) == 6000  # _tcp.sN and sN (the apex owns records)
    keys = set(g._nodes)
    assert all(v is None or v in keys for v in nt.table)
    assert all(g.exists(f"_tcp.s{i}.example.com.") and g.exists(f"S{i}.example.com.") for i in range(3000))
    assert not g.exists("_tcp.example.com.") and not g.exists("s3000.example.com.")
