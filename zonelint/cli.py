"""The ``zonelint`` command.

    zonelint [OPTIONS] PATH...          lint zone files and folders (one run, one record graph)
    zonelint [OPTIONS] - [--stdin-filename PATH]   lint standard input (as the file PATH)
    zonelint rules                      the table of every rule (built-in and plugins)
    zonelint explain CODE               a rule's full documentation
    zonelint server                     a language server (LSP over stdio; needs zonelint[lsp])
    zonelint live DOMAIN                what DNS publishes for DOMAIN's RTC services, linted

Exit codes: 0 no finding reaches ``--fail-on``; 1 one does; 2 usage or configuration error, a path
that is missing, unreadable or outside the lint root, a zone transfer (``axfr://``, ``--compare``) that fails, a DNS check that cannot
be made (no resolver, ``live`` of a domain that does not exist), a plugin that cannot be loaded, an output
file that cannot be written safely, or an internal error (ZL000).

Everything printed for a human goes through :mod:`zonelint.escape`: a file name, a config value
or a token of a zone never reaches the terminal or a CI log raw.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from . import escape
from .config import PROFILES, ConfigError
from .limits import ALLOW_OUTSIDE, LIMITS
from .model import SEVERITIES
from .report import FORMATS


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _severity_pair(value: str) -> tuple[str, str]:
    code, sep, level = value.partition("=")
    if not sep or level not in SEVERITIES or not code:
        from .suggest import did_you_mean

        hint = did_you_mean(level, SEVERITIES) if sep and code else ""
        raise argparse.ArgumentTypeError(f"expected CODE=LEVEL with LEVEL one of {', '.join(SEVERITIES)}, got {value!r}{hint}")
    return code.strip(), level


def _count(value: str) -> int:
    if not value.isdigit() or len(value) > 20:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {value!r}")
    return int(value)


def _resolver_address(value: str) -> tuple[str, int]:
    from .resolver import parse_server

    try:
        return parse_server(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise argparse.ArgumentTypeError(f"expected seconds from 0 to 3600, got {value!r}")
    return seconds


def resolver_settings(args):
    """The :class:`~zonelint.resolver.ResolverSettings` the DNS options ask for."""
    from .resolver import DEFAULT_BUDGET, DEFAULT_TIMEOUT, ResolverSettings

    server, port = args.resolver if args.resolver else (None, 53)
    return ResolverSettings(
        server=server,
        port=port,
        timeout=args.dns_timeout if args.dns_timeout is not None else DEFAULT_TIMEOUT,
        budget=args.dns_budget if args.dns_budget is not None else DEFAULT_BUDGET,
    )


def error(message: str) -> None:
    """``zonelint: error: MESSAGE`` on stderr, escaped (one line, whatever the message holds)."""
    print(f"zonelint: error: {escape.text(message)}", file=sys.stderr)


def _columns() -> int:
    """The width argparse would size help to (``shutil.get_terminal_size``: ``COLUMNS``, else the
    terminal on standard output, else 80), without importing shutil."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter at argparse's width: argparse builds one for every ``add_argument``,
    and its own sizing imports shutil (and with it bz2, lzma and zlib), ~1.5 ms of every start."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None, **kwargs):
        if width is None:
            width = _columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width, **kwargs)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        self.option_names: list[str] = []  # for "did you mean" (zonelint.usage)
        super().__init__(*args, **kwargs)

    def add_argument(self, *args, **kwargs):
        self.option_names.extend(a for a in args if isinstance(a, str) and a.startswith("-"))
        return super().add_argument(*args, **kwargs)

    def add_argument_group(self, *args, **kwargs):
        group = super().add_argument_group(*args, **kwargs)
        add = group.add_argument

        def add_argument(*a, **k):
            self.option_names.extend(x for x in a if isinstance(x, str) and x.startswith("-"))
            return add(*a, **k)

        group.add_argument = add_argument
        return group

    def error(self, message: str):  # exit 2 with one line and a pointer to --help, no usage dump
        from .usage import explain, usage_line

        # the message may quote an argument, i.e. a file name pre-commit passed: escaped
        self.exit(2, usage_line(self.prog, escape.text(explain(message, self.option_names))) + "\n")


