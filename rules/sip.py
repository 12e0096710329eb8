"""SIP rules: Lync/Skype/Teams federation SRV and the RFC 3263 NAPTR -> SRV chain (ZL401, ZL402)."""

from __future__ import annotations

import re

from zonelint import ABSENT, PRESENT, ROOT, WARNING, Rule, parent_name

from .helpers import child, first_label, position, split_service_owner, srv_records

#: SRV services (``_service._proto``) that only a Microsoft Lync/Skype for Business/Teams
#: deployment publishes; generic RFC 3263 SIP (`_sip._udp`, `_sip._tcp`, `_sips._tcp`) is absent
LYNC_SRVS = {("_sip", "_tls"), ("_sipinternaltls", "_tcp"), ("_sipinternal", "_tcp")}
LYNC_DISCOVER = ("lyncdiscover", "lyncdiscoverinternal")
ONLINE_LYNC = ".online.lync.com."
FEDERATION = "_sipfederationtls"


def _is_lync_srv(service: str, proto: str) -> bool:
    return (service, proto) in LYNC_SRVS


class SipFederationSrvMissing(Rule):
    """## What it checks
    A domain D that shows a Microsoft Lync / Skype for Business / Teams SIP deployment but has no
    `_sipfederationtls._tcp.D` SRV. Indicators: an `_sip._tls.D`, `_sipinternaltls._tcp.D` or
    `_sipinternal._tcp.D` SRV with a real target, a `lyncdiscover.D` or `lyncdiscoverinternal.D`
    name (CNAME, A or AAAA), or `sip.D` as a CNAME to `*.online.lync.com`. Generic RFC 3263 SIP
    (`_sip._udp`, `_sip._tcp`, `_sips._tcp`) never triggers it. A root-target
    `_sipfederationtls._tcp.D` counts as present (no federation, on purpose); a root-target
    indicator SRV is not an indicator. When `_sipfederationtls._tcp.D` lies outside every loaded
    zone, nothing is judged.

    ## Why it matters
    The Lync Server 2013 "DNS summary - SIP, XMPP federation, and public instant messaging":
    "If you publish the _sipfederationtls._tcp. <SIP domain name> SRV record, any other SIP
    federated domain will be able to “discover” your federation", and even without discoverable
    federation "This SRV record is required for mobility and the push notification clearing
    house. [...] The Push Notification Service and Apple Push Notification service may not
    operate as expected if there is not an explicit SRV record for each SIP domain that the
    deployment supports."

    ## Example
    ```
    _sip._tls      IN SRV   100 1 443 sip.contoso.com.     ; ZL401
    lyncdiscover   IN CNAME webdir.online.lync.com.
    ```

    ## How to fix
    ```
    _sipfederationtls._tcp  IN SRV 100 1 5061 sip.contoso.com.
    ```
    (to turn off partner discovery, clear "Enable partner domain discovery" rather than
    removing the record).

    ## Anchor
    The first indicator record of D.
    """

    code = "ZL401"
    name = "sip-federation-srv-missing"
    severity = WARNING
    summary = "A Lync/Skype/Teams SIP domain has no _sipfederationtls._tcp SRV"
    tags = ("sip", "lync", "srv", "federation")

    def check(self, ctx):
        graph = ctx.graph
        zone = ctx.zone
        indicators: dict[str, tuple[str, list]] = {}

        def add(domain, rec, what):
            indicators.setdefault(domain.lower(), (domain, []))[1].append((rec, what))

        for _, rec, service, proto, domain in srv_records(zone, _is_lync_srv):
            if rec.target != ROOT:
                add(domain, rec, f"{service}.{proto} SRV")
        for rdtype in ("CNAME", "A", "AAAA"):
            for rec in zone.by_type(rdtype):
                k = rec.owner[:21].lower()
                if k.startswith("lyncdiscover") and first_label(rec.owner) in LYNC_DISCOVER:
                    add(parent_name(rec.owner) or ROOT, rec, f"{first_label(rec.owner)} {rdtype}")
                elif (
                    rdtype == "CNAME"
                    and k.startswith("sip.")
                    and (rec.target or "").lower().endswith(ONLINE_LYNC)
                ):
                    add(parent_name(rec.owner) or ROOT, rec, f"sip CNAME to {rec.target}")
        if not indicators:
            return
        key = position(zone)
        for domain, found in indicators.values():
            fed = child(FEDERATION, child("_tcp", domain))
            if graph.rrs(fed, "SRV") or graph.zone_for(fed) is None:
                continue
            found.sort(key=lambda rw: key(rw[0]))
            anchor, what = found[0]
            yield ctx.finding(
                anchor,
                f"{domain} shows a Lync/Skype/Teams SIP deployment ({what}) but has no {fed} SRV: "
                f"federation discovery and mobile push notifications need it (Lync 2013 DNS "
                f"summary); publish `{fed} SRV ... 5061 <Access Edge>`",
            )


