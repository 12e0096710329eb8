"""Every built-in rule's fixtures, run through ``zonelint.testing`` (the harness plugin authors get).

Layout: ``fixtures/rules/<CODE>/`` holds ``bad*.zone`` and ``good*.zone`` files, and optionally
scenario folders (several zone files linted together in one run, for cross-zone rules). Every zone
file sets ``$ORIGIN`` before its first record. Expected findings are written on the line where
they must appear:

    _xmpp-server._tcp IN SRV 5 0 5269 alias   ; expect: ZL101 error

An optional ``zonelint.toml`` in the rule folder or scenario folder gives rule ``options`` (a table
per code) and a ``profile``.

- A bad file (or scenario) must produce exactly the expected ``(code, line, severity)`` set for
  its rule's code (other rules are not selected, so one fault's neighbours don't blur the test).
- A good file (or a scenario folder named ``good*``) must be silent under **every** rule.

``assert_fixture`` does all of that; this module adds what zonelint demands of its own fixtures
beyond the harness: every expectation names its severity, and every rule has both kinds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zonelint.testing import assert_fixture, expected_from_comments, fixture_cases

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
CASES = fixture_cases(ROOT)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fixture(case):
    for f in case.files:
        for _code, line, sev in expected_from_comments(f):
            assert sev in ("error", "warning", "info"), f"{f}:{line}: '; expect:' must name code and severity"
    assert_fixture(case)


def test_every_fixture_zone_is_in_one_case():
    """No fixture is skipped by the harness's collection, none is linted twice."""
    in_cases = sorted(str(Path(f)) for c in CASES for f in c.files)
    on_disk = sorted(str(p) for p in ROOT.glob("*/*.zone")) + sorted(str(p) for p in ROOT.glob("*/*/*.zone"))
    assert in_cases == sorted(on_disk)
    assert any(c.good for c in CASES) and any(not c.good for c in CASES)
    assert any(c.id.endswith("/") and c.good for c in CASES)  # good scenario folders too


def test_every_rule_has_good_and_bad_fixtures():
    from zonelint.plugins import load_registry

    reg = load_registry()
    missing = []
    for code, cls in reg.rules.items():
        if cls.plugin != "builtin" or code in ("ZL006",):
            continue
        d = ROOT / code
        names = [p.name for p in d.iterdir()] if d.is_dir() else []
        if not any(n.startswith("bad") for n in names) or not any(n.startswith("good") for n in names):
            missing.append(code)
    assert missing == [], f"rules without a good and a bad fixture: {missing}"
