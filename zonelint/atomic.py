"""Atomic file writes: a temporary file in the target's folder, fsync, then a rename, so an
interrupted run never leaves a half-written report or baseline behind."""

from __future__ import annotations

import os
import tempfile


def _file_mode(target: str) -> int:
    """The mode of the file being replaced, else what the umask gives a new file."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: str, text: str, newline: str | None = "") -> None:
    """Write ``text`` to ``path`` atomically (mkstemp's 0600 is replaced by the usual mode)."""
    target = os.path.abspath(path)
    fd, tmp = tempfile.mkstemp(prefix=".zonelint-", suffix=".tmp", dir=os.path.dirname(target))
    try:
        os.chmod(tmp, _file_mode(target))
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
