#!/usr/bin/env python3
"""zonelint benchmark harness (stdlib only).

Runs zonelint against reference commands in alternating pairs (A B A B ...),
measures every run as a whole process (wall, user+sys CPU, peak RSS from
os.wait4), and prints markdown tables with medians and paired ratios.

    python benchmarks/run.py                 # everything (1M zone: ~tens of minutes)
    python benchmarks/run.py --quick         # skip the 1M zone, the 500-zone folder and recovery-*
    python benchmarks/run.py --only full-10k cold patho-rrset
    python benchmarks/run.py --only output jauto --pairs 3   # issue 15's output and automatic -j goals
    python benchmarks/run.py --out-dir /tmp/zl-bench          # zones and raw results there (or ZONELINT_BENCH_OUT)
    python benchmarks/run.py --zonelint "python benchmarks/standin_zonelint.py --mode split"
    python benchmarks/run.py --baselines-only   # reference commands alone, no zonelint

See BENCHMARKS.md for what each pair measures and the goals.
Nothing is installed by this script; missing tools are reported with a hint.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import fnmatch
import hashlib
import importlib.util
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
ORIGIN = "example.test."

# genzone lives in the shared folder next to the repo (read-only for us).
GENZONE_CANDIDATES = [
    os.environ.get("ZONELINT_GENZONE", ""),
    os.path.join(REPO, "..", "shared", "tools", "genzone.py"),
    "/work/shared/tools/genzone.py",
]

# md5 of genzone --portable --seed 1 --origin example.test. output, from
# shared/reference/performance-anchors.md; a mismatch only warns (generator revised).
KNOWN_MD5 = {
    50: "d432cee30e19262a8d23fd1c17b484cf",
    10_000: "da2041f0087d27bbcc6b8d7214812947",
    100_000: "971c8f6239a15765365b251dd62e2124",
    1_000_000: "8cee52eb3f0e2d0f17e3b58560b2f13b",
}

TRACEBACK_MARK = "Traceback (most recent call last)"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# measuring one process
# --------------------------------------------------------------------------

@dataclass
class Run:
    argv: list
    wall: float = 0.0
    cpu: float = 0.0
    rss_kib: int = 0
    rc: int | None = None          # exit code, or -SIGNAL
    stdout_bytes: int = 0
    stderr_tail: str = ""
    timed_out: bool = False
    traceback: bool = False
    # stdout 'pty' only: bytes the process wrote to its terminal's stderr, and what reached the
    # terminal until its first byte of output (see tty_stats)
    stderr_bytes: int = 0
    events: list | None = None

    @property
    def rss_mib(self) -> float:
        return self.rss_kib / 1024.0


#: the terminal the 'pty' runs get (rows, columns), and their environment: a colour terminal as a
#: user has one, with nothing that would override what zonelint and rich read from it
PTY_SIZE = (40, 120)
PTY_ENV = {"TERM": "xterm-256color"}
PTY_UNSET = ("COLUMNS", "LINES", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE",
             "TTY_INTERACTIVE", "PRE_COMMIT", "JUPYTER_COLUMNS", "JUPYTER_LINES")

# Linux keeps the RSS a process had before exec() in its ru_maxrss, and fork() copies the
# parent: a child forked from this harness (~16-20 MiB) can never read below that. So runs are
# started by a lean spawner process (`python -S -I`, ~8 MiB, the floor /usr/bin/time has too),
# which forks, execs, waits with wait4 and answers with one JSON line per request. The same code
# runs inside the harness (measure_local) when the spawner cannot be started.
#
# stdout 'devnull', 'pipe' (drained and counted) or 'pty': stdout and stderr are each the slave
# side of a pseudo-terminal of PTY_SIZE (stdout's is the controlling terminal of a new session),
# as in a user's terminal; both master sides are drained as bytes arrive, so the writer never
# blocks, and the reads until the first byte on stdout are kept as events (seconds since the
# start, 'out' or 'err', bytes). stderr's bytes go to the stderr file as in the other modes.
SPAWNER = r"""
import os, sys, time, json, signal, select
state = {"pid": 0, "timed_out": False}
def on_alarm(signum, frame):
    state["timed_out"] = True
    try:
        os.kill(state["pid"], signal.SIGKILL)
    except OSError:
        pass
def open_pty(rows, cols):
    import fcntl, struct, termios
    m, s = os.openpty()
    fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return m, s
def drain(fds, t0, err_fd):
    # read every master fd (name -> fd) to its end; bytes per name, events until the first 'out'
    live = {fd: name for name, fd in fds.items()}
    counts = {name: 0 for name in fds}
    events, seen_out = [], False
    while live:
        ready, _, _ = select.select(list(live), [], [])
        t = time.perf_counter() - t0
        for fd in ready:
            try:
                b = os.read(fd, 65536)
            except OSError:  # EIO: every slave side of a pty is closed
                b = b""
            name = live[fd]
            if not b:
                os.close(fd)
                del live[fd]
                continue
            counts[name] += len(b)
            if name == "err" and err_fd is not None:
                os.write(err_fd, b)
            if not seen_out:
                events.append([round(t, 6), name, len(b)])
                seen_out = name == "out"
    return counts, events
def run_one(q):
    mode = q["stdout"]
    err = os.open(q["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    masters, slaves = {}, {}
    if mode == "pipe":
        masters["out"], slaves["out"] = os.pipe()
    elif mode == "pty":
        for name in ("out", "err"):
            masters[name], slaves[name] = open_pty(*q.get("winsize") or (40, 120))
    null_in = os.open(os.devnull, os.O_RDONLY)
    null_out = os.open(os.devnull, os.O_WRONLY)
    env = dict(os.environ)
    for k in q.get("unset") or ():
        env.pop(k, None)
    env.update(q.get("env") or {})
    state["timed_out"] = False
    old = signal.signal(signal.SIGALRM, on_alarm)
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(q["cwd"])
            if mode == "pty":
                import fcntl, termios
                os.setsid()
                fcntl.ioctl(slaves["out"], termios.TIOCSCTTY, 0)
            os.dup2(null_in, 0)
            os.dup2(slaves.get("out", null_out), 1)
            os.dup2(slaves.get("err", err), 2)
            os.execvpe(q["argv"][0], q["argv"], env)
        except BaseException as e:
            os.write(2, ("benchmarks/run.py: cannot run %r: %s\n" % (q["argv"][0], e)).encode())
        os._exit(127)
    state["pid"] = pid
    signal.setitimer(signal.ITIMER_REAL, q["timeout"])
    for fd in (null_in, null_out) + tuple(slaves.values()):
        os.close(fd)
    counts, events = drain(masters, t0, err)
    os.close(err)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, old)
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_kib": ru.ru_maxrss,
            "rc": os.waitstatus_to_exitcode(status), "stdout_bytes": counts.get("out", 0),
            "stderr_bytes": counts.get("err", 0), "events": events if mode == "pty" else None,
            "timed_out": state["timed_out"]}
if __name__ == "__main__":
    for line in sys.stdin:
        sys.stdout.write(json.dumps(run_one(json.loads(line))) + "\n")
        sys.stdout.flush()
