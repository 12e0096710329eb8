"""Transport rules for RTC services: impossible transports, TURN without TCP, STUN/TURN over DTLS
(ZL501-ZL503)."""

from __future__ import annotations

from zonelint import ERROR, INFO, ROOT, Rule

from .helpers import brief, child, position, srv_entries

#: services that exist only over a stream transport (TCP/TLS), never over `_udp`
NO_UDP = {
    "_sips": "SIPS is SIP over TLS, which needs TCP (RFC 3263 §4.1: SIPS+D2T)",
    "_sipfederationtls": "Lync/Skype federation is SIP over TLS on TCP 5061 (Lync 2013 DNS summary: `_sipfederationtls._tcp`)",
    "_sipinternaltls": "Lync/Skype internal SIP is SIP over TLS on TCP 5061",
    "_matrix-fed": "Matrix federation is HTTPS, which runs over TCP (Matrix server-server API)",
    "_matrix": "Matrix federation is HTTPS, which runs over TCP (Matrix server-server API)",
}
XMPP_NO_UDP = "XMPP streams run over TCP only: RFC 6120 §3, XEP-0368"


def srv_owners(zone, wanted):
    """``{owner key: (service, proto, domain, [records with a real target])}`` for this zone's SRV
    records whose ``(service, proto)`` satisfies ``wanted``; owners with only root targets are
    dropped (a `.` says the service is deliberately not offered)."""
    found: dict[str, tuple] = {}
    for rec, service, proto, domain, _ in srv_entries(zone, wanted):
        if rec.target == ROOT:
            continue
        k = rec.owner.lower()
        entry = found.get(k)
        if entry is None:
            found[k] = (service, proto, domain, [rec])
        else:
            entry[3].append(rec)
    return found


def _no_udp(service: str, proto: str) -> bool:
    return proto == "_udp" and (service.startswith("_xmpp") or service in NO_UDP)


class TransportInvalid(Rule):
    """## What it checks
    An SRV that publishes a service over a transport the service has no form for:
    `_xmpp*._udp` (`_xmpp-client`, `_xmpps-client`, `_xmpp-server`, `_xmpps-server`, …),
    `_sips._udp`, `_sipfederationtls._udp`, `_sipinternaltls._udp`, `_matrix-fed._udp`,
    `_matrix._udp` (Matrix federation is HTTPS). Root-target records are skipped
    (they announce nothing).

    ## Why it matters
    XMPP is defined over TCP: the SRV seed gives its ports "For TCP connections (RFC 6120)", and
    the XMPP SRV records it lists are all `_tcp`. SIPS and the Lync TLS services are SIP over TLS,
    which runs over TCP (the Lync 2013 DNS summary publishes `_sipfederationtls._tcp` on 5061).
    No client ever queries these `_udp` names, so the record is dead; usually `_tcp` was meant,
    and the service it should announce is missing.

    ## Example
    ```
    _xmpp-server._udp  IN SRV 0 5 5269 xmpp.example.com.   ; ZL501
    ```

    ## How to fix
    ```
    _xmpp-server._tcp  IN SRV 0 5 5269 xmpp.example.com.
    ```

    ## Anchor
    The first SRV record of the owner (one finding per owner).
    """

    code = "ZL501"
    memos = ("rules.helpers.srv_index",)
    zone_local = True
    name = "transport-invalid"
    severity = ERROR
    summary = "A service is published over a transport it has no form for (e.g. _xmpp-client._udp)"
    tags = ("srv", "transport", "xmpp", "sip")

    def check(self, ctx):
        key = position(ctx.zone)
        for service, proto, domain, recs in srv_owners(ctx.zone, _no_udp).values():
            why = XMPP_NO_UDP if service.startswith("_xmpp") else NO_UDP[service]
            yield ctx.finding(
                min(recs, key=key),
                f"{brief(service, 24)}.{proto}.{brief(domain)}: {brief(service, 24)} has no UDP "
                f"form, so no client looks this name up",
                help=f"Publish it as {service}._tcp ({why}).",
            )


def _turn_udp(service: str, proto: str) -> bool:
    return service == "_turn" and proto == "_udp"


