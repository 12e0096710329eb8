"""Safe machine fixes: what a rule says to change, as data (rules never parse text).

A rule that can fix a finding passes a :class:`Fix` to ``ctx.finding(..., fix=...)`` and declares
``fixable = True`` (a :class:`~zonelint.rule.Rule` ClassVar, shown by ``explain``, the rule pages and
the README table). A :class:`Fix` is a short description plus one or more :class:`Change` objects,
each saying *semantically* what to change at a record, a directive or a comment:

- :func:`replace_field` - replace the owner, TTL, class, type or the N-th rdata token of a record
  (e.g. the SOA serial is rdata token 2: ``replace_field(soa, RDATA, "2026113000", index=2,
  old="2024010101")``);
- :func:`delete_record` - delete a record with the lines it stands on;
- :func:`make_absolute` / :func:`make_origin_absolute` - add the trailing dot a name was written
  without (a record's owner or rdata name; the origin of a ``$ORIGIN``/``$INCLUDE`` line), keeping
  the token's own bytes;
- :func:`replace_directive_argument` - replace the N-th argument of a ``$ORIGIN``/``$INCLUDE``/
  ``$TTL`` line;
- :func:`replace_comment` / :func:`remove_comment` - rewrite or remove the ``;`` comment of a line.

The core (:mod:`zonelint.fix.locate`, :mod:`zonelint.fix.resolve`) turns a Fix into byte edits by
tokenising the record's lines again with the loader's tokenizer; every byte outside the edited
spans stays as it is. A fix is applied whole or not at all: if one of its changes cannot be
located exactly as the rule described it (the file changed, the token is written another way, a
record shares its line with another), the fix is skipped. :mod:`zonelint.fix.apply` runs
``--fix`` and ``--diff``.

Everything here is plain data (strings, ints, tuples), so a fix crosses the ``-j`` process
boundary (:mod:`zonelint.wire`) and compares by value. This module imports nothing heavy: rules
and the wire format import it.
"""

from __future__ import annotations

from ..values import DataclassFields, fields_eq, fields_repr, frozen_error

TYPE_CHECKING = False  # typing.TYPE_CHECKING: typing is not imported at start-up
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

__all__ = [
    "Fix",
    "Change",
    "OWNER",
    "TTL",
    "CLASS",
    "TYPE",
    "RDATA",
    "PARTS",
    "replace_field",
    "delete_record",
    "make_absolute",
    "make_origin_absolute",
    "replace_directive_argument",
    "replace_comment",
    "remove_comment",
]

#: the parts of a record :func:`replace_field` can replace
OWNER, TTL, CLASS, TYPE, RDATA = "owner", "ttl", "class", "type", "rdata"
PARTS = (OWNER, TTL, CLASS, TYPE, RDATA)

#: kinds of :class:`Change`
REPLACE, DELETE_RECORD, DIRECTIVE, COMMENT = "replace", "delete-record", "directive", "comment"
ABSOLUTE = "absolute"
#: the part :func:`make_origin_absolute` names: the origin argument of ``$ORIGIN``/``$INCLUDE``
ORIGIN_ARGUMENT = "origin"


class _Frozen:
    """What ``@dataclass(frozen=True, slots=True)`` gives a class whose fields are its
    ``__slots__``, without importing dataclasses (:mod:`zonelint.values`): ``__repr__``,
    ``__eq__``, ``__hash__`` over the fields, no assignment, pickling by the fields."""

    __slots__ = ()

    def __repr__(self) -> str:
        return fields_repr(self, self.__slots__)

    def __eq__(self, other):
        return fields_eq(self, other, self.__slots__)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in self.__slots__))

    def __setattr__(self, name: str, value) -> None:
        if "__dataclass_fields__" in type(self).__dict__ or name in self.__slots__:
            raise frozen_error(name)
        object.__setattr__(self, name, value)  # a subclass's own attribute

    def __delattr__(self, name: str) -> None:
        if "__dataclass_fields__" in type(self).__dict__ or name in self.__slots__:
            raise frozen_error(name, deleting=True)
        object.__delattr__(self, name)

    def __getstate__(self) -> list:
        return [getattr(self, n) for n in self.__slots__]

    def __setstate__(self, state: list) -> None:
        for name, value in zip(self.__slots__, state):
            object.__setattr__(self, name, value)


