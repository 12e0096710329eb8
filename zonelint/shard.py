"""``-j N`` over many files: each process loads a share of the files and lints the zones it loaded.

A run of many zone files (a hoster's repository, a CI gate over a folder) spends its time in two
places that grow with the records: loading and the rules. Both are per zone, except that the
rules look across zones (an SRV target in another zone of the run, an XMPP component loaded as
its own zone). So the run is split by file, not by phase:

1. the parent starts N worker processes (``multiprocessing``, fork context), each with a duplex
   :func:`~multiprocessing.Pipe` to the parent; workers ask for files a chunk at a time (about
   equal in bytes, so a slow file or a slow process evens out);
2. each worker loads what it is handed and sends back only a summary per file (origin, the files
   it ``$INCLUDE``s, its record count), plus progress as it goes;
3. the parent decides, exactly as a serial run does, which loaded files are zones (a file another
   one includes is linted there), reads the git base of each zone when ZL607 needs it, and sends
   every worker the list of the run's zones in order;
4. each worker builds the run's one record graph (a :class:`~zonelint.lazygraph.LazyRecordGraph`)
   with its own zones loaded and every other zone known by its origin and loaded on first use
   (so a cross-zone lookup sees what a serial run sees, and a worker only reads the few other
   zones its rules actually look into), then runs every rule on the zones it is handed: its own
   first, then (when it runs out while another is still busy) zones another worker loaded;
5. the workers send back their findings (the anchoring record travels with each one,
   :mod:`zonelint.wire`); the parent rebuilds them, sorts them as the engine does, and reports.

No record crosses a process boundary except the ones findings point at, so the parent never
rebuilds a million records and nothing in the run is serial but the start, the merge and the
report. The findings are the same as with ``-j 1`` (``tests/test_jobs.py`` compares every format,
fingerprints included). If a worker dies (its pipe reaches end of file before its result came),
:func:`lint_sharded` gives the run up and returns None, and the caller runs the serial path.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from types import SimpleNamespace

from .engine import distinct_sorted
from .model import TARGET_TYPES, Notification, is_subdomain
from .report.model import RunResult
from .wire import file_tuples, pack_findings, source_files, unpack_findings

# -- messages (pickled by multiprocessing.connection) ------------------------------------------


@dataclass
class Ask:
    """Worker -> parent: hand me the next batch of ``what`` (``"files"`` or ``"zones"``)."""

    what: str


@dataclass
class Loaded:
    """Worker -> parent: one more file loaded, with this many records (progress)."""

    records: int


@dataclass
class Summary:
    """Worker -> parent: ``(index, origin, (real path, includes), records, paths, unparsable)`` per file
    loaded (``(index, None, (errno, strerror, filename), 0, None)`` for one it could not read),
    and ``{index: names}``: the names (keys) the file's records point at outside its apex."""

    entries: list
    pointing: dict


@dataclass
class Result:
    """Worker -> parent: packed findings, counts, and the files of the zones it loaded."""

    findings: list
    suppressed: int
    internal_errors: int
    files: list
    #: the worker's noqa books (:class:`zonelint.noqa.NoqaUsage`), None when ZL008 is not selected
    noqa: object = None


FILES, ZONES = "files", "zones"


# -- the worker ----------------------------------------------------------------------------------


def handed_out(conn, what: str):
    """What the parent hands this worker each time it asks for ``what`` (file indexes, zone
    positions), a batch at a time, until an empty batch."""
    while True:
        conn.send(Ask(what))
        batch = conn.recv()
        if not batch:
            return
        yield from batch