def usage_error(message: str, prog: str = "zonelint") -> int:
    """A wrong command line: one line with a pointer to ``--help`` on stderr; returns 2."""
    from .usage import usage_line

    print(usage_line(prog, escape.text(message)), file=sys.stderr)
    return 2


def _add_output_options(p) -> None:
    """How the report is shown and where it goes: the same for files and ``live``."""
    p.add_argument("--format", choices=FORMATS, help="output format (default: rich on a terminal, else text; table: the findings as a table per file)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour in rich and table output (default auto: on a terminal, unless NO_COLOR is set)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the findings: no summary, no progress bar")
    p.add_argument("--statistics", action="store_true", help="print how many findings each rule gave (most first) instead of the findings; in json a statistics list beside them")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (atomically) instead of stdout")
    p.add_argument("--show-help", action="store_true", help="--format text: add each finding's fix and citation on an indented 'help:' line under it")


def _add_selection_options(p) -> None:
    """Which rules run and how their findings count: the same for files and ``live``."""
    p.add_argument("--select", type=_csv, metavar="CODES", help="rules to enable (codes, prefixes or names); replaces the config's select")
    p.add_argument("--extend-select", type=_csv, default=[], metavar="CODES", help="rules to enable in addition")
    p.add_argument("--ignore", type=_csv, default=[], metavar="CODES", help="rules to disable")
    p.add_argument("--severity", type=_severity_pair, action="append", default=[], metavar="CODE=LEVEL", help="override a rule's severity (repeatable)")
    p.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that makes the exit code 1 (default: warning)")


def _add_dns_options(p, implies: str = "") -> None:
    """The resolver and its bounds (``--resolve`` and ``live``)."""
    p.add_argument("--resolver", type=_resolver_address, metavar="IP[:PORT]", help=f"the DNS resolver to ask (IPv6 in brackets: [::1]:53){implies}; default: the system resolver")
    p.add_argument("--dns-timeout", type=_seconds, metavar="SECONDS", help="seconds one DNS query may take (default 2, at most 60)")
    p.add_argument("--dns-budget", type=_count, metavar="N", help="DNS queries one run may send (default 500); names beyond it stay unjudged")


