"""A real authoritative DNS server for the tests: Knot DNS (``knotd``, Debian package ``knot``).

:func:`start` writes a short config into a temporary folder (run directory, timer database and
zone copies all inside it), starts ``knotd`` unprivileged on ``127.0.0.1`` (and ``::1`` when the
machine has it) and a free port, waits until every zone answers its SOA authoritatively (bounded:
:data:`START_TIMEOUT`), and returns a :class:`KnotServer`; :meth:`KnotServer.stop` always ends the
process (SIGTERM, then SIGKILL, bounded). Every zone allows AXFR from loopback without a key,
except the zones named in ``tsig_zones`` (AXFR only with the server's TSIG key, written as a BIND
``key`` clause to :attr:`KnotServer.keyfile`) and ``denied_zones`` (no AXFR for anyone: knotd answers NOTAUTH).

The pytest fixtures are in ``conftest.py``: ``knot`` (session scope) serves every
``tests/data/served/*.zone`` (the zone name is the file name without ``.zone``; ``tsig.test``
needs the key, ``denied.test`` refuses transfers), and ``knot_pool`` starts (once per session)
a server for any other set of zones: ``knot_pool.serve({"example.com": path, ...})``.

Without ``knotd`` the tests that need it skip with the reason; under ``CI=true`` they fail, so a
broken install in ``.ci/run`` cannot pass as skipped tests. Only loopback addresses are used.
"""

from __future__ import annotations

import base64
import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

#: how long knotd may take to answer for every zone after it was started
START_TIMEOUT = 15.0
#: how long knotd may take to end after SIGTERM before it is killed
STOP_TIMEOUT = 5.0
#: the TSIG key the servers accept for ``tsig_zones``
TSIG_NAME = "zonelint-test-key"
TSIG_ALGORITHM = "hmac-sha256"
SERVED = Path(__file__).resolve().parent / "data" / "served"


def knotd_path() -> str | None:
    """The ``knotd`` executable (Debian installs it in /usr/sbin, often not on a user's PATH)."""
    found = shutil.which("knotd")
    if found:
        return found
    for folder in ("/usr/sbin", "/usr/local/sbin"):
        candidate = os.path.join(folder, "knotd")
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def free_port() -> int:
    """A port free for both TCP and UDP on 127.0.0.1 (and ::1 when present) at this moment."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
            t.bind(("127.0.0.1", 0))
            port = t.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                    u.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free loopback port for knotd")


@dataclass
class KnotServer:
    """A running knotd: where it listens, what it serves, its TSIG key."""

    process: subprocess.Popen
    workdir: Path
    port: int
    zones: dict[str, Path]
    ipv6: bool
    tsig_secret: str
    #: a BIND ``key`` clause with the TSIG key (what ``--tsig-key`` reads)
    keyfile: Path
    host: str = "127.0.0.1"
    log: Path = field(default=None)

    def address(self, ipv6: bool = False) -> str:
        """``SERVER:PORT`` as an ``axfr://`` URI writes it."""
        return f"[::1]:{self.port}" if ipv6 else f"{self.host}:{self.port}"

    def uri(self, zone: str, ipv6: bool = False) -> str:
        """``axfr://127.0.0.1:PORT/ZONE`` (or ``[::1]``) for one of the served zones."""
        return f"axfr://{self.address(ipv6)}/{zone}"

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """End knotd (SIGTERM, SIGKILL after :data:`STOP_TIMEOUT`); safe to call twice."""
        if self.process.poll() is None:
            try:
                self.process.send_signal(signal.SIGTERM)
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT)


PR_SET_PDEATHSIG = 1  # prctl(2), Linux
_LIBC = ctypes.CDLL(None, use_errno=True)


def _die_with_parent(parent: int):
    """A ``preexec_fn`` for knotd: the kernel sends it SIGTERM when the test process that started
    it dies, so a pytest killed (SIGKILL, a CI timeout, a ^C during teardown) leaves no server
    behind; fixtures stop it in every other case. (Linux; where prctl is missing, a no-op.)"""

    def in_child() -> None:
        try:
            _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except AttributeError:
            return
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return in_child


