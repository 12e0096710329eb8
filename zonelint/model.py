"""The data that flows through zonelint: source files, raw records, load problems and findings.

Everything here is deliberately small and dnspython-free at import time, so that the reader,
the fast scanner, the graph, the rules and the reporters can share it without paying for
imports they do not need.

A :class:`Record` is one resource record *as written*: its position, owner, TTL (and whether the
TTL was written on the record), class, type and rdata. Nothing is merged, normalised or dropped:
duplicates, differing TTLs inside one RRset, a CNAME beside other data all reach the rules.

Names are kept as absolute text (``"_xmpp-server._tcp.example.com."``) exactly as dnspython's
``Name.to_text()`` renders them (case preserved, trailing dot, ``\\DDD`` escapes). Compare names with
:func:`name_key`, which folds ASCII case as DNS does.
"""

from __future__ import annotations

import re
import weakref
from operator import attrgetter

from .lazyre import LazyPattern
from .rdata import DATA_TYPES, data_text
from .values import DataclassFields, Value, fields_eq, fields_repr

TYPE_CHECKING = False  # typing.TYPE_CHECKING: typing is not imported at start-up
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any
    from .fix import Fix

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
#: Higher is more severe.
SEVERITY_RANK = {INFO: 1, WARNING: 2, ERROR: 3}

ROOT = "."
#: The longest ``message`` (the one-line diagnosis) of a built-in rule; the fix and its citation
#: go to the finding's ``help``.
MESSAGE_WIDTH = 120
#: The largest TTL (RFC 2181 §8: 2^31 - 1 seconds). A larger value that fits 32 bits loads as
#: written (BIND loads it as 0, with a warning) and ZL603 reports it; more than 32 bits is a
#: parse error. (``dns.ttl.MAX_TTL`` is 2^32-1 in dnspython 2.9.)
MAX_TTL = 2147483647

# ``Record.data`` (the compact rdata fields of the common types) is laid out, encoded and decoded
# in zonelint.rdata; TARGET_TYPES says where each type keeps the name it points at.
TARGET_TYPES = {"SRV": 3, "MX": 1, "NS": 0, "CNAME": 0, "DNAME": 0, "PTR": 0, "NAPTR": 5}


def name_key(name: str) -> str:
    """The case-folded comparison key of an absolute name in text form (ASCII case only)."""
    return name.lower()


def is_subdomain(name_k: str, parent_k: str) -> bool:
    """True when key ``name_k`` is ``parent_k`` or below it (both keys from :func:`name_key`)."""
    if parent_k == ROOT:
        return True
    if name_k == parent_k:
        return True
    return name_k.endswith("." + parent_k) and not name_k.endswith("\\." + parent_k)


def parent_name(name: str) -> str | None:
    """The parent of an absolute name in text form; ``None`` for the root."""
    if name == ROOT:
        return None
    if "\\" not in name:  # the common case: no escaped dot to skip
        j = name.find(".")
        if j < 0:
            return ROOT
        return name[j + 1 :] or ROOT
    i = 0
    while True:
        j = name.find(".", i)
        if j < 0:
            return ROOT
        # skip escaped dots (count preceding backslashes)
        k = j - 1
        slashes = 0
        while k >= 0 and name[k] == "\\":
            slashes += 1
            k -= 1
        if slashes % 2 == 0:
            rest = name[j + 1 :]
            return rest if rest else ROOT
        i = j + 1


def first_labels(name: str, count: int) -> list[str]:
    """The first ``count`` labels of a name in text form (fewer if the name is shorter)."""
    labels: list[str] = []
    rest: str | None = name
    while rest not in (None, ROOT) and len(labels) < count:
        parent = parent_name(rest)
        cut = len(rest) - (len(parent) if parent != ROOT else 0)
        labels.append(rest[: cut - 1] if parent != ROOT else rest.rstrip("."))
        rest = parent
    return labels


