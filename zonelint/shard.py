"""``-j N`` over many files: each process loads a share of the files and lints the zones it loaded.

A run of many zone files (a hoster's repository, a CI gate over a folder) spends its time in two
places that grow with the records: loading and the rules. Both are per zone, except that the
rules look across zones (an SRV target in another zone of the run, an XMPP component loaded as
its own zone). So the run is split by file, not by phase:

1. the parent forks N workers, each with a share of the files (about equal in bytes);
2. each worker loads its share and sends back only a summary per file (origin, the files it
   ``$INCLUDE``s, its record count), plus progress as it goes;
3. the parent decides, exactly as a serial run does, which loaded files are zones (a file another
   one includes is linted there), reads the git base of each zone when ZL607 needs it, and sends
   every worker the list of the run's zones in order;
4. each worker builds the run's one record graph with its own zones loaded and every other zone
   as a :class:`~zonelint.graph.StubZone`, known by its origin and loaded on first use (so a
   cross-zone lookup sees what a serial run sees, and a worker only reads the few other zones its
   rules actually look into), then runs every rule on its own zones;
5. the workers send back their findings (the anchoring record travels with each one); the parent
   rebuilds them, sorts them as the engine does, and reports.

No record crosses a process boundary except the ones findings point at, so the parent never
rebuilds a million records and nothing in the run is serial but the start, the merge and the
report. The findings are the same as with ``-j 1`` (``tests/test_jobs.py`` compares every format,
fingerprints included). If a worker dies, :func:`lint_sharded` returns None and the caller runs
the serial path instead.
"""

from __future__ import annotations

import marshal
import os
import select
import struct
import sys
from types import SimpleNamespace

from .model import Notification, Record
from .report.model import RunResult

_HEADER = struct.Struct("!cQ")


# ---------------------------------------------------------------------------------------------
# framing: a tag byte, a length, a marshal payload


def _send(fd: int, tag: bytes, obj) -> None:
    from .jobs import write_all

    data = marshal.dumps(obj, 4)
    write_all(fd, _HEADER.pack(tag, len(data)) + data)


def _read_exact(fd: int, n: int) -> bytes:
    chunks = []
    while n:
        b = os.read(fd, min(n, 1 << 20))
        if not b:
            raise EOFError
        chunks.append(b)
        n -= len(b)
    return b"".join(chunks)


def _recv(fd: int):
    tag, n = _HEADER.unpack(_read_exact(fd, _HEADER.size))
    return tag, marshal.loads(_read_exact(fd, n))


class _Inbox:
    """Reads framed messages from several workers without blocking on any one of them."""

    def __init__(self, fds: dict[int, int]) -> None:
        self.fds = fds  # fd -> worker index
        self.bufs = {fd: bytearray() for fd in fds}
        self.closed: set[int] = set()

    def messages(self):
        """Yield ``(worker, tag, payload)`` as they arrive, and ``(worker, b"x", None)`` when a
        worker closes its pipe (it ended), until every worker has."""
        while len(self.closed) < len(self.fds):
            ready, _, _ = select.select([fd for fd in self.fds if fd not in self.closed], [], [])
            for fd in ready:
                b = os.read(fd, 1 << 20)
                if not b:
                    self.closed.add(fd)
                    yield self.fds[fd], b"x", None
                    continue
                buf = self.bufs[fd]
                buf += b
                while len(buf) >= _HEADER.size:
                    tag, n = _HEADER.unpack_from(buf)
                    if len(buf) < _HEADER.size + n:
                        break
                    payload = marshal.loads(bytes(buf[_HEADER.size : _HEADER.size + n]))
                    del buf[: _HEADER.size + n]
                    yield self.fds[fd], tag, payload


# ---------------------------------------------------------------------------------------------
# records and findings across the pipe


def pack_record(r, file_ref) -> tuple:
    return (file_ref, r.line, r.column, r.end_line, r.owner, r.ttl, r.ttl_explicit, r.ttl_source,
            r.rdclass, r.rdtype, r.rdata_text, r.origin, r.data)


