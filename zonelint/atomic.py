"""Atomic file writes: a temporary file in the target's folder, fsync, then a rename, so an
interrupted run never leaves a half-written report, baseline or fixed zone behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable


def _file_mode(target: str) -> int:
    """The mode of the file being replaced, else what the umask gives a new file."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _replace(path: str, fill: Callable[[int], None]) -> None:
    """Make a temporary file beside ``path``, let ``fill(fd)`` write it (and close ``fd``), then
    rename it over ``path``; the temporary file is removed when anything fails."""
    target = os.path.abspath(path)
    fd, tmp = tempfile.mkstemp(prefix=".zonelint-", suffix=".tmp", dir=os.path.dirname(target))
    try:
        fill(fd)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomic(path: str, text: str, newline: str | None = "") -> None:
    """Write ``text`` to ``path`` atomically (mkstemp's 0600 is replaced by the usual mode)."""
    mode = _file_mode(os.path.abspath(path))

    def fill(fd: int) -> None:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())

    _replace(path, fill)


def replace_bytes(path: str, data: bytes) -> None:
    """Replace the regular file ``path`` with ``data`` atomically, keeping its mode and, where
    the process may set them, its owner and group (``--fix``: a zone rewritten by root stays the
    zone operator's file). The temporary file is made in the same folder, so the rename never
    crosses a file system."""
    st = os.stat(os.path.abspath(path))

    def fill(fd: int) -> None:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            try:
                os.fchown(f.fileno(), st.st_uid, st.st_gid)
            except (OSError, AttributeError):  # not allowed (not root, not the owner): keep ours
                pass
            os.fchmod(f.fileno(), st.st_mode & 0o7777)
            os.fsync(f.fileno())

    _replace(path, fill)