class Change(_Frozen):
    """One semantic change. ``path`` is the :class:`~zonelint.model.SourceFile` path of the file
    that holds the record (or directive, or comment); ``line``/``column`` are the record's (the
    line of the directive or comment, column 0 there); ``end_line`` the record's last line.

    ``part``/``index`` name the token (``index``: the N-th rdata token, 0-based; the N-th argument
    of a directive). ``text`` is the new token exactly as written in the file (presentation format:
    quotes included for a quoted string, ``\\DDD`` escapes; a comment's text without its ``;``);
    ``None`` removes (a comment). ``old``, when given, is the text the token must have now: the
    change is refused otherwise (a rule states what it saw, e.g. the serial, in its usual
    presentation form; compared ignoring ASCII case). ``rdtype`` is the record's type (a check
    that the right record was found)."""

    __slots__ = ("kind", "path", "line", "column", "end_line", "part", "index", "text", "old", "rdtype")
    kind: str
    path: str
    line: int
    column: int
    end_line: int
    part: str
    index: int
    text: str | None
    old: str | None
    rdtype: str
    # a dataclass (``@dataclass(frozen=True, slots=True)``) without importing dataclasses
    __dataclass_fields__ = DataclassFields(
        frozen=True, defaults={"column": 0, "end_line": 0, "part": "", "index": 0, "text": None, "old": None,
                               "rdtype": ""})
    __match_args__ = __slots__

    def __init__(self, kind: str, path: str, line: int, column: int = 0, end_line: int = 0, part: str = "",
                 index: int = 0, text: str | None = None, old: str | None = None, rdtype: str = "") -> None:
        set_ = object.__setattr__
        set_(self, "kind", kind)
        set_(self, "path", path)
        set_(self, "line", line)
        set_(self, "column", column)
        set_(self, "end_line", end_line)
        set_(self, "part", part)
        set_(self, "index", index)
        set_(self, "text", text)
        set_(self, "old", old)
        set_(self, "rdtype", rdtype)

    def pack(self) -> tuple:
        return (self.kind, self.path, self.line, self.column, self.end_line, self.part, self.index,
                self.text, self.old, self.rdtype)


class Fix(_Frozen):
    """A safe machine fix: ``description`` (one line: what the fix does, e.g. "raise the SOA
    serial to 2026113000") and its ``changes``, applied together or not at all. ``zones`` is set
    by the engine: the zone files (paths of their top-level files) whose run produced this very
    fix, so that an ``$INCLUDE``d file is only edited when every zone including it asked for the
    same edit."""

    __slots__ = ("description", "changes", "zones")
    description: str
    changes: tuple[Change, ...]
    zones: frozenset[str]
    # a dataclass (``@dataclass(frozen=True, slots=True)``) without importing dataclasses
    __dataclass_fields__ = DataclassFields(frozen=True, defaults={"zones": frozenset()})
    __match_args__ = __slots__

    def __init__(self, description: str, changes: tuple[Change, ...], zones: frozenset[str] = frozenset()) -> None:
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "changes", changes)
        object.__setattr__(self, "zones", zones)
        self.__post_init__()

    def __post_init__(self) -> None:
        if not isinstance(self.description, str) or not self.description.strip():
            raise ValueError("a Fix needs a description")
        if not self.changes or not all(isinstance(c, Change) for c in self.changes):
            raise ValueError("a Fix needs one or more zonelint.fix.Change (made with replace_field, ...)")

    @classmethod
    def of(cls, description: str, *changes: Change) -> "Fix":
        return cls(description, tuple(changes))

    def for_zone(self, zone_path: str) -> "Fix":
        """This fix, produced for the zone whose top-level file is ``zone_path``."""
        return type(self)(self.description, self.changes, self.zones | {zone_path})

    def same_edit(self, other: "Fix") -> bool:
        return self.changes == other.changes

    def merged(self, other: Any) -> "Fix":
        """This fix with the zones of ``other`` when ``other`` asks for the very same changes
        (the same finding reached from two zones that include one file); else unchanged."""
        if isinstance(other, Fix) and other.changes == self.changes:
            return type(self)(self.description, self.changes, self.zones | other.zones)
        return self

    def pack(self) -> tuple:
        """Plain tuples, for :mod:`zonelint.wire`."""
        return (self.description, tuple(c.pack() for c in self.changes), tuple(sorted(self.zones)))

    @classmethod
    def unpack(cls, t: tuple) -> "Fix":
        description, changes, zones = t
        return cls(description, tuple(Change(*c) for c in changes), frozenset(zones))


