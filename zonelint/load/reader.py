"""The reference reader: the raw record stream of a zone file, with file/line/column for everything.

dnspython's ``dns.zone`` / ``dns.zonefile.Reader`` merge duplicates, normalise TTLs inside an
RRset, drop out-of-zone names silently and abort on CNAME-and-other-data. A linter needs what is
*written*, so this module runs its own reader loop on top of dnspython's public API
(:class:`dns.tokenizer.Tokenizer`, subclassed to track positions in :mod:`.tokenizer`, and
:func:`dns.rdata.from_text`):

- every record comes out as a :class:`~zonelint.model.Record`, in file order, ``$INCLUDE``\\ d
  files expanded in place, nothing merged or dropped;
- problems come out as :class:`~zonelint.model.Problem` (``ZL001`` parse errors, ``ZL002``
  refused ``$INCLUDE``, ``ZL003`` refused ``$GENERATE``, ``ZL005`` out-of-zone records,
  ``ZL006`` unknown origin), each at the line and column of the offending token;
- after an error the reader skips to the end of the logical record and carries on, so one typo
  does not hide later records or errors.

It is the authority the fast scanner (:mod:`.scanner`) defers to: the scanner hands every line it
does not fully understand to :func:`read_lines`, which reads them with the same
:class:`~.state.ReaderState` the scanner uses (the TTL and origin rules live there, once).

The reader loop and the directive handling are adapted from dnspython's ``dns/zonefile.py``
(Copyright (C) Dnspython Contributors; Copyright (C) 2003-2017 Nominum, Inc.; ISC licence:
"Permission to use, copy, modify, and distribute this software and its documentation for any
purpose with or without fee is hereby granted, provided that the above copyright notice and this
permission notice appear in all copies."). A record's data is read by :mod:`.rdataread`
(dnspython, else zonelint's grammars), messages are worded in :mod:`.messages`, directive policy
is in :mod:`.directives`, BIND's extra checks in :mod:`.bindcompat`.

Entry points: :func:`load_zone` (a file on disk, the reference path alone), :func:`load_text`
(tests), :func:`read_lines` and :func:`read_file` (for the scanner). The reader never raises for
bad *content*; :func:`load_zone` raises :class:`OSError` only when the top-level file itself
cannot be read (the CLI checks that beforehand).
"""

from __future__ import annotations

import functools
import os

import dns.name
import dns.rdataclass
import dns.rdatatype
from dns.tokenizer import Token

from .. import rdatagrammar
from ..confine import read_sniffed
from ..model import Problem, Record, SourceFile
from ..rdata import compact_data
from ..rrtypes import OBSOLETE_TYPES, type_number
from .bindcompat import INT_MAX, INT_MIN, bind_rejects, generate_offset_problem, too_long
from .directives import (
    DIRECTIVES,
    GENERATE_OFFSET,
    GenerateError,
    Refused,
    display_path,
    doubled_origin,
    find_include,
    generate_range,
    generate_records,
)
from .messages import HELP, NO_ORIGIN, NO_TTL, NOT_TEXT, ParseError, number_too_long, reason, show, shown_token
from .rdataread import read_rdata, text_rdata
from .source import Source, looks_binary, strip_bom
from .state import LoadSession, StopLoading, token_ttl
from .tokenizer import PAREN, PositionTokenizer, TokenError
from .types import REREAD_RECORDS, LoadedZone, LoadOptions

__all__ = ["load_zone", "load_bytes", "load_text", "read_lines", "read_file", "origin_text", "Reader"]

#: exceptions that no zone content causes: interpreter limits and programming errors. They leave
#: the load, and the run reports an internal error (ZL000) naming the file
NOT_THE_ZONE = (RecursionError, MemoryError, AttributeError, NameError, AssertionError, ImportError)

IN = dns.rdataclass.IN
SOA = dns.rdatatype.SOA


