"""One large zone file loaded in parallel parts (``-j N`` on a single big file; POSIX only).

The file is cut at N-1 line boundaries near equal byte offsets, each at a line that starts with an
owner name in column 0 (so no record is split in two, and no record depends on the owner of the
one before). Each part after the first is scanned in a forked process by the fast scanner, which
starts with the state the file has at that line, as a cheap pass over the ``$ORIGIN`` and
``$TTL`` lines before it predicts: the zone origin, the current origin and the default TTL. The
parent scans the first part and stops at the first cut.

The prediction is then checked, not trusted: part k is kept only when part k-1 stopped exactly at
the cut (no record ran across it) and ended in exactly the state part k assumed. Otherwise the
parent loads the whole file in one piece. So the result is always the one a serial load gives
(``tests/test_split.py`` compares them record by record: every corpus file cut at 12 places, a
small zone cut at every line, and cuts the check has to refuse), only sooner.

The parts send their records back compactly (``marshal`` of primitive tuples), which the parent
turns into the same :class:`~zonelint.model.Record` objects, in file order.
"""

from __future__ import annotations

import marshal
import os
import re
import struct

from .loadtypes import LoadedZone, LoadOptions
from .model import Problem, Record, SourceFile

#: Files below this size are loaded in one piece (a fork and the transfer cost more).
MIN_SPLIT_BYTES = 16 << 20

# a line where a part may start: an owner name in column 0
_CUT = re.compile(rb"\n(?=[A-Za-z0-9_*@-])")
_DIRECTIVE = re.compile(rb"\$(ORIGIN|TTL|INCLUDE)[ \t]+([^ \t\r\n;]+)", re.I)


