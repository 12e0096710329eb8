"""A record keeps its TTL and its line's offset in one shared ``Stamp`` (``model.stamp``): one field
instead of two, so a million records take 80 bytes each instead of 96 (pymalloc rounds object sizes
up to 16 bytes). What the record says is unchanged: ``ttl``, ``line``, ``end_line``, copies."""

from __future__ import annotations

import copy
import pickle
import sys

from zonelint.model import LINE_BLOCK, Record, SourceFile, shared_place, stamp


def make(line: int, ttl: int) -> Record:
    sf = SourceFile(path="/z/example.com.zone", display="example.com.zone", reported=True)
    first = line - line % LINE_BLOCK
    place = shared_place(sf, first, 1, 0, True, "explicit", "IN", "example.com.")
    return Record.placed(place, line % LINE_BLOCK, "www.example.com.", ttl, "A", ("192.0.2.1",))


def test_records_alike_share_one_stamp_and_stay_small():
    a, b = make(1000, 3600), make(1000 + LINE_BLOCK, 3600)
    assert a._stamp is b._stamp  # same TTL, same offset in their blocks
    assert make(1001, 3600)._stamp is not a._stamp and make(1000, 300)._stamp is not a._stamp
    assert sys.getsizeof(a) <= 80  # six fields with the collector's header: one pymalloc size class less


def test_a_record_reads_its_ttl_and_lines_from_the_stamp():
    rec = make(1000, 3600)
    assert (rec.ttl, rec.line, rec.end_line, rec.line_offset) == (3600, 1000, 1000, 1000 % LINE_BLOCK)
    rec.ttl = 60
    assert (rec.ttl, rec.line) == (60, 1000)
    assert make(1000, 3600).ttl == 3600  # the shared stamp was not changed
    sf = SourceFile(path="/z/a.zone", display="a.zone", reported=True)
    built = Record(sf, 700, 3, 702, "a.example.com.", 86400, True, "IN", "TXT", '"x"', "example.com.")
    assert (built.ttl, built.line, built.end_line, built.column) == (86400, 700, 702, 3)
    odd = Record(sf, 700, 3, 700, "a.example.com.", 2**40, True, "IN", "TXT", '"x"', "example.com.")
    assert odd.ttl == 2**40 and stamp(2**40, 5).ttl == 2**40


def test_copies_keep_ttl_and_line():
    rec = make(4321, 1800)
    for other in (copy.copy(rec), copy.deepcopy(rec), pickle.loads(pickle.dumps(rec))):
        assert (other.ttl, other.line, other.owner, other.data) == (1800, 4321, rec.owner, rec.data)
