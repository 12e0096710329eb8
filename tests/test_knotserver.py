"""The test DNS server itself (tests/knotserver.py): it serves the fixture zones by AXFR on
loopback, TSIG where configured, refuses where configured, and stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dns.message
import dns.query
import dns.rcode
import dns.tsigkeyring
import dns.xfr
import pytest
from conftest import knotd_or_skip


def _axfr(knot, zone, keyring=None):
    return list(dns.query.xfr(knot.host, zone, port=knot.port, lifetime=5, relativize=False, keyring=keyring, keyname=None if keyring is None else "zonelint-test-key"))


def test_serves_axfr_on_loopback(knot):
    msgs = _axfr(knot, "example.com")
    types = {rrset.rdtype for m in msgs for rrset in m.answer}
    assert dns.rdatatype.SRV in types and dns.rdatatype.CNAME in types
    assert knot.host == "127.0.0.1"


def test_tsig_zone_needs_the_key(knot):
    with pytest.raises(dns.exception.DNSException):
        _axfr(knot, "tsig.test")
    from knotserver import TSIG_ALGORITHM, TSIG_NAME

    ring = dns.tsigkeyring.from_text({TSIG_NAME: (TSIG_ALGORITHM, knot.tsig_secret)})
    msgs = _axfr(knot, "tsig.test", ring)
    assert any(r.name.to_text() == "www.tsig.test." for m in msgs for r in m.answer)


def test_denied_zone_and_unknown_zone_are_notauth(knot):
    for zone in ("denied.test", "nosuch.test"):  # knotd answers a transfer it denies with NOTAUTH
        with pytest.raises(dns.xfr.TransferError) as e:
            _axfr(knot, zone)
        assert e.value.rcode == dns.rcode.NOTAUTH


def test_pool_starts_and_stops_another_zone_set(knot_pool, tmp_path):
    server = knot_pool.serve({"other.test": "$ORIGIN other.test.\n@ 300 IN SOA ns1 h 1 2 3 4 5\n@ 300 IN NS ns1\nns1 300 IN A 192.0.2.3\n"})
    assert knot_pool.serve({"other.test": "$ORIGIN other.test.\n@ 300 IN SOA ns1 h 1 2 3 4 5\n@ 300 IN NS ns1\nns1 300 IN A 192.0.2.3\n"}) is server
    q = dns.message.make_query("ns1.other.test", "A")
    r = dns.query.udp(q, "127.0.0.1", port=server.port, timeout=2)
    assert r.answer[0][0].address == "192.0.2.3"
    server.stop()
    assert server.process.poll() is not None


TESTS = Path(__file__).resolve().parent

STARTER = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import knotserver
server = knotserver.start(Path(sys.argv[2]), {"example.com": knotserver.SERVED / "example.com.zone"})
print(server.process.pid, flush=True)
sys.stdin.read()  # until killed
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie of our own is gone as a server
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_killed_test_process_leaves_no_server(tmp_path):
    """SIGKILL on the process that started knotd (no fixture teardown can run): the server ends
    too, within seconds, instead of staying on as an orphan."""
    knotd_or_skip()
    starter = subprocess.Popen([sys.executable, "-c", STARTER, str(TESTS), str(tmp_path)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        pid = int(starter.stdout.readline())
        assert alive(pid)
    finally:
        starter.send_signal(signal.SIGKILL)
        starter.wait(timeout=30)
    deadline = time.monotonic() + 30
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    still = alive(pid)
    if still:
        os.kill(pid, signal.SIGKILL)
    assert not still, "knotd outlived the killed test process"
