"""Target rules: where SRV, MX and NS records point (ZL101-ZL106).

The predicates that decide "this target is already reported" live in ``rules/helpers/targets.py``
(:func:`alias_of`, :func:`ip_literal`, :func:`origin_doubled`, :func:`reported_by_target_rules`),
so that ZL103 (here) and ZL703 (``rules/cname.py``) skip exactly what ZL101, ZL102 and ZL105
report: one finding per fault.
"""

from __future__ import annotations

import functools
import re
from itertools import chain, compress
from operator import attrgetter

from zonelint import ABSENT, ERROR, PRESENT, ROOT, TARGET_TYPES, UNKNOWN, WARNING, LazyText, Rule

from .helpers import (
    DIGITS,
    UnreadableTargets,
    alias_of,
    below_delegation,
    dns_alias,
    doubled_by_directive,
    ip_literal,
    missing_dot_fix,
    origin_doubled,
    reported_by_target_rules,
    reported_for_target,
    target_facts,
    target_records,
    target_survey,
    DoublingScreen,
    brief,
    near,
    positions,
    two_labels,
    where,
    zone_for,
)

#: record type -> what its target is called in messages
TARGET_NAMES = {
    "SRV": "SRV target",
    "MX": "MX exchange",
    "NS": "NS host",
    "CNAME": "CNAME target",
    "NAPTR": "NAPTR replacement",
}

#: The SRV protocol labels ZL106 accepts (RFC 2782 ``_tcp``/``_udp``, RFC 4960 ``_sctp``, and
#: ``_tls`` as used by Microsoft Lync/Skype/Teams ``_sip._tls``).
SRV_PROTOS = ("_tcp", "_udp", "_tls", "_sctp")
_OWNER = attrgetter("owner")


#: what a target without an address breaks, per record type (for ZL103's messages)
NO_ADDRESS_EFFECT = {
    "SRV": "clients cannot connect (RFC 2782: \"There MUST be one or more address records for this name\")",
    "MX": "mail for this domain cannot be delivered there (RFC 5321 §5.1 looks up its address)",
    "NS": "resolvers cannot reach this name server (BIND -i local refuses such a zone)",
}


class TargetCname(Rule):
    """## What it checks
    An SRV target, MX exchange or NS host that owns a CNAME in any loaded zone.

    With `--resolve`, a target outside every loaded zone is looked up in DNS and judged too; the
    message then says the answer came from DNS.

    ## Why it matters
    RFC 2782 says of the SRV target: "the name MUST NOT be an alias (in the sense of RFC 1034
    or RFC 2181)". RFC 2181 §10.3 says the same of MX and NS: "the domain name ... must not be
    an alias". Many XMPP and SIP clients and servers do not follow the alias, so the service
    silently fails for part of your users; BIND's `named-checkzone` only warns about it
    (`SRV ... is a CNAME (illegal)`).

    ## Example
    ```
    _xmpp-server._tcp  IN SRV 5 0 5269 xmpp.example.com.
    xmpp               IN CNAME host1.example.com.
    ```

    ## How to fix
    Point the record at the canonical name (`host1.example.com.`), or replace the CNAME at the
    target with A/AAAA records.

    ## Anchor
    The SRV, MX or NS record whose target is an alias.
    """

    code = "ZL101"
    memos = ("rules.helpers.target_survey", "rules.helpers.target_facts", "rules.targets.alias_of")
    name = "target-cname"
    severity = ERROR
    summary = "An SRV target, MX exchange or NS host is a CNAME"
    tags = ("targets", "srv", "rfc2782", "rfc2181")

    def check(self, ctx):
        graph = ctx.graph
        for rec in target_survey(graph, ctx.zone).aliases:  # an alias, or answered by DNS
            target = rec.target
            cname = alias_of(graph, target)  # memoized per target for the run
            if cname is None:
                answer = dns_alias(graph, target)
                if answer is not None:
                    yield ctx.finding(
                        rec,
                        f"{TARGET_NAMES[rec.rdtype]} {brief(target)} is an alias (CNAME, from DNS)",
                        help=f"RFC 2782 and RFC 2181 §10.3 forbid aliases here: point at "
                        f"{answer.alias} or have {target} publish A/AAAA records ({target} is a "
                        f"CNAME to {answer.alias}: answer {answer.said()}).",
                    )
                continue
            if cname is not None:
                via_brief = "" if cname.key == target.lower() else " via a wildcard"
                yield ctx.finding(
                    rec,
                    f"{TARGET_NAMES[rec.rdtype]} {brief(target)} is an alias{via_brief} (CNAME at "
                    f"{near(cname, rec)})",
                    help=LazyText(_alias_help, target, cname),
                )