def worker(files, load_one, rules, profile, overrides, conn, views=None) -> None:
    """One worker's whole part of the run (see the module docstring); ``views[i]`` is the view
    of ``files[i]`` (None: no views)."""
    from .engine import EngineResult, run_rules
    from .graph import BaseInfo, Zone
    from .lazygraph import LazyRecordGraph
    from .load.types import unparsable_files

    loaded: dict[int, object] = {}
    summary = []
    pointing: dict[int, list[str]] = {}
    for i in handed_out(conn, FILES):
        path, reported = files[i]
        try:
            lz = load_one(path, reported)
        except OSError as e:
            summary.append((i, None, (e.errno, e.strerror, e.filename), 0, None))
            conn.send(Loaded(0))
            continue
        loaded[i] = lz
        summary.append((i, lz.origin, (os.path.realpath(lz.file.path), list(lz.includes)), len(lz.records),
                        [f.path for f in lz.files], bool(unparsable_files([lz]))))
        pointing[i] = pointing_out(lz)
        conn.send(Loaded(len(lz.records)))
    conn.send(Summary(summary, pointing))

    table, pointing_in = conn.recv()
    graph = LazyRecordGraph()
    graph.point_at(pointing_in)
    for i, origin, base in table:
        lz = loaded.get(i)
        if lz is None:
            path, reported = files[i]
            zone = graph.add_lazy(origin, lambda path=path, reported=reported: load_one(path, reported), ref=i)
        else:
            zone = Zone(origin=lz.origin, file=lz.file, records=lz.records, problems=lz.problems, files=lz.files)
            graph.add_zone(zone)
        if base is not None:
            zone.base = BaseInfo(*base)
        if views is not None:
            zone.view = views[i]

    result = EngineResult(findings=[])
    for position in handed_out(conn, ZONES):
        # one zone at a time: the run's tables are kept for the next zone (built once per worker)
        done = run_rules(graph, rules, [graph.zones[position]], profile, overrides, forget=False)
        result.findings.extend(done.findings)
        result.suppressed += done.suppressed
        result.internal_errors += done.internal_errors
        if done.noqa is not None:
            if result.noqa is None:
                result.noqa = done.noqa
            else:
                result.noqa.merge(done.noqa)

    # findings point at files by (file index in the run, file index in its zone)
    file_refs: dict[int, tuple[int, int]] = {}
    for position, (i, _, _) in enumerate(table):
        zone = graph.zones[position]
        if zone.loaded:  # own zones, and the lazy ones this worker had to load
            for j, f in enumerate(zone.files):
                file_refs[id(f)] = (i, j)
    findings = pack_findings(result.findings, file_refs)
    meta = [(i, file_tuples(loaded[i].files)) for i in loaded]
    conn.send(Result(findings, result.suppressed, result.internal_errors, meta, result.noqa))


def pointing_out(lz) -> list[str]:
    """The names (keys) the records of a loaded zone point at outside its own apex: another
    worker's :meth:`~zonelint.lazygraph.LazyRecordGraph.referrers` loads this zone only for those."""
    apex = None if lz.origin is None else lz.origin.lower()
    out: set[str] = set()
    for rec in lz.records:
        if rec.rdtype in TARGET_TYPES:
            t = rec.target
            if t is not None:
                k = t.lower()
                if apex is None or not is_subdomain(k, apex):
                    out.add(k)
    return list(out)


def _worker_main(target, conn, parent_ends) -> None:
    """The body of a worker process: close the parent's ends of the pipes (so each pipe reaches
    end of file when the process at its other end is gone), run ``target(conn)`` and leave
    without running the parent's exit handlers; exit status 1 when it raised (its traceback on
    stderr only with ``ZONELINT_DEBUG_JOBS=1``)."""
    code = 1
    try:
        for c in parent_ends:
            c.close()
        target(conn)
        code = 0
    except BaseException:
        if os.environ.get("ZONELINT_DEBUG_JOBS"):
            import traceback

            traceback.print_exc()
    finally:
        try:
            conn.close()
        finally:
            os._exit(code)


class Workers:
    """``n`` forked worker processes running ``target(connection)``, each with a duplex pipe to
    the parent: the ``with`` block gets the parent's ends, in worker order. Leaving it closes them
    and reaps every worker (killing one still running)."""

    def __init__(self, n: int, target) -> None:
        self.n, self.target = n, target
        self.conns: list = []
        self.procs: list = []

    def __enter__(self) -> list:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            for _ in range(self.n):
                here, there = ctx.Pipe(duplex=True)
                proc = ctx.Process(target=_worker_main, args=(self.target, there, [*self.conns, here]),
                                   daemon=True)
                try:
                    proc.start()
                finally:
                    there.close()
                self.conns.append(here)
                self.procs.append(proc)
        except BaseException:  # no more processes or pipes: reap what was started
            self.__exit__()
            raise
        return self.conns

    def __exit__(self, *exc) -> None:
        for c in self.conns:
            c.close()
        for p in self.procs:
            if p.exitcode is None:
                p.kill()  # a no-op for a worker that already ended
            p.join()


