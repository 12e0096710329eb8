"""SIP rules: Lync/Skype/Teams federation SRV and the RFC 3263 NAPTR -> SRV chain (ZL401, ZL402)."""

from __future__ import annotations

import re

from zonelint import ABSENT, PRESENT, ROOT, WARNING, Rule, parent_name

from .helpers import (
    MESSAGE_WIDTH,
    MICROSOFT_ONLINE_SUFFIXES,
    brief,
    child,
    first_label,
    origin_doubled,
    ROOT_PORT,
    position,
    split_service_owner,
    srv_index,
    srv_selected,
)

#: SRV services (``_service._proto``) that only a Microsoft Lync/Skype for Business/Teams
#: deployment publishes; `_sip._tls` is one only on port 443 or towards Microsoft's servers (other
#: SIP vendors publish `_sip._tls` too, e.g. on 5061), and generic RFC 3263 SIP (`_sip._udp`,
#: `_sip._tcp`, `_sips._tcp`) never is
INTERNAL_SRVS = {("_sipinternaltls", "_tcp"), ("_sipinternal", "_tcp")}
LYNC_DISCOVER = ("lyncdiscover", "lyncdiscoverinternal")
ONLINE_LYNC = ".online.lync.com."
ONLINE_SUFFIXES = MICROSOFT_ONLINE_SUFFIXES
FEDERATION = "_sipfederationtls"
#: The records of Microsoft 365's "External Domain Name System records" (2024) for Teams and
#: Skype for Business Online: (service/label, type) -> (port or None, host below online.lync.com)
ONLINE_RECORDS = {
    ("_sipfederationtls._tcp", "SRV"): (5061, "sipfed"),
    ("_sip._tls", "SRV"): (443, "sipdir"),
    ("sip", "CNAME"): (None, "sipdir"),
    ("lyncdiscover", "CNAME"): (None, "webdir"),
}
M365_DOC = "Microsoft 365 \"External Domain Name System records\""


def online_suffix(target: str | None) -> str | None:
    """The Microsoft online suffix (see :data:`ONLINE_SUFFIXES`) ``target`` lies under, or None."""
    if not target:
        return None
    k = target.lower()
    for suffix in ONLINE_SUFFIXES:
        if k.endswith(suffix):
            return suffix
    return None


def _online_key(rec) -> tuple[tuple[str, str], str] | None:
    """``((label, type), domain)`` when ``rec`` is one of the four :data:`ONLINE_RECORDS` kinds."""
    if rec.rdtype == "SRV":
        if rec.owner[:4].lower() != "_sip":  # both SRV kinds start so: most owners end here
            return None
        parts = split_service_owner(rec.owner)
        if parts is None:
            return None
        kind = (f"{parts[0]}.{parts[1]}", "SRV")
        return (kind, parts[2]) if kind in ONLINE_RECORDS else None
    if rec.rdtype == "CNAME":
        if rec.owner[:3].lower() not in ("sip", "lyn"):  # the labels sip and lyncdiscover
            return None
        label = first_label(rec.owner)
        if (label, "CNAME") in ONLINE_RECORDS:
            return (label, "CNAME"), parent_name(rec.owner) or ROOT
    return None


def online_premise(graph, domain: str):
    """The first record (in the graph's order) pointing `sip.D` or `lyncdiscover.D` at a
    Microsoft online host, or None: ZL403's premise that D is a Microsoft 365 SIP domain."""
    cache = graph.memo("rules.sip.online_premise", dict)
    k = domain.lower()
    got = cache.get(k, cache)
    if got is cache:  # not asked yet
        got = None
        for label in ("sip", "lyncdiscover"):
            name = child(label, domain)
            if graph.has_type(name, "CNAME"):  # most domains: no list to build
                got = next((rec for rec in graph.rrs(name, "CNAME") if online_suffix(rec.target) is not None), None)
                if got is not None:
                    break
        cache[k] = got
    return got