class TargetIpLiteral(Rule):
    """## What it checks
    An SRV target, MX exchange or NS host that is an IPv4 or IPv6 address written as a name:
    `39.67.29.4.`, or a relative `10.0.0.1` that the origin turned into `10.0.0.1.example.com.`
    (judged with the appended origin stripped), or `2001:db8::1`.

    ## Why it matters
    These fields hold a host *name*, never an address. RFC 2782 says of the SRV target: "The
    domain name of the target host. There MUST be one or more address records for this name";
    RFC 1035 §3.3.9 makes the MX exchange "a <domain-name> which specifies a host", and §3.3.11
    the NSDNAME likewise. The Prosody DNS guide says of the SRV target: "it cannot be an IP
    address". A resolver looks up A/AAAA records *for the name* `10.0.0.1.example.com.`, which
    does not exist, so the service is unreachable. BIND's `named-checkzone` reports the MX case as
    "MX is an address" (`check-mx`).

    ## Example
    ```
    $ORIGIN example.com.
    _xmpp-client._tcp  IN SRV 5 0 5222 10.0.0.1     ; becomes 10.0.0.1.example.com.
    @                  IN MX  10 39.67.29.4.
    ```

    ## How to fix
    Give the host a name with address records, and point at the name:
    ```
    $ORIGIN example.com.
    _xmpp-client._tcp  IN SRV 5 0 5222 xmpp.example.com.
    @                  IN MX  10 mail.example.com.
    xmpp               IN A   10.0.0.1
    mail               IN A   39.67.29.4
    ```

    ## Anchor
    The SRV, MX or NS record.
    """

    code = "ZL102"
    memos = ("rules.helpers.target_survey",)
    zone_local = True
    name = "target-ip-literal"
    severity = ERROR
    summary = "An SRV target, MX exchange or NS host is an IP address written as a name"
    tags = ("targets", "srv", "rfc2782", "rfc1035")

    def check(self, ctx):
        zone = ctx.zone
        for rec in target_survey(ctx.graph, zone).digits:  # ip_literal's first test passed
            target = rec.target
            ip = ip_literal(rec, target, zone)
            if ip is None:
                continue
            what = TARGET_NAMES[rec.rdtype]
            how = "written as a name" if target[:-1] == ip else "written as a relative name"
            yield ctx.finding(
                rec,
                f"{what} is the address {brief(ip)} {how}",
                help=LazyText(_ip_literal_help, rec, target, ip),
            )


