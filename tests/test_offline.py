"""Offline by default, proven (issue 18, item 7): the whole rule set over the whole corpus, with
``-j 1`` and ``-j 2``, while every way to the network (an ``AF_INET``/``AF_INET6`` socket,
``getaddrinfo`` and the other name look-ups, ``create_connection``) fails and leaves a mark in a
file (so that a ``-j`` worker's attempt, made after the fork, is seen too); local socket pairs
(``AF_UNIX``: the pipes of ``-j``) stay allowed. No attempt may be recorded. The same trap catches
an ``axfr://`` run, in the parent and in a forked worker, so the test can fail."""

from __future__ import annotations

import json
import os
import socket

import pytest
from conftest import shared_dir
from zonelint.cli import main

NETWORK = (socket.AF_INET, socket.AF_INET6)


@pytest.fixture
def trap(tmp_path, monkeypatch):
    """Make the network unusable in this process and every process forked from it; returns the
    file where each attempt is written (one line each)."""
    marks = tmp_path / "network-attempts"
    marks.write_text("")

    def mark(what: str) -> None:
        fd = os.open(marks, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, f"{os.getpid()} {what}\n".encode())
        finally:
            os.close(fd)
        raise OSError(f"network disabled by the offline test ({what})")

    real_init = socket.socket.__init__

    def init(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and (family == -1 or family in NETWORK):
            mark(f"socket family {family}")
        real_init(self, family, type, proto, fileno)

    monkeypatch.setattr(socket.socket, "__init__", init)
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getnameinfo",
                 "create_connection"):
        monkeypatch.setattr(socket, name, lambda *a, _n=name, **k: mark(_n))
    return marks


def test_the_trap_allows_local_socket_pairs_and_catches_the_rest(trap):
    a, b = socket.socketpair()  # AF_UNIX: what multiprocessing's pipes are made of
    a.close()
    b.close()
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(OSError):
        socket.getaddrinfo("localhost", 53)
    assert len(trap.read_text().splitlines()) == 2


@pytest.mark.slow
def test_whole_rule_set_on_the_corpus_opens_no_socket(trap, monkeypatch, capsys, sharded_calls):
    corpus = shared_dir() / "corpus"
    monkeypatch.chdir(corpus)
    outputs = []
    for jobs in ("1", "2"):
        code = main(["--no-config", "--no-progress", "--select", "ALL", "--format", "json", "-j", jobs, "."])
        out, _ = capsys.readouterr()
        assert code in (1, 2), code  # the corpus has faults (and files BIND refuses)
        outputs.append(json.loads(out))
    assert sharded_calls and sharded_calls[-1] is not None, "-j 2 did not run in worker processes"
    assert outputs[0]["summary"]["files"] > 200 and outputs[0]["summary"] == outputs[1]["summary"]
    assert trap.read_text() == ""


def test_the_trap_sees_a_transfer_in_the_parent_and_in_a_worker(trap, tmp_path, monkeypatch, capsys):
    """Control: the same trap does see network use (a transfer before the fork; a socket opened
    by a forked worker), so an empty file above means no attempt, not a blind trap."""
    monkeypatch.chdir(tmp_path)
    code = main(["--no-config", "axfr://127.0.0.1:53/example.com"])
    _, err = capsys.readouterr()
    assert code == 2 and "network disabled by the offline test" in err
    assert "socket family" in trap.read_text()
    trap.write_text("")
    from zonelint.shard import Workers

    def target(conn):
        try:
            socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        finally:
            conn.send("done")

    with Workers(1, target) as conns:
        assert conns[0].recv() == "done"
    (line,) = trap.read_text().splitlines()
    assert int(line.split()[0]) != os.getpid() and "socket family" in line


def test_a_run_without_network_options_never_imports_the_network_code(tmp_path):
    """Nothing that can ask a server (zonelint's transfer and resolver code, dnspython's query and
    resolver modules) is even imported by a run whose command line names no network use."""
    import subprocess
    import sys

    (tmp_path / "example.com.zone").write_text("$TTL 300\n@ IN SOA ns1 host 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.1\n")
    code = ("import sys; from zonelint.cli import main; rc = main(['--no-config', '--select', 'ALL', "
            "'--format', 'sarif', 'example.com.zone']); print(rc, sorted(m for m in sys.modules if m.startswith("
            "('zonelint.net', 'zonelint.resolver', 'zonelint.live', 'zonelint.dnsanswers', 'dns.query', "
            "'dns.resolver', 'dns.asyncquery'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.stdout.strip().splitlines()[-1] in ("0 []", "1 []"), proc.stdout + proc.stderr
