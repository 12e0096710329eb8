"""Where ``-o FILE`` and ``--write-baseline FILE`` may write, and how.

- ``-``, ``/dev/stdout`` and ``/dev/stderr`` write to the stream itself;
- a character device or a FIFO (``/dev/null``, a pipe), named directly or through symbolic links,
  is written in place: never replaced, never truncated, never created;
- any other symbolic link is refused (a committed ``report.sarif -> ../../.bashrc`` must not
  choose where CI writes), and so are folders, block devices and sockets;
- a regular file the run read (a zone, an include, a context zone, the config, the baseline;
  compared by device and inode, so a hard link or another spelling of the name is caught) is
  refused: zonelint never writes a file it reads;
- any other regular file, or a new one, is written atomically (:mod:`zonelint.atomic`).

Refusals are :class:`OutputRefused` (exit 2 with its one-line message).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterable

from .confine import kind, was_read

STREAMS = {"-": "stdout", "/dev/stdout": "stdout", "/dev/stderr": "stderr"}


class OutputRefused(Exception):
    """The output file named cannot be written safely: one line, exit 2."""


def identities(paths: Iterable[str]) -> set[tuple[int, int]]:
    """(device, inode) of each path that exists (symbolic links followed)."""
    out = set()
    for p in paths:
        try:
            st = os.stat(p)
        except (OSError, ValueError):
            continue
        out.add((st.st_dev, st.st_ino))
    return out


def stream_of(path: str):
    """The stream ``path`` names (``-``, ``/dev/stdout``, ``/dev/stderr``), else None."""
    name = STREAMS.get(path) or STREAMS.get(os.path.normpath(path))
    return getattr(sys, name) if name else None


def write(path: str, text: str, inputs: set[tuple[int, int]] = frozenset(), newline: str | None = "") -> None:
    """Write ``text`` to ``path`` following the module's rules; ``inputs`` are the (device,
    inode) pairs of the files the run read (besides those :mod:`zonelint.confine` opened)."""
    stream = stream_of(path)
    if stream is not None:
        stream.write(text)
        stream.flush()
        return
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise OutputRefused(f"cannot write {path}: folder {folder} does not exist") from None
        _write_atomic(path, text, newline)
        return
    st = link
    if stat.S_ISLNK(link.st_mode):
        try:
            st = os.stat(path)
        except OSError:
            raise OutputRefused(f"cannot write {path}: a dangling symbolic link; refused") from None
        if not (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
            raise OutputRefused(
                f"cannot write {path}: a symbolic link to {_what(st)} ({os.path.realpath(path)}); refused "
                "(only a link to a device or a FIFO is followed): name the file itself"
            )
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        _write_in_place(path, text, newline)
        return
    if not stat.S_ISREG(st.st_mode):
        raise OutputRefused(f"cannot write {path}: it is {kind(st.st_mode)}")
    if (st.st_dev, st.st_ino) in inputs or was_read(st):
        raise OutputRefused(
            f"cannot write {path}: it is a file this run reads (a zone, include, config or "
            "baseline); zonelint never writes a file it reads"
        )
    _write_atomic(path, text, newline)


def _write_atomic(path: str, text: str, newline: str | None) -> None:
    # imported here: zonelint.atomic needs tempfile (and random), which a run printing to
    # stdout, the usual case, never uses
    from .atomic import write_atomic

    write_atomic(path, text, newline)


def _what(st: os.stat_result) -> str:
    return "a regular file" if stat.S_ISREG(st.st_mode) else kind(st.st_mode)


def _write_in_place(path: str, text: str, newline: str | None) -> None:
    """Write to a character device or FIFO (no creation, no truncation, no waiting for a reader)."""
    real = os.path.realpath(path)
    flags = os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(real, flags)
    except OSError as e:
        if e.errno == errno.ENXIO:
            raise OutputRefused(f"cannot write {path}: no process reads from that FIFO") from None
        raise
    try:
        st = os.fstat(fd)
        if not (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
            raise OutputRefused(f"cannot write {path}: it changed while being opened; refused")
        os.set_blocking(fd, True)
        if newline not in (None, "", "\n"):
            text = text.replace("\n", newline)
        data = text.encode("utf-8")
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
    finally:
        os.close(fd)
