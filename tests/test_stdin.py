"""``zonelint -`` lints standard input; ``--stdin-filename PATH`` names it: the origin from the
name, config discovery from its folder, ``$INCLUDE`` relative to its folder, ``noqa`` and report
paths, the git base of PATH for ZL607, and the file on disk is replaced (never loaded twice).
Every test feeds a real process's standard input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ALIAS_TARGET_ZONE

WITH_ORIGIN = ALIAS_TARGET_ZONE
BODY = WITH_ORIGIN.split("\n", 1)[1]  # without $ORIGIN


def zl(cwd: Path, *args: str, stdin: str | bytes = b"", env: dict | None = None):
    data = stdin.encode() if isinstance(stdin, str) else stdin
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("PRE_COMMIT")}
    run_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "zonelint", "--no-progress", "-j", "1", *args],
        cwd=cwd, input=data, capture_output=True, timeout=60, env=run_env,
    )
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def findings(out: str) -> set[tuple[str, str, int, int]]:
    return {(f["code"], f["path"], f["line"], f["column"]) for f in json.loads(out)["findings"]}


def test_stdin_with_origin_directive(tmp_path):
    rc, out, err = zl(tmp_path, "--no-config", "--format", "json", "-", stdin=WITH_ORIGIN)
    assert rc == 1, err
    assert findings(out) == {("ZL101", "-", 7, 1)}


def test_stdin_without_any_origin_is_zl006_as_for_files(tmp_path):
    rc, out, err = zl(tmp_path, "--no-config", "--format", "json", "-", stdin=BODY)
    assert rc == 1, err
    assert {c for c, *_ in findings(out)} == {"ZL006"}
    rc, out, _ = zl(tmp_path, "--no-config", "--format", "json", "--origin", "example.com.", "-", stdin=BODY)
    assert findings(out) == {("ZL101", "-", 6, 1)}


def test_stdin_filename_gives_origin_and_report_path(tmp_path):
    (tmp_path / "zones").mkdir()
    rc, out, err = zl(tmp_path, "--no-config", "--format", "json", "--stdin-filename", "zones/example.com.zone", "-", stdin=BODY)
    assert rc == 1, err
    assert findings(out) == {("ZL101", "zones/example.com.zone", 6, 1)}
    # the origin came from the name: alias.example.com. is judged inside example.com.
    assert "alias.example.com." in json.loads(out)["findings"][0]["message"]
    # without `-`, --stdin-filename alone reads standard input too
    rc, out2, _ = zl(tmp_path, "--no-config", "--format", "json", "--stdin-filename", "zones/example.com.zone", stdin=BODY)
    assert out2 == out


def test_stdin_filename_finds_the_config_of_its_folder(tmp_path):
    zones = tmp_path / "zones"
    zones.mkdir()
    (zones / ".zonelint.toml").write_text('ignore = ["ZL101"]\nseverity = { ZL302 = "error" }\n')
    text = WITH_ORIGIN.replace("_xmpp-server._tcp IN SRV 5 0 5269 ns1\n", "")
    rc, out, err = zl(tmp_path, "--format", "json", "--stdin-filename", "zones/example.com.zone", "-", stdin=text)
    got = json.loads(out)["findings"]
    assert [(f["code"], f["severity"]) for f in got] == [("ZL302", "error")], err
    # from the current directory (no config there) the same text reports ZL101
    rc, out, _ = zl(tmp_path, "--format", "json", "-", stdin=text)
    assert "ZL101" in {f["code"] for f in json.loads(out)["findings"]}


def test_relative_include_is_read_from_the_files_folder(tmp_path):
    zones = tmp_path / "zones"
    zones.mkdir()
    (zones / "hosts.inc").write_text("target IN A 192.0.2.7\n")
    text = WITH_ORIGIN + "_sip._udp IN SRV 0 0 5060 target\n$INCLUDE hosts.inc\n"
    # the named file does not exist on disk (an editor's new file): its folder is still searched
    rc, out, err = zl(tmp_path, "--format", "json", "--stdin-filename", "zones/new.example.com.zone", "-", stdin=text)
    got = findings(out)
    assert not any(c in ("ZL002", "ZL103") for c, *_ in got), (got, err)
    assert ("ZL101", "zones/new.example.com.zone", 7, 1) in got
    # without the name, the include is looked for in the current directory only: ZL002
    rc, out, _ = zl(tmp_path, "--format", "json", "-", stdin=text)
    assert ("ZL002", "-", 10, 1) in findings(out)


def test_noqa_in_standard_input(tmp_path):
    text = WITH_ORIGIN.replace("5222 alias\n", "5222 alias ; noqa: ZL101\n")
    rc, out, err = zl(tmp_path, "--no-config", "--format", "json", "-", stdin=text)
    assert rc == 0 and findings(out) == set(), err
    assert json.loads(out)["summary"]["suppressed"] == 1


def test_the_text_replaces_the_file_on_disk(tmp_path):
    zones = tmp_path / "zones"
    zones.mkdir()
    (zones / "example.com.zone").write_text(BODY + "www IN A 192.0.2.9\n")  # on disk: the ZL101 fault
    (zones / "example.org.zone").write_text(BODY.replace("alias IN CNAME ns1", "alias IN A 192.0.2.5"))
    # the buffer fixes ZL101 but points at www, which it no longer has: ZL103, unless the copy on
    # disk (which matches --context) were loaded as a second copy of the zone
    edited = BODY.replace("5222 alias", "5222 www")
    for jobs in ("1", "2"):
        rc, out, err = zl(tmp_path, "--no-config", "--format", "json", "-j", jobs, "--context", "zones/*.zone",
                          "--stdin-filename", "zones/example.com.zone", "-", stdin=edited)
        assert findings(out) == {("ZL103", "zones/example.com.zone", 6, 1)}, (jobs, out, err)


def test_sarif_snippet_comes_from_standard_input(tmp_path):
    rc, out, err = zl(tmp_path, "--no-config", "--format", "sarif", "--stdin-filename", "example.com.zone", stdin=BODY)
    result = json.loads(out)["runs"][0]["results"][0]
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "example.com.zone"
    assert loc["region"]["snippet"]["text"].startswith("_xmpp-client._tcp IN SRV 5 0 5222 alias")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_zl607_reads_the_git_base_of_the_named_file(tmp_path):
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@invalid", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}

    def git(*args):
        subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=tmp_path, env={**os.environ, **env},
                       check=True, capture_output=True)

    (tmp_path / "zones").mkdir()
    (tmp_path / "zones" / "example.com.zone").write_text(BODY)
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "base")
    changed = BODY.replace("192.0.2.1", "192.0.2.2")
    args = ("--no-config", "--format", "json", "--select", "ZL607", "--serial-base", "HEAD",
            "--stdin-filename", "zones/example.com.zone", "-")
    rc, out, err = zl(tmp_path, *args, stdin=changed)
    assert findings(out) == {("ZL607", "zones/example.com.zone", 2, 1)}, err
    rc, out, err = zl(tmp_path, *args, stdin=changed.replace("host 1 ", "host 2 "))
    assert rc == 0 and findings(out) == set(), err
    rc, out, err = zl(tmp_path, *args, stdin=BODY)  # the committed text: unchanged, silent
    assert rc == 0 and findings(out) == set(), err


@pytest.mark.parametrize(
    "args,message",
    [
        (["-", "other.zone"], "- (standard input) cannot be combined with other paths"),
        (["--stdin-filename", "a.zone", "b.zone"], "- (standard input) cannot be combined with other paths"),
        (["--stdin-filename", "", "-"], "--stdin-filename needs a file name"),
    ],
)
def test_usage_errors_are_one_line_exit_2(tmp_path, args, message):
    rc, out, err = zl(tmp_path, "--no-config", *args, stdin=WITH_ORIGIN)
    assert rc == 2 and err.strip() == f"zonelint: error: {message}; see zonelint --help" and out == ""


def test_binary_standard_input_is_a_finding_not_a_traceback(tmp_path):
    rc, out, err = zl(tmp_path, "--no-config", "--format", "json", "--origin", "example.com.", "-", stdin=b"\x00\x01\xff" * 50)
    assert "Traceback" not in err and rc in (1, 2)
    assert json.loads(out)["findings"], out
