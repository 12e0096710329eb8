"""``-j N``: the same report as a serial run, and the automatic default stays serial for small
runs. Several files go through :mod:`zonelint.shard` (each process loads and lints a share);
one file is loaded and linted in one process. Behaviour
only: no timing assertions (the speed-up is measured by ``benchmarks/run.py``)."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
from contextlib import redirect_stderr, redirect_stdout

import pytest

from zonelint import jobs, shard
from zonelint.cli import main
from zonelint.graph import RecordGraph, Zone
from zonelint.lazygraph import LazyRecordGraph
from zonelint.load import load_text

pytestmark = pytest.mark.skipif(not jobs.available(), reason="-j needs os.fork")

# each zone points into the next one (NS, SRV targets) and owns a CNAME the previous zone's SRV
# targets: cross-zone findings (ZL101 target-cname, ZL103 target-missing) need the other zone
ZONE = """$TTL 3600
$ORIGIN {o}
@ IN SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )
  NS ns1
  NS ns.other{n2}.test.
ns1 A 192.0.2.1
www CNAME ghost
mail MX 10 www
_xmpp-client._tcp SRV 5 0 5222 xmpp.other{n2}.test.
_xmpp-server._tcp SRV 5 0 5269 alias.other{n2}.test.
_sip._udp SRV 0 0 5060 nowhere
alias CNAME xmpp
txt TXT "v=spf1 -all" ( "more"
  )
dup A 192.0.2.9
dup 60 A 192.0.2.9
odd IN CAA 0 issue "ca.example"
bad A 999.1.1.1
xmpp A 192.0.2.5
www2 A 192.0.2.6 ; noqa: ZL999
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


def _run(tmp_path, monkeypatch, *args, fmt="json"):
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["--no-config", "--format", fmt, *args])
    return rc, (json.loads(out.getvalue()) if fmt in ("json", "sarif") else out.getvalue()), err.getvalue()


def test_j2_same_report_as_j1(tmp_path, monkeypatch, sharded_calls):
    paths = _repo(tmp_path)
    rc1, r1, _ = _run(tmp_path, monkeypatch, "-j", "1", *paths)
    assert sharded_calls == []
    rc2, r2, _ = _run(tmp_path, monkeypatch, "-j", "2", *paths)
    rc3, r3, _ = _run(tmp_path, monkeypatch, "-j", "3", ".")
    assert len(sharded_calls) == 2 and all(c is not None for c in sharded_calls), "the sharded path ran"
    assert r1["findings"], "the repo should produce findings"
    assert (rc1, r1) == (rc2, r2)
    assert rc3 == rc1 and r3["findings"] == r1["findings"]
    codes = {f["code"] for f in r1["findings"]}
    assert "ZL001" in codes  # a load problem travels back from a worker too
    # cross-zone findings: the SRV target in the next zone is a CNAME there, and the NS target
    # ns.otherN.test. does not exist there; under -j 2 half of those zones live in the other worker
    cross = [(f["path"], f["code"]) for f in r1["findings"] if f["code"] in ("ZL101", "ZL103")]
    assert {p for p, c in cross if c == "ZL101"} == set(paths)
    assert {p for p, c in cross if c == "ZL103"} >= set(paths)
    assert r1["summary"]["suppressed"] == r2["summary"]["suppressed"]


@pytest.mark.parametrize("fmt", ["sarif", "text", "github", "gitlab"])
def test_j2_same_output_in_every_format(tmp_path, monkeypatch, fmt, sharded_calls):
    """Snippets, fingerprints and end lines need the anchoring record and its file: they travel
    back from the workers with each finding."""
    paths = _repo(tmp_path, 4)
    one = _run(tmp_path, monkeypatch, "-j", "1", *paths, fmt=fmt)
    two = _run(tmp_path, monkeypatch, "-j", "2", *paths, fmt=fmt)
    assert sharded_calls and sharded_calls[-1] is not None
    assert one == two


def test_context_zones_inform_but_are_not_reported(tmp_path, monkeypatch, sharded_calls):
    paths = _repo(tmp_path, 4)
    args = [paths[0], paths[2], "--context", paths[1], "--context", paths[3]]
    one = _run(tmp_path, monkeypatch, "-j", "1", *args)
    two = _run(tmp_path, monkeypatch, "-j", "2", *args)
    assert sharded_calls[-1] is not None
    assert one == two
    assert {f["path"] for f in one[1]["findings"]} == {paths[0], paths[2]}
    assert any(f["code"] == "ZL101" for f in one[1]["findings"])  # the target is in a context zone


