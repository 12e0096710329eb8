"""ZL607's fix: the serial it writes (time injected), and ``--fix``/``--diff`` on real git repositories."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from zonelint.cli import main
from zonelint.rules import serial as serial_rule
from zonelint.rules.serial import is_date_serial, next_serial, serial_gt

NOW = dt.datetime(2026, 11, 30, 23, 15, 0, tzinfo=dt.timezone.utc)
NOW_TS = int(NOW.timestamp())


# -- the serial ------------------------------------------------------------------------------------

@pytest.mark.parametrize("current,base,expected", [
    (2024010101, 2024010101, 2026113000),  # an old date: today, nn = 00
    (2026113000, 2026113000, 2026113001),  # today already: + 1
    (2026113007, 2026113007, 2026113008),
    (2026113099, 2026113099, 2026113100),  # YYYYMMDD99 + 1 (not a date any more, still greater)
    (2026120100, 2026120100, 2026120101),  # tomorrow (a zone ahead of UTC): + 1, never back to today
    (2026113005, 2026113009, 2026113010),  # the working file went down: from the larger, the base
    (2026113009, 2026113005, 2026113010),  # (never fired by ZL607, but the promise holds)
    (NOW_TS - 86400, NOW_TS - 86400, NOW_TS),  # Unix time: now
    (NOW_TS + 50, NOW_TS + 50, NOW_TS + 51),  # Unix time ahead of now: + 1
    (7, 7, 8),  # a plain counter
    (4294967295, 4294967295, 1),  # wraps, skipping 0
    (4294967294, 4294967294, 4294967295),
    (2026133100, 2026133100, 2026133101),  # month 13: not a date, + 1
    (2027010100, 2027010100, 2027010101),  # more than a day ahead: not "date-based", + 1
    (999999999, 999999999, 1000000000),  # 9 digits: + 1
    (1796080450, 1796080450, NOW_TS),  # Unix time that also reads as 1796-08-04: Unix time wins
])
def test_next_serial(current, base, expected):
    assert next_serial(current, base, NOW) == expected


def test_date_serial_recognition():
    assert is_date_serial(2026113000, NOW) and is_date_serial(2026120199, NOW)
    assert not is_date_serial(2026120200, NOW)  # the day after tomorrow
    assert not is_date_serial(2026023000, NOW)  # February 30th
    assert not is_date_serial(1796000000, NOW)


def test_naive_time_is_utc():
    assert next_serial(2024010101, 2024010101, NOW.replace(tzinfo=None)) == 2026113000


@settings(max_examples=400, deadline=None)
@given(
    current=st.integers(0, 2**32 - 1),
    base=st.integers(0, 2**32 - 1),
    now=st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2105, 12, 31),
                     timezones=st.just(dt.timezone.utc)),
)
def test_always_an_rfc1982_increase_over_the_base_never_zero(current, base, now):
    new = next_serial(current, base, now)
    assert 0 < new < 2**32
    assert serial_gt(new, base)


@settings(max_examples=300, deadline=None)
@given(day=st.dates(dt.date(1971, 1, 1), dt.date(2099, 12, 31)), nn=st.integers(0, 99),
       later=st.integers(0, 3000))
def test_date_based_serials_become_today_or_plus_one(day, nn, later):
    now = dt.datetime.combine(day + dt.timedelta(days=later), dt.time(12), dt.timezone.utc)
    old = int(day.strftime("%Y%m%d")) * 100 + nn
    assume(abs(old - int(now.timestamp())) > 366 * 86400)  # not also a Unix time of now
    new = next_serial(old, old, now)
    today = int(now.strftime("%Y%m%d")) * 100
    assert new == (today if serial_gt(today, old) else old + 1)


# -- --fix and --diff on a git repository ------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "zonelint tests",
    "GIT_AUTHOR_EMAIL": "tests@zonelint.invalid",
    "GIT_COMMITTER_NAME": "zonelint tests",
    "GIT_COMMITTER_EMAIL": "tests@zonelint.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> None:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")}, **GIT_ENV, "HOME": str(repo)}
    proc = subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def repo_with(tmp_path: Path, files: dict[str, bytes]) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for name, data in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes(data)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    return repo


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setattr(serial_rule, "utc_now", lambda: NOW)
    for var in ("PRE_COMMIT", "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(var, raising=False)


def cli(cwd: Path, *args: str, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    code = main(["--format", "text", "--no-progress", "--serial-base", "HEAD", *args])
    out, err = capsys.readouterr()
    return code, out, err


SOA_ZONE = (
    b"$ORIGIN example.com.\r\n"
    b"$TTL 3600\r\n"
    b"@\tIN\tSOA\tns1.example.com. hostmaster.example.com. ( ; caf\xe9\r\n"
    b"\t\t\t2024010101 ; serial (YYYYMMDDnn)\r\n"
    b"\t\t\t3600       ; refresh\r\n"
    b"\t\t\t900 1209600 300 )\r\n"
    b"@\tIN\tNS\tns1\r\n"
    b"ns1\tIN\tA\t192.0.2.1\r\n"
    b"txt\tIN\tTXT\t\"d\xe9j\xe0 vu\"\r\n"
)


@needs_git
def test_fix_raises_serial_in_multiline_crlf_latin1_soa(tmp_path, monkeypatch, capsys):
    repo = repo_with(tmp_path, {"example.com.zone": SOA_ZONE})
    changed = SOA_ZONE.replace(b"192.0.2.1", b"192.0.2.2")
    (repo / "example.com.zone").write_bytes(changed)
    os.chmod(repo / "example.com.zone", 0o640)

    code, out, err = cli(repo, "--diff", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1 and (repo / "example.com.zone").read_bytes() == changed
    assert "-\t\t\t2024010101 ; serial (YYYYMMDDnn)\n+\t\t\t2026113000 ; serial (YYYYMMDDnn)\n" in out

    code, out, err = cli(repo, "--fix", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, (out, err)  # nothing remains
    assert out == "" and "fixed 1 finding in 1 file" in err
    assert (repo / "example.com.zone").read_bytes() == changed.replace(b"2024010101", b"2026113000")
    assert os.stat(repo / "example.com.zone").st_mode & 0o777 == 0o640

    # idempotent: nothing left to fix, nothing written
    mtime = os.stat(repo / "example.com.zone").st_mtime_ns
    code, out, err = cli(repo, "--fix", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "fixed" not in err and os.stat(repo / "example.com.zone").st_mtime_ns == mtime
    assert cli(repo, "--diff", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)[:2] == (0, "")


@needs_git
def test_fix_reports_what_remains_exit_1(tmp_path, monkeypatch, capsys):
    zone = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 7 2 3 4 5\n@ 60 IN NS ns1\nns1 60 IN A 192.0.2.1\n"
    repo = repo_with(tmp_path, {"example.com.zone": zone})
    (repo / "example.com.zone").write_bytes(zone + b"_xmpp-client._tcp 60 IN SRV 5 0 5222 alias\nalias 60 IN CNAME ns1\n")
    code, out, err = cli(repo, "--fix", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert " ZL607 " not in out and " ZL101 " in out  # the serial is fixed; the SRV target is not fixable
    assert b" h 8 2 3 4 5\n" in (repo / "example.com.zone").read_bytes()


@needs_git
@pytest.mark.parametrize("flag", ["--fix", "--diff"])
@pytest.mark.parametrize("how", [["--ignore", "ZL607"], ["--select", "ZL1"], ["--noqa"]])
def test_fix_honours_selection_and_noqa(tmp_path, monkeypatch, capsys, how, flag):
    soa = b"@ 60 IN SOA ns1 h 7 2 3 4 5" + (b" ; noqa: ZL607" if how == ["--noqa"] else b"") + b"\n"
    zone = b"$ORIGIN example.com.\n" + soa + b"@ 60 IN NS ns1\nns1 60 IN A 192.0.2.1\n"
    repo = repo_with(tmp_path, {"example.com.zone": zone})
    changed = zone.replace(b"192.0.2.1", b"192.0.2.2")
    (repo / "example.com.zone").write_bytes(changed)
    args = [] if how == ["--noqa"] else how
    code, out, err = cli(repo, flag, *args, "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert (repo / "example.com.zone").read_bytes() == changed and "fix" not in err
    if flag == "--diff":
        assert (code, out) == (0, "")


@needs_git
@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_fix_honours_the_baseline(tmp_path, monkeypatch, capsys, flag):
    zone = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 7 2 3 4 5\n@ 60 IN NS ns1\nns1 60 IN A 192.0.2.1\n"
    repo = repo_with(tmp_path, {"example.com.zone": zone})
    changed = zone.replace(b"192.0.2.1", b"192.0.2.2")
    (repo / "example.com.zone").write_bytes(changed)
    assert cli(repo, "--write-baseline", "b.json", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    code, out, err = cli(repo, flag, "--baseline", "b.json", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and (repo / "example.com.zone").read_bytes() == changed and "fix" not in err
    # without the baseline there is something to fix
    assert cli(repo, "--diff", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)[0] == 1


@needs_git
@pytest.mark.parametrize("extra", [b"bad line here\n", b"$INCLUDE missing.inc\n"])
def test_no_fix_in_a_zone_with_a_parse_error_even_ignored(tmp_path, monkeypatch, capsys, extra):
    zone = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 7 2 3 4 5\n@ 60 IN NS ns1\nns1 60 IN A 192.0.2.1\n"
    repo = repo_with(tmp_path, {"example.com.zone": zone})
    changed = zone + extra
    (repo / "example.com.zone").write_bytes(changed)
    for args in ([], ["--ignore", "ZL001,ZL002"]):
        code, out, err = cli(repo, "--fix", *args, "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
        assert code == 1
        assert "ZL607 not fixed: the zone has a parse error" in err
        assert (repo / "example.com.zone").read_bytes() == changed
        code, out, err = cli(repo, "--diff", *args, "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
        assert (code, out) == (0, "")


@needs_git
@pytest.mark.parametrize("kind", ["symlink", "hardlink"])
def test_refuses_symlinked_or_hard_linked_zone(tmp_path, monkeypatch, capsys, kind):
    zone = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 7 2 3 4 5\n@ 60 IN NS ns1\nns1 60 IN A 192.0.2.1\n"
    repo = repo_with(tmp_path, {"real/example.com.zone": zone})
    link = repo / "example.com.zone"
    if kind == "symlink":
        link.symlink_to("real/example.com.zone")
        why = "a symbolic link: not rewritten"
    else:
        os.link(repo / "real" / "example.com.zone", link)
        why = "has 2 hard links: not rewritten"
    git(repo, "add", "example.com.zone")
    git(repo, "commit", "-q", "-m", "link")
    changed = zone.replace(b"192.0.2.1", b"192.0.2.2")
    (repo / "real" / "example.com.zone").write_bytes(changed)  # in place: both names see it
    code, out, err = cli(repo, "--fix", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert why in err, (out, err)
    assert (repo / "real" / "example.com.zone").read_bytes() == changed
    assert link.read_bytes() == changed


def test_fix_and_diff_argument_errors(tmp_path, monkeypatch, capsys):
    (tmp_path / "z.zone").write_text("$ORIGIN example.com.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n")
    monkeypatch.chdir(tmp_path)
    for args, msg in ((["--fix", "--diff", "z.zone"], "--fix and --diff cannot be combined"),
                      (["--fix", "-"], "--fix needs zone files on disk"),
                      (["--diff", "--write-baseline", "b.json", "z.zone"], "--diff and --write-baseline")):
        assert main(args) == 2
        assert msg in capsys.readouterr().err


@needs_git
def test_a_fix_that_changes_a_zone_also_raises_its_serial(tmp_path, monkeypatch, capsys):
    """Pass 1 deletes a duplicate record (ZL704); the zone now differs from the base, so the lint
    after it reports ZL607, which pass 2 fixes: one --fix leaves nothing, a second changes nothing."""
    zone = (b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 7 3600 900 1209600 300\n@ 60 IN NS ns1\n"
            b"ns1 60 IN A 192.0.2.1\nns1 60 IN A 192.0.2.1\nwww 60 IN A 192.0.2.2\n")
    repo = repo_with(tmp_path, {"example.com.zone": zone})
    code, out, err = cli(repo, "--fix", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, (out, err)
    assert (repo / "example.com.zone").read_bytes() == zone.replace(b" 7 ", b" 8 ").replace(
        b"ns1 60 IN A 192.0.2.1\n", b"", 1)
    assert "fixed 2 findings in 1 file" in err
    before = (repo / "example.com.zone").read_bytes()
    assert cli(repo, "--fix", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    assert (repo / "example.com.zone").read_bytes() == before


@needs_git
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a file's owner needs root")
def test_fix_keeps_the_owner_and_group(tmp_path, monkeypatch, capsys):
    zone = b"$ORIGIN example.com.\n@ 60 IN SOA ns1 h 7 3600 900 1209600 300\n@ 60 IN NS ns1\nns1 60 IN A 192.0.2.1\n"
    repo = repo_with(tmp_path, {"example.com.zone": zone})
    path = repo / "example.com.zone"
    path.write_bytes(zone.replace(b"192.0.2.1", b"192.0.2.2"))
    os.chown(path, 65534, 65534)
    os.chmod(path, 0o604)
    assert cli(repo, "--fix", "example.com.zone", monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    st = os.stat(path)
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (65534, 65534, 0o604)
    assert b" h 8 3600 " in path.read_bytes()