def _config(workdir: Path, port: int, zones: dict[str, Path], tsig_zones, denied_zones, secret: str,
            ipv6: bool) -> str:
    listen = [f"127.0.0.1@{port}"] + ([f"::1@{port}"] if ipv6 else [])
    loopback = ["127.0.0.0/8"] + (["::1"] if ipv6 else [])
    lines = [
        "server:",
        f'    rundir: "{workdir / "run"}"',
        f"    listen: [ {', '.join(listen)} ]",
        "    udp-workers: 1",
        "    tcp-workers: 1",
        "    background-workers: 1",
        "database:",
        f'    storage: "{workdir / "db"}"',
        "key:",
        f"  - id: {TSIG_NAME}",
        f"    algorithm: {TSIG_ALGORITHM}",
        f"    secret: {secret}",
        "acl:",
        "  - id: open",
        f"    address: [ {', '.join(loopback)} ]",
        "    action: transfer",
        "  - id: signed",
        f"    address: [ {', '.join(loopback)} ]",
        f"    key: {TSIG_NAME}",
        "    action: transfer",
        "log:",
        "  - target: stderr",
        "    any: info",
        "template:",
        "  - id: default",
        f'    storage: "{workdir / "zones"}"',
        '    file: "%s.zone"',
        "    zonefile-sync: -1",
        "    zonefile-load: whole",
        "    journal-content: none",
        "    semantic-checks: off",
        "zone:",
    ]
    for name in zones:
        lines.append(f"  - domain: {name}")
        if name in denied_zones:
            continue
        lines.append(f"    acl: {'signed' if name in tsig_zones else 'open'}")
    return "\n".join(lines) + "\n"


def _answers_soa(port: int, zone: str) -> bool:
    import dns.flags
    import dns.message
    import dns.query
    import dns.rcode

    q = dns.message.make_query(zone, "SOA")
    try:
        r = dns.query.udp(q, "127.0.0.1", timeout=0.5, port=port)
    except (OSError, EOFError, Exception):  # noqa: BLE001 - not up yet
        return False
    return r.rcode() == dns.rcode.NOERROR and bool(r.flags & dns.flags.AA) and bool(r.answer)


def start(workdir: Path, zones: dict[str, Path | str], tsig_zones=(), denied_zones=()) -> KnotServer:
    """Start knotd in ``workdir`` serving ``zones`` (name -> zone file or zone text); returns once
    every zone answers, or raises RuntimeError with knotd's log (it is stopped first)."""
    exe = knotd_path()
    if exe is None:
        raise FileNotFoundError("knotd")
    workdir = Path(workdir)
    for sub in ("run", "db", "zones"):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
    names: dict[str, Path] = {}
    for name, source in zones.items():
        name = name.rstrip(".").lower()
        target = workdir / "zones" / f"{name}.zone"
        if isinstance(source, Path):
            shutil.copyfile(source, target)
        else:
            target.write_text(source)
        names[name] = target
    tsig_zones = {z.rstrip(".").lower() for z in tsig_zones}
    denied_zones = {z.rstrip(".").lower() for z in denied_zones}
    secret = base64.b64encode(secrets.token_bytes(32)).decode()
    keyfile = workdir / "tsig.key"
    keyfile.write_text(f'key "{TSIG_NAME}" {{\n\talgorithm {TSIG_ALGORITHM};\n\tsecret "{secret}";\n}};\n')
    ipv6 = has_ipv6_loopback()
    last_error = ""
    for _attempt in range(3):  # the free port may be taken between choosing it and knotd binding it
        port = free_port()
        conf = workdir / "knot.conf"
        conf.write_text(_config(workdir, port, names, tsig_zones, denied_zones, secret, ipv6))
        log = workdir / "knotd.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen([exe, "-c", str(conf)], stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, cwd=workdir, start_new_session=True,
                                    preexec_fn=_die_with_parent(os.getpid()))
        server = KnotServer(proc, workdir, port, names, ipv6, secret, keyfile, log=log)
        deadline = time.monotonic() + START_TIMEOUT
        pending = [n for n in names if n not in denied_zones] or list(names)
        while pending and proc.poll() is None and time.monotonic() < deadline:
            if _answers_soa(port, pending[0]):
                pending.pop(0)
            else:
                time.sleep(0.05)
        if not pending:
            return server
        server.stop()
        last_error = server.log_tail()
        if "cannot bind" not in last_error and "Address already in use" not in last_error:
            break
    raise RuntimeError(f"knotd did not serve {pending} within {START_TIMEOUT:.0f} s; its log:\n{last_error}")


def served_zones(folder: Path = SERVED) -> dict[str, Path]:
    """Every ``NAME.zone`` of ``folder`` as ``{NAME: path}``."""
    return {p.name[: -len(".zone")]: p for p in sorted(folder.glob("*.zone"))}


class KnotPool:
    """Servers started on demand, one per distinct zone set, all stopped by :meth:`close`."""

    def __init__(self, workdir_factory) -> None:
        self.workdir_factory = workdir_factory
        self.servers: dict[tuple, KnotServer] = {}

    def serve(self, zones: dict[str, Path | str], tsig_zones=(), denied_zones=()) -> KnotServer:
        key = (tuple(sorted((n, str(p)) for n, p in zones.items())), tuple(sorted(tsig_zones)),
               tuple(sorted(denied_zones)))
        server = self.servers.get(key)
        if server is None or server.process.poll() is not None:
            server = start(self.workdir_factory(), zones, tsig_zones, denied_zones)
            self.servers[key] = server
        return server

    def close(self) -> None:
        for server in self.servers.values():
            server.stop()
        self.servers.clear()