def _plan(path: str, size: int, parts: int, explicit_origin: str | None, targets: list[int] | None = None):
    """``[(byte offset, line number, assumed state)]`` for each cut (the first allowed line at or
    after each of ``targets``, by default ``size * k / parts``), or [] when the file should not
    be cut. The state is ``(zone origin, current origin, default TTL)`` as the ``$ORIGIN`` and
    ``$TTL`` lines before the cut say (a ``$INCLUDE`` before a cut: no cut, an include may change
    the TTL)."""
    from .scanner import _ttl

    if targets is None:
        targets = [size * k // parts for k in range(1, parts)]
    cuts = []
    zone_origin = current = None
    if explicit_origin is not None:
        zone_origin = current = explicit_origin if explicit_origin.endswith(".") else explicit_origin + "."
    ttl = None
    line = 1  # the line number at ``pos``
    pos = 0
    def lines_of(f, start: int, end: int):
        """Whole lines of ``[start, end)`` (``end`` is a line start), a block of at most
        1 MiB at a time: the file is never held in memory."""
        f.seek(start)
        carry = b""
        left = end - start
        while left > 0:
            block = f.read(min(left, 1 << 20))
            if not block:
                break
            left -= len(block)
            buf = carry + block
            cut = buf.rfind(b"\n") + 1 if left > 0 else len(buf)
            carry = buf[cut:]
            yield buf[:cut]

    with open(path, "rb") as f:
        for target in targets:
            if target <= pos:
                return []
            # the cut: after a newline, at a line starting with an owner (the target itself when
            # it is such a line's first byte)
            f.seek(target - 1)
            window = f.read(1 << 16)
            m = _CUT.search(window)
            if m is None:
                return []
            cut = target - 1 + m.start() + 1
            if cut <= pos or cut >= size:
                return []
            for block in lines_of(f, pos, cut):
                line += block.count(b"\n")
                for d in _directives(block):
                    kind, arg = d.group(1).upper(), d.group(2).decode("latin-1")
                    if kind == b"INCLUDE":
                        return []
                    if kind == b"TTL":
                        ttl = _ttl(arg)
                        if ttl is None:
                            return []
                        continue
                    if arg.endswith("."):
                        name = arg
                    elif current is None:
                        return []
                    else:
                        name = f"{arg}.{current}" if current != "." else arg + "."
                    if "\\" in name or arg == "@":
                        return []
                    current = name
                    if zone_origin is None:
                        zone_origin = name
            pos = cut
            if zone_origin is None or ttl is None:
                return []
            cuts.append((cut, line, (zone_origin, current, ttl)))
    return cuts


def _directives(data: bytes):
    """The ``$ORIGIN``/``$TTL``/``$INCLUDE`` lines of ``data`` (found with ``find``, which runs at
    memory speed, rather than a regular expression tried at every line)."""
    if data.startswith(b"$"):
        m = _DIRECTIVE.match(data, 0)
        if m is not None:
            yield m
    i = data.find(b"\n$")
    while i >= 0:
        m = _DIRECTIVE.match(data, i + 1)
        if m is not None:
            yield m
        i = data.find(b"\n$", i + 2)


def _state(sc) -> tuple:
    return (sc.zone_origin, sc.current_origin, sc.default_ttl, sc.default_ttl_known, sc.default_ttl_from_soa)


_CHUNK = 65536  # records per marshal frame: the parent never holds a part's records twice over
_FRAME = struct.Struct("!Q")


def _pack(sc) -> bytes:
    """A part as frames (length, marshal): its files, problems, includes, stopped flag and end
    state first, then its records ``_CHUNK`` at a time."""
    from .wire import file_tuples, pack_record

    files = sc.files
    fidx = {id(f): i for i, f in enumerate(files)}

    def rec(r):
        return pack_record(r, fidx[id(r.file)])

    blobs = [marshal.dumps((
        file_tuples(files),
        [(p.code, p.message, fidx.get(id(p.file), 0), p.line, p.column, p.owner,
          None if p.record is None else rec(p.record)) for p in sc.problems],
        sc.includes,
        sc.stopped,
        _state(sc),
    ), 4)]
    records = sc.records
    for i in range(0, len(records), _CHUNK):
        blobs.append(marshal.dumps([rec(r) for r in records[i : i + _CHUNK]], 4))
    return b"".join(_FRAME.pack(len(b)) + b for b in blobs)


def _unpack(data: bytes, top: SourceFile, files: list[SourceFile]):
    """Records, problems, includes, stopped flag and end state of a part; its files (the top one
    is ``top``; included ones are appended to ``files``)."""
    view = memoryview(data)

    def frames():
        pos = 0
        while pos < len(view):
            (n,) = _FRAME.unpack_from(view, pos)
            pos += _FRAME.size
            yield marshal.loads(view[pos : pos + n])
            pos += n

    from .wire import source_files, unpack_record

    it = frames()
    ftuples, probs, includes, stopped, state = next(it)
    mine = source_files(ftuples, top)  # the part's top file is the parent's
    files.extend(mine[1:])

    def rec(r):
        return unpack_record(r, mine[r[0]])

    records: list[Record] = []
    for chunk in it:
        records.extend([rec(r) for r in chunk])
        del chunk
    problems = [Problem(c, m, mine[fi], ln, col, owner, None if r is None else rec(r))
                for c, m, fi, ln, col, owner, r in probs]
    return records, problems, includes, stopped, tuple(state)


def _scan_part(sc, path: str, offset: int, lineno: int, stop_line: int) -> None:
    with open(path, encoding="latin-1", newline="") as f:
        f.seek(offset)
        try:
            sc._scan(f, sc.top, lineno, stop_line)
        except Exception as e:
            if sc._lmod is None or not isinstance(e, sc._lmod._Stop):
                raise


def load_zone_split(
    path: str,
    display: str,
    origin: str | None,
    options: LoadOptions,
    fallback_origin: str | None = None,
    reported: bool = True,
    parts: int = 2,
) -> LoadedZone:
    """:func:`zonelint.scanner.load_zone`, with the file cut into ``parts`` loaded in parallel
    (when it is big enough and a safe cut exists; else in one piece)."""
    from . import scanner
    from .jobs import _fork_map, available

    def whole() -> LoadedZone:
        return scanner.load_zone(path, display, origin, options, fallback_origin, reported)

    try:
        size = os.path.getsize(path)
    except OSError:
        return whole()
    if parts < 2 or size < MIN_SPLIT_BYTES or not available() or scanner.reference_forced():
        return whole()
    if scanner._looks_binary_file(path):
        return whole()
    top_origin = None
    if origin is not None:
        top_origin = scanner._Scanner._plain_origin(origin)
        if top_origin is None:
            return whole()
    cuts = _plan(path, size, parts, top_origin)
    if not cuts:
        return whole()
    real = os.path.realpath(path)
    sfile = SourceFile(path=path, display=display, reported=reported)
    head = scanner._Scanner(options, sfile, origin, fallback_origin)  # the first part, scanned here
    head.stack.append(real)
    head_ok = []

    def work(k: int):
        if k == 0:
            try:
                if top_origin is not None:
                    head.zone_origin = head.current_origin = top_origin
                _scan_part(head, path, 0, 0, cuts[0][1])
                head_ok.append(True)
            except scanner._Handover:
                pass
            return None
        own = SourceFile(path=path, display=display, reported=reported)
        sc = scanner._Scanner(LoadOptions(**{**options.__dict__, "on_records": None}), own, origin, fallback_origin)
        sc.stack.append(real)
        offset, line, (zone_origin, current, ttl) = cuts[k - 1]
        sc.zone_origin, sc.current_origin = zone_origin, current
        sc.default_ttl, sc.default_ttl_known, sc.default_ttl_from_soa = ttl, True, False
        _scan_part(sc, path, offset, line - 1, cuts[k][1] if k < len(cuts) else -1)
        return _pack(sc)

    try:
        results, _ = _fork_map(len(cuts) + 1, work)
    except OSError:  # no process or pipe could be made: load in one piece
        return whole()
    if not head_ok or not head.stopped or any(r is None for r in results[1:]):
        return whole()
    records, problems = head.records, head.problems
    includes, files = head.includes, head.files
    state = _state(head)
    for k in range(1, len(cuts) + 1):
        assumed = (cuts[k - 1][2][0], cuts[k - 1][2][1], cuts[k - 1][2][2], True, False)
        if state != assumed:
            return whole()
        recs, probs, incs, stopped, state = _unpack(results[k], sfile, files)
        if k < len(cuts) and not stopped:
            return whole()
        records.extend(recs)
        problems.extend(probs)
        includes.extend(incs)
    return LoadedZone(file=sfile, origin=head.zone_origin, records=records, problems=problems,
                      includes=includes, files=files)
