"""TTL and SOA-timer rules (ZL601, ZL602, ZL603, ZL605, ZL606)."""

from __future__ import annotations

from zonelint import MAX_TTL, WARNING, Option, Rule

from .helpers import brief, positions

# MAX_TTL (RFC 2181 §8): larger TTLs (up to 2^32 - 1; BIND loads them as 0) are ZL603's


def rrset_key(rec) -> tuple:
    """The RRset a record belongs to: owner (case-folded), class, type; RRSIGs also by the type
    they cover (RFC 4034 §3: each covered RRset has its own signature TTL)."""
    if rec.rdtype == "RRSIG":
        covered = rec.rdata_text.split(None, 1)[0].upper() if rec.rdata_text else ""
        return (rec.owner.lower(), rec.rdclass, "RRSIG", covered)
    return (rec.owner.lower(), rec.rdclass, rec.rdtype)


class TtlRrsetMismatch(Rule):
    """## What it checks
    Records of one RRset (same owner, class and type; RRSIGs also by covered type) that carry
    different TTLs. One finding per RRset.

    ## Why it matters
    RFC 2181 §5.2: "the use of differing TTLs in an RRSet is hereby deprecated, the TTLs of all
    RRs in an RRSet must be the same." Servers do not agree on what to serve: BIND warns ("TTL
    set to prior TTL") and uses the first record's TTL for the whole RRset, while dnspython
    silently lowers the RRset to the smallest TTL. Whichever you meant, some software serves the
    other.

    ## Example
    ```
    _xmpp-client._tcp  3600 IN SRV 0 5 5222 xmpp1.example.com.
    _xmpp-client._tcp   300 IN SRV 0 5 5222 xmpp2.example.com.   ; ZL601
    ```

    ## How to fix
    Give every record of the RRset the same TTL (or omit it and rely on `$TTL`).

    ## Anchor
    The first record whose TTL differs from the RRset's first record.
    """

    code = "ZL601"
    memos = ("zonelint.graph.multi_rrsets",)
    zone_local = True
    name = "ttl-rrset-mismatch"
    severity = WARNING
    summary = "Records of one RRset carry different TTLs"
    tags = ("ttl", "rfc2181")

    def check(self, ctx):
        # only records sharing owner and type can disagree: the zone's shared RRset groups
        for group in ctx.zone.multi_rrsets():
            head = group[0]
            if head.rdtype != "RRSIG":  # the common case: one TTL (most groups: two records)
                ttl = head.ttl  # (classes split the group only into RRsets of that one TTL)
                if len(group) == 2:
                    if group[1].ttl == ttl:
                        continue
                elif all(r.ttl == ttl for r in group):
                    continue
            by_key: dict[tuple, list] = {}
            for r in group:
                by_key.setdefault(rrset_key(r), []).append(r)
            for recs in by_key.values():
                head = recs[0]
                rec = next((r for r in recs if r.ttl != head.ttl), None)
                if rec is not None:
                    yield self._finding(ctx, rec, head, {r.ttl for r in recs})

    @staticmethod
    def _finding(ctx, rec, head, ttls):
        others = ", ".join(str(t) for t in sorted(ttls))
        how = "written" if rec.file.uri is None else "served"  # a served record was never written here
        return ctx.finding(
            rec,
            f"{brief(rec.owner)} {rec.rdtype} RRset has differing TTLs: this record has {rec.ttl}, "
            f"{positions([head], rec) or 'the first'} has {head.ttl}",
            help=f"Give every record of the RRset one TTL (RFC 2181 §5.2 says they must be equal; "
            f"TTLs {how}: {others}): BIND keeps the first ({head.ttl}) for all, dnspython "
            f"silently uses the smallest ({min(ttls)}).",
        )


