"""Name rules: owners that end in the origin twice, single-label targets, host-name syntax
(ZL107, ZL109, ZL111).

One finding per fault with the target rules: a target ZL109 or ZL111 reports is skipped by
ZL103 and ZL703 (``reported_by_target_rules`` in ``rules/helpers/targets.py``); an IP literal as a target
stays ZL102's, a target doubled by a missing dot ZL105's.
"""

from __future__ import annotations

from itertools import chain, compress
from operator import attrgetter, not_

from zonelint import ROOT, WARNING, Rule

from .helpers import (
    MESSAGE_WIDTH,
    PLAIN_HOST_NAME,
    brief,
    problem_finding,
    below_delegation,
    doubled_by_directive,
    DoublingScreen,
    hostname_problem,
    ip_literal,
    missing_dot_fix,
    origin_doubled,
    single_label_target,
    target_records,
    target_survey,
)

#: record type -> what its target is called in messages
TARGET_NAMES = {
    "SRV": "SRV target",
    "MX": "MX exchange",
    "NS": "NS host",
    "CNAME": "CNAME target",
    "PTR": "PTR target",
}
_OWNER_OF = attrgetter("owner")
#: reverse-mapping trees, where BIND checks PTR targets as host names
REVERSE_TREES = ("in-addr.arpa.", "ip6.arpa.", "ip6.int.")
#: RFC 6763 §11 DNS-SD browsing domains in reverse trees: their PTR targets are not host names
DNS_SD_PREFIXES = tuple(f"{p}._dns-sd._udp." for p in ("b", "db", "r", "dr", "lb"))
#: second labels of A/AAAA owners that BIND exempts: SPF `exists:` macro targets
SPF_LABELS = ("_spf", "_spf_rate", "_spf_verify")


def address_owner_problem(owner: str) -> str | None:
    """:func:`hostname_problem` for an A/AAAA/MX owner, with BIND's exceptions: a leading `*`
    label, Active Directory's `gc._msdcs.<forest>` and SPF `exists:` names `<label>._spf.<host>`
    (also `_spf_rate`, `_spf_verify`)."""
    why = hostname_problem(owner, wildcard=True)
    if why is None:
        return None
    k = owner.lower()
    if k.startswith("gc._msdcs."):
        return hostname_problem(owner[len("gc._msdcs.") :])
    first = k.split(".", 2)
    if len(first) == 3 and first[1] in SPF_LABELS:
        rest = owner[len(first[0]) + len(first[1]) + 2 :]
        return hostname_problem(owner[: len(first[0])] + "." + (rest or ""))
    return why


def _relative(name: str, origin: str) -> str:
    """``name`` relative to ``origin`` when it lies below it (for "write it as ..." hints)."""
    k, o = name.lower(), origin.lower()
    if k == o:
        return "@"
    if o != ROOT and k.endswith("." + o):
        return name[: len(name) - len(o) - 1]
    return name


def _directive_fix(zone, problem):
    """The fix of a relative ``$ORIGIN``/``$INCLUDE`` origin that doubles the zone origin (the
    loader reports only one written with the origin text and without its dot): the dot, which
    makes it the origin that was meant (``problem.owner`` without the zone origin appended); the
    records below are then fine as written. ``None`` when that origin was relative to another
    ``$ORIGIN`` than the zone's, or when a name below would still end in the origin twice once
    the dot is there (``www.example.org`` written below ``$ORIGIN example.org``): what was meant
    there is for a human to say."""
    doubled, origin = (problem.owner or "").lower(), (zone.origin or "").lower()
    if not origin or not doubled.endswith("." + origin):
        return None
    meant = problem.owner[: len(doubled) - len(origin)]
    texts = (meant[:-1].lower(), origin[:-1])
    if not (texts[0] == texts[1] or texts[0].endswith("." + texts[1])):
        return None  # relative to another $ORIGIN: the written origin is not ``meant``
    suffix = "." + doubled
    for rec in zone.records:
        for name in (rec.owner, rec.target):
            k = name.lower() if name else ""
            if k.endswith(suffix):
                written = k[: -len(suffix)]
                if any(written == t or written.endswith("." + t) for t in texts):
                    return None
    from zonelint import Fix, make_origin_absolute  # the fix vocabulary: imported when a fix is made

    return Fix.of(f"add the missing trailing dot to the origin: {meant}", make_origin_absolute(problem, meant))


