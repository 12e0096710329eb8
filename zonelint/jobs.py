"""``-j N``: spread a run over N processes (fork; POSIX only).

A run over several files is split by file (:mod:`zonelint.shard`: each process loads a share of
the files and lints the zones it loaded). A run over one large zone loads it here and splits the
rules: once the one record graph is built, workers forked from the parent (so they share the graph
copy-on-write, nothing is sent to them) each run a share of the (rule, zone) pairs; they send back
only their findings, records and files referred to by position.

The findings are the same as with ``-j 1`` (``tests/test_jobs.py``), in the same order (the engine
sorts them). A worker that fails is not fatal: the parent does its share itself.

The default (``jobs=None``) is serial unless the run is big enough to pay for the fork and the
transfer: see :func:`auto_jobs`.
"""

from __future__ import annotations

import os
import sys

#: Below this many bytes of zone files a run stays in one process (a pre-commit run never forks).
AUTO_MIN_BYTES = 8 << 20


def available() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def auto_jobs(paths: list[str]) -> int:
    """Processes for a run that did not say (``-j``): 1 unless the files add up to
    :data:`AUTO_MIN_BYTES`, then up to the CPU count (at most 4)."""
    if not available():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cpus < 2:
        return 1
    total = 0
    for p in paths:
        try:
            total += os.path.getsize(p)
        except OSError:
            pass
        if total >= AUTO_MIN_BYTES:
            return min(cpus, 4)
    return 1


# ---------------------------------------------------------------------------------------------
# fork helpers


def _fork_map(n: int, work):
    """Run ``work(k)`` for k in 1..n-1 in forked children and ``work(0)`` here. Returns the list of
    the children's results (bytes, or None for a child that failed) indexed by k (0: None) and the
    parent's own result."""
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for k in range(1, n):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            code = 1
            try:
                os.close(r)
                data = work(k)
                view = memoryview(data)
                while view:
                    view = view[os.write(w, view) :]
                code = 0
            except BaseException as e:
                if os.environ.get("ZONELINT_DEBUG_JOBS"):
                    import traceback

                    traceback.print_exc()
                del e
            finally:
                os._exit(code)
        os.close(w)
        children.append((k, pid, r))
    own = work(0)
    out: list = [None] * n
    for k, pid, r in children:
        chunks = []
        while True:
            b = os.read(r, 1 << 20)
            if not b:
                break
            chunks.append(b)
        os.close(r)
        _, status = os.waitpid(pid, 0)
        out[k] = b"".join(chunks) if os.waitstatus_to_exitcode(status) == 0 else None
    return out, own


def _shares(weights: list[int], n: int) -> list[list[int]]:
    """Indexes split into ``n`` shares of about equal total weight (greedy, heaviest first); each
    share keeps the original order."""
    shares: list[list[int]] = [[] for _ in range(n)]
    load = [0] * n
    for i in sorted(range(len(weights)), key=lambda i: -weights[i]):
        k = load.index(min(load))
        shares[k].append(i)
        load[k] += weights[i] + 1
    for s in shares:
        s.sort()
    return shares


# ---------------------------------------------------------------------------------------------
# rules


def run_rules_parallel(graph, rules, zones, n: int, check_pair, new_result):
    """Run every (rule, zone) pair with ``check_pair(rule, zone, result)`` in ``n`` processes
    forked after the graph was built; returns the merged result (findings unsorted)."""
    import io
    import pickle

    pairs = [(ri, zi) for ri in range(len(rules)) for zi in range(len(zones))]
    if len(zones) >= 4 * n:
        # many zones: all rules of a zone in one process (its per-zone indexes are built once)
        zshares = _shares([len(z.records) for z in zones], n)
        nr = len(rules)
        shares = [[ri * len(zones) + zi for ri in range(nr) for zi in zs] for zs in zshares]
    else:
        shares = _shares([len(zones[zi].records) for _, zi in pairs], n)
    files = []
    for z in graph.zones:
        files.extend(z.files)
    for z in zones:
        if z not in graph.zones:  # pragma: no cover - zones always come from the graph
            files.extend(z.files)
    file_ids = {id(f): i for i, f in enumerate(files)}

    def work(k):
        result = new_result()
        for i in shares[k]:
            ri, zi = pairs[i]
            check_pair(rules[ri], zones[zi], result)
        if k == 0:
            return result
        rec_ids: dict[int, tuple] = {}
        indexed: set = set()
        zone_list = list(graph.zones)

        def index_zone(z):
            zi = zone_list.index(z)
            for j, r in enumerate(z.records):
                rec_ids[id(r)] = (zi, j)

        class P(pickle.Pickler):
            def persistent_id(self, obj):
                t = type(obj).__name__
                if t == "SourceFile":
                    i = file_ids.get(id(obj))
                    return None if i is None else ("F", i)
                if t == "Record":
                    got = rec_ids.get(id(obj))
                    if got is None:
                        z = graph.zone_of(obj)
                        if z is not None and id(z) not in indexed:
                            indexed.add(id(z))
                            index_zone(z)
                            got = rec_ids.get(id(obj))
                    return None if got is None else ("R",) + got
                return None

        buf = io.BytesIO()
        P(buf, protocol=pickle.HIGHEST_PROTOCOL).dump((result.findings, result.suppressed, result.internal_errors))
        return buf.getvalue()

    results, own = _fork_map(n, work)
    zone_list = list(graph.zones)

    class U(pickle.Unpickler):
        def persistent_load(self, pid):
            if pid[0] == "F":
                return files[pid[1]]
            return zone_list[pid[1]].records[pid[2]]

    for k in range(1, n):
        data = results[k]
        if data is None:  # the worker failed: run its share here
            for i in shares[k]:
                ri, zi = pairs[i]
                check_pair(rules[ri], zones[zi], own)
            continue
        findings, suppressed, internal = U(io.BytesIO(data)).load()
        own.findings.extend(findings)
        own.suppressed += suppressed
        own.internal_errors += internal
    return own