def _where(at) -> tuple[str, int, int, int, str]:
    """(path, line, column, end_line, rdtype) of a record."""
    return at.file.path, at.line, at.column, at.end_line, at.rdtype


def replace_field(record, part: str, text: str, index: int = 0, old: str | None = None) -> Change:
    """Replace the ``part`` (:data:`OWNER`, :data:`TTL`, :data:`CLASS`, :data:`TYPE` or
    :data:`RDATA`; for RDATA the ``index``-th token of the data, 0-based, a quoted string counting
    as one token) of ``record`` with ``text``. Refused when the part is not written on the record
    (an inherited owner, TTL or class), or when ``old`` is given and the token reads otherwise."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, got {part!r}")
    path, line, column, end_line, rdtype = _where(record)
    return Change(REPLACE, path, line, column, end_line, part, index, text, old, rdtype)


def delete_record(record) -> Change:
    """Delete ``record`` together with the lines it stands on (its comments included). Refused
    unless the record has its lines to itself, and unless the next record of the file writes its
    owner, TTL and class explicitly, so that deleting it cannot change what later lines inherit
    (``$ORIGIN``/``$TTL`` lines between are looked past; a ``$INCLUDE`` or ``$GENERATE`` next
    refuses; the last record of a file is deleted, but not of an ``$INCLUDE``d file when it
    writes a field: its TTL carries on into the including file)."""
    path, line, column, end_line, rdtype = _where(record)
    return Change(DELETE_RECORD, path, line, column, end_line, "", 0, None, None, rdtype)


def make_absolute(record, part: str, name: str | None = None, index: int = 0) -> Change:
    """Add the trailing dot to the relative name written as the ``part`` of ``record``
    (:data:`OWNER`, or the ``index``-th :data:`RDATA` token), so that it stands for itself instead
    of having the origin appended (``xmpp.example.com`` -> ``xmpp.example.com.``). Only the dot is
    written: the token's bytes (case, ``\\DDD`` escapes, octets >= 0x80) stay. ``name``, when
    given, is the absolute name the token must then read (compared as DNS names: escapes decoded,
    ASCII case ignored). Refused when the part is not written on the record, is quoted, is ``@``
    or already absolute, or would not read ``name``."""
    if part not in (OWNER, RDATA):
        raise ValueError(f"part must be {OWNER!r} or {RDATA!r}, got {part!r}")
    path, line, column, end_line, rdtype = _where(record)
    return Change(ABSOLUTE, path, line, column, end_line, part, index, name, None, rdtype)


def make_origin_absolute(at, name: str | None = None) -> Change:
    """Add the trailing dot to the origin argument of the ``$ORIGIN`` (its argument) or
    ``$INCLUDE`` (its second argument) line at ``at`` (a loader
    :class:`~zonelint.model.Problem` anchored at the directive, or ``(SourceFile, line)``), as
    :func:`make_absolute` does for a record's name; refused on any other line."""
    path, line = _file_line(at)
    return Change(ABSOLUTE, path, line, 0, line, ORIGIN_ARGUMENT, 0, name, None, "")


def _file_line(at) -> tuple[str, int]:
    if isinstance(at, tuple):
        file, line = at[0], at[1]
        return getattr(file, "path", file), line
    return at.file.path, at.line


def replace_directive_argument(at, text: str, index: int = 0, old: str | None = None) -> Change:
    """Replace the ``index``-th argument of the directive (``$ORIGIN``, ``$INCLUDE``, ``$TTL``)
    at ``at``: a loader :class:`~zonelint.model.Problem` anchored at the directive, or
    ``(SourceFile, line)``. Single-line directives only."""
    path, line = _file_line(at)
    return Change(DIRECTIVE, path, line, 0, line, "argument", index, text, old, "")


def replace_comment(at, text: str) -> Change:
    """Replace the text of the ``;`` comment on the line ``at`` (a record's first line,
    a Problem, or ``(SourceFile, line)``) with ``text`` (written after the ``;``). Refused when the
    line has no comment. The text is written as UTF-8."""
    path, line = _file_line(at)
    return Change(COMMENT, path, line, 0, line, "comment", 0, text, None, "")


def remove_comment(at) -> Change:
    """Remove the ``;`` comment on the line ``at`` with the blanks before it (a line that held
    only the comment goes as a whole)."""
    path, line = _file_line(at)
    return Change(COMMENT, path, line, 0, line, "comment", 0, None, None, "")
