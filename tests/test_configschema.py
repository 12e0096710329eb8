"""``docs/zonelint.schema.json`` is generated from the config validator's own table
(``zonelint.config.KEYS``) and the built-in rules' declared options: it is current, every example
configuration in the docs passes it, and it accepts exactly what the loader accepts."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

from zonelint.config import KEYS, ConfigError, load_config
from zonelint.configschema import main as schema_main, render
from zonelint.selection import SelectionLevel
from zonelint.plugins import load_registry
from zonelint.runner import make_rules

REPO = Path(__file__).resolve().parents[1]
SCHEMA_FILE = REPO / "docs" / "zonelint.schema.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def valid(validator, doc) -> bool:
    return not list(validator.iter_errors(doc))


def test_schema_file_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), "run `python -m zonelint.configschema --write`"


def test_check_command_fails_when_stale(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "zonelint.schema.json").write_text(render().replace("ZL602", "ZL6O2"))
    assert schema_main(["--check"]) == 1
    assert schema_main(["--write"]) == 0
    assert schema_main(["--check"]) == 0


def _doc_toml_blocks():
    files = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), *sorted((REPO / "fixtures" / "plugins").glob("*/README.md"))]
    for path in files:
        for i, block in enumerate(re.findall(r"```toml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)):
            first = block.splitlines()[0] if block.strip() else ""
            named = re.match(r"#\s*(\S+\.toml)\b", first.strip())
            if named and named.group(1).rsplit("/", 1)[-1] not in ("pyproject.toml", ".zonelint.toml"):
                continue  # another tool's file (e.g. `# .taplo.toml`)
            yield pytest.param(path, block, id=f"{path.relative_to(REPO)}#{i}")


DOC_BLOCKS = list(_doc_toml_blocks())


def test_the_docs_have_example_configs():
    configs = [b for _, b in (p.values for p in DOC_BLOCKS) if "[tool.zonelint" in b or "[rules." in b]
    assert len(configs) >= 3, "the docs lost their example configurations"


@pytest.mark.parametrize("path,block", DOC_BLOCKS)
def test_every_example_config_in_the_docs_is_valid(validator, tmp_path, path, block):
    doc = tomllib.loads(block)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
    assert errors == [], f"{path.name}: {errors}"
    table = doc.get("tool", {}).get("zonelint")
    if table is not None:  # and the loader, the other user of the same table, agrees
        (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
        load_config(str(tmp_path / "pyproject.toml"))


# values of every shape a TOML file can give, to compare the schema with the loader key by key
CANDIDATES = [
    "x", "", "error", "info", "timplus", "default", "origin/main", 0, 7, -1, 2.5, True, False,
    [], ["*.zone"], [1], ["a", 2], {}, {"a": "b"}, {"a": 1}, {"ZL602": "error"}, {"ZL6": "fatal"},
    {"ZL201": {}}, {"ZL201": 3},
]


@pytest.mark.parametrize("key", sorted(KEYS))
def test_schema_accepts_exactly_what_the_loader_accepts(validator, tmp_path, key):
    disagree = []
    for value in CANDIDATES:
        try:
            KEYS[key][1](key, value)
            loader = True
        except ConfigError:
            loader = False
        schema = valid(validator, {key: value})
        if schema != loader:
            disagree.append((value, f"loader {loader}, schema {schema}"))
    assert disagree == []


def test_unknown_keys_are_rejected_in_both_forms(validator):
    assert not valid(validator, {"selekt": ["ZL"]})
    assert valid(validator, {"select": ["ZL"]})
    pyproject = {"project": {"name": "zones"}, "tool": {"black": {"line-length": 99}, "zonelint": {"select": ["ZL"]}}}
    assert valid(validator, pyproject)
    pyproject["tool"]["zonelint"]["selekt"] = []
    assert not valid(validator, pyproject)
    assert not valid(validator, {"tool": {"zonelint": {"fail-on": "fatal"}}})


def _make(table):
    from zonelint.config import Config

    cfg = Config(rules={k: v for k, v in table.items()})
    make_rules(load_registry(), cfg, SelectionLevel())


@pytest.mark.parametrize(
    "rules,ok",
    [
        ({"ZL602": {"min-ttl": 300}}, True),
        ({"ttl-too-low": {"min-ttl": 300}}, True),  # by name too
        ({"ZL602": {"min-ttl": "300"}}, False),
        ({"ZL602": {"min-tt": 300}}, False),
        ({"ttl-too-low": {"min-tt": 300}}, False),
        ({"ZL201": {"allow": {"_xmpp-client._tcp": [443]}}}, True),
        ({"ZL201": {"allow": ["443"]}}, False),
        ({"ZL101": {"anything": 1}}, False),  # no options at all
    ],
)
def test_per_rule_option_schemas_match_the_rules(validator, rules, ok):
    assert valid(validator, {"rules": rules}) is ok
    if ok:
        _make(rules)
    else:
        with pytest.raises(ConfigError):
            _make(rules)


def test_unknown_rule_tables_are_allowed_for_plugins(validator):
    assert valid(validator, {"rules": {"EX001": {"infra-suffix": "hosts.example.org."}}})
    assert not valid(validator, {"rules": {"EX001": 3}})