def test_included_file_is_not_a_zone_of_its_own(tmp_path, monkeypatch, sharded_calls):
    paths = _repo(tmp_path, 3)
    one = _run(tmp_path, monkeypatch, "-j", "1", *paths, "inc.part")
    two = _run(tmp_path, monkeypatch, "-j", "3", *paths, "inc.part")
    assert sharded_calls[-1] is not None
    assert one == two
    assert one[1]["summary"]["files"] == 3


def test_worker_failure_falls_back_to_serial(tmp_path, monkeypatch, sharded_calls):
    paths = _repo(tmp_path, 3)
    want = _run(tmp_path, monkeypatch, "-j", "1", *paths)

    def dies(*a, **k):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(shard, "worker", dies)
    assert _run(tmp_path, monkeypatch, "-j", "2", *paths) == want
    assert sharded_calls == [None]


def test_unreadable_file_in_a_worker(tmp_path, monkeypatch, sharded_calls):
    """A file that fails to read (EIO) inside the lint root, in a worker as in one process
    (/proc/self/mem would do it, but it is outside the lint root: refused before any read)."""
    import errno

    import zonelint.runner as runner

    paths = _repo(tmp_path, 2)
    (tmp_path / "eio.zone").write_text(ZONE.format(o="eio.test.", n2=0))
    real = runner.load_one

    def failing(path, *a, **k):
        if os.path.basename(path) == "eio.zone":
            raise OSError(errno.EIO, "Input/output error", path)
        return real(path, *a, **k)

    monkeypatch.setattr(runner, "load_one", failing)  # the forked workers inherit it
    one = _run(tmp_path, monkeypatch, "-j", "1", *paths, "eio.zone")
    two = _run(tmp_path, monkeypatch, "-j", "2", *paths, "eio.zone")
    assert sharded_calls[-1] is not None
    assert one == two
    assert one[0] == 2 and "eio.zone: cannot read: Input/output error" in one[2]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_serial_check_against_git_base(tmp_path, monkeypatch, sharded_calls):
    """ZL607 needs each zone's git base: read once in the parent, handed to the workers."""
    paths = _repo(tmp_path, 4)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t.invalid", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", "-c", "commit.gpgsign=false", *cmd], cwd=tmp_path, env=env, check=True)
    for p in paths[1:3]:  # changed without raising the serial
        with open(tmp_path / p, "a") as f:
            f.write("new A 192.0.2.99\n")
    one = _run(tmp_path, monkeypatch, "-j", "1", "--serial-base", "HEAD", *paths)
    two = _run(tmp_path, monkeypatch, "-j", "2", "--serial-base", "HEAD", *paths)
    assert sharded_calls[-1] is not None
    assert one == two
    assert sorted(f["path"] for f in one[1]["findings"] if f["code"] == "ZL607") == sorted(paths[1:3])


def test_j2_single_zone_loads_here_rules_here(tmp_path, monkeypatch, sharded_calls):
    paths = _repo(tmp_path, 1)
    assert _run(tmp_path, monkeypatch, "-j", "1", *paths) == _run(tmp_path, monkeypatch, "-j", "2", *paths)
    assert sharded_calls == []  # one file: loaded and linted here


def test_auto_jobs_small_runs_stay_serial(tmp_path, monkeypatch, sharded_calls):
    paths = _repo(tmp_path)
    assert jobs.auto_jobs([str(tmp_path / p) for p in paths]) == 1
    _run(tmp_path, monkeypatch, *paths)  # no -j: automatic
    assert sharded_calls == []


def test_auto_jobs_big_runs_go_parallel(tmp_path, monkeypatch):
    big = tmp_path / "big.zone"
    with open(big, "wb") as f:
        f.truncate(jobs.AUTO_MIN_BYTES)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert jobs.auto_jobs([str(big)]) == 2


def test_chunks_cover_every_file_once_in_order(tmp_path):
    files = []
    for i, size in enumerate([10, 5000, 1, 1, 1, 20000, 3, 0]):
        p = tmp_path / f"f{i}"
        p.write_bytes(b"x" * size)
        files.append((str(p), True))
    files.append((str(tmp_path / "missing"), True))
    chunks = shard.chunks(files, 2)
    assert [i for c in chunks for i in c] == list(range(len(files)))
    assert all(chunks)


