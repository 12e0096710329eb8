"""Argument errors are one line with a pointer to --help (exit 2, no usage dump); "did you mean"
for misspelt options, choices, rule codes and names (command line and config), config keys and
rule options; --help lists the exit codes exactly as the README's table does."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REPO
from zonelint.cli import main
from zonelint.report import FORMATS
from zonelint.usage import EXIT_CODES, explain

ZONE = """$ORIGIN example.com.
$TTL 3600
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
@ IN NS ns1
ns1 IN A 192.0.2.1
"""


def run(tmp_path, monkeypatch, capsys, *args):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "example.com.zone").write_text(ZONE)
    try:
        rc = main(list(args))
    except SystemExit as e:
        rc = e.code
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize(
    "args,line",
    [
        (["--selct", "ZL1", "."], "unknown option --selct (did you mean --select?)"),
        (["--selct=ZL1", "."], "unknown option --selct (did you mean --select?)"),
        (["--no-confg", "."], "unknown option --no-confg (did you mean --no-config?)"),
        (["--bogus", "."], "unknown option --bogus"),
        (["--format", "jsn", "."], f"--format: unknown value 'jsn' (did you mean json?); choose from {', '.join(FORMATS)}"),
        (["--fail-on", "eror", "."], "--fail-on: unknown value 'eror' (did you mean error?); choose from error, warning, info"),
        ([], "no zone file or folder given"),
        (["-j", "0", "."], "-j/--jobs must be at least 1"),
    ],
)
def test_argument_errors_are_one_line_with_a_pointer_to_help(tmp_path, monkeypatch, capsys, args, line):
    rc, out, err = run(tmp_path, monkeypatch, capsys, "--no-config", *args)
    assert rc == 2 and out == ""
    assert err == f"zonelint: error: {line}; see zonelint --help\n"


def test_subcommands_point_at_their_own_help(tmp_path, monkeypatch, capsys):
    rc, _, err = run(tmp_path, monkeypatch, capsys, "rules", "--formt", "json")
    assert rc == 2 and err == "zonelint: error: unknown option --formt (did you mean --format?); see zonelint rules --help\n"
    rc, _, err = run(tmp_path, monkeypatch, capsys, "explain")
    assert rc == 2 and err == "zonelint: error: the following arguments are required: CODE; see zonelint explain --help\n"
    rc, _, err = run(tmp_path, monkeypatch, capsys, "explain", "ZL6O2")
    assert rc == 2 and "unknown rule 'ZL6O2' (did you mean ZL602?)" in err


def test_explain_reads_every_python_wording():
    opts = ["--select", "--format"]
    # Python 3.11 quotes the choices; later versions may not, or add their own suggestion
    for message in (
        "argument --format: invalid choice: 'jsn' (choose from 'rich', 'json')",
        "argument --format: invalid choice: 'jsn' (choose from rich, json)",
        "argument --format: invalid choice: 'jsn', maybe you meant 'json'? (choose from rich, json)",
    ):
        assert explain(message, opts) == "--format: unknown value 'jsn' (did you mean json?); choose from rich, json"
    assert explain("unrecognized arguments: --selct ZL1 extra", opts) == (
        "unknown option --selct (did you mean --select?); unexpected argument 'extra'"
    )
    assert explain("expected one argument", opts) == "expected one argument"


@pytest.mark.parametrize(
    "args,message",
    [
        (["--select", "ZL6O2"], "unknown rule code or name 'ZL6O2' (did you mean ZL602?)"),
        (["--extend-select", "ZL1O1"], "unknown rule code or name 'ZL1O1' (did you mean ZL101?)"),
        (["--ignore", "target-cnam"], "unknown rule code or name 'target-cnam' (did you mean target-cname?)"),
        (["--severity", "ZL6O2=error"], "unknown rule code or name 'ZL6O2' in --severity (did you mean ZL602?)"),
        (["--severity", "ZL602=eror"], "got 'ZL602=eror' (did you mean error?)"),
    ],
)
def test_unknown_codes_on_the_command_line(tmp_path, monkeypatch, capsys, args, message):
    rc, _, err = run(tmp_path, monkeypatch, capsys, "--no-config", *args, ".")
    assert rc == 2 and message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "toml,message",
    [
        ('selct = ["ZL1"]\n', "unknown key 'selct' (known keys: "),
        ('selct = ["ZL1"]\n', "serial-base, severity, views) (did you mean select?)"),
        ('externl = ["ACME"]\n', "views) (did you mean external?)"),
        ('select = ["ZL6O2"]\n', "unknown rule code or name 'ZL6O2' (did you mean ZL602?)"),
        ('ignore = ["ttl-to-low"]\n', "unknown rule code or name 'ttl-to-low' (did you mean ttl-too-low?)"),
        ('[severity]\nZL6O2 = "error"\n', "unknown rule code or name 'ZL6O2' in the config's severity table (did you mean ZL602?)"),
        ('[severity]\nZL602 = "eror"\n', "got 'eror' (did you mean error?)"),
        ('profile = "timpls"\n', "got 'timpls' (did you mean timplus?)"),
        ('[rules.ZL6O2]\nmin-ttl = 5\n', "unknown rule code or name 'ZL6O2' in the config's rules.ZL6O2 table (did you mean ZL602?)"),
        ('[rules.ZL602]\nmin_ttl = 5\n', "has no option 'min_ttl' (its options: min-ttl) (did you mean min-ttl?)"),
    ],
)
def test_config_typos(tmp_path, monkeypatch, capsys, toml, message):
    (tmp_path / ".zonelint.toml").write_text(toml)
    rc, _, err = run(tmp_path, monkeypatch, capsys, ".")
    assert rc == 2 and message in err and err.count("\n") == 1, err


def test_no_suggestion_when_nothing_is_close(tmp_path, monkeypatch, capsys):
    rc, _, err = run(tmp_path, monkeypatch, capsys, "--no-config", "--select", "QQQ", ".")
    assert rc == 2 and "did you mean" not in err


# -- exit codes --------------------------------------------------------------------------------------

def _readme_exit_codes() -> dict[int, str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| (\d) \| (.+?) \|$", section, re.M)
    return {int(code): meaning.replace("`", "") for code, meaning in rows}


def test_help_lists_the_exit_codes_of_the_readme():
    assert _readme_exit_codes() == EXIT_CODES
    proc = subprocess.run([sys.executable, "-m", "zonelint", "--help"], capture_output=True, text=True,
                          env={"COLUMNS": "100", "PATH": ""}, cwd=REPO)
    assert proc.returncode == 0
    flat = " ".join(proc.stdout.split())
    for code, meaning in EXIT_CODES.items():
        assert f"{code}: {meaning}." in flat