"""

_spawner = None


def _get_spawner():
    global _spawner
    if _spawner is None:
        try:
            _spawner = subprocess.Popen([sys.executable, "-S", "-I", "-c", SPAWNER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, bufsize=1)
        except OSError as e:
            log("WARNING: cannot start the lean spawner (%s); measuring from the harness process "
                "(higher peak-RSS floor)" % e)
            _spawner = False
    return _spawner


def measure(argv: list, cwd: str, stdout: str = "devnull", timeout: float = 1800.0,
            env: dict | None = None, unset: tuple = ()) -> Run:
    """Run argv once in cwd and measure it. stdout: 'devnull', 'pipe' (drained and counted) or
    'pty' (stdout and stderr on terminals of PTY_SIZE); env: variables to set, unset: to remove."""
    sp = _get_spawner()
    fd, errpath = tempfile.mkstemp(prefix="zl-bench-", suffix=".err")
    os.close(fd)
    q = {"argv": list(argv), "cwd": cwd, "stdout": stdout, "timeout": timeout, "stderr": errpath,
         "env": env or {}, "unset": list(unset), "winsize": list(PTY_SIZE)}
    try:
        if sp:
            sp.stdin.write(json.dumps(q) + "\n")
            sp.stdin.flush()
            ans = sp.stdout.readline()
            if not ans:
                raise RuntimeError("the spawner process died (exit %s)" % sp.poll())
            d = json.loads(ans)
        else:
            d = measure_local(q)
        run = Run(argv=list(argv), **{k: d[k] for k in ("wall", "cpu", "rss_kib", "rc", "stdout_bytes",
                                                       "stderr_bytes", "events", "timed_out")})
        with open(errpath, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 200_000))
            err = f.read().decode("utf-8", "replace")
    finally:
        os.unlink(errpath)
    run.traceback = TRACEBACK_MARK in err
    run.stderr_tail = err[-1500:]
    return run


_local = None


def measure_local(q: dict) -> dict:
    """The spawner's run_one, in this process (a higher peak-RSS floor: see SPAWNER)."""
    global _local
    if _local is None:
        _local = {"__name__": "zonelint_bench_spawner"}
        exec(SPAWNER, _local)
    return _local["run_one"](q)


def tty_stats(events: list | None, wall: float) -> dict | None:
    """What reached the terminal until the first byte of output, from a 'pty' run's events
    ([seconds since the start, 'out' or 'err', bytes], in order, up to the first 'out'):
    first_output (seconds; None: nothing on stdout), first_progress (the first byte on stderr
    before it; None: none), progress_bytes (stderr's bytes before it), silence (the longest time
    from the start to the first output, or to the exit when there is none, in which nothing was
    written) and silence_after_progress (the same, counted from the first progress byte)."""
    if events is None:
        return None
    first_out = first_err = None
    prev, silence, after, err_bytes = 0.0, 0.0, 0.0, 0
    for t, name, n in list(events) + [[wall, "end", 0]]:
        silence = max(silence, t - prev)
        if first_err is not None:
            after = max(after, t - prev)
        prev = t
        if name != "err":
            first_out = t if name == "out" else None
            break
        err_bytes += n
        if first_err is None:
            first_err = t
    return {"first_output": first_out, "first_progress": first_err, "progress_bytes": err_bytes,
            "silence": silence, "silence_after_progress": after if first_err is not None else None}


# --------------------------------------------------------------------------
# cases
# --------------------------------------------------------------------------

@dataclass
class Goal:
    metric: str        # 'wall' | 'rss_mib' | 'cpu'
    max_ratio: float   # A/B must be <= this
    text: str


@dataclass
class Case:
    name: str
    group: str
    a_label: str
    b_label: str
    a_argv: list
    b_argv: list
    a_ok: tuple = (0, 1)   # zonelint: 1 = findings, fine
    b_ok: tuple = (0,)
    pairs: int = 5
    warmup: bool = True
    a_stdout: str = "devnull"   # or 'pipe', 'pty' (see measure)
    b_stdout: str = "devnull"
    env: dict = field(default_factory=dict)     # set for both sides
    unset: tuple = ()                           # removed from both sides' environment
    cwd: str = OUT
    goals: list = field(default_factory=list)
    records: int | None = None
    note: str = ""
    # results
    a_runs: list = field(default_factory=list)
    b_runs: list = field(default_factory=list)
    a_failed: Run | None = None
    b_failed: Run | None = None


def failure(run: Run, ok: tuple) -> str | None:
    """None if the run is acceptable, else a one-line reason."""
    if run.timed_out:
        return "TIMEOUT (killed after the time limit)"
    if run.rc is not None and run.rc < 0:
        return "CRASH: killed by signal %d" % -run.rc
    if run.traceback:
        return "CRASH: Python traceback on stderr (exit %s)" % run.rc
    if run.rc == 127 and "cannot run" in run.stderr_tail:
        return "NOT FOUND: %s" % run.stderr_tail.strip().splitlines()[-1]
    if run.rc not in ok:
        if run.rc is not None and run.rc >= 2 and 1 in ok:
            return "CRASH/usage error: exit %d" % run.rc
        return "FAILED: exit %s" % run.rc
    return None


def run_case(case: Case, timeout: float) -> None:
    sides = [("A", case.a_argv, case.a_ok, case.a_stdout, case.a_runs),
             ("B", case.b_argv, case.b_ok, case.b_stdout, case.b_runs)]
    alive = {"A": case.a_argv is not None, "B": case.b_argv is not None}
    total = case.pairs + (1 if case.warmup else 0)
    for i in range(total):
        warm = case.warmup and i == 0
        for side, argv, ok, out, runs in sides:
            if not alive[side]:
                continue
            r = measure(argv, case.cwd, out, timeout, case.env, case.unset)
            why = failure(r, ok)
            tag = "warm-up" if warm else "%d/%d" % (i + (0 if case.warmup else 1), case.pairs)
            log("  %-26s %s %-7s wall %8.3fs cpu %8.3fs rss %8.1f MiB exit %s%s" % (
                case.name, side, tag, r.wall, r.cpu, r.rss_mib, r.rc, ("  <-- " + why) if why else ""))
            if why:
                alive[side] = False
                if side == "A":
                    case.a_failed = r
                else:
                    case.b_failed = r
                log("    command: %s" % shlex.join(argv))
                tail = r.stderr_tail.strip()
                if not tail and not r.timed_out:
                    # some tools (named-checkzone) report on stdout: rerun once, untimed, to show it
                    p = subprocess.run(argv, cwd=case.cwd, stdin=subprocess.DEVNULL, capture_output=True,
                                       timeout=timeout)
                    tail = (p.stdout[-1500:] + p.stderr[-1500:]).decode("utf-8", "replace").strip()
                    r.stderr_tail = "(stdout+stderr of an untimed rerun)\n" + tail
                if tail:
                    log("    stderr (tail):\n      " + "\n      ".join(tail.splitlines()[-15:]))
                continue
            if not warm:
                runs.append(r)
        if not alive["A"] and not alive["B"]:
            break


# --------------------------------------------------------------------------
# statistics / formatting
# --------------------------------------------------------------------------

def med(xs):
    return statistics.median(xs) if xs else None


