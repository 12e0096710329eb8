"""One lint run: collect files, load them, build the one record graph, run the rules.

This module knows nothing about output formats; the CLI hands the :class:`Report` to a reporter.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from . import __version__
from .config import Config, ConfigError
from .engine import (
    PROFILE_SEVERITY,
    EngineResult,
    SelectionLevel,
    run_rules,
    select_rules,
    unknown_selectors,
)
from .graph import RecordGraph, Zone
from .discovery import collect_files, context_files, display_path  # noqa: F401 (display_path: re-exported)
from .model import SEVERITY_RANK, Finding, Notification, SourceFile
from .plugins import Registry
from .rule import Rule

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class Report:
    """Everything a reporter may show."""

    findings: list[Finding]
    rules: list[type[Rule]]
    registry: Registry
    files: list[SourceFile]
    lint_root: str
    records: int = 0
    suppressed: int = 0
    internal_errors: int = 0
    notifications: list[Notification] = field(default_factory=list)
    exit_code: int = 0
    version: str = __version__
    #: extra lines for the summary (baseline, serial checks, ...)
    summary_notes: list[str] = field(default_factory=list)
    #: SARIF result cap (``--sarif-max-results``; 0 = unlimited; None = the format's default)
    sarif_max_results: int | None = None
    #: True when ``--baseline`` filtered the findings (SARIF marks results ``baselineState``)
    baseline_applied: bool = False
    #: id(finding) -> fingerprint, computed once per run and shared by every CI format
    fingerprints: dict[int, str] | None = None

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


@dataclass
class RunOptions:
    paths: list[str]
    origin: str | None = None
    select: SelectionLevel = field(default_factory=SelectionLevel)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    exit_zero: bool = False
    profile: str | None = None
    context: list[str] = field(default_factory=list)
    #: git revision whose SOA serials ZL607 compares with (``--serial-base``); see ``gitbase``
    serial_base: str | None = None
    jobs: int | None = None
    cwd: str = field(default_factory=os.getcwd)
    #: called with (files_done, files_total, records_so_far) while loading
    progress: Callable[[int, int, int], None] | None = None


def make_rules(registry: Registry, config: Config, selection: SelectionLevel) -> list[Rule]:
    """Select rules and instantiate them with validated options."""
    levels = [
        SelectionLevel(config.select, config.extend_select, config.ignore),
        selection,
    ]
    for level in levels:
        for sel in unknown_selectors(
            registry, (level.select or []) + level.extend_select + level.ignore
        ):
            _unknown_code(registry, sel)
    classes = select_rules(registry, levels)
    options_by_code: dict[str, dict] = {}
    for key, table in config.rules.items():
        cls = registry.lookup(key)
        if cls is None:
            _unknown_code(registry, key, where=f"the config's rules.{key} table")
            continue
        declared = cls.options
        validated = {}
        for opt, value in table.items():
            if opt not in declared:
                known = ", ".join(sorted(declared)) or "none"
                raise ConfigError(
                    f"rule {cls.code} ({cls.name}) has no option '{opt}' (its options: {known})"
                )
            try:
                validated[opt] = declared[opt].validate(value, f"rules.{cls.code}.{opt}")
            except ValueError as e:
                raise ConfigError(f"option {e}") from None
        options_by_code[cls.code] = validated
    rules = []
    for cls in classes:
        try:
            rules.append(cls(options_by_code.get(cls.code)))
        except (ValueError, TypeError) as e:
            raise ConfigError(f"rule {cls.code} ({cls.name}): invalid options: {e}") from None
    return rules


def _unknown_code(registry: Registry, code: str, where: str = "") -> None:
    if registry.failed:
        failed = ", ".join(f"'{n}'" for n in registry.failed)
        registry.messages.append(
            f"unknown rule code '{code}'{' in ' + where if where else ''}: it may belong to a "
            f"plugin that failed to load ({failed}, see above); ignored"
        )
        return
    raise ConfigError(
        f"unknown rule code or name '{code}'{' in ' + where if where else ''} "
        "(see `zonelint rules` for the list)"
    )


def load_all(files: list[tuple[str, bool]], config: Config, opts: RunOptions):
    """Load every file (reported ones first), in parallel processes when it pays off."""
    from .parallel import load_many

    return load_many(files, config, opts)


def lint(opts: RunOptions, config: Config, registry: Registry) -> Report:
    """Run zonelint once: returns the report with its exit code set."""
    profile = opts.profile or config.profile
    rules = make_rules(registry, config, opts.select)
    if opts.origin and len(opts.paths) == 1 and os.path.isdir(opts.paths[0]):
        raise ConfigError("--origin applies to a single zone file; use the `origins` table for folders")
    paths, notes = collect_files(opts.paths, config, opts.cwd)
    if opts.origin and len(paths) > 1:
        raise ConfigError("--origin applies to a single zone file; use the `origins` table for several")
    reported = set(os.path.realpath(p) for p in paths)
    # --context globs are relative to the current directory (like PATHs), config ones to the
    # config file's folder; a file both named and matched is reported, each file is loaded once
    ctx_paths = []
    for p in context_files(opts.context, opts.cwd) + context_files(config.context, config.root):
        real = os.path.realpath(p)
        if real not in reported:
            reported.add(real)
            ctx_paths.append(p)
    files = [(p, True) for p in paths] + [(p, False) for p in ctx_paths]
    overrides = [PROFILE_SEVERITY.get(profile or "default", {}), config.severity, opts.severity]
    base_ref = None
    if any(getattr(r, "needs_git_base", False) for r in rules):
        from .gitbase import choose_base

        base_ref = choose_base(opts.serial_base, config.serial_base)
    from .parallel import effective_jobs

    jobs = effective_jobs(opts, paths + ctx_paths)
    sharded = None
    if jobs > 1 and len(files) > 1:
        from .jobs import available

        if available():  # each process loads and lints a share of the files (zonelint.shard)
            from .parallel import load_one, load_options
            from .shard import lint_sharded

            options = load_options(config, opts.cwd)
            sharded = lint_sharded(
                files,
                min(jobs, len(files)),
                lambda p, r: load_one(p, r, config, opts, options),
                rules,
                profile,
                overrides,
                base_ref,
                opts.progress,
            )
    if sharded is not None:
        for i, err in sharded.unreadable:
            p = files[i][0]
            notes.append(Notification("error", f"{p}: cannot read: {err.strerror or err}", p))
        notes.extend(Notification(level, msg) for level, msg in sharded.notes)
        result = EngineResult(sharded.findings, sharded.suppressed, sharded.internal_errors)
        all_files, records = sharded.files, sharded.records
    else:
        result, all_files, records = _lint_here(files, rules, config, opts, profile, overrides, base_ref, notes)
    report = Report(
        findings=result.findings,
        rules=[type(r) for r in rules],
        registry=registry,
        files=all_files,
        lint_root=config.root,
        records=records,
        suppressed=result.suppressed,
        internal_errors=result.internal_errors,
        notifications=notes,
    )
    for msg in registry.messages:
        report.notifications.append(Notification("warning", msg))
    report.exit_code = exit_code(report, opts.fail_on or config.fail_on, opts.exit_zero)
    return report


def _lint_here(files, rules, config, opts, profile, overrides, base_ref, notes):
    """Load every file in this process (a single large file in parallel parts under ``-j N``:
    :mod:`zonelint.split`), build the graph and run the rules."""
    loaded = load_all(files, config, opts)
    for (p, _), lz in zip(files, loaded):
        if isinstance(lz, OSError):
            notes.append(Notification("error", f"{p}: cannot read: {lz.strerror or lz}", p))
    loaded = [lz for lz in loaded if not isinstance(lz, OSError)]
    included = set()
    for lz in loaded:
        included.update(lz.includes)
    graph = RecordGraph()
    zones: list[Zone] = []
    all_files: list[SourceFile] = []
    records = 0
    for lz in loaded:
        if os.path.realpath(lz.file.path) in included:
            continue  # linted where it is included
        zone = Zone(origin=lz.origin, file=lz.file, records=lz.records, problems=lz.problems, files=lz.files)
        graph.add_zone(zone)
        all_files.extend(lz.files)
        if lz.file.reported:
            zones.append(zone)
            records += len(lz.records)
    if base_ref:
        from .gitbase import attach_bases

        notes.extend(Notification(level, msg) for level, msg in attach_bases(zones, base_ref))
    result = run_rules(graph, rules, zones, profile, overrides)
    return result, all_files, records


def exit_code(report: Report, fail_on: str, exit_zero: bool) -> int:
    """2 for internal errors and unreadable paths (``--exit-zero`` does not hide them), 1 when a
    finding reaches ``fail_on``, else 0."""
    if report.internal_errors or any(n.level == "error" for n in report.notifications):
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    threshold = SEVERITY_RANK[fail_on]
    if any(SEVERITY_RANK[f.severity] >= threshold for f in report.findings):
        return EXIT_FINDINGS
    return EXIT_OK