class TargetNoAddress(Rule):
    """## What it checks
    An SRV target, MX exchange or NS host that lies inside a loaded zone authoritative for it but
    has no A or AAAA record there: the name does not exist at all, or exists with other data only.
    A covering wildcard counts. Targets outside every loaded zone, or below a delegation to a zone
    that is not loaded, are not judged (pass the other zone as context to have them checked),
    unless `--resolve` looked them up: a target that DNS says does not exist (NXDOMAIN) or has
    neither A nor AAAA is reported, saying the answer came from DNS; one that got no answer stays
    unjudged.
    Targets reported by ZL101 (alias), ZL102 (IP literal), ZL105 (origin doubled), ZL109 (single
    label) or ZL111 (not a host name) are not reported again here, nor a target that exists only
    with the origin appended twice (its owner lacks the trailing dot: ZL107), and the root target `.` never is; nor is a target whose own records
    failed to parse (ZL001), since whether it has an address cannot be told.

    ## Why it matters
    RFC 2782 says of the SRV target: "There MUST be one or more address records for this name".
    The Prosody DNS guide: "The target domain MUST be an existing A record of the target server".
    An MX exchange or NS host without an address cannot be contacted either; BIND's
    `named-checkzone -i local` refuses a zone whose in-zone NS host has no address
    ("has no address records (A or AAAA)"). Clients that find the SRV record but cannot resolve
    its target give up rather than fall back.

    ## Example
    ```
    $ORIGIN example.com.
    _xmpp-client._tcp  IN SRV 5 0 5222 xmpp.example.com.   ; xmpp has no A/AAAA
    xmpp               IN TXT "chat server"
    ```

    ## How to fix
    ```
    $ORIGIN example.com.
    _xmpp-client._tcp  IN SRV 5 0 5222 xmpp.example.com.
    xmpp               IN A    192.0.2.10
    xmpp               IN AAAA 2001:db8::10
    ```

    ## Anchor
    The SRV, MX or NS record whose target has no address.
    """

    code = "ZL103"
    memos = (
        "rules.helpers.target_survey",
        "rules.helpers.target_facts",
        "rules.targets.no_address_status",
        "rules.helpers.reported_by_name",
        "rules.helpers.reported_for_target",
        "rules.helpers.zone_for",
        "rules.helpers.run_apexes",
    )
    name = "target-no-address"
    severity = ERROR
    summary = "An SRV, MX or NS target inside a loaded zone has no A/AAAA record"
    tags = ("targets", "srv", "rfc2782", "cross-zone")

    def check(self, ctx):
        graph = ctx.graph
        zone = ctx.zone
        unreadable = UnreadableTargets(graph)
        # per distinct target (many records share one): None when it has an address, else its status
        status_cache = graph.memo("rules.targets.no_address_status", dict)
        survey = target_survey(graph, zone)
        doubled = {id(r) for r in survey.doubled}  # origin_doubled is a name (ZL105's)
        # per distinct target of this zone: None when another rule reports it or its records failed
        # to parse, else what the finding says about it
        judged: dict = {}
        for rec in survey.no_address:  # graph.has_address(target) is false
            target = rec.target
            try:
                status = status_cache[target]
            except KeyError:
                status = status_cache[target] = graph.target_status(target)
            if status == UNKNOWN:
                answer = graph.dns_answer(target)
                if answer is not None and answer.without_address:
                    if reported_by_target_rules(graph, rec, target, zone) is None:
                        yield self._from_dns(ctx, rec, target, answer)
                continue
            if status != PRESENT and status != ABSENT:
                continue  # outside every loaded zone, or delegated away: not judged
            # reported_by_target_rules, its parts that depend on the record first
            if doubled and id(rec) in doubled:
                continue  # ZL105's
            if target_facts(graph, target) & DIGITS and ip_literal(rec, target, zone) is not None:
                continue  # ZL102's
            try:
                said = judged[target]
            except KeyError:
                said = judged[target] = self._judge(graph, target, status, unreadable)
            if said is None:
                continue
            problem, zone_brief, help_args = said
            yield ctx.finding(
                rec,
                f"{TARGET_NAMES[rec.rdtype]} {brief(target)} {problem} {zone_brief}",
                help=LazyText(_no_address_help, rec.rdtype, *help_args),
            )

    @staticmethod
    def _judge(graph, target: str, status: str, unreadable):
        """What ZL103 says about ``target`` (``PRESENT`` or ``ABSENT`` in a loaded zone, without an
        address): ``(problem, zone_brief, help arguments after the record type)``; None when a
        rule reports it already (:func:`reported_for_target`) or its records failed to parse."""
        if reported_for_target(graph, target) is not None:
            return None
        if unreadable(target):
            return None  # its records failed to parse (ZL001): cannot tell
        auth = zone_for(graph, target)
        zone_brief = f"zone {brief(auth.origin, 30)}" if auth is not None else "its zone"
        if status == ABSENT:
            problem = "does not exist in"
            has = None
        else:
            owned = sorted({r.rdtype for r in graph.rrs(target)})
            if owned:
                has = f"it owns only {', '.join(owned)}"
            elif graph.dns_answer(target) is not None:  # zonelint live: DNS said NODATA
                has = f"it exists without A/AAAA, answer {graph.dns_answer(target).said()}"
            else:
                has = "it is an empty non-terminal"
            problem = "has no A/AAAA record in"
        return problem, zone_brief, (target, has, None if auth is None else auth.origin,
                                     None if auth is None else auth.file)

    @staticmethod
    def _from_dns(ctx, rec, target, answer):
        what = TARGET_NAMES[rec.rdtype]
        if answer.nxdomain:
            problem = "does not exist (NXDOMAIN from DNS)"
            fix = f"correct the name, or have {target} published"
        else:
            problem = "has no A/AAAA record (from DNS)"
            fix = f"have A/AAAA records published for {target}, or point at a host that has them"
        effect = NO_ADDRESS_EFFECT[rec.rdtype]
        return ctx.finding(
            rec,
            f"{what} {brief(target)} {problem}",
            help=f"{effect[:1].upper()}{effect[1:]}: {fix} (answer {answer.said()}).",
        )


