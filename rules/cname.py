"""CNAME hygiene and record-set sanity: ZL701-ZL705.

Shared predicates (:func:`cname_at_apex`, :func:`other_data`) are plain functions used by more than
one rule, so that ZL701 and ZL702 never both report one CNAME.
"""

from __future__ import annotations

from zonelint import ABSENT, ERROR, INFO, UNKNOWN, WARNING, Rule

from .helpers import UnreadableTargets, brief, near, positions, reported_by_target_rules, target_records, where

#: Types that may sit beside a CNAME. RFC 2181 §10.1: "An alias name (label of a CNAME record)
#: may, if DNSSEC is in use, have SIG, NXT, and KEY RRs, but may have no other data."; RFC 4035
#: §2.5 replaces SIG/NXT by RRSIG/NSEC. KEY is *not* excepted: BIND's current checkzone tests
#: (`bad-cname-and-key.db`) refuse a KEY beside a CNAME, although RFC 4035 §2.5 still allows one
#: "for secure dynamic update purposes".
CNAME_COMPANIONS = frozenset({"CNAME", "RRSIG", "NSEC", "SIG", "NXT"})


def cname_at_apex(zone, rec) -> bool:
    """True when ``rec`` (a CNAME) sits at ``zone``'s apex: ZL702's fault, never ZL701's."""
    return zone.origin is not None and rec.key == zone.key


def group_by_owner(records) -> dict[str, list]:
    """Records grouped by case-folded owner, in file order."""
    out: dict[str, list] = {}
    for rec in records:
        lst = out.get(rec.key)
        if lst is None:
            out[rec.key] = [rec]
        else:
            lst.append(rec)
    return out


def split_by_class(groups) -> list[list]:
    """``groups`` (lists of records sharing owner and type) split further by class, dropping
    the parts with a single record."""
    out = []
    for recs in groups:
        cls = recs[0].rdclass
        if all(r.rdclass == cls for r in recs):
            out.append(recs)
            continue
        by_class: dict[str, list] = {}
        for r in recs:
            by_class.setdefault(r.rdclass, []).append(r)
        out.extend(lst for lst in by_class.values() if len(lst) > 1)
    return out


def other_data(graph, zone, name: str) -> list:
    """The records of ``zone`` at ``name`` that may not sit beside a CNAME."""
    files = zone.files or [zone.file]
    return [
        r
        for r in graph.rrs(name)
        if r.rdtype not in CNAME_COMPANIONS and (r.file in files or graph.zone_of(r) is zone)
    ]


def _others(recs, cname, limit: int = 4) -> str:
    """``A at line 6, MX at line 9`` (a served record: its type alone, it is at the CNAME's name)."""
    shown = ", ".join(f"{r.rdtype} at {p}" if (p := positions([r], cname)) else r.rdtype for r in recs[:limit])
    return shown + (f" and {len(recs) - limit} more" if len(recs) > limit else "")


class CnameAndOtherData(Rule):
    """## What it checks
    A name (other than the zone apex, which is ZL702's) that owns a CNAME and other records. The
    DNSSEC records RRSIG and NSEC (and their predecessors SIG and NXT) are allowed beside a CNAME;
    everything else is not, KEY included: RFC 4035 §2.5 still permits a KEY for secure dynamic
    update, but BIND refuses it (its checkzone test `bad-cname-and-key.db`), so zonelint reports it.

    ## Why it matters
    RFC 1034 §3.6.2: "If a CNAME RR is present at a node, no other data should be present; this
    ensures that the data for a canonical name and its aliases cannot be different." RFC 2181
    §10.1: an alias name "may, if DNSSEC is in use, have SIG, NXT, and KEY RRs, but may have no
    other data". BIND refuses to load the zone ("CNAME and other data"); servers that do load it
    answer inconsistently, so mail, SIP or XMPP lookups at that name break in ways that depend on
    the resolver.

    ## Example
    ```
    sip   IN CNAME sip.provider.example.
    sip   IN TXT   "v=spf1 -all"
    ```

    ## How to fix
    Keep only the CNAME and move the other records to the name it points at, or drop the CNAME and
    publish the target's records (A/AAAA, ...) directly:
    ```
    sip   IN CNAME sip.provider.example.
    ```

    ## Anchor
    The CNAME record (one finding per name).
    """

    code = "ZL701"
    name = "cname-and-other-data"
    severity = ERROR
    summary = "A name owns a CNAME and other data"
    tags = ("cname", "rfc1034", "rfc2181")

    def check(self, ctx):
        zone, graph = ctx.zone, ctx.graph
        for recs in group_by_owner(zone.by_type("CNAME")).values():
            cname = recs[0]
            if cname_at_apex(zone, cname):
                continue
            others = other_data(graph, zone, cname.owner)
            if not others:
                continue
            key_note = ""
            if any(r.rdtype == "KEY" for r in others):
                key_note = " (RFC 4035 §2.5 tolerates a KEY for dynamic update, but BIND refuses it)"
            yield ctx.finding(
                cname,
                f"{brief(cname.owner)} owns a CNAME and other data: {_others(others, cname, 2)}",
                help=f"A CNAME must be alone at its name (RFC 1034 §3.6.2, RFC 2181 §10.1) and BIND "
                f"refuses the zone: move the other records ({_others(others, cname)}) to {cname.target} "
                f"(the CNAME's target) or replace the CNAME with the records it stands for{key_note}.",
            )


