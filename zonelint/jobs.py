"""``-j N``: spread a run over N processes (fork; POSIX only).

- several files: split by file (:mod:`zonelint.shard`: each process loads a share of the files
  and lints the zones it loaded, looking into the others only when a lookup needs them);
- one large file: loaded in N parts in parallel (:mod:`zonelint.split`), then linted here (the
  rules of one zone share indexes that a second process would have to build again: splitting
  them over processes was measured slower than running them in one).

The findings are the same as with ``-j 1`` (``tests/test_jobs.py``, ``tests/test_split.py``), in
the same order (the engine sorts them). A worker that fails is not fatal: the run is done serially.

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


# ---------------------------------------------------------------------------------------------
# fork helpers


def child_main(body) -> None:
    """Run ``body()`` in a forked child and leave the process: exit 0 when it returns, 1 when it
    raises (the traceback on stderr only with ``ZONELINT_DEBUG_JOBS=1``). Never returns."""
    code = 1
    try:
        body()
        code = 0
    except BaseException:
        if os.environ.get("ZONELINT_DEBUG_JOBS"):
            import traceback

            traceback.print_exc()
    finally:
        os._exit(code)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _fork_map(n: int, work):
    """Run ``work(k)`` for k in 1..n-1 in forked children and ``work(0)`` here. Returns the list of
    the children's results (bytes, or None for a child that failed) indexed by k (0: None) and the
    parent's own result."""
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    try:
        for k in range(1, n):
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                os.close(r)
                child_main(lambda k=k, w=w: write_all(w, work(k)))
            os.close(w)
            children.append((k, pid, r))
    except OSError:  # no more processes or pipes: reap what was started, let the caller decide
        for _, pid, r in children:
            os.close(r)
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        raise
    own = work(0)
    out: list = [None] * n
    for k, pid, r in children:
        chunks = []
        while True:
            b = os.read(r, 1 << 20)
            if not b:
                break
            chunks.append(b)
        os.close(r)
        _, status = os.waitpid(pid, 0)
        out[k] = b"".join(chunks) if os.waitstatus_to_exitcode(status) == 0 else None
    return out, own
