"""Structure rules: what the loader found (ZL001, ZL002, ZL003, ZL005, ZL006) and the zone apex (ZL004).

The loader never decides severity or suppression: it records problems, and these rules turn them
into findings, so that selection, severity overrides and ``; noqa`` apply to them like to any rule.
"""

from __future__ import annotations

from zonelint import ERROR, WARNING, Rule

from .helpers import brief, near, problem_finding


class _ProblemRule(Rule):
    """Reports the loader problems carrying this rule's code (with the problem's help, else the
    rule's ``problem_help``)."""

    #: the help of a problem the loader gave none
    problem_help = "See `zonelint explain` for this code."

    def check(self, ctx):
        for problem in ctx.zone.problems:
            if problem.code == self.code:
                yield problem_finding(ctx, problem, self.problem_help)


class ParseError(_ProblemRule):
    """## What it checks
    A record that cannot be parsed: a bad address, an unknown type, a missing field, an
    unterminated parenthesis or quote, an unknown `$` directive, a TTL or SOA serial out of range,
    a name or label that is too long, or a record for which no TTL can be determined at all
    (no `$TTL`, no earlier TTL, no SOA yet: BIND's "no TTL specified; zone rejected").

    ## Why it matters
    BIND refuses to load a zone with a syntax error (`named-checkzone` reports
    `dns_master_load: db.example:7: near '999.0.2.7': bad dotted quad`), so one typo takes the whole
    zone offline on the next reload. zonelint reports the line and column of the offending token
    and keeps reading at the next record, so one typo does not hide the next.

    ## Example
    ```
    www  IN  A  999.0.2.7        ; ZL001: bad IPv4 address '999.0.2.7'
    ```

    ## How to fix
    ```
    www  IN  A  192.0.2.7
    ```

    ## Anchor
    The offending token (line and column).
    """

    code = "ZL001"
    judges_served_data = False
    zone_local = True
    name = "parse-error"
    problem_help = (
        "Correct the record so that it parses (RFC 1035 §5.1 master file format, as BIND reads "
        "it): BIND refuses to load a zone with a syntax error, so one typo takes the whole zone "
        "offline on the next reload."
    )

    def check(self, ctx):
        for finding in super().check(ctx):
            finding.owner = None  # a record that does not parse has no trustworthy owner
            yield finding

    severity = ERROR
    summary = "A record cannot be parsed, or no TTL can be determined for it"
    tags = ("syntax",)


class IncludeError(_ProblemRule):
    """## What it checks
    An `$INCLUDE` that names a missing or unreadable file, a directory, a FIFO or device (never
    opened), a file outside the lint root (refused unless the command line says
    `--allow-include-outside`), goes deeper than `max-include-depth` (default 16, never more
    than 64), or forms a loop (a file including itself, directly or through others).

    ## Why it matters
    A missing include makes BIND reject the zone. An include that escapes the repository is a
    way to read files the zone repository does not own (zonelint never opens a refused file, and
    its content never appears in any output). Loops never terminate in naive loaders.

    ## Example
    ```
    $INCLUDE ../../etc/secrets.db
    ```

    ## How to fix
    Keep included files inside the repository and name them relative to the including file.

    ## Options
    Config keys `include-path` and `max-include-depth` (a config file may only lower it);
    `--allow-include-outside` and `--max-include-depth N` on the command line (or
    `ZONELINT_ALLOW_INCLUDE_OUTSIDE=1`, `ZONELINT_MAX_INCLUDE_DEPTH=N`). Ignoring ZL002 hides the
    finding but never lifts the refusal.

    ## Anchor
    The `$INCLUDE` line.
    """

    code = "ZL002"
    judges_served_data = False
    zone_local = True
    name = "include-error"
    severity = ERROR
    summary = "$INCLUDE names a missing, unreadable, outside-the-root, too-deep or looping file"
    tags = ("syntax", "security")


class GenerateLimit(_ProblemRule):
    """## What it checks
    A `$GENERATE` range that would produce more than `max-generate` records (default 65536).
    The range is not expanded.

    ## Why it matters
    `$GENERATE 1-10000000 ...` turns one line into ten million records: a typo in a range can
    exhaust the memory of every server and tool that loads the zone.

    ## Example
    ```
    $GENERATE 1-10000000 host-$ A 192.0.2.1
    ```

    ## How to fix
    Narrow the range, or raise the limit with `--max-generate N` on the command line (or
    `ZONELINT_MAX_GENERATE=N`) if the zone really needs it; a config file may only lower it.

    ## Options
    Config key `max-generate` (lower only). Ignoring ZL003 hides the finding but never lifts the
    limit.

    ## Anchor
    The `$GENERATE` line.
    """

    code = "ZL003"
    judges_served_data = False
    zone_local = True
    name = "generate-limit"
    severity = ERROR
    summary = "A $GENERATE range would produce more than max-generate records"
    tags = ("syntax", "resources")