def online_record_problem(graph, rec, got=None) -> tuple[str, str] | None:
    """What is wrong with ``rec`` as one of Microsoft 365's four SIP records (wrong port or
    target) as ``(diagnosis, help)``, or None. Judged when its target lies under a Microsoft online suffix, or (for the
    two SRVs, target only: ZL201 judges the port of an on-premises host) when the domain's
    `sip`/`lyncdiscover` point at one (ZL403's premise). ``got``: ``_online_key(rec)`` when the
    caller knows it already."""
    if got is None:
        got = _online_key(rec)
    if got is None:
        return None
    kind, domain = got
    target = rec.target
    if not target or target == ROOT:
        return None
    port, host = ONLINE_RECORDS[kind]
    suffix = online_suffix(target)
    wrong, short, expected = [], [], []
    if suffix is None:
        if kind[1] != "SRV":
            return None
        premise = online_premise(graph, domain)
        if premise is None:
            return None
        suffix = online_suffix(premise.target) or ONLINE_LYNC
        want = host + suffix
        wrong.append(f"target {target} (expected {want}: {domain} points {first_label(premise.owner)} at Microsoft 365)")
        short.append(f"target {brief(target, 30)}")
        expected.append(want)
    else:
        want = host + suffix
        if port is not None and rec.data is not None and rec.data[2] != port:
            wrong.append(f"port {rec.data[2]} (expected {port})")
            short.append(f"port {rec.data[2]}")
            expected.append(str(port))
        if suffix == ONLINE_LYNC and target.lower() != want:
            wrong.append(f"target {target} (expected {want})")
            short.append(f"target {brief(target, 30)}")
            expected.append(want)
    if not wrong:
        return None
    shown = f"{port} {want}" if port is not None else want
    return (
        f"{' and '.join(short)}, expected {' '.join(expected)}",
        f"Write `{kind[0]} {kind[1]} ... {shown}`, as {M365_DOC} list: this record has "
        f"{' and '.join(wrong)}.",
    )


def _online_records(graph, zone):
    """``(type, record, _online_key(record))`` for the zone's records of the four
    :data:`ONLINE_RECORDS` kinds: its SRVs group by group (from the SRV groups, then the owners
    doubled by a missing dot), then its CNAMEs in file order. The grouped SRVs that
    :func:`online_record_problem` cannot judge are left out: those with a root target or no
    compact data (no target), and those with a target under no Microsoft online suffix whose
    domain has no :func:`online_premise` (asked once per domain key)."""
    index = srv_index(zone)
    for (service, proto), group in index.groups.items():
        kind = (f"{service}.{proto}", "SRV")
        if kind in ONLINE_RECORDS:
            premised: dict[str, bool] = {}  # domain key -> online_premise(graph, domain) is not None
            for rec, name, port in zip(group.records, group.names, group.ports):
                if port < 0:  # ROOT_PORT, NO_PORT
                    continue
                if online_suffix(rec.data[3]) is None:
                    got = premised.get(name[1])
                    if got is None:
                        got = premised[name[1]] = online_premise(graph, name[0]) is not None
                    if not got:
                        continue
                yield "SRV", rec, (kind, name[0])
    for _, rec, service, proto, domain in index.doubled:
        kind = (f"{service}.{proto}", "SRV")
        if kind in ONLINE_RECORDS:
            yield "SRV", rec, (kind, domain)
    for rec in zone.by_type("CNAME"):
        if rec.owner[:3].lower() in ("sip", "lyn"):  # _online_key's first test, without a call per record
            got = _online_key(rec)
            if got is not None:
                yield "CNAME", rec, got


def _microsoft_indicator(service: str, proto: str) -> bool:
    return (service, proto) in INTERNAL_SRVS or (service, proto) == ("_sip", "_tls")


