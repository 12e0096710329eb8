"""Bounded resources (issue 8, acceptance 5): peak memory grows linearly with the number of
records. Timing-free: peak RSS of real subprocesses (wait4) at three sizes; the bound is loose
(slope within 25% of linear, under 4 kB per record) so it does not flake, and tight enough to
catch a quadratic structure or a per-record leak of whole lines."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO

HELPER = (
    "import os,sys,subprocess\n"
    "p=subprocess.Popen(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)\n"
    "_,s,ru=os.wait4(p.pid,0)\n"
    "print(ru.ru_maxrss, os.waitstatus_to_exitcode(s))\n"
)


def _zone(path, n: int) -> None:
    with open(path, "w") as f:
        f.write("$TTL 1h\n@ SOA ns h 1 3600 600 604800 300\n NS ns\nns A 192.0.2.1\n")
        for i in range(n):
            f.write(f'h{i} A 192.0.{(i >> 8) & 255}.{i & 255}\nh{i} TXT "v=spf1 -all"\n')


def _peak_kb(tmp_path, n: int) -> int:
    path = tmp_path / f"m{n}.zone"
    _zone(path, n)
    p = subprocess.run(
        [sys.executable, "-c", HELPER, sys.executable, "-m", "zonelint", "--no-config", "--origin",
         "example.", "--format", "json", "-j", "1", path.name],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    rss, rc = p.stdout.split()
    assert int(rc) in (0, 1)
    return int(rss)


@pytest.mark.slow
def test_memory_grows_linearly_with_records(tmp_path):
    base = _peak_kb(tmp_path, 0)
    small = _peak_kb(tmp_path, 10_000) - base  # 20 000 records
    large = _peak_kb(tmp_path, 40_000) - base  # 80 000 records
    assert small > 0
    assert large <= 4 * small * 1.25 + 8 * 1024, (base, small, large)  # linear, not worse
    assert large / 80_000 < 4, f"{large / 80_000:.2f} kB per record"