def fit_message(message: str, help: str | None, width: int = MESSAGE_WIDTH) -> tuple[str, str | None]:
    """``(message, help)`` with the message on one line of at most ``width`` characters. A longer
    message (one that quotes long tokens or paths, or a crash's text) first has its long quoted
    parts shortened around ``...``, then, if still too long, is cut at a space with ``...``; its
    whole text then moves to the front of the help, so nothing it said is lost."""
    one = " ".join(message.split())
    if len(one) <= width and one == message:
        return message, help
    if len(one) > width:
        one = _QUOTED.sub(lambda m: f"'{m.group(1)[:14]}...{m.group(1)[-14:]}'", one)
    if len(one) > width:
        space = one.rfind(" ", width // 2, width - 3)
        one = one[: space if space > 0 else width - 3] + "..."
    full = " ".join(message.split())
    full = full if full.endswith((".", "!", "?")) else full + "."
    return one, f"{full} {help}" if help else full


#: a quoted part of a message too long to show whole (a token, a file name)
_QUOTED = LazyPattern(r"'([^']{33,})'")  # only long messages are shortened


# -- naming a name, a path or another record in a message --------------------------------------
# A record a DNS server served (an ``axfr://`` source, ``zonelint live``) has no file line: its
# ``line`` is only its position in the answer. A message or help that mentions another record
# says where it is through these functions, never with ``rec.line`` itself, so that a served
# record is named by its source, owner and type and a file's by its line, as before.

#: The longest name (or path) a one-line message shows whole; longer ones are shortened by
#: :func:`brief` (the help text then names them in full).
BRIEF_WIDTH = 40


def brief(text: str, width: int = BRIEF_WIDTH) -> str:
    """``text`` (a name, a value or a path) as a one-line message shows it: whole when it has at
    most ``width`` characters, else its start and end around ``...`` (never cutting a ``\\DDD``
    escape), so that a 253-character owner cannot push the diagnosis past one line."""
    if len(text) <= width:
        return text
    units = _escape_unit_re().findall(text)
    keep = width - 3
    head: list[str] = []
    n = 0
    for u in units:
        if n + len(u) > keep // 3:
            break
        head.append(u)
        n += len(u)
    tail: list[str] = []
    for u in reversed(units[len(head) :]):
        if n + len(u) > keep:
            break
        tail.append(u)
        n += len(u)
    return "".join(head) + "..." + "".join(reversed(tail))


_ESCAPE_UNIT: "re.Pattern | None" = None


def _escape_unit_re() -> re.Pattern:  # compiled on first use: names with escapes are rare
    global _ESCAPE_UNIT
    if _ESCAPE_UNIT is None:
        _ESCAPE_UNIT = re.compile(r"\\(?:\d{3}|.)|.", re.S)
    return _ESCAPE_UNIT


def brief_path(path: str) -> str:
    """A display path (or a source's URI) as a one-line message shows it: whole up to 48
    characters, else ``.../<file name>``."""
    if len(path) <= 48:
        return path
    return ".../" + brief(path.replace(chr(92), "/").rsplit("/", 1)[-1], 40)


def where(rec: "Record") -> str:
    """Where ``rec`` is, in full, for a help text: ``zones/example.com.zone:21`` for a file's
    record; for a record a DNS server served (no line) its source, owner and type:
    ``axfr://192.0.2.53/example.com alias.example.com. CNAME``."""
    if rec.file.uri is not None:
        return f"{rec.file.uri} {rec.owner} {rec.rdtype}"
    return f"{rec.file.display}:{rec.line}"


def near(rec: "Record", anchor: "Record") -> str:
    """Where ``rec`` is, said briefly for the message of a finding anchored at ``anchor``:
    ``line 14`` in the anchor's file, else ``zones/other.zone:14`` (a path longer than 48
    characters as ``.../other.zone``; :func:`where` gives the full path for the help). A record a
    DNS server served has no line: its owner instead (shortened by :func:`brief`; the help names
    its source with :func:`where`), or ``the same name`` when it is the anchor's owner."""
    if rec.file.uri is not None:
        if rec.owner.lower() == anchor.owner.lower() and rec.file.uri == anchor.file.uri:
            return "the same name"
        return brief(rec.owner)
    if rec.file is anchor.file or rec.file.display == anchor.file.display:
        return f"line {rec.line}"
    return f"{brief_path(rec.file.display)}:{rec.line}"


def positions(recs, anchor: "Record") -> str:
    """Where ``recs`` are, for a parenthetical of the message of a finding anchored at ``anchor``
    that already names them (by their data, type or owner): ``line 6`` or ``lines 7, 8`` for
    records in the anchor's file, :func:`near`'s ``other.zone:9`` for a record in another file.
    A record a DNS server served has no position worth saying when it comes from the anchor's
    source (the message names it already): it is left out; from another source, its owner
    (:func:`near`).
    ``""`` when nothing is left, and the caller then leaves the parenthetical out."""
    lines: list[str] = []
    others: list[str] = []
    for rec in recs:
        if rec.file.uri is not None:
            if not (rec.file is anchor.file or rec.file.uri == anchor.file.uri):
                others.append(near(rec, anchor))
        elif rec.file is anchor.file or rec.file.display == anchor.file.display:
            lines.append(str(rec.line))
        else:
            others.append(near(rec, anchor))
    said = [f"line{'s' if len(lines) > 1 else ''} {', '.join(lines)}"] if lines else []
    return ", ".join(said + others)


_FACTORY = object()  # "not given": the field's default factory makes its value
_SOURCE_FILE_FIELDS = ("path", "display", "reported", "noqa", "disabled", "included_from", "text", "scanned",
                       "generated", "uri")


class SourceFile:
    """One file read in a run (a zone file named or walked, a context zone, or an ``$INCLUDE``).

    ``path`` is the path as zonelint opened it; ``display`` is the path shown in reports
    (relative to the current directory when the file is below it); ``lines`` is filled lazily by
    reporters that need a snippet and by suppression scanning.
    """

    path: str
    display: str
    #: True when findings in this file are reported (files named on the command line or walked);
    #: False for context zones, whose records only inform cross-zone rules.
    reported: bool = True
    #: Per-line suppressions: line -> frozenset of codes, or None meaning "all codes".
    noqa: dict[int, frozenset[str] | None]
    #: Codes disabled for the whole file with ``; zonelint: disable-file=CODE``.
    disabled: frozenset[str] = frozenset()
    #: The file that ``$INCLUDE``d this one, if any.
    included_from: "SourceFile | None" = None
    #: In-memory text of a source that is not on disk (tests, ``load_text``).
    text: str | None = None
    #: True once ``noqa``/``disabled`` were read from the file's comments.
    scanned: bool = False
    #: Lines of ``$GENERATE`` directives that made records: a fix cannot edit one of those
    #: records without the others (the engine drops a fix that would, :mod:`zonelint.engine`).
    generated: set[int]
    #: For records served by a DNS server rather than read from a file: the source's URI
    #: (``axfr://192.0.2.1/example.com``; then ``path`` and ``display`` are the URI too). Its
    #: records have no text: ``line`` is their position in the transfer, findings are located by
    #: the URI, owner and type, and rules about the file's text (``Rule.judges_served_data``
    #: False) skip it.
    uri: str | None = None

    # a dataclass (``@dataclass(eq=False)``) without importing dataclasses: zonelint.values
    __dataclass_fields__ = DataclassFields(eq=False, factories={"noqa": dict, "generated": set})
    __match_args__ = _SOURCE_FILE_FIELDS

    def __init__(self, path: str, display: str, reported: bool = True, noqa=_FACTORY,
                 disabled: frozenset[str] = frozenset(), included_from: SourceFile | None = None,
                 text: str | None = None, scanned: bool = False, generated=_FACTORY,
                 uri: str | None = None) -> None:
        self.path = path
        self.display = display
        self.reported = reported
        self.noqa = {} if noqa is _FACTORY else noqa
        self.disabled = disabled
        self.included_from = included_from
        self.text = text
        self.scanned = scanned
        self.generated = set() if generated is _FACTORY else generated
        self.uri = uri

    def __repr__(self) -> str:
        return f"SourceFile({self.display!r})"


#: records keep their line as an offset (0-255: an int Python never allocates) from the first
#: line of their block of lines, which their Place holds
LINE_BLOCK = 256


class Place:
    """What the records written alike in one block of :data:`LINE_BLOCK` lines share: their file,
    the block's first line, ``$ORIGIN``, class, column, how many lines they span and where their
    TTL came from. Each :class:`Record` points at one (:func:`shared_place`) instead of carrying
    seven fields and an int of its own for its line; the 100k-record benchmark zone, which changes
    ``$ORIGIN`` 4,435 times, has 9,886 places."""

    __slots__ = ("file", "first_line", "column", "end_offset", "ttl_explicit", "ttl_source", "rdclass", "origin",
                 "__weakref__")

    def __init__(self, file, first_line, column, end_offset, ttl_explicit, ttl_source, rdclass, origin) -> None:
        self.file = file
        self.first_line = first_line
        self.column = column
        self.end_offset = end_offset
        self.ttl_explicit = ttl_explicit
        self.ttl_source = ttl_source
        self.rdclass = rdclass
        self.origin = origin


#: the places alive, by their fields (the file by identity: a place keeps its file alive)
_PLACES: "weakref.WeakValueDictionary[tuple, Place]" = weakref.WeakValueDictionary()


def shared_place(file: SourceFile, first_line: int, column: int, end_offset: int, ttl_explicit: bool,
                 ttl_source: str | None, rdclass: str, origin: str) -> Place:
    """The one :class:`Place` alive with these fields (made when there is none)."""
    key = (id(file), first_line, column, end_offset, ttl_explicit, ttl_source, rdclass, origin)
    p = _PLACES.get(key)
    if p is None:
        p = _PLACES[key] = Place(file, first_line, column, end_offset, ttl_explicit, ttl_source, rdclass, origin)
    return p


class Stamp:
    """A record's TTL and the offset of its line in its place's block of lines, shared by the
    records that have both alike (:func:`stamp`): one field of a :class:`Record` instead of two
    (a million records are 15 MiB smaller: 80 bytes each instead of 96). Never changed once made."""

    __slots__ = ("ttl", "line_offset")

    def __init__(self, ttl: int, line_offset: int) -> None:
        self.ttl = ttl
        self.line_offset = line_offset

    def __repr__(self) -> str:
        return f"Stamp({self.ttl!r}, {self.line_offset!r})"


#: the stamps made, by ``ttl << 8 | line_offset`` (a TTL as an int, an offset below LINE_BLOCK);
#: at most _STAMPS_KEPT of them (a zone of many distinct TTLs gets fresh stamps past that)
_STAMPS: dict[int, Stamp] = {}
_STAMPS_KEPT = 1 << 16


def stamp(ttl: int, line_offset: int) -> Stamp:
    """The shared :class:`Stamp` of ``ttl`` and ``line_offset``."""
    if type(ttl) is not int or type(line_offset) is not int or not 0 <= line_offset < LINE_BLOCK:
        return Stamp(ttl, line_offset)
    key = ttl << 8 | line_offset
    got = _STAMPS.get(key)
    if got is None:
        got = Stamp(ttl, line_offset)
        if len(_STAMPS) < _STAMPS_KEPT:
            _STAMPS[key] = got
    return got


_new_record = object.__new__


class Record:
    """One resource record as written in a zone file.

    ``line``/``column`` are 1-based and point at the record's first token (for a record without an
    owner, the first token after the leading blanks); ``end_line`` is the line of its last token,
    so a suppression comment on any line of a multi-line record applies. ``ttl_explicit`` is True
    when the TTL was written on the record itself; ``ttl_source`` says where the TTL came from:
    ``"explicit"``, ``"$TTL"``, ``"previous"`` (the last explicit TTL, RFC 1035 §5.1) or
    ``"soa-minimum"``.

    ``rdata`` is built lazily from ``rdata_text`` (relative names resolved against ``origin``), so a
    loader may keep only text for types no rule inspects. ``data`` holds the compact fields of the
    common types (:data:`DATA_TYPES`; layout in :mod:`zonelint.rdata`).

    Storage is compact (a million records are loaded at once): ``owner``, ``rdtype`` and ``data``
    are the record's own, ``ttl`` and the line's offset in its block are one shared
    :class:`Stamp`; ``file``, ``column``, ``ttl_explicit``, ``ttl_source``,
    ``rdclass`` and ``origin`` are read from its shared :class:`Place`, ``line`` and ``end_line``
    from its place and its offset in the place's block of lines; the rdata text and dnspython object share one field, kept only when the loader
    had them (the scanner keeps neither for the types of :data:`DATA_TYPES`).
    """

    __slots__ = ("owner", "_stamp", "rdtype", "data", "place", "_rd")

    def __init__(
        self,
        file: SourceFile,
        line: int,
        column: int,
        end_line: int,
        owner: str,
        ttl: int,
        ttl_explicit: bool,
        rdclass: str,
        rdtype: str,
        rdata_text: str,
        origin: str,
        data: tuple | None = None,
        rdata: Any = None,
        ttl_source: str | None = None,
    ) -> None:
        self.owner = owner
        offset = line % LINE_BLOCK
        self._stamp = stamp(ttl, offset)
        self.rdtype = rdtype
        self.data = data
        source = ttl_source or ("explicit" if ttl_explicit else None)
        self.place = shared_place(file, line - offset, column, end_line - line, ttl_explicit, source, rdclass, origin)
        self._rd = rdata_text if rdata is None else (rdata_text, rdata)

    @classmethod
    def placed(cls, place: Place, line_offset: int, owner: str, ttl: int, rdtype: str, data: tuple | None,
               rdata_text: str | None = None) -> "Record":
        """A record at line ``place.first_line + line_offset`` (``line_offset`` below
        :data:`LINE_BLOCK`; a loader's fast path: the place is shared, see :func:`shared_place`)."""
        r = _new_record(cls)
        r.owner = owner
        try:  # stamp(ttl, line_offset), without the call when the stamp exists
            r._stamp = _STAMPS[ttl << 8 | line_offset]
        except (KeyError, TypeError):
            r._stamp = stamp(ttl, line_offset)
        r.rdtype = rdtype
        r.data = data
        r.place = place
        r._rd = rdata_text
        return r

    # read from the shared stamp and place (C getters: no Python frame per access)
    ttl = property(attrgetter("_stamp.ttl"), lambda self, value: setattr(self, "_stamp", stamp(value, self._stamp.line_offset)),
                   doc="The TTL in seconds.")
    line_offset = property(attrgetter("_stamp.line_offset"), doc="The line's offset in its place's block of lines.")
    file = property(attrgetter("place.file"), doc="The :class:`SourceFile` the record was read from.")
    column = property(attrgetter("place.column"), doc="The 1-based column of the record's first token.")
    ttl_explicit = property(attrgetter("place.ttl_explicit"), doc="The TTL was written on the record.")
    ttl_source = property(attrgetter("place.ttl_source"), doc="Where the TTL came from (see the class).")
    rdclass = property(attrgetter("place.rdclass"), doc="The class (``IN``).")
    origin = property(attrgetter("place.origin"), doc="The ``$ORIGIN`` in effect.")

    @property
    def line(self) -> int:
        """The 1-based line of the record's first token."""
        return self.place.first_line + self._stamp.line_offset

    @property
    def end_line(self) -> int:
        """The line of the record's last token."""
        p = self.place
        return p.first_line + self._stamp.line_offset + p.end_offset

    @property
    def rdata_text(self) -> str:
        """The rdata as text (dnspython's ``to_text()``, names absolute). The fast scanner keeps
        none for hot types: it is then derived from ``data`` on each access."""
        rd = self._rd
        t = rd if rd is None or type(rd) is str else rd[0]
        if t is None and self.data is not None:
            t = data_text(self.rdtype, self.data)
        return t

    @rdata_text.setter
    def rdata_text(self, value: str) -> None:
        rd = self._rd
        self._rd = value if rd is None or type(rd) is str else (value, rd[1])

    @property
    def stored_rdata_text(self) -> str | None:
        """The rdata text as the loader kept it: ``None`` for a hot type the fast scanner kept as
        ``data`` only (copying a record keeps it so, without deriving text for it)."""
        rd = self._rd
        return rd if rd is None or type(rd) is str else rd[0]

    @property
    def rdata_built(self) -> bool:
        """The dnspython ``Rdata`` exists already (the reference reader read the record, or a rule
        asked for ``rdata``)."""
        return type(self._rd) is tuple

    @property
    def rdata(self):
        """The dnspython ``Rdata`` of this record (built on first use)."""
        rd = self._rd
        if type(rd) is tuple:
            return rd[1]
        from .rdatagrammar import record_rdata

        built = record_rdata(self.rdclass, self.rdtype, self.rdata_text, self.origin)
        self._rd = (rd, built)
        return built

    @property
    def target(self) -> str | None:
        """The name this record points at (SRV target, MX exchange, NS/CNAME/DNAME/PTR target,
        NAPTR replacement), as absolute text; ``None`` for other types."""
        i = TARGET_TYPES.get(self.rdtype)
        if i is None or self.data is None:
            return None
        return self.data[i]

    @property
    def key(self) -> str:
        """The case-folded owner (see :func:`name_key`)."""
        return self.owner.lower()

    def canonical_rdata(self) -> str:
        """The rdata in canonical text form (names lower-cased, absolute), for comparisons
        and fingerprints."""
        rd = self.rdata
        try:
            return rd.to_digestable().hex()
        except Exception:  # pragma: no cover - rdata types without a digestable form
            return rd.to_text().lower()

    def __repr__(self) -> str:
        return (
            f"Record({self.file.display}:{self.line}:{self.column} {self.owner} {self.ttl} "
            f"{self.rdclass} {self.rdtype} {self.rdata_text})"
        )


_PROBLEM_FIELDS = ("code", "message", "file", "line", "column", "owner", "record", "help")


class Problem:
    """Something the loader found that a core rule reports: parse errors (ZL001), include errors
    (ZL002), refused ``$GENERATE`` ranges (ZL003), out-of-zone records (ZL005), unknown origin
    (ZL006), a relative ``$ORIGIN``/``$INCLUDE`` origin that doubles the zone origin (ZL107, at the
    directive; ``owner`` is the origin it made). The loader never decides severity or
    suppression; the engine does."""

    code: str
    message: str
    file: SourceFile
    line: int
    column: int = 1
    owner: str | None = None
    #: For ZL005: the out-of-zone record itself (kept out of the graph).
    record: Record | None = None
    #: How to fix it, with the citation (the finding's ``help``); ``message`` is the diagnosis.
    help: str | None = None

    # a dataclass (``@dataclass``) without importing dataclasses: zonelint.values
    __dataclass_fields__ = DataclassFields()
    __match_args__ = _PROBLEM_FIELDS
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, code: str, message: str, file: SourceFile, line: int, column: int = 1,
                 owner: str | None = None, record: Record | None = None, help: str | None = None) -> None:
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.owner = owner
        self.record = record
        self.help = help

    def __repr__(self) -> str:
        return fields_repr(self, _PROBLEM_FIELDS)

    def __eq__(self, other):
        return fields_eq(self, other, _PROBLEM_FIELDS)


