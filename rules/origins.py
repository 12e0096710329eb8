"""Rules about the run's zones as a whole: one origin claimed by several files (ZL007), a zone of
the root or a top-level domain among other zones (ZL009). See :mod:`zonelint.views` for what the
core does about both (lookups from each zone see only what they should)."""

from __future__ import annotations

from zonelint import INFO, WARNING, Rule

from .helpers import brief, brief_path


def _anchor(zone):
    """The apex SOA, else the zone's first record, else line 1 of its file."""
    soas = zone.apex("SOA")
    if soas:
        return soas[0]
    if zone.records:
        return zone.records[0]
    return (zone.file, 1, 1)


def _path_order(zone):
    return zone.file.path


class OriginDuplicate(Rule):
    """## What it checks
    Two (or more) files of one run with the same origin that share a view: both in no view, both
    in the same view of the `views` config table, or one in a view and the other in none. The
    second file in path order gets the finding, which names the first (when every later file is
    a `context` zone, whose findings are not shown, the first gets it, naming the second).

    ## Why it matters
    A name server serves one zone per origin (per view): two files claiming `example.com.` are
    either the two sides of a split horizon (say so with `views`, and each is linted against its
    own side), a stale copy, or a file with the wrong `$ORIGIN`. zonelint identifies zones by file:
    each copy is linted on its own and its lookups answer from its own file only, and a lookup from
    any other zone for a name under that origin answers "unknown" (it cannot be told which file a
    resolver would get), so targets there are neither confirmed nor reported missing.

    ## Example
    ```
    ; internal/example.com.zone and external/example.com.zone, both $ORIGIN example.com.,
    ; linted together without views
    @  IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 3600   ; ZL007 at the second file
    ```

    ## How to fix
    For a split horizon, name the views in the config:
    ```
    [tool.zonelint]
    views = { internal = ["internal/**"], external = ["external/**"] }
    ```
    Otherwise delete the stale copy or give the file its real origin.

    ## Anchor
    The apex SOA of the second file in path order (its first record, or line 1, when it has no
    SOA); of the first when the later files are all `context` zones.
    """

    code = "ZL007"
    judges_served_data = False
    name = "origin-duplicate"
    severity = WARNING
    summary = "Two files of the run claim the same origin in one view"
    tags = ("structure", "views")

    def check(self, ctx):
        zone = ctx.zone
        if zone.origin is None:
            return
        others = ctx.graph.origin_conflicts(zone)
        if not others:
            return
        group = sorted([zone, *others], key=_path_order)
        if group[0] is zone:
            # the first file in path order: it carries the finding only when no later file of
            # the group is reported (they are all context zones, whose findings are not shown)
            if any(z.file.reported for z in group[1:]):
                return
            first = group[1]
        else:
            first = group[0]
        more = len(others) - 1
        also = f" (and {more} other file{'s' if more > 1 else ''})" if more else ""
        short_also = f" (+{more})" if more else ""
        yield ctx.finding(
            _anchor(zone),
            f"the origin {brief(zone.origin)} is also the origin of "
            f"{brief_path(first.file.display)}{short_also}",
            help=f"Two files claim one zone ({first.file.display}{also}): each is linted on its own "
            f"and names under {zone.origin} are unknown to the other zones of the run. For a split "
            "horizon put the files in different views (config `views`); else remove the stale "
            "copy or fix the origin.",
        )


class TopLevelZoneInRun(Rule):
    """## What it checks
    A zone of origin `.` (a root hints or test file with `$ORIGIN .`) or of a top-level domain
    (`com.`, `test.`) linted together with other zones.

    ## Why it matters
    Every name lies under `.`, and every name of a TLD under it: if such a zone answered the
    lookups of the other zones, each target of the run that no other zone holds would count as
    "inside a loaded zone" and be reported missing (ZL103, ZL703) or confirmed present by a stray
    record. So its names answer no lookup from other zones (they are "unknown" to them, as if the
    zone were not loaded); its own records are still checked, against its own names. Linted
    alone, such a zone gets no finding from this rule.

    ## Example
    ```
    $ORIGIN .
    $TTL 3600000
    .                 NS  a.root-servers.net.     ; ZL009 when linted with other zones
    a.root-servers.net. A 198.41.0.4
    ```

    ## How to fix
    Nothing to fix when the zone belongs in the run (a TLD operator's repository): select it out
    with `ignore = ["ZL009"]`. When it does not (a hints or test file), exclude it
    (`exclude = ["named.root"]`) or lint it on its own.

    ## Anchor
    The apex SOA (the zone's first record, or line 1, when it has no SOA).
    """

    code = "ZL009"
    judges_served_data = False
    name = "top-level-zone-in-run"
    severity = INFO
    summary = "A zone of the root or a TLD among other zones: its names answer no other zone's lookups"
    tags = ("structure", "views")

    def check(self, ctx):
        zone = ctx.zone
        if not ctx.graph.top_level(zone):
            return
        what = "the root zone ." if zone.origin == "." else f"the top-level domain {zone.origin}"
        short = "the root zone ." if zone.origin == "." else f"the top-level domain {brief(zone.origin)}"
        yield ctx.finding(
            _anchor(zone),
            f"a zone of {short} is linted with other zones; its names do not judge their targets",
            help=f"{zone.file.display} is a zone of {what}: its names are not used to judge the "
            "other zones' targets (every name would otherwise count as inside a loaded zone); its "
            "own records are checked as usual. Lint it on its own or exclude it if it is a hints "
            "or test file.",
        )
