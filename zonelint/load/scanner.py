"""The fast front end: a streaming line scanner for the common shapes of zone files.

It reads a zone file line by line (never the whole text at once) and turns the common,
unambiguous shapes into :class:`~zonelint.model.Record`\\ s itself: ``$TTL``/``$ORIGIN``,
records of the types in :data:`zonelint.rdata.SCANNED_TYPES` (A, AAAA, NS, CNAME, DNAME, PTR, MX,
SRV, TXT, SOA) whose every token it fully understands, on one line or spread over lines with
balanced parentheses. Names must be plain (letters, digits, ``-``, ``_``, ``*``, ``/``, ``+``,
``=``); numbers plain digits in range; TXT may use quotes and escapes (:mod:`.scanfields`).

Anything else -- another directive, another type, any token it is not sure about, any error, a
record outside the zone, an unknown origin, non-ASCII bytes -- is handed to the reference reader
(:func:`zonelint.load.reader.read_lines`, dnspython-based, **the authority**), which reads it
into the same :class:`~.state.LoadSession` with the same :class:`~.state.ReaderState`: the lines
of that one logical record when the scanner could delimit it exactly. When it cannot (an open
quote, a lone backslash, a stray ``)``, a lone CR beside quotes or parentheses, parentheses open
for long), the reader reads from there, on as far as it must, and hands back at the first line
start between records after it; the scanner goes on from there (:meth:`Scanner._resync`).
The result is the same :class:`~.types.LoadedZone` the reader gives, record for record and
problem for problem (``tests/test_scanner_differential.py`` proves it on the corpus, generated
zones and mutated input).

A one-line record of a common shape (most lines of a large zone) is read by :mod:`.commonline`
with one match, and the lines after it with it while they are such records; any line it
declines is read by the general path here, as before.

Scanner records keep no dnspython object and no rdata text: ``Record.rdata_text`` is derived from
``Record.data`` (:mod:`zonelint.rdata`) and ``Record.rdata`` is built only when a rule asks.
dnspython is not imported at all when no line needs the reader.

``ZONELINT_REFERENCE_LOADER=1`` in the environment makes :func:`load_zone` use the reference
reader for everything (for debugging and comparisons).
"""

from __future__ import annotations

import io
import os
import re
from itertools import chain, islice

from ..model import LINE_BLOCK, Place, Problem, Record, SourceFile
from ..rdata import SCANNED_TYPES
from ..suppress import might_suppress, scan_lines
from .messages import HELP, NO_ORIGIN
from .commonline import common_reader
from .scanfields import COMMON_LINE, IPV4, NAME, ipv6_text, plain_origin, scan_ttl, txt_data, uint
from ..confine import SNIFF_BYTES, open_reader
from .source import looks_binary, strip_bom
from .state import EXPLICIT, LoadSession, StopLoading
from .types import LoadedZone, LoadOptions

__all__ = ["load_zone", "reference_forced", "Scanner", "Handover"]

_placed = Record.placed

# A line part (before any ';') without quotes, parentheses, backslashes or control characters.
#: The common-line path (:mod:`.commonline`) reads the lines of a file after this many; the first
#: ones are read the general way, which reads them the same (the differential tests set this to 0).
#: Its patterns cost ~2 ms to compile, ~350 records' worth of what it saves: a small zone (a
#: pre-commit run, an editor's buffer) never compiles them.
COMMON_FROM_LINE = 400

_HARD = re.compile(r"[^\t !#-'*-\[\]-~]")
# One token of a logical record, for lines with quotes/parentheses/escapes. A lone CR outside
# quotes and comments (it ends the record) matches nothing: the reader decides.
_LEX = re.compile(r'[ \t]*+(?:(;.*)|(\()|(\))|"((?:[^"\\]++|\\.)*+)"|((?:[^ \t;()"\\\r]++|\\[^\r])++))')
_BLANK = re.compile(r"[ \t]*\Z")
# what may make a record run past the end of a line, or hide a ';': a line part without any of
# these holds whole records, however lone CRs split it
_SPANNING = re.compile(r'[()"\\]').search
# the one shared string of each type the scanner reads (t.upper() makes a new one per record)
_SCANNED = {t: t for t in SCANNED_TYPES}
_MULTILINE_LIMIT = 500  # lines of one parenthesised record the scanner accepts


