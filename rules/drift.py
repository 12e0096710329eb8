"""Drift between a zone file and what its server serves (ZL020-ZL023), with
``zonelint --compare axfr://SERVER/ZONE FILE``.

The core transfers the zone before the rules run and hands the served records to the file's zone
(``zone.served``); these rules only compare. Records are compared on their canonical rdata
(RFC 4034 §6.2: the wire form, names lower-cased), never on text, so ``10 mail`` and
``10 MAIL.example.com.`` are one record. The DNSSEC records a signer adds (RRSIG, NSEC, NSEC3,
NSEC3PARAM, DNSKEY, CDS, CDNSKEY) are compared only when the file has records of that type. The
SOA is compared by its serial (ZL023) and its other fields (ZL020); a served serial ahead of the
file's (inline signing, dynamic updates) is not drift.
"""

from __future__ import annotations

from zonelint import ERROR, WARNING, Rule

from .helpers import brief, position, serial_gt

#: the types a signer adds: left out of the comparison unless the file has records of the type
SIGNER_TYPES = frozenset(("RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "DNSKEY", "CDS", "CDNSKEY"))
#: the SOA fields compared (ZL020), besides the serial (ZL023)
SOA_FIELDS = ("mname", "rname", "refresh", "retry", "expire", "minimum")


def _canonical(rec):
    """``(owner, class, type, canonical rdata)`` of a record, or ``None`` when its rdata cannot be
    built (a ZL001 record: the loader reported it)."""
    try:
        rd = rec.rdata
        digest = rd.to_digestable()
    except Exception:  # noqa: BLE001 - unreadable rdata is ZL001's, not drift
        return None
    return (rec.owner.lower(), rec.rdclass, rec.rdtype, digest)


class Drift:
    """The comparison of one zone with its served copy, computed once per zone (shared by the
    four rules): ``not_served`` (file records), ``not_in_file`` (served records), ``ttl``
    (``(file record, served record)`` pairs) and the two SOA records."""

    def __init__(self, zone) -> None:
        served = zone.served
        self.uri = served.uri
        file_types = {r.rdtype for r in zone.records}
        ignored = SIGNER_TYPES - file_types
        self.file_soa = next(iter(zone.apex("SOA")), None)
        self.served_soa = next((r for r in served.records if r.rdtype == "SOA"), None)
        mine: dict[tuple, list] = {}
        for rec in zone.records:
            if rec.rdtype == "SOA" or rec.rdtype in ignored:
                continue
            key = _canonical(rec)
            if key is not None:
                mine.setdefault(key, []).append(rec)
        theirs: dict[tuple, object] = {}
        for rec in served.records:
            if rec.rdtype == "SOA" or rec.rdtype in ignored:
                continue
            key = _canonical(rec)
            if key is not None:
                theirs.setdefault(key, rec)
        self.not_served = sorted((recs[0] for k, recs in mine.items() if k not in theirs), key=position(zone))
        self.not_in_file = [rec for k, rec in theirs.items() if k not in mine]
        self.ttl = sorted(
            ((rec, theirs[k]) for k, recs in mine.items() if k in theirs for rec in recs if rec.ttl != theirs[k].ttl),
            key=lambda pair: position(zone)(pair[0]),
        )
        # the file's RRsets by (owner, type): where a served-only record is anchored
        self.rrsets: dict[tuple, object] = {}
        for recs in mine.values():
            rec = recs[0]
            self.rrsets.setdefault((rec.owner.lower(), rec.rdtype), rec)

    @classmethod
    def of(cls, zone) -> "Drift | None":
        if zone.served is None:
            return None
        return zone.memo("rules.drift.Drift", lambda: cls(zone))


class DriftNotServed(Rule):
    """## What it checks
    With `--compare axfr://SERVER/ZONE FILE`: a record of the zone file that the server does not
    serve (compared on owner, class, type and canonical rdata), or an SOA whose fields other than
    the serial (primary server, mailbox, timers) differ from the served SOA.

    ## Why it matters
    The repository says the record exists, DNS says it does not: the change was never deployed, the
    deployment failed or someone reverted it on the server. Every check of the file is then a
    check of something nobody can query.

    ## Example
    ```
    ; in the file, but the server answers NXDOMAIN for it
    _xmpp-server._tcp.conference  IN SRV 0 5 5269 xmpp.example.com.
    ```

    ## How to fix
    Deploy the zone (reload the primary, check the secondaries transferred it), or remove the
    record from the file if the server is right.

    ## Anchor
    The record of the file (for the SOA fields: the file's SOA).
    """

    code = "ZL020"
    name = "drift-not-served"
    severity = ERROR
    summary = "A record of the zone file is not served by its server (--compare)"
    tags = ("drift", "deployed")
    judges_served_data = False

    def check(self, ctx):
        drift = Drift.of(ctx.zone)
        if drift is None:
            return
        for rec in drift.not_served:
            yield ctx.finding(
                rec,
                f"{rec.rdtype} {brief(rec.rdata_text, 40)} is not served by {brief(drift.uri, 48)}",
                help=f"The file and the server differ: deploy the zone (reload the primary, let the "
                f"secondaries transfer it), or remove the record if the server is right ({rec.owner} "
                f"{rec.rdtype} {rec.rdata_text} is not in the transfer from {drift.uri}).",
            )
        file_soa, served_soa = drift.file_soa, drift.served_soa
        if file_soa is None or served_soa is None:
            return
        try:
            mine, theirs = file_soa.rdata, served_soa.rdata
        except Exception:  # noqa: BLE001 - an unreadable SOA is ZL001's
            return
        differ = [
            f"{name} {getattr(mine, name)} (served {getattr(theirs, name)})"
            for name in SOA_FIELDS
            if getattr(mine, name) != getattr(theirs, name)
        ]
        if differ:
            yield ctx.finding(
                file_soa,
                f"SOA {brief(', '.join(differ), 80)} differs on the server",
                help=f"The served SOA is not the file's: deploy the zone, or bring the file in line "
                f"with the server ({drift.uri}: {', '.join(differ)}).",
            )


class DriftNotInFile(Rule):
    """## What it checks
    With `--compare axfr://SERVER/ZONE FILE`: a record the server serves that the zone file does
    not have (compared on owner, class, type and canonical rdata). DNSSEC records a signer adds
    (RRSIG, NSEC, NSEC3, NSEC3PARAM, DNSKEY, CDS, CDNSKEY) are left out unless the file has
    records of that type.

    ## Why it matters
    Someone changed the zone on the server (a web panel, a dynamic update, a hand edit on the
    primary) and not in the repository: the next deployment of the file silently deletes it, or
    the repository is not the truth any more.

    ## Example
    ```
    ; served, but not in the file
    _sip._tls  IN SRV 100 1 443 sipdir.online.lync.com.
    ```

    ## How to fix
    Add the record to the file (it is then deployed with the next change), or delete it on the
    server if it should not exist.

    ## Anchor
    The file's first record with the same owner and type when there is one; else the served record
    (located by the source's URI, owner and type).
    """

    code = "ZL021"
    name = "drift-not-in-file"
    severity = WARNING
    summary = "The server serves a record that the zone file does not have (--compare)"
    tags = ("drift", "deployed")
    judges_served_data = False

    def check(self, ctx):
        drift = Drift.of(ctx.zone)
        if drift is None:
            return
        for rec in drift.not_in_file:
            anchor = drift.rrsets.get((rec.owner.lower(), rec.rdtype))
            yield ctx.finding(
                anchor if anchor is not None else rec,
                f"the server also serves {rec.rdtype} {brief(rec.rdata_text, 40)}, which the file lacks",
                owner=rec.owner,
                help=f"Someone changed the zone on the server only: add the record to the file (the "
                f"next deployment would delete it), or delete it on the server ({drift.uri} serves "
                f"{rec.owner} {rec.rdtype} {rec.rdata_text}).",
            )


class DriftTtl(Rule):
    """## What it checks
    With `--compare axfr://SERVER/ZONE FILE`: a record served with another TTL than the file
    gives it.

    ## Why it matters
    The TTL decides how long resolvers keep the answer: a file that lowers TTLs before a migration
    does nothing until it is deployed, and a server that kept an old TTL keeps caches stale for
    longer than the file says.

    ## Example
    ```
    xmpp  300  IN A 192.0.2.10     ; served with TTL 86400
    ```

    ## How to fix
    Deploy the zone, or write the served TTL in the file if the server is right.

    ## Anchor
    The file's record.
    """

    code = "ZL022"
    name = "drift-ttl"
    severity = WARNING
    summary = "A record is served with another TTL than the zone file's (--compare)"
    tags = ("drift", "deployed", "ttl")
    judges_served_data = False

    def check(self, ctx):
        drift = Drift.of(ctx.zone)
        if drift is None:
            return
        for rec, served in drift.ttl:
            yield ctx.finding(
                rec,
                f"{rec.rdtype} has TTL {rec.ttl} in the file, {served.ttl} on the server",
                help=f"Deploy the zone, or write the served TTL in the file if the server is right "
                f"({drift.uri} serves {rec.owner} {rec.rdtype} with TTL {served.ttl}).",
            )


class DriftSerialBehind(Rule):
    """## What it checks
    With `--compare axfr://SERVER/ZONE FILE`: the server's SOA serial is behind the file's (RFC 1982
    serial arithmetic). A served serial *ahead* of the file's is not drift: inline signing and
    dynamic updates raise the served serial on their own.

    ## Why it matters
    Secondaries transfer a zone only when its serial grows (RFC 1996, RFC 1034 §4.3.5): a file whose
    serial the server has not reached was never deployed, and whatever it changes is not what DNS
    answers.

    ## Example
    ```
    @  IN SOA ns1 hostmaster 2024061502 7200 3600 1209600 3600   ; served: 2024061501
    ```

    ## How to fix
    Deploy the zone (reload the primary); if a secondary is behind, check its transfers.

    ## Anchor
    The file's SOA.
    """

    code = "ZL023"
    name = "drift-serial-behind"
    severity = ERROR
    summary = "The server's SOA serial is behind the zone file's: the change was never deployed (--compare)"
    tags = ("drift", "deployed", "serial")
    judges_served_data = False

    def check(self, ctx):
        drift = Drift.of(ctx.zone)
        if drift is None or drift.file_soa is None or drift.served_soa is None:
            return
        mine, theirs = drift.file_soa.data, drift.served_soa.data
        if mine is None or theirs is None:
            return
        if serial_gt(mine[2], theirs[2]):
            yield ctx.finding(
                drift.file_soa,
                f"the server's serial {theirs[2]} is behind the file's {mine[2]}: the change was never deployed",
                help=f"Deploy the zone (reload the primary); a secondary behind it is not "
                f"transferring (its SOA serial must reach the file's; RFC 1996, RFC 1034 §4.3.5). "
                f"Served by {drift.uri}.",
            )