class TtlTooLow(Rule):
    """## What it checks
    A record whose TTL is strictly below `min-ttl` (default 60). A TTL of 0 always fires, even
    with `min-ttl = 0`.

    ## Why it matters
    Very short TTLs multiply the queries every resolver sends for the name and make the service
    depend on the authoritative servers being reachable at every lookup. A TTL of 0 means "do not
    cache" (RFC 1035 §3.2.1) and is meant for SOA or extremely volatile data only. Short TTLs do
    have a use: the ConnexCS SIP guide puts its SRV tiers at 60 s ("TTL is 60 seconds on the
    records here, so they can be changed quickly if needed"), which is why the default bound is
    60 and 60 itself passes.

    ## Example
    ```
    _sip._udp  10 IN SRV 10 0 5060 sip.example.com.    ; ZL602
    ```

    ## How to fix
    Use at least 60 s (lower a TTL ahead of a planned change, then raise it again).

    ## Options
    - `min-ttl` (int, default 60): TTLs strictly below this fire.

    ## Anchor
    The record.
    """

    code = "ZL602"
    zone_local = True
    name = "ttl-too-low"
    severity = WARNING
    summary = "A TTL is below min-ttl (default 60), or 0"
    tags = ("ttl",)
    options = {"min-ttl": Option(int, 60, "TTLs strictly below this value are reported (0 always is)")}

    def check(self, ctx):
        low = self.config["min-ttl"]
        helps: dict[int, str] = {}  # TTL -> its help: one text shared by the findings of a TTL
        for rec in ctx.zone.records:
            ttl = rec.ttl
            if ttl >= low and ttl != 0:
                continue
            if ttl == 0:
                msg = f"{brief(rec.owner)} {rec.rdtype} has TTL 0: resolvers may not cache it at all"
            else:
                msg = f"{brief(rec.owner)} {rec.rdtype} has TTL {ttl}, below the minimum {low}"
            help = helps.get(ttl)
            if help is None:
                help = helps[ttl] = self._help(ttl, low)
            yield ctx.finding(rec, msg, help=help)

    @staticmethod
    def _help(ttl: int, low: int) -> str:
        if ttl == 0:
            return (
                f"Use at least {max(low, 1)}: with TTL 0 every lookup reaches your servers "
                f"(RFC 1035 §3.2.1)."
            )
        return (
            f"Use at least {low} (option min-ttl): every resolver re-queries it every "
            f"{ttl} second{'s' if ttl != 1 else ''} (RFC 1035 §3.2.1)."
        )


class TtlTooHigh(Rule):
    """## What it checks
    A record whose TTL is above `max-ttl` (default 604800 s, one week), and always one above
    2147483647 (RFC 2181 §8's maximum; TTLs that do not fit 32 bits are parse errors, ZL001).

    ## Why it matters
    Resolvers cap what they cache: BIND's `max-cache-ttl` defaults to 604800 s (one week), so a
    longer TTL gains nothing. It only means that a change to the record (a moved XMPP or SIP
    server, a rotated address) takes up to that long to reach every cache that does honour it.
    RFC 2181 §8 bounds TTLs at 2147483647 and has a larger value treated as 0; BIND loads such a
    record with TTL 0 ("> MAXTTL, setting TTL to 0"): nothing caches it.

    ## Example
    ```
    xmpp  2592000 IN A 192.0.2.10     ; ZL603: 30 days
    ```

    ## How to fix
    Use a TTL of at most a week (a day is common).

    ## Options
    - `max-ttl` (int, default 604800): TTLs strictly above this fire.

    ## Anchor
    The record.
    """

    code = "ZL603"
    zone_local = True
    name = "ttl-too-high"
    severity = WARNING
    summary = "A TTL is above max-ttl (default 604800, BIND's max-cache-ttl)"
    tags = ("ttl",)
    options = {"max-ttl": Option(int, 604800, "TTLs strictly above this value are reported")}

    def check(self, ctx):
        high = self.config["max-ttl"]
        # the helps depend on the option only: one text each, shared by every finding
        beyond = (f"Use at most {high}: a TTL above {MAX_TTL} (RFC 2181 §8) counts as 0 "
                  f"(BIND: '> MAXTTL, setting TTL to 0'), so nothing caches it.")
        above = (f"Use at most {high} (option max-ttl; BIND's default max-cache-ttl is 604800): "
                 f"resolvers cap it anyway, and a change takes that long to reach the caches that "
                 f"do not.")
        for rec in ctx.zone.records:
            ttl = rec.ttl
            if ttl > MAX_TTL:
                yield ctx.finding(
                    rec,
                    f"{brief(rec.owner)} {rec.rdtype} has TTL {ttl}, above {MAX_TTL}, the largest TTL",
                    help=beyond,
                )
                continue
            if ttl <= high:
                continue
            yield ctx.finding(
                rec,
                f"{brief(rec.owner)} {rec.rdtype} has TTL {ttl}, above the maximum {high}",
                help=above,
            )


