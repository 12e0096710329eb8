"""The report of one run: what the run found, its notifications, counts and exit code.

A :class:`Report` is built once, by :func:`build_report`, when the run is over (after a
``--baseline`` has filtered the findings), and nothing changes it afterwards: the CLI prints it,
the formats render it, ``--write-baseline`` records it.

The exit-code policy lives here (:func:`exit_code`), and so do the internal error's code and
name (``ZL000``: a rule that crashed, or yielded something that is not a finding).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType

from .. import __version__
from ..model import SEVERITY_RANK, Finding, Notification, SourceFile
from ..values import FrozenValue, Value

TYPE_CHECKING = False  # typing.TYPE_CHECKING: typing is not imported at start-up
if TYPE_CHECKING:  # type-only: the report layer never calls into the rules or the registry
    from ..plugins import Registry
    from ..rule import Rule

#: The internal error: a rule crashed or yielded something that is not a proper finding.
INTERNAL_ERROR = "ZL000"
INTERNAL_ERROR_NAME = "internal-error"
#: The help of an internal error (what to do about it).
INTERNAL_ERROR_HELP = (
    "Report it to the rule's author (the message names the rule and its plugin) or to zonelint "
    "for a load; the exit code is 2 until it is fixed, and --exit-zero does not hide it."
)

def message_with_help(finding: Finding) -> str:
    """The finding's message followed by its help (the fix and its citation) as one text: what a
    format that has one text field per finding shows (SARIF ``message.text`` of a finding without
    a fix, GitHub annotations, GitLab ``description``). The message stays the first sentence, which
    is what code-scanning summaries show when space is tight; just the message when there is no help."""
    message = finding.message
    help = finding.help  # read once: a lazy help is built at each read
    if not help:
        return message
    end = "" if message.endswith((".", "!", "?")) else "."
    return f"{message}{end} {help}"


#: Exit codes: no finding reaches ``--fail-on``; one does; usage, configuration or internal error,
#: or a path that is missing or unreadable.
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class RunResult(Value):
    """What a run found before the report is built (the serial path and the ``-j`` workers
    both give one). ``files``: every file of every zone, in the order a serial run lists them;
    ``records``: records of the reported zones; ``unparsable``: real paths of the files of every
    zone whose load had a parse-class problem (:data:`zonelint.load.types.PARSE_PROBLEMS`):
    ``--fix`` never touches them; ``noqa``: the noqa books of the run
    (:class:`zonelint.noqa.NoqaUsage`) while ZL008 is judged."""

    __slots__ = ("findings", "suppressed", "internal_errors", "files", "records", "notifications",
                 "unparsable", "noqa")

    def __init__(self, findings: list[Finding], suppressed: int = 0, internal_errors: int = 0,
                 files: list[SourceFile] | None = None, records: int = 0,
                 notifications: list[Notification] | None = None, unparsable: set[str] | None = None,
                 noqa: object = None) -> None:
        self.findings = findings
        self.suppressed = suppressed
        self.internal_errors = internal_errors
        self.files = [] if files is None else files
        self.records = records
        self.notifications = [] if notifications is None else notifications
        self.unparsable = set() if unparsable is None else unparsable
        self.noqa = noqa


class Report(FrozenValue):
    """Everything a reporter may show. Built by :func:`build_report`; never changed afterwards
    (an assignment to a field raises ``AttributeError``, as on the frozen dataclass it was: a
    :class:`~zonelint.values.FrozenValue` costs nothing at import, a frozen dataclass of this
    many fields ~5 M instructions at every start).

    Fields: ``findings``, ``rules``, ``registry``, ``files``, ``lint_root``, ``records``,
    ``suppressed``, ``internal_errors``, ``notifications``, ``exit_code``, ``version``,
    ``summary_notes`` (extra lines for the summary: the baseline's, ...), ``baseline_applied``
    (True when ``--baseline`` filtered the findings: SARIF marks results ``baselineState``),
    ``fingerprints`` (id(finding) -> fingerprint when the baseline computed them over every
    finding of the run, so that every CI format numbers duplicates as the baseline did; None: the
    formats compute them), ``unfixable`` (real paths of files ``--fix`` must not touch: a zone of
    theirs has a parse error)."""

    __slots__ = ("findings", "rules", "registry", "files", "lint_root", "records", "suppressed", "internal_errors",
                 "notifications", "exit_code", "version", "summary_notes", "baseline_applied", "fingerprints",
                 "unfixable", "__dict__")  # __dict__: the cached properties below

    def __init__(self, findings: tuple[Finding, ...], rules: tuple[type[Rule], ...], registry: Registry | None,
                 files: tuple[SourceFile, ...], lint_root: str, records: int = 0, suppressed: int = 0,
                 internal_errors: int = 0, notifications: tuple[Notification, ...] = (), exit_code: int = EXIT_OK,
                 version: str = __version__, summary_notes: tuple[str, ...] = (), baseline_applied: bool = False,
                 fingerprints: Mapping[int, str] | None = None, unfixable: frozenset[str] = frozenset()) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "findings", findings)
        setattr_(self, "rules", rules)
        setattr_(self, "registry", registry)
        setattr_(self, "files", files)
        setattr_(self, "lint_root", lint_root)
        setattr_(self, "records", records)
        setattr_(self, "suppressed", suppressed)
        setattr_(self, "internal_errors", internal_errors)
        setattr_(self, "notifications", notifications)
        setattr_(self, "exit_code", exit_code)
        setattr_(self, "version", version)
        setattr_(self, "summary_notes", summary_notes)
        setattr_(self, "baseline_applied", baseline_applied)
        setattr_(self, "fingerprints", fingerprints)
        setattr_(self, "unfixable", unfixable)

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a Report is never changed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: a Report is never changed")

    @cached_property
    def fix_plan(self):
        """What ``--fix`` would apply to these findings now (:func:`zonelint.fix.apply.plan_fixes`:
        the same decisions on parse errors, confinement, ``$INCLUDE``d files and overlapping
        edits), planned once per report and only when a finding carries a fix; ``None`` when none
        does. It reads the files of the fixes, writes nothing."""
        if not any(f.fix is not None for f in self.findings):
            return None
        from ..fix.apply import plan_fixes

        return plan_fixes(self.findings, self.files, os.path.realpath(self.lint_root), self.unfixable)

    @cached_property
    def fixable(self) -> frozenset[int]:
        """``id()`` of each finding whose fix ``--fix`` would really apply (:attr:`fix_plan`): what
        the fix hint, the ``[*]`` markers and ``--statistics`` count, not every finding that
        carries a fix."""
        plan = self.fix_plan
        return frozenset() if plan is None else frozenset(id(f) for f in plan.fixed)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    def summary(self) -> dict[str, int]:
        c = self.counts()
        return {
            "files": len([f for f in self.files if f.reported and f.included_from is None]),
            "records": self.records,
            "findings": len(self.findings),
            "error": c["error"],
            "warning": c["warning"],
            "info": c["info"],
            "suppressed": self.suppressed,
        }


def build_report(
    result: RunResult,
    *,
    rules,
    registry: Registry | None,
    lint_root: str,
    fail_on: str,
    exit_zero: bool = False,
    summary_notes=(),
    baseline_applied: bool = False,
    fingerprints: Mapping[int, str] | None = None,
) -> Report:
    """The one report of a run, its exit code decided by :func:`exit_code`."""
    notifications = tuple(result.notifications)
    if registry is not None:
        # a plugin that cannot be loaded fails the run closed (exit 2), in every format
        notifications += tuple(Notification("error", line) for line in registry.failure_lines())
        notifications += tuple(
            Notification("note", f"plugin '{name}' skipped on purpose (--ignore-plugin)") for name in registry.ignored
        )
        notifications += tuple(Notification("warning", msg) for msg in registry.messages)
    findings = tuple(result.findings)
    return Report(
        findings=findings,
        rules=tuple(rules),
        registry=registry,
        files=tuple(result.files),
        lint_root=lint_root,
        records=result.records,
        suppressed=result.suppressed,
        internal_errors=result.internal_errors,
        notifications=notifications,
        exit_code=exit_code(findings, notifications, result.internal_errors, fail_on, exit_zero),
        summary_notes=tuple(summary_notes),
        baseline_applied=baseline_applied,
        fingerprints=None if fingerprints is None else MappingProxyType(dict(fingerprints)),
        unfixable=frozenset(result.unparsable),
    )


def exit_code(findings, notifications, internal_errors: int, fail_on: str, exit_zero: bool) -> int:
    """2 for internal errors and unreadable paths (``--exit-zero`` does not hide them), 1 when a
    finding reaches ``fail_on``, else 0."""
    if internal_errors or any(n.level == "error" for n in notifications):
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    threshold = SEVERITY_RANK[fail_on]
    if any(SEVERITY_RANK[f.severity] >= threshold for f in findings):
        return EXIT_FINDINGS
    return EXIT_OK
