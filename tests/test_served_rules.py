"""Which rules judge records served by a DNS server (``Rule.judges_served_data``): the rules
about how a zone file is written skip a served zone, every other rule checks it as a file's."""

from __future__ import annotations

from zonelint.engine import run_rules
from zonelint.graph import RecordGraph, Zone
from zonelint.load import load_text
from zonelint.plugins import load_registry

#: issue 18, item 4: the file's text (ZL0xx), owners that queries cannot discover (ZL106,
#: ZL107), $TTL (ZL605), the serial against git (ZL607), duplicates a server merges (ZL704)
ZONE_FILE_ONLY = {"ZL001", "ZL002", "ZL003", "ZL004", "ZL005", "ZL006", "ZL007", "ZL008", "ZL009", "ZL010",
                  "ZL020", "ZL021", "ZL022", "ZL023",  # drift: a file against its server (--compare)
                  "ZL106", "ZL107", "ZL605", "ZL607", "ZL704"}

TEXT = """$ORIGIN example.com.
@ 3600 IN SOA ns1 host 1 7200 3600 1209600 300
@ 3600 IN NS ns1
ns1 3600 IN A 192.0.2.1
alias 3600 IN CNAME ns1
_xmpp-client._tcp 3600 IN SRV 5 0 5222 alias
_xmpp-server._tcp 3600 IN SRV 5 0 5269 ns1
_xmpp-server._tcp 3600 IN SRV 5 0 5269 ns1
xmpp 3600 IN SRV 5 0 5269 ns1
"""


def _codes(uri):
    lz = load_text(TEXT, "example.com.")
    lz.file.uri = uri
    zone = Zone(origin=lz.origin, file=lz.file, records=lz.records, problems=lz.problems, files=lz.files)
    graph = RecordGraph()
    graph.add_zone(zone)
    rules = [cls() for cls in load_registry().sorted()]
    return {(f.code, f.line) for f in run_rules(graph, rules, [zone]).findings}


def test_readme_lists_the_zone_file_only_rules():
    from conftest import readme_codes, zone_file_only_codes

    assert readme_codes("**Which rules judge served data**", "\n- **") == zone_file_only_codes()


def test_the_zone_file_only_rules_are_the_issues_list():
    registry = load_registry()
    assert {c.code for c in registry.sorted() if not c.judges_served_data} == ZONE_FILE_ONLY


def test_a_served_zone_is_judged_by_the_other_rules_only():
    as_file = _codes(None)
    served = _codes("axfr://127.0.0.1/example.com")
    assert ("ZL704", 8) in as_file and ("ZL106", 9) in as_file  # the duplicate, the owner
    assert ("ZL101", 6) in as_file and ("ZL101", 6) in served  # SRV at an alias: served data
    assert served == {(c, line) for c, line in as_file if c not in ZONE_FILE_ONLY}
