"""CI gate outputs: SARIF 2.1.0 (validated against the official schema), GitHub workflow commands,
GitLab Code Quality, semantic fingerprints and the baseline.

Most tests drive the real CLI (``zonelint.cli.main`` in-process, a few through
``python -m zonelint``) on zone files written to ``tmp_path``. Controlled severities, hostile
messages and a crashing rule come from a test plugin registered like a third-party one. Every run
selects only the rules used here, so rules added elsewhere cannot change the expectations.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import jsonschema
import pytest

from zonelint import ERROR, INFO, WARNING, Rule, hookimpl
from zonelint import cli
from zonelint.plugins import load_registry

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SELECT = "ZL001,ZL005,ZL101,TST"


# --- a test plugin ------------------------------------------------------------------------------


def _txt(rec) -> str:
    return " ".join(s.decode("utf-8", "replace") for s in rec.data[0]) if rec.data else rec.rdata_text


class _ByOwnerPrefix(Rule):
    """## What it checks
    Test rule: one finding per TXT record whose first label starts with the rule's prefix.

    ## Why it matters
    It gives the tests findings of a known severity.
    """

    prefix = ""
    tags = ("test",)

    def check(self, ctx):
        for rec in ctx.zone.records:
            if rec.rdtype == "TXT" and rec.owner.lower().startswith(self.prefix):
                yield ctx.finding(rec, f"{self.severity} finding at {rec.owner}")


class ErrRule(_ByOwnerPrefix):
    code, name, severity, summary, prefix = "TST001", "test-error", ERROR, "Test error", "err"


class WarnRule(_ByOwnerPrefix):
    code, name, severity, summary, prefix = "TST002", "test-warning", WARNING, "Test warning", "warn"


class InfoRule(_ByOwnerPrefix):
    code, name, severity, summary, prefix = "TST003", "test-info", INFO, "Test info", "info"


class HostileRule(Rule):
    """## What it checks
    Test rule: repeats the text of TXT records at owners starting with `hostile`, so messages and
    help texts carry `%`, `,`, `:`, real newlines and carriage returns (`\\010`, `\\013`), ESC and
    non-ASCII text.
    """

    code, name, severity, summary = "TST010", "test-hostile", WARNING, "Echoes hostile TXT text"

    def check(self, ctx):
        for rec in ctx.zone.records:
            if rec.rdtype == "TXT" and rec.owner.lower().startswith("hostile"):
                yield ctx.finding(rec, f"{rec.owner} says {_txt(rec)}", help=f"Unsay {_txt(rec)}")


class BoomRule(Rule):
    """## What it checks
    Test rule that crashes on zones with a TXT record at `boom`.
    """

    code, name, severity, summary = "TST099", "test-boom", ERROR, "Crashes on purpose"

    def check(self, ctx):
        for rec in ctx.zone.records:
            if rec.rdtype == "TXT" and rec.owner.lower().startswith("boom."):
                raise RuntimeError("boom: the test rule crashed on purpose")
        return ()


PLUGIN = types.ModuleType("zonelint_test_ci_plugin")
PLUGIN.ZONELINT_API_VERSION = 1


@hookimpl
def _zonelint_rules():
    return [ErrRule, WarnRule, InfoRule, HostileRule, BoomRule]


PLUGIN.zonelint_rules = _zonelint_rules


def _registry():
    return load_registry(extra_plugins=[("testplug", PLUGIN)])


# --- helpers ------------------------------------------------------------------------------------

SOA = """$TTL 3600
@ IN SOA ns1 hostmaster 1 3600 600 86400 300
@ IN NS ns1
ns1 IN A 192.0.2.1
"""

CLEAN = "$ORIGIN example.com.\n" + SOA + """host1 IN A 192.0.2.2
_xmpp-client._tcp IN SRV 5 0 5222 host1
"""

# ZL101 on line 6, TST001 (error) line 9, TST002 (warning) line 10, TST003 (info) line 11,
# ZL005 (warning) line 12.
EVERY = "$ORIGIN example.com.\n" + SOA + """_xmpp-server._tcp IN SRV 5 0 5269 xmpp
xmpp IN CNAME host1
host1 IN A 192.0.2.2
err IN TXT "e"
warn IN TXT "w"
info IN TXT "i"
www.example.org. IN A 192.0.2.3
"""


@pytest.fixture
def lint(tmp_path, monkeypatch, capsys):
    """``lint(*args) -> (exit code, stdout, stderr)``: the real CLI in ``tmp_path`` (which is the
    lint root: no config file, no git), with the test plugin loaded."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_registry", _registry)

    def run(*args, select=SELECT):
        argv = ["--no-config", "--no-progress", "-j", "1"]
        if select:
            argv += ["--select", select]
        rc = cli.main(argv + [str(a) for a in args])
        out, err = capsys.readouterr()
        return rc, out, err

    return run


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