class LazyText(tuple):
    """A text built when it is read: ``LazyText(function, *args)`` stands for ``function(*args)``.

    A finding's ``help`` may be one (``ctx.finding(rec, message, help=LazyText(fix_help, rec,
    other))``): a run with a hundred thousand findings then keeps a small tuple per finding instead
    of a few hundred bytes of text, and the text is built when a reporter reads ``finding.help``
    (each time it reads it: the function must give the same text for the same arguments). Give a
    module-level function (a bound method or a lambda costs an object per finding) and arguments
    that stay as they are: records, names, numbers, strings; never the graph (it answers no
    lookup once the rules are done) and nothing a later rule changes."""

    __slots__ = ()

    def __new__(cls, function, *args):
        return tuple.__new__(cls, (function, *args))

    def __getnewargs__(self) -> tuple:  # copy, deepcopy and pickle make it as it was made
        return tuple(self)

    def __str__(self) -> str:
        return self[0](*self[1:])

    def __repr__(self) -> str:
        return f"LazyText({', '.join(map(repr, self))})"


class _RecordEnd:
    """The mark of a finding whose ``end_line`` is its record's: one object, kept as itself by
    ``copy``, ``deepcopy`` and ``pickle`` (which store it by name)."""

    __slots__ = ()

    def __reduce__(self) -> str:
        return "_RECORD_END"

    def __repr__(self) -> str:
        return "<the record's end line>"