class CnameAtApex(Rule):
    """## What it checks
    A CNAME at the zone apex (the origin itself).

    ## Why it matters
    The apex must own the zone's SOA and NS records (RFC 1035 §5.2, RFC 1034 §4.2.1), and a CNAME
    allows no other data at its name (RFC 1034 §3.6.2, RFC 2181 §10.1): a CNAME at the apex is
    always a conflict. BIND refuses the zone ("CNAME and other data"). This is reported once, here,
    and not again as ZL701.

    ## Example
    ```
    $ORIGIN example.com.
    @   IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
    @   IN NS  ns1
    @   IN CNAME www.example.net.
    ```

    ## How to fix
    Publish the address records at the apex, or use your DNS provider's apex-alias feature
    (ALIAS/ANAME/CNAME flattening), which serves A/AAAA records:
    ```
    @   IN A    192.0.2.80
    @   IN AAAA 2001:db8::80
    ```

    ## Anchor
    The first CNAME at the apex.
    """

    code = "ZL702"
    zone_local = True
    name = "cname-at-apex"
    severity = ERROR
    summary = "The zone apex owns a CNAME"
    tags = ("cname", "rfc1034", "rfc2181")

    def check(self, ctx):
        zone = ctx.zone
        for rec in zone.apex("CNAME"):
            if cname_at_apex(zone, rec):
                yield ctx.finding(
                    rec,
                    f"the zone apex {brief(rec.owner)} owns a CNAME (to {brief(rec.target)})",
                    help="The apex needs SOA and NS records and a CNAME allows no other data "
                    "(RFC 1034 §3.6.2, RFC 2181 §10.1): publish A/AAAA records at the apex instead "
                    "(or use your provider's ALIAS/ANAME flattening).",
                )
                return


class CnameDangling(Rule):
    """## What it checks
    A CNAME whose target lies inside a loaded zone authoritative for it but does not exist there
    (no records, no covering wildcard). Targets outside every loaded zone, or below a delegation
    to a zone that is not loaded, are not judged: pass the other zone as context to have them
    checked; with `--resolve` such a target is looked up in DNS, and one that does not exist
    (NXDOMAIN) is reported, saying the answer came from DNS. A target reported by ZL105 (origin doubled) or ZL109 (single label) is not
    reported again here, nor one that exists only with the origin appended twice (ZL107's), nor one
    whose own records failed to parse (ZL001).

    ## Why it matters
    A dangling alias answers NXDOMAIN for every type: "In most cases a resolver simply restarts
    the query at the new name when it encounters a CNAME", and "aliases which point to
    non-existent names should be caught and an error condition passed back to the client"
    (RFC 1034 §5.2.2). Worse, when the target lies in a name you do not control any
    longer, whoever registers it takes over your name (subdomain takeover). Inside your own zones
    it is almost always a typo or a record that was removed while its aliases were forgotten.

    ## Example
    ```
    $ORIGIN example.com.
    www   IN CNAME web        ; web.example.com. does not exist
    ```

    ## How to fix
    Point the CNAME at a name that exists, add the missing target, or remove the alias:
    ```
    $ORIGIN example.com.
    www   IN CNAME web
    web   IN A     192.0.2.80
    ```

    ## Anchor
    The CNAME record.
    """

    code = "ZL703"
    memos = ("rules.helpers.reported_by_name", "rules.helpers.zone_for", "rules.targets.target_records")
    name = "cname-dangling"
    severity = WARNING
    summary = "A CNAME target inside a loaded zone does not exist"
    tags = ("cname", "cross-zone")

    def check(self, ctx):
        zone, graph = ctx.zone, ctx.graph
        unreadable = UnreadableTargets(graph)
        exists = graph.exists
        for rec, target in target_records(zone, ("CNAME",)):
            if exists(target):
                continue
            status = graph.target_status(target)
            if status == UNKNOWN:
                answer = graph.dns_answer(target)
                if answer is not None and answer.nxdomain and reported_by_target_rules(graph, rec, target, zone) is None:
                    yield ctx.finding(
                        rec,
                        f"CNAME target {brief(target)} does not exist (NXDOMAIN from DNS)",
                        help=f"Every lookup of {rec.owner} fails, and whoever registers {target} "
                        f"takes {rec.owner} over (RFC 1034 §5.2.2): point the alias at an existing "
                        f"name or remove it (answer {answer.said()}).",
                    )
                continue
            if status != ABSENT:
                continue
            if reported_by_target_rules(graph, rec, target, zone) is not None:
                continue
            if unreadable(target):
                continue  # its records failed to parse (ZL001): cannot tell
            auth = graph.zone_for(target)
            yield ctx.finding(
                rec,
                f"CNAME target {brief(target)} does not exist in zone {brief(auth.origin, 30)}",
                help=f"Every lookup of {rec.owner} fails with NXDOMAIN (RFC 1034 §5.2.2), since "
                f"{target} does not exist in zone {auth.origin} ({auth.file.display}): add "
                f"{target}, point the alias at an existing name, or remove it.",
            )


