"""``-j N``: spread a run over N processes (fork; POSIX only).

Two phases are parallel:

- **loading**: the files are split into N shares of about equal size; the parent loads one share
  itself while each forked worker loads another and sends its zones back compactly (``marshal`` of
  primitive tuples, names shared), which the parent turns into the same
  :class:`~zonelint.model.Record`/:class:`~zonelint.model.Problem` objects a serial load gives;
- **rules**: once the one record graph is built, workers forked from the parent (so they share the
  graph copy-on-write, nothing is sent to them) each run a share of the (rule, zone) pairs; they
  send back only their findings, records and files referred to by position.

The findings are the same as with ``-j 1`` (``tests/test_jobs.py``), in the same order (the engine
sorts them). A worker that fails is not fatal: the parent does its share itself.

The default (``jobs=None``) is serial unless the run is big enough to pay for the fork and the
transfer: see :func:`auto_jobs`.
"""

from __future__ import annotations

import marshal
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
# loading


def _pack_zone(lz) -> tuple:
    files = lz.files
    fidx = {id(f): i for i, f in enumerate(files)}

    def rec(r):
        return (
            fidx[id(r.file)],
            r.line,
            r.column,
            r.end_line,
            r.owner,
            r.ttl,
            r.ttl_explicit,
            r.ttl_source,
            r.rdclass,
            r.rdtype,
            r._text,
            r.origin,
            r.data,
        )

    return (
        [(f.path, f.display, f.reported, None if f.included_from is None else fidx.get(id(f.included_from))) for f in files],
        lz.origin,
        [rec(r) for r in lz.records],
        [
            (p.code, p.message, fidx.get(id(p.file), 0), p.line, p.column, p.owner, None if p.record is None else rec(p.record))
            for p in lz.problems
        ],
        lz.includes,
    )


def _unpack_zone(t):
    from .loadtypes import LoadedZone
    from .model import Problem, Record, SourceFile

    ftuples, origin, recs, probs, includes = t
    files = []
    for path, display, reported, inc in ftuples:
        f = SourceFile(path=path, display=display, reported=reported)
        if inc is not None:
            f.included_from = files[inc]
        files.append(f)

    def rec(r):
        return Record(files[r[0]], r[1], r[2], r[3], r[4], r[5], r[6], r[8], r[9], r[10], r[11], r[12], None, r[7])

    return LoadedZone(
        file=files[0],
        origin=origin,
        records=[rec(r) for r in recs],
        problems=[
            Problem(c, m, files[fi], line, col, owner, None if r is None else rec(r))
            for c, m, fi, line, col, owner, r in probs
        ],
        includes=includes,
        files=files,
    )


def load_parallel(files: list[tuple[str, bool]], n: int, load_one, progress=None) -> list:
    """``load_one(path, reported)`` for every file, in ``n`` processes; results in file order (an
    :class:`OSError` in place of a file that could not be read)."""
    weights = []
    for path, _ in files:
        try:
            weights.append(os.path.getsize(path))
        except OSError:
            weights.append(0)
    shares = _shares(weights, n)
    out: list = [None] * len(files)

    def work(k):
        res = []
        for i in shares[k]:
            path, reported = files[i]
            try:
                lz = load_one(path, reported)
            except OSError as e:
                res.append((i, None, (e.errno, e.strerror, e.filename)))
                continue
            if k == 0:
                out[i] = lz
                if progress is not None:
                    progress(len(lz.records))
            else:
                res.append((i, _pack_zone(lz), None))
        return marshal.dumps(res, 4) if k else None

    results, _ = _fork_map(n, work)
    for k in range(1, n):
        data = results[k]
        if data is None:  # the worker failed: load its share here
            for i in shares[k]:
                path, reported = files[i]
                try:
                    out[i] = load_one(path, reported)
                except OSError as e:
                    out[i] = e
            continue
        for i, packed, err in marshal.loads(data):
            if err is not None:
                out[i] = OSError(*err[:2], err[2]) if err[2] is not None else OSError(*err[:2])
            else:
                out[i] = _unpack_zone(packed)
                if progress is not None:
                    progress(len(out[i].records))
    return out


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
