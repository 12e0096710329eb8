"""Findings on served records never talk about file lines (issue 18).

A record a DNS server served (``axfr://``, ``zonelint live``) has no file line: its ``Record.line``
is only its position in the transfer. Every message and help that mentions another record says
where it is through ``zonelint.where`` / ``near`` / ``positions``, which name a served record by
its source, owner and type. Checked here for **every** rule that judges served data, on the served
copy of every one of its fixtures (built in process exactly as a transfer builds it:
``zonelint.testing.lint_served``, which plugin authors have too), and against a real Knot server for the faults Knot serves;
the file forms of the same findings still say ``line N`` as they always did.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pytest

from zonelint import near, positions, where
from zonelint.plugins import load_registry
from zonelint.testing import expected_from_comments, fixture_cases, lint_files, message_problems
from zonelint.testing import lint_served as served_lint

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
REGISTRY = load_registry(installed=False)
SERVED_CODES = {code for code, cls in REGISTRY.rules.items() if cls.plugin == "builtin" and cls.judges_served_data}
CASES = [c for c in fixture_cases(FIXTURES) if c.code in SERVED_CODES]
#: a record's transfer position said as a file line: ``line 6``, ``lines 7, 8``, ``(line 6)``
LINE_TALK = re.compile(r"\blines? \d")


def uri_of(origin: str) -> str:
    return f"axfr://127.0.0.1:5300/{origin.rstrip('.') or '.'}"


@functools.cache
def lint_served(case_id: str) -> tuple:
    """The findings of linting the served copies of a fixture case's zones (its rule only):
    ``zonelint.testing.lint_served``, the bridge a zone transfer uses, no socket."""
    case = next(c for c in CASES if c.id == case_id)
    return tuple(served_lint(case.files, select=[case.code], options=case.settings.get("options"),
                             profile=case.settings.get("profile")))


def line_talk(finding, files) -> list[str]:
    """What in ``finding``'s message or help places a record by a file line or a file's path."""
    names = {os.path.basename(p) for p in files}
    said = []
    for text in (finding.message, finding.help or ""):
        said += LINE_TALK.findall(text) + [n for n in names if n in text]
    return said


@pytest.mark.parametrize("case", CASES, ids=str)
def test_served_findings_say_no_line(case):
    found = lint_served(case.id)
    assert all(f.source is not None and f.source.startswith("axfr://") for f in found)
    talk = [(f.code, f.owner, f.message, f.help, said) for f in found if (said := line_talk(f, case.files))]
    assert talk == []
    assert message_problems(found) == []  # what a plugin author's test asserts (zonelint.testing)


def test_message_problems_reports_a_served_record_placed_by_a_line():
    from zonelint import Finding, SourceFile

    served = SourceFile(path="axfr://192.0.2.53/example.com", display="axfr://192.0.2.53/example.com",
                        uri="axfr://192.0.2.53/example.com")
    f = Finding("EX001", "ex", "error", "www.example.com. clashes with the A at line 7", served.path, 3, 1,
                "www.example.com.", file=served, help="Delete one.")
    (problem,) = message_problems([f])
    assert "a served record has no line, but the message says 'line 7'" in problem
    f.file = SourceFile(path="x.zone", display="x.zone")  # the same text on a file's finding: fine
    assert message_problems([f]) == []


def test_every_served_rule_fires_on_its_served_fixtures():
    """The test above checks something: each rule that judges served data fires on the served copy
    of its bad fixtures (as many times as on the files, but for two fixtures about how a name
    is written: an origin doubled by the file's text, which a transfer does not keep)."""
    fired, expected = {}, {}
    for case in CASES:
        if case.good:
            continue
        fired[case.id] = sum(f.code == case.code for f in lint_served(case.id))
        expected[case.id] = sum(c == case.code for f in case.files for c, _, _ in expected_from_comments(f))
    assert {c.split("/")[0] for c, n in fired.items() if n} == {c.code for c in CASES if not c.good}
    differ = {c: (fired[c], expected[c]) for c in fired if fired[c] != expected[c]}
    assert differ == {"ZL102/bad-origin.zone": (0, 1), "ZL105/bad.zone": (5, 8)}


# -- the same findings, from the file and as served: exactly ------------------------------------

#: fixture -> (its finding's message and help from the file, the same finding as served): the
#: file forms are those zonelint has always printed
PINNED = {
    ("ZL701/bad.zone", 10): (
        "sip.example.com. owns a CNAME and other data: TXT at line 11, MX at line 12",
        "move the other records (TXT at line 11, MX at line 12) to sip.provider.example.",
        "sip.example.com. owns a CNAME and other data: TXT, MX",
        "move the other records (TXT, MX) to sip.provider.example.",
    ),
    ("ZL705/bad.zone", 9): (
        "www.example.com. owns 3 CNAME records with different targets (lines 8, 9, 11)",
        "keep the one you mean of web1.example.com. (line 8), web2.example.com. (line 9), web3.example.com. "
        "(line 11) and delete the others.",
        "www.example.com. owns 3 CNAME records with different targets",
        "keep the one you mean of web1.example.com., web2.example.com., web3.example.com. and delete the others.",
    ),
    ("ZL104/bad.zone", 12): (
        "SRV RRset _xmpp-server._tcp.example.com. mixes the root target '.' with 2 real targets (lines 10, 11)",
        "or the real targets (xmpp.example.com.:5269 (line 10), ns1.example.com.:5269 (line 11)) if it is not.",
        "SRV RRset _xmpp-server._tcp.example.com. mixes the root target '.' with 2 real targets",
        "or the real targets (xmpp.example.com.:5269, ns1.example.com.:5269) if it is not.",
    ),
    ("ZL601/bad.zone", 7): (
        "www.example.com. A RRset has differing TTLs: this record has 300, line 6 has 3600",
        "TTLs written: 300, 600, 3600): BIND keeps the first (3600) for all",
        "www.example.com. A RRset has differing TTLs: this record has 300, the first has 3600",
        "TTLs served: 300, 600, 3600): BIND keeps the first (3600) for all",
    ),
    ("ZL304/bad.zone", 10): (
        "xmpp.example.com.:5222 serves _xmpps-client._tcp and _xmpp-client._tcp (line 9) on one port",
        "(example.com. advertises xmpp.example.com.:5222 for _xmpp-client, _xmpps-client).",
        "xmpp.example.com.:5222 serves _xmpps-client._tcp and _xmpp-client._tcp on one port",
        "(example.com. advertises xmpp.example.com.:5222 for _xmpp-client, _xmpps-client).",
    ),
}


@pytest.mark.parametrize("fixture,line", sorted(PINNED), ids=[k[0] for k in sorted(PINNED)])
def test_file_says_lines_as_before_and_served_says_none(fixture, line):
    file_message, file_help, served_message, served_help = PINNED[fixture, line]
    code = fixture.split("/")[0]
    path = FIXTURES / fixture
    (from_file,) = [f for f in lint_files([path], select=[code]) if f.line == line]
    assert from_file.message == file_message and file_help in from_file.help
    (served,) = [f for f in lint_served(fixture) if (f.owner, f.record.rdata_text) ==
                 (from_file.owner, from_file.record.rdata_text)]
    assert (served.message, served.source, served.as_dict()["line"]) == (served_message, uri_of("example.com."), None)
    assert served_help in served.help


def test_no_rule_module_formats_a_line_itself():
    """The class, not the examples: a built-in rule says where another record is only through the
    helpers (an f-string with ``{rec.line}`` would say a served record's transfer position)."""
    rules = Path(__file__).resolve().parents[1] / "rules"
    found = [
        f"{p.name}:{i}: {ln.strip()}"
        for p in sorted(rules.rglob("*.py"))
        for i, ln in enumerate(p.read_text().splitlines(), 1)
        if re.search(r"\{[^{}]*\.(?:end_)?line\b[^{}]*\}", ln)
    ]
    assert found == []


def test_the_corpus_as_served_keeps_the_message_conventions():
    """Every zone of the shared corpus (real-world and peer test zones) linted as served, every
    rule: no line in a message or help, every message one line of at most 120 characters (a
    served record's owner is longer than ``line 21``), every finding with a help."""
    from conftest import shared_dir

    corpus = shared_dir() / "corpus"
    paths = sorted(p for p in corpus.rglob("*") if p.is_file() and p.name not in ("MANIFEST.md", "expectations.tsv"))
    problems, found = [], 0
    for path in paths:
        findings = served_lint([path], select=["ALL"])
        found += len(findings)
        problems += message_problems(findings)
    assert len(paths) > 200 and found > 500  # the corpus really was linted, and served data judged
    assert problems == []


# -- the helpers ---------------------------------------------------------------------------------


def _records(text: str, uri: str | None = None):
    from zonelint.load import load_text

    lz = load_text(text, "example.com.")
    if uri is not None:
        lz.file.uri = lz.file.path = lz.file.display = uri
    return lz.records


def test_where_near_and_positions():
    a, b, c = _records("$ORIGIN example.com.\nwww 60 IN A 192.0.2.1\nwww 60 IN A 192.0.2.2\nx 60 IN TXT t\n")
    assert (near(b, a), positions([b, c], a), positions([], a)) == ("line 3", "lines 3, 4", "")
    assert where(b) == f"{b.file.display}:3"
    sa, sb, sc = _records("$ORIGIN example.com.\nwww 60 IN A 192.0.2.1\nwww 60 IN A 192.0.2.2\nx 60 IN TXT t\n",
                          uri="axfr://192.0.2.53/example.com")
    # a served record: no line; a message names it by its owner (a help by source, owner and type)
    assert (near(sb, sa), near(sc, sa), positions([sb, sc], sa)) == ("the same name", "x.example.com.", "")
    assert where(sc) == "axfr://192.0.2.53/example.com x.example.com. TXT"
    assert near(sc, a) == "x.example.com."
    assert positions([sc, b], a) == "line 3, x.example.com."
    assert near(b, sa) == f"{b.file.display}:3"  # a file's record seen from a served finding keeps its line


# -- a real server -------------------------------------------------------------------------------

#: faults Knot serves as written (it refuses CNAME-and-other-data and several CNAMEs, and gives an
#: RRset one TTL): a mixed root/real SRV RRset (ZL104), two XMPP services on one port (ZL304),
#: an SRV at an alias (ZL101), a TXT and an SPF record with the same policy (ZL5xx)
KNOT_ZONE = """$ORIGIN messages.test.
$TTL 3600
@                  IN SOA   ns1 hostmaster 1 7200 3600 1209600 300
@                  IN NS    ns1
ns1                IN A     192.0.2.53
xmpp               IN A     192.0.2.10
alias              IN CNAME xmpp
_xmpps-client._tcp IN SRV   0 0 0 .
_xmpps-client._tcp IN SRV   5 0 5223 xmpp
_xmpp-client._tcp  IN SRV   0 5 5223 xmpp
_xmpp-server._tcp  IN SRV   0 5 5269 alias
@                  IN TXT   "v=spf1 -all"
@                  IN SPF   "v=spf1 -all"
"""


def test_a_real_transfer_says_no_line(knot_pool, capsys):
    from zonelint.cli import main

    server = knot_pool.serve({"messages.test": KNOT_ZONE})
    uri = server.uri("messages.test")
    code = main(["--no-config", "--no-progress", "--format", "text", "--show-help", "--select", "ALL", uri])
    out, err = capsys.readouterr()
    assert code == 1 and err == ""
    codes = set(re.findall(r" (ZL\d{3}) \[", out))
    assert {"ZL104", "ZL304", "ZL101"} <= codes
    assert [ln for ln in out.splitlines() if LINE_TALK.search(ln)] == []
    assert (f"{uri}: _xmpps-client._tcp.messages.test. SRV: ZL104 [error] SRV RRset "
            "_xmpps-client._tcp.messages.test. mixes the root target '.' with 1 real target\n") in out


def test_a_live_check_says_no_line(knot_pool, capsys):
    """``zonelint live``: a record's line is its position in the walk; messages never say it."""
    from zonelint.cli import main

    server = knot_pool.serve({"messages.test": KNOT_ZONE})
    code = main(["live", "messages.test", "--no-config", "--resolver", f"127.0.0.1:{server.port}", "--format",
                 "text", "--show-help", "--select", "ALL"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert {"ZL104", "ZL304", "ZL101"} <= set(re.findall(r" (ZL\d{3}) \[", out))
    assert [ln for ln in out.splitlines() if LINE_TALK.search(ln)] == []
    assert "mixes the root target '.' with 1 real target\n" in out


def test_table_of_a_transfer_has_a_type_column_not_line_col(knot_pool, capsys, monkeypatch):
    from zonelint.cli import main

    monkeypatch.setenv("COLUMNS", "120")
    server = knot_pool.serve({"messages.test": KNOT_ZONE})
    code = main(["--no-config", "--no-progress", "--format", "table", "--select", "ZL104", server.uri("messages.test")])
    out = capsys.readouterr().out
    assert code == 1
    header = next(ln for ln in out.splitlines() if " code " in ln)
    assert header.split()[:3] == ["type", "code", "severity"] and "line:col" not in out
    assert re.search(r"^\s+SRV\s+ZL104\s+error\s", out, re.M)


@pytest.mark.parametrize("live", [False, True], ids=["axfr", "live"])
def test_a_selection_of_zone_file_rules_only_says_nothing_was_checked(live, knot_pool, capsys):
    """``--select ZL704`` on served records runs no rule: one note, so that the empty report does
    not pass for a clean zone (exit code unchanged); a selection with one served-data rule: none."""
    from zonelint.cli import main

    server = knot_pool.serve({"messages.test": KNOT_ZONE})
    if live:
        argv = ["live", "messages.test", "--resolver", f"127.0.0.1:{server.port}"]
        said = "zonelint: note: live messages.test.: the rules selected (ZL605, ZL704) judge zone files only, " \
               "not the records a live check finds: nothing was checked\n"
    else:
        argv = ["--no-progress", server.uri("messages.test")]
        said = "zonelint: note: the rules selected (ZL605, ZL704) judge zone files only, not the records a zone " \
               "transfer brings: nothing was checked\n"
    code = main([*argv, "--no-config", "--format", "text", "--select", "ZL704,ZL605"])
    out, err = capsys.readouterr()
    assert (code, out, err) == (0, "", said)
    code = main([*argv, "--no-config", "--format", "text", "--select", "ZL704,ZL104"])
    out, err = capsys.readouterr()
    assert code == 1 and "ZL104" in out and "nothing was checked" not in err
