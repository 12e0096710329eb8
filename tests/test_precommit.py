"""zonelint as a pre-commit hook: the manifest, context zones, and real pre-commit runs.

The real runs (``test_try_repo`` and ``test_hook_flow``) build pre-commit's own virtualenv for the
hook and pip-install this checkout into it, so they need the package registry (nothing else).
They use a snapshot of this checkout's working tree (tracked and untracked, not ignored files)
committed in a temporary repository: pre-commit installs hooks from a commit, and the snapshot
makes the hook run the same code as the rest of the test suite.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zonelint.cli import main

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / ".pre-commit-hooks.yaml"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "zonelint tests",
    "GIT_AUTHOR_EMAIL": "tests@zonelint.invalid",
    "GIT_COMMITTER_NAME": "zonelint tests",
    "GIT_COMMITTER_EMAIL": "tests@zonelint.invalid",
}

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment for git and pre-commit subprocesses: no variables of an enclosing git hook
    or pre-commit run (GIT_INDEX_FILE, PRE_COMMIT, ...) leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_ENV)
    env.update(extra)
    return env


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, env=_clean_env(), capture_output=True, text=True,
    )
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


def pre_commit_module_available() -> bool:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return False
    return True


def _require_pre_commit() -> None:
    if not pre_commit_module_available():
        if os.environ.get("CI") == "true":
            pytest.fail("pre-commit must be installed in CI (pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed")


# -- zones -------------------------------------------------------------------------------------

HOSTER = """\
$ORIGIN hoster.example.
$TTL 3600
@      IN SOA ns1 hostmaster 1 3600 900 1209600 300
@      IN NS  ns1
ns1    IN A   192.0.2.53
xmpp   IN CNAME host1
host1  IN A   192.0.2.80
@      IN MX  10 xmpp     ; a fault of the context zone itself: never reported
"""

# line 6 is the SRV whose target is a CNAME in the other zone
EXAMPLE_BAD = """\
$ORIGIN example.com.
$TTL 3600
@                  IN SOA ns1 hostmaster 2024010101 3600 900 1209600 300
@                  IN NS  ns1
ns1                IN A   192.0.2.1
_xmpp-server._tcp  IN SRV 5 0 5269 xmpp.hoster.example.
"""

EXAMPLE_FIXED = EXAMPLE_BAD.replace("xmpp.hoster.example.", "host1.hoster.example.")


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def lint(cwd: Path, *args: str, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    for var in ("PRE_COMMIT", "PRE_COMMIT_FROM_REF"):
        monkeypatch.delenv(var, raising=False)
    code = main(["--format", "text", "--no-progress", *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- the manifest ------------------------------------------------------------------------------

def test_manifest_validates():
    _require_pre_commit()
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True, text=True, env=_clean_env(),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_manifest_fields():
    _require_pre_commit()
    from pre_commit.clientlib import load_manifest

    hook, fix = load_manifest(str(MANIFEST))
    assert (hook["id"], fix["id"]) == ("zonelint", "zonelint-fix")
    assert (hook["entry"], fix["entry"]) == ("zonelint", "zonelint --fix")
    for h in (hook, fix):
        assert h["language"] == "python"
        assert h["files"] == r"(^|/)(db\.[^/]+|[^/]+\.(zone|db))$"
        assert h["types"] == ["text"]
        assert h["require_serial"] is True


@pytest.mark.parametrize(
    "path,selected",
    [
        ("example.com.zone", True),
        ("zones/example.com.zone", True),
        ("example.com.db", True),
        ("zones/internal/example.db", True),
        ("db.example.com", True),
        ("bind/db.example.com", True),
        ("README.md", False),
        ("example.zone.bak", False),
        ("zones/dbx.example", False),
        ("db.d/notes.txt", False),
        (".zone", False),
    ],
)
def test_manifest_files_regex(path, selected):
    # pre-commit applies `files` with re.search to the repository-relative path
    pattern = r"(^|/)(db\.[^/]+|[^/]+\.(zone|db))$"
    assert MANIFEST.read_text().count(pattern) == 2  # zonelint and zonelint-fix
    assert bool(re.search(pattern, path)) is selected


# -- context zones, in-process -----------------------------------------------------------------

@pytest.fixture
def two_zones(tmp_path):
    write(tmp_path, {"zones/hoster.example.zone": HOSTER, "zones/example.com.zone": EXAMPLE_BAD})
    return tmp_path


def test_without_context_behaves_as_before(two_zones, monkeypatch, capsys):
    # the target is outside every loaded zone: not judged (no false "no address" either)
    code, out, err = lint(two_zones, "--no-config", "zones/example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert (code, out, err) == (0, "", "")


def test_cli_context_judges_targets_reports_only_named(two_zones, monkeypatch, capsys):
    code, out, _ = lint(two_zones, "--no-config", "--context", "zones/*.zone", "zones/example.com.zone",
                        monkeypatch=monkeypatch, capsys=capsys)
    lines = out.splitlines()
    assert lines[0].startswith("zones/example.com.zone:6:1: ZL101 [error] SRV target xmpp.hoster.example. is an alias")
    assert "zones/hoster.example.zone:6" in lines[0]  # where the CNAME is
    assert not any(line.startswith("zones/hoster.example.zone") for line in lines)
    assert lines[-1] == "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file."
    assert code == 1


def test_cli_context_is_relative_to_the_current_directory(two_zones, monkeypatch, capsys):
    code, out, _ = lint(two_zones / "zones", "--no-config", "--context", "*.zone", "example.com.zone",
                        monkeypatch=monkeypatch, capsys=capsys)
    assert out.startswith("example.com.zone:6:1: ZL101 ") and code == 1


def test_config_context_is_relative_to_the_config_file(two_zones, monkeypatch, capsys):
    write(two_zones, {".zonelint.toml": 'context = ["zones/**/*.zone"]\n'})
    code, out, _ = lint(two_zones / "zones", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert out.startswith("example.com.zone:6:1: ZL101 ") and code == 1
    assert "hoster.example.zone:8" not in out  # the context zone's own ZL101 (its MX) is dropped


def test_context_in_pyproject(two_zones, monkeypatch, capsys):
    write(two_zones, {"pyproject.toml": '[tool.zonelint]\ncontext = ["zones/*.zone"]\n'})
    code, out, _ = lint(two_zones, "zones/example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert out.startswith("zones/example.com.zone:6:1: ZL101 ") and code == 1


def test_named_file_matched_by_context_is_reported_once(two_zones, monkeypatch, capsys):
    code, out, _ = lint(two_zones, "--no-config", "--context", "zones/*.zone", "--context", "zones/example.com.zone",
                        "zones/example.com.zone", "zones/hoster.example.zone", monkeypatch=monkeypatch, capsys=capsys)
    findings = [l for l in out.splitlines() if ": ZL" in l]
    assert [f.split(" ")[0] for f in findings] == ["zones/example.com.zone:6:1:", "zones/hoster.example.zone:8:1:"]
    assert "in 2 files" in out


def test_context_fixes_and_passes(two_zones, monkeypatch, capsys):
    write(two_zones, {"zones/example.com.zone": EXAMPLE_FIXED})
    code, out, err = lint(two_zones, "--no-config", "--context", "zones/*.zone", "zones/example.com.zone",
                          monkeypatch=monkeypatch, capsys=capsys)
    assert (code, out, err) == (0, "", "")


def test_context_zone_missing_target_is_a_real_finding(two_zones, monkeypatch, capsys):
    # with the hoster zone loaded, a target absent from it is judged (ZL103), not "unknown"
    write(two_zones, {"zones/example.com.zone": EXAMPLE_BAD.replace("xmpp.hoster.example.", "nothere.hoster.example.")})
    code, out, _ = lint(two_zones, "--no-config", "--context", "zones/*.zone", "zones/example.com.zone",
                        monkeypatch=monkeypatch, capsys=capsys)
    assert out.startswith("zones/example.com.zone:6:1: ZL103 ") and code == 1


# -- real pre-commit runs ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A committed snapshot of this checkout's working tree: what pre-commit installs the hook from."""
    _require_pre_commit()
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    dest = tmp_path_factory.mktemp("hook-repo")
    if (REPO / ".git").exists():
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO, env=_clean_env(), capture_output=True, check=True,
        ).stdout.decode("utf-8", "surrogateescape").split("\0")
        for rel in filter(None, listed):
            src = REPO / rel
            if src.is_file():
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / rel)
    else:
        shutil.copytree(
            REPO, dest, dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", ".pytest_cache",
                                          ".hypothesis", "build", "dist"),
        )
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot for the pre-commit tests")
    return dest


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    """One PRE_COMMIT_HOME for the module: the hook's virtualenv is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(cwd: Path, *args: str, home: Path | None = None) -> subprocess.CompletedProcess:
    extra = {"PRE_COMMIT_HOME": str(home)} if home else {}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
        cwd=cwd, env=_clean_env(**extra), capture_output=True, text=True, timeout=900,
    )


def scratch_repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    git(path, "init", "-q")
    write(path, files)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "zones")
    return path


@needs_git
@pytest.mark.slow
def test_try_repo(hook_repo, tmp_path):
    """`pre-commit try-repo <checkout> zonelint` on the staged zone; the context comes from the
    repository's .zonelint.toml (try-repo cannot pass hook args)."""
    repo = scratch_repo(tmp_path / "zones-repo", {
        ".zonelint.toml": 'context = ["zones/*.zone"]\n',
        "zones/hoster.example.zone": HOSTER,
        "README.md": "zones\n",
    })
    write(repo, {"zones/example.com.zone": EXAMPLE_BAD})
    git(repo, "add", "zones/example.com.zone")
    proc = pre_commit(repo, "try-repo", str(hook_repo), "zonelint")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "zones/example.com.zone:6:1: ZL101 [error] SRV target xmpp.hoster.example. is an alias" in out
    assert "zones/hoster.example.zone:8" not in out  # the unstaged zone is context only
    assert "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file." in out