#: D2x resolution service -> transport label (RFC 3263 §4.1, RFC 3403)
D2X_PROTO = {"D2U": "_udp", "D2T": "_tcp", "D2S": "_sctp"}
SIP_SERVICE_RE = re.compile(r"^(SIPS?)\+(D2[A-Z])$", re.I)


def naptr_fields(rec):
    """``(flags, service, replacement)`` of a NAPTR record (quotes stripped)."""
    if rec.data is not None:
        _, _, flags, service, _, replacement = rec.data
    else:  # pragma: no cover - the loader fills data for NAPTR
        rd = rec.rdata
        flags, service, replacement = rd.flags, rd.service, rd.replacement.to_text()
    if isinstance(flags, bytes):
        flags = flags.decode("ascii", "replace")
    if isinstance(service, bytes):
        service = service.decode("ascii", "replace")
    return str(flags).strip('"'), str(service).strip('"'), str(replacement)


class SipNaptrSrvChain(Rule):
    """## What it checks
    A NAPTR record with flag `s`/`S` and a SIP service (`SIP+D2U`, `SIP+D2T`, `SIPS+D2T`,
    `SIP+D2S`, …) whose replacement

    - does not exist in the loaded zone authoritative for it, or
    - has the `_x._y.` form but its labels contradict the service: `SIP+…` must lead to `_sip`,
      `SIPS+…` to `_sips`, and `D2U`/`D2T`/`D2S` to `_udp`/`_tcp`/`_sctp`.

    Root (`.`) replacements and unknown `D2x` services are skipped, and so are replacements outside
    every loaded zone (they cannot be judged). One finding per NAPTR names every problem.

    ## Why it matters
    RFC 3263 §4.1: with the "S" flag the next step is an SRV lookup of the replacement, and the
    service fields map to transports ("SIP+D2T" is TCP, "SIP+D2U" UDP, "SIP+D2S" SCTP, "SIPS+D2T"
    TLS over TCP); its example replaces `SIPS+D2T` with `_sips._tcp.example.com`. A replacement
    that does not exist makes the client abandon that transport; one that names another
    service or transport sends it to the wrong port or protocol (e.g. plain SIP where it expects
    TLS).

    ## Example
    ```
    @  IN NAPTR 50 50 "s" "SIPS+D2T" "" _sip._tcp.example.com.   ; ZL402: _sip/_tcp vs SIPS+D2T
    ```

    ## How to fix
    ```
    @  IN NAPTR 50 50 "s" "SIPS+D2T" "" _sips._tcp.example.com.
    _sips._tcp  IN SRV 0 0 5061 sip.example.com.
    ```

    ## Anchor
    The NAPTR record.
    """

    code = "ZL402"
    name = "sip-naptr-srv-chain"
    severity = WARNING
    summary = "A SIP NAPTR points to a missing name or to an SRV of another service/transport"
    tags = ("sip", "naptr", "rfc3263")

    def check(self, ctx):
        graph = ctx.graph
        for rec in ctx.zone.by_type("NAPTR"):
            flags, service, replacement = naptr_fields(rec)
            if "s" not in flags.lower() or replacement == ROOT:
                continue
            m = SIP_SERVICE_RE.match(service)
            if m is None:
                continue
            scheme, d2x = m.group(1).upper(), m.group(2).upper()
            proto = D2X_PROTO.get(d2x)
            if proto is None:
                continue  # an unknown D2x (or D2W, WebSocket): not judged
            status = graph.target_status(replacement)
            if status not in (PRESENT, ABSENT):
                continue
            problems = []
            if status == ABSENT:
                zone = graph.zone_for(replacement)
                problems.append(f"it does not exist in zone {zone.origin if zone else '?'}")
            parts = split_service_owner(replacement)
            want = ("_" + scheme.lower(), proto)
            if parts is not None and (parts[0], parts[1]) != want:
                wrong = []
                if parts[0] != want[0]:
                    wrong.append(f"{parts[0]} (expected {want[0]})")
                if parts[1] != want[1]:
                    wrong.append(f"{parts[1]} (expected {want[1]})")
                problems.append(f"its label{'s' if len(wrong) > 1 else ''} {' and '.join(wrong)} contradict{'' if len(wrong) > 1 else 's'} the service")
            if not problems:
                continue
            yield ctx.finding(
                rec,
                f"NAPTR {service} replaces to {replacement}, but {'; and '.join(problems)}: "
                f"RFC 3263 §4.1 maps {scheme}+{d2x} to an SRV at {want[0]}.{want[1]}.<domain>",
            )