def test_next_zones_gives_own_first_then_steals():
    queues = [[0, 1, 2, 3, 4, 5, 6, 7], [8]]
    assert shard.next_zones(queues, 1) == [8]
    assert shard.next_zones(queues, 1) == [7]  # stolen from the end of the other queue
    assert shard.next_zones(queues, 0) == [0]  # a quarter of 7, at least one
    got = []
    while True:
        batch = shard.next_zones(queues, 0)
        if not batch:
            break
        got.extend(batch)
    assert got == [1, 2, 3, 4, 5, 6] and shard.next_zones(queues, 1) == []


# -- lazy zones (a zone another process loaded, loaded here on first use) -------------------

PARENT = """$ORIGIN example.test.
@ SOA ns1 host 1 2 3 4 5
@ NS ns1
ns1 A 192.0.2.1
child NS ns1.child
ns1.child A 192.0.2.53
"""
CHILD = """$ORIGIN child.example.test.
@ SOA ns1 host 1 2 3 4 5
@ NS ns1
ns1 A 192.0.2.54
www CNAME elsewhere.example.
"""
OTHER = """$ORIGIN other.test.
@ SOA ns1 host 1 2 3 4 5
@ NS ns1
ns1 A 192.0.2.9
"""


def _zone(text, origin):
    lz = load_text(text, origin=origin, path=f"{origin}zone")
    return lz, Zone(lz.origin, lz.file, lz.records, lz.problems, lz.files)


def _graphs(lazy_index):
    """An eager graph of three zones, and the same with zone ``lazy_index`` lazy."""
    texts = [(PARENT, "example.test."), (CHILD, "child.example.test."), (OTHER, "other.test.")]
    eager = RecordGraph([_zone(t, o)[1] for t, o in texts])
    lazy = LazyRecordGraph()
    loads = []
    for pos, (t, o) in enumerate(texts):
        if pos == lazy_index:

            def loader(t=t, o=o):
                loads.append(o)
                return _zone(t, o)[0]

            lazy.add_lazy(o, loader, ref=pos)
        else:
            lazy.add_zone(_zone(t, o)[1])
    return eager, lazy, loads


def _view(records):
    return [(r.file.display, r.line, r.rdtype) for r in records]


def test_lazy_zone_loads_only_when_a_lookup_needs_it():
    eager, lazy, loads = _graphs(2)
    assert lazy.target_status("www.child.example.test.") == eager.target_status("www.child.example.test.")
    assert lazy.exists("nothing.example.test.") is False and loads == []  # other.test. not needed
    assert lazy.zone_for("www.example.test.") is lazy.zones[0] and loads == []
    assert lazy.target_status("ghost.other.test.") == "absent" and loads == ["other.test."]
    assert _view(lazy.rrs("ns1.other.test.")) == _view(eager.rrs("ns1.other.test."))
    assert loads == ["other.test."]  # loaded once


def test_lazy_zone_records_keep_zone_order():
    """ns1.child.example.test. is owned in the parent (glue) and in the child: with the parent
    as a lazy zone loaded after the child, the records still come parent first, as in one process."""
    eager, lazy, loads = _graphs(0)
    assert _view(lazy.rrs("ns1.child.example.test.")) == _view(eager.rrs("ns1.child.example.test."))
    assert loads == ["example.test."]
    assert lazy.zone_for("www.child.example.test.") is lazy.zones[1]


def test_lazy_referrers_load_only_the_zones_pointing_at_the_name():
    """With point_at (what the workers tell each other), referrers() loads the lazy zones that
    point at the name from outside their apex, and the zones a lookup of the name would load."""
    eager, lazy, loads = _graphs(1)
    lazy.point_at({"elsewhere.example.": [1]})
    assert _view(lazy.referrers("ns1.example.test.")) == _view(eager.referrers("ns1.example.test."))
    assert lazy.referrers("ns1.example.test.") and loads == []  # the child points elsewhere
    got = _view(lazy.referrers("elsewhere.example."))
    assert got == _view(eager.referrers("elsewhere.example.")) == [("child.example.test.zone", 5, "CNAME")]
    assert loads == ["child.example.test."]


def test_lazy_referrers_keep_the_order_of_a_loaded_graph():
    """A zone loaded after the referrer index was built is merged in type, zone, file order."""
    eager, lazy, loads = _graphs(0)
    lazy.point_at({})
    assert lazy.referrers("elsewhere.example.") and loads == []  # index built without the parent
    got = _view(lazy.referrers("ns1.child.example.test."))  # the parent's delegation loads it
    assert loads == ["example.test."] and len(got) == 2
    assert got == _view(eager.referrers("ns1.child.example.test."))


