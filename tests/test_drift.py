"""Drift between a zone file and what its server serves (issue 18.3, ZL020-ZL023).

The rules compare ``zone.served`` (records the core transferred before the rules ran) with the
file; here the served copy is built from text, so every case is exact and needs no network
(``tests/test_compare.py`` runs ``--compare`` against a real server)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from zonelint.graph import RecordGraph, ServedCopy, Zone
from zonelint.load import load_text
from zonelint.model import SourceFile
from zonelint.testing import message_problems

from conftest import DRIFT_FILE

URI = "axfr://127.0.0.1:5300/example.com"

FILE = DRIFT_FILE

#: what the server serves: the MX host spelled in capitals and absolute (same canonical rdata),
#: xmpp with another TTL, old missing, a record the file lacks, a signer's records
SERVED = """\
$ORIGIN example.com.
$TTL 3600
@                  IN SOA   ns1 hostmaster 2024061501 7200 3600 1209600 3600
@                  IN NS    ns1
ns1                IN A     192.0.2.1
_xmpp-client._tcp  IN SRV   5 0 5222 xmpp.example.com.
_xmpp-server._tcp  IN SRV   5 0 5269 xmpp
xmpp         86400 IN A     192.0.2.10
@                  IN MX    10 MAIL.EXAMPLE.COM.
mail               IN A     192.0.2.25
_xmpp-client._tcp  IN SRV   10 0 5222 backup
@                  IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==
@                  IN NSEC  ns1 SOA NS MX DNSKEY RRSIG NSEC
"""


def zone_of(text: str, path: str, uri: str | None = None) -> Zone:
    lz = load_text(text, "example.com.", path)
    if uri is not None:
        for f in lz.files:
            f.uri = uri
    return Zone(origin=lz.origin, file=lz.file, records=lz.records, problems=lz.problems, files=lz.files)


def drift_findings(file_text: str, served_text: str):
    from zonelint.config import load_config
    from zonelint.engine import run_rules
    from zonelint.plugins import load_registry
    from zonelint.selection import SelectionLevel, make_rules

    zone = zone_of(file_text, "example.com.zone")
    served = zone_of(served_text, URI, uri=URI)
    zone.served = ServedCopy(URI, tuple(served.records))
    rules = make_rules(load_registry(), load_config(None, True), SelectionLevel(["ZL02"], [], []))
    return run_rules(RecordGraph([zone]), rules, [zone]).findings


def test_drift_findings_exact():
    found = sorted((f.code, f.path, f.line, f.owner) for f in drift_findings(FILE, SERVED))
    assert found == [
        ("ZL020", "example.com.zone", 9, "old.example.com."),  # in the file, not served
        ("ZL021", "example.com.zone", 6, "_xmpp-client._tcp.example.com."),  # served backup SRV, at the file's RRset
        ("ZL022", "example.com.zone", 8, "xmpp.example.com."),  # TTL 300 in the file, 86400 served
        ("ZL023", "example.com.zone", 3, "example.com."),  # served serial 2024061501 behind 2024061502
    ]
    messages = {f.code: f.message for f in drift_findings(FILE, SERVED)}
    helps = {f.code: f.help for f in drift_findings(FILE, SERVED)}
    assert "backup.example.com." in messages["ZL021"] and URI in helps["ZL021"]
    assert "300" in messages["ZL022"] and "86400" in messages["ZL022"]
    assert "2024061501" in messages["ZL023"] and URI in helps["ZL023"]


def test_identical_copy_is_silent_and_a_serial_ahead_is_not_drift():
    assert drift_findings(FILE, FILE) == []
    ahead = FILE.replace("2024061502", "2024061509")  # inline signing bumped the served serial
    assert drift_findings(FILE, ahead) == []
    wrapped = FILE.replace("2024061502", "5")  # RFC 1982: 5 is ahead of 2024061502 (no wrap: behind)
    assert [f.code for f in drift_findings(FILE, wrapped)] == ["ZL023"]
    assert drift_findings(FILE.replace("2024061502", "4294967295"), FILE.replace("2024061502", "3")) == []


def test_signer_records_count_only_when_the_file_has_them():
    signed_file = FILE + "@ IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==\n"
    other_key = FILE + "@ IN DNSKEY 256 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==\n"
    assert drift_findings(signed_file, signed_file) == []
    got = sorted((f.code, f.line) for f in drift_findings(signed_file, other_key))
    assert got == [("ZL020", 12), ("ZL021", 12)]
    # NSEC served, the file has none: ignored (no ZL021 for it above or here)
    nsec = FILE + "@ IN NSEC ns1 SOA NS MX RRSIG NSEC\n"
    assert drift_findings(FILE, nsec) == []


def test_served_only_owner_is_located_at_the_served_record():
    served = FILE + "extra IN TXT \"only on the server\"\n"
    (f,) = drift_findings(FILE, served)
    assert (f.code, f.path, f.owner) == ("ZL021", URI, "extra.example.com.")


def test_soa_fields_other_than_serial_are_compared():
    served = FILE.replace("7200 3600 1209600 3600", "7200 900 1209600 3600")
    (f,) = drift_findings(FILE, served)
    assert (f.code, f.line) == ("ZL020", 3) and "retry 3600 (served 900)" in f.message and URI in f.help


def test_without_a_served_copy_the_drift_rules_say_nothing():
    from zonelint.testing import lint_text

    assert [f for f in lint_text(textwrap.dedent(FILE), select=["ZL02"])] == []


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
DRIFT_FIXTURES = sorted(p for code in ("ZL020", "ZL021", "ZL022", "ZL023") for p in (FIXTURES / code).glob("*.zone"))


@pytest.mark.parametrize("path", DRIFT_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_against_its_served_copy(path):
    """Each ZL02x fixture, with its folder's served.txt as the served copy: exactly the
    ``; with-served-copy: CODE severity`` lines fire (see the folders' README)."""
    text = path.read_text()
    expected = set()
    for n, line in enumerate(text.splitlines(), 1):
        m = re.search(r";.*\bwith-served-copy:\s*(ZL\d+)\s+(\w+)", line)
        if m:
            expected.add((m.group(1), n, m.group(2)))
    findings = drift_findings(text, (path.parent / "served.txt").read_text())
    got = {(f.code, f.line, f.severity) for f in findings}
    assert got == expected
    assert message_problems(findings) == []  # one-line messages of <= 120 characters, with help
    assert bool(expected) == path.name.startswith("bad")