def unpack_record(t, file):
    return Record(file, t[1], t[2], t[3], t[4], t[5], t[6], t[8], t[9], t[10], t[11], t[12], None, t[7])


def pack_findings(findings, file_refs: dict[int, tuple]) -> list[tuple]:
    """Findings as primitive tuples; files (and the anchoring record's file) as the refs
    ``file_refs`` gives by ``id()``, the anchoring record copied (:func:`pack_record`)."""
    out = []
    for f in findings:
        fref = None if f.file is None else file_refs.get(id(f.file))
        rec = None
        if f.record is not None:
            rref = file_refs.get(id(f.record.file))
            rec = None if rref is None else pack_record(f.record, rref)
        out.append((f.code, f.rule, f.severity, f.message, f.path, f.line, f.column, f.owner, fref, rec, f.end_line))
    return out


def unpack_findings(rows, file_of) -> list:
    """The :class:`~zonelint.model.Finding` objects of :func:`pack_findings` rows; ``file_of(ref)``
    gives the file of a ref."""
    from .model import Finding

    out = []
    for code, rule, severity, message, path, line, column, owner, fref, rec, end_line in rows:
        file = None if fref is None else file_of(fref)
        record = None if rec is None else unpack_record(rec, file_of(rec[0]))
        out.append(Finding(code, rule, severity, message, path, line, column, owner, record, file, end_line))
    return out


def file_tuples(files) -> list[tuple]:
    """``(path, display, reported, index of the including file)`` for each file of a zone."""
    fidx = {id(f): i for i, f in enumerate(files)}
    return [
        (f.path, f.display, f.reported, None if f.included_from is None else fidx.get(id(f.included_from)))
        for f in files
    ]


def source_files(tuples, top=None) -> list:
    """The :class:`~zonelint.model.SourceFile` objects of :func:`file_tuples` (the first one is
    ``top`` when given)."""
    from .model import SourceFile

    files: list = []
    for path, display, reported, inc in tuples:
        if top is not None and not files:
            files.append(top)
            continue
        f = SourceFile(path=path, display=display, reported=reported)
        if inc is not None:
            f.included_from = files[inc]
        files.append(f)
    return files


# ---------------------------------------------------------------------------------------------
# the worker


def _handed_out(rfd: int, wfd: int, ask: bytes):
    """What the parent hands this worker each time it sends ``ask`` (file indexes for ``n``,
    zone positions for ``z``), a batch at a time, until an empty batch."""
    while True:
        _send(wfd, ask, None)
        tag, batch = _recv(rfd)
        if tag != b"w":
            raise EOFError("unexpected message from the parent")
        if not batch:
            return
        yield from batch


