"""``-j N`` (zonelint.jobs): the same findings as a serial run, and the automatic default stays
serial for small runs. Behaviour only: no timing assertions."""

from __future__ import annotations

import io
import json
import os
import sys
from contextlib import redirect_stdout

import pytest

from zonelint import jobs
from zonelint.cli import main

pytestmark = pytest.mark.skipif(not jobs.available(), reason="-j needs os.fork")

ZONE = """$TTL 3600
$ORIGIN {o}
@ IN SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )
  NS ns1
  NS ns.other{n2}.test.
ns1 A 192.0.2.1
www CNAME ghost
mail MX 10 www
_xmpp-client._tcp SRV 5 0 5222 xmpp.other{n2}.test.
_xmpp-server._tcp SRV 5 0 5269 www
_sip._udp SRV 0 0 5060 nowhere
txt TXT "v=spf1 -all" ( "more"
  )
dup A 192.0.2.9
dup 60 A 192.0.2.9
odd IN CAA 0 issue "ca.example"
bad A 999.1.1.1
xmpp A 192.0.2.5
"""


def _repo(tmp_path, n=6):
    paths = []
    for i in range(n):
        o = f"other{i}.test."
        p = tmp_path / f"{o}zone"
        p.write_text(ZONE.format(o=o, n2=(i + 1) % n))
        paths.append(p.name)
    (tmp_path / "inc.part").write_text("inc A 192.0.2.77\n")
    with open(tmp_path / paths[0], "a") as f:
        f.write("$INCLUDE inc.part\n")
    return paths


def _run(tmp_path, monkeypatch, *args):
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with redirect_stdout(out):
        rc = main(["--no-config", "--format", "json", *args])
    return rc, json.loads(out.getvalue())


def test_j2_same_findings_as_j1(tmp_path, monkeypatch):
    paths = _repo(tmp_path)
    rc1, r1 = _run(tmp_path, monkeypatch, "-j", "1", *paths)
    rc2, r2 = _run(tmp_path, monkeypatch, "-j", "2", *paths)
    rc3, r3 = _run(tmp_path, monkeypatch, "-j", "3", ".")
    assert r1["findings"], "the repo should produce findings"
    assert (rc1, r1) == (rc2, r2)
    assert rc3 == rc1 and r3["findings"] == r1["findings"]
    codes = {f["code"] for f in r1["findings"]}
    assert "ZL001" in codes  # a load problem travels back from a worker too


def test_j2_single_zone_splits_rules(tmp_path, monkeypatch):
    paths = _repo(tmp_path, 1)
    assert _run(tmp_path, monkeypatch, "-j", "1", *paths) == _run(tmp_path, monkeypatch, "-j", "2", *paths)


def test_worker_failure_falls_back(tmp_path, monkeypatch):
    paths = _repo(tmp_path, 3)
    want = _run(tmp_path, monkeypatch, "-j", "1", *paths)
    real = jobs._fork_map

    def broken(n, work):
        results, own = real(n, work)
        return [None] * n, own  # as if every child had died

    monkeypatch.setattr(jobs, "_fork_map", broken)
    assert _run(tmp_path, monkeypatch, "-j", "2", *paths) == want


def test_auto_jobs_small_runs_stay_serial(tmp_path, monkeypatch):
    paths = _repo(tmp_path)
    assert jobs.auto_jobs([str(tmp_path / p) for p in paths]) == 1
    calls = []
    monkeypatch.setattr(jobs, "_fork_map", lambda *a: calls.append(a))
    _run(tmp_path, monkeypatch, *paths)  # no -j: automatic
    assert calls == []


def test_auto_jobs_big_runs_go_parallel(tmp_path, monkeypatch):
    big = tmp_path / "big.zone"
    with open(big, "wb") as f:
        f.truncate(jobs.AUTO_MIN_BYTES)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert jobs.auto_jobs([str(big)]) == 2