def build_parser() -> argparse.ArgumentParser:
    from .usage import exit_codes_text

    p = _Parser(
        prog="zonelint",
        description="Lint DNS zone files (RFC 1035 master files), with rules for XMPP, SIP, STUN and TURN.",
        epilog="Other commands: `zonelint rules` lists every rule; `zonelint explain CODE` documents one; `zonelint server` is a language server for editors. "
        + exit_codes_text(),
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="zone files or folders to lint; - reads standard input")
    p.add_argument("--stdin-filename", metavar="PATH", help="the file standard input stands for (origin, config, $INCLUDE folder, git base, paths in the report)")
    p.add_argument("--origin", help="origin of the zone file (single file only), e.g. example.com.")
    _add_output_options(p)
    p.add_argument("--sarif-file", metavar="FILE", help="also write a SARIF log to FILE (atomically), beside the chosen format")
    p.add_argument("--config", metavar="FILE", help="use this config file (pyproject.toml or .zonelint.toml)")
    p.add_argument("--no-config", action="store_true", help="ignore every config file")
    _add_selection_options(p)
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings reach --fail-on (errors still exit 2)")
    p.add_argument("--profile", choices=PROFILES, help="rule profile (timplus: TIM+ requirements)")
    p.add_argument("--context", action="append", default=[], metavar="GLOB", help="zones loaded for cross-zone checks only (repeatable)")
    p.add_argument("--tsig-key", metavar="FILE[:NAME]", help="sign zone transfers (axfr://SERVER[:PORT]/ZONE paths) with this TSIG key: a BIND key clause (also ZONELINT_TSIG_KEY)")
    p.add_argument("--net-timeout", type=_seconds, metavar="SECONDS", help="how long each zone transfer may take in all (default 10; also ZONELINT_NET_TIMEOUT)")
    p.add_argument("--serial-base", metavar="REF", help="git revision to compare SOA serials with (ZL607); in a pre-commit hook HEAD is used")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help="lint in N parallel processes, each loading and linting a share of the files (default: automatic)")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    p.add_argument("--show-files", action="store_true", help="list every file the run would lint (with its origin and view) and every file it skips (with the reason); lint nothing")
    p.add_argument("--fix", action="store_true", help="apply the safe fixes of the findings reported (rewrites zone files atomically), then lint again and report what remains")
    p.add_argument("--diff", action="store_true", help="print a unified diff of what --fix would change and write nothing; exit 1 when there is something to fix")
    p.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline file (see --write-baseline)")
    p.add_argument("--write-baseline", metavar="FILE", help="record today's findings in FILE (atomically) and exit 0; later runs use --baseline FILE")
    p.add_argument("--sarif-max-results", type=int, metavar="N", help="at most N results in --format sarif, most severe first (default 25000, GitHub's limit; 0: no limit)")
    p.add_argument("--ignore-plugin", type=_csv, action="append", default=[], metavar="NAME", help="skip this installed plugin on purpose (repeatable; also ZONELINT_IGNORE_PLUGIN=a,b); any other plugin that cannot be loaded is exit 2")
    dns = p.add_argument_group(
        "checking deployed DNS",
        "Offline by default: only these options make zonelint send DNS queries.",
    )
    dns.add_argument("--resolve", action="store_true", help="look up SRV/MX/NS/CNAME targets outside every loaded zone in DNS, so ZL101, ZL103, ZL108 and ZL703 judge them too")
    _add_dns_options(dns, "; implies --resolve")
    dns.add_argument("--compare", nargs=2, action="append", default=[], metavar=("URI", "FILE"), help="compare zone FILE with what axfr://SERVER[:PORT]/ZONE serves (drift: ZL020-ZL023); FILE is linted too (repeatable)")
    gate = p.add_argument_group(
        "the gate's limits",
        "A config file may only tighten these; they are lifted only here or in the environment "
        "(ZONELINT_ALLOW_INCLUDE_OUTSIDE=1, ZONELINT_MAX_GENERATE=N, ...), where the CI definition shows them.",
    )
    gate.add_argument("--allow-include-outside", action="store_true", default=None, help="let $INCLUDE and context globs read files outside the lint root")
    for lim in LIMITS:
        gate.add_argument(lim.flag, type=_count, metavar="N", help=f"{lim.bounds} (default {lim.default}, hard ceiling {lim.ceiling})")
    p.add_argument("--version", action="version", version=f"zonelint {_version()}")
    return p


def _version() -> str:
    from . import __version__

    return __version__


def _registry(*ignored: str):
    """Every plugin but those ``--ignore-plugin`` (``ignored``) or ZONELINT_IGNORE_PLUGIN names."""
    from .plugins import ignored_from_env, load_registry

    return load_registry(blocked=[*ignored, *ignored_from_env(os.environ)])


def _print_messages(registry) -> int:
    """Print the registry's plugin trouble; 2 when a plugin cannot be loaded, else 0."""
    for line in registry.failure_lines():
        error(line)
    for msg in registry.messages:
        print(f"zonelint: warning: {escape.text(msg)}", file=sys.stderr)
    return 2 if registry.failed else 0