class ExpansionBudget(_ProblemRule):
    """## What it checks
    The run-wide budget of what `$GENERATE` lines and repeated `$INCLUDE`s of one file may add:
    `max-expanded-records` records (default 200,000) and `max-expanded-octets` octets of record
    data (default 16 MiB). A `$GENERATE` line counts its records and its rdata template's length
    for each; an `$INCLUDE` of a file already included in the run counts as many records as the
    file has lines plus 64 (reading a file again costs that much however short it is) and as
    many octets as it has bytes. A directive that would overdraw the budget is not expanded and
    costs nothing; the first one of each zone file is reported here, and the run goes on.

    ## Why it matters
    A few kilobytes of zone text can stand for millions of records: files that include the next
    one twice, sixteen deep, or ten `$GENERATE` lines of 65,536 records each. Without a bound for
    the whole run, a pull request can make the gate run for minutes and take gigabytes of memory.

    ## Example
    ```
    $INCLUDE part.inc   ; part.inc includes part2.inc twice, which includes part3.inc twice, ...
    ```

    ## How to fix
    Include a shared file once, generate only the records the zone needs, or, when a large zone
    really expands that much, raise the budget on the command line (`--max-expanded-records N`,
    `--max-expanded-octets N`, or `ZONELINT_MAX_EXPANDED_RECORDS`/`ZONELINT_MAX_EXPANDED_OCTETS`;
    never above 10,000,000 records or 1 GiB). A config file may only lower it.

    ## Options
    Config keys `max-expanded-records` and `max-expanded-octets` (lower only). Ignoring ZL010
    hides the finding but never lifts the budget.

    ## Anchor
    The `$GENERATE` or `$INCLUDE` line that would have overdrawn the budget.
    """

    code = "ZL010"
    judges_served_data = False
    name = "expansion-budget"
    severity = ERROR
    summary = "$GENERATE and repeated $INCLUDE would add more than the run-wide budget"
    tags = ("syntax", "resources", "security")


class OutOfZoneRecord(_ProblemRule):
    """## What it checks
    A record whose owner is not at or below the zone origin, for example `www.example.org.` in
    the zone `example.com.`, often after an `$ORIGIN` switch or a stray trailing dot.

    ## Why it matters
    BIND logs "ignoring out-of-zone data" and drops the record; dnspython drops it silently.
    Either way the record you wrote is never served. zonelint keeps it out of the record graph.

    ## Example
    ```
    $ORIGIN example.com.
    www.example.org.  IN A 192.0.2.1
    ```

    ## How to fix
    Move the record to the zone that owns it, or fix the owner (usually a missing or extra
    trailing dot).

    ## Anchor
    The out-of-zone record.
    """

    code = "ZL005"
    judges_served_data = False
    zone_local = True
    name = "out-of-zone-record"
    severity = WARNING
    summary = "A record's owner is outside the zone origin; servers ignore it"
    tags = ("structure",)


class OriginUnknown(_ProblemRule):
    """## What it checks
    A file for which no origin can be determined: no `--origin`, no `origins` entry in the
    config, no `$ORIGIN` before the first record, and a file name that is not a domain name
    (`example.com.zone`, `example.com.db`, `db.example.com` and `example.com` are understood).

    ## Why it matters
    Relative names and `@` mean nothing without an origin; guessing would make every other
    finding in the file unreliable. The file is not linted further; the run goes on.

    ## Example
    A file named `zonefile`, linted without `--origin` or an `origins` entry:
    ```
    $TTL 3600
    www  IN A   192.0.2.80      ; ZL006
    ```

    ## How to fix
    Start the file with `$ORIGIN example.com.`, pass `--origin example.com.`, or map it in the
    config: `[tool.zonelint.origins]` `"zones/internal.db" = "internal.example."`.

    ## Anchor
    The first record that needed the origin.
    """

    code = "ZL006"
    judges_served_data = False
    zone_local = True
    name = "origin-unknown"
    severity = ERROR
    summary = "No origin can be determined for a zone file"
    tags = ("structure",)