def _worker(files, load_one, rules, profile, overrides, rfd: int, wfd: int, views=None) -> None:
    from .engine import EngineResult, run_rules
    from .graph import BaseInfo, RecordGraph, StubZone, Zone

    loaded: dict[int, object] = {}
    summary = []
    for i in _handed_out(rfd, wfd, b"n"):
        path, reported = files[i]
        try:
            lz = load_one(path, reported)
        except OSError as e:
            summary.append((i, None, (e.errno, e.strerror, e.filename), 0, None))
            _send(wfd, b"p", 0)
            continue
        loaded[i] = lz
        summary.append((i, lz.origin, (os.path.realpath(lz.file.path), list(lz.includes)), len(lz.records),
                        [f.path for f in lz.files]))
        _send(wfd, b"p", len(lz.records))
    _send(wfd, b"s", summary)

    tag, table = _recv(rfd)
    if tag != b"t":
        raise EOFError("unexpected message from the parent")
    graph = RecordGraph()
    for i, origin, base in table:
        lz = loaded.get(i)
        if lz is None:
            path, reported = files[i]
            zone = StubZone(origin, lambda path=path, reported=reported: load_one(path, reported))
        else:
            zone = Zone(origin=lz.origin, file=lz.file, records=lz.records, problems=lz.problems, files=lz.files)
        if base is not None:
            zone.base = BaseInfo(*base)
        if views is not None:
            zone.view = views[i]
        if lz is None:
            graph.add_stub(zone)
        else:
            graph.add_zone(zone)

    # the zones to check come from the parent: this worker's own first, then (when it runs out
    # while another is still busy) zones another worker loaded, which this one then loads too
    result = EngineResult(findings=[])
    for position in _handed_out(rfd, wfd, b"z"):
        done = run_rules(graph, rules, [graph.zones[position]], profile, overrides)
        result.findings.extend(done.findings)
        result.suppressed += done.suppressed
        result.internal_errors += done.internal_errors

    # findings point at files by (file index in the run, file index in its zone)
    file_refs: dict[int, tuple[int, int]] = {}
    for position, (i, _, _) in enumerate(table):
        zone = graph.zones[position]
        if "files" in zone.__dict__:  # own zones, and the stubs this worker had to load
            for j, f in enumerate(zone.files):
                file_refs[id(f)] = (i, j)
    findings = pack_findings(result.findings, file_refs)
    meta = [(i, file_tuples(loaded[i].files)) for i in loaded]
    _send(wfd, b"r", (findings, result.suppressed, result.internal_errors, meta))


# ---------------------------------------------------------------------------------------------
# the parent


def lint_sharded(files: list[tuple[str, bool]], n: int, load_one, rules, profile, overrides, base_ref,
                 progress=None, views=None) -> RunResult | None:
    """Lint ``files`` (``(path, reported)``, reported first) in ``n`` forked workers; None when a
    worker failed (the caller then runs serially). ``load_one(path, reported)`` loads a file;
    ``base_ref`` is the git revision ZL607 compares with (None: no base); ``views[i]`` is the view
    of ``files[i]`` (:func:`zonelint.discovery.view_of`; None: no views)."""
    chunks = _chunks(files, n)
    n = min(n, len(chunks))
    try:
        with Workers(n, lambda rfd, wfd: _worker(files, load_one, rules, profile, overrides, rfd, wfd, views)) as workers:
            return _collect(files, chunks, workers, base_ref, progress)
    except OSError:  # no process or pipe could be made (a limit reached): the caller runs serially
        return None


class Workers:
    """``n`` forked processes running ``target(read fd, write fd)``, each with a pipe from the
    parent and one to it: a list of ``(pid, fd to read from it, fd to write to it)``. Leaving the
    ``with`` block closes the pipes and reaps (kills, if still running) every worker."""

    def __init__(self, n: int, target) -> None:
        self.n, self.target = n, target
        self.workers: list[tuple[int, int, int]] = []

    def __enter__(self) -> list[tuple[int, int, int]]:
        sys.stdout.flush()
        sys.stderr.flush()
        workers = self.workers
        for _ in range(self.n):
            made: list[int] = []
            try:
                made.extend(os.pipe())
                made.extend(os.pipe())
                up_r, up_w, down_r, down_w = made
                pid = os.fork()
            except OSError:
                for fd in made:
                    os.close(fd)
                self.__exit__()  # reap the workers already started; __exit__ is not called then
                raise
            if pid == 0:  # pragma: no cover - runs in the child
                from .jobs import child_main

                os.close(up_r)
                os.close(down_w)
                for _, r, w in workers:  # the pipes of the workers forked before this one
                    os.close(r)
                    os.close(w)
                child_main(lambda: self.target(down_r, up_w))
            os.close(up_w)
            os.close(down_r)
            workers.append((pid, up_r, down_w))
        return workers

    def __exit__(self, *exc) -> None:
        for pid, r, w in self.workers:
            for fd in (r, w):
                try:
                    os.close(fd)
                except OSError:
                    pass
        for pid, _, _ in self.workers:
            try:
                os.kill(pid, 9)  # a no-op for a worker that finished (a zombie until reaped)
            except OSError:
                pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def _chunks(files, n: int) -> list[list[int]]:
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