class SipFederationSrvMissing(Rule):
    """## What it checks
    A domain D that shows a Microsoft Lync / Skype for Business / Teams SIP deployment but has no
    `_sipfederationtls._tcp.D` SRV. Indicators (each corroborates a Microsoft deployment): an
    `_sip._tls.D` SRV on port 443 or towards a host under `online.lync.com`, an
    `_sipinternaltls._tcp.D` or `_sipinternal._tcp.D` SRV with a real target, or a `lyncdiscover.D`
    or `lyncdiscoverinternal.D` name (CNAME, A or AAAA). An `_sip._tls.D` on another port is an
    indicator only beside one of those: alone it is any SIP vendor's TLS record (e.g. on 5061).
    Generic RFC 3263 SIP (`_sip._udp`, `_sip._tcp`, `_sips._tcp`) never triggers it. A root-target `_sipfederationtls._tcp.D` counts as present (no
    federation, on purpose); a root-target indicator SRV is not an indicator. When
    `_sipfederationtls._tcp.D` lies outside every loaded zone, nothing is judged.

    A domain whose `sip.D` or `lyncdiscover.D` points at Microsoft 365 (`*.online.lync.com`) is
    ZL403's: it reports the missing SRV there, with the record Microsoft 365 expects.

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
    _sip._tls          IN SRV   100 1 443 sip.contoso.com.     ; ZL401
    lyncdiscover       IN A     192.0.2.20
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
    memos = ("rules.helpers.srv_index", "rules.sip.online_premise")
    name = "sip-federation-srv-missing"
    severity = WARNING
    summary = "A Lync/Skype/Teams SIP domain has no _sipfederationtls._tcp SRV"
    tags = ("sip", "lync", "srv", "federation")

    def check(self, ctx):
        graph = ctx.graph
        zone = ctx.zone
        # domain key -> [domain, [(record, what)], corroborated, the domain's first SRV's index]
        indicators: dict[str, list] = {}
        for group in srv_selected(zone, _microsoft_indicator):
            label = f"{group.service}.{group.proto} SRV"  # each text once, shared by the records
            on_443 = label + " on port 443"
            internal = (group.service, group.proto) in INTERNAL_SRVS
            for rec, (domain, k), i, port in zip(group.records, group.names, group.index, group.ports):
                if port == ROOT_PORT:
                    continue
                if internal:
                    what, corroborates = label, True
                elif port == 443:
                    what, corroborates = on_443, True
                elif online_suffix(rec.data[3]) is not None:  # (NO_PORT: no data, as rec.data[2] before)
                    what, corroborates = f"{label} to {rec.data[3]}", True
                else:  # any SIP vendor's TLS record: an indicator only when something corroborates it
                    what, corroborates = label, False
                entry = indicators.get(k)
                if entry is None:
                    indicators[k] = [domain, [(rec, what)], corroborates, i]
                    continue
                if i < entry[3]:  # the domain as its first indicator SRV in file order writes it
                    entry[0] = domain
                    entry[3] = i
                entry[1].append((rec, what))
                if corroborates:
                    entry[2] = True
        for rdtype in ("CNAME", "A", "AAAA"):
            for rec in zone.by_type(rdtype):
                if rec.owner[:1] not in ("l", "L"):  # most owners: no lyncdiscover label
                    continue
                k = rec.owner[:21].lower()
                if k.startswith("lyncdiscover") and first_label(rec.owner) in LYNC_DISCOVER:
                    domain = parent_name(rec.owner) or ROOT
                    what = f"{first_label(rec.owner)} {rdtype}"
                    entry = indicators.get(domain.lower())
                    if entry is None:
                        indicators[domain.lower()] = [domain, [(rec, what)], True, -1]
                    else:
                        entry[1].append((rec, what))
                        entry[2] = True
        if not indicators:
            return
        key = position(zone)
        for domain, found, corroborated, _ in indicators.values():
            if not corroborated or online_premise(graph, domain) is not None:
                continue  # a Microsoft 365 domain: ZL403's
            fed = child(FEDERATION, child("_tcp", domain))
            if graph.has_type(fed, "SRV") or graph.zone_for(fed) is None:
                continue
            found.sort(key=lambda rw: key(rw[0]))
            anchor, what = found[0]
            yield ctx.finding(
                anchor,
                f"{brief(domain)} shows a Lync/Skype/Teams SIP deployment but has no "
                f"_sipfederationtls._tcp SRV",
                help=f"Publish `{fed} SRV ... 5061 <Access Edge>`: federation discovery and mobile "
                f"push notifications need it (Lync 2013 DNS summary); {domain} shows the "
                f"deployment by its {what}.",
            )


class MicrosoftOnlineSip(Rule):
    """## What it checks
    The SIP records of a domain D that uses Microsoft 365 (Teams, or Skype for Business Online).
    Microsoft 365's "External Domain Name System records" (2024) list for Teams
    `_sipfederationtls._tcp 100 1 5061 sipfed.online.lync.com.`, and older Skype for Business
    Online tenants also `_sip._tls 100 1 443 sipdir.online.lync.com.`,
    `sip CNAME sipdir.online.lync.com.` and `lyncdiscover CNAME webdir.online.lync.com.`.

    - D points `sip.D` or `lyncdiscover.D` at a Microsoft online host (`*.online.lync.com`, or a
      sovereign cloud's `*.online.gov.skypeforbusiness.us`, `*.online.dod.skypeforbusiness.us`,
      `*.online.partner.lync.cn`) but has no `_sipfederationtls._tcp.D` SRV (a root-target one
      counts as present; outside every loaded zone nothing is judged);
    - one of the four records has the wrong port or target: a record towards a host under
      `online.lync.com` must name the listed host (`sipfed`, `sipdir`, `webdir`), and the two SRVs
      must use the listed ports (5061, 443); when `sip.D`/`lyncdiscover.D` point online, the two
      SRVs must point online too (their port is then ZL201's). The sovereign clouds' host names
      are not judged, only their ports.

    A missing `_sip._tls` is not reported: Teams-only tenants no longer need it. Such domains are
    not reported by ZL401 (this rule names the exact record to add), and ZL201 leaves the ports of
    `_sip._tls`/`_sipfederationtls._tcp` records towards Microsoft's hosts to this rule: one
    finding per fault.

    ## Why it matters
    Microsoft 365 "External Domain Name System records" (Microsoft Learn, 2024): without
    `_sipfederationtls._tcp` other organisations cannot federate with the tenant (Teams
    federation and Skype consumer interop look it up), and a record pointing at the wrong
    Microsoft host or port (`sipfed` for client sign-in, `sipdir` for federation, port 5061 on
    `_sip._tls`) sends clients or partners to a front end that refuses them.

    ## Example
    ```
    sip           IN CNAME sipdir.online.lync.com.       ; ZL403: no _sipfederationtls._tcp
    lyncdiscover  IN CNAME webdir.online.lync.com.
    _sip._tls     IN SRV   100 1 5061 sipdir.online.lync.com.   ; ZL403: port 5061
    ```

    ## How to fix
    ```
    sip                     IN CNAME sipdir.online.lync.com.
    lyncdiscover            IN CNAME webdir.online.lync.com.
    _sip._tls               IN SRV   100 1 443 sipdir.online.lync.com.
    _sipfederationtls._tcp  IN SRV   100 1 5061 sipfed.online.lync.com.
    ```

    ## Anchor
    The record with the wrong port or target; for a missing `_sipfederationtls._tcp`, the first
    `sip`/`lyncdiscover` record of D pointing online, in file order.
    """

    code = "ZL403"
    memos = ("rules.helpers.srv_index", "rules.sip.online_premise")
    name = "microsoft-online-sip"
    severity = WARNING
    summary = "A Microsoft 365 SIP domain lacks _sipfederationtls._tcp or has a record with the wrong host or port"
    tags = ("sip", "microsoft365", "teams", "srv", "federation")

    def check(self, ctx):
        graph = ctx.graph
        zone = ctx.zone
        premises: dict[str, tuple[str, list]] = {}
        for rdtype, rec, got in _online_records(graph, zone):
            problem = online_record_problem(graph, rec, got)
            if problem is not None:
                message = f"{brief(rec.owner)} {rdtype}: {problem[0]}"
                if len(message) > MESSAGE_WIDTH:
                    message = f"{brief(rec.owner, 24)} {rdtype}: {problem[0]}"
                yield ctx.finding(rec, message, help=problem[1])
            if rdtype == "CNAME" and online_suffix(rec.target) is not None:
                domain = got[1]
                premises.setdefault(domain.lower(), (domain, []))[1].append(rec)
        key = position(zone)
        for domain, recs in premises.values():
            fed = child(FEDERATION, child("_tcp", domain))
            if graph.rrs(fed, "SRV") or graph.zone_for(fed) is None:
                continue
            anchor = min(recs, key=key)
            suffix = online_suffix(anchor.target) or ONLINE_LYNC
            yield ctx.finding(
                anchor,
                f"{brief(domain)} points {brief(first_label(anchor.owner), 20)} at Microsoft 365 but "
                f"has no _sipfederationtls._tcp SRV",
                help=f"Publish `{fed} SRV 100 1 5061 sipfed{suffix}`, as {M365_DOC} list: other "
                f"organisations cannot federate with {domain} ({first_label(anchor.owner)} points "
                f"at {anchor.target}).",
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
    every loaded zone (they cannot be judged) and a missing replacement that ends in the origin
    twice (ZL105's: a missing trailing dot). One finding per NAPTR names every problem.

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
            if status == ABSENT and origin_doubled(rec, replacement, graph.zone_of(rec)) is None:
                # (a replacement doubled by a missing dot is ZL105's: one finding per fault)
                zone = graph.zone_for(replacement)
                problems.append(f"it does not exist in zone {brief(zone.origin, 30) if zone else '?'}")
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
                f"NAPTR {brief(service, 12)} replacement {brief(replacement)}: {'; and '.join(problems)}",
                help=f"Point the replacement at the SRV at {want[0]}.{want[1]}.<domain> (RFC 3263 "
                f"§4.1 maps {scheme}+{d2x} there) and publish that SRV ({replacement}: "
                f"{'; and '.join(problems)}).",
            )
