"""Fingerprints read a record's canonical rdata from its compact ``Record.data`` for the common
types (``zonelint.fingerprint.canonical_rdata``), without building a dnspython rdata: it must be
what dnspython's canonical wire form gives (``Record.canonical_rdata``) for every record."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zonelint.fingerprint import canonical_rdata
from zonelint.load import LoadOptions, load_zone
from zonelint.load.reader import load_text

from .conftest import SHARED

REPO = Path(__file__).resolve().parent.parent

EDGES = """\
$ORIGIN Example.TEST.
$TTL 3600
@        IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
@        IN NS  NS1.Example.TEST.
ns1      IN A   192.0.2.53
zero     IN A   0.0.0.0
top      IN A   255.255.255.255
v6       IN AAAA 2001:DB8::1
v6b      IN AAAA ::ffff:192.0.2.1
v6c      IN AAAA ::
v6d      IN AAAA 2001:0db8:0000:0000:0000:0000:0000:00ff
_sip._tcp IN SRV 0 0 5060 SIP.Example.TEST.
_x._tcp  IN SRV 65535 65535 65535 .
_w._tcp  IN SRV 1 2 3 W.example.test.
_y._tcp  IN SRV 10 5 5269 host\\.dotted.example.test.
_z._tcp  IN SRV 10 5 5269 a\\032b.example.test.
mx       IN MX  10 Mail.Example.TEST.
mx2      IN MX  0 .
alias    IN CNAME Target.Example.TEST.
alias2   IN CNAME caf\\195\\169.example.test.
dn       IN DNAME Other.Example.
ptr      IN PTR  Host-1.Example.TEST.
star     IN CNAME *.wild.example.test.
long     IN CNAME {long}.example.test.
txt      IN TXT "v=spf1 -all" "" "q\\"uote" "back\\\\slash" "\\255\\000\\010"
txt2     IN TXT ""
txt3     IN TXT "{long255}"
caa      IN CAA 0 issue "ca.example.net"
naptr    IN NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.example.test.
""".format(long="a" * 63, long255="x" * 255)


def _records(zone):
    return [r for r in zone.records]


def _check(records) -> int:
    for rec in records:
        assert canonical_rdata(rec) == rec.canonical_rdata(), rec
    return len(records)


def test_every_shape_of_the_common_types(tmp_path):
    zone = load_text(EDGES, "example.test.")
    assert not zone.problems, zone.problems
    assert _check(_records(zone)) == len(EDGES.splitlines()) - 2
    path = tmp_path / "example.test.zone"  # and as the fast scanner reads them
    path.write_text(EDGES)
    scanned = load_zone(str(path), "example.test.zone", "example.test.", LoadOptions(lint_root=str(tmp_path)))
    assert _check(_records(scanned)) == len(EDGES.splitlines()) - 2


def test_the_fixtures_and_a_generated_zone(tmp_path):
    n = 0
    for path in sorted((REPO / "fixtures").rglob("*.zone")):
        zone = load_zone(str(path), path.name, None, LoadOptions(lint_root="/", allow_include_outside=True),
                         fallback_origin=path.name[: -len(".zone")].rstrip(".") + ".")
        n += _check(_records(zone))
    genzone = SHARED / "tools" / "genzone.py"
    if genzone.is_file():
        out = tmp_path / "g.zone"
        subprocess.run([sys.executable, str(genzone), "--records", "3000", "--seed", "2", "--origin",
                        "example.test.", str(out)], check=True, capture_output=True)
        n += _check(_records(load_zone(str(out), "g.zone", "example.test.", LoadOptions(lint_root=str(tmp_path)))))
    assert n > 1000
