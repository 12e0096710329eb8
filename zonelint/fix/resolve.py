"""A :class:`~zonelint.fix.Fix` as byte edits: the one place that turns what a rule asked for into
bytes of a file, without writing anything.

:func:`byte_edits` is what ``--fix``, ``--diff``, SARIF ``fixes`` and editors' code actions share:
given a fix and a way to read the bytes of a file, it returns the :class:`ByteEdit` list (file,
offset, length, new bytes), or raises :class:`~zonelint.fix.locate.Unfixable` (the whole fix is
then skipped).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import (
    ABSOLUTE,
    CLASS,
    COMMENT,
    DELETE_RECORD,
    DIRECTIVE,
    ORIGIN_ARGUMENT,
    OWNER,
    RDATA,
    REPLACE,
    TTL,
    TYPE,
    Change,
    Fix,
)
from .locate import FileBytes, Span, Unfixable, comment_span, directive_spans, next_statement, record_layout

__all__ = ["ByteEdit", "byte_edits", "apply_edits", "edit_range", "Unfixable", "FileReader"]

#: path -> the file's bytes (raises OSError when it cannot be read)
FileReader = Callable[[str], FileBytes]


@dataclass(frozen=True, order=True)
class ByteEdit:
    """Replace ``length`` bytes at ``offset`` of ``path`` with ``data``."""

    path: str
    offset: int
    length: int
    data: bytes

    @property
    def end(self) -> int:
        return self.offset + self.length


def _check_old(span: Span, old: str | None) -> None:
    if old is not None and span.text.lower() != old.lower():
        raise Unfixable(f"the token reads {span.text!r}, not {old!r}")


def _replace(fb: FileBytes, c: Change) -> list[ByteEdit]:
    lay = record_layout(fb, c.line, c.column, c.end_line, c.rdtype)
    span = {OWNER: lay.owner, TTL: lay.ttl, CLASS: lay.rdclass, TYPE: lay.rdtype}.get(c.part)
    if c.part == RDATA:
        if c.index < 0 or c.index >= len(lay.rdata):
            raise Unfixable(f"the record at line {c.line} has no rdata token {c.index}")
        span = lay.rdata[c.index]
    if span is None:
        raise Unfixable(f"the record at line {c.line} does not write its {c.part}")
    _check_old(span, c.old)
    data = _token_bytes(c.text)
    return [ByteEdit(c.path, span.start, span.end - span.start, data)]


def _token_bytes(text: str | None) -> bytes:
    if not isinstance(text, str) or not text:
        raise Unfixable("the new token is empty")
    if any(ch in text for ch in "\r\n;") or (not text.startswith('"') and any(ch in text for ch in ' \t()"')):
        raise Unfixable(f"the new token {text!r} is not one token")
    try:
        return text.encode("ascii")
    except UnicodeEncodeError:
        raise Unfixable(f"the new token {text!r} is not ASCII (write other octets as \\DDD)") from None


def _delete(fb: FileBytes, c: Change, included: bool) -> list[ByteEdit]:
    """Delete a record with its lines (issue 16 point 3): only when it has its lines to itself,
    and the next record of the file writes its owner, TTL and class, so that deleting cannot
    change what later lines inherit. ``$ORIGIN``/``$TTL`` lines between are looked past (they
    change nothing a record inherits from the one before); a ``$INCLUDE`` or ``$GENERATE`` next
    refuses (its records would inherit from the deleted one). Nothing after it: deleted, unless
    the file is ``$INCLUDE``d and the record writes a field (the TTL a record writes carries on
    into the including file, which the loader does not restore after an include, as BIND does)."""
    lay = record_layout(fb, c.line, c.column, c.end_line, c.rdtype)
    raw = fb.raw
    if lay.stop != len(raw) and raw[lay.stop - 1:lay.stop] != b"\n":
        raise Unfixable(f"the record at line {c.line} shares its last line with another (a lone CR)")
    what, head = next_statement(fb, lay.stop)
    writes = [k for k, w in (("owner", lay.owner), ("TTL", lay.ttl), ("class", lay.rdclass)) if w is not None]
    if what == "eof":
        if included and writes:
            raise Unfixable("the record ends an $INCLUDEd file: what the including file inherits would change")
    elif what != "record" or head is None:
        shown = "a line it cannot read" if what == "unknown" else f"a {what} line"
        raise Unfixable(f"{shown} follows the record: deleting it could change what later lines inherit")
    else:
        missing = [k for k, w in (("owner", head.owner), ("TTL", head.ttl), ("class", head.rdclass)) if not w]
        if missing:
            raise Unfixable(
                f"the next record does not write its {' and '.join(missing)}: deleting this one could change it"
            )
    start = lay.start
    if lay.stop == len(raw) and not raw.endswith(b"\n") and start > fb.skip:
        # the last line, without a final line break: the line break before it goes too, so that
        # the file still ends without one
        start -= 2 if raw[start - 2:start] == b"\r\n" else 1
    return [ByteEdit(c.path, start, lay.stop - start, b"")]


def _directive(fb: FileBytes, c: Change) -> list[ByteEdit]:
    _, args, _ = directive_spans(fb, c.line)
    if c.index < 0 or c.index >= len(args):
        raise Unfixable(f"the directive at line {c.line} has no argument {c.index}")
    span = args[c.index]
    _check_old(span, c.old)
    return [ByteEdit(c.path, span.start, span.end - span.start, _token_bytes(c.text))]


#: the argument of each directive that is an origin
_ORIGIN_ARGUMENTS = {"$ORIGIN": 0, "$INCLUDE": 1}


def _absolute(fb: FileBytes, c: Change) -> list[ByteEdit]:
    if c.part == ORIGIN_ARGUMENT:
        head, args, _ = directive_spans(fb, c.line)
        i = _ORIGIN_ARGUMENTS.get(head.text.upper())
        if i is None or i >= len(args):
            raise Unfixable(f"line {c.line} holds no $ORIGIN or $INCLUDE origin")
        span = args[i]
    else:
        lay = record_layout(fb, c.line, c.column, c.end_line, c.rdtype)
        span = lay.owner if c.part == OWNER else None
        if c.part == RDATA and 0 <= c.index < len(lay.rdata):
            span = lay.rdata[c.index]
        if span is None:
            raise Unfixable(f"the record at line {c.line} does not write that name")
    if span.quoted or span.text == "@" or _absolute_text(span.text):
        raise Unfixable(f"{span.text!r} is not a relative name")
    if c.text is not None and not _same_name(span.text + ".", c.text):
        raise Unfixable(f"{span.text!r} with a trailing dot is not {c.text}")
    # the token's own bytes and the dot (a replacement, not a bare insertion, so that a fix
    # deleting the record is seen to overlap it)
    return [ByteEdit(c.path, span.start, span.end - span.start, fb.raw[span.start:span.end] + b".")]


def _absolute_text(text: str) -> bool:
    """True when a name token ends in a dot that is not escaped."""
    if not text.endswith("."):
        return False
    slashes = len(text) - 1 - len(text[:-1].rstrip("\\"))
    return slashes % 2 == 0


def _same_name(a: str, b: str) -> bool:
    import dns.name

    try:
        return dns.name.from_text(a) == dns.name.from_text(b)
    except Exception:  # noqa: BLE001 - a token that is no name reads as no name
        return False


def _comment(fb: FileBytes, c: Change) -> list[ByteEdit]:
    span, blanks, line_start = comment_span(fb, c.line)
    if c.text is not None:
        if any(ch in c.text for ch in "\r\n"):
            raise Unfixable("a comment is one line")
        return [ByteEdit(c.path, span.start + 1, span.end - span.start - 1, c.text.encode("utf-8"))]
    if blanks == line_start:  # the comment is all the line holds: the line goes
        return [ByteEdit(c.path, line_start, fb.lines_end(c.line) - line_start, b"")]
    return [ByteEdit(c.path, blanks, span.end - blanks, b"")]


def change_edits(fb: FileBytes, c: Change, included: bool = False) -> list[ByteEdit]:
    """The byte edits of one change in the file ``fb`` holds (``included``: an ``$INCLUDE``d
    file, where deleting the last record is refused)."""
    if c.kind == REPLACE:
        return _replace(fb, c)
    if c.kind == DELETE_RECORD:
        return _delete(fb, c, included)
    if c.kind == DIRECTIVE:
        return _directive(fb, c)
    if c.kind == COMMENT:
        return _comment(fb, c)
    if c.kind == ABSOLUTE:
        return _absolute(fb, c)
    raise Unfixable(f"unknown kind of change {c.kind!r}")


def byte_edits(fix: Fix, read: FileReader, included: Callable[[str], bool] = lambda p: False) -> list[ByteEdit]:
    """Every byte edit of ``fix``, sorted; :class:`Unfixable` when one change cannot be located
    or two of its edits overlap. ``read(path)`` gives a file's :class:`FileBytes` (an
    :class:`OSError` makes the fix unfixable); ``included(path)`` tells an ``$INCLUDE``d file."""
    edits: list[ByteEdit] = []
    for c in fix.changes:
        try:
            fb = read(c.path)
        except OSError as e:
            raise Unfixable(f"{c.path}: cannot read: {e.strerror or e}") from None
        try:
            edits.extend(change_edits(fb, c, included(c.path)))
        except Unfixable:
            raise
        except Exception as e:  # noqa: BLE001 - whatever the text holds, a fix is skipped, never a crash
            raise Unfixable(f"line {c.line}: cannot be located ({type(e).__name__}: {e})") from None
    edits = sorted(set(edits))
    for a, b in zip(edits, edits[1:]):
        if a.path == b.path and b.offset < a.end:
            raise Unfixable("two changes of the fix overlap")
    return edits


def edit_range(fb: FileBytes, edit: ByteEdit) -> tuple[tuple[int, int], tuple[int, int]]:
    """The start and end of ``edit`` as ``(line, byte column)`` pairs (:meth:`FileBytes.position`):
    what an editor's code action needs, nothing written."""
    return fb.position(edit.offset), fb.position(edit.end)


def apply_edits(raw: bytes, edits: list[ByteEdit]) -> bytes:
    """``raw`` with ``edits`` (of one file, sorted, not overlapping) applied."""
    out = []
    pos = 0
    for e in sorted(edits):
        out.append(raw[pos:e.offset])
        out.append(e.data)
        pos = e.end
    out.append(raw[pos:])
    return b"".join(out)
