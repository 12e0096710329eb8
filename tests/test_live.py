"""``zonelint live DOMAIN`` (issue 18.4): the seed systems' example domains, served by a real Knot
server on loopback, checked live; what live reports equals what linting the equivalent zone files
reports, for the rules that judge served data and the names a live check can see."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from zonelint.cli import main
from zonelint.live import APEX_TYPES, SERVICE_SRVS, source_uri
from zonelint.resolver import ResolverSettings
from zonelint.testing import lint_files

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"

#: DOMAIN checked live -> (the seed files of its family, served together)
DOMAINS = {
    "heathcareorg.com": ["timplus.zone", "timplus-2.zone"],
    "example.com": ["prosody.zone"],
    "contoso.com": ["lync2013.zone"],
    "sip.mycompany.sip.direct": ["connexcs-sip.zone", "connexcs-sip-2.zone", "connexcs-sip-3.zone"],
    "example.net": ["srv-xmpp-stun-turn.zone"],
    "example.net#2": ["srv-xmpp-stun-turn-2.zone"],
    "example.net#3": ["srv-xmpp-stun-turn-3.zone"],
}


def origin_of(path: Path) -> str:
    for line in path.read_text().splitlines():
        if line.startswith("$ORIGIN"):
            return line.split()[1].rstrip(".")
    raise AssertionError(path)


def serve(knot_pool, files):
    return knot_pool.serve({origin_of(SEEDS / f): SEEDS / f for f in files})


def live_json(domain, server, capsys, *extra):
    code = main(["live", domain, "--no-config", "--resolver", f"127.0.0.1:{server.port}", "--format", "json", *extra])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def served_rule_codes():
    from zonelint.plugins import load_registry

    return {cls.code for cls in load_registry().sorted() if getattr(cls, "judges_served_data", True)}


def file_findings(files, profile=None):
    codes = served_rule_codes()
    return [f for f in lint_files([SEEDS / n for n in files], select=["ALL"], profile=profile) if f.code in codes]


def seen_names(domain: str, records: list[str]) -> set[str]:
    """The names a live check of ``domain`` asks about: the RTC names at it, and every owner it found."""
    d = domain.lower() + "."
    names = {d} | {f"{s}.{d}" for s in SERVICE_SRVS} | {f"_xmppconnect.{d}"}
    for label in ("groupchat", "conference", "muc"):
        names |= {f"{label}.{d}", f"_xmpp-server._tcp.{label}.{d}"}
    return names | {r.lower() for r in records}


@pytest.mark.parametrize("key", sorted(DOMAINS))
@pytest.mark.parametrize("profile", [None, "timplus"])
def test_live_reports_what_the_zone_file_reports(key, profile, knot_pool, capsys):
    domain = key.split("#")[0]
    files = DOMAINS[key]
    server = serve(knot_pool, files)
    extra = ["--select", "ALL"] + (["--profile", profile] if profile else [])
    code, doc, err = live_json(domain, server, capsys, *extra)
    live = Counter((f["code"], f["severity"], f["owner"].lower()) for f in doc["findings"])
    owners = {f["owner"] for f in doc["findings"]}
    # the records the live check found are the owners a file finding can be compared at
    from zonelint.live import walk

    found = walk(domain, ResolverSettings("127.0.0.1", server.port))
    names = seen_names(domain, [r.name.to_text() for r in found.rrsets] + list(owners))
    expected = Counter(
        (f.code, f.severity, f.owner.lower())
        for f in file_findings(files, profile)
        if f.owner and f.owner.lower() in names
    )
    assert live == expected, (sorted((live - expected).elements()), sorted((expected - live).elements()), err)
    assert all(f["path"] == f"dns://127.0.0.1:{server.port}/{domain}" for f in doc["findings"])
    assert code == (1 if any(s in ("error", "warning") for _, s, _ in live) else 0)


def test_live_finds_the_documents_faults(knot_pool, capsys):
    """Not only equal: the seeds' known faults are found live (prosody: the SRV target has no
    address; lync under TIM+: no groupchat SRV)."""
    server = serve(knot_pool, DOMAINS["example.com"])
    _, doc, _ = live_json("example.com", server, capsys)
    assert {(f["code"], f["owner"]) for f in doc["findings"]} == {
        ("ZL103", "_xmpp-client._tcp.example.com."),
        ("ZL103", "_xmpp-server._tcp.example.com."),
        ("ZL103", "_xmpp-server._tcp.conference.example.com."),
    }
    server = serve(knot_pool, DOMAINS["contoso.com"])
    _, doc, _ = live_json("contoso.com", server, capsys, "--profile", "timplus")
    assert ("ZL301", "error") in {(f["code"], f["severity"]) for f in doc["findings"]}


def test_live_never_runs_rules_about_the_files_text(knot_pool, capsys):
    server = serve(knot_pool, DOMAINS["example.com"])
    _, doc, _ = live_json("example.com", server, capsys, "--select", "ALL")
    served = served_rule_codes()
    assert {"ZL004", "ZL106", "ZL107", "ZL605", "ZL607", "ZL704"}.isdisjoint(served)
    assert all(f["code"] in served for f in doc["findings"])


def test_live_domain_that_does_not_exist_is_exit_2(knot_pool, capsys):
    server = serve(knot_pool, DOMAINS["example.com"])
    code = main(["live", "nosuch.example.com", "--no-config", "--resolver", f"127.0.0.1:{server.port}"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "NXDOMAIN" in err


@pytest.mark.parametrize("domain, why", [
    ("", "it is empty"),
    (".", "it is the root"),
    ("exa mple.com", "it holds a space or a control character"),
    ("\x1b[31mred.com", "it holds a space or a control character"),
    ("example..com", "it has an empty label"),
    (".example.com", "it has an empty label"),
    ("a" * 64 + ".com", "it has a label longer than 63 octets"),
    ("a." * 130, "it is longer than 255 octets"),
    ("192.0.2.1", "it is an IP address"),
    ("2001:db8::1", "it is an IP address"),
    ("\\256.example", "it cannot be written in DNS"),
])
def test_live_bad_domain_is_one_line_and_exit_2_before_any_query(domain, why, capsys, monkeypatch):
    import socket

    def no_network(*a, **k):
        raise AssertionError("a bad domain name must be refused before any query")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    code = main(["live", domain, "--no-config", "--resolver", "127.0.0.1:9"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("zonelint: error: live: '") and f"' is not a domain name: {why}" in err, err
    assert err.count("\n") == 1 and "\x1b" not in err  # one line, a control character escaped


def test_live_domain_is_the_name_answers_carry():
    """An internationalized domain is queried in its IDNA form (the form answers name it in), its
    case kept; a relative one made absolute."""
    from zonelint.live import domain_name

    assert domain_name("Bücher.Example") == "xn--bcher-kva.Example."
    assert domain_name(" example.com ") == domain_name("example.com.") == "example.com."


def test_live_silent_resolver_is_exit_2_within_the_timeouts(capsys):
    import socket

    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))
    try:
        port = silent.getsockname()[1]
        code = main(["live", "example.com", "--no-config", "--resolver", f"127.0.0.1:{port}", "--dns-timeout", "0.2"])
    finally:
        silent.close()
    err = capsys.readouterr().err
    assert code == 2 and "did not answer" in err and err.count("\n") == 1


def test_live_budget_bounds_the_walk(knot_pool, capsys):
    server = serve(knot_pool, DOMAINS["example.com"])
    code, doc, err = live_json("example.com", server, capsys, "--dns-budget", "4")
    # SOA, NS, MX, A: the budget is spent before any SRV is asked; nothing is judged absent
    assert doc["findings"] == []
    assert "query budget of 4 was spent" in err


def test_source_uri():
    assert source_uri("example.com.", ResolverSettings("127.0.0.1", 5353)) == "dns://127.0.0.1:5353/example.com"
    assert source_uri("example.com", ResolverSettings("::1", 53)) == "dns://[::1]:53/example.com"
    assert source_uri("example.com.", ResolverSettings()) == "dns:example.com"
    assert APEX_TYPES[0] == "SOA"


def test_live_queries_every_service_the_rules_know():
    from zonelint.rules.helpers import EXPECTED_PORTS

    assert set(EXPECTED_PORTS) <= set(SERVICE_SRVS)
    assert "_jabber._tcp" in SERVICE_SRVS


def test_readme_lists_the_rules_live_does_not_run():
    """The README's list of rules about a file's text is the registry's (judges_served_data False)."""
    from conftest import readme_codes, zone_file_only_codes

    assert readme_codes("The rules that run are those that can judge served data") == zone_file_only_codes()