@needs_git
@pytest.mark.slow
def test_hook_flow(hook_repo, pre_commit_home, tmp_path):
    """A repository's .pre-commit-config.yaml pointing at this checkout, context from `args`:
    cross-zone finding at its line -> fixed, passes -> record changed without raising the serial:
    ZL607 -> serial raised: passes."""
    rev = git(hook_repo, "rev-parse", "HEAD").strip()
    config = (
        "repos:\n"
        f"  - repo: {hook_repo}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: zonelint\n"
        '        args: [--context, "zones/*.zone"]\n'
    )
    repo = scratch_repo(tmp_path / "zones-repo", {
        ".pre-commit-config.yaml": config,
        "zones/hoster.example.zone": HOSTER,
    })
    zone = repo / "zones" / "example.com.zone"

    def stage(text: str) -> None:
        zone.write_text(text)
        git(repo, "add", "zones/example.com.zone")

    def run() -> tuple[int, str]:
        proc = pre_commit(repo, "run", home=pre_commit_home)
        return proc.returncode, proc.stdout + proc.stderr

    # 1. the staged zone's SRV target is a CNAME in the other (committed, unstaged) zone
    stage(EXAMPLE_BAD)
    code, out = run()
    assert code == 1, out
    assert "zones/example.com.zone:6:1: ZL101 [error]" in out
    assert "zones/hoster.example.zone:8" not in out

    # 2. fixed: passes
    stage(EXAMPLE_FIXED)
    code, out = run()
    assert code == 0, out
    assert re.search(r"^zonelint\.+Passed$", out, re.M), out

    # 3. committed; then a record changes without raising the serial: ZL607 at the SOA
    git(repo, "commit", "-q", "-m", "example.com")
    stage(EXAMPLE_FIXED + "www                IN A   192.0.2.80\n")
    code, out = run()
    assert code == 1, out
    assert "zones/example.com.zone:3:1: ZL607 [error] the zone changed since HEAD but its SOA serial is still 2024010101" in out

    # 4. serial raised: passes
    stage((EXAMPLE_FIXED + "www                IN A   192.0.2.80\n").replace("2024010101", "2024010102"))
    code, out = run()
    assert code == 0, out