class ZoneApex(Rule):
    """## What it checks
    The zone apex: a zone with no SOA record at its origin, with more than one SOA record
    (a second one at the apex, or one below it), with no NS records at the apex, or with a DS
    record at the apex.

    A missing SOA or NS is not reported when the zone has a parse error (ZL001) at the apex or a
    refused `$INCLUDE` (ZL002): the record may be the one that failed to load, and that fault is
    already reported.

    ## Why it matters
    RFC 1035 §5.2 on loading a zone from a master file: "Exactly one SOA RR should be present at
    the top of the zone", and RFC 1034 §4.2.1 requires the NS records that name the zone's
    servers at the apex. A DS record belongs to the parent zone: "The DS RR appears only on the
    upper (parental) side of a delegation, and is authoritative data in the parent zone" (RFC 4034
    §5). BIND refuses such a zone ("has no SOA record", "multiple RRs of singleton type", "has no
    NS records", "DS record at top of zone"), so it is not served at all after the next reload.
    An SOA below the apex usually means a child zone's file was pasted into the parent; a DS at
    the apex, that the parent's DS was copied into the child.

    ## Example
    ```
    $ORIGIN example.com.
    $TTL 3600
    @    IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 3600
    www  IN A   192.0.2.80
    ```

    ## How to fix
    ```
    $ORIGIN example.com.
    $TTL 3600
    @    IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 3600
    @    IN NS  ns1
    ns1  IN A   192.0.2.53
    www  IN A   192.0.2.80
    ```

    ## Anchor
    The SOA record (for an extra SOA or a DS at the apex: that record); when the zone has no SOA
    at all, line 1 of the zone file.
    """

    code = "ZL004"
    judges_served_data = False
    zone_local = True
    name = "zone-apex"
    severity = ERROR
    summary = "A zone has no SOA at its origin, more than one SOA, no NS or a DS at the apex"
    tags = ("structure", "rfc1035")

    def check(self, ctx):
        zone = ctx.zone
        if zone.origin is None:
            return  # ZL006's
        apex = zone.key
        soas = zone.by_type("SOA")
        apex_soas = [r for r in soas if r.key == apex]
        # the SOA or NS may be what failed to load: that fault is already reported
        incomplete = any(
            p.code == "ZL002"
            or (p.code == "ZL001" and ((p.owner or "").lower() == apex or not zone.records))
            for p in zone.problems
        )
        anchor = apex_soas[0] if apex_soas else (soas[0] if soas else (zone.file, 1, 1))
        missing = []
        if not apex_soas:
            stray = f" (the SOA at {near(soas[0], soas[0])} is owned by {soas[0].owner})" if soas else ""
            missing.append(("no SOA record", f"no SOA record at its origin {zone.origin}{stray}"))
        if not zone.apex("NS"):
            missing.append(("no NS records", f"no NS records at the apex {zone.origin}"))
        if missing and not incomplete:
            fix = []
            if not apex_soas:
                fix.append(f"add `@ IN SOA ...` at {zone.origin}")
            if not zone.apex("NS"):
                fix.append("add `@ IN NS <server>` records naming the zone's name servers")
            yield ctx.finding(
                anchor,
                f"the zone {brief(zone.origin, 60)} has {' and '.join(m for m, _ in missing)} at its apex",
                help=f"{' and '.join(fix)[:1].upper()}{' and '.join(fix)[1:]}: BIND refuses to load "
                f"a zone with {' and '.join(full for _, full in missing)} (RFC 1035 §5.2, RFC 1034 "
                f"§4.2.1).",
            )
        first = apex_soas[0] if apex_soas else None
        reported = anchor if missing and not incomplete else None
        for rec in soas:
            if rec is first or rec is reported:
                continue
            if rec.key == apex:
                problem = f"a second SOA at the apex (the first is at {near(first, rec)})"
                fix = "Keep one SOA"
            else:
                problem = f"an SOA below the apex, at {brief(rec.owner)}"
                fix = f"Move the SOA of {rec.owner} to the child zone's own file, or delete it"
            yield ctx.finding(
                rec,
                f"the zone {brief(zone.origin, 40)} has {problem}",
                help=f"{fix}: a zone has exactly one SOA, at its origin (RFC 1035 §5.2).",
            )
        for rec in zone.apex("DS"):
            yield ctx.finding(
                rec,
                f"a DS record at the apex of {brief(zone.origin, 70)}",
                help="Move it to the parent zone, at the delegation: the DS belongs there (RFC 4034 "
                "§5), and BIND refuses to load the zone ('DS record at top of zone').",
            )
