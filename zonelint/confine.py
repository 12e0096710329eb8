"""Opening a file the run reads, with no window between the check and the open.

Every file zonelint reads (named, walked, included, context, config, baseline) goes through
:func:`open_regular`:

1. the path is resolved (``realpath``) and, when a lint root is given, must lie inside it;
2. ``stat`` must show a regular file: FIFOs, devices, sockets and folders are never opened;
3. the resolved path is opened without following a final symbolic link (``O_NOFOLLOW``) and
   without blocking or taking a terminal (``O_NONBLOCK``, ``O_NOCTTY``). On Linux it is first
   opened with ``O_PATH`` (no read access, no side effect of any kind), checked, and then reopened
   through ``/proc/self/fd``;
4. the *descriptor* is checked: the same device and inode as step 2, still a regular file, and
   its real path (``/proc/self/fd`` on Linux, ``F_GETPATH`` on macOS) still inside the root.

A file swapped for a symbolic link, a FIFO or another file between any two steps is refused by
step 4, whatever the swap. Refusals are :class:`Refused` (an :class:`OSError`), so callers that
report unreadable files report them the same way.

Every file opened is remembered by device and inode (:func:`was_read`): ``-o`` refuses to
replace a file the run read.

Inside :func:`contents_in_memory` (``--diff``, simulating the passes of ``--fix`` without writing
anything), a file is still opened and checked as above, but its content is taken from memory.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
from contextlib import contextmanager

#: how many bytes decide whether a file is text (see ``looks_binary``)
SNIFF_BYTES = 8192

_O_PATH = getattr(os, "O_PATH", 0) if sys.platform.startswith("linux") else 0
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)

#: (device, inode) of every file opened through this module in this process
_read: set[tuple[int, int]] = set()
#: real path -> (device, inode) of the files opened (what :func:`read_back` must find again)
_where: dict[str, tuple[int, int]] = {}
#: real path -> the bytes read in place of the file's own (:func:`contents_in_memory`)
_in_memory: dict[str, bytes] | None = None


@contextmanager
def contents_in_memory(contents: dict[str, bytes]):
    """Within the block, reading a file through this module (:func:`open_reader`,
    :func:`read_bytes`, :func:`read_sniffed`, :func:`read_back_bytes`, :func:`read_head`) whose
    real path is a key of ``contents`` gives those bytes instead of the file's: what ``--diff``
    lints after each simulated pass of ``--fix``. The file is still opened and checked (inside
    the root, a regular file); nothing is written. ``contents`` is read live: keys added inside
    the block count from then on."""
    global _in_memory
    before = _in_memory
    _in_memory = contents
    try:
        yield contents
    finally:
        _in_memory = before


def _memory_copy(path: str) -> bytes | None:
    if not _in_memory:
        return None
    return _in_memory.get(os.path.realpath(path))


class Refused(OSError):
    """A file zonelint will not read: outside the lint root, not a regular file, or changed
    while it was being opened. ``strerror`` says which, in words."""

    def __init__(self, path: str, why: str, code: int = errno.EPERM) -> None:
        super().__init__(code, why, path)


def within(path: str, root: str) -> bool:
    """True when ``path`` is ``root`` or below it (both absolute and already resolved)."""
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


def kind(mode: int) -> str:
    """A file type in words: 'a FIFO', 'a folder', ..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def outside_message(real: str, root: str) -> str:
    return f"resolves outside the lint root ({real} is not below {root})"


def open_regular(path: str, root: str | None = None) -> int:
    """Open the regular file at ``path`` for reading and return its descriptor (see the module
    docstring). ``root`` is the resolved folder the file must lie in; ``None`` checks everything
    but the place (a setting allowed it). Raises :class:`Refused` or another :class:`OSError`."""
    try:
        real = os.path.realpath(path)
    except OSError as e:  # a link swapped for a file (or back) while being resolved
        raise Refused(path, "changed while being opened (replaced by another file or a link): not read") from e
    if root is not None and not within(real, root):
        raise Refused(path, outside_message(real, root))
    st = os.stat(real)
    if not stat.S_ISREG(st.st_mode):
        raise Refused(path, f"{kind(st.st_mode)}, not a regular file: not read", errno.EINVAL)
    fd = _open_checked(path, real, root, st)
    _read.add((st.st_dev, st.st_ino))
    _where.setdefault(real, (st.st_dev, st.st_ino))
    return fd