def reference_forced() -> bool:
    """``ZONELINT_REFERENCE_LOADER`` is set: the reference reader loads everything."""
    return os.environ.get("ZONELINT_REFERENCE_LOADER", "") not in ("", "0")


def load_zone(
    path: str,
    display: str,
    origin: str | None,
    options: LoadOptions,
    fallback_origin: str | None = None,
    reported: bool = True,
    source: bytes | None = None,
) -> LoadedZone:
    """Same contract as :func:`zonelint.load.reader.load_zone`, with the fast scanner in front.
    The file is opened once (:func:`zonelint.confine.open_regular`, inside the lint root) and
    sniffed on its first bytes; the scanner streams it, and a hand-over rereads the same
    descriptor, never the path. ``source``: the text to load in place of the file's (standard
    input, an editor's buffer); ``path`` still names it and the disk is not read for it."""
    if source is not None:
        return _load_source(path, display, origin, options, fallback_origin, reported, source)
    with open_reader(path, options.confine_to) as f:
        head = f.read(SNIFF_BYTES)
        binary = looks_binary(head)
        if not (reference_forced() or binary):
            sfile = SourceFile(path=path, display=display, reported=reported)
            session = LoadSession(options, sfile, origin, fallback_origin)
            session.stack.append(os.path.realpath(path))
            f.seek(0)
            text = io.TextIOWrapper(f, encoding="latin-1", newline="\n")
            try:
                return Scanner(session).run(text)
            except Handover:
                session.close()  # the reader loads the whole file afresh
            finally:
                text.detach()
            f.seek(0)
        raw = head if binary else (f.read() if f.tell() == 0 else head + f.read())
    from .reader import load_bytes

    return load_bytes(raw, path, display, origin, options, fallback_origin, reported)


def _load_source(path, display, origin, options, fallback_origin, reported, source: bytes) -> LoadedZone:
    text = source.decode("utf-8", "replace")
    if not (reference_forced() or looks_binary(source)):
        sfile = SourceFile(path=path, display=display, reported=reported, text=text)
        session = LoadSession(options, sfile, origin, fallback_origin)
        session.stack.append(os.path.realpath(path))
        try:  # lines as the file would give them (split on LF only)
            return Scanner(session).run(io.StringIO(source.decode("latin-1"), newline="\n"))
        except Handover:
            session.close()
    from .reader import load_bytes

    return load_bytes(source, path, display, origin, options, fallback_origin, reported, text=text)


_REST = "rest"  # _gather: the extent of the record is not certain (the reader finds it)


def _note_all(lines: list[str], first: int, notes: dict[int, str]) -> None:
    """Note the lines (numbered from ``first``) that may hold a suppression comment."""
    for n, line in enumerate(lines, first):
        semi = line.find(";")
        if semi >= 0 and might_suppress(line[semi:]):
            notes[n] = line


def _decoded(line: str) -> str:
    """A scanned line (latin-1) as a suppression scan of the file's text sees it: UTF-8
    (undecodable octets as U+FFFD, as :func:`zonelint.confine.read_back` decodes), without its LF."""
    if line[-1:] == "\n":
        line = line[:-1]
    return line.encode("latin-1").decode("utf-8", "replace")


class Handover(Exception):
    """The scanner cannot read this file: the reference reader loads all of it."""


