"""The fast front end: a streaming line scanner for the common shapes of zone files.

It reads a zone file line by line (never the whole text at once) and turns the common,
unambiguous shapes into :class:`~zonelint.model.Record`\\ s itself: ``$TTL``/``$ORIGIN``,
records of the hot types (A, AAAA, NS, CNAME, DNAME, PTR, MX, SRV, TXT, SOA) whose every token it
fully understands, on one line or spread over lines with balanced parentheses. Names must be plain
(letters, digits, ``-``, ``_``, ``*``, ``/``, ``+``, ``=``); numbers plain digits in range; TXT may
use quotes and escapes.

Anything else -- another directive, another type, any token it is not sure about, any error, a
record outside the zone, an unknown origin, non-ASCII bytes -- is handed to the reference loader
(:mod:`zonelint.loader`, dnspython-based, **the authority**) together with the reader state
(origin, last owner, TTL defaults): the lines of that one logical record when the scanner could
delimit it exactly, else the rest of the file. The result is the same
:class:`~zonelint.loadtypes.LoadedZone` the loader gives, record for record and problem for
problem (``tests/test_scanner_differential.py`` proves it on the corpus, generated zones and
mutated input).

Scanner records keep no dnspython object and no rdata text: ``Record.rdata_text`` is derived from
``Record.data`` and ``Record.rdata`` is built only when a rule asks. dnspython is not imported at
all when no line needs the loader.

``ZONELINT_REFERENCE_LOADER=1`` in the environment makes :func:`load_zone` use the reference
loader for everything (for debugging and comparisons).
"""

from __future__ import annotations

import io
import os
import re
import sys

from .loadtypes import LoadedZone, LoadOptions
from .model import Problem, Record, SourceFile

__all__ = ["load_zone", "reference_forced", "data_text"]

MAX_TTL = 2147483647
NO_ORIGIN = (
    "cannot determine the origin of this zone: pass --origin, add an `origins` entry in the "
    "config, or start the file with $ORIGIN"
)

_intern = sys.intern

