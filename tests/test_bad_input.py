"""The bad-input matrix at the CLI level (issue 8, acceptance 3).

Each case: the documented exit code (0 clean, 1 findings, 2 a path that cannot be linted or an
internal error), a clear message naming the path (and the line where there is one), never a
traceback. Loader details (columns, recovery) are covered by ``test_loader.py``; here it is the
whole command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO
from fuzz_inputs import run_cli

#: subprocesses run the zonelint of this checkout, whatever is installed
ENV = {**os.environ, "PYTHONPATH": str(REPO)}

HEAD = b"$TTL 1h\n@ SOA ns hostmaster 1 3600 600 604800 300\n NS ns\nns A 192.0.2.1\n"
FORMATS = ["text", "json", "sarif", "github", "gitlab"]


def cli(cwd, *args, fmt="json", origin="example."):
    argv = ["--no-config", "--format", fmt, "-j", "1"] + (["--origin", origin] if origin else []) + list(args)
    rc, out, err, exc = run_cli(argv, str(cwd))
    assert exc is None, repr(exc)
    assert "Traceback" not in out + err
    return rc, out, err


def findings(out: str) -> list[tuple[str, str, int]]:
    return [(f["code"], os.path.basename(f["path"]), f["line"]) for f in json.loads(out)["findings"]]


def parse_problems(out: str) -> list[tuple[str, str, int]]:
    return [f for f in findings(out) if f[0] in ("ZL001", "ZL002", "ZL003")]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


def peak_rss_kb(args: list[str], cwd) -> tuple[int, int, bytes]:
    """Peak RSS (kB) of ``zonelint args`` run in a subprocess, measured with wait4 by a helper
    process so that earlier children of the test process do not count."""
    helper = (
        "import os,sys,subprocess\n"
        "p=subprocess.Popen(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE)\n"
        "err=p.stderr.read()\n"
        "_,status,ru=os.wait4(p.pid,0)\n"
        "sys.stderr.buffer.write(err)\n"
        "print(ru.ru_maxrss, os.waitstatus_to_exitcode(status))\n"
    )
    p = subprocess.run(
        [sys.executable, "-c", helper, sys.executable, "-m", "zonelint", "--no-config", *args],
        cwd=cwd, capture_output=True, timeout=600, env=ENV,
    )
    rss, rc = p.stdout.split()
    return int(rss), int(rc), p.stderr


# -- content ----------------------------------------------------------------------------------


def test_empty_file(tmp_path):
    write(tmp_path, "empty.zone", b"")
    rc, out, _ = cli(tmp_path, "empty.zone")
    assert rc == 1
    assert findings(out) == [("ZL004", "empty.zone", 1)]  # no SOA, no NS: what BIND says too


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 4,  # binary: NUL bytes
    "$TTL 1h\n@ SOA ns h 1 2 3 4 5\n".encode("utf-16"),  # UTF-16 with BOM
    "$TTL 1h\n@ SOA ns h 1 2 3 4 5\n".encode("utf-16-le"),  # UTF-16 without BOM (NULs)
], ids=["binary", "utf16-bom", "utf16-le"])
def test_binary_and_utf16_are_one_clear_error(tmp_path, data):
    write(tmp_path, "bin.zone", data)
    rc, out, _ = cli(tmp_path, "bin.zone")
    assert rc == 1
    assert parse_problems(out) == [("ZL001", "bin.zone", 1)]
    msg = json.loads(out)["findings"][0]["message"]
    assert "not a text zone file" in msg
    # and nothing piles on: no "no SOA, no NS" (ZL004) for a file that is not a zone at all
    rc, out, _ = cli(tmp_path, "bin.zone", "--origin", "example.com.", "--no-config")
    assert [f["code"] for f in json.loads(out)["findings"]] == ["ZL001"]
    rc, out, _ = cli(tmp_path, "bin.zone", fmt="text")
    assert out.startswith("bin.zone:1:1: ZL001")


def test_latin1_comment_and_raw_octets_in_owner_load_as_bind_does(tmp_path):
    write(tmp_path, "l1.zone", HEAD + b"x A 192.0.2.2 ; caf\xe9 cr\xe8me\n\xe9t\xe9 A 192.0.2.3\n")
    rc, out, _ = cli(tmp_path, "l1.zone", "--select", "ZL001,ZL002,ZL003,ZL005")
    assert rc == 0, out
    # the owner is the octets as written, as BIND reads them (\DDD escapes)
    from zonelint.load.reader import load_zone
    from zonelint.load import LoadOptions
    lz = load_zone(str(tmp_path / "l1.zone"), "l1.zone", "example.", LoadOptions(lint_root=str(tmp_path)))
    assert "\\233t\\233.example." in {r.owner for r in lz.records}


def test_utf8_bom_and_crlf(tmp_path):
    write(tmp_path, "bom.zone", b"\xef\xbb\xbf" + HEAD + b"www A 192.0.2.9\n")
    write(tmp_path, "crlf.zone", (HEAD + b"www A 192.0.2.9\nx TXT ( \"a\"\n  \"b\" )\n").replace(b"\n", b"\r\n"))
    for name in ("bom.zone", "crlf.zone"):
        rc, out, _ = cli(tmp_path, name, "--select", "ZL001,ZL002,ZL003")
        assert rc == 0 and parse_problems(out) == [], (name, out)


def test_crlf_keeps_line_numbers(tmp_path):
    write(tmp_path, "crlf.zone", (HEAD + b"ok A 192.0.2.1\nbad A 999.1.1.1\n").replace(b"\n", b"\r\n"))
    rc, out, _ = cli(tmp_path, "crlf.zone", "--select", "ZL001")
    assert rc == 1 and parse_problems(out) == [("ZL001", "crlf.zone", 6)]


@pytest.mark.slow
def test_ten_megabyte_single_line_is_bounded(tmp_path):
    write(tmp_path, "big.zone", HEAD + b'big TXT "' + b"x" * (10 * 1024 * 1024) + b'"\n')
    t0 = time.monotonic()
    rss, rc, err = peak_rss_kb(["--origin", "example.", "--format", "json", "big.zone"], tmp_path)
    assert rc == 1 and b"Traceback" not in err
    assert time.monotonic() - t0 < 300  # a guard against a hang, not a timing
    assert rss < 600 * 1024, f"peak RSS {rss} kB for a 10 MB line"
    rc, out, _ = cli(tmp_path, "big.zone", "--select", "ZL001")
    assert parse_problems(out) == [("ZL001", "big.zone", 5)]  # a TXT string > 255 octets


def test_name_over_255_and_label_over_63(tmp_path):
    write(tmp_path, "long.zone", HEAD + (b"a" * 60 + b".") * 5 + b" A 192.0.2.1\n" + b"b" * 64 + b" A 192.0.2.1\n")
    rc, out, _ = cli(tmp_path, "long.zone")
    assert rc == 1
    assert parse_problems(out) == [("ZL001", "long.zone", 5), ("ZL001", "long.zone", 6)]
    msgs = [f["message"] for f in json.loads(out)["findings"] if f["code"] == "ZL001"]
    assert "longer than 255 octets" in msgs[0] and "longer than 63 octets" in msgs[1]


def test_unterminated_parenthesis_and_quote_reported_where_opened(tmp_path):
    write(tmp_path, "paren.zone", HEAD + b'x TXT ( "a"\n  "b"\ny A 192.0.2.1\n; end\n')
    write(tmp_path, "quote.zone", HEAD + b'x TXT "abc\ny A 192.0.2.1\n')
    rc, out, _ = cli(tmp_path, "--select", "ZL001", "paren.zone", fmt="text")
    assert rc == 1 and "paren.zone:5:7: ZL001" in out and "parenthesis" in out
    rc, out, _ = cli(tmp_path, "--select", "ZL001", "quote.zone", fmt="text")
    assert rc == 1 and "quote.zone:5:7: ZL001" in out and "quoted string" in out


def test_ttl_and_serial_over_their_ranges(tmp_path):
    write(tmp_path, "ttl.zone", HEAD + b"x 2147483648 A 192.0.2.1\n$TTL 4294967296\n")
    write(tmp_path, "serial.zone", HEAD.replace(b" 1 3600", b" 4294967296 3600"))
    rc, out, _ = cli(tmp_path, "ttl.zone")
    # above 2^31-1 but 32 bits: BIND loads it (as TTL 0, with a warning), ZL603 reports it; more
    # than 32 bits is not a TTL (BIND: out of range)
    assert rc == 1 and parse_problems(out) == [("ZL001", "ttl.zone", 6)]
    rc, out, _ = cli(tmp_path, "--select", "ZL603", "ttl.zone", fmt="text")
    assert "ttl.zone:5:1: ZL603" in out and "above 2147483647" in out
    rc, out, _ = cli(tmp_path, "serial.zone", fmt="text")
    assert rc == 1 and "serial.zone:2:" in out and "SOA serial 4294967296 out of range" in out


# -- $INCLUDE and $GENERATE -------------------------------------------------------------------


def test_include_missing_self_and_loop(tmp_path):
    write(tmp_path, "missing.zone", HEAD + b"$INCLUDE nothere.inc\n")
    write(tmp_path, "self.zone", HEAD + b"$INCLUDE self.zone\n")
    write(tmp_path, "a.inc", b"$INCLUDE b.inc\n")
    write(tmp_path, "b.inc", b"$INCLUDE a.inc\n")
    write(tmp_path, "loop.zone", HEAD + b"$INCLUDE a.inc\n")
    rc, out, _ = cli(tmp_path, "missing.zone", fmt="text")
    assert rc == 1 and "missing.zone:5:1: ZL002" in out and "'nothere.inc' not found" in out
    rc, out, _ = cli(tmp_path, "self.zone", fmt="text")
    assert rc == 1 and "self.zone:5:1: ZL002" in out and "loop" in out
    rc, out, _ = cli(tmp_path, "loop.zone", "--show-help", fmt="text")
    assert rc == 1 and "b.inc:1:1: ZL002" in out and "forms a loop" in out
    assert "    help: Remove the $INCLUDE that closes the loop (loop.zone -> a.inc -> b.inc -> a.inc)" in out


SECRET = "TOPSECRET-zonelint-must-not-show"


@pytest.mark.parametrize("fmt", FORMATS)
def test_include_outside_the_lint_root_is_refused_and_never_shown(tmp_path, fmt):
    root = tmp_path / "repo"
    write(tmp_path, "outside.txt", f'leak TXT "{SECRET}"\n{SECRET} A 192.0.2.1\n'.encode())
    write(root, "up.zone", HEAD + b"$INCLUDE ../outside.txt\n$INCLUDE /etc/passwd\n")
    (root / ".git").mkdir()  # the lint root is the repository
    rc, out, err = cli(root, "up.zone", fmt=fmt)
    assert rc == 1
    assert SECRET not in out + err
    passwd = Path("/etc/passwd").read_text(errors="replace").splitlines()
    first = passwd[0] if passwd else "root:x:0:0"
    assert first not in out + err and "/bin/bash" not in out + err and "nologin" not in out + err
    if fmt == "json":
        got = parse_problems(out)
        assert got == [("ZL002", "up.zone", 5), ("ZL002", "up.zone", 6)]
        assert all("outside the lint root" in f["message"] for f in json.loads(out)["findings"] if f["code"] == "ZL002")


def test_generate_ten_million_is_refused_without_memory_blowup(tmp_path):
    write(tmp_path, "gen.zone", HEAD + b"$GENERATE 1-10000000 h$ A 192.0.2.1\n")
    rc, out, _ = cli(tmp_path, "gen.zone", fmt="text")
    assert rc == 1 and "gen.zone:5:1: ZL003" in out and "max-generate 65536" in out
    rss, rc, err = peak_rss_kb(["--origin", "example.", "gen.zone"], tmp_path)
    assert rc == 1 and b"Traceback" not in err
    assert rss < 250 * 1024, f"peak RSS {rss} kB"  # 10^7 records would need gigabytes


# -- paths ------------------------------------------------------------------------------------


def test_directory_given_as_a_file(tmp_path):
    (tmp_path / "zones").mkdir()
    write(tmp_path, "inc.zone", HEAD + b"$INCLUDE zones\n")
    rc, out, err = cli(tmp_path, "zones")  # --origin names one file: a folder is refused
    assert rc == 2 and "--origin applies to a single zone file" in err
    rc, out, _ = cli(tmp_path, "inc.zone", fmt="text")  # $INCLUDE of a folder
    assert rc == 1 and "inc.zone:5:1: ZL002" in out and "is a directory" in out
    write(tmp_path, "ok.zone", HEAD)
    rc, out, err = cli(tmp_path, "--output", "zones", "ok.zone")  # --output to a folder
    assert rc == 2 and "cannot write zones" in err and list((tmp_path / "zones").iterdir()) == []


def test_missing_path(tmp_path):
    rc, out, err = cli(tmp_path, "nothere.zone")
    assert rc == 2 and "nothere.zone: no such file or directory" in err


def test_unreadable_file_read_error(tmp_path):
    """A file that exists and passes os.access but cannot be read: /proc/self/mem fails with EIO
    even for root (chmod 000 does not stop root, see the next test)."""
    if not os.path.exists("/proc/self/mem"):
        pytest.skip("no /proc/self/mem on this system")
    if os.path.exists("/.git"):
        pytest.skip("/ is a git work tree here: it cannot be the lint root")
    # run from / so that /proc/self/mem is inside the lint root (the current folder)
    rc, out, err = cli(Path("/"), "/proc/self/mem")
    assert rc == 2 and "/proc/self/mem: cannot read:" in err
    # from anywhere else it is outside the lint root: refused, never opened
    rc, out, err = cli(tmp_path, "/proc/self/mem")
    assert rc == 2 and "/proc/self/mem: resolves outside the lint root" in err


def test_unreadable_file_permission_denied(tmp_path):
    """chmod 000. Root reads it anyway, so as root the check runs in a subprocess that drops to
    'nobody' (uid 65534) over a world-traversable temporary folder."""
    import shutil
    import tempfile

    if os.geteuid() != 0:
        p = write(tmp_path, "secret.zone", HEAD)
        p.chmod(0)
        try:
            if os.access(p, os.R_OK):
                pytest.skip("a chmod 000 file is still readable here (capabilities?)")
            rc, out, err = cli(tmp_path, "secret.zone")
            assert rc == 2 and "secret.zone: permission denied" in err
        finally:
            p.chmod(0o644)
        return
    d = Path(tempfile.mkdtemp(prefix="zonelint-perm-", dir="/tmp"))
    try:
        d.chmod(0o755)
        p = write(d, "secret.zone", HEAD)
        p.chmod(0)
        try:
            r = subprocess.run(
                [sys.executable, "-m", "zonelint", "--no-config", "--origin", "example.", "secret.zone"],
                cwd=d, capture_output=True, timeout=120, user=65534, group=65534, extra_groups=[],
                env={**ENV, "HOME": str(d)},
            )
        except PermissionError:
            pytest.skip(
                f"running as root and 'nobody' cannot execute {sys.executable}: the permission "
                "check is not testable here (test_unreadable_file_read_error covers a read that fails)"
            )
        if b"No module named zonelint" in r.stderr or b"ModuleNotFoundError" in r.stderr:
            pytest.skip("zonelint is not importable as 'nobody' here: cannot drop privileges")
        assert r.returncode == 2, r.stderr
        assert b"secret.zone: permission denied" in r.stderr and b"Traceback" not in r.stderr
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_symlink_loop_in_a_directory_walk(tmp_path):
    zones = tmp_path / "zones"
    write(zones, "example.com.zone", HEAD)
    (zones / "loop").symlink_to(".", target_is_directory=True)  # a folder that contains itself
    (zones / "self.zone").symlink_to("self.zone")  # ELOOP
    (zones / "sub").mkdir()
    (zones / "sub" / "up").symlink_to("..", target_is_directory=True)
    rc, out, err = run_cli(["--no-config", "--format", "json", "-j", "1", "zones"], str(tmp_path))[:3]
    assert rc in (0, 1) and "Traceback" not in err
    files = {os.path.basename(f["path"]) for f in json.loads(out)["findings"]}
    assert files <= {"example.com.zone"}
    assert json.loads(out)["summary"]["files"] == 1


def test_non_zone_file_in_a_walked_directory_is_skipped(tmp_path):
    zones = tmp_path / "zones"
    write(zones, "db.example.com", HEAD)
    write(zones, "README.md", b"# Zones\n\nNot a zone (file).\n")
    write(zones, "logo.png", bytes(range(256)))
    write(zones, "named.conf", b'zone "example.com" { type master; };\n')
    rc, out, err = run_cli(["--no-config", "--format", "json", "-j", "1", "zones"], str(tmp_path))[:3]
    assert rc in (0, 1) and err == ""
    d = json.loads(out)
    assert d["summary"]["files"] == 1
    assert {os.path.basename(f["path"]) for f in d["findings"]} <= {"db.example.com"}
