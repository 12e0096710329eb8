"""Record-graph indexes shared by rules: per-zone RRset groups and by-type lists stay per zone
when several zones (even two files with the same origin) share one graph."""

from __future__ import annotations

from zonelint.graph import RecordGraph, Zone
from zonelint.load import load_text

HEAD = "$TTL 3600\n@ IN SOA ns1 h 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n"


def zone_of(text: str, origin: str, path: str) -> Zone:
    lz = load_text(text, origin, path=path)
    return Zone(lz.origin, lz.file, lz.records, lz.problems, lz.files)


def test_multi_rrsets_are_per_zone_in_a_shared_graph():
    a = zone_of(HEAD + "www IN A 192.0.2.1\nWWW IN A 192.0.2.2\nmail IN A 192.0.2.3\n", "example.com.", "a.zone")
    b = zone_of(HEAD + "mail IN A 192.0.2.4\n", "example.com.", "b.zone")  # same origin, other file
    c = zone_of(HEAD + "www IN A 192.0.2.5\nwww IN TXT x\n", "example.net.", "c.zone")
    g = RecordGraph([a, b, c])
    groups_a = sorted(sorted(r.line for r in grp) for grp in a.multi_rrsets())
    assert groups_a == [[5, 6]]  # www A twice (case folded); mail is once per file, NS/A once
    assert b.multi_rrsets() == []
    assert c.multi_rrsets() == []
    assert [r.line for r in g.rrs("mail.example.com.")] == [7, 5]
    assert len(g.by_type("SOA")) == 3 and len(a.by_type("SOA")) == 1


def test_zone_of_answers_the_zone_a_record_was_loaded_in():
    """``graph.zone_of(record)`` by the record's file, not its name: two zones of one origin (the
    second answers for its own records although the first owns the apex), a zone merged from a
    kept index, and a zone added after a first question (the file table is filled when asked)."""
    from zonelint.lazygraph import LazyRecordGraph
    from zonelint.ownerindex import KeptIndex

    a = zone_of(HEAD + "www IN A 192.0.2.1\n", "example.com.", "a.zone")
    b = zone_of(HEAD + "mail IN A 192.0.2.4\n", "example.com.", "b.zone")  # same origin
    g = RecordGraph([a, b])
    assert all(g.zone_of(r) is a for r in a.records)
    assert all(g.zone_of(r) is b for r in b.records)
    c = zone_of(HEAD + "www IN A 192.0.2.5\n", "example.com.", "c.zone")
    g.add_zone(c)  # after a question
    assert all(g.zone_of(r) is c for r in c.records)

    lazy = LazyRecordGraph()
    d = zone_of(HEAD + "ftp IN A 192.0.2.6\n", "example.com.", "d.zone")
    lazy.add_zone(a)
    z = lazy.add_lazy("example.com.", lambda: d, kept=KeptIndex())  # indexed from a kept index
    assert lazy.rrs("ftp.example.com.")  # loads and indexes it
    assert all(lazy.zone_of(r) is z for r in z.records)
    assert all(lazy.zone_of(r) is a for r in a.records)