class TurnTcpMissing(Rule):
    """## What it checks
    A `_turn._udp.D` SRV (with a real target) without a `_turn._tcp.D` or `_turns._tcp.D` SRV. A
    root-target `_turn._tcp`/`_turns._tcp` counts as present (TCP deliberately not offered).

    ## Why it matters
    The SRV seed: "TURN uses 3478 port in TCP/UDP and TURNS (TURN over TLS) uses 5349 port in TCP
    only (RFC 5766, RFC 5928)". A relay exists precisely for clients behind restrictive networks;
    many of those block all UDP, and a TURN server offered only over UDP cannot help them (RFC
    5928 defines the `_turn._tcp` and `_turns._tcp` lookups for that case).

    ## Example
    ```
    _turn._udp  IN SRV 0 5 3478 turn.example.com.    ; ZL502
    ```

    ## How to fix
    ```
    _turn._tcp   IN SRV 0 5 3478 turn.example.com.
    _turns._tcp  IN SRV 0 5 5349 turn.example.com.
    ```

    ## Anchor
    The first `_turn._udp` SRV record.
    """

    code = "ZL502"
    memos = ("rules.helpers.srv_index",)
    name = "turn-tcp-missing"
    severity = INFO
    summary = "_turn._udp is published without _turn._tcp or _turns._tcp"
    tags = ("turn", "srv", "transport", "rfc5928")

    def check(self, ctx):
        graph = ctx.graph
        key = position(ctx.zone)
        for service, proto, domain, recs in srv_owners(ctx.zone, _turn_udp).values():
            tcp = child("_turn", child("_tcp", domain))
            tls = child("_turns", child("_tcp", domain))
            if graph.rrs(tcp, "SRV") or graph.rrs(tls, "SRV"):
                continue
            yield ctx.finding(
                min(recs, key=key),
                f"_turn._udp.{brief(domain)} has no _turn._tcp or _turns._tcp SRV",
                help=f"Publish TURN over TCP (3478, {tcp}) and/or TLS (5349 or 443, {tls}): "
                f"clients whose network blocks UDP get no relay (RFC 5928).",
            )


def _dtls(service: str, proto: str) -> bool:
    return proto == "_udp" and service in ("_stuns", "_turns")


class StunTurnDtls(Rule):
    """## What it checks
    A `_stuns._udp` or `_turns._udp` SRV (with a real target): STUN or TURN over DTLS.

    ## Why it matters
    This is valid (RFC 7350 defines STUN/TURN over DTLS and registers `stuns`/`turns` over UDP),
    but it is newer than most deployments: the SRV seed still says "STUNS (STUN over TLS) uses
    5349 port in TCP only (RFC 5389)" and "TURNS (TURN over TLS) uses 5349 port in TCP only".
    Clients that do not support DTLS ignore these records, so check that yours do; TLS is
    `_stuns._tcp`/`_turns._tcp`.

    ## Example
    ```
    _turns._udp  IN SRV 0 5 5349 turn.example.com.   ; ZL503
    ```

    ## How to fix
    Keep it if your clients speak DTLS; make sure `_turns._tcp` (TLS) is published as well, and
    that `_turns._udp` was not meant as `_turns._tcp`.

    ## Anchor
    The first SRV record of the owner (one finding per owner).
    """

    code = "ZL503"
    memos = ("rules.helpers.srv_index",)
    zone_local = True
    name = "stun-turn-dtls"
    severity = INFO
    summary = "_stuns._udp/_turns._udp announce STUN/TURN over DTLS (RFC 7350)"
    tags = ("stun", "turn", "srv", "transport", "rfc7350")

    def check(self, ctx):
        key = position(ctx.zone)
        for service, proto, domain, recs in srv_owners(ctx.zone, _dtls).values():
            plain = service[1:-1].upper()
            yield ctx.finding(
                min(recs, key=key),
                f"{service}._udp.{brief(domain)} announces {plain} over DTLS",
                help=f"Valid (RFC 7350), but check that your clients support it; {plain} over TLS "
                f"is {service}._tcp.",
            )