# ---------------------------------------------------------------------------------------------
# public API


def load_zone(
    path: str,
    display: str,
    origin: str | None,
    options: LoadOptions,
    fallback_origin: str | None = None,
    reported: bool = True,
) -> LoadedZone:
    """Load the zone file at ``path`` with the reference reader alone.

    ``origin`` is the explicit origin (``--origin`` or the config); without it a ``$ORIGIN``
    before the first record decides, then ``fallback_origin`` (from the file name). ``display``
    is the path shown in reports; ``reported`` is copied to every :class:`SourceFile` read.

    Never raises for the file's content. Raises :class:`OSError` if ``path`` itself cannot be
    read, or is refused (:class:`zonelint.confine.Refused`: outside the lint root, not a
    regular file). A binary file is read no further than its first bytes.
    """
    raw, _ = read_sniffed(path, options.confine_to, looks_binary)
    return load_bytes(raw, path, display, origin, options, fallback_origin, reported)


def load_bytes(
    raw: bytes,
    path: str,
    display: str,
    origin: str | None,
    options: LoadOptions,
    fallback_origin: str | None = None,
    reported: bool = True,
    text: str | None = None,
) -> LoadedZone:
    """:func:`load_zone` of bytes already read from ``path`` (the scanner's hand-over), or given
    in its place (``text``: their decoded form, which noqa and snippets then read)."""
    sfile = SourceFile(path=path, display=display, reported=reported, text=text)
    session = LoadSession(options, sfile, origin, fallback_origin)
    session.stack.append(os.path.realpath(path))
    return reader_for(session).run(raw)


def load_text(
    text: str | bytes,
    origin: str | None,
    path: str = "<text>",
    options: LoadOptions | None = None,
) -> LoadedZone:
    """Load zone text (for tests). Touches the disk only for ``$INCLUDE``; relative includes
    are looked up from ``options.cwd``, the folder of ``path`` (when it has one) and
    ``options.include_path``. Default options use the current directory as the lint root."""
    if options is None:
        options = LoadOptions(lint_root=os.path.realpath(os.getcwd()))
    if isinstance(text, str):
        raw = text.encode("utf-8", "surrogateescape")
    else:
        raw = bytes(text)
        text = raw.decode("utf-8", "replace")
    sfile = SourceFile(path=path, display=path, text=text)
    session = LoadSession(options, sfile, origin, None)
    if os.path.isfile(path):
        session.stack.append(os.path.realpath(path))
    return reader_for(session).run(raw)


def reader_for(session: LoadSession) -> "Reader":
    """The reader of ``session`` (made on first use). Included files are read by
    ``session.read_included`` when the front end set one, else by this reader."""
    reader = session.reader
    if reader is None:
        reader = session.reader = Reader(session)
        if session.read_included is None:
            session.read_included = reader.read_file
    return reader


def read_lines(session: LoadSession, raw: bytes, sfile: SourceFile, first_line: int, more=None) -> int | None:
    """Read ``raw``, whole lines of ``sfile`` from line ``first_line``, with the session's state
    (how the scanner hands over what it does not fully understand). With ``more`` (giving the
    next lines as bytes, ``b""`` at the end) the reader finds the extent of the record at
    ``first_line``, reading on as far as it must, and stops at the first line start between
    records after it, where reading the rest afresh gives what reading on would: returns the
    number of lines read (``None``: to the end). Raises :class:`~.state.StopLoading` when the
    origin turns out to be unknown."""
    return reader_for(session).read_lines(raw, sfile, first_line, more)


def read_file(session: LoadSession, raw: bytes, sfile: SourceFile) -> None:
    """Read a whole file's bytes (an ``$INCLUDE``\\ d one) with the session's state."""
    reader_for(session).read_file(raw, sfile)


def origin_text(text: str) -> str | None:
    """``text`` as dnspython reads a domain name, in absolute text form; ``None`` when it is not
    a valid name."""
    try:
        return dns.name.from_text(text).to_text()
    except Exception:
        return None


