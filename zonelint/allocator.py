"""Where a large run's big blocks of memory come from: the C library's allocator asked, once a run
has large zone files to load, to serve every block of 128 KiB or more from a mapping of its own
(glibc's ``M_MMAP_THRESHOLD``, kept fixed).

By default glibc raises that threshold each time a mapped block is freed, so the big tables a run
builds and frees while it loads and indexes (dictionary and list resizes, the owner index's
temporary tables) end up inside the heap, and the holes they leave there stay in the process's
memory to its end: the rules' many small objects come from Python's own arenas and cannot reuse
them. With the threshold fixed, a freed big block goes back to the system at once (a
1M-record run: ~23 MB less at the peak; 300k: ~9 MB). Only with glibc on Linux; nothing is done
(and ``ctypes`` is not imported) anywhere else or for a small run.
"""

from __future__ import annotations

import os
import sys

#: the zone bytes a run loads from which it asks (a 300k-record zone is ~18 MB)
LARGE_RUN_BYTES = 8 * 1024 * 1024
#: glibc's mallopt() parameter number, and the threshold asked for (glibc's own default)
_M_MMAP_THRESHOLD = -3
_THRESHOLD = 128 * 1024

_done = False


def glibc() -> bool:
    """The process runs on Linux with the GNU C library."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (ValueError, OSError):
        return False


def keep_large_blocks_apart() -> bool:
    """Ask glibc to map every block of 128 KiB or more on its own, with the threshold fixed (once
    per process). True when glibc took it."""
    global _done
    if _done:
        return True
    if not glibc():
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
        mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
        _done = mallopt(_M_MMAP_THRESHOLD, _THRESHOLD) == 1
    except (OSError, AttributeError):
        return False
    return _done


def for_files(paths) -> bool:
    """:func:`keep_large_blocks_apart` when the files at ``paths`` (local paths; others are
    skipped) hold :data:`LARGE_RUN_BYTES` or more; True when it was asked and taken."""
    total = 0
    for path in paths:
        try:
            total += os.path.getsize(path)
        except (OSError, ValueError):
            continue
        if total >= LARGE_RUN_BYTES:
            return keep_large_blocks_apart()
    return False