class Scanner:
    """One load with the scanner in front: reads what it fully understands into the session,
    hands the rest to the reader (:func:`.reader.read_lines`) with the same session and state."""

    def __init__(self, session: LoadSession) -> None:
        self.session = session
        self.state = session.state
        # an $INCLUDEd file is scanned too (the reader reads the $INCLUDE line and calls this)
        session.read_included = self._read_included
        self._ints: dict[int, int] = {}
        self._places: dict[tuple, object] = {}  # (file, column, ...) -> model.Place
        # each name once (an owner written again, a target): for this load only, where
        # sys.intern's table would keep its size (~30 MiB at 1M names) for the rest of the run
        self._names: dict[str, str] = {}
        self._reader = None  # zonelint.load.reader, imported on the first hand-over

    # -- the reference reader, for what the scanner does not read -------------------------------
    def _reading(self):
        if self._reader is None:
            from . import reader

            self._reader = reader
        return self._reader

    def _hand_over(self, lines: list[str], sfile: SourceFile, first_line: int) -> None:
        raw = "".join(lines).encode("latin-1")
        self._reading().read_lines(self.session, raw, sfile, first_line)

    def _resync(self, lines: list[str], it, sfile: SourceFile, first_line: int, notes):
        """Hand ``lines`` (from line ``first_line``: a record whose extent is not certain) to
        the reader, which reads on from ``it`` as far as it must and stops where the scanner
        can go on (:func:`.reader.read_lines` with ``more``). Returns the lines it read ahead
        of that point (they are the scanner's again) and the number of the last line it read."""
        step = 64
        given = len(lines)  # the caller noted their suppression comments

        def more() -> bytes:
            # twice as many lines each time: the reader's text grows by copies, so that a record
            # read to the end of the file costs a few copies of it, not one per 64k lines
            nonlocal step
            chunk = list(islice(it, step))
            lines.extend(chunk)
            step *= 2
            return "".join(chunk).encode("latin-1")

        raw = "".join(lines).encode("latin-1")
        try:
            read = self._reading().read_lines(self.session, raw, sfile, first_line, more)
        except StopLoading:  # the load ends here: its suppression comments are still collected
            _note_all(lines[given:], first_line + given, notes)
            _note_all(list(it), first_line + len(lines), notes)
            raise
        if read is None:
            read = len(lines)
        # the lines the reader read; the scanner notes the ones it hands back when it reads them
        _note_all(lines[given:read], first_line + given, notes)
        return lines[read:], first_line + read - 1

    def _read_included(self, raw: bytes, sfile: SourceFile) -> None:
        raw = strip_bom(raw)
        if looks_binary(raw):
            return self._reading().read_file(self.session, raw, sfile)
        self._scan(io.StringIO(raw.decode("latin-1"), newline="\n"), sfile)

    # -- run ---------------------------------------------------------------------------------
    def run(self, f) -> LoadedZone:
        """Load the session's top-level file from the text stream ``f`` (latin-1, newline='\\n').
        Raises :class:`Handover` when the whole file must go to the reader."""
        session = self.session
        state = self.state
        try:
            if session.explicit_origin is not None:
                o = plain_origin(session.explicit_origin)
                if o is None:
                    raise Handover
                state.zone_origin = state.origin = o
            self._scan(f, session.top)
            if state.zone_origin is None:
                fb = session.fallback_origin
                o = plain_origin(fb) if fb else None
                if fb and o is None:
                    o = self._reading().origin_text(fb)
                state.zone_origin = o
                if o is None:
                    session.problems.append(Problem("ZL006", NO_ORIGIN, session.top, 1, 1, help=HELP["ZL006"]))
        except StopLoading:
            pass
        return session.result()

    # -- reading -----------------------------------------------------------------------------
    def _scan(self, f, sfile: SourceFile) -> None:
        """Read one file (top-level or included) from text stream ``f`` (latin-1, newline='\\n':
        lines end at LF only, as BIND counts them). Its suppression comments are collected on
        the way (every line passes here, the ones handed to the reader too): ``sfile.noqa`` and
        ``sfile.disabled`` are filled without reading the file again."""
        notes: dict[int, str] = {}  # line -> text, for the lines that may hold a suppression
        try:
            lines = iter(f)
            back = self._scan_lines(lines, sfile, notes, 0)
            while back is not None:  # lines the reader read ahead but handed back
                pending = iter(back[0])
                back = self._scan_lines(chain(pending, lines), sfile, notes, back[1])
                if back is not None:
                    back[0].extend(pending)
        finally:
            sfile.noqa, sfile.disabled = scan_lines(
                (n, _decoded(t)) for n, t in sorted(notes.items())
            )
            sfile.scanned = True

    def _scan_lines(self, it, sfile: SourceFile, notes: dict[int, str], lineno: int):
        """Scan the lines of iterator ``it``, the first being line ``lineno + 1``. Returns
        ``None`` at the end, else (lines, line number) when the reader read lines ahead that it
        hands back: they come next, after the line of that number."""
        records = self.session.records
        emit = records.append
        hard = _HARD.search
        first = lineno == 0
        tick = self.session.options.on_records
        common_from = COMMON_FROM_LINE
        read_common = None
        for line in it:
            lineno += 1
            if tick is not None and not lineno & 0xFFFF:
                tick(len(records))
            if first:
                first = False
                if line.startswith("\xef\xbb\xbf"):
                    line = line[3:]
            elif lineno > common_from:
                if read_common is None:  # compiles the common-line patterns (see COMMON_FROM_LINE)
                    common = COMMON_LINE.match
                    read_common = common_reader(self.state, sfile, it, records, tick, notes, self._names,
                                                self._places, self._ints)
                m = common(line)
                if m is not None:  # this line and the common lines after it
                    line, lineno = read_common(m, line, lineno)
                    if line is None:
                        break  # the end
            if line[-1:] == "\n":
                body = line[:-2] if line[-2:-1] == "\r" else line[:-1]
            else:
                body = line
            semi = body.find(";")
            if semi < 0:
                head = body
            else:
                head = body[:semi]
                if might_suppress(body[semi:]):
                    notes[lineno] = line
            if "\r" in head:
                # a lone CR ends a record (outside quotes and parentheses) but not a line, as in
                # BIND; in a comment it is comment text. Without quotes, parentheses or escapes
                # before the comment, the line holds whole records only: the reader reads that
                # line alone and the scanner goes on after it. Else the extent of the record is
                # not certain: the reader reads on as far as it must
                if _SPANNING(head) is None:
                    self._hand_over([line], sfile, lineno)
                    continue
                back, lineno = self._resync([line], it, sfile, lineno, notes)
                if back:
                    return back, lineno
                continue
            if hard(head) is None:
                toks = head.split()
                if not toks:
                    continue
                if body[0] == "$":
                    if self._directive(toks):
                        continue
                    self._hand_over([line], sfile, lineno)
                    continue
                try:
                    rec = self._record(toks, None, body[0] in " \t", sfile, lineno, 0, lineno, head)
                except Handover:
                    rec = None
                if rec is None:
                    self._hand_over([line], sfile, lineno)
                else:
                    emit(rec)
                continue
            # the general path: quotes, escapes, parentheses, control characters
            if not body.isascii():
                ok, lines, toks, quoted, cols, tlines = self._gather(line, body, it, lineno, ascii_=False)
            else:
                ok, lines, toks, quoted, cols, tlines = self._gather(line, body, it, lineno)
            _note_all(lines[1:], lineno + 1, notes)
            if ok is not True:
                if ok is _REST:
                    back, lineno = self._resync(lines, it, sfile, lineno, notes)
                    if back:
                        return back, lineno
                    continue
                self._hand_over(lines, sfile, lineno)
                lineno += len(lines) - 1
                continue
            end = lineno + len(lines) - 1
            if not toks:
                lineno = end
                continue
            rec = None
            if body[0] != "$" and (body[0] in " \t" or cols[0] == 1):
                try:
                    rec = self._record(
                        toks, quoted, body[0] in " \t", sfile, tlines[0], cols[0], end, None
                    )
                except Handover:
                    rec = None
            if rec is None:
                self._hand_over(lines, sfile, lineno)
            else:
                emit(rec)
            lineno = end

    def _gather(self, line: str, body: str, it, lineno: int, ascii_: bool = True):
        """Lex one logical record starting with ``line``. Returns (ok, lines, tokens, quoted,
        cols, token lines). ``ok`` is True (understood), False (hand over ``lines``) or
        :data:`_REST` (the extent is not certain: the reader reads from ``lines`` on)."""
        lines = [line]
        toks: list[str] = []
        quoted: list[bool] = []
        cols: list[int] = []
        tlines: list[int] = []
        depth = 0
        good = ascii_
        ln = lineno
        lex = _LEX.match
        while True:
            pos = 0
            n = len(body)
            while True:
                m = lex(body, pos)
                if m is None:
                    if _BLANK.match(body, pos):
                        break
                    return _REST, lines, None, None, None, None  # lone backslash, open quote
                pos = m.end()
                if m.group(1) is not None:
                    break
                if m.group(2) is not None:
                    if not toks:
                        good = False  # '(' before the first token: leave it to the loader
                    depth += 1
                elif m.group(3) is not None:
                    depth -= 1
                    if depth < 0:
                        return _REST, lines, None, None, None, None
                else:
                    q = m.group(4)
                    if q is not None:
                        toks.append(q)
                        quoted.append(True)
                        cols.append(m.start(4))  # the quote's column (1-based)
                    else:
                        toks.append(m.group(5))
                        quoted.append(False)
                        cols.append(m.start(5) + 1)
                    tlines.append(ln)
                if pos >= n:
                    break
            if depth == 0:
                break
            if len(lines) >= _MULTILINE_LIMIT:
                return _REST, lines, None, None, None, None
            line = next(it, None)
            if line is None:
                return _REST, lines, None, None, None, None
            ln += 1
            lines.append(line)
            if line[-1:] == "\n":
                body = line[:-2] if line[-2:-1] == "\r" else line[:-1]
            elif line[-1:] == "\r":
                return _REST, lines, None, None, None, None
            else:
                body = line
            if "\r" in body:
                return _REST, lines, None, None, None, None
            if good and not body.isascii():
                good = False
        return good, lines, toks, quoted, cols, tlines

    # -- directives ---------------------------------------------------------------------------
    def _directive(self, toks: list[str]) -> bool:
        d = toks[0].upper()
        if len(toks) != 2:
            return False
        if d == "$TTL":
            ttl = scan_ttl(toks[1])
            if ttl is None:
                return False
            self.state.set_default_ttl(ttl)
            return True
        if d == "$ORIGIN":
            if toks[1][-1:] != ".":
                return False  # relative: the reader decides (and reports a doubled origin, ZL107)
            name = self._name(toks[1])
            if name is None:
                return False
            self.state.set_origin(name)
            return True
        return False

    # -- names --------------------------------------------------------------------------------
    def _name(self, v: str) -> str | None:
        """The absolute text of a plain name (relative ones completed with the current origin),
        ``None`` when the loader must decide."""
        if NAME.match(v) is None:
            return "." if v == "." else None
        if v[-1] == ".":
            return self._names.setdefault(v, v) if len(v) < 255 else None
        origin = self.state.origin
        if origin is None or "\\" in origin:
            return None
        if v == "@":
            return origin
        name = v + "." + origin if origin != "." else v + "."
        return self._names.setdefault(name, name) if len(name) < 255 else None

    # -- records ------------------------------------------------------------------------------
    def _record(self, toks, quoted, blank, sfile, line, col, end_line, head):
        """A Record for a fully understood logical record, else ``None``."""
        state = self.state
        zone = state.zone_origin
        if zone is None or state.origin is None:
            return None
        if quoted is not None and True in quoted:
            # quoted owner/TTL/class/type: only TXT data may be quoted (checked below)
            first_q = quoted.index(True)
        else:
            first_q = 99
        if blank:
            owner = state.last_owner
            if owner is None:
                return None
            if col == 0:
                col = len(head) - len(head.lstrip(" \t")) + 1
            i = 0
        else:
            if first_q == 0:
                return None
            owner = self._name(toks[0])
            if owner is None:
                return None
            col = 1
            i = 1
        # in the zone? (plain names: a suffix test on the lower-cased text)
        zk = zone.lower() if zone.isascii() else None
        ok = owner.lower()
        if zk is None or "\\" in zone:
            return None
        if not (zk == "." or ok == zk or ok.endswith("." + zk)):
            return None
        n = len(toks)
        # [ttl] [class] type  or  [class] [ttl] type
        if i >= n or first_q <= i:
            return None
        t = toks[i]
        ttl = scan_ttl(t) if t[0].isdigit() else None
        explicit = ttl is not None
        if explicit:
            i += 1
            if i >= n or first_q <= i:
                return None
            t = toks[i]
        if t.upper() == "IN":
            i += 1
            if i >= n or first_q <= i:
                return None
            t = toks[i]
        if not explicit:
            if t[0].isdigit():
                ttl = scan_ttl(t)
                if ttl is None:
                    return None
                explicit = True
                i += 1
                if i >= n or first_q <= i:
                    return None
                t = toks[i]
        # the one shared string of each type (t.upper() makes a new one per record: ~50 MB at 1M)
        rdtype = _SCANNED.get(t) or _SCANNED.get(t.upper())
        if rdtype is None:
            return None
        i += 1
        rd = toks[i:]
        if quoted is not None and rdtype != "TXT" and first_q < 99:
            return None
        data = self._rdata(rdtype, rd, quoted[i:] if quoted is not None else None)
        if data is None:
            return None
        # the TTL, by the rules the reader follows too (state.py)
        if explicit:
            state.written_ttl(ttl)
            source = EXPLICIT
        else:
            ttl, source = state.inheritance
        if rdtype == "SOA":
            ttl = state.settle(ttl, data[6])
            source = state.ttl_source(explicit)
        if ttl is None:
            # no TTL: the reader reports it (no state changed), so hand the record over
            raise Handover
        if not blank:
            state.last_owner = owner
        # what records written alike share (model.Place): one lookup here, a few dozen places
        origin = state.origin
        offset = line % LINE_BLOCK
        key = (sfile, line - offset, col, end_line - line, explicit, source, origin)
        at = self._places.get(key)
        if at is None:
            at = self._places[key] = Place(sfile, line - offset, col, end_line - line, explicit, source, "IN", origin)
        ints = self._ints
        return _placed(at, offset, owner, ints.setdefault(ttl, ttl), rdtype, data)

    def _rdata(self, rdtype: str, rd: list[str], quoted):
        n = len(rd)
        if n and rd[0] == "\\#" and not (quoted and quoted[0]):
            return None  # RFC 3597 generic data ("\\# length hex"): dnspython reads it, for every type
        if rdtype == "A":
            if n != 1 or IPV4.match(rd[0]) is None:
                return None
            return (rd[0],)
        if rdtype == "AAAA":
            if n != 1:
                return None
            a = ipv6_text(rd[0])
            return None if a is None else (a,)
        if rdtype in ("NS", "CNAME", "PTR", "DNAME"):
            if n != 1:
                return None
            t = self._name(rd[0])
            return None if t is None else (t,)
        if rdtype == "MX":
            if n != 2:
                return None
            p = uint(rd[0], 65535)
            t = self._name(rd[1])
            if p is None or t is None:
                return None
            return (p, t)
        if rdtype == "SRV":
            if n != 4:
                return None
            ints = self._ints
            a = uint(rd[0], 65535)
            b = uint(rd[1], 65535)
            c = uint(rd[2], 65535)
            t = self._name(rd[3])
            if a is None or b is None or c is None or t is None:
                return None
            return (a, b, ints.setdefault(c, c), t)
        if rdtype == "TXT":
            return txt_data(rd) if n else None
        if rdtype == "SOA":
            if n != 7:
                return None
            m = self._name(rd[0])
            r = self._name(rd[1])
            serial = uint(rd[2], 4294967295)
            if m is None or r is None or serial is None:
                return None
            vals = []
            for v in rd[3:]:
                if not v.isdigit() or len(v) > 10:
                    return None  # unit forms: leave to dnspython's dns.ttl
                x = int(v)
                if x > 4294967295:
                    return None
                vals.append(x)
            return (m, r, serial, *vals)
        return None
