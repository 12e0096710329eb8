"""``--resolve`` / ``--resolver IP[:PORT]`` (issue 18.2): SRV, MX, NS and CNAME targets outside
every loaded zone are looked up in DNS before the rules run, and ZL101, ZL103, ZL108 and ZL703
judge them from the answer; a name without an answer stays unjudged with one note.

The DNS answers come from a real Knot server on loopback (the ``knot_pool`` fixture); the rule
layer is also checked without any network, from a table of answers attached to the graph."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap

import pytest

from zonelint.cli import main
from zonelint.dnsanswers import ADDRESS, ALIAS, NO_ADDRESS, NXDOMAIN, UNANSWERED, Answer, DnsAnswers
from zonelint.resolver import GIVE_UP_AFTER, ResolverSettings, parse_server, targets_to_resolve

#: the provider's zone, served by Knot: the targets the linted zone points at
PROVIDER = """\
$ORIGIN provider.net.
$TTL 3600
@        IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
@        IN NS  ns1
ns1      IN A   198.51.100.1
good     IN A   198.51.100.7
good     IN AAAA 2001:db8:7::7
alias    IN CNAME good
loop     IN A   127.0.0.1
linklocal IN AAAA fe80::1
private  IN A   10.1.2.3
txtonly  IN TXT "no address here"
"""

#: the zone being linted (not served): every target lies outside it, in provider.net.
ZONE = """\
$ORIGIN example.org.
$TTL 3600
@                  IN SOA ns1.example.org. hostmaster.example.org. 1 7200 3600 1209600 3600
@                  IN NS  ns1.example.org.
ns1                IN A   198.51.100.1
_xmpp-client._tcp  IN SRV 5 0 5222 good.provider.net.
_xmpp-server._tcp  IN SRV 5 0 5269 alias.provider.net.
_sips._tcp         IN SRV 5 0 5061 nope.provider.net.
_sip._tcp          IN SRV 5 0 5060 txtonly.provider.net.
@                  IN MX  10 loop.provider.net.
_sip._udp          IN SRV 5 0 5060 private.provider.net.
_xmpps-server._tcp IN SRV 5 0 5270 private.provider.net.
www                IN CNAME gone.provider.net.
ftp                IN CNAME good.provider.net.
_matrix-fed._tcp   IN SRV 10 0 8448 elsewhere.example.net.
_turns._tcp        IN SRV 5 0 5349 linklocal.provider.net.
"""
#: line -> code expected with --resolve (and nothing else there)
EXPECTED = {
    7: "ZL101",  # alias.provider.net. is a CNAME
    8: "ZL103",  # NXDOMAIN
    9: "ZL103",  # exists, TXT only
    10: "ZL108",  # MX exchange on loopback
    12: "ZL108",  # private address behind a federation SRV (the _sip._udp one is fine)
    13: "ZL703",  # CNAME to a name that does not exist
    16: "ZL108",  # link-local
}


@pytest.fixture
def provider(knot_pool):
    return knot_pool.serve({"provider.net": PROVIDER})


@pytest.fixture
def zone_dir(tmp_path, monkeypatch):
    (tmp_path / "example.org.zone").write_text(ZONE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_json(argv, capsys):
    code = main(["--no-config", "--format", "json", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out)["findings"], err


def judged(findings, codes=("ZL101", "ZL103", "ZL108", "ZL703")):
    return {(f["line"], f["code"]) for f in findings if f["code"] in codes}


# -- against a real server ----------------------------------------------------------------------


def test_resolve_judges_out_of_run_targets_from_dns(provider, zone_dir, capsys):
    code, findings, err = run_json(["example.org.zone", "--resolver", f"127.0.0.1:{provider.port}"], capsys)
    assert judged(findings) == {(line, c) for line, c in EXPECTED.items()}
    by_line = {f["line"]: f for f in findings if f["code"] in EXPECTED.values()}
    for line in EXPECTED:  # the message says the answer came from DNS, the help which resolver gave it
        assert "from DNS" in by_line[line]["message"], by_line[line]
        assert f"from DNS, resolver 127.0.0.1:{provider.port}" in by_line[line]["help"], by_line[line]
    assert "CNAME to good.provider.net." in by_line[7]["help"]
    assert "NXDOMAIN" in by_line[8]["message"]
    assert "127.0.0.1" in by_line[10]["message"] and "MX exchange" in by_line[10]["message"]
    assert code == 1
    # elsewhere.example.net. is not served (REFUSED): unknown, one note, never "absent"
    assert not any(f["line"] == 15 for f in findings)
    notes = [line for line in err.splitlines() if "--resolve" in line]
    assert len(notes) == 1 and "elsewhere.example.net." in notes[0] and "stays unjudged" in notes[0]


def test_without_resolve_the_same_targets_are_not_judged(zone_dir, capsys):
    code, findings, err = run_json(["example.org.zone"], capsys)
    assert judged(findings) == set()
    assert "--resolve" not in err


def test_each_name_is_asked_once_and_the_budget_holds(provider, zone_dir, capsys, monkeypatch):
    import zonelint.resolver as resolver

    asked = []
    real = resolver.Lookups._ask

    def spy(self, name, rdtype):
        asked.append((name.lower(), rdtype))
        return real(self, name, rdtype)

    monkeypatch.setattr(resolver.Lookups, "_ask", spy)
    run_json(["example.org.zone", "--resolver", f"127.0.0.1:{provider.port}"], capsys)
    assert len(asked) == len(set(asked))  # private.provider.net. is pointed at twice, asked once
    assert ("private.provider.net.", "A") in asked
    asked.clear()
    code, findings, err = run_json(
        ["example.org.zone", "--resolver", f"127.0.0.1:{provider.port}", "--dns-budget", "3"], capsys
    )
    # the budget stops the queries; what it left unasked stays unjudged, in file order
    assert judged(findings) == {(7, "ZL101")}
    assert "query budget of 3 was spent" in err


def test_silent_resolver_times_out_bounded_and_judges_nothing(zone_dir, capsys):
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))
    try:
        port = silent.getsockname()[1]
        code, findings, err = run_json(
            ["example.org.zone", "--resolver", f"127.0.0.1:{port}", "--dns-timeout", "0.2"], capsys
        )
        silent.setblocking(False)
        received = 0
        while True:
            try:
                silent.recv(4096)
            except BlockingIOError:
                break
            received += 1
    finally:
        silent.close()
    assert judged(findings) == set()
    assert code == 0  # no finding, and an unanswered name is no error
    assert received == GIVE_UP_AFTER  # then the resolver is taken for unreachable
    assert f"did not answer {GIVE_UP_AFTER} queries in a row" in err


def test_ipv6_resolver_address(knot_pool, zone_dir, capsys):
    server = knot_pool.serve({"provider.net": PROVIDER})
    if not server.ipv6:
        pytest.skip("no IPv6 loopback on this machine")
    code, findings, _ = run_json(["example.org.zone", "--resolver", f"[::1]:{server.port}"], capsys)
    assert judged(findings) == {(line, c) for line, c in EXPECTED.items()}


# -- the command line -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("127.0.0.1", ("127.0.0.1", 53)),
        ("127.0.0.1:5353", ("127.0.0.1", 5353)),
        ("[::1]:5353", ("::1", 5353)),
        ("::1", ("::1", 53)),
        ("[::1]", ("::1", 53)),
    ],
)
def test_parse_server(text, expected):
    assert parse_server(text) == expected


@pytest.mark.parametrize("text", ["ns1.example.com", "127.0.0.1:0", "127.0.0.1:99999", "[::1", "[::1]x", "1.2.3.4:x"])
def test_bad_resolver_is_one_line_exit_2(text, zone_dir, capsys):
    with pytest.raises(SystemExit) as e:
        main(["--no-config", "example.org.zone", "--resolver", text])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "--resolver" in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [["--dns-timeout", "0"], ["--dns-timeout", "x"], ["--dns-budget", "-1"]])
def test_bad_limits_are_exit_2(argv, zone_dir, capsys):
    with pytest.raises(SystemExit) as e:
        main(["--no-config", "example.org.zone", "--resolve", *argv])
    assert e.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_default_run_imports_no_resolver(zone_dir):
    code = (
        "import sys; from zonelint.cli import main; main(['--no-config', '--format', 'text', "
        "'example.org.zone']); print(sorted(m for m in ('dns.resolver', 'dns.query') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=zone_dir, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "[]", out


# -- the rule layer, from a table of answers (no network) -------------------------------------------


def loaded_zone(text: str):
    from zonelint.graph import Zone
    from zonelint.load import load_text

    lz = load_text(text, "example.org.", "example.org.zone")
    return Zone(origin=lz.origin, file=lz.file, records=lz.records, problems=lz.problems, files=lz.files)


def lint_with_answers(answers: list[Answer]):
    from zonelint.config import load_config
    from zonelint.engine import run_rules
    from zonelint.graph import RecordGraph
    from zonelint.plugins import load_registry
    from zonelint.selection import SelectionLevel, make_rules

    zone = loaded_zone(ZONE)
    graph = RecordGraph([zone])
    table = DnsAnswers()
    for a in answers:
        table.add(a)
    graph.set_dns_answers(table)
    rules = make_rules(load_registry(), load_config(None, True), SelectionLevel(None, [], []))
    return run_rules(graph, rules, [zone]).findings


def test_rules_read_the_answer_table_and_never_judge_unanswered():
    src = "resolver 192.0.2.53:53"
    answers = [
        Answer("good.provider.net.", ADDRESS, ("198.51.100.7",), source=src),
        Answer("alias.provider.net.", ALIAS, ("198.51.100.7",), alias="good.provider.net.", source=src),
        Answer("nope.provider.net.", NXDOMAIN, source=src),
        Answer("txtonly.provider.net.", NO_ADDRESS, source=src),
        Answer("loop.provider.net.", ADDRESS, ("127.0.0.1",), source=src),
        Answer("private.provider.net.", UNANSWERED, source=src, reason="timeout"),
        Answer("gone.provider.net.", UNANSWERED, source=src, reason="timeout"),
    ]
    found = {(f.line, f.code) for f in lint_with_answers(answers) if f.code in ("ZL101", "ZL103", "ZL108", "ZL703")}
    assert found == {(7, "ZL101"), (8, "ZL103"), (9, "ZL103"), (10, "ZL108")}


def test_targets_to_resolve_skips_loaded_zones_root_and_literals():
    from zonelint.graph import RecordGraph

    text = ZONE + textwrap.dedent(
        """\
        _a._tcp IN SRV 0 0 0 .
        _b._tcp IN SRV 5 0 1 192.0.2.9.
        _c._tcp IN SRV 5 0 1 ns1.example.org.
        _d._tcp IN SRV 5 0 1 services.
        """
    )
    zone = loaded_zone(text)
    names = targets_to_resolve(RecordGraph([zone]), [zone])
    assert names == [
        "good.provider.net.",
        "alias.provider.net.",
        "nope.provider.net.",
        "txtonly.provider.net.",
        "private.provider.net.",
        "elsewhere.example.net.",
        "linklocal.provider.net.",
        "loop.provider.net.",
        "gone.provider.net.",
    ]
    assert ResolverSettings().describe() == "the system resolver"


def test_no_system_resolver_is_one_line_exit_2(zone_dir, capsys, monkeypatch):
    import dns.resolver

    def nothing(self, *args, **kwargs):
        raise dns.resolver.NoResolverConfiguration("no nameservers")

    monkeypatch.setattr(dns.resolver.Resolver, "read_resolv_conf", nothing)
    assert main(["--no-config", "example.org.zone", "--resolve"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no system resolver is configured" in err