def test_lazy_referrers_without_point_at_load_every_zone():
    eager, lazy, loads = _graphs(2)
    assert _view(lazy.referrers("ns1.example.test.")) == _view(eager.referrers("ns1.example.test."))
    assert loads == ["other.test."]  # nothing said which zones point where: all are loaded


def test_lazy_zone_whole_graph_access_loads_everything():
    eager, lazy, loads = _graphs(1)
    assert [len(z.records) for z in lazy.zones] == [len(z.records) for z in eager.zones]
    assert loads == ["child.example.test."]
    assert sorted(lazy.names()) == sorted(eager.names())
    assert _view(lazy.records("A")) == _view(eager.records("A"))



def test_progress_is_reported_from_the_workers(tmp_path, monkeypatch, sharded_calls):
    """The parent counts files and records as each worker reports them (the progress bar)."""
    from zonelint.config import load_config
    from zonelint.plugins import load_registry
    from zonelint.runner import RunOptions, lint

    paths = _repo(tmp_path, 5)
    monkeypatch.chdir(tmp_path)
    seen = []
    opts = RunOptions(paths=paths, jobs=2, progress=lambda done, total, records: seen.append((done, total, records)))
    report = lint(opts, load_config(None, True), load_registry())
    assert sharded_calls[-1] is not None
    assert [d for d, _, _ in seen] == [1, 2, 3, 4, 5] and {t for _, t, _ in seen} == {5}
    assert seen[-1][2] == report.records  # every record loaded (the included one counts in its zone)


@pytest.mark.parametrize("when", ["loading", "checking"])
def test_one_worker_dying_does_not_hang_the_others(tmp_path, monkeypatch, sharded_calls, when):
    """The first worker to get there dies; the other one waits for the zone table or for zones,
    which must not hang the run: the parent gives up the sharded run and lints serially."""
    paths = _repo(tmp_path, 6)
    want = _run(tmp_path, monkeypatch, "-j", "1", *paths)
    flag = tmp_path / "died"
    real_handed_out = shard.handed_out

    def handed_out(conn, what):
        if (what == shard.FILES) == (when == "loading"):
            try:
                os.close(os.open(flag, os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                pass
            else:
                os._exit(1)  # this worker dies; the other goes on
        return real_handed_out(conn, what)

    monkeypatch.setattr(shard, "handed_out", handed_out)

    def hung(*_):
        raise TimeoutError("the run hung on the dead worker")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)  # a hang fails the test instead of stalling the suite
    try:
        got = _run(tmp_path, monkeypatch, "-j", "2", *paths)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert flag.exists() and sharded_calls == [None]
    assert got == want


def test_no_process_can_be_forked(tmp_path, monkeypatch, sharded_calls):
    """fork() failing (a process limit reached) means a serial run, never a traceback."""
    paths = _repo(tmp_path, 3)
    want = _run(tmp_path, monkeypatch, "-j", "1", *paths)

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert _run(tmp_path, monkeypatch, "-j", "2", *paths) == want
    assert sharded_calls == [None]


def test_a_worker_builds_the_runs_tables_once(tmp_path, monkeypatch, sharded_calls):
    """A worker runs the rules on its zones one at a time: the run's memoised tables (here the
    XMPP table over every zone) are built once per worker, not once per zone (which made many
    files under -j quadratic: 80 files of 2k records, -j 2, 10.1 s of CPU against 3.4 s)."""
    from zonelint.rules.helpers import xmpp as xmpp_helpers

    paths = _repo(tmp_path, n=8)
    log = tmp_path / "built.log"
    real = xmpp_helpers.XmppServices.__init__

    def counting(self, graph):
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        os.write(fd, b"%d\n" % os.getpid())
        os.close(fd)
        real(self, graph)

    monkeypatch.setattr(xmpp_helpers.XmppServices, "__init__", counting)
    rc, report, _ = _run(tmp_path, monkeypatch, "-j", "2", *paths)
    assert sharded_calls and sharded_calls[-1] is not None, "the sharded path ran"
    assert report["findings"]
    pids = log.read_text().split()
    assert len(set(pids)) == 2, pids  # both workers ran the XMPP rules
    assert len(pids) == 2, pids  # once each