# A line part (before any ';') without quotes, parentheses, backslashes or control characters.
_HARD = re.compile(r"[^\t !#-'*-\[\]-~]")
# One token of a logical record, for lines with quotes/parentheses/escapes.
_LEX = re.compile(r'[ \t]*+(?:(;.*)|(\()|(\))|"((?:[^"\\]++|\\.)*+)"|((?:[^ \t;()"\\]++|\\.)++))')
_BLANK = re.compile(r"[ \t]*\Z")
_TTL_SHAPE = re.compile(r"(?:\d+|(?:\d+[wdhmsWDHMS])+)\Z")
_TTL_UNIT = re.compile(r"(\d+)([wdhmsWDHMS])")
_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_LABEL = r"[A-Za-z0-9_*/+=-]{1,63}"
_NAME = re.compile(rf"(?:{_LABEL}(?:\.{_LABEL})*\.?|@)\Z")
_IPV4 = re.compile(r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\Z")
_HEX6 = re.compile(r"[0-9A-Fa-f:]{2,39}\Z")
_DIGITS = re.compile(r"\d{1,10}\Z")
_HOT = frozenset(("A", "AAAA", "NS", "CNAME", "DNAME", "PTR", "MX", "SRV", "TXT", "SOA"))
_HOT_NAMES = {t: t for t in _HOT}
_MULTILINE_LIMIT = 500  # lines of one parenthesised record the scanner accepts


def reference_forced() -> bool:
    return os.environ.get("ZONELINT_REFERENCE_LOADER", "") not in ("", "0")


def _ttl(v: str) -> int | None:
    """A record TTL as the loader reads it (digits or unit groups), ``None`` when not TTL-shaped
    or out of range (the loader then reports, so the scanner hands the line over)."""
    if v.isdigit():
        if len(v) > 10:
            return None
        t = int(v)
    elif _TTL_SHAPE.match(v):
        t = 0
        for n, u in _TTL_UNIT.findall(v):
            t += int(n) * _UNITS[u.lower()]
    else:
        return None
    return t if t <= MAX_TTL else None


def _uint(v: str, limit: int) -> int | None:
    if _DIGITS.match(v) is None:
        return None
    n = int(v)
    return n if n <= limit else None


def _wire_len(text: str) -> int:
    """Wire length of a plain absolute name in text form (no escapes)."""
    return 1 if text == "." else len(text) + 1


def _ipv6(text: str) -> str | None:
    """The canonical text of an IPv6 address without a dotted quad (dnspython's
    ``dns.ipv6.inet_aton``/``inet_ntoa``, ISC licence), or ``None`` when it is not one."""
    if _HEX6.match(text) is None:
        return None
    b = text
    if b.endswith(":") and not b.endswith("::"):
        return None
    if b.startswith(":") and not b.startswith("::"):
        return None
    if b == "::":
        b = "0::"
    if b.startswith("::"):
        b = b[1:]
    elif b.endswith("::"):
        b = b[:-1]
    chunks = b.split(":")
    n = len(chunks)
    if n > 8:
        return None
    seen_empty = False
    canon: list[str] = []
    for c in chunks:
        if c == "":
            if seen_empty:
                return None
            seen_empty = True
            canon.extend(["0"] * (8 - n + 1))
        else:
            if len(c) > 4:
                return None
            canon.append(c)
    if n < 8 and not seen_empty:
        return None
    if len(canon) != 8:
        return None
    # inet_ntoa: lower-case hex without leading zeros, longest run (>1) of zeros as '::'
    out = ["%x" % int(c, 16) for c in canon]
    best_start = best_len = 0
    start = -1
    zero = False
    for i in range(8):
        if out[i] != "0":
            if zero:
                if i - start > best_len:
                    best_start, best_len = start, i - start
                zero = False
        elif not zero:
            start, zero = i, True
    if zero and 8 - start > best_len:
        best_start, best_len = start, 8 - start
    if best_len > 1:
        if best_start == 0 and (best_len == 6 or (best_len == 5 and out[5] == "ffff")):
            return None  # embedded IPv4 form: leave it to dnspython
        return ":".join(out[:best_start]) + "::" + ":".join(out[best_start + best_len :])
    return ":".join(out)


def _unescape(v: str) -> bytes | None:
    """``Token.unescape_to_bytes`` of an ASCII token; ``None`` on a bad escape."""
    if "\\" not in v:
        return v.encode("ascii")
    out = bytearray()
    i, n = 0, len(v)
    while i < n:
        c = v[i]
        i += 1
        if c == "\\":
            if i >= n:
                return None
            c = v[i]
            i += 1
            if c in "0123456789":
                if i + 2 > n:
                    return None
                c2, c3 = v[i], v[i + 1]
                i += 2
                if c2 not in "0123456789" or c3 not in "0123456789":
                    return None
                cp = int(c) * 100 + int(c2) * 10 + int(c3)
                if cp > 255:
                    return None
                out.append(cp)
                continue
        out += c.encode("ascii")
    return bytes(out)


def _qescape(s: bytes) -> str:
    """dnspython's quoted-string escaping (``dns.rdata._escapify``)."""
    out = []
    for c in s:
        if c == 0x22 or c == 0x5C:
            out.append("\\" + chr(c))
        elif 0x20 <= c < 0x7F:
            out.append(chr(c))
        else:
            out.append("\\%03d" % c)
    return "".join(out)


def data_text(rdtype: str, data: tuple) -> str | None:
    """The rdata text dnspython's ``to_text()`` gives for a hot type's compact ``data`` (names
    absolute); ``None`` for other types."""
    if rdtype in ("A", "AAAA", "NS", "CNAME", "DNAME", "PTR"):
        return data[0]
    if rdtype == "SRV" or rdtype == "MX" or rdtype == "SOA":
        return " ".join(str(x) for x in data)
    if rdtype == "TXT":
        return " ".join('"%s"' % _qescape(s) for s in data[0])
    return None


_REST = "rest"  # _gather: the extent of the record is not certain


class _Handover(Exception):
    """The scanner cannot read this: hand over to the reference loader."""


class _Scanner:
    """One load with the scanner; state in text form, mirrored to a reference ``_Loader``
    whenever a part of the input is handed over."""

    def __init__(
        self,
        options: LoadOptions,
        top: SourceFile,
        origin: str | None,
        fallback_origin: str | None,
    ) -> None:
        self.options = options
        self.top = top
        self.explicit_origin = origin
        self.fallback_origin = fallback_origin
        self.records: list[Record] = []
        self.problems: list[Problem] = []
        self.includes: list[str] = []
        self.files: list[SourceFile] = [top]
        self.stack: list[str] = []
        self.zone_origin: str | None = None
        self.current_origin: str | None = None
        self.last_name: str | None = None
        self.last_ttl = 0
        self.last_ttl_known = False
        self.default_ttl = 0
        self.default_ttl_known = False
        self.default_ttl_from_soa = False
        self._loader = None
        self._lmod = None
        self._names: dict = {}
        self._ints: dict[int, int] = {}
        #: True when a scan with ``stop_line`` stopped there (see :meth:`_scan`)
        self.stopped = False

    # -- the reference loader, created on first hand-over -----------------------------------
    def _bridge(self):
        if self._loader is None:
            from . import loader as lmod

            scanner = self

            class _Bridge(lmod._Loader):
                def _read_file(self, raw: bytes, sfile: SourceFile) -> None:
                    # an $INCLUDEd file: scanned too, unless it is not text
                    if raw.startswith(b"\xef\xbb\xbf"):
                        raw = raw[3:]
                    if lmod._looks_binary(raw):
                        return lmod._Loader._read_file(self, raw, sfile)
                    scanner._pull()
                    try:
                        scanner._scan(io.StringIO(raw.decode("latin-1"), newline=""), sfile)
                    finally:
                        scanner._push()

            ld = _Bridge(self.options, self.top, self.explicit_origin, self.fallback_origin)
            ld.records, ld.problems, ld.includes, ld.files = (
                self.records,
                self.problems,
                self.includes,
                self.files,
            )
            ld.stack = self.stack
            self._lmod = lmod
            self._loader = ld
        return self._loader

    def _name_obj(self, text: str | None):
        if text is None:
            return None
        n = self._names.get(text)
        if n is None:
            import dns.name

            n = self._names[text] = dns.name.from_text(text)
        return n

    def _push(self) -> None:
        """Scanner state -> loader."""
        ld = self._bridge()
        ld.zone_origin = self._name_obj(self.zone_origin)
        ld.current_origin = self._name_obj(self.current_origin)
        ld.last_name = self._name_obj(self.last_name)
        ld.last_ttl = self.last_ttl
        ld.last_ttl_known = self.last_ttl_known
        ld.default_ttl = self.default_ttl
        ld.default_ttl_known = self.default_ttl_known
        ld.default_ttl_from_soa = self.default_ttl_from_soa

    def _pull(self) -> None:
        """Loader state -> scanner."""
        ld = self._loader

        def text(n):
            if n is None:
                return None
            t = n.to_text()
            self._names.setdefault(t, n)
            return t

        self.zone_origin = text(ld.zone_origin)
        self.current_origin = text(ld.current_origin)
        self.last_name = text(ld.last_name)
        self.last_ttl = ld.last_ttl
        self.last_ttl_known = ld.last_ttl_known
        self.default_ttl = ld.default_ttl
        self.default_ttl_known = ld.default_ttl_known
        self.default_ttl_from_soa = ld.default_ttl_from_soa

    def _hand_over(self, lines: list[str], sfile: SourceFile, first_line: int) -> None:
        self._push()
        try:
            self._loader.read_segment("".join(lines).encode("latin-1"), sfile, first_line)
        finally:
            self._pull()

    # -- run ---------------------------------------------------------------------------------
    def run(self, f) -> LoadedZone:
        try:
            if self.explicit_origin is not None:
                o = self._plain_origin(self.explicit_origin)
                if o is None:
                    raise _Handover
                self.zone_origin = self.current_origin = o
            self._scan(f, self.top)
            if self.zone_origin is None:
                fb = self.fallback_origin
                o = self._plain_origin(fb) if fb else None
                if fb and o is None:
                    ld = self._bridge()
                    o = ld.fallback.to_text() if ld.fallback is not None else None
                self.zone_origin = o
                if o is None:
                    self.problems.append(Problem("ZL006", NO_ORIGIN, self.top, 1, 1))
        except _Handover:
            raise
        except Exception as e:
            if self._lmod is None or not isinstance(e, self._lmod._Stop):
                raise
        return LoadedZone(
            file=self.top,
            origin=self.zone_origin,
            records=self.records,
            problems=self.problems,
            includes=self.includes,
            files=self.files,
        )

    @staticmethod
    def _plain_origin(text: str) -> str | None:
        """``dns.name.from_text(text).to_text()`` for a plain name, else ``None``."""
        if text == "@" or _NAME.match(text) is None:
            return None
        o = text if text.endswith(".") else text + "."
        return o if _wire_len(o) <= 255 else None

    # -- reading -----------------------------------------------------------------------------
    def _scan(self, f, sfile: SourceFile, lineno: int = 0, stop_line: int = -1) -> None:
        """Read one file (top-level or included) from text stream ``f`` (latin-1, newline='').

        ``lineno`` is the number of lines before ``f``'s position (a part of a file split by
        :mod:`zonelint.split`); with ``stop_line``, the scan stops before that line when a record
        ends right above it (``self.stopped`` is then True) and goes on to the end otherwise."""
        records = self.records
        emit = records.append
        hard = _HARD.search
        first = lineno == 0
        it = iter(f)
        tick = self.options.on_records
        for line in it:
            lineno += 1
            if lineno == stop_line:
                self.stopped = True
                return
            if tick is not None and not lineno & 0xFFFF:
                tick(len(records))
            if first:
                first = False
                if line.startswith("\xef\xbb\xbf"):
                    line = line[3:]
            if line[-1:] == "\n":
                body = line[:-2] if line[-2:-1] == "\r" else line[:-1]
            elif line[-1:] == "\r":
                # a lone CR ends a line for the tokenizer only outside quotes: leave the rest
                # of the file to the loader
                self._hand_over([line, *it], sfile, lineno)
                return
            else:
                body = line
            semi = body.find(";")
            head = body if semi < 0 else body[:semi]
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
                except _Handover:
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
            if ok is not True:
                if ok is _REST:
                    return self._hand_over(lines + list(it), sfile, lineno)
                self._hand_over(lines, sfile, lineno)
                if lineno < stop_line <= lineno + len(lines) - 1:
                    stop_line = -1
                lineno += len(lines) - 1
                continue
            end = lineno + len(lines) - 1
            if lineno < stop_line <= end:
                stop_line = -1  # a record runs across the planned stop: read on to the end
            if not toks:
                lineno = end
                continue
            rec = None
            if body[0] != "$" and (body[0] in " \t" or cols[0] == 1):
                try:
                    rec = self._record(
                        toks, quoted, body[0] in " \t", sfile, tlines[0], cols[0], end, None
                    )
                except _Handover:
                    rec = None
            if rec is None:
                self._hand_over(lines, sfile, lineno)
            else:
                emit(rec)
            lineno = end

    def _gather(self, line: str, body: str, it, lineno: int, ascii_: bool = True):
        """Lex one logical record starting with ``line``. Returns (ok, lines, tokens, quoted,
        cols, token lines). ``ok`` is True (understood), False (hand over ``lines``) or
        :data:`_REST` (the extent is not certain: hand over ``lines`` and the rest of the file)."""
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
            ttl = _ttl(toks[1])
            if ttl is None:
                return False
            self.default_ttl = ttl
            self.default_ttl_known = True
            self.default_ttl_from_soa = False
            return True
        if d == "$ORIGIN":
            if toks[1][-1:] != ".":
                return False  # relative: the loader decides (and reports a doubled origin, ZL107)
            name = self._name(toks[1])
            if name is None:
                return False
            self.current_origin = name
            if self.zone_origin is None:
                self.zone_origin = name
            return True
        return False

    # -- names --------------------------------------------------------------------------------
    def _name(self, v: str) -> str | None:
        """The absolute text of a plain name (relative ones completed with the current origin),
        ``None`` when the loader must decide."""
        if _NAME.match(v) is None:
            return "." if v == "." else None
        if v[-1] == ".":
            return _intern(v) if len(v) < 255 else None
        origin = self.current_origin
        if origin is None or "\\" in origin:
            return None
        if v == "@":
            return origin
        name = v + "." + origin if origin != "." else v + "."
        return _intern(name) if len(name) < 255 else None

    # -- records ------------------------------------------------------------------------------
    def _record(self, toks, quoted, blank, sfile, line, col, end_line, head):
        """A Record for a fully understood logical record, else ``None``."""
        zone = self.zone_origin
        if zone is None or self.current_origin is None:
            return None
        if quoted is not None and True in quoted:
            # quoted owner/TTL/class/type: only TXT data may be quoted (checked below)
            first_q = quoted.index(True)
        else:
            first_q = 99
        if blank:
            owner = self.last_name
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
        ttl = _ttl(t) if t[0].isdigit() else None
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
                ttl = _ttl(t)
                if ttl is None:
                    return None
                explicit = True
                i += 1
                if i >= n or first_q <= i:
                    return None
                t = toks[i]
        # the one shared string of each type (t.upper() makes a new one per record: ~50 MB at 1M)
        rdtype = _HOT_NAMES.get(t) or _HOT_NAMES.get(t.upper())
        if rdtype is None:
            return None
        i += 1
        rd = toks[i:]
        if quoted is not None and rdtype != "TXT" and first_q < 99:
            return None
        data = self._rdata(rdtype, rd, quoted[i:] if quoted is not None else None)
        if data is None:
            return None
        # commit the TTL state exactly as the loader would
        if explicit:
            self.last_ttl, self.last_ttl_known = ttl, True
        else:
            if self.last_ttl_known and (not self.default_ttl_known or self.default_ttl_from_soa):
                ttl = self.last_ttl
            elif self.default_ttl_known:
                ttl = self.default_ttl
            else:
                ttl = None
        if rdtype == "SOA" and not self.default_ttl_known:
            self.default_ttl = data[6]
            self.default_ttl_known = True
            self.default_ttl_from_soa = True
            if ttl is None:
                if self.last_ttl_known and self.default_ttl_from_soa:
                    ttl = self.last_ttl
                else:
                    ttl = self.default_ttl
        if ttl is None:
            # BIND/loader: no TTL -> error; undo nothing (no state changed) and hand over
            raise _Handover
        if explicit:
            source = "explicit"
        elif self.last_ttl_known and (not self.default_ttl_known or self.default_ttl_from_soa):
            source = "previous"
        else:
            source = "soa-minimum" if self.default_ttl_from_soa else "$TTL"
        if not blank:
            self.last_name = owner
        ints = self._ints
        return Record(
            sfile,
            line,
            col,
            end_line,
            owner,
            ints.setdefault(ttl, ttl),
            explicit,
            "IN",
            rdtype,
            None,
            self.current_origin,
            data,
            None,
            source,
        )

    def _rdata(self, rdtype: str, rd: list[str], quoted):
        n = len(rd)
        if rdtype == "A":
            if n != 1 or _IPV4.match(rd[0]) is None:
                return None
            return (rd[0],)
        if rdtype == "AAAA":
            if n != 1:
                return None
            a = _ipv6(rd[0])
            return None if a is None else (a,)
        if rdtype in ("NS", "CNAME", "PTR", "DNAME"):
            if n != 1:
                return None
            t = self._name(rd[0])
            return None if t is None else (t,)
        if rdtype == "MX":
            if n != 2:
                return None
            p = _uint(rd[0], 65535)
            t = self._name(rd[1])
            if p is None or t is None:
                return None
            return (p, t)
        if rdtype == "SRV":
            if n != 4:
                return None
            ints = self._ints
            a = _uint(rd[0], 65535)
            b = _uint(rd[1], 65535)
            c = _uint(rd[2], 65535)
            t = self._name(rd[3])
            if a is None or b is None or c is None or t is None:
                return None
            return (a, b, ints.setdefault(c, c), t)
        if rdtype == "TXT":
            if n == 0:
                return None
            out = []
            size = 0
            for s in rd:
                b = _unescape(s)
                if b is None or len(b) > 255:
                    return None
                size += len(b) + 1
                out.append(b)
            if size > 65512:
                return None  # too long for a DNS message: the loader reports it
            return (tuple(out),)
        if rdtype == "SOA":
            if n != 7:
                return None
            m = self._name(rd[0])
            r = self._name(rd[1])
            serial = _uint(rd[2], 4294967295)
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


def load_zone(
    path: str,
    display: str,
    origin: str | None,
    options: LoadOptions,
    fallback_origin: str | None = None,
    reported: bool = True,
) -> LoadedZone:
    """Same contract as :func:`zonelint.loader.load_zone`, with the fast scanner in front."""
    if reference_forced() or _looks_binary_file(path):
        from .loader import load_zone as ref

        return ref(path, display, origin, options, fallback_origin, reported)
    sfile = SourceFile(path=path, display=display, reported=reported)
    sc = _Scanner(options, sfile, origin, fallback_origin)
    sc.stack.append(os.path.realpath(path))
    try:
        with open(path, encoding="latin-1", newline="") as f:
            return sc.run(f)
    except _Handover:
        from .loader import load_zone as ref

        return ref(path, display, origin, options, fallback_origin, reported)


def _looks_binary_file(path: str) -> bool:
    """NUL bytes anywhere, or a UTF-16 BOM (as ``loader._looks_binary``), read in chunks."""
    with open(path, "rb") as f:
        chunk = f.read(1 << 20)
        if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
            return True
        while chunk:
            if b"\x00" in chunk:
                return True
            chunk = f.read(1 << 20)
    return False