def _collect(files, chunks, workers, base_ref, progress) -> RunResult | None:
    from .model import Finding

    summaries: dict[int, tuple] = {}
    results: dict[int, tuple] = {}
    try:
        table, notes = _exchange(files, chunks, workers, base_ref, progress, summaries, results)
    except (_WorkerLost, OSError):  # OSError: a pipe to a worker that died
        return None

    # the run's files, zone by zone in order, rebuilt once; findings point into them
    meta: dict[int, list] = {}
    for _, _, _, m in results.values():
        for i, tuples in m:
            meta[i] = source_files(tuples)
    all_files = []
    records = 0
    for i, _, _ in table:
        all_files.extend(meta[i])
        if files[i][1]:
            records += summaries[i][3]
    findings = []
    suppressed = internal = 0
    for found, sup, internal_errors, _ in results.values():
        suppressed += sup
        internal += internal_errors
        findings.extend(unpack_findings(found, lambda ref: meta[ref[0]][ref[1]]))
    findings.sort(key=Finding.sort_key)
    notifications = []
    for i, entry in sorted(summaries.items()):
        if entry[4] is None:  # (index, None, (errno, strerror, filename), 0, None)
            errno_, strerror, filename = entry[2]
            err = OSError(errno_, strerror, filename) if filename is not None else OSError(errno_, strerror)
            p = files[i][0]
            notifications.append(Notification("error", f"{p}: cannot read: {err.strerror or err}", p))
    notifications.extend(Notification(level, msg) for level, msg in notes)
    return RunResult(findings, suppressed, internal, all_files, records, notifications)


class _WorkerLost(Exception):
    """A worker ended without sending its result."""


def _exchange(files, chunks, workers, base_ref, progress, summaries, results):
    """The parent's side of the protocol: hand out files, gather the summaries, send the zone
    table, hand out zones, gather the results (into ``summaries`` and ``results``). Returns the
    table and the git-base notes; raises :class:`_WorkerLost` when a worker ends early (the others
    might wait for it forever)."""
    inbox = _Inbox({r: k for k, (_, r, _) in enumerate(workers)})
    pending = list(reversed(chunks))
    done_files = done_records = 0
    waiting_summaries = len(workers)
    table = notes = None
    loaded_by: dict[int, int] = {}
    queues: list[list[int]] = [[] for _ in workers]
    for k, tag, payload in inbox.messages():
        if tag == b"x":
            if k not in results:
                raise _WorkerLost
        elif tag == b"n":
            _send(workers[k][2], b"w", pending.pop() if pending else [])
        elif tag == b"p":
            done_files += 1
            done_records += payload
            if progress is not None:
                progress(done_files, len(files), done_records)
        elif tag == b"s":
            for entry in payload:
                summaries[entry[0]] = entry
                loaded_by[entry[0]] = k
            waiting_summaries -= 1
            if waiting_summaries == 0:
                table, notes = _zone_table(files, summaries, base_ref)
                for position, (i, _, _) in enumerate(table):
                    if files[i][1]:  # a reported zone: checked by the worker that loaded it
                        queues[loaded_by[i]].append(position)
                for _, _, w in workers:
                    _send(w, b"t", table)
        elif tag == b"z":
            _send(workers[k][2], b"w", _next_zones(queues, k))
        elif tag == b"r":
            results[k] = payload
    if len(results) != len(workers) or table is None:
        raise _WorkerLost
    return table, notes


def _next_zones(queues: list[list[int]], k: int) -> list[int]:
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
            if not files[i][1]:
                continue
            paths = summaries[i][4]
            zf = [SourceFile(path=p, display=p) for p in paths]
            zones.append((row, SimpleNamespace(origin=row[1], file=zf[0], files=zf, base=None)))
        notes = attach_bases([z for _, z in zones], base_ref)
        for row, z in zones:
            if z.base is not None:
                row[2] = (z.base.ref, z.base.existed, z.base.changed, z.base.serial)
    return [tuple(row) for row in table], notes
