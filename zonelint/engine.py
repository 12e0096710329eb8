"""The rule engine: run the selected rules (:mod:`zonelint.selection`) zone by zone, contain
crashes, apply severity and suppressions.

Severity precedence: the rule's default (or the level a rule gives one finding, which may depend on
the profile: the rules read ``ctx.profile``) < config ``severity`` < ``--severity`` on the command
line.
"""

from __future__ import annotations

from collections.abc import Iterable

from .graph import RecordGraph, Zone
from .model import ERROR, SEVERITY_RANK, Finding, SourceFile, fit_message
from .noqa import FILE_WIDE, NOQA_UNUSED, NoqaUsage
from .report.model import INTERNAL_ERROR, INTERNAL_ERROR_HELP, INTERNAL_ERROR_NAME
from .rule import Rule, RuleContext
from .suppress import scan_suppressions
from .values import Value

TYPE_CHECKING = False  # typing.TYPE_CHECKING: typing is not imported at start-up
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any


def resolve_severity(code: str, given: str, overrides: list[dict[str, str]]) -> str:
    """Apply severity maps (config, CLI: later wins; longest prefix within a map)."""
    level = given
    for table in overrides:
        best = -1
        for sel, sev in table.items():
            s_up = sel.upper()
            if code.startswith(s_up) and len(s_up) > best:
                best, chosen = len(s_up), sev
        if best >= 0:
            level = chosen
    return level


def is_suppressed(f: Finding) -> bool:
    """``; noqa`` / ``; noqa: CODE`` on any line of the anchoring record, or
    ``; zonelint: disable-file=CODE`` anywhere in the file."""
    file = f.file
    if file is None:
        return False
    if not file.scanned:
        scan_suppressions(file)
    return f.code in file.disabled or bool(noqa_lines(f))


def noqa_lines(f: Finding) -> list[int]:
    """The lines of the anchoring record whose ``; noqa`` suppresses ``f`` (a bare ``noqa`` every
    code but ZL008's: a bare noqa that suppresses nothing must not silence its own report)."""
    file = f.file
    if file is None or not file.noqa:
        return []
    out = []
    for line in range(f.line, (f.end_line or f.line) + 1):
        if line in file.noqa:
            codes = file.noqa[line]
            if (codes is None and f.code != NOQA_UNUSED) or (codes is not None and f.code in codes):
                out.append(line)
    return out


def internal_error(rule: type[Rule] | None, file: SourceFile, message: str) -> Finding:
    """A ``ZL000`` finding at line 1 of ``file``; a long ``message`` (a crash's text) is fitted to
    one line, its whole text kept in the help (:func:`~zonelint.model.fit_message`)."""
    message, help = fit_message(message, INTERNAL_ERROR_HELP)
    return Finding(
        code=INTERNAL_ERROR,
        rule=INTERNAL_ERROR_NAME,
        severity=ERROR,
        message=message,
        help=help,
        path=file.display,
        line=1,
        column=1,
        owner=None,
        file=file,
    )


def _malformed(f: Any, rule: Rule) -> str | None:
    """Why a rule's yielded object is not a usable finding (None when it is fine)."""
    if not isinstance(f, Finding):
        return f"yielded {type(f).__name__} instead of a Finding (use ctx.finding(...))"
    if f.code != rule.code:
        return f"yielded a finding with code {f.code!r}, not its own code {rule.code}"
    line = f.line
    if not isinstance(line, int) or line < 1 or not isinstance(f.column, int) or f.column < 1:
        return f"yielded a finding with an invalid position line={line!r} column={f.column!r}"
    if f.severity not in SEVERITY_RANK:
        return f"yielded a finding with an invalid severity {f.severity!r}"
    if not isinstance(f.message, str) or not f.message:
        return "yielded a finding without a message"
    if f.file is None or not isinstance(f.path, str):
        return "yielded a finding without a file"
    if f.fix is not None and not _is_fix(f.fix):
        return f"yielded a finding whose fix is a {type(f.fix).__name__}, not a zonelint.fix.Fix"
    return None


def _is_fix(value) -> bool:
    from .fix import Fix  # only for a finding that carries a fix: start-up does not import it

    return isinstance(value, Fix)


