"""Every config key has an effect through the real CLI: include/exclude, origins, include-path,
allow-include-outside, max-generate, max-include-depth, profile, fail-on, and the lint root."""

from __future__ import annotations

import json
import os
from pathlib import Path

from zonelint.cli import main

SOA = """\
$TTL 3600
@       IN SOA ns1 hostmaster 2026010101 7200 3600 1209600 3600
        IN NS  ns1
ns1     IN A   192.0.2.53
"""


def zone(origin: str, extra: str = "") -> str:
    return f"$ORIGIN {origin}\n" + SOA + extra


def run(args, cwd: Path, capsys) -> tuple[int, list[dict], str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        code = main(["--format", "json", *map(str, args)])
    finally:
        os.chdir(old)
    out, err = capsys.readouterr()
    findings = json.loads(out)["findings"] if out.strip().startswith("{") else []
    return code, findings, err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_include_and_exclude_globs_in_folder_walk(tmp_path, capsys):
    write(tmp_path / ".zonelint.toml", 'include = ["*.zone", "*.dns"]\nexclude = ["zones/old/*"]\n')
    write(tmp_path / "zones/a.example.zone", zone("a.example.", "www 0 IN A 192.0.2.1\n"))
    write(tmp_path / "zones/b.example.dns", zone("b.example.", "www 0 IN A 192.0.2.1\n"))
    write(tmp_path / "zones/old/c.example.zone", zone("c.example.", "www 0 IN A 192.0.2.1\n"))
    write(tmp_path / "zones/notes.txt", "not a zone ( at all\n")
    _, findings, _ = run(["--select", "ZL602", "zones"], tmp_path, capsys)
    assert sorted(f["path"] for f in findings) == ["zones/a.example.zone", "zones/b.example.dns"]


def test_exclude_applies_to_files_named_on_the_command_line(tmp_path, capsys):
    write(tmp_path / ".zonelint.toml", 'exclude = ["legacy/*"]\n')
    write(tmp_path / "legacy/x.example.zone", zone("x.example.", "www 0 IN A 192.0.2.1\n"))
    code, findings, _ = run(["legacy/x.example.zone"], tmp_path, capsys)
    assert findings == [] and code == 0


def test_origins_table(tmp_path, capsys):
    write(tmp_path / ".zonelint.toml", '[origins]\n"zones/internal.db" = "corp.example."\n')
    write(tmp_path / "zones/internal.db", SOA + "_sip._tls IN SRV 0 0 443 alias\nalias IN CNAME ns1\n")
    _, findings, _ = run(["--select", "ZL101", "zones/internal.db"], tmp_path, capsys)
    assert [(f["line"], f["owner"]) for f in findings] == [(5, "_sip._tls.corp.example.")]


def test_include_path_and_allow_include_outside(tmp_path, capsys):
    root = tmp_path / "repo"
    write(root / "common/mx.inc", "@ IN MX 10 ns1\n")
    write(root / "zones/example.com.zone", zone("example.com.", "$INCLUDE mx.inc\n"))
    code, findings, _ = run(["--select", "ZL002", "zones"], root, capsys)
    assert [f["code"] for f in findings] == ["ZL002"]  # not found without include-path
    write(root / ".zonelint.toml", 'include-path = ["common"]\n')
    code, findings, _ = run(["--select", "ZL002", "zones"], root, capsys)
    assert findings == [] and code == 0
    # outside the lint root: refused unless allowed
    write(tmp_path / "outside.inc", "@ IN TXT \"secret-outside\"\n")
    write(root / "zones/example.com.zone", zone("example.com.", f"$INCLUDE {tmp_path / 'outside.inc'}\n"))
    code, findings, err = run(["--select", "ZL002", "zones"], root, capsys)
    assert [f["code"] for f in findings] == ["ZL002"] and "secret-outside" not in str(findings) + err
    # a config file in the tree may not lift confinement (exit 2 naming key and file) ...
    write(root / ".zonelint.toml", "allow-include-outside = true\n")
    code, findings, err = run(["--select", "ZL002", "zones"], root, capsys)
    assert code == 2 and findings == []
    assert "'allow-include-outside' = true is not allowed in a config file" in err
    assert str(root / ".zonelint.toml") in err and "--allow-include-outside" in err
    # ... the command line may
    (root / ".zonelint.toml").unlink()
    code, findings, err = run(["--select", "ZL002", "--allow-include-outside", "zones"], root, capsys)
    assert code == 0 and findings == [], err


def test_symlink_cannot_escape_the_lint_root(tmp_path, capsys):
    root = tmp_path / "repo"
    write(root / ".zonelint.toml", "")
    write(tmp_path / "secret.inc", "@ IN TXT \"secret-data\"\n")
    (root / "zones").mkdir(parents=True)
    os.symlink(tmp_path / "secret.inc", root / "zones/link.inc")
    write(root / "zones/example.com.zone", zone("example.com.", "$INCLUDE zones/link.inc\n"))
    _, findings, err = run(["--select", "ZL002", "zones/example.com.zone"], root, capsys)
    assert [f["code"] for f in findings] == ["ZL002"]
    assert "secret-data" not in json.dumps(findings) + err


def test_max_generate_and_max_include_depth(tmp_path, capsys):
    write(tmp_path / ".zonelint.toml", "max-generate = 10\nmax-include-depth = 1\n")
    write(tmp_path / "a.inc", "$INCLUDE b.inc\n")
    write(tmp_path / "b.inc", "x IN A 192.0.2.1\n")
    write(
        tmp_path / "example.com.zone",
        zone("example.com.", "$GENERATE 1-11 h$ A 192.0.2.$\n$GENERATE 1-10 g$ A 192.0.2.$\n$INCLUDE a.inc\n"),
    )
    _, findings, _ = run(["--select", "ZL002,ZL003", "example.com.zone"], tmp_path, capsys)
    assert sorted((f["code"], f["path"], f["line"]) for f in findings) == [
        ("ZL002", "a.inc", 1),
        ("ZL003", "example.com.zone", 6),
    ]


def test_profile_and_fail_on_from_config(tmp_path, capsys):
    text = zone(
        "example.com.",
        "_xmpp-client._tcp IN SRV 5 0 5222 xmpp\n_xmpp-server._tcp IN SRV 5 0 5269 xmpp\nxmpp IN A 192.0.2.5\n",
    )
    write(tmp_path / "example.com.zone", text)
    code, findings, _ = run(["--select", "ZL301", "example.com.zone"], tmp_path, capsys)
    assert findings == [] and code == 0
    write(tmp_path / ".zonelint.toml", 'profile = "timplus"\n')
    code, findings, _ = run(["--select", "ZL301", "example.com.zone"], tmp_path, capsys)
    assert [(f["code"], f["severity"], f["line"]) for f in findings] == [("ZL301", "error", 7)] and code == 1
    write(tmp_path / ".zonelint.toml", 'profile = "timplus"\nfail-on = "error"\nseverity = { ZL301 = "warning" }\n')
    code, findings, _ = run(["--select", "ZL301", "example.com.zone"], tmp_path, capsys)
    assert findings[0]["severity"] == "warning" and code == 0


def test_lint_root_is_the_config_folder_for_ci_paths(tmp_path, capsys):
    root = tmp_path / "repo"
    write(root / ".zonelint.toml", "")
    write(root / "zones/example.com.zone", zone("example.com.", "www 0 IN A 192.0.2.1\n"))
    sub = root / "zones"
    old = os.getcwd()
    os.chdir(sub)
    try:
        main(["--format", "gitlab", "--select", "ZL602", "example.com.zone"])
    finally:
        os.chdir(old)
    (issue,) = json.loads(capsys.readouterr().out)
    assert issue["location"]["path"] == "zones/example.com.zone"


def test_bad_values_are_config_errors(tmp_path, capsys):
    for text, words in [
        ('fail-on = "fatal"\n', "'fail-on' must be one of"),
        ('profile = "lync"\n', "'profile' must be one of"),
        ("max-generate = -1\n", "'max-generate' must be a non-negative integer"),
        ('select = "ZL1"\n', "'select' must be a list of strings"),
        ('[rules.ZL602]\nmin-ttl = "sixty"\n', "min-ttl"),
        ("not toml = = 1\n", "invalid TOML"),
    ]:
        write(tmp_path / ".zonelint.toml", text)
        write(tmp_path / "example.com.zone", zone("example.com."))
        code, _, err = run(["example.com.zone"], tmp_path, capsys)
        assert code == 2 and words in err, (text, err)
        assert "Traceback" not in err


# every spelling of a [tool.zonelint] table in a pyproject.toml (the file is read, the table used: the TTL of 30 s is not reported)
TABLE_SPELLINGS = {
    "header": '[tool.zonelint]\nignore = ["ZL602"]\n',
    "quoted header, blanks": "[ \"tool\" . 'zonelint' ]\nignore = [\"ZL602\"]\n",
    "sub-table first": '[tool.zonelint.rules.ZL602]\nmin-ttl = 60\n[tool.zonelint]\nignore = ["ZL602"]\n',
    "tool table": '[tool]\nzonelint = { ignore = ["ZL602"] }\n',
    "dotted key": 'tool.zonelint.ignore = ["ZL602"]\n',
    "quoted dotted key": '"tool"."zonelint".ignore = ["ZL602"]\n',
    "inline table": 'tool = { zonelint = { ignore = ["ZL602"] } }\n',
    "escaped key": '[tool."zone\\u006cint"]\nignore = ["ZL602"]\n',
    "after a project table": '[project]\nname = "zonelint"\n[tool.zonelint]\nignore = ["ZL602"]\n',
}


def test_every_spelling_of_the_pyproject_table_is_read(tmp_path, capsys):
    write(tmp_path / "example.com.zone", zone("example.com.", "low 30 IN A 192.0.2.7\n"))
    for name, text in TABLE_SPELLINGS.items():
        write(tmp_path / "pyproject.toml", text)
        code, found, err = run(["example.com.zone"], tmp_path, capsys)
        assert (code, found) == (0, []), (name, found, err)


def test_a_pyproject_without_the_table_is_passed_over_unparsed(tmp_path, capsys):
    """Another project's pyproject.toml that cannot hold the table (it only names zonelint as a
    project or a script) is not parsed: not even invalid TOML there stops the walk up to the
    config file above it."""
    write(tmp_path / ".zonelint.toml", 'ignore = ["ZL602"]\n')
    sub = tmp_path / "project"
    write(sub / "pyproject.toml", '[project]\nname = "zonelint"\n[project.scripts]\nzonelint = "x:y"\n'
          '[tool.black]\nline-length = = 1\n')
    write(sub / "example.com.zone", zone("example.com.", "low 30 IN A 192.0.2.7\n"))
    code, found, err = run(["example.com.zone"], sub, capsys)
    assert (code, found) == (0, []), (found, err)
    write(sub / "pyproject.toml", '[tool]\nblack = = 1\n')  # a [tool] table: read, and refused
    code, found, err = run(["example.com.zone"], sub, capsys)
    assert code == 2 and "invalid TOML" in err, err
