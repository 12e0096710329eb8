"""A tiny misbehaving DNS-over-TCP server for the failure tests (a real server will not misbehave
on demand): it answers every AXFR on 127.0.0.1 with one fixed behaviour, in a thread that is
bounded (every socket has a timeout) and always stopped (``with FakeDns(...) as server:``).

Behaviours: ``refused`` (rcode REFUSED), ``silent`` (reads the query, never answers),
``close-mid`` (sends the SOA and one record, then closes: no closing SOA), ``malformed`` (an
answer whose header promises records that are not there).
"""

from __future__ import annotations

import socket
import struct
import threading

import dns.message
import dns.rcode
import dns.rrset

BEHAVIOURS = ("refused", "silent", "close-mid", "malformed")


class FakeDns:
    def __init__(self, behaviour: str) -> None:
        assert behaviour in BEHAVIOURS
        self.behaviour = behaviour
        self.stopping = threading.Event()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, name=f"fakedns-{behaviour}", daemon=True)
        self.queries = 0

    def __enter__(self) -> "FakeDns":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.thread.join(5)
        self.listener.close()
        assert not self.thread.is_alive(), "the fake DNS server did not stop"

    def uri(self, zone: str) -> str:
        return f"axfr://127.0.0.1:{self.port}/{zone}"

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except (socket.timeout, OSError):
                continue
            with conn:
                conn.settimeout(0.2)
                try:
                    self._answer(conn)
                except OSError:
                    pass

    def _read_query(self, conn) -> dns.message.Message | None:
        data = b""
        while len(data) < 2 or len(data) < 2 + struct.unpack("!H", data[:2])[0]:
            if self.stopping.is_set():
                return None
            try:
                chunk = conn.recv(4096)
            except socket.timeout:
                continue
            if not chunk:
                return None
            data += chunk
        self.queries += 1
        return dns.message.from_wire(data[2:2 + struct.unpack("!H", data[:2])[0]])

    def _answer(self, conn) -> None:
        query = self._read_query(conn)
        if query is None:
            return
        zone = query.question[0].name
        if self.behaviour == "silent":
            while not self.stopping.wait(0.1):
                pass
            return
        response = dns.message.make_response(query)
        if self.behaviour == "refused":
            response.set_rcode(dns.rcode.REFUSED)
            wire = response.to_wire()
        elif self.behaviour == "close-mid":
            response.answer.append(dns.rrset.from_text(zone, 300, "IN", "SOA", f"ns1.{zone} host.{zone} 1 2 3 4 5"))
            response.answer.append(dns.rrset.from_text(f"www.{zone}", 300, "IN", "A", "192.0.2.1"))
            wire = response.to_wire()
        else:  # malformed: the header promises three answers, none follow
            wire = bytearray(response.to_wire())
            wire[7] = 3
            wire = bytes(wire)
        conn.sendall(struct.pack("!H", len(wire)) + wire)
        # then close: close-mid never sends the closing SOA