# ---------------------------------------------------------------------------------------------
# the reader


class Reader:
    """Reads zone text into a :class:`~.state.LoadSession`: the top-level file, its includes
    and the line ranges the scanner hands over, all with the session's one state."""

    def __init__(self, session: LoadSession) -> None:
        self.session = session
        self.state = session.state
        self.fallback = origin_text(session.fallback_origin) if session.fallback_origin else None
        #: absolute text -> dns.name.Name (origins; the state keeps names as text)
        self._names: dict[str, dns.name.Name] = {}
        self._last: tuple[str | None, dns.name.Name | None] = (None, None)
        # per file being read
        self.tok: PositionTokenizer
        self.src: Source = Source(b"")
        self.sfile: SourceFile = session.top
        self.owner: str | None = None  # owner of the record being read (for problems)

    # -- results ------------------------------------------------------------------------------
    def run(self, raw: bytes) -> LoadedZone:
        """Read the session's top-level file from ``raw`` (the reference path alone)."""
        session = self.session
        state = self.state
        try:
            if session.explicit_origin is not None:
                try:
                    state.zone_origin = dns.name.from_text(session.explicit_origin).to_text()
                    state.origin = state.zone_origin
                except Exception as e:
                    session.problems.append(
                        Problem("ZL006", f"the origin '{session.explicit_origin}' is not a valid domain "
                                f"name ({reason(e)})", session.top, 1, 1, help=HELP["bad-origin"])
                    )
                    raise StopLoading from None
            self.read_file(raw, session.top)
            if state.zone_origin is None:
                # nothing needed the origin (no records): still settle it, so that
                # ``origin is None`` always comes with a ZL006
                state.zone_origin = self.fallback
                if state.zone_origin is None:
                    self.sfile, self.src = session.top, Source(b"")
                    self._problem("ZL006", NO_ORIGIN, 1, 1, help=HELP["ZL006"])
        except StopLoading:
            pass
        # anything else is no defect of the zone (recursion, memory, a bug): it leaves the load,
        # and the run reports it as an internal error (ZL000) naming the file
        return session.result()

    def _problem(
        self,
        code: str,
        message: str,
        line: int,
        col: int,
        owner: str | None = None,
        record: Record | None = None,
        help: str | None = None,
    ) -> None:
        self.session.problems.append(
            Problem(code, message, self.sfile, line, self.src.col(line, col), owner, record, help)
        )

    # -- names and origin ---------------------------------------------------------------------
    def _name_of(self, text: str) -> dns.name.Name:
        """The dnspython name of an absolute name in text form (cached: origins repeat)."""
        n = self._names.get(text)
        if n is None:
            n = self._names[text] = dns.name.from_text(text)
        return n

    def _last_name(self) -> dns.name.Name | None:
        """The owner a record starting with blanks inherits."""
        text = self.state.last_owner
        if text is None:
            return None
        known, name = self._last
        if known != text:
            name = dns.name.from_text(text)
            self._last = (text, name)
        return name

    def _set_last_name(self, name: dns.name.Name) -> str:
        text = name.to_text()
        self.state.last_owner = text
        self._last = (text, name)
        return text

    def _need_origin(self, line: int, col: int) -> None:
        """Make sure the zone origin is known (adopting the fallback), or emit ZL006 and stop."""
        state = self.state
        if state.zone_origin is not None:
            if state.origin is None:
                state.origin = state.zone_origin
            return
        if self.fallback is not None:
            state.zone_origin = self.fallback
            if state.origin is None:
                state.origin = self.fallback
            return
        self._problem("ZL006", NO_ORIGIN, line, col, help=HELP["ZL006"])
        raise StopLoading

    def _name(self, t: Token, what: str) -> dns.name.Name:
        """The absolute name in token ``t``, relative names completed with the current origin."""
        line, col = t.line, t.col  # type: ignore[attr-defined]
        if not t.is_identifier():
            raise ParseError(f"expected an {what}, got {shown_token(t)}", line, col)
        try:
            name = dns.name.from_text(t.value, None)
            if not name.is_absolute():
                self._need_origin(line, col)
                name = name.derelativize(self._name_of(self.state.origin))
            return name
        except (StopLoading, ParseError):
            raise
        except Exception as e:
            raise ParseError(f"bad {what} '{show(t.value)}': {reason(e)}", line, col) from None

    def _get(self, what: str) -> Token:
        """The next token, which must be an identifier (``what`` names it in errors)."""
        t = self.tok.get()
        if not t.is_identifier():
            if t.is_eol_or_eof():
                raise ParseError(f"incomplete record: missing {what}", t.line, t.col)
            raise ParseError(f"expected {what}, got {shown_token(t)}", t.line, t.col)
        return t

    def _ttl_class_type(self):
        """``[ttl] [class] type`` or ``[class] [ttl] type``: returns (ttl or None, explicit,
        rdtype, type token). Explicit TTLs update the last-TTL state."""
        t = self._get("a TTL, class or record type")
        ttl = token_ttl(t)
        explicit = ttl is not None
        if explicit:
            self.state.written_ttl(ttl)
            t = self._get("a class or record type")
        try:
            rdclass = dns.rdataclass.from_text(t.value)
        except Exception:
            rdclass = None
        if rdclass is not None:
            if rdclass != IN:
                raise ParseError(
                    f"record class {dns.rdataclass.to_text(rdclass)} differs from the zone's "
                    "class IN",
                    t.line,
                    t.col,
                )
            t = self._get("a TTL or record type" if not explicit else "a record type")
        if not explicit:
            ttl = token_ttl(t)
            if ttl is not None:
                explicit = True
                self.state.written_ttl(ttl)
                t = self._get("a record type")
            else:
                ttl = self.state.implicit_ttl()
        try:
            rdtype = dns.rdatatype.from_text(t.value)
        except Exception:
            rdtype = type_number(t.value)
        if rdtype == 0:
            raise ParseError("type 0 is reserved (RFC 6895 §3.1); BIND refuses it", t.line, t.col)
        if rdtype in OBSOLETE_TYPES:
            raise ParseError(
                f"type '{OBSOLETE_TYPES[rdtype]}' is obsolete (RFC 973: use MX); BIND refuses it",
                t.line,
                t.col,
            )
        if rdtype is None:
            if t.value[:1].isdigit() or t.value[:2].lstrip("-")[:1].isdigit():
                # type mnemonics never start with a digit: this is a TTL gone wrong
                raise ParseError(
                    f"bad TTL '{show(t.value)}' (expected seconds or units like 1h30m)",
                    t.line,
                    t.col,
                ) from None
            raise ParseError(f"unknown record type '{show(t.value)}'", t.line, t.col)
        if dns.rdatatype.is_metatype(rdtype):
            raise ParseError(
                f"meta RR type '{dns.rdatatype.to_text(rdtype)}' cannot appear in a zone file",
                t.line,
                t.col,
            )
        return ttl, explicit, rdtype, t

    # -- records ------------------------------------------------------------------------------
    def _emit(self, rec: Record, name: dns.name.Name) -> None:
        zone = self.state.zone_origin
        if name.is_subdomain(self._name_of(zone)):
            self.session.records.append(rec)
        else:
            self.session.problems.append(
                Problem(
                    "ZL005",
                    f"{rec.owner} is outside the zone {zone}",
                    rec.file,
                    rec.line,
                    rec.column,
                    rec.owner,
                    rec,
                    HELP["ZL005"],
                )
            )

    def _rr_line(self) -> None:
        """Read one resource record (adapted from dnspython's ``Reader._rr_line``)."""
        tok = self.tok
        t = tok.get(want_leading=True)
        if t.is_whitespace():
            t = tok.get()
            if t.is_eol_or_eof():
                return  # blanks then end of line
            line, col = t.line, t.col
            tok.unget(t)
            self._need_origin(line, col)
            name = self._last_name()
            if name is None:
                raise ParseError(
                    "no owner name: the first record must name its owner (BIND: no current "
                    "owner name)",
                    line,
                    col,
                )
        else:
            line, col = t.line, t.col
            self._need_origin(line, col)
            name = self._name(t, "owner name")
            self._set_last_name(name)
        tok.last_line = line
        owner = name.to_text()
        self.owner = owner
        state = self.state
        # Out-of-zone records are parsed (to report them with their data) but, as dnspython
        # skips their line and BIND ignores them, they leave the TTL state untouched.
        inside = name.is_subdomain(self._name_of(state.zone_origin))
        saved = None if inside else state.ttl_snapshot()

        try:
            ttl, explicit, rdtype, _ = self._ttl_class_type()
            type_text = rdatagrammar.type_text(rdtype)
            begin = tok.pos
            t0 = tok.get()
            tok.unget(t0)
            first = (t0.line, t0.col)
            origin = self._name_of(state.origin)
            rd = read_rdata(tok, rdtype, type_text, origin, tok.ntok, first)
            why = bind_rejects(type_text, rd)
            if why:
                raise ParseError(f"bad {type_text} record: {why}", *first)
            why = too_long(rd, tok.pos - begin, origin)
            if why:
                raise ParseError(f"{type_text} record too long: {why}", *first)
        finally:
            if saved is not None:
                state.restore_ttl(saved)
        end_line = max(tok.last_line, line)

        if not inside:
            if ttl is None:
                ttl = 0  # BIND ignores the record before asking for a TTL
        else:
            ttl = state.settle(ttl, rd.minimum if rdtype == SOA else None)
        if ttl is None:
            raise ParseError(NO_TTL, line, col)

        column = self.src.col(line, col)
        data = compact_data(type_text, rd)
        source = state.ttl_source(explicit)
        rec = Record(self.sfile, line, column, end_line, owner, ttl, explicit, "IN", type_text,
                     rd.to_text(), state.origin, data, rd, source)
        self._emit(rec, name)

    # -- directives ---------------------------------------------------------------------------
    def _directive(self, t: Token) -> None:
        tok = self.tok
        d = t.value.upper()
        if d == "$TTL":
            v = tok.get()
            ttl = token_ttl(v) if v.is_identifier() else None
            if ttl is None:
                if v.is_eol_or_eof():
                    raise ParseError("$TTL needs a value", t.line, t.col)
                raise ParseError(f"bad $TTL value {shown_token(v)}", v.line, v.col)
            self._eol("$TTL")
            self.state.set_default_ttl(ttl)
        elif d == "$ORIGIN":
            v = tok.get()
            if v.is_eol_or_eof():
                raise ParseError("$ORIGIN needs a domain name", t.line, t.col)
            origin = self._name(v, "origin").to_text()
            self._eol("$ORIGIN")
            self._origin_doubled(t, v, origin)
            self.state.set_origin(origin)
        elif d == "$INCLUDE":
            v = tok.get()
            if not (v.is_identifier() or v.is_quoted_string()):
                raise ParseError("$INCLUDE needs a file name", t.line, t.col)
            try:
                fname = v.unescape().value
            except Exception:
                fname = v.value
            o = tok.get()
            new_origin = None
            if o.is_identifier():
                new_origin = self._name(o, "origin")
                self._eol("$INCLUDE")
                self._origin_doubled(t, o, new_origin.to_text())
            elif not o.is_eol_or_eof():
                raise ParseError(f"bad origin in $INCLUDE: {shown_token(o)}", o.line, o.col)
            self._include(fname, new_origin, t)
        elif d == "$GENERATE":
            self._generate(t)
        else:
            raise ParseError(
                f"unknown directive '{show(t.value)}' (known: {', '.join(DIRECTIVES)})",
                t.line,
                t.col,
            )

    def _origin_doubled(self, directive: Token, t: Token, origin: str) -> None:
        state = self.state
        why = doubled_origin(directive.value, t.value, origin, state.origin, state.zone_origin)
        if why:
            self._problem("ZL107", why[0], directive.line, directive.col, owner=origin, help=why[1])

    def _eol(self, what: str) -> None:
        t = self.tok.get()
        if not t.is_eol_or_eof():
            raise ParseError(f"unexpected {shown_token(t)} after {what}", t.line, t.col)

    # -- $INCLUDE -----------------------------------------------------------------------------
    def _include(self, fname: str, new_origin: dns.name.Name | None, t: Token) -> None:
        session = self.session
        line, col = t.line, t.col
        where = find_include(fname, session.options, self.sfile.path, session.stack, session.depth)
        if isinstance(where, Refused):
            return self._problem("ZL002", where.message, line, col, help=where.help)
        found, real = where
        try:  # no window between the checks and the open; never a FIFO; binary: first bytes only
            raw, _ = read_sniffed(found, session.options.confine_to, looks_binary)
        except OSError as e:
            return self._problem(
                "ZL002", f"$INCLUDE '{show(fname)}' cannot be read: {e.strerror or e}", line, col,
                help=HELP["unreadable"],
            )
        budget = session.budget
        if real in budget.included:  # a repeated include: counts against the run-wide budget
            why = budget.charge(raw.count(b"\n") + 1 + REREAD_RECORDS, len(raw))
            if why is not None:
                self._over_budget(
                    f"$INCLUDE '{show(fname)}' repeats an included file and would add up to "
                    f"{why.split(', but ')[0]}, over the run-wide budget: not read",
                    f"It would add up to {why}.", line, col)
                return
        budget.included.add(real)

        session.includes.append(real)
        path = os.path.normpath(found)
        inc = SourceFile(
            path=path,
            display=display_path(path),
            reported=session.top.reported,
            included_from=self.sfile,
        )
        session.files.append(inc)
        # Like dnspython and BIND, the origin and the current owner come back after the
        # include. The TTL state is NOT restored: BIND keeps a $TTL (or an explicit TTL) seen
        # in an included file (dnspython would drop it, and then reject a zone BIND loads).
        state = self.state
        saved = (self.tok, self.src, self.sfile, state.origin, state.last_owner)
        if new_origin is not None:
            state.origin = new_origin.to_text()
        session.stack.append(real)
        session.depth += 1
        try:
            session.read_included(raw, inc)
        finally:
            session.stack.pop()
            session.depth -= 1
            self.tok, self.src, self.sfile, state.origin, state.last_owner = saved

    def _over_budget(self, message: str, why: str, line: int, col: int) -> None:
        """ZL010 for the first directive of this load the expansion budget refuses."""
        if not self.session.budget_refused:
            self.session.budget_refused = True
            self._problem("ZL010", message, line, col, help=f"{why} {HELP['ZL010']}")

    # -- $GENERATE ----------------------------------------------------------------------------
    def _generate(self, t: Token) -> None:
        """``$GENERATE range lhs [ttl] [class] type rhs`` (adapted from dnspython's
        ``Reader._generate_line``; the range is counted before anything is expanded)."""
        tok = self.tok
        line, col = t.line, t.col
        self._need_origin(line, col)
        r = tok.get()
        if not r.is_identifier():
            raise ParseError(
                "$GENERATE needs: range lhs [ttl] [class] type rhs", r.line, r.col
            )
        try:
            start, stop, step = generate_range(r.value)
        except ValueError:
            raise ParseError(
                f"bad $GENERATE range '{show(r.value)}' (expected start-stop[/step])",
                r.line,
                r.col,
            ) from None
        count = len(range(start, stop + 1, step))
        if count > self.session.options.max_generate:
            self._problem(
                "ZL003",
                f"$GENERATE {show(r.value)} would create {count} records, above max-generate "
                f"{self.session.options.max_generate}: not expanded",
                line,
                col,
                help=HELP["ZL003"],
            )
            self._skip_record()
            return
        lhs = self._get("the $GENERATE owner (lhs)").value
        ttl, explicit, rdtype, _ = self._ttl_class_type()
        rt = tok.get()
        if not (rt.is_identifier() or rt.is_quoted_string()):
            raise ParseError("$GENERATE needs the record data (rhs)", rt.line, rt.col)
        rhs = rt.value
        for m in GENERATE_OFFSET.finditer(lhs + " " + rhs):
            # BIND computes iterator + offset in a C int and refuses an overflow ("out of range")
            if generate_offset_problem(start, stop, int(m.group(1))):
                raise ParseError(
                    f"$GENERATE {show(r.value)}: offset {show(m.group(1))} takes the value out of "
                    f"range (BIND refuses values beyond {INT_MIN}..{INT_MAX})",
                    line,
                    col,
                )
        x = tok.get()
        if not x.is_eol_or_eof():
            raise ParseError(
                f"unexpected {shown_token(x)} after the $GENERATE rhs (quote the rhs if it "
                "contains spaces)",
                x.line,
                x.col,
            )
        end_line = max(tok.last_line, line)
        if ttl is None:
            raise ParseError(NO_TTL, line, col)
        why = self.session.budget.charge(count, count * len(rhs.encode("utf-8", "surrogateescape")))
        if why is not None:
            self._over_budget(
                f"$GENERATE {show(r.value)} would add {why.split(', but ')[0]}, over the run-wide "
                "budget: not expanded", f"It would add {why}.", line, col)
            return  # the line is read to its end already
        self.sfile.generated.add(line)  # no fix edits one record of it
        type_text = rdatagrammar.type_text(rdtype)
        origin_text = self.state.origin
        origin = self._name_of(origin_text)
        ccol = self.src.col(line, col)
        try:
            read = functools.partial(text_rdata, rdtype, origin=origin)
            for name, rd in generate_records(lhs, rhs, (start, stop, step), read, origin):
                owner = self._set_last_name(name)
                source = self.state.ttl_source(explicit)
                data = compact_data(type_text, rd)
                rec = Record(self.sfile, line, ccol, end_line, owner, ttl, explicit, "IN",
                             type_text, rd.to_text(), origin_text, data, rd, source)
                self._emit(rec, name)
        except GenerateError as e:
            if not e.name_text or not e.data_text:
                msg = (
                    f"$GENERATE {show(r.value)}: cannot expand the template for {e.value}: "
                    f"{reason(e.cause)}"
                )
            else:
                msg = (
                    f"$GENERATE {show(r.value)}: {e.value} gives a bad record "
                    f"'{show(e.name_text)} {type_text} {show(e.data_text)}': {reason(e.cause)}"
                )
            raise ParseError(msg, line, col) from None

    # -- the loop -----------------------------------------------------------------------------
    def read_file(self, raw: bytes, sfile: SourceFile) -> None:
        """Read one whole file (top-level or included) with the session's state."""
        raw = strip_bom(raw)
        self.sfile = sfile
        if looks_binary(raw):
            self.src = Source(b"")
            self._problem("ZL001", NOT_TEXT, 1, 1)
            return
        self.src = Source(raw)
        self.tok = PositionTokenizer(self.src.text, sfile.path)
        self._loop()

    def read_lines(self, raw: bytes, sfile: SourceFile, first_line: int, more=None) -> int | None:
        """:func:`read_lines`: ``raw``, whole lines of ``sfile`` from line ``first_line``."""
        self.sfile = sfile
        src = self.src = Source(raw, first_line - 1)
        tok = self.tok = PositionTokenizer(src.text, sfile.path, first_line)
        if first_line > 1:
            tok.after_line(first_line - 1)
        if more is None:
            return self._loop()
        tok.fetch = functools.partial(src.read_on, more)
        try:
            end = self._loop(True)
        finally:  # let the text go
            self.src, self.tok = Source(b""), PositionTokenizer("")
        return None if end is None else end - first_line

    def _loop(self, resume: bool = False) -> int | None:
        """Read records; with ``resume``, up to the line returned (see :func:`read_lines`)."""
        tok = self.tok
        while True:
            if resume and tok.pos and tok.at_line_start():
                return tok.line_number if tok.text[tok.pos - 1] == "\n" else None
            before = tok.pos
            self.owner = None
            try:
                t = tok.get(True, True)
                if t.is_eof():
                    break
                if t.is_eol():
                    continue
                if t.is_comment():
                    tok.get_eol()
                    continue
                if t.is_identifier() and t.value.startswith("$"):
                    self._directive(t)
                else:
                    tok.unget(t)
                    self._rr_line()
            except (StopLoading, *NOT_THE_ZONE):
                raise  # not a defect of the record: an internal error of the run (ZL000)
            except Exception as e:
                self._recover(e)  # a failure here is a bug: it leaves the load (ZL000)
                if tok.pos <= before and tok.pos < tok.n:  # pragma: no cover - defensive
                    tok.goto_line(self.src, tok.line_number + 1)

    # -- recovery -----------------------------------------------------------------------------
    def _recover(self, e: BaseException) -> None:
        """Report ``e`` and resynchronise at the end of the current logical record."""
        tok = self.tok
        owner = self.owner
        if isinstance(e, TokenError):
            if e.kind == PAREN:
                self._problem("ZL001", e.msg, e.line, e.col, owner)
                tok.goto_line(self.src, tok.next_record_line(self.src, e.line))
                return
            self._problem("ZL001", e.msg, e.line, e.col, owner)
            tok.end_quote()
            if tok.multiline > 0:
                self._finish_record(None)
            elif not e.line_done:
                self._skip_record()
            return
        if isinstance(e, ParseError):
            line, col, msg = e.line, e.col, e.msg
        else:
            last = tok.last
            line = getattr(last, "line", tok.line_number)
            col = getattr(last, "col", 1)
            too_long = number_too_long(e)
            msg = too_long or f"unexpected error while reading this record: {reason(e)}"
        self._finish_record((msg, line, col, owner))

    def _finish_record(self, pending) -> None:
        """Report ``pending`` (message, line, col, owner) and skip to the end of the record.
        When a '(' left open never closes, report that instead (plus ``pending`` when it lies
        before the resynchronisation point) and restart at the next line that looks like a
        record."""
        tok = self.tok
        if tok.multiline > 0 and tok.parens and not tok.paren_closes():
            pline, pcol = tok.parens[0]
            self._problem(
                "ZL001",
                "unterminated parenthesis: the '(' opened here is never closed",
                pline,
                pcol,
                self.owner,
            )
            resume = tok.next_record_line(self.src, pline)
            if pending is not None and (resume is None or pending[1] < resume):
                self._problem("ZL001", pending[0], pending[1], pending[2], pending[3])
            tok.goto_line(self.src, resume)
            return
        if pending is not None:
            self._problem("ZL001", pending[0], pending[1], pending[2], pending[3])
        self._skip_record()

    def _skip_record(self) -> None:
        """Consume tokens up to the end of the logical record (unless the parser already did)."""
        tok = self.tok
        last = tok.last
        if tok.ungotten_token is None and last is not None and last.is_eol_or_eof():
            return
        try:
            while True:
                t = tok.get()
                if t.is_eol_or_eof():
                    return
        except Exception:
            tok.goto_line(self.src, tok.line_number + 1)