class DefaultTtlMissing(Rule):
    """## What it checks
    A record written without a TTL when no `$TTL` directive precedes it, so its TTL is inherited
    from the previous record (or, before any, from the SOA minimum).

    ## Why it matters
    RFC 1035 §5.1 lets an omitted TTL default to the previous record's, which makes a record's
    TTL depend on what happens to be written above it: moving or inserting a line silently
    changes TTLs. RFC 2308 §4 introduced `$TTL` for exactly this and asks for it; BIND loads such
    zones with the warning "no TTL specified; using SOA MINTTL instead" or "using RFC1035 TTL
    semantics".

    ## Example
    ```
    $ORIGIN example.com.
    @     3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
    xmpp       IN A   192.0.2.10    ; ZL605: TTL 3600 inherited from the SOA line
    ```

    ## How to fix
    Put `$TTL 3600` (or your default) at the top of the zone file.

    ## Anchor
    Each record without an explicit TTL and without a preceding `$TTL`.
    """

    code = "ZL605"
    judges_served_data = False
    zone_local = True
    name = "default-ttl-missing"
    severity = WARNING
    summary = "A record has no TTL and no $TTL precedes it (RFC 2308 §4)"
    tags = ("ttl", "rfc2308", "rfc1035")

    def check(self, ctx):
        last = None  # records written alike share their place, where the TTL's source is
        inherited = False
        for rec in ctx.zone.records:
            place = rec.place
            if place is not last:
                last = place
                inherited = place.ttl_source not in ("explicit", "$TTL")
            if not inherited:
                continue
            source = place.ttl_source
            where = {
                "previous": "from the previous record",
                "soa-minimum": "from the SOA minimum",
            }[source]
            yield ctx.finding(
                rec,
                f"{brief(rec.owner)} {rec.rdtype}: no TTL and no $TTL before it; TTL {rec.ttl} "
                f"{where}",
                help="Add a $TTL directive at the top of the file (RFC 2308 §4); without it the TTL "
                "is inherited (RFC 1035 §5.1; BIND: \"using RFC1035 TTL semantics\").",
            )


