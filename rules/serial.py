"""Serial rules: the SOA serial across versions of a zone (ZL607)."""

from __future__ import annotations

from zonelint import ERROR, Rule

from .helpers import brief

SERIAL_BITS = 32
_MOD = 1 << SERIAL_BITS
_HALF = 1 << (SERIAL_BITS - 1)


def serial_gt(new: int, old: int) -> bool:
    """``new > old`` in RFC 1982 serial number arithmetic (SERIAL_BITS = 32, §3.2): true when
    ``new`` is ahead of ``old`` by 1 to 2^31 - 1, wrapping past 4294967295 to 0 included.
    A distance of exactly 2^31 is undefined in RFC 1982 and counts as *not* greater."""
    d = (new - old) % _MOD
    return 0 < d < _HALF


class SerialNotIncreased(Rule):
    """## What it checks
    A zone whose file (or one of its `$INCLUDE`d files) differs from its version at the git
    base while its SOA serial did not increase. The base is `--serial-base REF` (config
    `serial-base`); in a pre-commit hook the staged content is compared with `HEAD`. Serials
    are compared in RFC 1982 serial arithmetic: going from `4294967295` to `5` wraps around and
    counts as an increase; a jump of 2^31 or more does not. Any textual change counts, comments
    included. New files, files outside a git repository, or a run without git are not checked
    (the run says so once, as a note).

    ## Why it matters
    Secondaries decide whether to transfer a zone by its serial alone. RFC 1034 §4.3.5: a
    secondary polls the primary's SOA every REFRESH seconds, and the zone's serial must be
    advanced whenever any change is made to the zone; a NOTIFY (RFC 1996) only makes the
    secondary poll sooner, and it transfers only when the primary's serial is greater than its
    own. "Greater" is RFC 1982 serial number arithmetic: 32-bit serials that wrap around.
    A changed zone with the same (or a lower) serial is served by the primary but never
    reaches the secondaries: clients get old or new data depending on which name server they
    ask, until someone notices.

    ## Example
    Committed with serial `2024010101`, then staged:
    ```
    @     IN SOA ns1 hostmaster 2024010101 3600 900 1209600 300   ; ZL607: serial not raised
    www   IN A   192.0.2.20                                        ; was 192.0.2.10
    ```

    ## How to fix
    Raise the serial with the change, e.g. to `2024010102` (the `YYYYMMDDnn` convention keeps
    one date plus a two-digit counter). To go back to a lower serial on purpose, step through
    RFC 1982 §7 (add 2^31 - 1, let the secondaries transfer, then go to the target value).

    ## Options
    Config key `serial-base` (a git revision, e.g. `"origin/main"`) and the command line flag
    `--serial-base REF`; without either, and outside a pre-commit hook, the check is off.
    A serial above 4294967295 is not compared: it is a parse error (ZL001).

    ## Anchor
    The SOA record.
    """

    code = "ZL607"
    judges_served_data = False
    name = "serial-not-increased"
    severity = ERROR
    summary = "A zone changed since the git base but its SOA serial did not increase"
    tags = ("soa", "serial", "rfc1982", "rfc1996", "git")
    #: the runner attaches ``zone.base`` (see ``zonelint.gitbase``) only for rules asking for it
    needs_git_base = True

    def check(self, ctx):
        zone = ctx.zone
        base = zone.base
        if base is None or not base.existed or not base.changed or base.serial is None:
            return
        soas = zone.apex("SOA")
        if not soas or not soas[0].data:
            return
        soa = soas[0]
        new, old = soa.data[2], base.serial
        if serial_gt(new, old):
            return
        suggestion = (old + 1) % _MOD
        if new == old:
            what = f"its SOA serial is still {new}"
        else:
            what = f"its SOA serial went from {old} to {new}, not an increase (RFC 1982)"
        yield ctx.finding(
            soa,
            f"the zone changed since {brief(base.ref, 30)} but {what}",
            help=f"Raise the serial (e.g. to {suggestion}): secondaries only transfer a zone whose "
            f"serial increased (RFC 1034 §4.3.5, RFC 1996), so they keep serving the old data"
            f"{'' if base.ref == brief(base.ref, 30) else f' (base: {base.ref})'}.",
        )
