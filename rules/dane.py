"""DANE for SRV: where TLSA records for an SRV service belong (ZL901)."""

from __future__ import annotations

from zonelint import ERROR, ROOT, WARNING, Option, Rule

from .helpers import EXPECTED_PORTS, brief, child, position, split_service_owner

#: SRV protocol labels -> the transport label of the TLSA owner (`_sip._tls` is TLS over TCP)
TLSA_PROTO = {"_tcp": "_tcp", "_udp": "_udp", "_sctp": "_sctp", "_tls": "_tcp"}
#: ports whose TLSA records belong to other services (HTTPS, SMTP): never evidence of a mismatch
OTHER_SERVICES_PORTS = frozenset((443, 25))


def tlsa_owner(port: int, proto: str, target: str) -> str:
    """``_<port>._<proto>.<target>``: where a DANE client looks up the TLSA of an SRV target
    (RFC 7673 §3, RFC 6698 §3)."""
    return child(f"_{port}", child(TLSA_PROTO.get(proto, proto), target))


def _has_tlsa(graph, name: str) -> bool:
    """TLSA records at ``name``, or a CNAME there (a CNAME to a TLSA RRset is valid, RFC 7671)."""
    return graph.has_type(name, "TLSA") or graph.has_type(name, "CNAME")


class TlsaSrvMisplaced(Rule):
    """## What it checks
    A TLSA RRset whose owner is a service name (`_xmpp-server._tcp.example.com.`, the owner of
    SRV records) rather than `_<port>._<proto>.<host>`. The message names the owners where the
    TLSA records belong: for each SRV record at that name, `_<port>._<proto>.<target>` with the
    SRV's port and protocol label (`_5269._tcp.xmpp.example.com.`; `_5349._udp...` for a
    `_turns._udp` SRV; `_sip._tls` SRVs give `_tcp`). TLSA records at numeric port labels
    (`_443._tcp`, `_25._tcp`, `_5269._tcp`) are never reported, and a CNAME to a TLSA RRset stays
    valid.

    With the option `port-mismatch = true`, it also warns (at the SRV record) when an SRV target
    has TLSA records for another port of the same service's ZL201 row (say `_5223._tcp` for an
    `_xmpps-client._tcp` SRV on another port) but none for the SRV's own port. TLSA records for
    443 and 25 (HTTPS and SMTP on the same host) are never taken as such evidence.

    ## Why it matters
    RFC 7673 (DANE for SRV) has the client look up the TLSA records of each SRV target at the name
    RFC 6698 §3 builds from the SRV's port and protocol and the target host name; RFC 6698 §3: "The
    decimal representation of the port number on which a TLS-based service is assumed to exist is
    prepended with an underscore character ("_") to become the left-most label", the transport
    ("tcp", "udp", "sctp") the second. A TLSA RRset at
    the SRV owner name is never queried: DANE-validating clients (Prosody, ejabberd and Postfix
    with DANE) find no TLSA for the target and either fall back to PKIX or, where DANE is
    mandatory, refuse the connection.

    ## Example
    ```
    _xmpp-server._tcp  IN SRV  0 5 5269 xmpp.example.com.
    _xmpp-server._tcp  IN TLSA 3 1 1 0123...cdef        ; ZL901
    ```

    ## How to fix
    ```
    _xmpp-server._tcp  IN SRV  0 5 5269 xmpp.example.com.
    _5269._tcp.xmpp    IN TLSA 3 1 1 0123...cdef
    ```

    ## Options
    - `port-mismatch` (bool, default false): also warn when an SRV target has TLSA records for
      another port of the service's ZL201 row but none for the SRV's port.

    ## Anchor
    The first TLSA record of the misplaced RRset (one finding per owner); for `port-mismatch`, the
    SRV record.
    """

    code = "ZL901"
    name = "tlsa-srv-misplaced"
    severity = ERROR
    summary = "A TLSA RRset sits at an SRV service name, where DANE clients never look"
    tags = ("dane", "tlsa", "srv", "rfc7673", "rfc6698")
    options = {
        "port-mismatch": Option(
            bool,
            False,
            "also warn when an SRV target has TLSA records for another port of its service but none for the SRV's port",
        )
    }

    def check(self, ctx):
        graph, zone = ctx.graph, ctx.zone
        seen: set[str] = set()
        key = position(zone)
        for rec in sorted(zone.by_type("TLSA"), key=key):
            k = rec.key
            if k in seen:
                continue
            seen.add(k)
            parts = split_service_owner(rec.owner)
            if parts is None:
                continue
            service, proto, domain = parts
            if service[1:].isdigit() or proto not in TLSA_PROTO:
                continue  # `_443._tcp.host`: where TLSA records belong
            srvs = [s for s in graph.rrs(rec.owner, "SRV") if s.target not in (None, ROOT) and s.data]
            if srvs:
                owners = ", ".join(dict.fromkeys(tlsa_owner(s.data[2], proto, s.target) for s in srvs))
                where_to = f"DANE clients look them up at {owners} (the SRV's port, protocol and target)"
            else:
                where_to = f"a TLSA owner is _<port>.{TLSA_PROTO[proto]}.<host> of the server that presents the certificate"
            yield ctx.finding(
                rec,
                f"TLSA records at the service name {brief(rec.owner, 60)} are never queried",
                help=f"Move them where DANE clients look (RFC 7673 §3, RFC 6698 §3): {where_to}.",
            )
        if not self.config.get("port-mismatch"):
            return
        for rec in zone.by_type("SRV"):
            data = rec.data
            if data is None or data[3] in (None, ROOT) or data[2] == 0:
                continue
            parts = split_service_owner(rec.owner)
            if parts is None:
                continue
            service, proto, _domain = parts
            row = EXPECTED_PORTS.get(f"{service}.{proto}")
            if row is None or proto not in TLSA_PROTO:
                continue
            port, target = data[2], data[3]
            if _has_tlsa(graph, tlsa_owner(port, proto, target)):
                continue
            others = [
                tlsa_owner(p, proto, target)
                for p in row[0]
                if p != port and p not in OTHER_SERVICES_PORTS and _has_tlsa(graph, tlsa_owner(p, proto, target))
            ]
            if others:
                yield ctx.finding(
                    rec,
                    f"SRV port {port} on {brief(target)} has no TLSA; other ports of it have",
                    help=f"Publish the TLSA for port {port} at {tlsa_owner(port, proto, target)}, "
                    f"where DANE clients look (RFC 7673 §3), or fix the port (the TLSA records of "
                    f"{target} are at {', '.join(others)}).",
                    severity=WARNING,
                )