class EngineResult(Value):
    """What the rules found. ``findings`` are sorted (:meth:`Finding.sort_key`) and distinct
    (:func:`finding_identity`) once :meth:`finish` ran; ``suppressed_seen``: identity keys of the
    suppressed findings (a suppressed fault reached twice counts once); ``noqa``: the noqa books
    for ZL008 (:mod:`zonelint.noqa`), None when ZL008 is not selected.

    A kept finding reached again (a file both zones ``$INCLUDE``) is only dropped by
    :meth:`finish`: repeats are rare, and no key per finding is kept while the rules run."""

    __slots__ = ("findings", "suppressed", "internal_errors", "suppressed_seen", "noqa")

    def __init__(self, findings: list[Finding], suppressed: int = 0, internal_errors: int = 0,
                 suppressed_seen: set | None = None, noqa: NoqaUsage | None = None) -> None:
        self.findings = findings
        self.suppressed = suppressed
        self.internal_errors = internal_errors
        self.suppressed_seen = set() if suppressed_seen is None else suppressed_seen
        self.noqa = noqa

    def finish(self) -> "EngineResult":
        """Sort the findings and drop repeats (the first of each kept, a repeat's fix merged into
        it: :func:`merge_fix`); ``ZL000`` findings are never dropped. Returns self."""
        self.findings = distinct_sorted(self.findings)
        return self


def finding_identity(f: Finding) -> tuple:
    """What makes two findings one: a file ``$INCLUDE``d twice (by one zone or by two) holds its
    records twice, but a fault at one place is reported once."""
    return f.identity()


def distinct_sorted(findings: list[Finding]) -> list[Finding]:
    """``findings`` sorted (in place, stably) by :meth:`Finding.sort_key`, then without repeats
    (:func:`finding_identity`: the sort key and the owner), the first of each kept, a repeat's fix
    merged into it; ``ZL000`` findings are all kept (a run's internal errors are each reported).
    Repeats sit in one run of equal sort keys, so no key is kept beyond the current run. The one way repeats are dropped:
    after the rules of one process (:meth:`EngineResult.finish`) and after merging the ``-j``
    workers' findings (:mod:`zonelint.shard`)."""
    findings.sort(key=Finding.sort_key)
    out: list[Finding] = []
    run: list[Finding] = []
    head = None  # the first finding of the run of equal sort keys
    for f in findings:
        # the sort key's fields, the most discerning first (no key built: one call per finding less)
        if (head is None or f.message != head.message or f.code != head.code or f.column != head.column
                or f.path != head.path or f.line != head.line):
            head = f
            run = [f]
            out.append(f)
            continue
        for kept in run:
            if kept.owner == f.owner and f.code != INTERNAL_ERROR:
                merge_fix(kept, f)
                break
        else:
            run.append(f)
            out.append(f)
    return out


def merge_fix(kept: Finding, again: Finding) -> None:
    """The same finding reached again from another zone (a file both include): when it asks for
    the very same fix, that zone asked for it too (an ``$INCLUDE``d file is only fixed when
    every zone including it asks for the same edit, :mod:`zonelint.fix.apply`)."""
    if kept is not None and kept.fix is not None and again.fix is not None:
        kept.fix = kept.fix.merged(again.fix)


def run_rules(
    graph: RecordGraph,
    rules: list[Rule],
    zones: Iterable[Zone],
    profile: str | None = None,
    severity_overrides: list[dict[str, str]] | None = None,
    finish: bool = True,
    forget: bool = True,
) -> EngineResult:
    """Run each rule on each zone to report. A rule that raises, or yields something that is not
    a proper finding, becomes one ``ZL000`` naming the rule and the file; the others go on.
    (Under ``-j N`` each process runs this on its own zones: :mod:`zonelint.shard`.) With
    ``finish=False`` the findings are neither sorted nor freed of repeats: call
    :meth:`EngineResult.finish` once the rules' data is let go (``RecordGraph.release``), so the
    sort does not add to the run's peak memory. With ``forget=False`` the memoised data of a rule
    is kept after it ran: for a caller that runs the rules on ``graph`` again, zone after zone
    (a ``-j`` worker), and would otherwise build every table of the run once per zone."""
    overrides = [table for table in severity_overrides or () if table]  # an empty map changes nothing
    zones = list(zones)
    result = EngineResult(findings=[])
    if any(r.code == NOQA_UNUSED for r in rules):
        result.noqa = NoqaUsage()
    done_with = last_readers(rules)
    for i, rule in enumerate(rules):
        served_too = getattr(rule, "judges_served_data", True)
        for zone in zones:
            if zone.file.uri is not None and not served_too:
                continue  # a rule about the file's text: served records have none
            if _check(graph, rule, zone, profile, overrides, result) and result.noqa is not None:
                result.noqa.ran_on(zone, rule)
        if forget and i in done_with:  # its memoised data has no reader left: freed now, not at the end
            graph.forget(done_with[i])
    return result.finish() if finish else result


