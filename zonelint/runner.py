"""One lint run: collect files, load them, build the one record graph, run the rules, build the
report.

Each step has its module: file collection in :mod:`zonelint.discovery`, rule selection in
:mod:`zonelint.selection`, the rules in :mod:`zonelint.engine`, ``-j`` in :mod:`zonelint.jobs`
and :mod:`zonelint.shard`, the report and its exit code in :mod:`zonelint.report.model`. This
module knows nothing about output formats; the CLI hands the :class:`Report` to a reporter.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable

from . import allocator
from .config import Config, ConfigError
from .discovery import context_files, discover, display_path, file_identity, view_of
from .engine import internal_error, run_rules
from .graph import RecordGraph, Zone
from .model import Finding, Notification, SourceFile
from .plugins import Registry
from .report.model import Report, RunResult, build_report
from .selection import SelectionLevel, make_rules, nothing_judges_served
from .values import Value


class RunOptions(Value):
    """What the command line (or a caller: the language server, :mod:`zonelint.testing`) asks of
    one run. ``serial_base``: the git revision whose SOA serials ZL607 compares with
    (``--serial-base``, see ``gitbase``); ``progress``: called with (files_done, files_total,
    records_so_far) while loading; ``sources``: PATH (as in ``paths``) -> text linted in place of
    the file (standard input, an editor's buffer: :mod:`zonelint.buffers`); ``tsig_key``:
    ``--tsig-key FILE[:NAME]``, the key that signs the run's zone transfers; ``net_timeout``:
    ``--net-timeout``, seconds each network source may take in all (None: the default);
    ``served``: URI -> the records a DNS server served for it (:mod:`zonelint.net`), filled by
    :func:`lint` before anything is loaded (and before ``-j`` forks); ``served_failures``: URI ->
    the notification of a network source that could not be read (kept, like ``served``, so that a
    second run with these options, after ``--fix``, asks no server again); ``resolve``:
    ``--resolve``, look up targets outside every loaded zone (a
    :class:`~zonelint.resolver.ResolverSettings`; ``None``: offline); ``compare``: ``--compare
    URI FILE`` as ``(uri, file path)`` pairs (the file's zone gets what the server serves,
    ``zone.served``, and the drift rules ZL020-ZL023 compare the two); ``keep``: a list the run
    appends its loaded zones and graph to, so that they outlive it (the command, whose process
    ends without freeing them: freeing a million records object by object costs time and changes
    nothing); None: freed when the run returns, by reference counting."""

    __slots__ = (
        "paths", "origin", "select", "severity", "fail_on", "exit_zero", "profile", "context",
        "serial_base", "jobs", "cwd", "progress", "sources", "tsig_key", "net_timeout", "served",
        "served_failures", "resolve", "compare", "keep",
    )

    def __init__(
        self,
        paths: list[str],
        origin: str | None = None,
        select: SelectionLevel | None = None,
        severity: dict[str, str] | None = None,
        fail_on: str | None = None,
        exit_zero: bool = False,
        profile: str | None = None,
        context: list[str] | None = None,
        serial_base: str | None = None,
        jobs: int | None = None,
        cwd: str | None = None,
        progress: Callable[[int, int, int], None] | None = None,
        sources: dict[str, bytes] | None = None,
        tsig_key: str | None = None,
        net_timeout: float | None = None,
        served: dict | None = None,
        served_failures: dict | None = None,
        resolve: object | None = None,
        compare: list[tuple[str, str]] | None = None,
        keep: list | None = None,
    ) -> None:
        self.paths = paths
        self.origin = origin
        self.select = SelectionLevel() if select is None else select
        self.severity = {} if severity is None else severity
        self.fail_on = fail_on
        self.exit_zero = exit_zero
        self.profile = profile
        self.context = [] if context is None else context
        self.serial_base = serial_base
        self.jobs = jobs
        self.cwd = os.getcwd() if cwd is None else cwd
        self.progress = progress
        self.sources = {} if sources is None else sources
        self.tsig_key = tsig_key
        self.net_timeout = net_timeout
        self.served = {} if served is None else served
        self.served_failures = {} if served_failures is None else served_failures
        self.resolve = resolve
        self.compare = [] if compare is None else compare
        self.keep = keep


def is_network_source(path: str) -> bool:
    """An ``axfr://`` source (any ``scheme://``: never taken for a file name)."""
    return "://" in path and path.split("://", 1)[0].isalnum()


def lint(opts: RunOptions, config: Config, registry: Registry, baseline=None) -> Report:
    """Run zonelint once and build its report. ``baseline`` (a loaded
    :class:`~zonelint.baseline.Baseline`) filters the findings before the report is built."""
    profile = opts.profile or config.profile
    rules = make_rules(registry, config, opts.select, opts.severity)
    files, notes, _ = files_of_run(opts, config)
    net_notes = fetch_served(opts)
    files = [(p, r) for p, r in files if not is_network_source(p) or p in opts.served]
    # a large run: big blocks mapped apart, so that the tables loading and indexing free go back
    # to the system (glibc; zonelint.allocator)
    allocator.for_files(p for p, _ in files if p not in opts.sources and not is_network_source(p))
    reported = [p for p, r in files if r]
    if reported and all(is_network_source(p) for p in reported):
        idle = nothing_judges_served(rules, "a zone transfer brings")
        if idle:
            net_notes.append(Notification("note", idle))
    overrides = [config.severity, opts.severity]
    base_ref = None
    if any(getattr(r, "needs_git_base", False) for r in rules):
        from .gitbase import choose_base

        base_ref = choose_base(opts.serial_base, config.serial_base)
    from .jobs import effective_jobs

    jobs = effective_jobs(opts.jobs, [p for p, _ in files])
    result = None
    # --resolve (one budget, each name asked once) and --compare (served copies attached to the
    # zones) lint in one process
    if jobs > 1 and len(files) > 1 and opts.resolve is None and not opts.compare:
        from .jobs import available

        if available():  # each process loads and lints a share of the files (zonelint.shard)
            from .shard import lint_sharded

            options = load_options(config, opts.cwd)
            result = lint_sharded(
                files,
                min(jobs, len(files)),
                lambda p, r: load_one(p, r, config, opts, options),
                rules,
                profile,
                overrides,
                base_ref,
                opts.progress,
                views=[view_of(p, config) for p, _ in files],
                served={uri: lz.file for uri, lz in opts.served.items()},
            )
    if result is None:
        result = _lint_here(files, rules, config, opts, profile, overrides, base_ref)
    result.notifications[:0] = notes + net_notes
    if result.noqa is not None:  # ZL008, judged once the whole run is known (before the baseline)
        _judge_noqa(result, rules, registry, config, opts, overrides, partial=any(not r for _, r in files)
                    or any(not os.path.isdir(p) for p in opts.paths))
    findings, fingerprints, summary_notes = result.findings, None, ()
    if baseline is not None:
        from .baseline import apply

        filtered = apply(findings, config.root, baseline)
        findings, fingerprints, summary_notes = filtered.findings, filtered.fingerprints, (filtered.note,)
    result.findings = findings
    return build_report(
        result,
        rules=[type(r) for r in rules],
        registry=registry,
        lint_root=config.root,
        fail_on=opts.fail_on or config.fail_on,
        exit_zero=opts.exit_zero,
        summary_notes=summary_notes,
        baseline_applied=baseline is not None,
        fingerprints=fingerprints,
    )


def _judge_noqa(result: RunResult, rules, registry, config: Config, opts: RunOptions, overrides, partial: bool) -> None:
    """Add the ZL008 findings to ``result`` (their severity and suppression as for any finding).
    The run is ``partial`` when it has context zones or lints files named one by one (pre-commit,
    editors): rules that look across zones are then not judged (:mod:`zonelint.noqa`)."""
    from .engine import is_suppressed, resolve_severity
    from .noqa import noqa_findings

    found = noqa_findings(result.noqa, rules, registry, result.files, external=config.external, partial=partial)
    kept = []
    for f in found:
        f.severity = resolve_severity(f.code, f.severity, overrides)
        if is_suppressed(f):
            result.suppressed += 1
        else:
            kept.append(f)
    if kept:
        result.findings = sorted(result.findings + kept, key=Finding.sort_key)
    result.noqa = None


def files_of_run(opts: RunOptions, config: Config):
    """``(path, reported)`` for every file of the run (the ones to lint first, then the context
    ones), the notifications about paths that could not be used, and the files passed over with
    the reason (:class:`zonelint.discovery.Discovery`)."""
    if opts.origin and len(opts.paths) == 1 and os.path.isdir(opts.paths[0]):
        raise ConfigError("--origin applies to a single zone file; use the `origins` table for folders")
    found = discover([p for p in opts.paths if p not in opts.sources and not is_network_source(p)], config, opts.cwd)
    # text given (standard input, an editor's buffer): no file needed
    paths, notes = [p for p in opts.paths if p in opts.sources] + found.files, found.notes
    if opts.origin and len(paths) > 1:
        raise ConfigError("--origin applies to a single zone file; use the `origins` table for several")
    reported = set(file_identity(p) for p in paths)
    # --context globs are relative to the current directory (like PATHs), config ones to the
    # config file's folder; a file both named and matched is reported, each file (device and
    # inode) is loaded once
    ctx_paths = []
    allow = config.allow_include_outside
    cli_ctx, cli_notes = context_files([c for c in opts.context if not is_network_source(c)], opts.cwd,
                                       config.root, allow)
    cfg_ctx, cfg_notes = context_files(config.context, config.root, config.root, allow)
    notes += cli_notes + cfg_notes
    for p in cli_ctx + cfg_ctx:
        ident = file_identity(p)
        if ident not in reported:
            reported.add(ident)
            ctx_paths.append(p)
    # network sources (fetched by :func:`fetch_served`): each once, reported if named as a path
    net_paths = list(dict.fromkeys(p for p in opts.paths if is_network_source(p)))
    net_ctx = [c for c in dict.fromkeys(opts.context) if is_network_source(c) and c not in net_paths]
    return ([(p, True) for p in paths + net_paths] + [(p, False) for p in ctx_paths + net_ctx], notes,
            found.skipped)


def fetch_served(opts: RunOptions) -> list[Notification]:
    """Transfer every network source of the run into ``opts.served`` (once, here, before any
    worker is forked); an error notification for each that fails. Nothing is imported from
    :mod:`zonelint.net` unless the command line names a network source."""
    uris = [p for p in [*opts.paths, *opts.context, *(u for u, _ in opts.compare)] if is_network_source(p)]
    pending = [u for u in uris if u not in opts.served and u not in opts.served_failures]
    if pending:
        from .net.sources import SourceError, fetch

        # a --compare copy is reported: a record only the server has is located in it (ZL021)
        reported = {p for p in [*opts.paths, *(u for u, _ in opts.compare)] if is_network_source(p)}
        try:
            served, notes = fetch(pending, reported, opts.tsig_key, opts.net_timeout)
        except SourceError as e:
            raise ConfigError(str(e)) from None
        opts.served.update(served)
        opts.served_failures.update((n.path, n) for n in notes)
    return [opts.served_failures[u] for u in dict.fromkeys(uris) if u in opts.served_failures]


def _lint_here(files, rules, config, opts, profile, overrides, base_ref) -> RunResult:
    """Load every file in this process, build the graph and run the rules."""
    notes: list[Notification] = []
    loaded = load_many(files, config, opts)
    crashed: list[Finding] = []
    for (p, reported), lz in zip(files, loaded):
        if isinstance(lz, OSError):
            notes.append(Notification("error", f"{p}: cannot read: {lz.strerror or lz}", p))
        elif isinstance(lz, LoadCrash):  # no defect of the zone: an internal error, exit 2
            shown = display_path(p, opts.cwd)
            crashed.append(internal_error(None, SourceFile(path=p, display=shown, reported=True),
                                          f"internal error while loading {shown}: {lz}"))
    loaded = [lz for lz in loaded if not isinstance(lz, (OSError, LoadCrash))]
    from .load.types import unparsable_files

    unparsable = unparsable_files(loaded)
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
        zone = Zone(origin=lz.origin, file=lz.file, records=lz.records, problems=lz.problems, files=lz.files,
                    view=view_of(lz.file.path, config))
        graph.add_zone(zone)
        all_files.extend(lz.files)
        if lz.file.reported:
            zones.append(zone)
            records += len(lz.records)
    if opts.compare:
        notes.extend(attach_served(zones, opts))
    if opts.resolve is not None:  # before the rules: they never open a socket
        notes.extend(resolve_out_of_run(graph, zones, opts.resolve))
    if base_ref:
        from .gitbase import attach_bases

        on_disk = [z for z in zones if z.file.uri is None]
        notes.extend(Notification(level, msg) for level, msg in attach_bases(on_disk, base_ref))
    done = run_rules(graph, rules, zones, profile, overrides, finish=False)
    graph.release()  # the records are freed when this returns, not by the cycle collector
    done.finish()  # sorted once the rules' data is gone: the sort's keys add nothing to the peak
    if opts.keep is not None:  # not freed on return: the caller's process ends without freeing them
        opts.keep.append((loaded, zones, graph))
    findings = sorted(crashed + done.findings, key=Finding.sort_key) if crashed else done.findings
    return RunResult(findings, done.suppressed, done.internal_errors + len(crashed), all_files, records, notes,
                     unparsable, done.noqa)



def attach_served(zones: list[Zone], opts: RunOptions) -> list[Notification]:
    """``--compare URI FILE``: give FILE's zone what URI served (``zone.served``, read by the drift
    rules ZL020-ZL023); an error notification when FILE is no zone of the run or the two zones
    differ (a transfer that failed has its own notification already)."""
    from .graph import ServedCopy

    notes: list[Notification] = []
    by_path = {os.path.realpath(z.file.path): z for z in zones if z.file.uri is None}
    for uri, path in opts.compare:
        lz = opts.served.get(uri)
        if lz is None:
            continue  # the transfer failed: its notification says why
        zone = by_path.get(os.path.realpath(os.path.join(opts.cwd, path)))
        if zone is None:
            notes.append(Notification("error", f"--compare {uri} {path}: {path} is not a zone of this run", path))
        elif (zone.origin or "").lower() != lz.origin.lower():
            notes.append(Notification(
                "error", f"--compare {uri} {path}: the server's zone {lz.origin} is not the file's {zone.origin}", path))
        else:
            zone.served = ServedCopy(uri, tuple(lz.records))
    return notes


def resolve_out_of_run(graph: RecordGraph, zones: list[Zone], settings) -> list[Notification]:
    """``--resolve``: what DNS answers about the targets outside every loaded zone, attached to the
    graph (``graph.dns_answer``); the notes about names that got no answer."""
    from .resolver import ResolverError, resolve_targets

    try:
        answers, notes = resolve_targets(graph, zones, settings)
    except ResolverError as e:
        raise ConfigError(f"--resolve: {e}") from None
    graph.set_dns_answers(answers)
    return [Notification("note", message) for message in notes]


class LoadCrash(Exception):
    """A load that ended with an exception that is no defect of the zone: recursion, memory, a
    limit of the interpreter, a bug. The run reports it as ``ZL000`` naming the file and goes on."""

    def __init__(self, exc: BaseException) -> None:
        super().__init__(f"{type(exc).__name__}: {exc}")


# -- loading the run's files -----------------------------------------------------------------


def load_options(config: Config, cwd: str):
    """How the run's files are loaded. The expansion budget is shared by every load of this
    process (under ``-j N`` each of the N processes has one, so that a file is judged the same
    whatever the process it lands in)."""
    from .load import ExpansionBudget, LoadOptions

    return LoadOptions(
        lint_root=os.path.realpath(config.root),
        include_path=[os.path.join(config.root, p) for p in config.include_path],
        allow_include_outside=config.allow_include_outside,
        max_generate=config.max_generate,
        max_include_depth=config.max_include_depth,
        cwd=cwd,
        budget=ExpansionBudget(config.max_expanded_records, config.max_expanded_octets),
    )


def load_one(path: str, reported: bool, config: Config, opts: RunOptions, options):
    """Load one file of the run, its origin from ``--origin``, the config's ``origins`` table or
    its name."""
    from .origin import origin_from_config, origin_from_filename

    if path in opts.served:  # transferred from a DNS server (fetch_served)
        return opts.served[path]
    if is_network_source(path):  # never read as a local path
        raise OSError(errno.ENOENT, "a network source, not fetched in this run", path)
    if path in opts.sources:  # standard input or an editor's buffer, never split
        from .buffers import load_buffer

        return load_buffer(path, opts.sources[path], reported, config, opts, options)
    origin = opts.origin if (reported and opts.origin) else origin_from_config(path, config.origins, config.root)
    # the fast scanner, which hands what it does not fully understand to the reference reader
    # (ZONELINT_REFERENCE_LOADER=1 forces the reference reader for everything)
    from .load import load_zone

    return load_zone(
        path,
        display_path(path, opts.cwd),
        origin,
        options,
        fallback_origin=origin_from_filename(path),
        reported=reported,
    )


def load_many(files: list[tuple[str, bool]], config: Config, opts: RunOptions):
    """Load each ``(path, reported)`` file in this process; returns the LoadedZones in the same
    order (an :class:`OSError` in place of a file that could not be read, a :class:`LoadCrash`
    in place of one whose load failed for a reason that is no defect of the zone)."""
    options = load_options(config, opts.cwd)
    total = len(files)
    out = []
    records = 0
    for i, (path, reported) in enumerate(files, 1):
        if opts.progress is not None:  # report records while a large file is still loading
            options.on_records = lambda n, i=i, before=records: opts.progress(i - 1, total, before + n)
        try:
            lz = load_one(path, reported, config, opts, options)
        except OSError as e:  # checked readable, but reading failed (EIO, a race, ...)
            out.append(e)
            continue
        except Exception as e:  # noqa: BLE001 - RecursionError, MemoryError, a bug: ZL000, the run goes on
            out.append(LoadCrash(e))
            continue
        records += len(lz.records)
        out.append(lz)
        if opts.progress is not None:
            opts.progress(i, total, records)
    return out