def fmt(x, nd=3):
    if x is None:
        return "n/a"
    if abs(x) >= 100:
        return "%.0f" % x
    if abs(x) >= 10:
        return "%.1f" % x
    return ("%." + str(nd) + "f") % x


def fmt_range(xs, nd=3):
    if not xs:
        return "n/a"
    if len(xs) == 1:
        return fmt(xs[0], nd)
    return "%s [%s-%s]" % (fmt(med(xs), nd), fmt(min(xs), nd), fmt(max(xs), nd))


def paired_ratios(case: Case, metric: str):
    n = min(len(case.a_runs), len(case.b_runs))
    out = []
    for a, b in zip(case.a_runs[:n], case.b_runs[:n]):
        va, vb = getattr(a, metric), getattr(b, metric)
        if vb:
            out.append(va / vb)
    return out


def metric_of(runs, metric):
    return [getattr(r, metric) for r in runs]


def status_of(case: Case) -> str:
    bits = []
    if case.a_failed:
        bits.append("**A %s**" % failure(case.a_failed, case.a_ok))
    if case.b_failed:
        bits.append("**B %s**" % failure(case.b_failed, case.b_ok))
    return "; ".join(bits)


def goal_verdicts(case: Case):
    out = []
    for g in case.goals:
        rs = paired_ratios(case, g.metric)
        if not rs:
            out.append("%s: n/a" % g.text)
        else:
            m = med(rs)
            out.append("%s: %s (%s)" % (g.text, "PASS" if m <= g.max_ratio else "FAIL", fmt(m, 2)))
    return out


def exits(runs, failed):
    codes = sorted({r.rc for r in runs} | ({failed.rc} if failed else set()))
    return ",".join(str(c) for c in codes) or "-"


def case_table(cases: list, title: str) -> list:
    lines = ["### " + title, ""]
    lines.append("| case | A | B | runs A/B | A wall s | B wall s | **wall A/B** | A CPU s | B CPU s | A RSS MiB | B RSS MiB | **RSS A/B** | exit A/B | goals / status |")
    lines.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for c in cases:
        extra = []
        if c.a_stdout in ("pipe", "pty") and c.a_runs:
            extra.append("A wrote %d bytes to the %s" % (c.a_runs[-1].stdout_bytes,
                                                         "pipe" if c.a_stdout == "pipe" else "terminal"))
        st = "; ".join(goal_verdicts(c) + extra + ([status_of(c)] if status_of(c) else []))
        lines.append("| %s | %s | %s | %s | %s | %s | **%s** | %s | %s | %s | %s | **%s** | %s / %s | %s |" % (
            c.name, c.a_label, c.b_label, "%d/%d" % (len(c.a_runs), len(c.b_runs)),
            fmt_range(metric_of(c.a_runs, "wall")), fmt_range(metric_of(c.b_runs, "wall")),
            fmt_range(paired_ratios(c, "wall"), 2),
            fmt(med(metric_of(c.a_runs, "cpu"))), fmt(med(metric_of(c.b_runs, "cpu"))),
            fmt(med(metric_of(c.a_runs, "rss_mib")), 1), fmt(med(metric_of(c.b_runs, "rss_mib")), 1),
            fmt_range(paired_ratios(c, "rss_mib"), 2),
            exits(c.a_runs, c.a_failed), exits(c.b_runs, c.b_failed), st or "-"))
    lines.append("")
    return lines


SCALING_GOAL = 1.05  # the issue: zonelint's 100k -> 1M factor <= 1.05 x named's factor in the same pairs


def scaling_verdicts(factors: dict) -> list:
    """The scaling goal, in wall and CPU: zonelint's (A's) factor from 100k to 1M records over
    named-checkzone's (B's) factor measured in the same run."""
    if "A" not in factors or "B" not in factors:
        return []
    out = []
    for i, what in enumerate(("wall", "CPU")):
        a, b = factors["A"][i], factors["B"][i]
        if a is None or not b:
            out.append("scaling 100k->1M, %s: n/a" % what)
            continue
        r = a / b
        out.append("scaling 100k->1M, %s: zonelint x%s vs named x%s = %s of named's factor (goal <= %s): %s" % (
            what, fmt(a, 2), fmt(b, 2), fmt(r, 2), SCALING_GOAL, "PASS" if r <= SCALING_GOAL else "FAIL"))
    return out


def terminal_table(cases: list) -> list:
    """What reached the terminal before the first byte of output, per side of the 'pty' cases
    (tty_stats; medians [min-max] over the measured runs)."""
    rows = []
    for c in cases:
        for side, label, mode, runs in (("A", c.a_label, c.a_stdout, c.a_runs), ("B", c.b_label, c.b_stdout, c.b_runs)):
            stats = [tty_stats(r.events, r.wall) for r in runs] if mode == "pty" else []
            stats = [x for x in stats if x]
            if not stats:
                continue

            def col(key, nd=2):
                return fmt_range([x[key] for x in stats if x[key] is not None], nd)
            rows.append("| %s | %s %s | %d | %s | %d/%d | %s | %s | %s | %d | %d |" % (
                c.name, side, label, len(stats), col("first_output"),
                sum(1 for x in stats if x["first_progress"] is not None), len(stats), col("first_progress"),
                col("silence"), col("silence_after_progress"), round(med([x["progress_bytes"] for x in stats])),
                round(med([r.stdout_bytes for r in runs]))))
    if not rows:
        return []
    return ["### Visible progress until output starts (runs under the pseudo-terminal; medians [min-max])", "",
            "Seconds from the start of the process. *Silence* is the longest time before the first byte on "
            "stdout (or the exit) in which nothing reached either terminal; the progress bar (stderr) is "
            "repainted by rich ~10 times a second while it is shown. The issue gives no threshold: figures only.", "",
            "| case | side | runs | first output s | progress shown | first progress s | longest silence s "
            "| longest silence after progress appeared s | stderr bytes before output | stdout bytes |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"] + rows + [""]