class _Writers:
    """The last record at or before an index that wrote its owner (at column 1), found by
    reading ``records`` forward once, as far as asked (indexes asked in increasing order)."""

    __slots__ = ("records", "next", "writer")

    def __init__(self, records) -> None:
        self.records = records
        self.next = 0
        self.writer = None

    def at(self, index: int):
        records, writer = self.records, self.writer
        for j in range(self.next, index + 1):
            if records[j].column == 1:
                writer = records[j]
        self.next = max(self.next, index + 1)
        self.writer = writer
        return writer


class OwnerOriginDoubled(Rule):
    """## What it checks
    An owner name that ends in the zone origin twice: a relative owner written with the origin
    but without the trailing dot (`_xmpp-server._tcp.example.org` in the zone `example.org.`
    becomes `_xmpp-server._tcp.example.org.example.org.`). The `$ORIGIN` in effect for the record
    and the zone origin are both considered. When the doubling comes from a relative `$ORIGIN`
    (`$ORIGIN example.org`, without its dot) or `$INCLUDE file example.org`, there is one finding
    at that directive instead of one per record below it. Single-label origins are left alone (a
    zone `com.` may own `com.com.`), and so are names below a delegation (glue and occluded data
    belong to the child zone).

    ## Why it matters
    In master files a name without a trailing dot is relative (RFC 1035 §5.1): the origin is
    appended to it. The record loads without complaint under a name nobody queries, and the name
    that was meant has no such record: the service, host or policy silently disappears.

    ## Example
    ```
    $ORIGIN example.org.
    _xmpp-server._tcp.example.org  IN SRV 5 0 5269 xmpp.example.org.   ; ZL107
    ```

    ## How to fix
    Add the trailing dot, or write the owner relative to the origin:
    ```
    $ORIGIN example.org.
    _xmpp-server._tcp  IN SRV 5 0 5269 xmpp.example.org.
    ```
    `zonelint --fix` adds the dot when the owner was written with the origin text (on the line
    that writes it, also for the records below that leave their owner blank), and to a relative
    `$ORIGIN example.org` or `$INCLUDE file example.org` origin, which fixes the records below it
    without touching them.

    ## Anchor
    The record whose owner is doubled; for a relative `$ORIGIN`/`$INCLUDE` origin, the directive.
    """

    code = "ZL107"
    memos = ("rules.helpers.delegations", "rules.helpers.doubled_origins")
    judges_served_data = False
    zone_local = True
    name = "owner-origin-doubled"
    severity = WARNING
    fixable = True
    summary = "An owner name ends in the zone origin twice: a missing trailing dot"
    tags = ("names", "syntax", "rfc1035")

    def check(self, ctx):
        zone = ctx.zone
        for problem in zone.problems:  # a relative $ORIGIN / $INCLUDE origin, found by the loader
            if problem.code == self.code:
                yield problem_finding(ctx, problem, fix=_directive_fix(zone, problem))
        origin = zone.origin
        if origin is None or origin.count(".") < 2:
            return
        shortest = 2 * len(origin) - 1  # "<origin without dot>.<origin>"
        records = zone.records
        writers = _Writers(records)
        last = (None, None, None)  # (owner, origin, meant) of the record before: often the same
        for i, rec in DoublingScreen(zone).owners(records, shortest):
            owner = rec.owner
            if owner is last[0] and rec.origin is last[1]:
                meant = last[2]
            else:
                meant = origin_doubled(rec, owner, zone)
                last = (owner, rec.origin, meant)
            if meant is None or doubled_by_directive(zone, rec):
                continue
            if below_delegation(zone, owner):
                continue  # glue or occluded data below a delegation: the child zone's business
            from zonelint import OWNER  # the fix vocabulary: imported when a fix is made

            writer = writers.at(i)
            if rec.column == 1:
                fix = missing_dot_fix(rec, owner, meant, OWNER)
            elif writer is not None and writer.file is rec.file and writer.owner == owner:
                fix = missing_dot_fix(rec, owner, meant, OWNER, writer=writer)  # the line above writes it
            else:
                fix = None
            yield ctx.finding(
                rec,
                f"owner {brief(owner, 70)} ends in the origin twice",
                help=f"{meant} was written without its trailing dot, so the origin was appended "
                f"(RFC 1035 §5.1) and this {rec.rdtype} record sits where nobody looks: write "
                f"{meant} (with the dot) or {_relative(meant, origin)}.",
                fix=fix,
            )


