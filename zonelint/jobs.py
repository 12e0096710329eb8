"""``-j N``: spread a run over N processes (fork; POSIX only).

- several files: split by file (:mod:`zonelint.shard`: each process loads a share of the files
  and lints the zones it loaded, looking into the others only when a lookup needs them);
- one file: loaded and linted here (loading one file in parallel parts was measured not to pay
  for itself on 2 cores and was removed; the rules of one zone share indexes that a second
  process would have to build again).

The findings are the same as with ``-j 1`` (``tests/test_jobs.py``), in the same order (the
engine sorts them). A worker that fails is not fatal: the run is done serially.

The default (``jobs=None``) is serial unless the run is big enough to pay for the fork and the
transfer: see :func:`auto_jobs`.
"""

from __future__ import annotations

import os
import sys

#: Below this many bytes of zone files a run stays in one process (a pre-commit run never forks).
AUTO_MIN_BYTES = 8 << 20


def available() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def effective_jobs(requested: int | None, paths: list[str]) -> int:
    """``-j N`` as given, else automatic (:func:`auto_jobs`)."""
    return requested if requested is not None else auto_jobs(paths)


def auto_jobs(paths: list[str]) -> int:
    """Processes for a run that did not say (``-j``): 1 unless the files add up to
    :data:`AUTO_MIN_BYTES`, then up to the CPU count (at most 4)."""
    if not available():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cpus < 2:
        return 1
    total = 0
    for p in paths:
        try:
            total += os.path.getsize(p)
        except OSError:
            pass
        if total >= AUTO_MIN_BYTES:
            return min(cpus, 4)
    return 1