def compact_key(rec):
    """A comparison key for ``rec``'s rdata with names case-folded, from ``record.data`` (cheap),
    or ``None`` when the type keeps no compact data."""
    data = rec.data
    if data is None:
        return None
    t = rec.rdtype
    if t == "SRV":
        return (data[0], data[1], data[2], data[3].lower())
    if t == "MX":
        return (data[0], data[1].lower())
    if t in ("NS", "CNAME", "DNAME", "PTR"):
        return data[0].lower()
    if t == "SOA":
        return (data[0].lower(), data[1].lower()) + tuple(data[2:])
    if t == "NAPTR":
        return tuple(data[:5]) + (data[5].lower(),)
    if t == "AAAA":
        return data[0].lower()
    return data


def canonical_key(rec):
    """The comparison key of ``rec``'s rdata: every embedded domain name case-folded (also in
    types that RFC 4034 §6.2 leaves alone, such as HIP rendezvous servers, as BIND's
    `check-dup-records` does), everything else compared exactly."""
    key = compact_key(rec)
    if key is not None:
        return key
    try:
        rd = rec.rdata
    except Exception:  # unparsable rdata is ZL001's; compare the text as written
        return ("text", rec.rdata_text)
    import dns.name

    changes = {}
    for cls in type(rd).__mro__:
        for slot in getattr(cls, "__slots__", ()):
            value = getattr(rd, slot, None)
            if isinstance(value, dns.name.Name):
                changes[slot] = value.canonicalize()
            elif isinstance(value, tuple) and value and all(isinstance(v, dns.name.Name) for v in value):
                changes[slot] = tuple(v.canonicalize() for v in value)
    if changes:
        try:
            rd = rd.replace(**changes)
        except Exception:  # pragma: no cover - a type that refuses replace()
            pass
    try:
        return rd.to_digestable()
    except Exception:  # pragma: no cover - types without a wire form
        return rd.to_text()