_VALIDATOR = None


def validate_sarif(doc: dict) -> None:
    global _VALIDATOR
    if _VALIDATOR is None:
        schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _VALIDATOR = cls(schema)
    errors = sorted(_VALIDATOR.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def sarif(lint, *args) -> tuple[int, dict]:
    rc, out, _ = lint("--format", "sarif", *args)
    doc = json.loads(out)
    validate_sarif(doc)
    return rc, doc


def results(doc: dict) -> list[dict]:
    return doc["runs"][0]["results"]


def fingerprint_of(result: dict) -> str:
    return result["partialFingerprints"]["zonelint/v1"]


def location(result: dict) -> tuple[str, int]:
    loc = result["locations"][0]["physicalLocation"]
    return loc["artifactLocation"]["uri"], loc["region"]["startLine"]


# --- SARIF --------------------------------------------------------------------------------------


def test_schema_is_the_official_errata01_copy():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    assert jsonschema.validators.validator_for(schema) is jsonschema.Draft4Validator


def test_schema_validation_rejects_a_broken_log(tmp_path, lint):
    write(tmp_path / "example.com.zone", EVERY)
    _, out, _ = lint("--format", "sarif", "example.com.zone")
    doc = json.loads(out)
    results(doc)[0]["level"] = "fatal"
    results(doc)[0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(AssertionError, match="fatal"):
        validate_sarif(doc)


def test_sarif_clean_zone_through_python_m(tmp_path):
    write(tmp_path / "example.com.zone", CLEAN)
    proc = subprocess.run(
        [sys.executable, "-m", "zonelint", "--no-config", "--format", "sarif", "--select", "ZL001,ZL005,ZL101", "example.com.zone"],
        cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    validate_sarif(doc)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0" and doc["$schema"]
    assert run["results"] == []
    assert run["invocations"][0]["executionSuccessful"] is True
    assert run["invocations"][0]["exitCode"] == 0
    driver = run["tool"]["driver"]
    assert driver["name"] == "zonelint" and driver["version"] and driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["ZL000", "ZL001", "ZL005", "ZL101"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_sarif_every_severity(tmp_path, lint):
    write(tmp_path / "zones" / "example.com.zone", EVERY)
    rc, doc = sarif(lint, "zones")
    assert rc == 1
    run = doc["runs"][0]
    res = results(doc)
    assert [(r["ruleId"], r["level"]) for r in res] == [
        ("ZL101", "error"),
        ("TST001", "error"),
        ("TST002", "warning"),
        ("ZL005", "warning"),
        ("TST003", "note"),
    ]  # most severe first, then path and line
    rules = run["tool"]["driver"]["rules"]
    # ZL000 first, then every selected rule (built-in and plugin) sorted by code
    assert [r["id"] for r in rules] == ["ZL000", "TST001", "TST002", "TST003", "TST010", "TST099", "ZL001", "ZL005", "ZL101"]
    for r in res:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        phys = r["locations"][0]["physicalLocation"]
        assert phys["artifactLocation"] == {"uri": "zones/example.com.zone", "uriBaseId": "%SRCROOT%"}
        assert len(fingerprint_of(r)) == 64
    by_id = {r["id"]: r for r in rules}
    assert {k: by_id[k]["defaultConfiguration"]["level"] for k in ("TST001", "TST002", "TST003")} == {
        "TST001": "error", "TST002": "warning", "TST003": "note"}
    zl101 = by_id["ZL101"]
    from zonelint.rules.targets import TargetCname

    assert zl101["name"] == "target-cname"
    assert zl101["shortDescription"]["text"] == TargetCname.summary
    assert zl101["fullDescription"]["text"] == (
        "An SRV target, MX exchange or NS host that owns a CNAME in any loaded zone. With `--resolve`, a "
        "target outside every loaded zone is looked up in DNS and judged too; the message then says the "
        "answer came from DNS."
    )
    assert zl101["help"]["markdown"] == TargetCname.documentation() == zl101["help"]["text"]
    assert "srv" in zl101["properties"]["tags"]
    assert not any("security-severity" in r.get("properties", {}) for r in rules)
    # plugin rules: in driver.rules, naming their plugin, and the plugin listed as an extension
    assert by_id["TST001"]["properties"]["plugin"] == "testplug"
    assert "plugin" not in zl101["properties"]
    assert run["tool"]["extensions"] == [{"name": "testplug"}]
    # the ZL101 result: region, snippet, owner as logical location
    first = res[0]
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 6, "startColumn": 1, "endLine": 6, "endColumn": 39,
        "snippet": {"text": "_xmpp-server._tcp IN SRV 5 0 5269 xmpp"},
    }
    assert first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "_xmpp-server._tcp.example.com."
    assert run["invocations"][0] == {"executionSuccessful": True, "exitCode": 1}


def test_sarif_snippet_of_a_multi_line_record(tmp_path, lint):
    zone = "$ORIGIN example.com.\n" + SOA + "xmpp IN CNAME host1\nhost1 IN A 192.0.2.2\n" + \
        "_xmpp-server._tcp IN SRV ( 5 0\n    5269 xmpp )  ; multi-line\n"
    write(tmp_path / "example.com.zone", zone)
    _, doc = sarif(lint, "example.com.zone")
    (res,) = results(doc)
    region = res["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["endLine"]) == (8, 9)
    assert region["snippet"]["text"] == "_xmpp-server._tcp IN SRV ( 5 0\n    5269 xmpp )  ; multi-line"


def test_sarif_parse_error(tmp_path, lint):
    write(tmp_path / "example.com.zone", CLEAN + "www   IN   A    999.0.2.7   ; typo\n")
    rc, doc = sarif(lint, "example.com.zone")
    assert rc == 1
    (res,) = results(doc)
    assert res["ruleId"] == "ZL001" and res["level"] == "error"
    phys = res["locations"][0]["physicalLocation"]
    assert phys["region"]["startLine"] == 8
    assert phys["region"]["startColumn"] == 17  # the offending token
    assert phys["region"]["snippet"]["text"] == "999.0.2.7   ; typo"
    assert phys["contextRegion"]["snippet"]["text"] == "www   IN   A    999.0.2.7   ; typo"


def test_sarif_internal_error_and_unreadable_path(tmp_path, lint):
    write(tmp_path / "example.com.zone", CLEAN + 'boom IN TXT "x"\n')
    rc, doc = sarif(lint, "example.com.zone", "missing.zone")
    assert rc == 2
    run = doc["runs"][0]
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False and inv["exitCode"] == 2
    notes = inv["toolExecutionNotifications"]
    texts = [n["message"]["text"] for n in notes]
    assert any("missing.zone" in t and "no such file" in t for t in texts)
    (crash,) = [n for n in notes if n.get("associatedRule", {}).get("id") == "ZL000"]
    assert crash["level"] == "error" and "TST099" in crash["message"]["text"] and "RuntimeError" in crash["message"]["text"]
    assert crash["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "example.com.zone"
    zl000 = [r for r in results(doc) if r["ruleId"] == "ZL000"]
    assert len(zl000) == 1 and run["tool"]["driver"]["rules"][zl000[0]["ruleIndex"]]["id"] == "ZL000"


def test_sarif_result_cap(tmp_path, lint, monkeypatch):
    lines = [f'err{i} IN TXT "e"' for i in range(4)] + [f'warn{i} IN TXT "w"' for i in range(6)] + \
        [f'info{i} IN TXT "i"' for i in range(5)]
    write(tmp_path / "example.com.zone", CLEAN + "\n".join(lines) + "\n")
    _, doc = sarif(lint, "example.com.zone", "--sarif-max-results", "6")
    res = results(doc)
    assert [r["level"] for r in res] == ["error"] * 4 + ["warning"] * 2
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any(n["level"] == "warning" and n["message"]["text"].startswith("9 of 15 results were left out") for n in notes)
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is True
    _, doc = sarif(lint, "example.com.zone", "--sarif-max-results", "0")
    assert len(results(doc)) == 15 and "toolExecutionNotifications" not in doc["runs"][0]["invocations"][0]
    # the default cap (25,000, patched small here) applies without the option
    from zonelint.report import sarif as sarif_module

    monkeypatch.setattr(sarif_module, "DEFAULT_MAX_RESULTS", 5)
    _, doc = sarif(lint, "example.com.zone")
    assert len(results(doc)) == 5
    rc, _, err = lint("--format", "sarif", "--sarif-max-results", "-1", "example.com.zone")
    assert rc == 2 and "--sarif-max-results" in err


# --- fingerprints -------------------------------------------------------------------------------


def test_fingerprints_survive_inserted_lines(tmp_path, lint):
    zone = tmp_path / "example.com.zone"
    write(zone, EVERY + "bad IN A 999.0.2.7\n")
    _, before = sarif(lint, zone.name)
    lines = EVERY.splitlines(keepends=True)
    shifted = lines[:2] + ["; a comment\n", "\n", "extra IN A 192.0.2.99\n", "extra IN A 192.0.2.98\n"] + lines[2:]
    write(zone, "".join(shifted) + "bad IN A 999.0.2.7\n")
    _, after = sarif(lint, zone.name)
    assert len(results(before)) == len(results(after)) == 6
    fb = {r["ruleId"]: fingerprint_of(r) for r in results(before)}
    fa = {r["ruleId"]: fingerprint_of(r) for r in results(after)}
    assert fb == fa
    lines_before = {r["ruleId"]: location(r)[1] for r in results(before)}
    lines_after = {r["ruleId"]: location(r)[1] for r in results(after)}
    assert all(lines_after[k] == lines_before[k] + 4 for k in lines_before)  # they did move
    # the same stability holds for GitLab fingerprints
    _, out1, _ = lint("--format", "gitlab", zone.name)
    write(zone, EVERY + "bad IN A 999.0.2.7\n")
    _, out2, _ = lint("--format", "gitlab", zone.name)
    assert {i["fingerprint"] for i in json.loads(out1)} == {i["fingerprint"] for i in json.loads(out2)}


def test_fingerprints_survive_reordered_files_and_never_collide_across_files(tmp_path, lint):
    write(tmp_path / "one" / "example.com.zone", EVERY)
    write(tmp_path / "two" / "example.com.zone", EVERY)
    _, ab = sarif(lint, "one/example.com.zone", "two/example.com.zone")
    _, ba = sarif(lint, "two/example.com.zone", "one/example.com.zone")
    key = lambda r: (location(r), r["ruleId"])  # noqa: E731
    map_ab = {key(r): fingerprint_of(r) for r in results(ab)}
    map_ba = {key(r): fingerprint_of(r) for r in results(ba)}
    assert map_ab == map_ba
    assert len(set(map_ab.values())) == len(map_ab) == 10  # same owners in two files: no collision


def test_fingerprints_are_unique_for_duplicate_records(tmp_path, lint):
    dup = '_xmpp-server._tcp IN SRV 5 0 5269 xmpp\n'
    zone = "$ORIGIN example.com.\n" + SOA + "xmpp IN CNAME host1\nhost1 IN A 192.0.2.2\n" + dup + dup + \
        "bad IN A 999.0.2.7\nbad IN A 999.0.2.7\n"
    write(tmp_path / "example.com.zone", zone)
    _, doc = sarif(lint, "example.com.zone")
    res = results(doc)
    assert sorted(r["ruleId"] for r in res) == ["ZL001", "ZL001", "ZL101", "ZL101"]
    assert len({fingerprint_of(r) for r in res}) == 4
    _, out, _ = lint("--format", "gitlab", "example.com.zone")
    issues = json.loads(out)
    assert len({i["fingerprint"] for i in issues}) == 4


def test_fingerprint_module_directly(tmp_path):
    """Moving a record within its file keeps its fingerprint; owner case does not matter."""
    from zonelint.fingerprint import fingerprints
    from zonelint.testing import lint_files

    path = write(tmp_path / "example.com.zone", "$ORIGIN example.com.\n" + SOA +
                 "_xmpp-server._tcp IN SRV 5 0 5269 xmpp\nxmpp IN CNAME host1\nhost1 IN A 192.0.2.2\n")
    f1 = lint_files([path], select=["ZL101"])
    fp1 = fingerprints(f1, str(tmp_path))
    write(path, "$ORIGIN example.com.\n" + SOA +
          "xmpp IN CNAME host1\nhost1 IN A 192.0.2.2\n_XMPP-Server._TCP IN SRV 5 0 5269 XMPP\n")
    f2 = lint_files([path], select=["ZL101"])
    assert f2[0].line != f1[0].line
    assert fingerprints(f2, str(tmp_path)) == fp1


# --- escaping -----------------------------------------------------------------------------------

HOSTILE_DIR = "we,ird:dir%"
HOSTILE = "$ORIGIN example.com.\n" + SOA + r"""_xmpp-client._tcp IN SRV 5 0 5222 pc%t\,co:lon\010nl
pc%t\,co:lon\010nl IN CNAME host1
host1 IN A 192.0.2.2
hostile IN TXT "100% sure, see: line\010two\013three café ☃"
"""
HOSTILE_MESSAGE = "hostile.example.com. says 100% sure, see: line\ntwo\rthree café ☃"
HOSTILE_HELP = "Unsay 100% sure, see: line\ntwo\rthree café ☃"


def test_github_escaping(tmp_path, lint):
    write(tmp_path / HOSTILE_DIR / "example.com.zone", HOSTILE)
    rc, out, _ = lint("--format", "github", HOSTILE_DIR)
    assert rc == 1
    lines = out.splitlines()
    assert len(lines) == 2  # one command per finding: no raw newline escaped the message
    zl101, hostile = lines
    assert zl101.startswith(
        "::error file=we%2Cird%3Adir%25/example.com.zone,line=6,col=1,title=ZL101 target-cname::"
        "SRV target pc%25t,co:lon\\010nl.example.com. is an alias"
    )
    assert hostile == (
        "::warning file=we%2Cird%3Adir%25/example.com.zone,line=9,col=1,title=TST010 test-hostile::"
        "hostile.example.com. says 100%25 sure, see: line%0Atwo%0Dthree café ☃. "
        "Unsay 100%25 sure, see: line%0Atwo%0Dthree café ☃"
    )


def test_github_escaping_helpers():
    from zonelint.report.github import command, escape_data, escape_property

    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    assert command("notice", "x", title="a,b") == "::notice title=a%2Cb::x"
    assert command("notice", "just text") == "::notice::just text"


def test_sarif_escaping(tmp_path, lint):
    write(tmp_path / HOSTILE_DIR / "example.com.zone", HOSTILE)
    _, doc = sarif(lint, HOSTILE_DIR)
    zl101, hostile = results(doc)
    assert hostile["message"]["text"] == f"{HOSTILE_MESSAGE}. {HOSTILE_HELP}"
    assert location(hostile) == ("we%2Cird%3Adir%25/example.com.zone", 9)
    assert zl101["locations"][0]["logicalLocations"][0]["name"] == "_xmpp-client._tcp.example.com."
    assert "pc%t,co:lon\\010nl.example.com." in zl101["message"]["text"]
    snippet = hostile["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
    assert snippet == 'hostile IN TXT "100% sure, see: line\\010two\\013three café ☃"'
    # the file itself is UTF-8 JSON with the non-ASCII text as is
    rc, out, _ = lint("--format", "sarif", "-o", "out.sarif", HOSTILE_DIR)
    assert out == ""
    raw = (tmp_path / "out.sarif").read_bytes()
    assert "café ☃".encode() in raw and json.loads(raw.decode("utf-8")) == doc


def test_gitlab_escaping_and_shape(tmp_path, lint):
    write(tmp_path / HOSTILE_DIR / "example.com.zone", HOSTILE)
    rc, out, _ = lint("--format", "gitlab", HOSTILE_DIR)
    assert rc == 1
    issues = json.loads(out)
    assert isinstance(issues, list) and len(issues) == 2
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["path"] == f"{HOSTILE_DIR}/example.com.zone"
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    by_code = {i["check_name"]: i for i in issues}
    assert by_code["TST010"]["description"] == f"TST010 {HOSTILE_MESSAGE}. {HOSTILE_HELP}"
    assert by_code["TST010"]["severity"] == "minor" and by_code["ZL101"]["severity"] == "major"
    assert by_code["TST010"]["location"]["lines"]["begin"] == 9


# --- message and help -------------------------------------------------------------------------


def _json_findings(lint, *args) -> dict:
    _, out, _ = lint("--format", "json", *args)
    return {f["code"]: f for f in json.loads(out)["findings"]}


def test_help_follows_the_message_in_sarif_github_and_gitlab(tmp_path, lint):
    """#16.1: one text per finding in these formats: the message (the first sentence, what
    code-scanning summaries show), then the help; a plugin finding without help keeps its message
    alone. SARIF's rule descriptor keeps the rule's full documentation as its help."""
    write(tmp_path / "example.com.zone", EVERY)
    by_code = _json_findings(lint, ".")
    zl101, tst001 = by_code["ZL101"], by_code["TST001"]
    assert zl101["help"].startswith("RFC 2782 and RFC 2181 §10.3 forbid aliases here")
    assert len(zl101["message"]) <= 120 and tst001["help"] is None
    both = f"{zl101['message']}. {zl101['help']}"

    _, doc = sarif(lint, ".")
    texts = {r["ruleId"]: r["message"]["text"] for r in results(doc)}
    assert texts["ZL101"] == both and texts["TST001"] == tst001["message"]
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    from zonelint.plugins import load_registry as _load

    assert rules["ZL101"]["help"]["text"] == _load(installed=False).rules["ZL101"].documentation()

    _, out, _ = lint("--format", "github", ".")
    lines = {line.split("title=", 1)[1].split(" ", 1)[0]: line for line in out.splitlines() if "title=" in line}
    assert lines["ZL101"].endswith("::" + both.replace("%", "%25"))
    assert lines["TST001"].endswith("::" + tst001["message"])

    _, out, _ = lint("--format", "gitlab", ".")
    desc = {i["check_name"]: i["description"] for i in json.loads(out)}
    assert desc["ZL101"] == f"ZL101 {both}" and desc["TST001"] == f"TST001 {tst001['message']}"


def test_sarif_fixable_finding_keeps_the_message_alone(tmp_path, lint):
    """A finding ``--fix`` would fix: its help describes the fix (``fixes[].description``) and
    ``message.text`` is the message alone."""
    write(tmp_path / "example.com.zone", "$ORIGIN example.com.\n" + SOA + """@ IN TXT "v=spf1 -all"
@ IN SPF "v=spf1 -all"
www 3600 IN A 192.0.2.5
""")
    _, out, _ = lint("--format", "json", ".", select="ZL110")
    [f] = json.loads(out)["findings"]
    _, out, _ = lint("--format", "sarif", ".", select="ZL110")
    doc = json.loads(out)
    validate_sarif(doc)
    [result] = results(doc)
    assert result["fixes"][0]["description"]["text"] == f["help"]
    assert result["message"]["text"] == f["message"]


def test_text_shows_help_only_with_show_help(tmp_path, lint):
    write(tmp_path / "example.com.zone", EVERY)
    by_code = _json_findings(lint, ".")
    _, plain, _ = lint("--format", "text", ".")
    assert "help:" not in plain and len(plain.splitlines()) == 6  # five findings and the summary
    _, out, _ = lint("--format", "text", "--show-help", ".")
    lines = out.splitlines()
    i = next(k for k, line in enumerate(lines) if " ZL101 " in line)
    assert lines[i] == f"example.com.zone:6:1: ZL101 [error] {by_code['ZL101']['message']}"
    assert lines[i + 1] == f"    help: {by_code['ZL101']['help']}"
    j = next(k for k, line in enumerate(lines) if " TST001 " in line)
    assert not lines[j + 1].startswith("    help:")  # a plugin finding without help: no line
    assert [line for line in lines if not line.startswith("    help: ")] == plain.splitlines()


def test_show_help_escapes_the_help_as_the_message(tmp_path, lint):
    """A help text carries zone data too: in text it is escaped like the message, so a newline in
    it cannot start a line of its own (nor ESC drive the terminal)."""
    write(tmp_path / "example.com.zone", HOSTILE.replace("three café", "th\\027[31mree café"))
    _, out, _ = lint("--format", "text", "--show-help", ".")
    [help_line] = [line for line in out.splitlines() if line.startswith("    help: Unsay")]
    assert help_line == "    help: Unsay 100% sure, see: line\\x0atwo\\x0dth\\x1b[31mree café ☃"
    assert "\x1b" not in out and out.count("\n") == len(out.splitlines())


def test_gitlab_severities_and_clean_zone(tmp_path, lint):
    write(tmp_path / "example.com.zone", EVERY)
    _, out, _ = lint("--format", "gitlab", "example.com.zone")
    sev = {i["check_name"]: i["severity"] for i in json.loads(out)}
    assert sev == {"ZL101": "major", "TST001": "major", "TST002": "minor", "TST003": "info", "ZL005": "minor"}
    write(tmp_path / "example.com.zone", CLEAN)
    rc, out, _ = lint("--format", "gitlab", "example.com.zone")
    assert rc == 0 and json.loads(out) == []


# --- GitHub annotation limit --------------------------------------------------------------------


def test_github_ten_per_level_notice(tmp_path, lint):
    lines = [f'err{i} IN TXT "e"' for i in range(3)] + [f'warn{i:02} IN TXT "w"' for i in range(13)] + \
        [f'info{i} IN TXT "i"' for i in range(2)]
    write(tmp_path / "example.com.zone", CLEAN + "\n".join(lines) + "\n")
    rc, out, _ = lint("--format", "github", "example.com.zone")
    out_lines = out.splitlines()
    assert len(out_lines) == 3 + 13 + 2 + 1
    assert [ln.split(" ", 1)[0] for ln in out_lines[:-1]] == ["::error"] * 3 + ["::warning"] * 13 + ["::notice"] * 2
    last = out_lines[-1]
    assert last.startswith("::notice ") and "::3 more zonelint findings (3 warnings) not shown" in last


def test_github_no_notice_at_ten(tmp_path, lint):
    lines = [f'warn{i:02} IN TXT "w"' for i in range(10)]
    write(tmp_path / "example.com.zone", CLEAN + "\n".join(lines) + "\n")
    _, out, _ = lint("--format", "github", "example.com.zone")
    assert len(out.splitlines()) == 10 and "more zonelint" not in out


# --- baseline -----------------------------------------------------------------------------------


def _zl(tmp_path, *args):
    proc = subprocess.run(
        [sys.executable, "-m", "zonelint", "--no-config", "--select", "ZL001,ZL005,ZL101", "--format", "text", *args],
        cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
    )
    return proc.returncode, proc.stdout, proc.stderr


OLD = "$ORIGIN example.com.\n" + SOA + """_xmpp-server._tcp IN SRV 5 0 5269 xmpp
xmpp IN CNAME host1
host1 IN A 192.0.2.2
www.example.org. IN A 192.0.2.3
bad IN A 999.0.2.7
"""


@pytest.mark.slow
def test_baseline_round_trip(tmp_path):
    zone = write(tmp_path / "zones" / "example.com.zone", OLD)
    rc, out, err = _zl(tmp_path, "--write-baseline", ".zonelint-baseline.json", "zones")
    assert rc == 0, err
    assert "wrote 3 findings" in err
    doc = json.loads((tmp_path / ".zonelint-baseline.json").read_text(encoding="utf-8"))
    assert {(e["code"], e["path"], e["owner"]) for e in doc["entries"] if e["code"] != "ZL001"} == {
        ("ZL101", "zones/example.com.zone", "_xmpp-server._tcp.example.com."),
        ("ZL005", "zones/example.com.zone", "www.example.org."),
    }
    assert [(e["code"], e["path"]) for e in doc["entries"] if e["code"] == "ZL001"] == [
        ("ZL001", "zones/example.com.zone")]
    assert all(e["message"] and re.fullmatch(r"[0-9a-f]{64}", e["fingerprint"]) for e in doc["entries"])
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # atomic: no leftovers

    rc, out, err = _zl(tmp_path, "--baseline", ".zonelint-baseline.json", "zones")
    assert rc == 0, out + err
    assert "3 findings baselined, 0 baseline entries no longer match" in out

    # a new finding, and lines inserted above the old ones: only the new one is reported
    lines = OLD.splitlines(keepends=True)
    new = lines[:6] + ["; inserted\n", "\n", "_sip._udp IN SRV 5 0 5060 xmpp\n"] + lines[6:]
    zone.write_text("".join(new), encoding="utf-8")
    rc, out, err = _zl(tmp_path, "--baseline", ".zonelint-baseline.json", "zones")
    assert rc == 1
    reported = [ln for ln in out.splitlines() if ": ZL" in ln]
    assert reported == [ln for ln in reported if ":9:1: ZL101" in ln] and len(reported) == 1
    assert "3 findings baselined, 0 baseline entries no longer match" in out

    # fixing an old finding leaves a stale entry, reported so the baseline can shrink
    zone.write_text("".join(new).replace("bad IN A 999.0.2.7\n", "bad IN A 192.0.2.7\n"), encoding="utf-8")
    rc, out, err = _zl(tmp_path, "--baseline", ".zonelint-baseline.json", "zones")
    assert "2 findings baselined, 1 baseline entry no longer matches" in out


def test_baseline_in_sarif_and_with_duplicates(tmp_path, lint):
    dup = "_xmpp-server._tcp IN SRV 5 0 5269 xmpp\n"
    base = "$ORIGIN example.com.\n" + SOA + "xmpp IN CNAME host1\nhost1 IN A 192.0.2.2\n" + dup
    write(tmp_path / "example.com.zone", base)
    rc, _, _ = lint("--write-baseline", "bl.json", "example.com.zone")
    assert rc == 0
    write(tmp_path / "example.com.zone", base + dup)  # a duplicate of a baselined record is new
    _, full = sarif(lint, "example.com.zone")
    rc, doc = sarif(lint, "--baseline", "bl.json", "example.com.zone")
    assert rc == 1
    (res,) = results(doc)
    assert res["baselineState"] == "new"
    assert location(res)[1] == 9
    # the fingerprint is the one of the full run (duplicates numbered over all findings)
    assert fingerprint_of(res) == {location(r)[1]: fingerprint_of(r) for r in results(full)}[9]
    _, out, _ = lint("--format", "gitlab", "--baseline", "bl.json", "example.com.zone")
    assert json.loads(out)[0]["fingerprint"] == fingerprint_of(res)[:32]


def test_baseline_counts_with_json_and_exit_zero(tmp_path, lint):
    write(tmp_path / "example.com.zone", EVERY)
    lint("--write-baseline", "bl.json", "example.com.zone")
    rc, out, _ = lint("--format", "json", "--baseline", "bl.json", "example.com.zone")
    doc = json.loads(out)
    assert rc == 0 and doc["findings"] == [] and doc["summary"]["findings"] == 0
    assert doc["notes"] == ["5 findings baselined, 0 baseline entries no longer match (bl.json)"]


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "does not exist"),
        ("{not json", "is not valid JSON"),
        ('{"entries": []}', "is not a zonelint baseline"),
        ('{"zonelint-baseline": 1, "entries": [{"code": "ZL101"}]}', "has no \"fingerprint\""),
        ('{"zonelint-baseline": 99, "entries": []}', "version"),
    ],
)
def test_baseline_missing_or_invalid(tmp_path, lint, content, message):
    write(tmp_path / "example.com.zone", EVERY)
    if content is not None:
        write(tmp_path / "bl.json", content)
    rc, out, err = lint("--baseline", "bl.json", "example.com.zone")
    assert rc == 2 and out == ""
    assert err.startswith("zonelint: error: baseline file 'bl.json'") and message in err


def test_baseline_and_write_baseline_exclusive(tmp_path, lint):
    write(tmp_path / "example.com.zone", EVERY)
    rc, _, err = lint("--baseline", "a.json", "--write-baseline", "b.json", "example.com.zone")
    assert rc == 2 and "cannot be combined" in err


def test_incomplete_runs_write_no_baseline(tmp_path, lint):
    write(tmp_path / "example.com.zone", EVERY)
    assert lint("--write-baseline", "bl.json", "example.com.zone")[0] == 0
    good = (tmp_path / "bl.json").read_text(encoding="utf-8")
    # a mistyped path must not replace a good baseline with an empty one
    rc, out, err = lint("--write-baseline", "bl.json", "exmaple.com.zone")
    assert rc == 2 and "not written" in err and "no such file" in err
    assert (tmp_path / "bl.json").read_text(encoding="utf-8") == good
    # nor may a run where a rule crashed
    write(tmp_path / "example.com.zone", EVERY + 'boom IN TXT "x"\n')
    rc, out, err = lint("--write-baseline", "bl.json", "example.com.zone")
    assert rc == 2 and "not written" in err
    assert (tmp_path / "bl.json").read_text(encoding="utf-8") == good


def test_internal_errors_are_never_baselined(tmp_path, lint):
    from zonelint import baseline
    from zonelint.engine import internal_error

    write(tmp_path / "example.com.zone", CLEAN + 'boom IN TXT "x"\n')
    rc, out, _ = lint("--format", "github", "example.com.zone")
    assert rc == 2 and "title=ZL000 internal-error::" in out

    class FakeReport:
        lint_root = str(tmp_path)
        findings = [internal_error(None, types.SimpleNamespace(path=str(tmp_path / "example.com.zone"),
                                                               display="example.com.zone", text=None), "crash")]
    assert baseline.entries(FakeReport()) == []
    write(tmp_path / "bl.json", '{"zonelint-baseline": 1, "entries": []}')
    rc, out, _ = lint("--format", "github", "--baseline", "bl.json", "example.com.zone")
    assert rc == 2 and "title=ZL000 internal-error::" in out


# --- imports ------------------------------------------------------------------------------------


def test_ci_formats_import_neither_rich_nor_jsonschema(tmp_path):
    write(tmp_path / "example.com.zone", EVERY)
    code = (
        "import sys\n"
        "from zonelint.cli import main\n"
        "for fmt in ('sarif', 'github', 'gitlab'):\n"
        "    main(['--no-config', '--no-progress', '--format', fmt, '-o', 'out.' + fmt, 'example.com.zone'])\n"
        "bad = [m for m in ('rich', 'jsonschema') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    validate_sarif(json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8")))
