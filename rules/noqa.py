"""ZL008: ``; noqa`` and ``; zonelint: disable-file=`` comments that name an unknown code or
suppress nothing.

The findings are made by the core once every other rule has run on every zone of the run
(:mod:`zonelint.noqa`), since only then is it known which comments suppressed something; this
class carries the rule's code, metadata and documentation, like every rule.
"""

from __future__ import annotations

from zonelint import WARNING, Rule


class NoqaUnused(Rule):
    """## What it checks
    A `; noqa` comment that names a code no rule has (`; noqa: ZL6O2`, with the letter O, or a
    rule name such as `target-cname` where the code `ZL101` is meant), or that suppresses
    nothing: none of the findings it names is anchored at its record in a run where those rules
    ran. A bare `; noqa` (every code) is judged only when every rule ran. A
    `; zonelint: disable-file=CODES` comment is judged the same way over its whole file (a code
    suppresses nothing when no finding of it is in the file).

    It stays silent where the run cannot know: codes declared `external` in the config (plugins
    not installed everywhere), unknown codes while a plugin failed to load or was skipped, rules
    not selected in this run, rules that crashed (ZL000), rules that look across zones when the
    run lints only part of the zones (context zones, or files named one by one, as pre-commit and
    editors pass them), and ZL607 in a zone without a git base or unchanged since it. A noqa
    counts as used when a finding it names is anchored at its record, even when the baseline or a
    `disable-file` comment would hide that finding too. `ZL000` in a noqa is reported: an internal
    error is never suppressed.

    ## Why it matters
    A noqa with a typo silences nothing, and its author believes the finding is handled; a noqa
    left behind after the record was fixed silences the next, different fault on that record
    without anyone looking at it (ruff's RUF100 exists for the same reasons).

    ## Example
    ```
    www   IN CNAME  web.example.net.   ; noqa: ZL6O2
    mail  IN A      192.0.2.25         ; noqa: ZL101
    ```
    (`ZL6O2` is no code; no ZL101 finding is anchored at an A record.)

    ## How to fix
    Correct the code or remove it, and remove codes (or whole comments) that suppress nothing.
    `--fix` removes unknown codes that are not `external` (the whole noqa, or `disable-file`
    comment, when it names nothing else: an empty noqa list would make it a bare `noqa`); it
    never removes a code of a rule that exists, since the same comment may be used in a run that
    lints more.
    Declare the code prefixes of plugins that are not installed in every environment:
    ```
    [tool.zonelint]
    external = ["ACME"]
    ```
    To keep a comment on purpose, add `ZL008` to its list (`; noqa: ZL101, ZL008`); a bare
    `noqa` never silences ZL008.

    ## Anchor
    The `;` that starts the comment (its line and column).
    """

    code = "ZL008"
    judges_served_data = False
    name = "noqa-unused"
    severity = WARNING
    summary = "A noqa comment names an unknown code or suppresses nothing"
    tags = ("noqa", "suppression")
    zone_local = True
    fixable = True

    def check(self, ctx):
        return ()  # judged by the core once the whole run is known (zonelint.noqa)