def scaling_full(by_name: dict) -> list:
    sizes = [(n, by_name.get("full-" + lbl)) for n, lbl in
             ((10_000, "10k"), (100_000, "100k"), (1_000_000, "1m"))]
    sizes = [(n, c) for n, c in sizes if c is not None]
    if len(sizes) < 2:
        return []
    lines = ["### Scaling of the full lint (medians; unpaired across sizes)", "",
             "| side | records | wall s | x previous size | CPU s | RSS MiB | KiB/record (RSS/N) | marginal KiB/record since previous size |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    verdicts = []
    factors = {}  # side -> (wall factor, CPU factor) from 100k to 1M
    for side in ("A", "B"):
        prev = None
        slopes = {}
        for n, c in sizes:
            runs = c.a_runs if side == "A" else c.b_runs
            label = c.a_label if side == "A" else c.b_label
            w, cpu, rss = med(metric_of(runs, "wall")), med(metric_of(runs, "cpu")), med(metric_of(runs, "rss_mib"))
            xprev = slope = None
            if prev and w is not None and prev[1]:
                xprev = w / prev[1]
                if rss is not None and prev[2] is not None:
                    slope = (rss - prev[2]) * 1024 / (n - prev[0])
                    slopes[(prev[0], n)] = slope
                if (prev[0], n) == (100_000, 1_000_000):
                    factors[side] = (xprev, cpu / prev[3] if cpu and prev[3] else None)
            lines.append("| %s | %d | %s | %s | %s | %s | %s | %s |" % (
                label, n, fmt(w), fmt(xprev, 2), fmt(cpu), fmt(rss, 1),
                fmt(rss * 1024 / n if rss is not None else None, 3), fmt(slope, 3)))
            prev = (n, w, rss, cpu)
        if side == "A" and (10_000, 100_000) in slopes and (100_000, 1_000_000) in slopes:
            s1, s2 = slopes[(10_000, 100_000)], slopes[(100_000, 1_000_000)]
            ok = s1 > 0 and s2 <= 1.2 * s1
            verdicts.append("zonelint marginal memory per record 100k->1M %s KiB vs 10k->100k %s KiB "
                            "(goal: flat, <= 1.2x): %s" % (fmt(s2), fmt(s1), "PASS" if ok else "FAIL"))
    verdicts[:0] = scaling_verdicts(factors)
    lines.append("")
    lines += ["- " + v for v in verdicts]
    if verdicts:
        lines.append("")
    return lines


def scaling_patho(cases: list, startup: Case | None) -> list:
    """Cases named patho-KIND-N; pairs of sizes n and 10n."""
    kinds = {}
    for c in cases:
        if c.group == "patho" and c.records:
            kinds.setdefault(c.name.rsplit("-", 1)[0], []).append(c)
    if not kinds:
        return []
    t0a = med(metric_of(startup.a_runs, "wall")) if startup else None
    t0b = med(metric_of(startup.b_runs, "wall")) if startup else None
    lines = ["### Pathological shapes: scaling n -> 10n (median wall; expect ~10 for linear)", "",
             "Net ratio subtracts the start-up time (same command on the 50-record zone, case full-50), "
             "so that a fixed start-up cost does not hide a super-linear term.", "",
             "| shape | n -> 10n | zonelint x | zonelint x, net of start-up | named x | named x, net | verdict |",
             "|---|---|---:|---:|---:|---:|---|"]

    def ratio(small, big, t0):
        if small is None or big is None:
            return None, None
        raw = big / small if small else None
        net = None
        if t0 is not None and small - t0 >= max(0.05, 0.25 * small):
            net = (big - t0) / (small - t0)
        return raw, net
    for kind, cs in sorted(kinds.items()):
        cs = sorted(cs, key=lambda c: c.records)
        for s, b in zip(cs, cs[1:]):
            ra, na = ratio(med(metric_of(s.a_runs, "wall")), med(metric_of(b.a_runs, "wall")), t0a)
            rb, nb = ratio(med(metric_of(s.b_runs, "wall")), med(metric_of(b.b_runs, "wall")), t0b)
            judge = na if na is not None else ra
            small_a = med(metric_of(s.a_runs, "wall"))
            if judge is None:
                v = "n/a"
            elif na is None and judge <= 12 and t0a is not None and small_a - t0a < 0.25 * small_a:
                v = "inconclusive: start-up dominates at n"
            elif judge <= 12:
                v = "linear (<= 12)"
            else:
                v = "**SUPER-LINEAR?** (> 12)"
            lines.append("| %s | %d -> %d | %s | %s | %s | %s | %s |" % (
                kind.replace("patho-", ""), s.records, b.records, fmt(ra, 2), fmt(na, 2),
                fmt(rb, 2), fmt(nb, 2), v))
    lines.append("")
    return lines


# --------------------------------------------------------------------------
# zone generation (cached in benchmarks/out)
# --------------------------------------------------------------------------

_genzone_mod = None


def genzone_path() -> str:
    for p in GENZONE_CANDIDATES:
        if p and os.path.isfile(p):
            return os.path.abspath(p)
    sys.exit("benchmarks/run.py: genzone.py not found (looked in %s); set ZONELINT_GENZONE=/path/to/genzone.py"
             % ", ".join(p for p in GENZONE_CANDIDATES if p))


def genzone_module():
    global _genzone_mod
    if _genzone_mod is None:
        spec = importlib.util.spec_from_file_location("genzone", genzone_path())
        _genzone_mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_genzone_mod)
    return _genzone_mod