class SoaTimers(Rule):
    """## What it checks
    The SOA timers of the zone, each bound an option:

    - retry < refresh (RFC 1912 §2.2; Zonemaster ZONE03), option `retry-below-refresh`;
    - expire ≥ refresh and expire > retry (Zonemaster ZONE05; RFC 1912 §2.2), option
      `expire-above-refresh`;
    - refresh ≥ `min-refresh` (1200, RFC 1912 §2.2);
    - expire ≥ `min-expire` (604800, Zonemaster ZONE05);
    - `min-minimum` ≤ minimum ≤ `max-minimum` (300–86400, Zonemaster ZONE06; RFC 2308 §5).

    One finding per violated check; only the first SOA at the apex is judged (ZL004 reports
    others).

    ## Why it matters
    The timers drive secondaries: a retry longer than the refresh means a failed refresh is
    retried later than a normal one; an expire shorter than the refresh makes secondaries drop
    the zone before they would even try to refresh it; a too short expire takes the zone offline
    during a long primary outage; the minimum field is the negative-caching TTL (RFC 2308 §4/§5),
    so a tiny one floods the servers with repeated NXDOMAIN queries and a huge one keeps a newly
    added name (a new `_xmpp-server._tcp` SRV) invisible for days.

    ## Example
    ```
    @  IN SOA ns1 hostmaster 1 600 3600 86400 60   ; ZL606 x4
    ```

    ## How to fix
    ```
    @  IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
    ```

    ## Options
    - `min-refresh` (int, default 1200)
    - `min-expire` (int, default 604800)
    - `min-minimum` (int, default 300), `max-minimum` (int, default 86400)
    - `retry-below-refresh` (bool, default true): check retry < refresh
    - `expire-above-refresh` (bool, default true): check expire ≥ refresh and expire > retry

    ## Anchor
    The SOA record.
    """

    code = "ZL606"
    zone_local = True
    name = "soa-timers"
    severity = WARNING
    summary = "SOA timers are inconsistent or out of range"
    tags = ("soa", "rfc1912", "rfc2308", "zonemaster")
    options = {
        "min-refresh": Option(int, 1200, "Smallest acceptable SOA refresh (RFC 1912 §2.2)"),
        "min-expire": Option(int, 604800, "Smallest acceptable SOA expire (Zonemaster ZONE05)"),
        "min-minimum": Option(int, 300, "Smallest acceptable SOA minimum (Zonemaster ZONE06)"),
        "max-minimum": Option(int, 86400, "Largest acceptable SOA minimum (Zonemaster ZONE06; RFC 2308 §5)"),
        "retry-below-refresh": Option(bool, True, "Require retry < refresh (RFC 1912 §2.2; Zonemaster ZONE03)"),
        "expire-above-refresh": Option(
            bool, True, "Require expire >= refresh and expire > retry (Zonemaster ZONE05; RFC 1912)"
        ),
    }

    def check(self, ctx):
        soas = ctx.zone.apex("SOA")
        if not soas:
            return
        soa = soas[0]
        if soa.data is not None:
            refresh, retry, expire, minimum = soa.data[3:7]
        else:  # pragma: no cover - the loader fills data for SOA
            rd = soa.rdata
            refresh, retry, expire, minimum = rd.refresh, rd.retry, rd.expire, rd.minimum
        cfg = self.config
        if cfg["retry-below-refresh"] and not retry < refresh:
            yield ctx.finding(
                soa,
                f"SOA retry {retry} is not below refresh {refresh}",
                help="Make retry smaller than refresh (RFC 1912 §2.2; Zonemaster ZONE03), or "
                "secondaries retry a failed refresh later than they refresh a working one.",
            )
        if cfg["expire-above-refresh"] and not (expire >= refresh and expire > retry):
            yield ctx.finding(
                soa,
                f"SOA expire {expire} is not >= refresh {refresh} and > retry {retry}",
                help="Raise expire above refresh and retry (Zonemaster ZONE05; RFC 1912 §2.2): "
                "secondaries would drop the zone before refreshing it.",
            )
        if refresh < cfg["min-refresh"]:
            yield ctx.finding(
                soa,
                f"SOA refresh {refresh} is below {cfg['min-refresh']}",
                help=f"Use a refresh of at least {cfg['min-refresh']} (RFC 1912 §2.2; option "
                f"min-refresh).",
            )
        if expire < cfg["min-expire"]:
            yield ctx.finding(
                soa,
                f"SOA expire {expire} is below {cfg['min-expire']}",
                help=f"Use an expire of at least {cfg['min-expire']} (Zonemaster ZONE05; option "
                f"min-expire): a long primary outage takes the zone offline.",
            )
        if not cfg["min-minimum"] <= minimum <= cfg["max-minimum"]:
            yield ctx.finding(
                soa,
                f"SOA minimum (negative-caching TTL) {minimum} is outside {cfg['min-minimum']}–"
                f"{cfg['max-minimum']}",
                help=f"Use a minimum between {cfg['min-minimum']} and {cfg['max-minimum']} "
                f"(Zonemaster ZONE06; RFC 2308 §5; options min-minimum, max-minimum).",
            )
