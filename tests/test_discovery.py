"""Which files a run lints: folder walks find zone files named after their zone without an
extension (sniffed), honour .gitignore inside a git work tree, never filter files named on the
command line; ``--show-files`` says what a run would lint and skip; a folder without a zone file
is exit 2; named files all excluded by the config is one warning and exit 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zonelint.config import Config
from zonelint.discovery import SNIFF_BYTES, discover

REPO = Path(__file__).resolve().parents[1]
REAL_WORLD = REPO.parent / "shared" / "corpus" / "real-world"
ZONE = "$ORIGIN {o}\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n"


def cli(*args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.run([sys.executable, "-m", "zonelint", "--no-config", *args], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=120)


def test_real_world_folder_lints_every_zone_file_extensionless_included():
    found = discover([str(REAL_WORLD)], Config(root=str(REAL_WORLD)), str(REAL_WORLD))
    every = sorted(str(p) for p in REAL_WORLD.rglob("*") if p.is_file())
    assert sorted(found.files) == every and len(every) == 23
    names = {os.path.basename(p) for p in found.files}
    assert {"example.com", "hypster.fm", "0.16.172.in-addr.arpa", "intranet.woodytoys"} <= names
    assert found.notes == []


def test_sniff_needs_a_directive_or_soa_first(tmp_path):
    (tmp_path / "example.com").write_text("; comment\n\n" + ZONE.format(o="example.com."))
    (tmp_path / "example.net").write_text("example.net. 3600 IN SOA ns1.example.net. h.example.net. 1 2 3 4 5\n")
    (tmp_path / "README.md").write_text("# not a zone\n$ORIGIN in a later line\n")
    (tmp_path / "late.example").write_text(";" * (SNIFF_BYTES + 10) + "\n" + ZONE.format(o="late.example."))
    (tmp_path / "hosts").write_text(ZONE.format(o="hosts."))  # no dot: not named like a domain
    (tmp_path / "bin.example").write_bytes(b"$ORIGIN x.\x00\x01")
    found = discover([str(tmp_path)], Config(root=str(tmp_path)), str(tmp_path))
    assert sorted(os.path.basename(p) for p in found.files) == ["example.com", "example.net"]
    why = {os.path.basename(p): r for p, r in found.skipped}
    assert set(why) == {"README.md", "late.example", "hosts", "bin.example"}
    assert "first statement" in why["README.md"] and "first statement" in why["late.example"]
    assert "not named like a domain" in why["hosts"]


@pytest.fixture
def repo(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    (tmp_path / ".gitignore").write_text("build/\n*.old.zone\n")
    for rel, o in {"zones/example.com.zone": "example.com.", "zones/example.net.old.zone": "example.net.",
                   "build/example.org.zone": "example.org.", "zones/example.info": "example.info."}.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(ZONE.format(o=o))
    return tmp_path


def test_gitignore_honoured_in_a_work_tree_but_never_for_named_files(repo):
    found = discover([str(repo)], Config(root=str(repo)), str(repo))
    assert sorted(os.path.relpath(p, repo) for p in found.files) == ["zones/example.com.zone", "zones/example.info"]
    why = {os.path.relpath(p, repo): r for p, r in found.skipped}
    assert "gitignore" in why["zones/example.net.old.zone"] and "gitignore" in why["build"]
    named = discover([str(repo / "zones/example.net.old.zone")], Config(root=str(repo)), str(repo))
    assert named.files == [str(repo / "zones/example.net.old.zone")]


def test_show_files_lists_origin_view_and_skips(repo):
    (repo / ".zonelint.toml").write_text('views = { internal = ["zones/**"] }\n')
    r = subprocess.run([sys.executable, "-m", "zonelint", "--show-files", "."], cwd=repo,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert any(ln.split()[:2] == ["lint", "zones/example.info"] and "origin example.info." in ln
               and "view internal" in ln for ln in lines), r.stdout
    assert any(ln.startswith("skip") and "zones/example.net.old.zone" in ln and "gitignore" in ln for ln in lines)
    assert any(ln.startswith("skip") and ln.split()[1] == "build" for ln in lines)
    assert "ZL0" not in r.stdout  # nothing linted


def test_folder_without_zone_files_exits_2_naming_it(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("hello\n")
    for folder in ("empty", "docs"):
        r = cli(folder, cwd=tmp_path)
        assert r.returncode == 2 and f"{folder}: no zone file found" in r.stderr, r.stderr


def test_named_files_all_excluded_warn_and_exit_0(tmp_path):
    (tmp_path / "a.zone").write_text(ZONE.format(o="a.example."))
    (tmp_path / "setup.cfg").write_text("[x]\n")
    (tmp_path / ".zonelint.toml").write_text('exclude = ["*.zone", "*.cfg"]\n')
    r = subprocess.run([sys.executable, "-m", "zonelint", "a.zone", "setup.cfg"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    warnings = [ln for ln in r.stderr.splitlines() if "excluded" in ln]
    assert len(warnings) == 1 and "nothing to lint" in warnings[0] and "warning" in warnings[0]


def test_without_git_the_walk_says_gitignore_is_not_honoured(repo, tmp_path_factory):
    empty = tmp_path_factory.mktemp("empty-bin")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PATH"] = str(empty)
    r = subprocess.run([sys.executable, "-m", "zonelint", "--no-config", "--show-files", "zones"], cwd=repo,
                       capture_output=True, text=True, env=env, timeout=120)
    assert "zones: git is not installed: .gitignore is not honoured" in r.stderr
    # the walk goes on without it: the ignored file is linted
    assert any(ln.split()[:2] == ["lint", "zones/example.net.old.zone"] for ln in r.stdout.splitlines()), r.stdout


def test_sniff_skips_a_byte_order_mark(tmp_path):
    (tmp_path / "example.com").write_bytes(b"\xef\xbb\xbf" + ZONE.format(o="example.com.").encode())
    found = discover([str(tmp_path)], Config(root=str(tmp_path)), str(tmp_path))
    assert found.files == [str(tmp_path / "example.com")]


def test_zone_files_in_a_submodule_are_walked(repo, tmp_path_factory):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    sub = tmp_path_factory.mktemp("sub")
    (sub / "example.org.zone").write_text(ZONE.format(o="example.org."))
    (sub / ".gitignore").write_text("*.bak.zone\n")
    (sub / "x.bak.zone").write_text(ZONE.format(o="x."))
    git = ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", "-c", "protocol.file.allow=always"]
    subprocess.run(["git", "init", "-q", str(sub)], check=True, env=env)
    subprocess.run([*git, "-C", str(sub), "add", "-A"], check=True, env=env)
    subprocess.run([*git, "-C", str(sub), "commit", "-qm", "x"], check=True, env=env)
    subprocess.run([*git, "-C", str(repo), "submodule", "-q", "add", str(sub), "vendor"], check=True, env=env,
                   capture_output=True)
    found = discover([str(repo)], Config(root=str(repo)), str(repo))
    rel = sorted(os.path.relpath(p, repo) for p in found.files)
    assert "vendor/example.org.zone" in rel and "vendor/x.bak.zone" not in rel
