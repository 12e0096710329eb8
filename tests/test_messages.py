"""Messages in two parts (#16.1): every finding of a built-in rule has a short ``message`` (the
diagnosis: one line, at most 120 characters) and a ``help`` (the fix, with its citation).

The bound is checked on what the rules really say: every built-in rule over every fixture of
``fixtures/`` (the rule fixtures with their options and profiles, the seeds, the plugin fixtures)
and every zone of the shared corpus (``../shared/corpus``: real-world and peer test zones), plus
zones written here with the longest names DNS allows.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from zonelint.plugins import load_registry
from zonelint.rules.helpers import brief
from zonelint.testing import fixture_cases, lint_files, lint_text, message_problems

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
#: codes no fixture or corpus zone can produce here, with the test that covers their text
COVERED_ELSEWHERE = {
    "ZL000": "tests/test_plugins.py (a crashing rule)",
    "ZL607": "tests/test_serial.py::test_unchanged_serial_fires_at_soa_with_message (needs a git base)",
    **{
        code: "tests/test_drift.py::test_fixture_against_its_served_copy (needs a served copy)"
        for code in ("ZL020", "ZL021", "ZL022", "ZL023")
    },
}


def _builtin_codes() -> set[str]:
    reg = load_registry(installed=False)
    return {code for code, cls in reg.rules.items() if cls.plugin == "builtin"}


def _zone_files(folder: Path) -> list[str]:
    skip = (".md", ".tsv", ".toml", ".py", ".json", ".txt", ".yaml", ".yml")
    return sorted(
        str(p) for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".") and not p.name.endswith(skip)
    )


@pytest.fixture(scope="module")
def every_finding():
    """Every finding of every built-in rule over the fixtures and the corpus."""
    found = []
    for case in fixture_cases(ROOT / "fixtures" / "rules"):
        settings = case.settings
        found += lint_files(case.files, options=settings.get("options"), profile=settings.get("profile"))
    others = [p for p in _zone_files(ROOT / "fixtures") if f"{os.sep}rules{os.sep}" not in p]
    others += _zone_files(CORPUS) if CORPUS.is_dir() else []
    for path in others:
        found += lint_files([path])
    return found


def test_every_builtin_finding_has_a_short_message_and_a_help(every_finding):
    builtin = _builtin_codes()
    mine = [f for f in every_finding if f.code in builtin]
    assert len(mine) > 1000  # the fixtures and the corpus really were linted
    problems = message_problems(mine)
    assert problems == [], f"{len(problems)} findings break the message/help split:\n" + "\n".join(problems[:30])


def test_every_builtin_rule_was_seen(every_finding):
    """The bound above means something for every built-in code: each fired at least once (or is
    covered by the test named in COVERED_ELSEWHERE)."""
    seen = {f.code for f in every_finding}
    unseen = sorted(_builtin_codes() - seen - set(COVERED_ELSEWHERE))
    assert unseen == [], f"built-in codes no fixture produced: {unseen}"


def test_the_corpus_is_there():
    """CI has ../shared beside the clone: the corpus half of the bound is not silently skipped."""
    assert CORPUS.is_dir() and len(_zone_files(CORPUS)) > 100


LONG_LABEL = "a" * 63
#: a 253-character name (the longest DNS allows) below example.com.
LONG = ".".join([LONG_LABEL] * 3 + ["b" * 48]) + ".example.com."


def test_messages_stay_short_with_the_longest_names(tmp_path):
    """Names of 253 characters in owner, target and rdata position: the message shortens them
    (``...``), the help names them in full."""
    assert len(LONG) == 253
    text = f"""$ORIGIN example.com.
$TTL 3600
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
@ IN NS ns1
ns1 IN A 192.0.2.1
{LONG} 0 IN CNAME {LONG.replace('b' * 48, 'c' * 48)}
{LONG} IN TXT "x"
_sip._tcp IN SRV 5 0 5060 {LONG}
_sips._tcp IN SRV 5 0 5061 {LONG.replace('b' * 48, 'h' * 48)}
_xmpp-server._tcp IN SRV 5 0 0 {LONG.replace('b' * 48, 'd' * 48)}
{LONG.replace('b' * 48, 'd' * 48)} IN CNAME ns1
{LONG.replace('b' * 48, 'e' * 48)} IN A 10.0.0.1
_xmpp-client._tcp IN SRV 5 0 5222 {LONG.replace('b' * 48, 'e' * 48)}
{LONG.replace('b' * 48, 'f' * 48)} IN MX 10 bad_name.example.com.
{LONG.replace('b' * 48, 'f' * 48)} IN MX 10 bad_name.example.com.
{LONG.replace('b' * 48, 'g' * 48)} IN SPF "v=spf1 -all"
"""
    findings = lint_text(text, tmp_path=tmp_path)
    codes = {f.code for f in findings}
    assert {"ZL602", "ZL701", "ZL703", "ZL103", "ZL202", "ZL101", "ZL704", "ZL110", "ZL111"} <= codes, codes
    assert message_problems(findings) == []
    names = {line.split()[0] for line in text.splitlines()[5:] if line.startswith(LONG_LABEL)}
    names |= {line.split()[-1] for line in text.splitlines()[5:] if line.split()[-1].startswith(LONG_LABEL)}
    shortened = [f for f in findings if "..." in f.message]
    assert len(shortened) >= 5
    for f in shortened:
        for name in names:
            if brief(name) in f.message and name != f.owner:
                assert name in (f.help or ""), (f.code, f.message, f.help)


def test_fit_message_keeps_every_word_in_the_help():
    from zonelint import MESSAGE_WIDTH, fit_message

    assert fit_message("short", None) == ("short", None)
    assert fit_message("short", "Fix it.") == ("short", "Fix it.")
    token = "x" * 200
    long = f"bad owner name '{token}': the name is longer than 255 octets"
    message, help = fit_message(long, "Correct it.")
    assert message == "bad owner name 'xxxxxxxxxxxxxx...xxxxxxxxxxxxxx': the name is longer than 255 octets"
    assert help == f"{long}. Correct it."
    words = " ".join(f"word{i}" for i in range(60))
    message, help = fit_message(words, None)
    assert len(message) <= MESSAGE_WIDTH and message.endswith("...") and help == words + "."
    message, help = fit_message("two\nlines", None)
    assert message == "two lines" and help == "two lines."


def test_internal_error_fits_one_line_and_says_what_to_do():
    """ZL000 (a rule crashed): the crash's text may be long; the message fits, the help has it all."""
    from zonelint.engine import internal_error
    from zonelint.model import SourceFile

    crash = "rule XB001 boom (plugin 'p') crashed on a.zone: RuntimeError: " + "detail " * 40
    f = internal_error(None, SourceFile(path="a.zone", display="a.zone"), crash)
    assert message_problems([f]) == []
    assert f.message.startswith("rule XB001 boom (plugin 'p') crashed on a.zone: RuntimeError: detail")
    assert f.help.startswith(crash.strip()) and "Report it to the rule's author" in f.help