def _header_ok(path: str, want: str) -> bool:
    """The file is complete and its header line says `want`."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096).decode("ascii", "replace")
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 64))
            tail = f.read().decode("ascii", "replace")
    except OSError:
        return False
    return want in head and tail.endswith("; end of zone\n")


def genzone_file(n: int, path: str, origin: str = ORIGIN, seed: int = 1, quiet=False) -> str:
    want = "; records=%d seed=%d " % (n, seed)
    if _header_ok(path, want) and ("$ORIGIN " + origin) in open(path, encoding="ascii").read(2048):
        return path
    if not quiet:
        log("generating %s (%d records, genzone --portable --seed %d)" % (os.path.relpath(path), n, seed))
    tmp = path + ".tmp"
    if n >= 100_000:   # separate process: frees the generator's memory afterwards
        subprocess.run([sys.executable, genzone_path(), "--records", str(n), "--origin", origin,
                        "--portable", "--seed", str(seed), tmp], check=True)
    else:
        genzone_module().main(["--records", str(n), "--origin", origin, "--portable",
                               "--seed", str(seed), tmp])
    os.replace(tmp, path)
    if origin == ORIGIN and seed == 1 and n in KNOWN_MD5:
        h = hashlib.md5()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        if h.hexdigest() != KNOWN_MD5[n]:
            log("WARNING: %s md5 %s differs from performance-anchors.md (%s): genzone was revised?"
                % (path, h.hexdigest(), KNOWN_MD5[n]))
    return path


def sized_zone(n: int) -> str:
    return genzone_file(n, os.path.join(OUT, "z%d.zone" % n))


SOA = ["$TTL 3600", "$ORIGIN " + ORIGIN,
       "@\tIN\tSOA\tns1 hostmaster 2024010101 7200 3600 1209600 300",
       "@\tIN\tNS\tns1", "@\tIN\tNS\tns2", "ns1\tIN\tA\t192.0.2.1", "ns2\tIN\tA\t192.0.2.2"]


def ip4(i: int) -> str:
    return "10.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)


def _write_cached(path: str, header: str, body_fn) -> str:
    if _header_ok(path, header):
        return path
    log("generating %s" % os.path.relpath(path))
    lines = [header] + body_fn() + ["; end of zone"]
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)
    return path


def patho_rrset(n):       # one owner, n A records
    return _write_cached(os.path.join(OUT, "patho-rrset-%d.zone" % n),
                         "; zonelint-bench rrset n=%d v1" % n,
                         lambda: SOA + ["big\t300\tIN\tA\t%s" % ip4(i) for i in range(n)])


def patho_cname_chain(n):  # c0 -> c1 -> ... -> c(n-1) -> end (A)
    def body():
        return SOA + ["c%d\tIN\tCNAME\tc%d" % (i, i + 1) for i in range(n - 1)] + \
            ["c%d\tIN\tCNAME\tend" % (n - 1), "end\tIN\tA\t192.0.2.10"]
    return _write_cached(os.path.join(OUT, "patho-cname-chain-%d.zone" % n),
                         "; zonelint-bench cname-chain n=%d v1" % n, body)


def patho_cname_loop(n):   # c0 -> c1 -> ... -> c(n-1) -> c0
    def body():
        return SOA + ["c%d\tIN\tCNAME\tc%d" % (i, (i + 1) % n) for i in range(n)]
    return _write_cached(os.path.join(OUT, "patho-cname-loop-%d.zone" % n),
                         "; zonelint-bench cname-loop n=%d v1" % n, body)


def patho_srv_fanin(n):    # n SRV owners, all pointing at one target
    def body():
        return SOA + ["target\tIN\tA\t192.0.2.20", "target\tIN\tAAAA\t2001:db8::20"] + \
            ["_sip._tcp.s%d\tIN\tSRV\t10 %d 5060 target.%s" % (i, i % 100, ORIGIN) for i in range(n)]
    return _write_cached(os.path.join(OUT, "patho-srv-fanin-%d.zone" % n),
                         "; zonelint-bench srv-fanin n=%d v1" % n, body)


def patho_origin_switch(n):  # n $ORIGIN switches, one record under each
    def body():
        out = list(SOA)
        for i in range(n):
            out.append("$ORIGIN o%d.%s" % (i, ORIGIN))
            out.append("www\tIN\tA\t%s" % ip4(i))
        out.append("$ORIGIN " + ORIGIN)
        out.append("last\tIN\tA\t192.0.2.30")
        return out
    return _write_cached(os.path.join(OUT, "patho-origin-switch-%d.zone" % n),
                         "; zonelint-bench origin-switch n=%d v1" % n, body)


INCLUDE_DEPTH = 16


def patho_include(n):
    """top.zone $INCLUDEs d01.zone, which includes d02.zone, ... d16.zone (depth 16).

    n A records spread over the 17 files. Each included file sets its own
    $ORIGIN; records after the $INCLUDE line in the parent use the parent's
    origin again (RFC 1035 5.1). $INCLUDE names are bare file names: the
    commands run with cwd = that folder, so they resolve the same whether a
    tool takes them relative to the working directory (BIND) or to the
    including file.
    """
    d = os.path.join(OUT, "patho-include-d%d-%d" % (INCLUDE_DEPTH, n))
    os.makedirs(d, exist_ok=True)
    files = ["top.zone"] + ["d%02d.zone" % k for k in range(1, INCLUDE_DEPTH + 1)]
    per = n // len(files)
    extra = n - per * len(files)
    for k in range(len(files) - 1, -1, -1):
        cnt = per + (extra if k == 0 else 0)
        origin = ORIGIN if k == 0 else "l%d.%s" % (k, ORIGIN)

        def body(k=k, cnt=cnt, origin=origin):
            out = list(SOA) if k == 0 else ["$ORIGIN " + origin]
            half = cnt // 2
            out += ["h%d\tIN\tA\t%s" % (i, ip4(k * 1_000_000 + i)) for i in range(half)]
            if k + 1 < len(files):
                out.append("$INCLUDE %s" % files[k + 1])
            out += ["h%d\tIN\tA\t%s" % (i, ip4(k * 1_000_000 + i)) for i in range(half, cnt)]
            return out
        _write_cached(os.path.join(d, files[k]), "; zonelint-bench include k=%d n=%d v1" % (k, n), body)
    return os.path.join(d, "top.zone")


#: one unusual line near the top of the 300k zone, each paired with the same zone without it (#15:
#: <= 1.3x). (kind, edit): the edit is a line to insert as line 21, or (a line's first bytes, old,
#: new) to change the first such line
RECOVERY_RECORDS = 300_000
RECOVERY = [
    ("cr-plain", (b"\t3600 IN A ", b"\t3600 IN", b"\t3600\r IN")),          # a lone CR, no quotes
    ("cr-txt-end", (b'\tTXT "v=spf1 mx ', b'~all"', b'~all"\r')),          # CR after the quote
    ("cr-txt-in", (b'\tTXT "v=spf1 mx ', b"mx ", b"mx\r")),                # CR inside the quotes
    ("err-quote", b'odd IN TXT "unterminated'),
    ("err-paren", b"odd IN A 10.0.0.1 )"),
    ("err-open-paren", b'odd IN TXT ( "never closed"'),                    # the reader scans to the end
    ("odd-caa", b'odd IN CAA 0 issue "ca.example.net"'),
    ("odd-generic", b"odd IN TYPE65400 \\# 2 abcd"),
    ("odd-txt2", b'odd IN TXT ( "a"\n  "b" ) ; two lines'),
    ("odd-utf8", "caf\u00e9 IN A 10.0.0.1".encode()),
]


def recovery_zone(kind: str, edit) -> str:
    """The 300k zone with one unusual line near the top (RECOVERY)."""
    base = sized_zone(RECOVERY_RECORDS)
    path = os.path.join(OUT, "recovery-%s-%s.zone" % (kind, sizetag(RECOVERY_RECORDS)))
    if os.path.isfile(path) and os.path.getmtime(path) >= os.path.getmtime(base):
        return path
    log("generating %s" % os.path.relpath(path))
    with open(base, "rb") as f:
        lines = f.read().split(b"\n")
    if isinstance(edit, bytes):
        lines.insert(20, edit)
    else:
        at = next(i for i, ln in enumerate(lines) if ln.startswith(edit[0]))
        lines[at] = lines[at].replace(edit[1], edit[2], 1)
    with open(path + ".tmp", "wb") as f:
        f.write(b"\n".join(lines))
    os.replace(path + ".tmp", path)
    return path


MANY_COUNT, MANY_RECORDS = 500, 2000


def many_zones() -> list:
    d = os.path.join(OUT, "many-%dx%d" % (MANY_COUNT, MANY_RECORDS))
    marker = os.path.join(d, ".complete")
    files = [os.path.join(d, "z%03d.test.zone" % i) for i in range(MANY_COUNT)]
    if os.path.isfile(marker) and all(os.path.isfile(f) for f in files):
        return files
    os.makedirs(d, exist_ok=True)
    log("generating %d zones of %d records in %s (seeds 1..%d) ..." % (MANY_COUNT, MANY_RECORDS,
                                                                    os.path.relpath(d), MANY_COUNT))
    for i, f in enumerate(files):
        genzone_file(MANY_RECORDS, f, origin="z%03d.test." % i, seed=i + 1, quiet=True)
    open(marker, "w").write("%d x %d\n" % (MANY_COUNT, MANY_RECORDS))
    return files


# --------------------------------------------------------------------------
# environment
# --------------------------------------------------------------------------

def tool_version(argv) -> str:
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        return (p.stdout.strip() or p.stderr.strip()).splitlines()[0] if (p.stdout or p.stderr) else "?"
    except (OSError, subprocess.TimeoutExpired) as e:
        return "unavailable (%s)" % e


def pkg_version(python: str, dist: str) -> str:
    code = "import importlib.metadata as m,sys\ntry: print(m.version(sys.argv[1]))\nexcept Exception: print('not installed')"
    return tool_version([python, "-c", code, dist])


def environment(zl_cmd: list, named: str | None) -> list:
    now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        commit = "?"
    lines = [
        "- date: %s; repo commit: %s" % (now, commit),
        "- machine: %s, os.cpu_count() = %s, %s" % (platform.machine(), os.cpu_count(), platform.platform()),
        "- python: %s (%s)" % (platform.python_version(), sys.executable),
        "- dnspython: %s; rich: %s; pluggy: %s" % (pkg_version(sys.executable, "dnspython"),
                                                  pkg_version(sys.executable, "rich"),
                                                  pkg_version(sys.executable, "pluggy")),
        "- named-checkzone: %s" % (tool_version([named, "-v"]) if named else "NOT INSTALLED"),
        "- zonelint command: `%s` (version: %s)" % (shlex.join(zl_cmd), tool_version(zl_cmd + ["--version"])),
    ]
    return lines


def default_zonelint() -> list:
    # The console script next to this interpreter first: a version-manager shim on PATH (pyenv's
    # is a shell script running `pyenv exec`) costs ~0.13 s per start, 7x `python -c pass`.
    here = os.path.join(os.path.dirname(sys.executable), "zonelint")
    if os.path.isfile(here) and os.access(here, os.X_OK):
        return [here]
    exe = shutil.which("zonelint")
    if exe:
        return [exe]
    return [sys.executable, "-m", "zonelint"]


def precompile() -> None:
    """Write zonelint's bytecode caches, as `pip install` does for a regular install (dnspython's
    are there already). Without them -- an editable install under PYTHONDONTWRITEBYTECODE=1, as on
    this project's machines -- every run recompiles ~40 modules (~50 ms)."""
    import compileall
    import importlib.util

    for mod in ("zonelint", "rules"):
        spec = importlib.util.find_spec(mod)
        if spec is not None and spec.submodule_search_locations:
            for d in spec.submodule_search_locations:
                compileall.compile_dir(d, quiet=1)


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