@needs_git
@pytest.mark.slow
def test_fix_hook_flow(hook_repo, pre_commit_home, tmp_path):
    """The `zonelint-fix` hook: a record changed without raising the serial -> the hook raises it
    (pre-commit fails: a file changed) -> the fix staged: passes. Only the serial's bytes change."""
    rev = git(hook_repo, "rev-parse", "HEAD").strip()
    config = (
        "repos:\n"
        f"  - repo: {hook_repo}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: zonelint-fix\n"
    )
    zone = (
        "$ORIGIN example.com.\r\n"
        "$TTL 3600\r\n"
        "@   IN SOA ns1 hostmaster ( ; counter serial\r\n"
        "        41        ; serial\r\n"
        "        3600 900 1209600 300 )\r\n"
        "@   IN NS  ns1\r\n"
        "ns1 IN A   192.0.2.1\r\n"
    )
    repo = scratch_repo(tmp_path / "zones-repo", {".pre-commit-config.yaml": config, "example.com.zone": zone})
    path = repo / "example.com.zone"
    changed = zone.replace("192.0.2.1", "192.0.2.2").encode()
    path.write_bytes(changed)
    git(repo, "add", "example.com.zone")

    proc = pre_commit(repo, "run", home=pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert re.search(r"^zonelint --fix\.+Failed$", out, re.M), out
    assert "files were modified by this hook" in out
    assert "zonelint: fixed 1 finding in 1 file" in out
    assert path.read_bytes() == changed.replace(b" 41 ", b" 42 ")

    git(repo, "add", "example.com.zone")
    proc = pre_commit(repo, "run", home=pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert re.search(r"^zonelint --fix\.+Passed$", out, re.M), out
    assert path.read_bytes() == changed.replace(b" 41 ", b" 42 ")
