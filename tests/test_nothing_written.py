"""Nothing written, nothing lost (issue 8, acceptance 4).

zonelint reads zone files and never changes them, in any output format; ``--output FILE`` is
written atomically (temp file + rename), so an interrupted run leaves the previous report intact
and no temporary file behind.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from fuzz_inputs import run_cli

FORMATS = ["text", "json", "sarif", "github", "gitlab", "rich"]
HEAD = "$TTL 1h\n@ SOA ns hostmaster 1 3600 600 604800 300\n NS ns\nns A 192.0.2.1\n"


def snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            st = p.stat()
            out[str(p.relative_to(root))] = (p.read_bytes(), st.st_mtime_ns, st.st_mode)
    return out


def make_repo(root: Path) -> None:
    (root / ".git").mkdir(parents=True)
    (root / "zones" / "inc").mkdir(parents=True)
    (root / "zones" / "example.com.zone").write_text(
        HEAD + "$INCLUDE inc/hosts.inc\nwww CNAME host\nwww A 192.0.2.9\nbad A 999.0.0.1\n"
        "_sip._udp SRV 0 5 5060 nowhere\n$GENERATE 1-3 h$ A 192.0.2.$\n"
    )
    (root / "zones" / "inc" / "hosts.inc").write_text("host A 192.0.2.10\nhost TXT ( \"x\"\n")
    (root / "zones" / "db.example.org").write_bytes(b"\xef\xbb\xbf" + HEAD.replace("\n", "\r\n").encode() + b"caf\xe9 A 192.0.2.1\n")
    old = time.time() - 86400
    for p in root.rglob("*"):
        if p.is_file():
            os.utime(p, (old, old))


@pytest.mark.parametrize("fmt", FORMATS)
def test_inputs_unchanged_in_every_format(tmp_path, fmt):
    make_repo(tmp_path)
    before = snapshot(tmp_path)
    out_file = tmp_path / "report.out"
    rc, out, err, exc = run_cli(["--no-config", "--format", fmt, "-j", "1", "zones"], str(tmp_path))
    assert exc is None and rc == 1, (rc, err)
    rc, out, err, exc = run_cli(["--no-config", "--format", fmt, "-j", "1", "--output", str(out_file), "zones"], str(tmp_path))
    assert exc is None and rc == 1, (rc, err)
    after = snapshot(tmp_path)
    after.pop("report.out")
    assert after == before  # bytes, mtimes and modes of every zone and include
    assert sorted(os.listdir(tmp_path)) == [".git", "report.out", "zones"]  # no stray temp file


def test_output_is_replaced_atomically_and_an_interrupted_run_keeps_the_old_file(tmp_path, monkeypatch):
    make_repo(tmp_path)
    target = tmp_path / "zonelint.sarif"
    rc, *_ = run_cli(["--no-config", "--format", "sarif", "-j", "1", "--output", str(target), "zones"], str(tmp_path))
    assert rc == 1
    previous = target.read_bytes()
    assert previous.rstrip().endswith(b"}")

    import zonelint.report.sarif as sarif

    real = sarif.render

    def interrupted(report, stream):
        real(report, stream)  # most of the report is written ...
        stream.write('{"half": ')
        raise KeyboardInterrupt  # ... then the run is interrupted (Ctrl-C, CI cancel)

    monkeypatch.setattr(sarif, "render", interrupted)
    rc, out, err, exc = run_cli(["--no-config", "--format", "sarif", "-j", "1", "--output", str(target), "zones"], str(tmp_path))
    assert rc == 130 or isinstance(exc, KeyboardInterrupt)
    assert target.read_bytes() == previous  # the previous report is intact
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".zonelint-")] == []

    def crashes_while_writing(report, stream):
        stream.write("partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sarif, "render", crashes_while_writing)
    rc, out, err, exc = run_cli(["--no-config", "--format", "sarif", "-j", "1", "--output", str(target), "zones"], str(tmp_path))
    assert exc is None and rc == 2 and "cannot write" in err and "Traceback" not in err
    assert target.read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".zonelint-")] == []


def test_write_failure_in_the_rename_leaves_no_temp_file(tmp_path, monkeypatch):
    make_repo(tmp_path)
    target = tmp_path / "out.json"
    target.write_text("old report\n")

    def fail_replace(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "replace", fail_replace)
    rc, out, err, exc = run_cli(["--no-config", "--format", "json", "-j", "1", "--output", str(target), "zones"], str(tmp_path))
    assert exc is None and rc == 2 and "cannot write" in err
    assert target.read_text() == "old report\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".zonelint-")] == []