_RECORD_END = _RecordEnd()

_FINDING_FIELDS = ("code", "rule", "severity", "message", "path", "line", "column", "owner", "record", "file",
                   "end_line", "help", "fix")


class Finding:
    """One reported fault. ``path`` is the display path; ``owner`` is absolute text or None.

    Fields, in the order the constructor takes them: ``code``, ``rule``, ``severity``,
    ``message``, ``path``, ``line``, ``column``, ``owner``, then (optional) ``record`` (the record
    the finding is about or anchored at, for snippets and fingerprints), ``file`` (the
    :class:`SourceFile`, for suppressions and lint-root-relative paths), ``end_line`` (the last line
    of the anchoring record: a suppression comment on a continuation line applies), ``help`` (how to
    fix it, with the citation; ``message`` is only the diagnosis; ``None`` for plugins that do not
    split their text) and ``fix`` (a :class:`zonelint.fix.Fix` a ``--fix`` run may apply; reporters
    ask only "is there one", SARIF renders its byte edits).

    Storage is compact (a run may hold a hundred thousand findings): ``line`` and ``end_line`` are
    read from the record when they are the record's (no int of their own), and ``help`` may be a
    :class:`LazyText`, built each time it is read. Two findings are equal when their fields are
    (``help`` compared as text)."""

    __slots__ = ("code", "rule", "severity", "message", "path", "_line", "column", "owner", "record", "file",
                 "_end_line", "_help", "fix")
    # the public fields, for `dataclasses.fields`/`replace`/`asdict` (plugins and their tests use them),
    # as `@dataclass(init=False, repr=False, eq=False, match_args=False)` gives them (it generates no
    # method: __init__, __repr__ and __eq__ are the class's own, over compact storage) without
    # importing dataclasses (zonelint.values); `line`, `end_line` and `help` are the properties below
    code: str
    rule: str
    severity: str
    message: str
    path: str
    line: int
    column: int
    owner: str | None
    record: Record | None
    file: SourceFile | None
    end_line: int | None
    help: str | LazyText | None
    fix: Fix | None
    __dataclass_fields__ = DataclassFields(init=False, repr=False, eq=False, match_args=False)
    __match_args__ = _FINDING_FIELDS

    def __init__(self, code: str, rule: str, severity: str, message: str, path: str, line: int, column: int,
                 owner: str | None, record: Record | None = None, file: SourceFile | None = None,
                 end_line: int | None = None, help: "str | LazyText | None" = None, fix: "Fix | None" = None) -> None:
        self.code = code
        self.rule = rule
        self.severity = severity
        self.message = message
        self.path = path
        self.column = column
        self.owner = owner
        self.record = record
        self.file = file
        self._help = help
        self.fix = fix
        if isinstance(record, Record):  # the record's own lines are read from it, not kept twice
            if line == record.line:
                line = None
            if end_line is not None and end_line == record.end_line:
                end_line = _RECORD_END
        self._line = line
        self._end_line = end_line

    @classmethod
    def at_record(cls, code: str, rule: str, severity: str, message: str, record: Record, owner: str | None,
                  help: "str | LazyText | None" = None, fix: "Fix | None" = None) -> "Finding":
        """A finding at ``record``'s line, column and file (what ``ctx.finding(rec, ...)`` makes)."""
        f = _new_finding(cls)
        f.code = code
        f.rule = rule
        f.severity = severity
        f.message = message
        place = record.place
        file = place.file
        f.path = file.display
        f._line = None
        f.column = place.column
        f.owner = owner
        f.record = record
        f.file = file
        f._end_line = _RECORD_END
        f._help = help
        f.fix = fix
        return f

    @property
    def line(self) -> int:
        """The 1-based line (the anchoring record's unless given)."""
        line = self._line
        if line is None:  # Record.line, without a second call
            rec = self.record
            return rec.place.first_line + rec._stamp.line_offset
        return line

    @line.setter
    def line(self, value: int) -> None:
        self._line = value

    @property
    def end_line(self) -> int | None:
        """The last line of the anchoring record (as given: None when not given)."""
        end = self._end_line
        return self.record.end_line if end is _RECORD_END else end

    @end_line.setter
    def end_line(self, value: int | None) -> None:
        self._end_line = value

    @property
    def help(self) -> str | None:
        """How to fix it (text; a :class:`LazyText` help is built here, at each read). A lazy help
        whose function raises gives a one-line text saying so, never an exception in a reporter."""
        h = self._help
        if h is None or type(h) is str:
            return h
        try:
            return h[0](*h[1:]) if type(h) is LazyText else str(h)  # LazyText.__str__, one call less
        except Exception as e:  # noqa: BLE001 - a rule's defect must not stop the report
            return f"(the help of this {self.code} finding could not be built: {type(e).__name__}: {e})"

    @help.setter
    def help(self, value: "str | LazyText | None") -> None:
        self._help = value

    @property
    def stored_help(self) -> "str | LazyText | None":
        """``help`` as the rule gave it (a :class:`LazyText` not built)."""
        return self._help

    def sort_key(self) -> tuple:
        line = self._line
        if line is None:  # the record's (Finding.line, without the calls: the key of every sort)
            rec = self.record
            line = rec.place.first_line + rec._stamp.line_offset
        return (self.path, line, self.column, self.code, self.message)

    def identity(self) -> tuple:
        """What makes two findings one: a file ``$INCLUDE``d twice (by one zone or by two) holds its
        records twice, but a fault at one place is reported once."""
        return (self.code, self.path, self.line, self.column, self.owner, self.message)

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _FINDING_FIELDS)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in _FINDING_FIELDS)
        return f"{type(self).__qualname__}({fields})"

    def replace(self, **changes) -> "Finding":
        """A copy with ``changes`` (as ``dataclasses.replace``; ``help`` stays lazy unless changed)."""
        fields = {n: getattr(self, n) for n in _FINDING_FIELDS if n not in changes}
        if "help" not in changes:
            fields["help"] = self._help
        fields.update(changes)
        return type(self)(**fields)

    __replace__ = replace  # copy.replace (Python 3.13)

    @property
    def source(self) -> str | None:
        """The URI of the source a DNS server served (``axfr://...``), None for a file: such a
        finding has no line to show; it is located by this URI, its owner and its type."""
        return None if self.file is None else self.file.uri

    @property
    def rdtype(self) -> str | None:
        """The type of the record the finding is anchored at (None without one)."""
        return None if self.record is None else self.record.rdtype

    def served_location(self) -> str:
        """``axfr://SERVER/ZONE: owner TYPE`` (the owner and type as far as known)."""
        where = " ".join(x for x in (self.owner, self.rdtype) if x)
        return f"{self.source}: {where}" if where else f"{self.source}"

    def as_dict(self) -> dict[str, Any]:
        out = {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "owner": self.owner,
            "help": self.help,
        }
        if self.source is not None:  # served by a DNS server: no line, the source and type instead
            out.update(line=None, column=None, source=self.source, type=self.rdtype)
        return out


_new_finding = object.__new__


class Notification(Value):
    """Something about the run itself (not a finding): unreadable paths, plugin trouble."""

    __slots__ = ("level", "message", "path")

    def __init__(self, level: str, message: str, path: str | None = None) -> None:
        self.level = level  # "error" | "warning" | "note"
        self.message = message
        self.path = path
