"""ZL607 serial-not-increased, against real scratch git repositories (no global git config needed)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zonelint.cli import main
from zonelint.rules.serial import serial_gt

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "ZL607"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "zonelint tests",
    "GIT_AUTHOR_EMAIL": "tests@zonelint.invalid",
    "GIT_COMMITTER_NAME": "zonelint tests",
    "GIT_COMMITTER_EMAIL": "tests@zonelint.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def zone(serial: int | str, www: str = "192.0.2.10", extra: str = "") -> str:
    return (
        "$ORIGIN example.com.\n"
        "$TTL 3600\n"
        f"@     IN SOA ns1 hostmaster {serial} 3600 900 1209600 300\n"
        "@     IN NS  ns1\n"
        "ns1   IN A   192.0.2.1\n"
        f"www   IN A   {www}\n" + extra
    )


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo)}
    proc = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo, env=env, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def make_repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    if files:
        git(path, "add", "-A")
        git(path, "commit", "-q", "-m", "base")
    return path


@pytest.fixture(autouse=True)
def _no_precommit_env(monkeypatch):
    """Tests may themselves run under pre-commit: its variables must not leak into the runs."""
    for var in ("PRE_COMMIT", "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(var, raising=False)


def lint(cwd: Path, *args: str, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    code = main(["--format", "text", "--no-progress", *args])
    out, err = capsys.readouterr()
    return code, out, err


def zl607(out: str) -> list[str]:
    return [line for line in out.splitlines() if " ZL607 " in line]


# -- RFC 1982 arithmetic ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "old,new,greater",
    [
        (1, 2, True),
        (2024010101, 2024010102, True),
        (5, 5, False),
        (5, 4, False),
        (4294967295, 0, True),           # wrap-around is an increase
        (4294967295, 5, True),
        (4294967000, 100, True),
        (0, 2**31 - 1, True),            # the largest increase RFC 1982 allows
        (0, 2**31, False),               # exactly 2^31 apart: undefined, not an increase
        (1, 2**31 + 2, False),           # more than 2^31: it is "behind"
        (100, 4294967000, False),
    ],
)
def test_serial_arithmetic(old, new, greater):
    assert serial_gt(new, old) is greater


# -- the fixtures, each in a scratch repository ----------------------------------------------

@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.zone")))
def test_fixture_against_base(name, tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "repo", {"example.com.zone": (FIXTURES / "base.txt").read_text()})
    text = (FIXTURES / name).read_text()
    (repo / "example.com.zone").write_text(text)
    expected = set()
    for n, line in enumerate(text.splitlines(), 1):
        m = re.search(r";.*\bwith-git-base:\s*(ZL\d+)\s+(\w+)", line)
        if m:
            expected.add((m.group(1), n, m.group(2)))
    code, out, err = lint(repo, "--select", "ZL607", "--serial-base", "HEAD", "example.com.zone",
                          monkeypatch=monkeypatch, capsys=capsys)
    got = set()
    for line in zl607(out):
        m = re.match(r"example\.com\.zone:(\d+):\d+: (ZL607) \[(\w+)\]", line)
        got.add((m.group(2), int(m.group(1)), m.group(3)))
    assert got == expected, out + err
    assert name.startswith("bad") == bool(expected)
    assert code == (1 if expected else 0)


# -- behaviour ---------------------------------------------------------------------------------

def test_unchanged_serial_fires_at_soa_with_message(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(2024010101)})
    (repo / "example.com.zone").write_text(zone(2024010101, www="192.0.2.99"))
    code, out, _ = lint(
        repo, "--serial-base", "HEAD", "--show-help", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys
    )
    [line] = zl607(out)
    assert line.startswith("example.com.zone:3:1: ZL607 [error] ")
    assert "still 2024010101" in line and "HEAD" in line
    help_line = out.splitlines()[out.splitlines().index(line) + 1]
    assert help_line.startswith("    help: Raise the serial") and "2024010102" in help_line
    assert "RFC 1996" in help_line
    assert code == 1


def test_raised_serial_and_unchanged_file_are_silent(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"a.example.zone": zone(7).replace("example.com.", "a.example."),
                                      "example.com.zone": zone(7)})
    (repo / "example.com.zone").write_text(zone(8, www="192.0.2.99"))
    code, out, _ = lint(repo, "--serial-base", "HEAD", ".", monkeypatch=monkeypatch, capsys=capsys)
    assert zl607(out) == [] and code == 0


@pytest.mark.parametrize("old,new,fires", [(4294967295, 3, False), (10, 10 + 2**31, True), (10, 9, True)])
def test_wraparound_and_jumps(tmp_path, monkeypatch, capsys, old, new, fires):
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(old)})
    (repo / "example.com.zone").write_text(zone(new, www="192.0.2.99"))
    _, out, _ = lint(repo, "--serial-base", "HEAD", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert bool(zl607(out)) is fires, out
    if fires and new != old:
        assert "not an increase (RFC 1982)" in out


def test_base_is_an_older_commit(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(1)})
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "example.com.zone").write_text(zone(2, www="192.0.2.2"))
    git(repo, "commit", "-qam", "raise")
    (repo / "example.com.zone").write_text(zone(1, www="192.0.2.3"))
    git(repo, "commit", "-qam", "lower again")
    _, out, _ = lint(repo, "--serial-base", "HEAD~1", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert "went from 2 to 1" in out
    (repo / "example.com.zone").write_text(zone(2, www="192.0.2.4"))
    _, out, _ = lint(repo, "--serial-base", base, "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert zl607(out) == []


def test_new_file_is_silent(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"other.example.zone": zone(1).replace("example.com.", "other.example.")})
    (repo / "example.com.zone").write_text(zone(1))
    code, out, err = lint(repo, "--serial-base", "HEAD", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert zl607(out) == [] and code == 0 and err == ""


def test_comment_change_counts_line_endings_do_not(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(5)})
    (repo / "example.com.zone").write_bytes(zone(5).replace("\n", "\r\n").encode())
    _, out, _ = lint(repo, "--serial-base", "HEAD", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert zl607(out) == []
    (repo / "example.com.zone").write_text(zone(5) + "; a comment\n")
    _, out, _ = lint(repo, "--serial-base", "HEAD", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert len(zl607(out)) == 1


def test_change_in_an_included_file_counts(tmp_path, monkeypatch, capsys):
    main_text = zone(3).replace("www   IN A   192.0.2.10\n", "$INCLUDE hosts.inc\n")
    repo = make_repo(tmp_path / "r", {"example.com.zone": main_text, "hosts.inc": "www IN A 192.0.2.10\n"})
    (repo / "hosts.inc").write_text("www IN A 192.0.2.11\n")
    _, out, err = lint(repo, "--serial-base", "HEAD", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert [l.split(": ZL607")[0] for l in zl607(out)] == ["example.com.zone:3:1"], out + err


def test_noqa_on_the_soa_suppresses(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(5)})
    text = zone(5, www="192.0.2.99").replace("1209600 300\n", "1209600 300 ; noqa: ZL607\n", 1)
    assert "noqa" in text
    (repo / "example.com.zone").write_text(text)
    code, out, _ = lint(repo, "--serial-base", "HEAD", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert zl607(out) == [] and code == 0, out


# -- choosing the base ------------------------------------------------------------------------

def test_no_base_means_off(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(5)})
    (repo / "example.com.zone").write_text(zone(5, www="192.0.2.99"))
    code, out, err = lint(repo, "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert zl607(out) == [] and code == 0 and err == ""


def test_config_serial_base(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"zones/example.com.zone": zone(5), ".zonelint.toml": 'serial-base = "HEAD"\n'})
    (repo / "zones" / "example.com.zone").write_text(zone(5, www="192.0.2.99"))
    _, out, _ = lint(repo / "zones", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert len(zl607(out)) == 1


def test_pre_commit_run_compares_with_head(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(5)})
    (repo / "example.com.zone").write_text(zone(5, www="192.0.2.99"))
    monkeypatch.setenv("PRE_COMMIT", "1")
    _, out, _ = lint(repo, "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert len(zl607(out)) == 1 and "since HEAD" in out
    # pre-commit run --from-ref A --to-ref B: the base is A
    git(repo, "commit", "-qam", "second")
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "HEAD~1")
    _, out, _ = lint(repo, "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert len(zl607(out)) == 1 and "since HEAD~1" in out


def test_first_commit_in_a_hook_is_silent_with_one_note(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {})
    (repo / "example.com.zone").write_text(zone(5))
    (repo / "a.example.zone").write_text(zone(5).replace("example.com.", "a.example."))
    git(repo, "add", "-A")
    monkeypatch.setenv("PRE_COMMIT", "1")
    code, out, err = lint(repo, ".", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and zl607(out) == []
    assert err.count("zonelint: note:") == 1 and "no commit yet" in err


def test_unknown_ref_warns_once(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(5), "a.example.zone": zone(5).replace("example.com.", "a.example.")})
    code, out, err = lint(repo, "--serial-base", "no-such-branch", ".", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert err.count("zonelint: warning:") == 1 and "'no-such-branch' is not a commit" in err


def test_outside_git_is_silent_with_one_note(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "example.com.zone").write_text(zone(5))
    (folder / "a.example.zone").write_text(zone(5).replace("example.com.", "a.example."))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, out, err = lint(folder, "--serial-base", "HEAD", ".", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and zl607(out) == []
    assert err.count("zonelint: note:") == 1 and "2 files outside any git repository" in err


def test_without_git_is_silent_with_one_note(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(5), "a.example.zone": zone(5).replace("example.com.", "a.example.")})
    (repo / "example.com.zone").write_text(zone(5, www="192.0.2.99"))
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    # files named (a folder walk would also say that .gitignore cannot be honoured without git)
    code, out, err = lint(repo, "--serial-base", "HEAD", "example.com.zone", "a.example.zone",
                          monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and zl607(out) == []
    assert err.count("zonelint: note:") == 1 and "git is not installed" in err


def test_ignoring_zl607_never_runs_git(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(5)})
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    # a file named: a folder walk in a work tree runs git for .gitignore (tests/test_discovery.py)
    code, out, err = lint(repo, "--serial-base", "HEAD", "--ignore", "ZL607", "example.com.zone",
                          monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and err == ""


def test_serial_out_of_range_is_zl001(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(5)})
    (repo / "example.com.zone").write_text(zone(4294967296, www="192.0.2.99"))
    code, out, err = lint(repo, "--serial-base", "HEAD", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert re.search(r"^example\.com\.zone:3:\d+: ZL001 \[error\] ", out, re.M), out
    assert zl607(out) == [] and "ZL000" not in out
    assert code == 1


def test_cli_end_to_end_in_a_subprocess(tmp_path):
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(5)})
    (repo / "example.com.zone").write_text(zone(5, www="192.0.2.99"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRE_COMMIT")}
    proc = subprocess.run(
        [sys.executable, "-m", "zonelint", "--format", "text", "--serial-base", "HEAD", "example.com.zone"],
        cwd=repo, capture_output=True, text=True, env=env,
    )
    assert proc.returncode == 1, proc.stderr
    assert "example.com.zone:3:1: ZL607 [error]" in proc.stdout