class DuplicateRecord(Rule):
    """## What it checks
    The same record (owner, class, type and data) written more than once in a zone. Names are
    compared case-insensitively, inside the data too (`rvs.example.com.` equals `RVS.example.com.`);
    TTLs are not compared (differing TTLs in one RRset are ZL601's).

    ## Why it matters
    RFC 2181 §5: "It is meaningless for two records to ever have label, class, type and data all
    equal - servers should suppress such duplicates if encountered." Servers silently keep one
    copy; BIND's `check-dup-records` warns about records that differ only in the case of a name
    ("has semantically identical records"). Harmless on the wire, but a duplicate usually means a
    copy-paste or a merge that went wrong, and the copy is what someone edits next time while the
    original keeps being served.

    ## Example
    ```
    _xmpp-client._tcp  IN SRV 5 0 5222 xmpp.example.com.
    _xmpp-client._tcp  IN SRV 5 0 5222 XMPP.example.com.
    ```

    ## How to fix
    Delete the extra copy:
    ```
    _xmpp-client._tcp  IN SRV 5 0 5222 xmpp.example.com.
    ```
    `zonelint --fix` deletes the later copy with the lines it stands on (its comments too) when
    they hold nothing else, and only when the next record of the file writes its owner, TTL and
    class, so that deleting changes nothing the following lines inherit (`$TTL` and `$ORIGIN`
    lines between are looked past; a next line with a blank owner, or a `$INCLUDE` or `$GENERATE`
    next, keeps the copy). The last record of a file goes, but not of an `$INCLUDE`d file when it
    writes a field (its TTL carries on into the including file). A copy made by `$GENERATE` is
    left to you.

    ## Anchor
    Each repeated copy (the first occurrence is named in the message).
    """

    code = "ZL704"
    memos = ("zonelint.graph.multi_rrsets",)
    judges_served_data = False
    zone_local = True
    name = "duplicate-record"
    severity = INFO
    fixable = True
    summary = "The same record appears more than once"
    tags = ("hygiene",)

    def check(self, ctx):
        # First pass: group by (owner, class, type). Most groups hold one record, so the data of
        # only the few records that share owner and type is compared.
        for group in ctx.zone.multi_rrsets():
            if len(group) == 2:  # most: one class (split_by_class's test), the two keys compared
                first, rec = group
                if (first.place is rec.place or first.rdclass == rec.rdclass) and (
                        rec.data is not None and rec.data == first.data or canonical_key(rec) == canonical_key(first)):
                    yield self._finding(ctx, rec, first)
                continue
            for recs in split_by_class((group,)):
                seen: dict = {}
                for rec in recs:
                    ck = canonical_key(rec)
                    first = seen.get(ck)
                    if first is None:
                        seen[ck] = rec
                    else:
                        yield self._finding(ctx, rec, first)

    @staticmethod
    def _finding(ctx, rec, first):
        from zonelint import Fix, delete_record  # the fix vocabulary: imported when a fix is made

        return ctx.finding(
            rec,
            f"{brief(rec.owner)} {rec.rdtype} {brief(rec.rdata_text, 32)} repeats the record at "
            f"{near(first, rec)}",
            help=f"Servers keep one copy of a record (RFC 2181 §5; names compare "
            f"case-insensitively): delete this copy of {rec.owner} {rec.rdtype} {rec.rdata_text}, "
            f"first written at {where(first)}.",
            fix=Fix.of(f"delete this copy of the record at {where(first)}", delete_record(rec)),
        )


class SingletonMultiple(Rule):
    """## What it checks
    A name that owns more than one CNAME, or more than one DNAME, with different targets (exact
    copies are ZL704's).

    ## Why it matters
    A name is an alias of one canonical name: RFC 1034 §3.6.2 says "If a CNAME RR is present at a
    node, no other data should be present", and a second CNAME is other data. A DNAME redirects a
    whole subtree to one other name (RFC 6672), so two of them make the redirection ambiguous.
    BIND refuses the zone ("multiple RRs of singleton type"); dnspython keeps only the last
    record. Which target is served depends on the software that loads the zone.

    ## Example
    ```
    www  IN CNAME web1.example.com.
    www  IN CNAME web2.example.com.
    ```

    ## How to fix
    Keep one alias; for load balancing use several A/AAAA records at the target:
    ```
    www  IN CNAME web.example.com.
    web  IN A     192.0.2.81
    web  IN A     192.0.2.82
    ```

    ## Anchor
    The second record with a different target (one finding per name and type).
    """

    code = "ZL705"
    zone_local = True
    name = "singleton-multiple"
    severity = ERROR
    summary = "A name owns more than one CNAME or more than one DNAME"
    tags = ("cname", "dname", "rfc2181", "rfc6672")

    def check(self, ctx):
        zone = ctx.zone
        for rdtype in ("CNAME", "DNAME"):
            for recs in group_by_owner(zone.by_type(rdtype)).values():
                if len(recs) < 2:
                    continue
                first = recs[0]
                targets = {}
                for r in recs:
                    t = (r.target or r.rdata_text).lower()
                    targets.setdefault(t, r)
                if len(targets) < 2:
                    continue  # exact copies: ZL704
                distinct = list(targets.values())
                anchor = distinct[1]
                listed = ", ".join(
                    f"{r.target} ({p})" if (p := positions([r], anchor)) else f"{r.target}" for r in distinct[:4]
                )
                where_all = positions(distinct[:4], anchor)
                more = " ..." if len(distinct) > 4 else ""
                yield ctx.finding(
                    anchor,
                    f"{brief(first.owner)} owns {len(distinct)} {rdtype} records with different "
                    f"targets{f' ({where_all}{more})' if where_all else ''}",
                    help=f"A name may have only one {rdtype} (RFC 1034 §3.6.2, RFC 6672; BIND "
                    f"refuses the zone: 'multiple RRs of singleton type'; dnspython keeps only the "
                    f"last): keep the one you mean of {listed} and delete the others.",
                )