def last_readers(rules: list[Rule]) -> dict[int, list[str]]:
    """For the position of each rule in ``rules``: the memoised data (:attr:`Rule.memos`) that no
    later rule names, dropped once it has run."""
    last: dict[str, int] = {}
    for i, rule in enumerate(rules):
        for name in getattr(rule, "memos", ()):
            last[name] = i
    out: dict[int, list[str]] = {}
    for name, i in last.items():
        out.setdefault(i, []).append(name)
    return out


def _edits_generated(fix: Fix, zone: Zone) -> bool:
    """True when a change of ``fix`` is at a ``$GENERATE`` line of a file of ``zone``."""
    files = zone.files or [zone.file]
    return any(c.line in sf.generated for c in fix.changes for sf in files if sf.path == c.path and sf.generated)


def _check(graph: RecordGraph, rule: Rule, zone: Zone, profile, overrides, result: EngineResult) -> bool:
    """Run one rule on one zone into ``result``; False when it crashed (ZL000)."""
    ctx = RuleContext(rule, graph.for_zone(zone), zone, profile)
    try:
        produced = list(rule.check(ctx) or ())
    except (Exception, SystemExit) as e:  # noqa: BLE001 - contain any rule crash (even sys.exit)
        where = f" (plugin '{rule.plugin}')" if rule.plugin not in ("", "builtin") else ""
        result.findings.append(
            internal_error(
                type(rule),
                zone.file,
                # the file's name, not its path: the finding is located in the file already
                f"rule {rule.code} {rule.name}{where} crashed on "
                f"{zone.file.display.replace(chr(92), '/').rsplit('/', 1)[-1]}: {type(e).__name__}: {e}",
            )
        )
        result.internal_errors += 1
        return False
    for f in produced:
        why = _malformed(f, rule)
        if why is not None:
            where = f" (plugin '{rule.plugin}')" if rule.plugin not in ("", "builtin") else ""
            result.findings.append(
                internal_error(type(rule), zone.file, f"rule {rule.code} {rule.name}{where} {why}")
            )
            result.internal_errors += 1
            return False
        if f.file is not None and not f.file.reported:
            continue
        if overrides:
            f.severity = resolve_severity(f.code, f.severity, overrides)
        if f.fix is not None and (f.file.uri is not None or _edits_generated(f.fix, zone)):
            # served by a DNS server: there is no file to edit; made by $GENERATE: the line is no
            # record of its own, --fix would refuse it (an editor must not be offered it either)
            f.fix = None
        if f.fix is not None:
            f.fix = f.fix.for_zone(zone.file.path)
        file = f.file
        if not file.scanned:
            scan_suppressions(file)
        if result.noqa is not None:  # every noqa line that names it counts as used (ZL008)
            lines = noqa_lines(f)
            if f.code in f.file.disabled:  # the file's disable-file comments were of use too
                lines.append(FILE_WIDE)
            if lines:
                result.noqa.mark(f.file, lines, f.code)
        if (file.noqa or file.disabled) and is_suppressed(f):  # no call for a file without suppressions
            key = finding_identity(f)
            if key not in result.suppressed_seen:  # not the same fault reached again (a file included twice)
                result.suppressed_seen.add(key)
                result.suppressed += 1
            continue
        result.findings.append(f)  # a repeat is dropped by EngineResult.finish
    return True