def cmd_rules(argv: list[str]) -> int:
    p = _Parser(prog="zonelint rules", description="List every rule (built-in and plugins).")
    p.add_argument("--format", choices=("table", "text", "json"), default=None)
    args = p.parse_args(argv)
    registry = _registry()
    status = _print_messages(registry)
    fmt = args.format or ("table" if sys.stdout.isatty() else "text")
    rules = registry.sorted()
    if fmt == "json":
        import json

        json.dump(
            [
                {"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary, "plugin": r.plugin}
                for r in rules
            ],
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(title="zonelint rules")
        for col in ("code", "name", "severity", "summary", "plugin"):
            table.add_column(col)
        for r in rules:
            table.add_row(r.code, r.name, r.severity, r.summary, r.plugin)
        Console().print(table)
    else:
        for r in rules:
            print(escape.text(f"{r.code}  {r.name:32} {r.severity:8} {r.summary}  [{r.plugin}]"))
    return status


def cmd_explain(argv: list[str]) -> int:
    p = _Parser(prog="zonelint explain", description="Show a rule's full documentation.")
    p.add_argument("code", metavar="CODE", help="rule code or name, e.g. ZL101 or target-cname")
    args = p.parse_args(argv)
    registry = _registry()
    status = _print_messages(registry)
    cls = registry.lookup(args.code)
    if cls is None:
        from .selection import suggest_code

        error(f"unknown rule '{args.code}'{suggest_code(registry, args.code)} (see `zonelint rules`)")
        return 2
    print(f"{cls.code} {cls.name} ({cls.severity}) — {cls.summary}")
    if cls.plugin and cls.plugin != "builtin":
        print(f"Provided by plugin: {cls.plugin}")
    if getattr(cls, "fixable", False):
        print("Fixable: `zonelint --fix` applies its safe fix (`zonelint --diff` shows it first)")
    from .docurls import DocLinks

    url = DocLinks(registry).rule_url(cls)
    if url:
        print(f"Documentation: {url}")
    print()
    print(cls.documentation())
    if cls.options:
        print()
        print("Options (set in [tool.zonelint.rules.%s]):" % cls.code)
        for name, opt in cls.options.items():
            print(f"  {name} ({opt.type_text()}, default {opt.default_text()}): {opt.help}")
    return status


def cmd_server(argv: list[str]) -> int:
    p = _Parser(prog="zonelint server", description="Serve the Language Server Protocol over stdio (editors).")
    p.parse_args(argv)
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        error("`zonelint server` needs the lsp extra: pip install 'zonelint[lsp]'")
        return 2
    from .lsp import main as serve

    return serve()


def cmd_live(argv: list[str]) -> int:
    """``zonelint live DOMAIN``: query the domain's RTC names through the resolver, follow every
    target, and run the rules that judge served data on what was found."""
    p = _Parser(
        prog="zonelint live",
        description="Check what DNS publishes for a domain's XMPP, SIP, STUN/TURN and Matrix services "
        "(queries through the resolver; the rules that judge served data).",
    )
    p.add_argument("domain", metavar="DOMAIN", help="the domain to check, e.g. example.com")
    p.add_argument("--profile", choices=PROFILES, help="rule profile (timplus: TIM+ requirements)")
    _add_dns_options(p)
    _add_output_options(p)
    p.add_argument("--config", metavar="FILE", help="use this config file (rule options and severities; never network settings)")
    p.add_argument("--no-config", action="store_true", help="ignore every config file")
    _add_selection_options(p)
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings reach --fail-on")
    args = p.parse_args(argv)
    from .config import load_config
    from .live import LiveError, lint_live
    from .resolver import ResolverError
    from .selection import SelectionLevel

    from .live import domain_name

    try:
        domain = domain_name(args.domain)
    except ValueError as e:
        error(f"live: {args.domain.strip()!r} is not a domain name: {e}")
        return 2
    config = load_config(args.config, args.no_config)
    registry = _registry()
    status = _print_messages(registry)
    try:
        report = lint_live(
            domain,
            resolver_settings(args),
            config,
            registry,
            SelectionLevel(args.select, args.extend_select, args.ignore),
            profile=args.profile,
            severity=dict(args.severity),
            fail_on=args.fail_on,
            exit_zero=args.exit_zero,
        )
    except (LiveError, ResolverError) as e:
        error(f"live {domain}: {e}")
        return 2
    _print_notes(report)
    interactive = sys.stdout.isatty() and not args.output
    fmt = args.format or ("rich" if interactive else "text")
    from .report import options_for

    shown = {"color": args.color, "quiet": args.quiet, "statistics": args.statistics, "show_help": args.show_help}
    if not _write_report(fmt, report, args.output, set(), **options_for(fmt, **shown)):
        return 2
    return max(status, report.exit_code)


#: what the ``zonelint`` command keeps to its end (:func:`console_main`): a lint run's loaded
#: zones, graph and report, never freed (None: a caller of :func:`main`, whose run is freed)
_kept: list | None = None


def console_main() -> None:
    """The ``zonelint`` command: run, flush, and leave without tearing the heap down object by
    object (freeing the records of a million-record zone takes seconds and changes nothing): the
    run's records, graph and report are kept to the end (``_kept``), not freed when the frames
    holding them return."""
    global _kept
    _kept = []
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """The command line; returns the exit code. Nothing escapes as a traceback: an unexpected
    exception (recursion, memory, a bug) is an internal error, one line, exit 2."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except (Exception, RecursionError, MemoryError) as e:  # noqa: BLE001 - the last line of defence
        try:
            error(f"internal error (ZL000): {type(e).__name__}: {e}; please report it")
        except Exception:  # noqa: BLE001 - not even that can be printed
            pass
        return 2


def _main(argv: list[str]) -> int:
    try:
        if argv and argv[0] == "rules" and not (os.path.isfile(argv[0])):
            return cmd_rules(argv[1:])
        if argv and argv[0] == "explain" and not os.path.isfile(argv[0]):
            return cmd_explain(argv[1:])
        if argv and argv[0] == "server" and not os.path.isfile(argv[0]):
            return cmd_server(argv[1:])
        if argv and argv[0] == "live" and not os.path.isfile(argv[0]):
            return cmd_live(argv[1:])
        if argv and argv[0] == "check":
            argv = argv[1:]
        return cmd_lint(argv)
    except ConfigError as e:
        error(str(e))
        return 2
    except KeyboardInterrupt:
        print("zonelint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 1


def cmd_lint(argv: list[str]) -> int:
    from .config import apply_trusted, load_config
    from .runner import RunOptions, is_network_source, lint
    from .selection import SelectionLevel

    parser = build_parser()
    args = parser.parse_args(argv)
    sources: dict[str, bytes] = {}
    if args.fix or args.diff:
        why = _fix_conflict(args, args.stdin_filename is not None or "-" in args.paths)
        if why:
            return usage_error(why)
    if args.stdin_filename is not None or "-" in args.paths:
        from .buffers import STDIN

        if args.paths not in ([], [STDIN]):
            return usage_error("- (standard input) cannot be combined with other paths")
        if not args.stdin_filename and args.stdin_filename is not None:
            return usage_error("--stdin-filename needs a file name")
        args.paths = [args.stdin_filename or STDIN]
        sources[args.paths[0]] = sys.stdin.buffer.read() if sys.stdin is not None else b""
    for uri, path in args.compare:
        if not is_network_source(uri):
            error(f"--compare {uri} {path}: expected axfr://SERVER[:PORT]/ZONE first, then the zone file")
            return 2
        if not os.path.isfile(path):  # checked before any transfer: nothing to compare with
            why = "is a folder, not a zone file" if os.path.isdir(path) else "does not exist"
            error(f"--compare {uri} {path}: {path} {why}")
            return 2
        if path not in args.paths:
            args.paths.append(path)  # the file compared is linted too
    if not args.paths:
        return usage_error("no zone file or folder given")
    network = [p for p in args.paths if is_network_source(p)]
    why = _network_conflict(args, network)
    if why:
        return usage_error(why)
    if network and (args.fix or args.diff):  # beside zone files, which --fix/--diff do change
        shown = network[0] + (f" and {len(network) - 1} more" if len(network) > 1 else "")
        print(escape.text(f"zonelint: note: {'--fix' if args.fix else '--diff'} changes zone files only: "
                          f"{shown} (a zone transfer) is linted, never changed"), file=sys.stderr)
    if args.jobs is not None and args.jobs < 1:
        return usage_error("-j/--jobs must be at least 1")
    if args.baseline and args.write_baseline:
        return usage_error("--baseline and --write-baseline cannot be combined")
    if args.sarif_max_results is not None and args.sarif_max_results < 0:
        return usage_error("--sarif-max-results must be 0 (no limit) or more")
    # standard input named PATH finds its config from PATH's folder, as that file would
    config_from = os.path.dirname(os.path.abspath(args.stdin_filename)) if args.stdin_filename else None
    config = load_config(args.config, args.no_config, cwd=config_from)
    trusted = {ALLOW_OUTSIDE: args.allow_include_outside}
    trusted.update({lim.key: getattr(args, lim.attr) for lim in LIMITS})
    apply_trusted(config, trusted, os.environ)
    baseline = None
    if args.baseline:
        from .baseline import load as load_baseline

        # a missing, invalid or outside-the-root file fails before linting
        baseline = load_baseline(args.baseline, os.path.realpath(config.root))
    # pre-commit runs hooks under a pseudo-terminal: plain text there keeps the hook fast
    interactive = sys.stdout.isatty() and not args.output and not os.environ.get("PRE_COMMIT")
    fmt = args.format or ("rich" if interactive else "text")
    registry = _registry(*[n for group in args.ignore_plugin for n in group])
    opts = RunOptions(
        paths=args.paths,
        origin=args.origin,
        select=SelectionLevel(args.select, args.extend_select, args.ignore),
        severity=dict(args.severity),
        fail_on=args.fail_on,
        exit_zero=args.exit_zero,
        profile=args.profile,
        context=args.context,
        serial_base=args.serial_base,
        jobs=args.jobs,
        sources=sources,
        tsig_key=args.tsig_key or os.environ.get("ZONELINT_TSIG_KEY") or None,
        net_timeout=args.net_timeout,
        resolve=resolver_settings(args) if (args.resolve or args.resolver) else None,
        compare=[(uri, path) for uri, path in args.compare],
        # --fix and --diff lint again: each pass is freed before the next
        keep=None if (args.fix or args.diff) else _kept,
    )
    if opts.net_timeout is None and os.environ.get("ZONELINT_NET_TIMEOUT"):
        try:
            opts.net_timeout = _seconds(os.environ["ZONELINT_NET_TIMEOUT"])
        except argparse.ArgumentTypeError as e:
            error(f"ZONELINT_NET_TIMEOUT: {e}")
            return 2
    if args.show_files:
        from .showfiles import show_files

        return show_files(opts, config, sys.stdout)
    progress = None
    if fmt in ("rich", "table", "text") and not (args.no_progress or args.quiet) and sys.stderr.isatty():
        from .progress import Progress

        progress = Progress()
        opts.progress = progress.update
    # A lint run allocates millions of acyclic objects (records, names, tuples): the cyclic
    # garbage collector would rescan them over and over for nothing (a fifth of a 1M-record run).
    # The run breaks its own cycles (RecordGraph.release, LoadSession.close), so reference
    # counting frees it; what survives (the report, modules) is frozen before the collector comes
    # back, else its first pass would walk every object allocated meanwhile (~13% at 1M).
    def run():
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            return lint(opts, config, registry, baseline)
        finally:
            if gc_was_enabled:
                gc.freeze()
                gc.enable()
            if progress is not None:
                progress.close()

    report = run()
    if opts.keep is not None:
        opts.keep.append(report)

    def relint():
        nonlocal progress
        opts.progress = progress = None
        return run()

    if args.diff:  # every pass --fix would make, simulated in memory: one diff, nothing written
        from .fix.command import diff_until_done

        status = diff_until_done(report, relint, config.root, sys.stdout, sys.stderr)
        _print_notes(report)
        return 2 if report.exit_code == 2 else status
    if args.fix:  # fix, lint again, fix what that finds...: report what remains
        from .fix.command import fix_until_done

        report = fix_until_done(report, relint, config.root, sys.stderr)
    _print_notes(report)
    inputs = _inputs(report, config, args.baseline)
    if args.write_baseline:
        from .baseline import write as write_baseline

        n = write_baseline(report, args.write_baseline, inputs)
        print(
            f"zonelint: wrote {n} finding{'s' if n != 1 else ''} to baseline {escape.text(args.write_baseline)}",
            file=sys.stderr,
        )
        return 0
    sarif_options = {} if args.sarif_max_results is None else {"max_results": args.sarif_max_results}
    from .report import options_for

    # the fix hint only where the CLI has a --fix to point at
    shown = {"color": args.color, "quiet": args.quiet, "statistics": args.statistics, "fix_hint": hasattr(args, "fix")}
    format_options = options_for(fmt, show_help=args.show_help, **shown, **sarif_options)
    if not _write_report(fmt, report, args.output, inputs, **format_options):
        return 2
    # one run, two reports: e.g. annotations on stdout and SARIF for upload
    if args.sarif_file and not _write_report("sarif", report, args.sarif_file, inputs, **sarif_options):
        return 2
    return report.exit_code


def _write_report(fmt: str, report, path: str | None, inputs, **options) -> bool:
    """Render ``report`` to ``path`` (stdout when None); False after printing why it could not be
    written (a folder, a missing or read-only folder, a full disk, a file the run reads)."""
    from .outfile import OutputRefused
    from .report import render

    try:
        render(fmt, report, path, inputs, **options)
    except OutputRefused as e:
        error(str(e))
        return False
    except OSError as e:
        if path is None:
            raise
        error(f"cannot write {path}: {e.strerror or e}")
        return False
    return True


def _print_notes(report) -> None:
    """The run's internal errors and notifications, on stderr."""
    from .report.model import INTERNAL_ERROR

    for f in report.findings:
        if f.code == INTERNAL_ERROR:
            error(f.message)
    for note in report.notifications:
        prefix = note.level if note.level in ("error", "note") else "warning"
        print(f"zonelint: {prefix}: {escape.text(note.message)}", file=sys.stderr)


def _fix_conflict(args, stdin: bool) -> str | None:
    """Why ``--fix``/``--diff`` cannot run with the other arguments given (None: they can)."""
    if args.fix and args.diff:
        return "--fix and --diff cannot be combined (--diff shows what --fix would do)"
    flag = "--fix" if args.fix else "--diff"
    if stdin:
        return f"{flag} needs zone files on disk, not standard input"
    if args.write_baseline:
        return f"{flag} and --write-baseline cannot be combined"
    return None


def _network_conflict(args, network: list[str]) -> str | None:
    """Why an option for zone files cannot apply when every PATH is a zone transfer (``network``:
    the PATHs that are): ``--origin`` (a transfer's origin is the zone it names), ``--fix`` and
    ``--diff`` (nothing on disk to change). None when it can."""
    if not network or len(network) < len(args.paths):
        return None
    if args.origin:
        return f"--origin applies to a zone file; {network[0]} is a zone transfer, whose origin is the zone it names"
    if args.fix or args.diff:
        return f"{'--fix' if args.fix else '--diff'} needs zone files on disk, not a zone transfer ({network[0]})"
    return None


def _inputs(report, config, baseline: str | None) -> set[tuple[int, int]]:
    """(device, inode) of every file the run read, that ``-o`` must never replace."""
    from .outfile import identities

    paths = [f.path for f in report.files if f.uri is None]
    paths += [p for p in (config.path, baseline) if p]
    return identities(paths)
