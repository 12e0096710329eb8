"""One question to one DNS server, bounded: what ``--resolve`` and ``zonelint live`` ask with.

:func:`ask` sends ``NAME TYPE`` over UDP (TCP when the answer is truncated, or ``tcp=True``)
to ``server:port`` and returns dnspython's answer message, within ``timeout`` seconds in all;
every question spends one unit of a run-wide :class:`Budget` first. Failures are
:class:`~zonelint.net.NetError` (server, name, reason); running out of budget is
:class:`BudgetSpent`, raised before anything is sent.
"""

from __future__ import annotations

import time

from . import NetError


class BudgetSpent(Exception):
    """The run's query budget is used up: the question was not sent."""


class Budget:
    """At most ``limit`` questions in the run (shared by every caller of :func:`ask`)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def spend(self) -> None:
        if self.used >= self.limit:
            raise BudgetSpent(f"query budget of {self.limit} used up")
        self.used += 1


def ask(server: str, name: str, rdtype: str, timeout: float, port: int = 53, budget: Budget | None = None,
        tcp: bool = False, keyring=None, keyname=None):
    """The answer of ``server`` (an IP address) to ``name rdtype`` (any rcode: the caller reads
    it), in at most ``timeout`` seconds."""
    import dns.exception
    import dns.flags
    import dns.message
    import dns.query

    if budget is not None:
        budget.spend()
    where = f"[{server}]:{port}" if ":" in server else f"{server}:{port}"
    q = dns.message.make_query(name, rdtype, use_edns=0, payload=1232)
    if keyring is not None:
        q.use_tsig(keyring, keyname)
    deadline = time.monotonic() + timeout
    try:
        if not tcp:
            r = dns.query.udp(q, server, timeout=timeout, port=port, raise_on_truncation=False)
            if not r.flags & dns.flags.TC:
                return r
        left = deadline - time.monotonic()
        if left <= 0:
            raise dns.exception.Timeout
        return dns.query.tcp(q, server, timeout=left, port=port)
    except dns.exception.Timeout:
        raise NetError(where, name, f"no answer to {rdtype} within {timeout:g} s") from None
    except ConnectionRefusedError:
        raise NetError(where, name, "connection refused") from None
    except (EOFError, ConnectionResetError):
        raise NetError(where, name, "connection closed by the server before answering") from None
    except OSError as e:
        raise NetError(where, name, f"network error: {e.strerror or e}") from None
    except dns.exception.DNSException as e:
        raise NetError(where, name, f"malformed answer: {type(e).__name__}: {e}") from None
    except (ValueError, TypeError, KeyError, IndexError, UnicodeError) as e:
        raise NetError(where, name, f"malformed answer: {type(e).__name__}: {e}") from None
