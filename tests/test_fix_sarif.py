"""SARIF ``fixes``: byte-addressed replacements that give exactly the bytes ``--fix`` writes."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import jsonschema
import pytest

from test_fix_serial import NOW, SOA_ZONE, cli, needs_git, repo_with

from zonelint.rules import serial as serial_rule

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setattr(serial_rule, "utc_now", lambda: NOW)
    for var in ("PRE_COMMIT", "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(var, raising=False)


def apply_sarif(doc: dict, root: Path) -> dict[str, bytes]:
    """Every file the log's fixes change, with the replacements applied (from the end, as SARIF
    offsets address the original bytes)."""
    changes: dict[str, list] = {}
    for result in doc["runs"][0]["results"]:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                loc = change["artifactLocation"]
                assert loc["uriBaseId"] == "%SRCROOT%"
                changes.setdefault(loc["uri"], []).extend(change["replacements"])
    out = {}
    for uri, reps in changes.items():
        data = bytearray((root / uri).read_bytes())
        for rep in sorted(reps, key=lambda r: r["deletedRegion"]["byteOffset"], reverse=True):
            region = rep["deletedRegion"]
            content = rep["insertedContent"]
            new = content["text"].encode("utf-8") if "text" in content else base64.b64decode(content["binary"])
            data[region["byteOffset"]:region["byteOffset"] + region["byteLength"]] = new
        out[uri] = bytes(data)
    return out


@needs_git
def test_sarif_fixes_give_the_bytes_fix_writes(tmp_path, monkeypatch, capsys):
    repo = repo_with(tmp_path, {"zones/example.com.zone": SOA_ZONE})
    changed = SOA_ZONE.replace(b"192.0.2.1", b"192.0.2.2")
    (repo / "zones" / "example.com.zone").write_bytes(changed)
    code, out, _ = cli(repo, "--format", "sarif", "zones/example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    doc = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    [result] = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "ZL607"]
    [fix] = result["fixes"]
    assert fix["description"]["text"].startswith("Raise the serial")
    [change] = fix["artifactChanges"]
    [rep] = change["replacements"]
    # the serial's byte offset: after the Latin-1 octet (one byte, four characters in the loader)
    assert rep["deletedRegion"] == {"byteOffset": changed.index(b"2024010101"), "byteLength": 10}
    assert rep["insertedContent"] == {"text": "2026113000"}
    # no other result has a fix
    assert all("fixes" not in r for r in doc["runs"][0]["results"] if r["ruleId"] != "ZL607")

    sarif_bytes = apply_sarif(doc, repo)
    assert cli(repo, "--fix", "zones/example.com.zone", monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    assert sarif_bytes == {"zones/example.com.zone": (repo / "zones" / "example.com.zone").read_bytes()}


@needs_git
def test_no_sarif_fix_where_fix_would_not_write(tmp_path, monkeypatch, capsys):
    zone = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 7 2 3 4 5\n@ 60 IN NS ns1\nns1 60 IN A 192.0.2.1\n"
    repo = repo_with(tmp_path, {"example.com.zone": zone})
    (repo / "example.com.zone").write_bytes(zone + b"broken line\n")
    _, out, _ = cli(repo, "--format", "sarif", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    doc = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    assert {r["ruleId"] for r in doc["runs"][0]["results"]} >= {"ZL001", "ZL607"}
    assert all("fixes" not in r for r in doc["runs"][0]["results"])