def _alias_help(target: str, cname) -> str:
    """ZL101's help for a target that is an alias in a loaded zone (``cname``: its CNAME record, a
    wildcard's when it matched through one), built when a reporter reads it (:class:`zonelint.LazyText`)."""
    via = "" if cname.key == target.lower() else f" through the wildcard {cname.owner}"
    return (f"RFC 2782 and RFC 2181 §10.3 forbid aliases here: point at {cname.target} "
            f"or give {target} A/AAAA records ({target} is an alias{via}: CNAME to "
            f"{cname.target}, {where(cname)}).")


def _ip_literal_help(rec, target: str, ip: str) -> str:
    """ZL102's help, built when a reporter reads it (:class:`zonelint.LazyText`)."""
    note = "" if target[:-1] == ip else f" ({target}: the origin was appended to the address)"
    return (f"This field takes a host name, not an address (RFC 2782, RFC 1035): add a "
            f"host name with `A`/`AAAA {ip}` records and point {rec.owner} {rec.rdtype} at "
            f"that name{note}.")


def _no_address_help(rdtype: str, target: str, has: str | None, origin: str | None, file) -> str:
    """ZL103's help for a target in a loaded zone (``origin``, ``file``: the zone authoritative for
    it, ``file`` None when unknown); ``has``: what the name holds instead, None when it does not exist.
    Built when a reporter reads it (:class:`zonelint.LazyText`)."""
    if has is None:
        fix = f"add A/AAAA records for {target}, or correct the name if it is a typo"
    else:
        fix = f"add A/AAAA records for {target} ({has}), or point at a host that has them"
    in_zone = f"zone {origin} ({file.display})" if file is not None else "its zone"
    effect = NO_ADDRESS_EFFECT[rdtype]
    return f"{effect[:1].upper()}{effect[1:]}: {fix} ({target} in {in_zone})."


class SrvRootTargetMixed(Rule):
    """## What it checks
    An SRV RRset (one owner) that holds the root target `.` beside one or more real targets.

    ## Why it matters
    RFC 2782: "A Target of \".\" means that the service is decidedly not available at this
    domain." That statement only makes sense alone: mixed with real targets the meaning is
    undefined and clients disagree (Prosody stops at the `.` and reports the service as not
    offered; BIND's resolver code skips it and tries the others). Half of your users get the
    service, half do not.

    ## Example
    ```
    _xmpps-client._tcp  IN SRV 0 0 0    .
    _xmpps-client._tcp  IN SRV 5 0 5223 xmpp.example.com.
    ```

    ## How to fix
    Keep either the `.` record (service not offered) or the real targets, not both:
    ```
    _xmpps-client._tcp  IN SRV 5 0 5223 xmpp.example.com.
    ```

    ## Anchor
    The first `.` record of the RRset (one finding per RRset).
    """

    code = "ZL104"
    memos = ("zonelint.graph.multi_rrsets",)
    zone_local = True
    name = "srv-root-target-mixed"
    severity = ERROR
    summary = "An SRV RRset mixes the root target '.' with real targets"
    tags = ("targets", "srv", "rfc2782")

    def check(self, ctx):
        for group in ctx.zone.multi_rrsets():
            if group[0].rdtype != "SRV":
                continue
            recs = [r for r in group if r.data is not None]
            if len(recs) < 2:
                continue
            roots = [r for r in recs if r.data[3] == ROOT]  # the SRV target
            real = [r for r in recs if r.data[3] != ROOT]
            if not roots or not real:
                continue
            anchor = roots[0]
            shown = ", ".join(
                f"{r.target}:{r.data[2]}" + (f" ({p})" if (p := positions([r], anchor)) else "") for r in real[:3]
            )
            more = f" and {len(real) - 3} more" if len(real) > 3 else ""
            where_all = positions(real[:3], anchor)
            yield ctx.finding(
                anchor,
                f"SRV RRset {brief(anchor.owner)} mixes the root target '.' with {len(real)} real "
                f"target{'s' if len(real) != 1 else ''}"
                + (f" ({where_all}{' ...' if more else ''})" if where_all else ""),
                help=f"A root target means \"service not offered\" (RFC 2782) and clients disagree "
                f"on a mix (Prosody stops at '.', BIND skips it): remove the '.' record if the "
                f"service is offered, or the real targets ({shown}{more}) if it is not.",
            )


