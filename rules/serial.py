"""Serial rules: the SOA serial across versions of a zone (ZL607)."""

from __future__ import annotations

from zonelint import ERROR, Rule

from .helpers import SERIAL_BITS, brief, serial_gt

TYPE_CHECKING = False  # typing.TYPE_CHECKING: typing is not imported at start-up
if TYPE_CHECKING:
    import datetime as _dt

_MOD = 1 << SERIAL_BITS


# -- the serial ZL607's fix writes ------------------------------------------------------------
# - date-based ``YYYYMMDDnn`` (10 digits whose first 8 are a valid date no later than tomorrow,
#   UTC): today's date (UTC) with ``nn = 00``, or the old value + 1 when that would not be greater
#   (a second change the same day, ``YYYYMMDD99`` + 1 included);
# - Unix time (within a year of now; checked first, as a Unix time of these years such as
#   1796080550 also reads as a date of the 1700s): now, or + 1 when now would not be greater;
# - anything else: + 1.
# The start is the larger (RFC 1982) of the base's serial and the working file's; arithmetic is
# modulo 2^32 and skips 0; the result is always an RFC 1982 increase over the base.


#: how far from now a serial may be and still count as Unix time
UNIX_WINDOW = 366 * 86400


def utc_now() -> _dt.datetime:
    """The clock of the fix (a function, so tests can replace it)."""
    import datetime as dt  # only when a fix is made: start-up does not pay for datetime

    return dt.datetime.now(dt.timezone.utc)


def _plus_one(value: int) -> int:
    value = (value + 1) % _MOD
    return value or 1


def is_date_serial(value: int, now: _dt.datetime) -> bool:
    """10 digits whose first 8 are a valid date no later than tomorrow (UTC)."""
    import datetime as dt

    text = str(value)
    if len(text) != 10:
        return False
    try:
        day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return day <= now.date() + dt.timedelta(days=1)


def next_serial(current: int, base: int, now: _dt.datetime) -> int:
    """The serial to write for a zone whose working serial is ``current`` and whose serial at the
    git base is ``base``, at UTC time ``now`` (the conventions are in the comment above)."""
    import datetime as dt

    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    now = now.astimezone(dt.timezone.utc)
    start = current if serial_gt(current, base) else base
    if abs(start - int(now.timestamp())) <= UNIX_WINDOW:
        # first: a Unix time of these years (17xxxxxxxx) often reads as a date of the 1700s
        stamp = int(now.timestamp()) % _MOD
        new = stamp if stamp and serial_gt(stamp, start) else _plus_one(start)
    elif is_date_serial(start, now):
        today = int(now.strftime("%Y%m%d")) * 100
        new = today if serial_gt(today, start) else _plus_one(start)
    else:
        new = _plus_one(start)
    if not serial_gt(new, base):  # never happens from the start chosen above; kept as the promise
        new = _plus_one(base)
    return new


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
    one date plus a two-digit counter). `zonelint --fix` does it: starting from the larger
    (RFC 1982) of the base's and the working file's serial, a date-based serial (10 digits whose
    first 8 are a valid date no later than tomorrow) becomes today's date (UTC) with `nn = 00`,
    or + 1 when that would not be greater (`YYYYMMDD99` included); a Unix-time serial (within a
    year of now) becomes now, or + 1; any other serial + 1. Arithmetic is modulo 2^32 and skips 0;
    the result is always an RFC 1982 increase over the base. To go back to a lower serial on purpose, step through
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
    zone_local = True
    name = "serial-not-increased"
    severity = ERROR
    summary = "A zone changed since the git base but its SOA serial did not increase"
    tags = ("soa", "serial", "rfc1982", "rfc1996", "git")
    #: the runner attaches ``zone.base`` (see ``zonelint.gitbase``) only for rules asking for it
    needs_git_base = True
    fixable = True

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
        # the message stays the same from day to day (baselines, fingerprints); the fix follows
        # the zone's serial convention, today's date included
        from zonelint import RDATA, Fix, replace_field  # the fix vocabulary, imported when needed

        raised = next_serial(new, old, utc_now())
        fix = Fix.of(
            f"raise the SOA serial from {new} to {raised}",
            replace_field(soa, RDATA, str(raised), index=2, old=str(new)),
        )
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
            fix=fix,
        )