def test_unanswered_name_in_the_domain_is_unknown_never_absent():
    """No network: a walk whose SRV target inside the domain got no answer (a timeout) leaves it
    unknown (no ZL103), and a CNAME target that exists without an address is not dangling (no
    ZL703); the same names answered NXDOMAIN are judged."""
    import dns.rrset

    from zonelint.config import load_config
    from zonelint.dnsanswers import NO_ADDRESS, UNANSWERED, Answer
    from zonelint.engine import run_rules
    from zonelint.graph import RecordGraph
    from zonelint.live import Walk, live_zone
    from zonelint.plugins import load_registry
    from zonelint.selection import SelectionLevel, make_rules

    def lint(answers):
        found = Walk("example.org.")
        found.rrsets = [
            dns.rrset.from_text("_xmpp-client._tcp.example.org.", 300, "IN", "SRV", "5 0 5222 xmpp.example.org."),
            dns.rrset.from_text("www.example.org.", 300, "IN", "CNAME", "txt.example.org."),
        ]
        for a in answers:
            found.answers.add(a)
        zone, table = live_zone(found, "dns://127.0.0.1:53/example.org")
        graph = RecordGraph([zone])
        graph.set_dns_answers(table)
        rules = make_rules(load_registry(), load_config(None, True), SelectionLevel(["ZL103", "ZL703"], [], []))
        return sorted((f.code, f.owner) for f in run_rules(graph, rules, [zone]).findings)

    assert lint([Answer("xmpp.example.org.", UNANSWERED, reason="timeout"), Answer("txt.example.org.", NO_ADDRESS)]) == []
    assert lint([]) == [("ZL103", "_xmpp-client._tcp.example.org."), ("ZL703", "www.example.org.")]


def test_live_target_without_address_says_what_dns_said(knot_pool, capsys):
    server = knot_pool.serve({"example.org": """$ORIGIN example.org.
$TTL 300
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 192.0.2.1
_xmpp-client._tcp IN SRV 5 0 5222 chat
chat IN TXT "no address"
"""})
    _, doc, _ = live_json("example.org", server, capsys)
    (f,) = [f for f in doc["findings"] if f["code"] == "ZL103"]
    assert f["owner"] == "_xmpp-client._tcp.example.org." and "exists without A/AAAA" in f["help"]


def test_live_takes_the_output_options_of_a_lint(knot_pool, capsys):
    server = serve(knot_pool, DOMAINS["example.com"])
    code = main(["live", "example.com", "--no-config", "--resolver", f"127.0.0.1:{server.port}",
                 "--format", "text", "--statistics", "-q"])
    out = capsys.readouterr().out
    assert code == 1 and out.split() == ["3", "ZL103", "target-no-address"]
