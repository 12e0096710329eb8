"""The policy and the arithmetic of the ``$INCLUDE`` and ``$GENERATE`` directives.

The reader (:mod:`zonelint.load.reader`) tokenizes the directive lines; this module decides what
they mean:

- :func:`find_include`: where an ``$INCLUDE`` file is looked up (absolute, else the current
  directory, the including file's folder and ``include-path``) and when it is refused (not found,
  outside the lint root unless allowed, a directory, a loop, too deep);
- :func:`doubled_origin`: a relative ``$ORIGIN``/``$INCLUDE`` origin that repeats the origin
  in effect (ZL107);
- :func:`generate_range`, :func:`generate_text` and :func:`generate_records`: a ``$GENERATE``
  range, the expansion of its templates (``$``, ``$$``, ``${offset[,width[,base]]}``, as BIND
  and dnspython 2.9.1 do) and the records it makes.

:func:`generate_text` is a reimplementation of dnspython's private ``_generate_text`` (dnspython
2.9.1; Copyright (C) Dnspython Contributors, ISC licence: "Permission to use, copy, modify, and
distribute this software and its documentation for any purpose with or without fee is hereby
granted, provided that the above copyright notice and this permission notice appear in all
copies."), so that every dnspython version zonelint allows expands templates the same way.
Unlike dnspython, it expands a negative value in nibble mode as BIND does.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

import dns.exception
import dns.grange
import dns.name
import dns.rdata

from ..escape import dns_token
from .bindcompat import too_long
from .types import LoadOptions

__all__ = [
    "DIRECTIVES",
    "GENERATE_OFFSET",
    "MAX_GENERATE_WIDTH",
    "find_include",
    "Refused",
    "display_path",
    "generate_range",
    "generate_text",
    "generate_records",
    "GenerateError",
    "doubled_origin",
]

DIRECTIVES = ("$ORIGIN", "$TTL", "$INCLUDE", "$GENERATE")

# -- $INCLUDE -----------------------------------------------------------------------------------


def _within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


class Refused(NamedTuple):
    """Why an ``$INCLUDE`` is refused: the ZL002 message (the diagnosis) and its help (the fix)."""

    message: str
    help: str


def find_include(
    fname: str, options: LoadOptions, here: str, stack: list[str], depth: int
) -> tuple[str, str] | Refused:
    """Where ``$INCLUDE fname`` in the file ``here`` leads: ``(path found, real path)``, or why it
    is refused (:class:`Refused`). ``stack`` holds the real paths of the files being read,
    ``depth`` how deep the include chain already is."""
    name = dns_token(fname)  # as shown in a message
    if os.path.isabs(fname):
        dirs: list[str] = []
        candidates = [fname]
    else:
        dirs = [options.cwd]
        if os.path.isfile(here):
            dirs.append(os.path.dirname(os.path.abspath(here)))
        dirs.extend(options.include_path)
        seen: list[str] = []
        for d in dirs:
            d = os.path.abspath(d)
            if d not in seen:
                seen.append(d)
        dirs = seen
        candidates = [os.path.join(d, fname) for d in dirs]
    found = next((c for c in candidates if os.path.lexists(c)), None)
    if found is None:
        where = f" (looked in: {', '.join(dirs)})" if dirs else ""
        return Refused(
            f"$INCLUDE file '{name}' not found",
            f"Create the file or correct its name{where}: BIND refuses a zone whose $INCLUDE "
            "is missing.",
        )
    real = os.path.realpath(found)
    root = os.path.realpath(options.lint_root)
    if not options.allow_include_outside and not _within(real, root):
        return Refused(
            f"$INCLUDE '{name}' resolves outside the lint root: refused",
            f"Keep included files inside the repository (the lint root is {root}) and name them "
            "relative to the including file; --allow-include-outside on the command line allows "
            "it.",
        )
    if not os.path.exists(real):
        return Refused(
            f"$INCLUDE file '{name}' not found (dangling link)",
            "Point the link at an existing file inside the repository, or correct the name.",
        )
    if os.path.isdir(real):
        return Refused(f"$INCLUDE '{name}' is a directory, not a file", "Name a zone file, not a folder.")
    if real in stack:
        chain = " -> ".join(os.path.basename(p) for p in stack + [real])
        return Refused(
            f"$INCLUDE '{name}' forms a loop: not read again",
            f"Remove the $INCLUDE that closes the loop ({chain}): a file must not include itself, "
            "directly or through others.",
        )
    if depth + 1 > options.max_include_depth:
        return Refused(
            f"$INCLUDE '{name}' would nest deeper than max-include-depth "
            f"{options.max_include_depth}: not read",
            "Flatten the chain of includes, or raise the limit on the command line "
            "(--max-include-depth N, or ZONELINT_MAX_INCLUDE_DEPTH=N); a config file may only "
            "lower it.",
        )
    return found, real


def display_path(path: str) -> str:
    """``path`` relative to the current directory when it lies below it (how an included file
    is shown in reports)."""
    try:
        cwd = os.getcwd()
        ap = os.path.abspath(path)
        if _within(ap, cwd):
            return os.path.relpath(ap, cwd)
    except (OSError, ValueError):
        pass
    return path


def doubled_origin(
    directive: str, arg: str, new: str, current: str | None, zone: str | None
) -> tuple[str, str] | None:
    """A relative origin argument that repeats the origin in effect (``$ORIGIN example.org`` in
    the zone ``example.org.``: the new origin is ``example.org.example.org.``): the ZL107 message
    and help for the directive line (once, instead of one finding per record below it), else
    ``None``.
    ``arg`` is the argument as written, ``new`` the origin it gives, ``current`` and ``zone`` the
    current and the zone origin before it. Single-label origins are left alone (a zone ``com.``
    may own ``com.com.``)."""
    text = arg.lower()
    if text.endswith(".") or "\\" in text:
        return None
    for base in (current, zone):
        if base is None or len(dns.name.from_text(base).labels) < 3:  # root label included
            continue
        b = base.lower()[:-1]
        if text == b or text.endswith("." + b):
            cur = current if current is not None else base
            return (
                f"{directive.upper()} {arg} has no trailing dot: the origin becomes {new}",
                f"Write {arg}. (with the dot): without it the name is relative to {cur} (RFC 1035 "
                f"§5.1), so every relative name below it ends in {base} twice.",
            )
    return None


# -- $GENERATE ----------------------------------------------------------------------------------

#: The offset of each ``${offset...}`` modifier in a template.
GENERATE_OFFSET = re.compile(r"\$\{\s*([+-]?\d+)")
# A $GENERATE modifier: ${offset[,width[,base]]}
_MODIFIER = re.compile(r"{([+-]?\d+)(?:,(\d+)(?:,([doxXnN]))?)?}")
#: BIND formats each substitution into a 128-byte buffer: a wider field cannot be written.
MAX_GENERATE_WIDTH = 127


def generate_range(text: str) -> tuple[int, int, int]:
    """``start-stop[/step]`` as ``(start, stop, step)``; :class:`ValueError` when it is not one
    (or the step is below 1)."""
    try:
        start, stop, step = dns.grange.from_text(text)
    except Exception:
        raise ValueError(text) from None
    if step < 1:
        raise ValueError(text)
    return start, stop, step


def _nibbles(value: int, width: int, base: str) -> str:
    """``value`` as dot-separated hexadecimal nibbles, least significant first (BIND's ``n``/``N``
    bases); zero nibbles are added until the text is at least ``width`` characters long."""
    digits = "0123456789ABCDEF" if base == "N" else "0123456789abcdef"
    text = ""
    while True:
        text += digits[value & 0xF]
        value >>= 4
        if width > 0:
            width -= 1
        if width > 0 or value != 0:
            text += "."
            if width > 0:
                width -= 1
        if value == 0 and width == 0:
            return text


def generate_text(template: str, counter: int) -> str:
    """Substitute the ``$GENERATE`` iterator ``counter`` into ``template``.

    Each ``$`` is replaced by the counter, optionally modified by a following
    ``${offset[,width[,base]]}``; ``$$`` is a literal ``$``, and a backslash escape such as
    ``\\$`` is copied unchanged, as in BIND (a negative value in nibble mode is taken as the
    unsigned 32-bit number, as BIND does). Raises :class:`dns.exception.SyntaxError` for a bad
    modifier or a width above :data:`MAX_GENERATE_WIDTH`.
    """
    text = ""
    i = 0
    n = len(template)
    while i < n:
        c = template[i]
        if c == "\\":
            text += template[i : i + 2]
            i += 2
        elif c != "$":
            text += c
            i += 1
        elif template.startswith("$", i + 1):
            text += "$"
            i += 2
        else:
            i += 1
            offset = 0
            width = 0
            base = "d"
            if template.startswith("{", i):
                match = _MODIFIER.match(template, i)
                if match is None:
                    raise dns.exception.SyntaxError("invalid $GENERATE modifier")
                offset = int(match.group(1))
                if match.group(2) is not None:
                    width = int(match.group(2))
                    if width > MAX_GENERATE_WIDTH:
                        raise dns.exception.SyntaxError("$GENERATE width is too large")
                if match.group(3) is not None:
                    base = match.group(3)
                i = match.end()
            value = counter + offset
            if base in "nN":
                # BIND writes a negative value in nibble mode as the unsigned 32-bit number
                # (-976 -> 0xfffffc30 -> 0.3.c.f.f.f.f.f); dnspython refuses it
                text += _nibbles(value % (1 << 32), width, base)
            else:
                text += format(value, base).zfill(width)
    return text


class GenerateError(Exception):
    """A ``$GENERATE`` value that gives no valid record: the value, the owner and data texts
    expanded so far (empty when the expansion itself failed) and dnspython's exception."""

    def __init__(self, value: int, name_text: str, data_text: str, cause: BaseException):
        super().__init__(value)
        self.value = value
        self.name_text = name_text
        self.data_text = data_text
        self.cause = cause


def generate_records(lhs: str, rhs: str, span: tuple[int, int, int], read_data, origin):
    """``(name, rdata)`` for each value of ``span`` (``start, stop, step``), from the owner
    template ``lhs`` and the data template ``rhs`` (relative names completed with the
    ``dns.name.Name`` ``origin``; ``read_data(text)`` reads the data, as the record's type is
    read everywhere: :func:`~.rdataread.text_rdata`). The first value that gives no valid record raises
    :class:`GenerateError`."""
    start, stop, step = span
    for i in range(start, stop + 1, step):
        ntext = rtext = ""
        try:
            ntext = generate_text(lhs, i)
            rtext = generate_text(rhs, i)
            name = dns.name.from_text(ntext, origin)
            rd = read_data(rtext)
            why = too_long(rd, len(rtext), origin)
            if why:
                raise ValueError(f"record too long: {why}")
        except Exception as e:
            raise GenerateError(i, ntext, rtext, e) from None
        yield name, rd