class TargetOriginDoubled(Rule):
    """## What it checks
    An SRV, MX, NS or CNAME target or a NAPTR replacement that ends in the zone origin twice,
    such as `xmpp.example.com.example.com.`: an absolute name written without its trailing dot, so
    the origin was appended to it. The `$ORIGIN` in effect for the record and the zone origin are
    both considered; single-label origins are left alone (a zone `com.` may point at `com.com.`).
    Targets below a relative `$ORIGIN` that itself doubled the origin are reported once, at that
    `$ORIGIN`, by ZL107; ZL103, ZL402 and ZL703 do not report these targets again.

    ## Why it matters
    In master files a name without a trailing dot is relative (RFC 1035 §5.1): `xmpp.example.com`
    in the zone `example.com.` means `xmpp.example.com.example.com.`, which does not exist. The
    record loads without complaint and points nowhere; the service silently fails.

    ## Example
    ```
    $ORIGIN example.com.
    _xmpp-server._tcp  IN SRV 5 0 5269 xmpp.example.com
    www                IN CNAME web.example.com
    @                  IN NAPTR 10 0 "s" "SIP+D2T" "" _sip._tcp.example.com
    ```

    ## How to fix
    Add the trailing dot (or write the name relative to the origin):
    ```
    $ORIGIN example.com.
    _xmpp-server._tcp  IN SRV 5 0 5269 xmpp.example.com.
    www                IN CNAME web
    @                  IN NAPTR 10 0 "s" "SIP+D2T" "" _sip._tcp.example.com.
    ```
    `zonelint --fix` adds the dot when the target was written with the origin text
    (`xmpp.example.com`), and only the dot: the rest of the line stays as written. A target that
    ends in the origin twice because an `$ORIGIN` does (`$ORIGIN example.com.example.com.` above
    `xmpp`) is left to you.

    ## Anchor
    The record whose target is doubled.
    """

    code = "ZL105"
    memos = (
        "rules.helpers.target_survey",
        "rules.targets.target_records",
        "rules.helpers.delegations",
        "rules.helpers.doubled_origins",
    )
    zone_local = True
    name = "target-origin-doubled"
    severity = WARNING
    fixable = True
    summary = "A target ends in the zone origin twice: a missing trailing dot"
    tags = ("targets", "syntax")

    def check(self, ctx):
        zone = ctx.zone
        # SRV, MX, NS: the survey's doubled ones; CNAME and NAPTR: walked here, screened
        screen = DoublingScreen(zone)
        others = ((r, t) for r, t in target_records(zone, ("CNAME", "NAPTR")) if screen.passes(r, t))
        for rec, target in chain(((r, r.target) for r in target_survey(ctx.graph, zone).doubled), others):
            meant = origin_doubled(rec, target, zone)
            if meant is None or doubled_by_directive(zone, rec) or below_delegation(zone, target, at_cut=True):
                continue
            from zonelint import RDATA  # the fix vocabulary: imported when a fix is made

            yield ctx.finding(
                rec,
                f"{TARGET_NAMES[rec.rdtype]} {brief(target, 60)} ends in the origin twice",
                help=f"{meant[:-1]} was written without its trailing dot, so the origin was "
                f"appended (RFC 1035 §5.1): write {meant} (with the dot).",
                fix=missing_dot_fix(rec, target, meant, RDATA, TARGET_TYPES[rec.rdtype]),
            )


@functools.cache
def uncommon_srv_owner() -> re.Pattern:
    """Matches (an empty match at the start) the owners that fail :func:`srv_owner_problem`'s
    first test, the common well-formed shape (``_service._proto.`` with a known protocol, ASCII
    case folded, no escape anywhere); no match, and no match object, for the others: in C
    (compiled on first use; tests compare the two)."""
    protos = "|".join(map(re.escape, SRV_PROTOS))
    return re.compile(rf"(?!_[^.\\]+\.(?:{protos})\.[^\\]*\Z)", re.IGNORECASE | re.ASCII)