def _open_checked(path: str, real: str, root: str | None, st: os.stat_result) -> int:
    if _O_PATH and _proc_fd_works():
        handle = os.open(real, _O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            _check_descriptor(handle, path, root, st)
            fd = os.open(f"/proc/self/fd/{handle}", _FLAGS & ~os.O_NOFOLLOW)
        finally:
            os.close(handle)
    else:
        fd = os.open(real, _FLAGS)
    try:
        _check_descriptor(fd, path, root, st)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _check_descriptor(fd: int, path: str, root: str | None, st: os.stat_result) -> None:
    now = os.fstat(fd)
    if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
        raise Refused(path, "changed while being opened (replaced by another file or a link): not read")
    if root is None:
        return
    where = descriptor_path(fd)
    if where is None:  # no way to ask the system: check the path again (documented window)
        where = os.path.realpath(path)
    if not within(where, root):
        raise Refused(path, outside_message(where, root))


def descriptor_path(fd: int) -> str | None:
    """The path the system holds for an open descriptor (Linux ``/proc``, macOS ``F_GETPATH``),
    or None where neither exists."""
    if sys.platform.startswith("linux"):
        try:
            return os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            return None
    if sys.platform == "darwin":
        import fcntl

        try:
            raw = fcntl.fcntl(fd, fcntl.F_GETPATH, bytes(1024))  # type: ignore[attr-defined]
        except (OSError, AttributeError):
            return None
        return os.fsdecode(raw.split(b"\0", 1)[0])
    return None


_PROC: list[bool] = []


def _proc_fd_works() -> bool:
    if not _PROC:
        _PROC.append(os.path.isdir("/proc/self/fd"))
    return _PROC[0]


def open_reader(path: str, root: str | None = None):
    """A binary file object of the regular file at ``path`` opened with :func:`open_regular`
    (its bytes in memory inside :func:`contents_in_memory`)."""
    fd = open_regular(path, root)
    data = _memory_copy(path)
    if data is None:
        return os.fdopen(fd, "rb")
    os.close(fd)
    return io.BytesIO(data)


def read_bytes(path: str, root: str | None = None) -> bytes:
    """The whole content of a regular file opened with :func:`open_regular`."""
    with open_reader(path, root) as f:
        return f.read()


def read_text(path: str, root: str | None = None, encoding: str = "utf-8") -> str:
    """:func:`read_bytes` decoded (``UnicodeDecodeError`` for bad octets)."""
    return read_bytes(path, root).decode(encoding)


def read_sniffed(path: str, root: str | None, is_binary) -> tuple[bytes, bool]:
    """``(content, binary)``: the first :data:`SNIFF_BYTES` of a regular file decide with
    ``is_binary(head)``; a binary file is never read further (a 1 GB sparse file costs 8 KiB)."""
    with open_reader(path, root) as f:
        head = f.read(SNIFF_BYTES)
        if is_binary(head):
            return head, True
        return head + f.read(), False


def read_back(path: str, root: str | None = None) -> str | None:
    """:func:`read_back_bytes` decoded (undecodable octets become U+FFFD)."""
    raw = read_back_bytes(path, root)
    return None if raw is None else raw.decode("utf-8", "replace")


def read_back_bytes(path: str, root: str | None = None) -> bytes | None:
    """The content of a zone file read again after loading (``; noqa`` comments, SARIF snippets,
    the git-base comparison), or None: only the very file loaded (same device and inode, when
    this process loaded it; inside ``root`` when given), never a FIFO or a device, and never a
    file whose first bytes say it is binary (a 1 GB sparse file is not read twice, or at all)."""
    try:
        fd = open_regular(path, root)
    except (OSError, ValueError):
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        known = _where.get(os.path.realpath(path))
        if known is not None and known != (st.st_dev, st.st_ino):
            return None
        data = _memory_copy(path)
        if data is not None:
            return None if b"\x00" in data[:SNIFF_BYTES] else data
        head = f.read(SNIFF_BYTES)
        if b"\x00" in head:
            return None
        return head + f.read()


def read_head(path: str, root: str | None = None, size: int = SNIFF_BYTES) -> bytes:
    """The first ``size`` bytes of a regular file (sniffing never reads a whole file)."""
    with open_reader(path, root) as f:
        return f.read(size)


def was_read(st: os.stat_result) -> bool:
    """True when this process opened the file with this device and inode."""
    return (st.st_dev, st.st_ino) in _read


def check_rewritable(path: str, root: str) -> None:
    """Refuse (:class:`Refused`) a zone file that a rewrite (``--fix``) must not touch:
    a symbolic link, a file outside the resolved lint root ``root``, anything but a regular file,
    or a file with more than one hard link (rewriting it would change, or split from, a file of
    another name). ``--fix`` checks it, then writes with :func:`zonelint.atomic.replace_bytes`."""
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise Refused(path, "a symbolic link: not rewritten")
    real = os.path.realpath(path)
    if not within(real, root):
        raise Refused(path, outside_message(real, root) + ": not rewritten")
    if not stat.S_ISREG(st.st_mode):
        raise Refused(path, f"{kind(st.st_mode)}, not a regular file: not rewritten", errno.EINVAL)
    if st.st_nlink > 1:
        raise Refused(path, f"has {st.st_nlink} hard links: not rewritten")


def rewritten(path: str) -> None:
    """``path`` was just replaced by ``--fix`` (a new inode): a later read in this run (the lint
    after the fix) finds the new file, and ``-o`` still refuses to replace it."""
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except OSError:
        return
    _read.add((st.st_dev, st.st_ino))
    _where[real] = (st.st_dev, st.st_ino)