class TargetSingleLabel(Rule):
    """## What it checks
    An SRV, MX, NS or CNAME target that is an absolute single-label name other than `.`, such as
    `svc1 CNAME services.`: almost always a relative name written with a trailing dot, so the
    origin was never appended. A target that is the apex of a loaded zone (`MX 0 ai.` in the TLD
    zone `ai.`) is fine. `localhost.` gets its own message (for MX, the null MX of RFC 7505 is
    what was meant). An IP address written as a target stays ZL102's; ZL103 and ZL703 do not
    report these targets again.

    ## Why it matters
    Top-level domains almost never own addresses or mail servers (ICANN's SAC053 "dotless
    domains" advice and RFC 7085), so `services.` does not resolve and the service, mail or alias
    is dead. `localhost.` resolves to the resolving machine itself (RFC 6761 §6.3): no other host
    reaches a service there, and mail to `MX localhost.` loops back to the sender.

    ## Example
    ```
    $ORIGIN example.com.
    svc1  IN CNAME services.        ; ZL109: services.example.com. was meant
    @     IN MX    10 localhost.    ; ZL109: use the null MX
    ```

    ## How to fix
    ```
    $ORIGIN example.com.
    svc1  IN CNAME services
    @     IN MX    0 .
    ```

    ## Anchor
    The record whose target is a single label.
    """

    code = "ZL109"
    memos = ("rules.helpers.target_survey", "rules.targets.target_records", "rules.helpers.run_apexes")
    name = "target-single-label"
    severity = WARNING
    summary = "An SRV, MX, NS or CNAME target is a single-label name such as 'services.'"
    tags = ("targets", "names")

    def check(self, ctx):
        graph, zone = ctx.graph, ctx.zone
        # the SRV/MX/NS records of single-label targets (the survey the target rules share), then
        # the CNAMEs ZL105 and ZL703 share
        single = ((r, r.target) for r in target_survey(graph, zone).single)
        for rec, target in chain(single, target_records(zone, ("CNAME",))):
            if "." in target[:-1] or not single_label_target(graph, target):
                continue
            if rec.rdtype != "CNAME" and ip_literal(rec, target, zone) is not None:
                continue  # ZL102's
            what = TARGET_NAMES[rec.rdtype]
            if target.lower() == "localhost.":
                if rec.rdtype == "MX":
                    fix = (
                        "to say that the domain accepts no mail, publish the null MX `MX 0 .` "
                        "(RFC 7505); otherwise point at the real mail server"
                    )
                else:
                    fix = "point at the host that really runs the service"
                yield ctx.finding(
                    rec,
                    f"{what} localhost. is the machine of whoever resolves it, never this domain's server",
                    help=f"{fix[:1].upper()}{fix[1:]} (localhost. is special, RFC 6761 §6.3).",
                )
                continue
            rel = target[:-1]
            yield ctx.finding(
                rec,
                f"{what} {brief(target)} is a single-label name (a top-level domain)",
                help=f"Write {rel} (without the dot) or its full name, e.g. {rel}.{zone.origin or ''} "
                f"(with it): a single-label name almost never resolves, and {rel} was probably "
                f"meant relative to the origin (RFC 1035 §5.1).",
            )


