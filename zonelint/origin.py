"""Guessing a zone's origin when the command line does not give one.

The CLI decides precedence (``--origin`` or a config ``origins`` entry, then a ``$ORIGIN`` before
the first record, then the file name); these helpers only compute the candidates:

- :func:`origin_from_config` matches the file against the config's ``origins`` globs;
- :func:`origin_from_filename` reads the usual naming conventions (``example.com.zone``,
  ``example.com.db``, ``db.example.com``, ``example.com``).

Both return absolute text (``"example.com."``) or ``None``.
"""

from __future__ import annotations

import fnmatch
import os
import re

__all__ = ["origin_from_filename", "origin_from_config", "valid_origin_text"]

_SUFFIXES = (".zone", ".db")
_PREFIX = "db."
_LABEL = re.compile(r"[A-Za-z0-9_-]{1,63}\Z")


def valid_origin_text(name: str) -> str | None:
    """``name`` as absolute text when it is a plain host-style domain name, else ``None``.

    Labels must be 1-63 characters of ``[A-Za-z0-9_-]`` and the whole name at most 255 octets in
    wire form. One trailing dot is accepted; case is kept.
    """
    if not name:
        return None
    if name.endswith("."):
        name = name[:-1]
    if not name:
        return None
    labels = name.split(".")
    if not all(_LABEL.match(label) for label in labels):
        return None
    # wire length: one length octet per label plus its characters, plus the root octet
    if sum(len(label) + 1 for label in labels) + 1 > 255:
        return None
    return name + "."


def origin_from_filename(path: str) -> str | None:
    """The origin suggested by a zone file's name, or ``None``.

    ``example.com.zone`` and ``example.com.db`` give ``example.com.`` (suffix stripped);
    ``db.example.com`` gives ``example.com.`` (prefix stripped; ``db.example.com.zone`` loses
    both); a bare name with at least one dot (``example.com``) is taken as is. A bare name with
    no dot (``hosts``) and anything that is not a valid host-style name gives ``None``.
    """
    base = os.path.basename(path)
    stem = base
    stripped = False
    lower = stem.lower()
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            stripped = True
            break
    if stem.lower().startswith(_PREFIX) and len(stem) > len(_PREFIX):
        stem = stem[len(_PREFIX) :]
        stripped = True
    if not stripped and "." not in stem.rstrip("."):
        return None
    return valid_origin_text(stem)


def origin_from_config(path: str, origins: dict[str, str], root: str) -> str | None:
    """The origin given by the first ``origins`` glob matching ``path``, or ``None``.

    Globs are matched with :func:`fnmatch.fnmatch` against the path relative to the lint
    ``root``, with ``/`` separators. The value is returned as absolute text (a trailing dot is
    added when missing; ``"."`` stays the root).
    """
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    rel = rel.replace(os.sep, "/")
    for pattern, origin in origins.items():
        if fnmatch.fnmatch(rel, pattern):
            origin = str(origin).strip()
            if not origin:
                return None
            return origin if origin.endswith(".") else origin + "."
    return None
