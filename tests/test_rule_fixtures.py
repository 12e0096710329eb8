"""One harness for every rule's fixtures.

Layout: ``fixtures/rules/<CODE>/`` holds ``bad*.zone`` and ``good*.zone`` files, and optionally
scenario folders (several zone files linted together in one run, for cross-zone rules). Every zone
file starts with ``$ORIGIN``. Expected findings are written on the line where they must appear:

    _xmpp-server._tcp IN SRV 5 0 5269 alias   ; expect: ZL101 error

An optional ``zonelint.toml`` in the rule folder or scenario folder gives rule ``options`` (a table
per code) and a ``profile``.

- A bad file (or scenario) must produce exactly the expected ``(code, line, severity)`` set for
  its rule's code (other rules are not selected, so one fault's neighbours don't blur the test).
- A good file (or a scenario folder named ``good*``) must be silent under **every** rule.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from zonelint.testing import codes_at, expected_from_comments, lint_files

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "rules"


def _cases():
    for rule_dir in sorted(p for p in ROOT.iterdir() if p.is_dir()):
        for item in sorted(rule_dir.iterdir()):
            if item.is_file() and item.suffix == ".zone":
                yield pytest.param(rule_dir.name, [item], id=f"{rule_dir.name}/{item.name}")
            elif item.is_dir():
                files = sorted(item.glob("*.zone"))
                if files:
                    yield pytest.param(rule_dir.name, files, id=f"{rule_dir.name}/{item.name}/")


def _settings(folder: Path) -> dict:
    cfg = folder / "zonelint.toml"
    if cfg.is_file():
        return tomllib.loads(cfg.read_text())
    return {}


def _is_good(files: list[Path]) -> bool:
    first = files[0]
    name = first.parent.name if len(files) > 1 or first.parent.parent != ROOT else first.name
    return name.startswith("good")


@pytest.mark.parametrize("code,files", list(_cases()))
def test_fixture(code, files):
    folder = files[0].parent
    settings = {**_settings(ROOT / code), **_settings(folder)}
    options = settings.get("options", {})
    profile = settings.get("profile")
    expected = set()
    for f in files:
        for c, line, sev in expected_from_comments(str(f)):
            assert sev in ("error", "warning", "info"), f"{f}:{line}: '; expect:' must name code and severity"
            expected.add((c, line, sev, f.name))
    if _is_good(files):
        findings = lint_files(files, options=options, profile=profile)
        assert [f"{x.path}:{x.line}: {x.code} {x.message}" for x in findings] == []
        return
    findings = lint_files(files, select=[code], options=options, profile=profile)
    got = {(x.code, x.line, x.severity, Path(x.path).name) for x in findings}
    assert got == expected, "\n".join(f"{x.path}:{x.line}: {x.code} [{x.severity}] {x.message}" for x in findings)


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