#: the zone with ~23k findings of issue 15's output goal: the 300k zone without ZL108 (its 63.5k
#: federation findings) has 23,171
OUTPUT_RECORDS = 300_000
OUTPUT_FLAGS = ["--ignore", "ZL108"]
#: (case name, --format or None for the default, stdout, label): 'devnull' runs get COLUMNS and
#: LINES of PTY_SIZE (rich's size when stdout is no terminal), 'pty' runs the terminal itself
OUTPUT = [
    ("rich", "rich", "devnull", "zonelint --format rich"),
    ("table", "table", "devnull", "zonelint --format table"),
    ("default-tty", None, "pty", "zonelint, no --format (terminal)"),
    ("table-tty", "table", "pty", "zonelint --format table (terminal)"),
]


GROUP_TITLES = {
    "full": "1. Full lint vs named-checkzone -i local (A = zonelint --format json to /dev/null, B = named-checkzone)",
    "cold": "2. Cold start on the 50-record zone (A = zonelint, B = python -c \"import dns.zone\")",
    "patho": "3. Pathological shapes (A = zonelint --format json, B = named-checkzone -i local)",
    "recovery": "5. One unusual line near the top of the %s zone (A = zonelint json on it, B = the same "
                "zone without it)" % ("%dk" % (RECOVERY_RECORDS // 1000)),
    "many": "4. Many files: %d zones x %d records (A = zonelint -j 2, B = zonelint -j 1)" % (MANY_COUNT, MANY_RECORDS),
    "output": "6. Output of %dk records with ~23k findings (`%s`; A = a human format, B = `--format text`, "
              "same flags; the `*-tty-*` cases under a %dx%d pseudo-terminal, the others to /dev/null with "
              "COLUMNS=%d)" % (OUTPUT_RECORDS // 1000, " ".join(OUTPUT_FLAGS), PTY_SIZE[1], PTY_SIZE[0], PTY_SIZE[1]),
    "jauto": "7. Automatic -j (A = zonelint --format json without -j, B = the same with -j 1)",
    "baseline": "Baselines (reference commands alone)",
}
GROUPS = ("full", "cold", "patho", "many", "recovery", "output", "jauto")

PATHO = [  # (kind, generator, sizes)
    ("rrset", patho_rrset, (10_000, 100_000, 1_000_000)),
    # the shapes the issue sizes at 10^4 also run at 10^5, where start-up no longer hides the slope
    ("cname-chain", patho_cname_chain, (1_000, 10_000, 100_000)),
    ("cname-loop", patho_cname_loop, (1_000, 10_000, 100_000)),
    ("srv-fanin", patho_srv_fanin, (1_000, 10_000, 100_000)),
    ("origin-switch", patho_origin_switch, (1_000, 10_000, 100_000)),
    ("include-d16", patho_include, (10_000, 100_000)),
]


def sizetag(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return "%dm" % (n // 1_000_000)
    if n >= 1000 and n % 1000 == 0:
        return "%dk" % (n // 1000)
    return str(n)


def plan(args, zl: list, named: str | None) -> list:
    """Case descriptions (generation happens lazily in build())."""
    py = sys.executable
    named_cmd = (lambda f: [named, "-i", "local", ORIGIN, f]) if named else (lambda f: None)
    lint = lambda f: zl + ["--no-config", "--format", "json", "--origin", ORIGIN, f]  # noqa: E731
    P = args.pairs
    specs = []

    # 1. full lint
    for n in (50, 10_000, 100_000, 1_000_000):
        if n == 1_000_000 and args.quick:
            continue
        goals = []
        if n == 10_000:
            goals = [Goal("wall", 3.0, "wall <= 3x")]
        if n == 100_000:
            goals = [Goal("wall", 1.8, "wall <= 1.8x")]
        if n == 1_000_000:
            goals = [Goal("wall", 1.5, "wall <= 1.5x"), Goal("rss_mib", 1.5, "RSS <= 1.5x")]
        specs.append(dict(name="full-" + sizetag(n), group="full", records=n,
                          make=lambda n=n: sized_zone(n),
                          a=lint, b=named_cmd, a_label="zonelint json", b_label="named -i local",
                          pairs=min(P, 3) if n >= 1_000_000 else P, warmup=n < 1_000_000, goals=goals))

    # 2. cold start
    imp = lambda f: [py, "-c", "import dns.zone"]  # noqa: E731
    specs.append(dict(name="cold-text", group="cold", records=50, make=lambda: sized_zone(50),
                      a=lambda f: zl + ["--no-config", "--format", "text", "--origin", ORIGIN, f],
                      b=imp, a_label="zonelint text", b_label="import dns.zone", pairs=P,
                      goals=[Goal("wall", 1.0, "wall <= 1.0x")]))
    specs.append(dict(name="cold-rich", group="cold", records=50, make=lambda: sized_zone(50),
                      a=lambda f: zl + ["--no-config", "--format", "rich", "--origin", ORIGIN, f],
                      b=imp, a_label="zonelint rich (stdout: pipe)", b_label="import dns.zone", pairs=P,
                      a_stdout="pipe", goals=[Goal("wall", 1.5, "wall <= 1.5x")]))

    # 3. pathological shapes
    for kind, gen, sizes in PATHO:
        for n in sizes:
            specs.append(dict(name="patho-%s-%s" % (kind, sizetag(n)), group="patho", records=n,
                              make=lambda gen=gen, n=n: gen(n), a=lint, b=named_cmd,
                              a_label="zonelint json", b_label="named -i local", pairs=P))

    # 4. many files
    def jobs_cmd(j):  # zonelint json with -j j (None: without -j) on one zone or a list of files
        return lambda f: zl + ["--no-config", "--format", "json"] + (["-j", j] if j else []) + \
            (["--origin", ORIGIN, f] if isinstance(f, str) else f)
    if not args.quick:
        specs.append(dict(name="many-500x2k", group="many", records=MANY_COUNT * MANY_RECORDS,
                          make=many_zones, a=jobs_cmd("2"), b=jobs_cmd("1"),
                          a_label="zonelint -j 2", b_label="zonelint -j 1", pairs=P, b_ok=(0, 1), zonelint_b=True,
                          goals=[Goal("wall", 0.625, "-j 2 >= 1.6x faster (A/B <= 0.625)")],
                          note="500 file paths on one command line (pre-commit style); RSS is the "
                               "largest single process (wait4), not the sum over workers"))

    # 5. one unusual line near the top of a big zone against the same zone without it
    if not args.quick:
        for kind, edit in RECOVERY:
            specs.append(dict(name="recovery-%s-%s" % (kind, sizetag(RECOVERY_RECORDS)), group="recovery",
                              records=RECOVERY_RECORDS, make=lambda kind=kind, edit=edit: recovery_zone(kind, edit),
                              a=lint, b=lambda f: lint(sized_zone(RECOVERY_RECORDS)), a_label="zonelint json",
                              b_label="without the line", b_ok=(0, 1), pairs=min(P, 3),
                              goals=[Goal("wall", 1.3, "wall <= 1.3x"), Goal("cpu", 1.3, "CPU <= 1.3x")]))

    # 6. the human formats on a zone with ~23k findings, each against --format text
    def out_cmd(fmt):
        return lambda f: zl + ["--no-config", "--origin", ORIGIN] + (["--format", fmt] if fmt else []) + \
            OUTPUT_FLAGS + [f]
    out_goals = [Goal("wall", 1.5, "wall <= 1.5x"), Goal("cpu", 1.5, "CPU <= 1.5x"),
                 Goal("rss_mib", 1.3, "RSS <= 1.3x")]
    for name, fmt, stdout, label in OUTPUT:
        tty = stdout == "pty"
        specs.append(dict(name="output-%s-%s" % (name, sizetag(OUTPUT_RECORDS)), group="output",
                          records=OUTPUT_RECORDS, make=lambda: sized_zone(OUTPUT_RECORDS),
                          a=out_cmd(fmt), b=out_cmd("text"), a_label=label,
                          b_label="zonelint --format text" + (" (terminal)" if tty else ""),
                          a_stdout=stdout, b_stdout=stdout, b_ok=(0, 1), pairs=P, zonelint_b=True,
                          env={} if tty else {"COLUMNS": str(PTY_SIZE[1]), "LINES": str(PTY_SIZE[0])},
                          unset=PTY_UNSET, goals=out_goals))

    # 7. -j automatic (no -j) against -j 1, at every size of the benchmark
    for n in (10_000, 100_000, 1_000_000, "many"):
        if args.quick and n in (1_000_000, "many"):
            continue
        many = n == "many"
        specs.append(dict(name="jauto-" + ("many-%dx%s" % (MANY_COUNT, sizetag(MANY_RECORDS)) if many else sizetag(n)),
                          group="jauto", records=MANY_COUNT * MANY_RECORDS if many else n,
                          make=many_zones if many else (lambda n=n: sized_zone(n)),
                          a=jobs_cmd(None), b=jobs_cmd("1"), a_label="zonelint (automatic -j)",
                          b_label="zonelint -j 1", b_ok=(0, 1), zonelint_b=True,
                          pairs=min(P, 3) if n == 1_000_000 else P, warmup=n != 1_000_000,
                          goals=[Goal("wall", 1.05, "wall <= 1.05x")]))
    return specs


def selected(name: str, group: str, only: list) -> bool:
    if not only:
        return True
    for pat in only:
        if name == pat or group == pat or name.startswith(pat + "-") or fnmatch.fnmatch(name, pat):
            return True
    return False


def build(spec: dict, baselines_only: bool) -> Case:
    if baselines_only and spec.get("zonelint_b"):  # no reference command: nothing to generate
        target, a, b = OUT, None, None
    else:
        target = spec["make"]()
        a = None if baselines_only else spec["a"](target)
        b = spec["b"](target)
    cwd = os.path.dirname(target) if isinstance(target, str) else os.path.dirname(target[0])
    return Case(name=spec["name"], group=spec["group"], a_label=spec["a_label"], b_label=spec["b_label"],
                a_argv=a, b_argv=b, pairs=spec["pairs"], warmup=spec.get("warmup", True),
                a_stdout=spec.get("a_stdout", "devnull"), b_stdout=spec.get("b_stdout", "devnull"),
                env=spec.get("env", {}), unset=tuple(spec.get("unset", ())), cwd=cwd,
                goals=spec.get("goals", []), records=spec["records"], note=spec.get("note", ""),
                b_ok=spec.get("b_ok", (0,)))


def baseline_table(cases: list) -> list:
    lines = ["### Baselines (reference commands alone; medians [min-max])", "",
             "| case | command | runs | wall s | CPU s | peak RSS MiB | us/record (wall) | exit |",
             "|---|---|---:|---:|---:|---:|---:|---|"]
    seen = set()
    for c in cases:
        if not c.b_argv:
            continue
        key = tuple(c.b_argv)
        if key in seen:
            continue
        seen.add(key)
        w = med(metric_of(c.b_runs, "wall"))
        per = (w * 1e6 / c.records) if (w is not None and c.records and c.records >= 10_000) else None
        status = status_of(c)
        lines.append("| %s | %s | %d | %s | %s | %s | %s | %s%s |" % (
            c.name, c.b_label, len(c.b_runs), fmt_range(metric_of(c.b_runs, "wall")),
            fmt(med(metric_of(c.b_runs, "cpu"))), fmt_range(metric_of(c.b_runs, "rss_mib"), 1),
            fmt(per, 2), exits(c.b_runs, c.b_failed), (" " + status) if status else ""))
    lines.append("")
    return lines


def main(argv=None) -> int:
    global OUT
    ap = argparse.ArgumentParser(description="zonelint benchmark harness (see BENCHMARKS.md)")
    ap.add_argument("--quick", action="store_true", help="skip the 1M zone, the 500-zone folder and recovery-*")
    ap.add_argument("--only", nargs="+", metavar="NAME", default=[],
                    help="case names, prefixes or groups (%s) or globs, e.g. full-10k patho-rrset" % ", ".join(GROUPS))
    ap.add_argument("--zonelint", metavar="CMD",
                    help="zonelint command, split like a shell (default: zonelint on PATH, else '%s -m zonelint')"
                    % os.path.basename(sys.executable))
    ap.add_argument("--pairs", type=int, default=5, help="measured pairs per case (default 5; at most 3 at 1M)")
    ap.add_argument("--timeout", type=float, default=1800.0, help="kill a single run after this many seconds")
    ap.add_argument("--baselines-only", action="store_true",
                    help="measure only the reference commands (named-checkzone, python -c 'import dns.zone')")
    ap.add_argument("--list", action="store_true", help="list the case names and exit")
    ap.add_argument("--out-dir", metavar="DIR", default=os.environ.get("ZONELINT_BENCH_OUT") or OUT,
                    help="where zones are generated and reused and the raw results go (default: "
                         "$ZONELINT_BENCH_OUT, else benchmarks/out)")
    ap.add_argument("--json", metavar="FILE", help="also write raw per-run results as JSON "
                    "(default: benchmarks/out/results-TIMESTAMP.json)")
    args = ap.parse_args(argv)
    if args.pairs < 1:
        ap.error("--pairs must be >= 1")
    OUT = os.path.abspath(args.out_dir)

    zl = shlex.split(args.zonelint) if args.zonelint else default_zonelint()
    precompile()
    # commands run with cwd = the zone's folder: make relative paths in --zonelint absolute
    zl = [os.path.abspath(t) if (not os.path.isabs(t) and os.sep in t and os.path.exists(t)) else t
          for t in zl]
    named = shutil.which("named-checkzone")
    specs = plan(args, zl, named)
    if args.list:
        for s in specs:
            print("%-28s %s" % (s["name"], s["group"]))
        return 0
    specs = [s for s in specs if selected(s["name"], s["group"], args.only)]
    if any(s["group"] == "patho" for s in specs) and not any(s["name"] == "full-50" for s in specs):
        specs = [s for s in plan(args, zl, named) if s["name"] == "full-50"] + specs  # start-up reference
    if not specs:
        log("no case matches --only %s (see --list)" % " ".join(args.only))
        return 2

    problems = []
    if not named:
        problems.append("named-checkzone not found: the named baselines are skipped. Install it with "
                        "`apt-get install bind9-utils` (Debian/Ubuntu) or `dnf install bind-utils` (Fedora).")
    if not hasattr(os, "wait4"):
        sys.exit("benchmarks/run.py needs os.wait4 (Linux/macOS/BSD)")
    for p in problems:
        log("WARNING: " + p)
    if not args.baselines_only:
        os.makedirs(OUT, exist_ok=True)
        pre = measure(zl + ["--help"], OUT, "devnull", 120)
        why = failure(pre, (0,))
        if why:
            log("WARNING: `%s --help` (run in benchmarks/out, like the measured runs) -> %s; the zonelint "
                "runs will probably fail. Is zonelint installed (`pip install -e .`)?\n  %s" % (
                    shlex.join(zl), why, "\n  ".join(pre.stderr_tail.strip().splitlines()[-5:])))

    os.makedirs(OUT, exist_ok=True)
    # the smallest peak RSS the harness can report (see SPAWNER); measured again at the end
    floor0 = measure(["true"], OUT, "devnull", 60).rss_mib
    cases = []
    t_start = time.time()
    measured_b = set()
    for s in specs:
        c = build(s, args.baselines_only)
        if args.baselines_only and c.b_argv and tuple(c.b_argv) in measured_b:
            continue  # e.g. `import dns.zone` is the B of both cold cases
        if c.b_argv:
            measured_b.add(tuple(c.b_argv))
        if c.a_argv is None and c.b_argv is None:
            continue
        log("== %s (%s pairs%s)" % (c.name, c.pairs, ", +1 warm-up" if c.warmup else ""))
        run_case(c, args.timeout)
        cases.append(c)
    elapsed = time.time() - t_start
    floor1 = measure(["true"], OUT, "devnull", 60).rss_mib

    # ---- report ----
    out = ["## Results", ""]
    out += environment(zl, named)
    out.append("- run: `%s`" % shlex.join(["python", "benchmarks/run.py"] + (argv if argv is not None else sys.argv[1:])))
    out.append("- pairs per case: %d (%d at 1M), run alternately A B A B after one unmeasured warm-up pair "
               "(none at 1M); whole-process wall, user+sys CPU and peak RSS (wait4 ru_maxrss); "
               "ratios are medians of per-pair A/B ratios [min-max]; total harness time %.0f s"
               % (args.pairs, min(args.pairs, 3), elapsed))
    out.append("- peak RSS floor of this harness: %.1f-%.1f MiB (`true` measured the same way: the "
               "spawner's RSS at fork() stays in ru_maxrss, so smaller peaks read as this floor)"
               % (min(floor0, floor1), max(floor0, floor1)))
    out.append("")
    if args.baselines_only:
        out += baseline_table(cases)
    else:
        by_group = {}
        for c in cases:
            by_group.setdefault(c.group, []).append(c)
        for g in GROUPS:
            if g in by_group:
                out += case_table(by_group[g], GROUP_TITLES[g])
                notes = [c.note for c in by_group[g] if c.note]
                out += ["Note: " + n for n in notes] + ([""] if notes else [])
                if g == "full":
                    out += scaling_full({c.name: c for c in cases})
                if g == "patho":
                    out += scaling_patho(by_group[g], next((c for c in cases if c.name == "full-50"), None))
                if g == "output":
                    out += terminal_table(by_group[g])
    crashes = [(c, s, r, failure(r, ok)) for c in cases
               for s, r, ok in (("A", c.a_failed, c.a_ok), ("B", c.b_failed, c.b_ok)) if r]
    if crashes:
        out.append("### Failed runs (not timed)")
        out.append("")
        for c, side, r, why in crashes:
            label = c.a_label if side == "A" else c.b_label
            last = [ln.strip() for ln in r.stderr_tail.strip().splitlines()
                    if ln.strip() and not ln.startswith("(stdout+stderr")][-3:]
            msg = " / ".join(last)[-400:].replace("`", "'")
            out.append("- %s, %s (%s): %s%s" % (c.name, side, label, why, (" -- `%s`" % msg) if msg else ""))
        out.append("")
    # the exit status reflects zonelint only; a reference tool that cannot load a shape is a finding
    zl_failed = [x for x in crashes if (x[0].a_label if x[1] == "A" else x[0].b_label).startswith("zonelint")]
    print("\n".join(out))

    raw = {"argv": sys.argv, "zonelint": zl, "cases": [
        {"name": c.name, "group": c.group, "records": c.records,
         "env": c.env, "unset": list(c.unset), "stdout": {"a": c.a_stdout, "b": c.b_stdout},
         "a": {"label": c.a_label, "argv": c.a_argv, "runs": [r.__dict__ for r in c.a_runs],
               "failed": c.a_failed.__dict__ if c.a_failed else None},
         "b": {"label": c.b_label, "argv": c.b_argv, "runs": [r.__dict__ for r in c.b_runs],
               "failed": c.b_failed.__dict__ if c.b_failed else None}}
        for c in cases]}
    jpath = args.json or os.path.join(OUT, "results-%s.json" % time.strftime("%Y%m%d-%H%M%S"))
    with open(jpath, "w") as f:
        json.dump(raw, f, indent=1, default=str)
    log("raw results: %s" % os.path.relpath(jpath))
    if crashes:
        log("%d case side(s) FAILED or CRASHED (%d of them zonelint); see 'Failed runs' above."
            % (len(crashes), len(zl_failed)))
    if zl_failed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