class HostnameSyntax(Rule):
    """## What it checks
    BIND's `check-names`: the names that must be host names, as BIND checks them.

    - owners of A, AAAA and MX records (a leading `*` label is a wildcard, allowed; like BIND,
      A/AAAA owners `gc._msdcs.<forest>` of Active Directory and SPF `exists:` names
      `<label>._spf.<host>`, `_spf_rate`, `_spf_verify` are accepted);
    - the SOA MNAME (a host name) and RNAME (a mailbox: its first label is free);
    - NS, MX and SRV targets (no wildcard);
    - PTR targets, only for owners under `in-addr.arpa`, `ip6.arpa` or `ip6.int` (not the DNS-SD
      browsing names `b`, `db`, `r`, `dr`, `lb._dns-sd._udp` there, RFC 6763 §11).

    A host name's labels are letters, digits and hyphens, starting and ending with a letter or a
    digit (all-digit labels are allowed). CNAME targets and SRV owners (`_sip._tcp`) are not
    checked. An IP literal as a target stays ZL102's, a single-label target ZL109's. The classic
    RTC case is an SRV target `_sip._udp.example.com.` that points at another SRV owner: ZL103
    does not report that target again.

    ## Why it matters
    RFC 952 and RFC 1123 §2.1 define host names; BIND enforces them with `check-names`:
    `named-checkzone` warns (`bad owner name (check-names)`, `bad name (check-names)`)
    and `named`, whose default is `check-names primary fail`, refuses to load the zone. Names
    with underscores or spaces also fail in many resolvers, MTAs and SIP stacks that validate host
    names.

    ## Example
    ```
    host_1      IN A   192.0.2.1                                ; ZL111: '_' in an A owner
    _sip._udp   IN SRV 0 0 5060 _sip._tcp.example.com.          ; ZL111: target is an SRV owner
    ```

    ## How to fix
    ```
    host-1      IN A   192.0.2.1
    _sip._udp   IN SRV 0 0 5060 sip.example.com.
    ```

    ## Anchor
    The record (one finding per record, naming every name that fails).
    """

    code = "ZL111"
    memos = ("rules.helpers.target_survey", "rules.targets.target_records", "rules.helpers.run_apexes")
    name = "hostname-syntax"
    severity = WARNING
    summary = "A name BIND's check-names requires to be a host name is not one"
    tags = ("names", "syntax", "bind", "rfc952", "rfc1123")

    def check(self, ctx):
        graph, zone = ctx.graph, ctx.zone
        owners: dict[tuple[str, bool], str | None] = {}
        bad: dict[int, list[str]] = {}
        order: list = []

        def add(rec, kind, name, why, hint=""):
            item = (kind, name, why, hint)
            got = bad.get(id(rec))
            if got is None:
                bad[id(rec)] = [item]
                order.append(rec)
            else:
                got.append(item)

        for rdtype in ("A", "AAAA", "MX"):
            recs = zone.by_type(rdtype)
            # a plain host name has no problem (hostname_problem's own first test, run here in C
            # for every owner): only the records of the others are walked
            for rec in compress(recs, map(not_, map(PLAIN_HOST_NAME.match, map(_OWNER_OF, recs)))):
                k = rec.owner
                mx = rdtype == "MX"  # BIND's gc._msdcs and _spf exceptions are for A/AAAA owners
                why = owners.get((k, mx), owners)
                if why is owners:
                    why = owners[(k, mx)] = hostname_problem(k, wildcard=True) if mx else address_owner_problem(k)
                if why is not None:
                    add(rec, "owner", k, why)
        for rec in zone.by_type("SOA"):
            if rec.data is None:
                continue
            why = hostname_problem(rec.data[0])
            if why is not None:
                add(rec, "SOA MNAME", rec.data[0], why)
            why = hostname_problem(rec.data[1], mailbox=True)
            if why is not None:
                add(rec, "SOA RNAME", rec.data[1], why, " (a mailbox, first label free)")
        for rec in target_survey(graph, zone).bad_host:  # hostname_problem(target) is a reason
            target = rec.target
            why = hostname_problem(target)
            if why is None or ip_literal(rec, target, zone) is not None:
                continue
            if single_label_target(graph, target):
                continue  # ZL109's
            hint = ""
            if target.startswith("_") and rec.rdtype == "SRV" and graph.has_type(target, "SRV"):
                hint = f" ({target} is an SRV owner: an SRV target names a host, so point at the host its SRV names)"
            add(rec, TARGET_NAMES[rec.rdtype], target, why, hint)
        for rec, target in target_records(zone, ("PTR",)):
            k = rec.key
            if not k.endswith(REVERSE_TREES) or k.startswith(DNS_SD_PREFIXES):
                continue
            why = hostname_problem(target)
            if why is not None:
                add(rec, "PTR target", target, why)
        for rec in order:
            items = bad[id(rec)]
            kind, name, why, _ = items[0]
            more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
            message = f"not a valid host name: {kind} {brief(name)}: {why}{more}"
            if len(message) > MESSAGE_WIDTH:
                message = f"not a valid host name: {kind} {brief(name)}{more}"
            listed = "; ".join(f"{k} {n}{h}: {w}" for k, n, w, h in items)
            yield ctx.finding(
                rec,
                message,
                help=f"Use only letters, digits and hyphens in host names (RFC 952, RFC 1123 §2.1): "
                f"{listed}. named-checkzone warns (check-names) and named refuses to load the zone "
                f"as primary (check-names primary fail, the default).",
            )