# -- the parent ----------------------------------------------------------------------------------


def lint_sharded(files: list[tuple[str, bool]], n: int, load_one, rules, profile, overrides, base_ref,
                 progress=None, views=None, served=None) -> RunResult | None:
    """Lint ``files`` (``(path, reported)``, reported first) in ``n`` worker processes; None when
    a worker failed or none could be started (the caller then runs serially).
    ``load_one(path, reported)`` loads a file; ``base_ref`` is the git revision ZL607 compares
    with (None: no base); ``views[i]`` is the view of ``files[i]``
    (:func:`zonelint.discovery.view_of`; None: no views); ``served`` maps the URI of each source
    a DNS server served (fetched before the fork: workers inherit it) to its file."""
    parts = chunks(files, n)
    n = min(n, len(parts))
    try:
        with Workers(n, lambda conn: worker(files, load_one, rules, profile, overrides, conn, views)) as conns:
            run = _Exchange(files, parts, conns, base_ref, progress, served)
            if not run.complete():
                return None
    except OSError:  # no process or pipe could be made (a limit reached), or a worker vanished
        return None
    return run.result()


def chunks(files, n: int) -> list[list[int]]:
    """The files in order, cut into chunks of about 1/(16 n) of the bytes each: workers take the
    next chunk when they are done with one, so a slow file or a slow process evens out."""
    sizes = []
    for path, _ in files:
        try:
            sizes.append(os.path.getsize(path))
        except OSError:
            sizes.append(0)
    target = max(1, sum(sizes) // (16 * n))
    chunks: list[list[int]] = [[]]
    acc = 0
    for i, size in enumerate(sizes):
        if chunks[-1] and acc + size > target:
            chunks.append([])
            acc = 0
        chunks[-1].append(i)
        acc += size
    return chunks


class _Exchange:
    """The parent's side of a sharded run: hands out files, gathers the summaries, sends the zone
    table, hands out zones, gathers the results."""

    def __init__(self, files, parts, conns, base_ref, progress, served=None) -> None:
        self.files, self.conns, self.base_ref, self.progress = files, conns, base_ref, progress
        self.served = served or {}
        self.pending = list(reversed(parts))
        self.summaries: dict[int, tuple] = {}
        self.results: dict[int, Result] = {}
        self.table: list | None = None
        self.notes: list = []
        self.loaded_by: dict[int, int] = {}
        self.pointing_out: dict[int, list[str]] = {}
        self.queues: list[list[int]] = [[] for _ in conns]
        self.done_files = self.done_records = 0
        self.waiting_summaries = len(conns)

    def complete(self) -> bool:
        """Serve the workers until each has sent its result (True) or one of them ended without
        sending it (False: the others might wait for it forever)."""
        from multiprocessing.connection import wait

        live = {conn: k for k, conn in enumerate(self.conns)}
        while live:
            for conn in wait(list(live)):
                k = live[conn]
                try:
                    msg = conn.recv()
                except EOFError:  # the worker ended
                    del live[conn]
                    if k not in self.results:
                        return False
                    continue
                self.handle(k, msg)
        return self.table is not None and len(self.results) == len(self.conns)

    def handle(self, k: int, msg) -> None:
        conn = self.conns[k]
        if isinstance(msg, Ask):
            if msg.what == FILES:
                conn.send(self.pending.pop() if self.pending else [])
            else:
                conn.send(next_zones(self.queues, k))
        elif isinstance(msg, Loaded):
            self.done_files += 1
            self.done_records += msg.records
            if self.progress is not None:
                self.progress(self.done_files, len(self.files), self.done_records)
        elif isinstance(msg, Summary):
            for entry in msg.entries:
                self.summaries[entry[0]] = entry
                self.loaded_by[entry[0]] = k
            self.pointing_out.update(msg.pointing)
            self.waiting_summaries -= 1
            if self.waiting_summaries == 0:
                self.table, self.notes = _zone_table(self.files, self.summaries, self.base_ref)
                pointing: dict[str, list[int]] = {}  # name key -> zones pointing at it from outside
                for position, (i, _, _) in enumerate(self.table):
                    if self.files[i][1]:  # a reported zone: checked by the worker that loaded it
                        self.queues[self.loaded_by[i]].append(position)
                    for name in self.pointing_out.get(i, ()):
                        pointing.setdefault(name, []).append(i)
                for c in self.conns:
                    c.send((self.table, pointing))
        elif isinstance(msg, Result):
            self.results[k] = msg

    def result(self) -> RunResult:
        """The run's findings, files and notifications, as a serial run gives them."""
        files, summaries = self.files, self.summaries
        # the run's files, zone by zone in order, rebuilt once; findings point into them
        meta: dict[int, list] = {}
        for r in self.results.values():
            for i, tuples in r.files:
                meta[i] = source_files(tuples, served=self.served)
        all_files = []
        records = 0
        for i, _, _ in self.table:
            all_files.extend(meta[i])
            if files[i][1]:
                records += summaries[i][3]
        findings = []
        suppressed = internal = 0
        noqa = None
        for r in self.results.values():
            suppressed += r.suppressed
            internal += r.internal_errors
            if r.noqa is not None:
                if noqa is None:
                    noqa = r.noqa
                else:
                    noqa.merge(r.noqa)
            findings.extend(unpack_findings(r.findings, lambda ref: meta[ref[0]][ref[1]]))
        findings = distinct_sorted(findings)  # a file that zones of two workers both $INCLUDE
        notifications = []
        for i, entry in sorted(summaries.items()):
            if entry[4] is None:  # (index, None, (errno, strerror, filename), 0, None)
                errno_, strerror, filename = entry[2]
                err = OSError(errno_, strerror, filename) if filename is not None else OSError(errno_, strerror)
                p = files[i][0]
                notifications.append(Notification("error", f"{p}: cannot read: {err.strerror or err}", p))
        notifications.extend(Notification(level, msg) for level, msg in self.notes)
        unparsable = {os.path.realpath(p) for entry in summaries.values() if entry[4] is not None and entry[5]
                      for p in entry[4]}
        return RunResult(findings, suppressed, internal, all_files, records, notifications, unparsable, noqa)


def next_zones(queues: list[list[int]], k: int) -> list[int]:
    """The next zones (positions) for worker ``k`` to check: a quarter of what is left of its own,
    else one zone taken from the end of the longest other queue; [] when all are handed out."""
    own = queues[k]
    if own:
        take = max(1, len(own) // 4)
        batch = own[:take]
        del own[:take]
        return batch
    victim = max(queues, key=len)
    return [victim.pop()] if victim else []


def _zone_table(files, summaries, base_ref) -> tuple[list, list]:
    """``([(file index, origin, base)], notes)``: the table lists for every loaded file that is a zone of its own (not
    ``$INCLUDE``d by another), in file order, as the serial runner decides; with ``base_ref``,
    the git base of each reported zone (ZL607) is read here, once for the run."""
    included: set[str] = set()
    for entry in summaries.values():
        if entry[4] is not None:
            included.update(entry[2][1])
    table = []
    for i in range(len(files)):
        entry = summaries.get(i)
        if entry is None or entry[4] is None:
            continue  # unreadable
        if entry[2][0] in included:
            continue
        table.append([i, entry[1], None])
    notes: list = []
    if base_ref:
        from .gitbase import attach_bases
        from .model import SourceFile

        zones = []
        for row in table:
            i = row[0]
            if not files[i][1] or "://" in files[i][0]:
                continue  # a context zone, or one a DNS server served (no git base)
            paths = summaries[i][4]
            zf = [SourceFile(path=p, display=p) for p in paths]
            zones.append((row, SimpleNamespace(origin=row[1], file=zf[0], files=zf, base=None)))
        notes = attach_bases([z for _, z in zones], base_ref)
        for row, z in zones:
            if z.base is not None:
                row[2] = (z.base.ref, z.base.existed, z.base.changed, z.base.serial)
    return [tuple(row) for row in table], notes
