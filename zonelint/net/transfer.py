"""A zone by AXFR: ``dns.query.xfr`` message by message, under one overall lifetime, the records
kept as served (in order, duplicates and all: never merged into a ``dns.zone.Zone``).

Whatever goes wrong -- refused, NOTAUTH, a TSIG failure, no answer in time, a connection closed
mid-transfer, a malformed answer -- is one :class:`~zonelint.net.NetError` naming the server,
the zone and the reason, raised no later than the lifetime allows. Nothing is written.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from . import NetError
from .uri import AxfrSource, addresses

#: a transfer with more records than this is given up (a server that never ends)
MAX_RECORDS = 5_000_000


@dataclass
class ServedRecord:
    """One record as the server sent it (names absolute)."""

    owner: str
    ttl: int
    rdclass: str
    rdtype: str
    rdata: object


def transfer(source: AxfrSource, lifetime: float, key=None) -> list[ServedRecord]:
    """Every record of ``source``'s zone by AXFR from its server (each address of a host name in
    turn, all within ``lifetime`` seconds), signed with ``key`` (a
    :class:`~zonelint.net.tsig.TsigKey`) when given; the closing SOA is dropped."""
    deadline = time.monotonic() + lifetime
    tried: list[NetError] = []
    for address in addresses(source, lifetime):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            return _transfer_from(source, address, left, key, lifetime)
        except NetError as e:
            tried.append(e)
            if not e.reason.startswith("connection"):
                raise  # the server answered: another address of it would say the same
    if tried:
        raise tried[-1]
    raise NetError(source.server, source.zone, f"no complete transfer within {lifetime:g} s")


def _transfer_from(source: AxfrSource, address: str, lifetime: float, key, configured: float) -> list[ServedRecord]:
    import dns.exception
    import dns.query
    import dns.rcode
    import dns.rdataclass
    import dns.rdatatype
    import dns.tsig
    import dns.xfr

    def fail(reason: str) -> NetError:
        return NetError(source.server, source.zone, reason)

    ring, keyname = key.keyring() if key is not None else (None, None)
    records: list[ServedRecord] = []
    started = False
    try:
        for message in dns.query.xfr(address, source.zone, port=source.port, timeout=lifetime,
                                     lifetime=lifetime, keyring=ring, keyname=keyname,
                                     relativize=False):
            started = True
            for rrset in message.answer:
                owner = rrset.name.to_text()
                rdclass = dns.rdataclass.to_text(rrset.rdclass)
                rdtype = dns.rdatatype.to_text(rrset.rdtype)
                for rd in rrset:
                    records.append(ServedRecord(owner, rrset.ttl, rdclass, rdtype, rd))
            if len(records) > MAX_RECORDS:
                raise fail(f"more than {MAX_RECORDS} records: transfer given up")
    except NetError:
        raise
    except dns.xfr.TransferError as e:
        raise fail(_rcode_reason(dns.rcode.to_text(e.rcode))) from None
    except (dns.tsig.PeerBadKey, dns.tsig.PeerBadSignature, dns.tsig.PeerBadTime, dns.tsig.PeerBadTruncation) as e:
        raise fail(f"TSIG failure: {_tsig_reason(e)}") from None
    except dns.tsig.BadSignature:
        raise fail("TSIG failure: the answer's signature does not verify with the key") from None
    except (dns.message.UnknownTSIGKey, dns.tsig.BadAlgorithm, dns.tsig.BadTime) as e:
        raise fail(f"TSIG failure: {e}") from None
    except dns.exception.Timeout:
        raise fail(f"no complete transfer within {configured:g} s (timeout)") from None
    except ConnectionRefusedError:
        raise fail(f"connection refused at {address} port {source.port}") from None
    except (EOFError, ConnectionResetError, BrokenPipeError):
        when = "mid-transfer" if started else "before answering"
        raise fail(f"connection closed by the server {when}") from None
    except OSError as e:
        raise fail(f"connection failed: {e.strerror or e}") from None
    except dns.exception.DNSException as e:
        raise fail(f"malformed answer: {type(e).__name__}: {e}") from None
    except (ValueError, TypeError, KeyError, IndexError, UnicodeError) as e:  # a reply dnspython cannot take
        raise fail(f"malformed answer: {type(e).__name__}: {e}") from None
    if records and records[-1].rdtype == "SOA" and len(records) > 1:
        records.pop()  # the SOA that closes the transfer repeats the first
    return records


def _rcode_reason(rcode: str) -> str:
    why = {
        "REFUSED": "transfer refused (REFUSED)",
        "NOTAUTH": "not authoritative or transfer not allowed (NOTAUTH)",
        "NOTIMP": "zone transfers not implemented by the server (NOTIMP)",
        "SERVFAIL": "server failure (SERVFAIL)",
        "NXDOMAIN": "no such zone (NXDOMAIN)",
    }
    return why.get(rcode, f"transfer failed ({rcode})")


def _tsig_reason(e: Exception) -> str:
    import dns.tsig

    if isinstance(e, dns.tsig.PeerBadKey):
        return "the server does not know the key (BADKEY)"
    if isinstance(e, dns.tsig.PeerBadSignature):
        return "the server rejected the signature: wrong secret or algorithm (BADSIG)"
    if isinstance(e, dns.tsig.PeerBadTime):
        return "the server says the clocks differ (BADTIME)"
    return f"{e}"