def srv_owner_problem(owner: str) -> tuple[str, str] | None:
    """Why an SRV owner is not ``_service._proto.<name>`` and how to write it (``(why, fix)``;
    ``fix`` may be empty), or ``None`` when it is (or is a wildcard, which is deliberate)."""
    if owner[:1] == "_" and "\\" not in owner:  # the common, well-formed case, without a label list
        i = owner.find(".")
        j = owner.find(".", i + 1) if i > 1 else -1
        if j > 0 and owner[i + 1 : j].lower() in SRV_PROTOS:
            return None
    labels = two_labels(owner)
    if len(labels) == 2 and labels[0][:1] == "_" and len(labels[0]) > 1 and labels[1].lower() in SRV_PROTOS:
        return None
    if labels and labels[0] == "*":
        return None
    if len(labels) < 2:
        return "it has fewer than two labels, not _service._proto.<domain>", ""
    service, proto = labels[0], labels[1]
    s_low, p_low = service.lower(), proto.lower()
    protos = ", ".join(SRV_PROTOS)
    if s_low in SRV_PROTOS and p_low.startswith("_") and p_low not in SRV_PROTOS:
        return f"the labels are swapped ('{brief(service, 30)}.{brief(proto, 30)}')", f"write '{proto}.{service}'"
    if "_" + p_low in SRV_PROTOS and not service.startswith("_") and len(service) > 0:
        return (
            f"neither label has its underscore ('{brief(service, 30)}.{proto}')",
            f"write '_{service}._{proto}'",
        )
    if "_" + p_low in SRV_PROTOS:
        return f"the protocol label '{proto}' lacks its underscore", f"write '{service}._{proto}'"
    if p_low not in SRV_PROTOS:
        if not service.startswith("_"):
            return (
                "it does not start with _service._proto.<domain>",
                f"the labels are '{service}.{proto}'; the protocol label must be one of {protos}",
            )
        return f"the protocol label '{brief(proto, 30)}' is not one of {protos}", ""
    if service == "_":
        return "the service label '_' is empty", ""
    if not service.startswith("_"):
        return f"the service label '{brief(service, 30)}' lacks its underscore", f"write '_{service}.{proto}'"
    return None


class SrvOwnerMalformed(Rule):
    """## What it checks
    An SRV record whose owner does not start with `_service._proto`: the first label must start
    with an underscore, and the second must be `_tcp`, `_udp`, `_tls` or `_sctp` (for example
    `_xmpp-server.tcp` or `xmpp-client._tcp` are wrong). RFC 6335's 15-character limit on service
    names is deliberately not enforced: Microsoft's `_sipfederationtls` has 16. Wildcard owners
    (`*._tcp.example.com.`) are left alone.

    ## Why it matters
    RFC 2782 defines the owner as `_Service._Proto.Name`: "An underscore (_) is prepended to the
    service identifier to avoid collisions with DNS labels that occur in nature", and the same for
    the protocol. Clients only ever query the underscore form, so a record at
    `_xmpp-server.tcp.example.com.` is never found and the service is invisible.

    ## Example
    ```
    _xmpp-server.tcp  IN SRV 5 0 5269 xmpp.example.com.
    xmpp-client._tcp  IN SRV 5 0 5222 xmpp.example.com.
    ```

    ## How to fix
    ```
    _xmpp-server._tcp  IN SRV 5 0 5269 xmpp.example.com.
    _xmpp-client._tcp  IN SRV 5 0 5222 xmpp.example.com.
    ```

    ## Anchor
    The first SRV record of the malformed owner (one finding per owner).
    """

    code = "ZL106"
    judges_served_data = False
    zone_local = True
    name = "srv-owner-malformed"
    severity = WARNING
    summary = "An SRV owner does not start with _service._proto"
    tags = ("srv", "rfc2782", "syntax")

    def check(self, ctx):
        # whether an owner has a problem does not depend on its case: an owner of the common,
        # well-formed shape (srv_owner_problem's own first test, matched in C for every owner)
        # is passed without remembering its key; the others are judged at the first record of
        # their key
        seen: set[str] = set()
        srvs = ctx.zone.by_type("SRV")
        for rec in compress(srvs, map(uncommon_srv_owner().match, map(_OWNER, srvs))):
            owner = rec.owner
            k = owner.lower()
            if k in seen:
                continue
            seen.add(k)
            problem = srv_owner_problem(owner)
            if problem is not None:
                why, fix = problem
                fix = fix or "rename it to _service._proto.<domain> (e.g. _sip._tcp)"
                yield ctx.finding(
                    rec,
                    f"SRV owner {brief(rec.owner)}: {why}",
                    help=f"{fix[:1].upper()}{fix[1:]}: clients only query the _service._proto "
                    f"form (RFC 2782), so this record is never found.",
                )
