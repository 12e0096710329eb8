"""Helpers for testing rules, for zonelint itself and for plugin authors (zonelint's own rule
fixtures run through it: ``tests/test_rule_fixtures.py``).

    from zonelint.testing import lint_text, lint_files, codes_at

    findings = lint_text(ZONE_TEXT, origin="example.com.", select=["EX001"], plugins=PLUGINS)
    assert codes_at(findings) == {("EX001", 7, "warning")}
    assert message_problems(findings) == []   # one-line messages of <= 120 characters, with help
    # the same rules on the zone as a DNS server serves it (axfr://, zonelint live): no line there
    assert message_problems(lint_served([path], select=["EX001"], plugins=PLUGINS)) == []

The rules of a test run are the built-in ones and those of the plugin modules passed with
``plugins=[("myplugin", module)]`` (so a plugin's tests need not install it first), never another
installed plugin; a plugin passed that cannot be loaded raises
:class:`~zonelint.plugins.PluginError`. Findings are the same objects the CLI reports
(suppressions, severity overrides and selection applied).

Fixture files follow the built-in rules' conventions (``fixtures/rules/<CODE>/``): ``bad*.zone``
and ``good*.zone`` files (or scenario folders of several zones linted in one run), each setting
``$ORIGIN`` before its first record, expectations written as ``; expect: CODE severity`` comments
on the line where each finding must appear, and rule options in a ``zonelint.toml`` in the rule or
scenario folder (``[options.CODE]`` tables, optional ``profile``). A plugin's whole fixture test
is then (a relative folder is read from the test file's folder)::

    import pytest
    from zonelint.testing import assert_fixture, fixture_cases

    @pytest.mark.parametrize("case", fixture_cases("fixtures"), ids=str)
    def test_fixture(case):
        assert_fixture(case, plugins=[("myplugin", my_plugin_module)])
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from .config import Config
from .lazyre import LazyPattern
from .selection import SelectionLevel
from .model import MESSAGE_WIDTH, Finding


def _registry(plugins):
    """The built-in rules and ``plugins``, and no other installed plugin (a test must not depend
    on what else happens to be installed). A plugin that cannot be loaded raises
    :class:`~zonelint.plugins.PluginError` with the lines the CLI prints (it fails closed there too)."""
    from .plugins import PluginError, load_registry

    reg = load_registry(extra_plugins=list(plugins or []), installed=False)
    if reg.failed:
        raise PluginError("\n".join(reg.failure_lines()))
    return reg


def lint_files(
    paths: Iterable[str],
    *,
    origin: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    options: dict[str, dict[str, Any]] | None = None,
    profile: str | None = None,
    context: list[str] | None = None,
    plugins: list[tuple[str, Any]] | None = None,
    config: Config | None = None,
) -> list[Finding]:
    """Lint zone files as the CLI would, with the built-in rules and the ``plugins`` given
    (``[("name", module)]``; other installed plugins are not loaded), without reading any config
    file unless ``config`` is given. ``options`` maps rule codes to option tables; ``origin``
    applies to a single file (without it, ``$ORIGIN`` or the file name decides, as in the CLI)."""
    return _lint(
        paths,
        _registry(plugins),
        origin=origin,
        select=select,
        ignore=ignore,
        options=options,
        profile=profile,
        context=context,
        config=config,
    )


def _lint(paths, registry, *, origin=None, select=None, ignore=None, options=None, profile=None, context=None, config=None):
    from .runner import RunOptions, lint

    paths = [os.fspath(p) for p in paths]
    cfg = config or Config(root=os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in paths]))
    if options:
        cfg.rules = {**cfg.rules, **options}
    opts = RunOptions(
        paths=paths,
        origin=origin,
        select=SelectionLevel(select, [], ignore or []),
        profile=profile,
        context=list(context or []),
        jobs=1,
    )
    return list(lint(opts, cfg, registry).findings)


def lint_served(
    paths: Iterable[str],
    *,
    select: list[str] | None = None,
    options: dict[str, dict[str, Any]] | None = None,
    profile: str | None = None,
    plugins: list[tuple[str, Any]] | None = None,
) -> list[Finding]:
    """Lint zone files as a DNS server would serve them, without one: each file's records, in
    order, become an ``axfr://127.0.0.1:5300/ZONE`` source through the same bridge a zone transfer
    uses (a record's ``line`` is its position in the transfer; no text, so rules with
    ``judges_served_data`` False skip it). No socket is opened. For checking that a rule judges
    served records and that its messages name another record with ``zonelint.near`` /
    ``positions`` / ``where``, never by a line (:func:`message_problems` reports that)."""
    from .load import LoadOptions, load_zone
    from .net.served import loaded_zone
    from .net.transfer import ServedRecord
    from .origin import origin_from_filename
    from .runner import RunOptions, lint

    paths = [os.fspath(p) for p in paths]
    root = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in paths])
    served = {}
    for path in paths:
        lz = load_zone(path, path, None, LoadOptions(lint_root=root), fallback_origin=origin_from_filename(path))
        uri = f"axfr://127.0.0.1:5300/{(lz.origin or '.').rstrip('.') or '.'}"
        records = [ServedRecord(r.owner, r.ttl, r.rdclass, r.rdtype, r.rdata) for r in lz.records]
        served[uri] = loaded_zone(uri, uri, lz.origin or ".", records)
    config = Config(root=root)
    if options:
        config.rules = {**config.rules, **options}
    opts = RunOptions(paths=list(served), select=SelectionLevel(select, [], []), profile=profile, jobs=1,
                      served=served)
    return list(lint(opts, config, _registry(plugins)).findings)


def lint_text(text: str, origin: str = "example.com.", *, tmp_path=None, filename: str | None = None, **kw) -> list[Finding]:
    """Lint one zone given as text. It is written to a temporary folder (``tmp_path`` if given)."""
    import tempfile

    folder = str(tmp_path) if tmp_path is not None else tempfile.mkdtemp(prefix="zonelint-test-")
    path = os.path.join(folder, filename or (origin.rstrip(".") or "root") + ".zone")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return lint_files([path], origin=origin, **kw)


def codes_at(findings: Iterable[Finding]) -> set[tuple[str, int, str]]:
    """``{(code, line, severity)}`` of findings: the shape fixture tests assert on."""
    return {(f.code, f.line, f.severity) for f in findings}


def message_problems(findings: Iterable[Finding], width: int = MESSAGE_WIDTH, help: bool = True) -> list[str]:
    """What breaks zonelint's message conventions in ``findings``, one line per fault: a message
    longer than ``width`` characters or not on one line, (with ``help=True``) a finding without a
    help text (the fix and its citation) or with one that is not one line, and a finding on a
    served source (:func:`lint_served`, ``axfr://``) whose message or help places a record by a
    line (``line 6``, ``lines 7, 8``): a served record has none. Empty when all is well:
    ``assert message_problems(findings) == []``."""
    out = []
    for f in findings:
        where = f"{f.path}:{f.line}: {f.code}"
        if f.source is not None:
            said = [m for text in (f.message, f.help or "") for m in _LINE_TALK.findall(text)]
            if said:
                out.append(f"{f.source}: {f.owner}: {f.code}: a served record has no line, but the "
                           f"{'message' if _LINE_TALK.search(f.message) else 'help'} says {said[0]!r} "
                           "(use zonelint.near/positions/where): " + f.message)
        if len(f.message) > width:
            out.append(f"{where}: message has {len(f.message)} characters (at most {width}): {f.message}")
        if "\n" in f.message or "\r" in f.message:
            out.append(f"{where}: message is not one line: {f.message!r}")
        if help and not (f.help or "").strip():
            out.append(f"{where}: no help (the fix and its citation): {f.message}")
        elif f.help and ("\n" in f.help or "\r" in f.help):
            out.append(f"{where}: help is not one line: {f.help!r}")
    return out


#: a record placed by a file line in a message: ``line 6``, ``lines 7, 8``
_LINE_TALK = LazyPattern(r"\blines? \d+")


def expected_from_comments(path: str) -> set[tuple[str, int, str]]:
    """Read expectations written in a fixture as ``; expect: ZL101 error`` comments (one or more
    ``CODE [severity]`` pairs separated by commas) on the line where each finding is expected."""
    import re

    out = set()
    pat = re.compile(r";.*?\bexpect:\s*(.+)$")
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            m = pat.search(line)
            if not m:
                continue
            for part in m.group(1).split(","):
                bits = part.split()
                if not bits:
                    continue
                code = bits[0]
                sev = bits[1] if len(bits) > 1 else None
                out.add((code, lineno, sev))
    return out


class FixtureError(Exception):
    """A fixture folder or file that breaks the conventions (no such folder, no cases, a zone
    without ``$ORIGIN``, expectations in a good fixture): the test cannot mean anything."""


class FixtureCase:
    """One fixture test: the rule ``code`` (the name of its folder), the zone ``files`` linted
    together, whether it is a ``good`` case (a ``good*`` file or scenario folder: silent under
    every rule) and its ``settings`` (the ``zonelint.toml`` of the rule folder, then of the
    scenario folder). ``str(case)`` is a readable test id (``EX001/bad.zone``)."""

    __slots__ = ("code", "files", "id", "good", "settings")

    def __init__(
        self, code: str, files: list[str], id: str, good: bool = False, settings: dict | None = None
    ) -> None:
        self.code = code
        self.files = files
        self.id = id
        self.good = good
        self.settings = settings or {}

    def __str__(self) -> str:
        return self.id

    def __repr__(self) -> str:
        return f"FixtureCase({self.id!r})"


def _caller_folder() -> str:
    """The folder of the file that called the public function calling this one."""
    import inspect

    frame = inspect.currentframe()
    try:
        caller = frame.f_back.f_back if frame is not None and frame.f_back is not None else None
        path = caller.f_globals.get("__file__") if caller is not None else None
    finally:
        del frame
    return os.path.dirname(os.path.abspath(path)) if path else os.getcwd()


def _merge_settings(*tables: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for table in tables:
        for key, value in table.items():
            if key == "options" and isinstance(value, dict):
                merged = {k: dict(v) for k, v in (out.get("options") or {}).items()}
                for code, opts in value.items():
                    merged[code] = {**merged.get(code, {}), **opts}
                out["options"] = merged
            else:
                out[key] = value
    return out


def fixture_cases(root) -> list[FixtureCase]:
    """The fixture cases below ``root``, laid out as zonelint's own: ``root/<CODE>/*.zone`` (one case
    per file) and ``root/<CODE>/<folder>/*.zone`` (one case per folder: its zones in one run).

    A relative ``root`` is taken from the folder of the file that calls this function (your test
    module), not from the current directory: ``fixture_cases("fixtures")`` in
    ``tests/test_rules.py`` reads ``tests/fixtures``. Raises :class:`FixtureError` when ``root``
    is not a folder or holds no case, so a misplaced folder cannot make a test that checks
    nothing."""
    root = os.fspath(root)
    if not os.path.isabs(root):
        root = os.path.join(_caller_folder(), root)
    if not os.path.isdir(root):
        raise FixtureError(
            f"fixture folder {root} does not exist (a relative path is taken from the folder of "
            "the test file that calls fixture_cases)"
        )
    cases: list[FixtureCase] = []
    for code in sorted(os.listdir(root)):
        rule_dir = os.path.join(root, code)
        if not os.path.isdir(rule_dir):
            continue
        rule_settings = fixture_settings(rule_dir)
        for item in sorted(os.listdir(rule_dir)):
            full = os.path.join(rule_dir, item)
            if os.path.isfile(full) and item.endswith(".zone"):
                good = item.startswith("good")
                cases.append(FixtureCase(code, [full], f"{code}/{item}", good, rule_settings))
            elif os.path.isdir(full):
                zones = sorted(os.path.join(full, z) for z in os.listdir(full) if z.endswith(".zone"))
                if zones:
                    settings = _merge_settings(rule_settings, fixture_settings(full))
                    cases.append(FixtureCase(code, zones, f"{code}/{item}/", item.startswith("good"), settings))
    if not cases:
        raise FixtureError(f"no fixture cases below {root} (expected <CODE>/bad*.zone and <CODE>/good*.zone)")
    return cases


def fixture_settings(folder) -> dict[str, Any]:
    """The ``zonelint.toml`` of a fixture folder (``{"options": {CODE: {...}}, "profile": ...}``),
    or ``{}`` when there is none."""
    import tomllib

    path = os.path.join(os.fspath(folder), "zonelint.toml")
    if not os.path.isfile(path):
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f)


def check_origin(path: str) -> None:
    """Raise :class:`FixtureError` unless the zone at ``path`` sets ``$ORIGIN`` before its first
    record (only comments, blank lines and ``$TTL`` may come first). Without it the origin would
    come from the file name: ``bad.zone`` would silently be the zone ``bad.``."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            text = line.split(";", 1)[0].strip()
            if not text or text.upper().startswith("$TTL"):
                continue
            if text.upper().startswith("$ORIGIN"):
                return
            raise FixtureError(
                f"{path}:{lineno}: a fixture zone must set $ORIGIN before its first record (without "
                f"it the origin would come from the file name: "
                f"'{os.path.basename(path).rsplit('.', 1)[0]}.')"
            )
    raise FixtureError(f"{path}: a fixture zone must set $ORIGIN before its first record (the file has none)")


def assert_fixture(
    files,
    code: str | None = None,
    *,
    select: list[str] | None = None,
    options: dict[str, dict[str, Any]] | None = None,
    profile: str | None = None,
    plugins: list[tuple[str, Any]] | None = None,
    context: list[str] | None = None,
) -> list[Finding]:
    """Lint a fixture and assert the findings are exactly its ``; expect:`` comments.

    ``files`` is a :class:`FixtureCase` (from :func:`fixture_cases`), one path, or a list of paths
    (a scenario linted in one run). Every zone must set ``$ORIGIN`` before its first record
    (:func:`check_origin`).

    - A **bad** fixture: only ``code`` is selected (``select`` overrides), and the findings must be
      exactly its expectations. An expectation without a severity matches any severity.
    - A **good** fixture (a ``good*`` file, or every file of a ``good*`` scenario folder) has no
      expectations and must be silent under every rule loaded (the built-in ones and ``plugins``;
      ``select`` narrows it).

    Options and profile come from the case's ``zonelint.toml`` files (for paths: the one beside
    the first file), then from ``options``/``profile``. The rules of ``code`` (and of every
    plugin passed) must be fully documented (:meth:`zonelint.Rule.metadata_errors`). Returns the
    findings; on a mismatch the assertion message lists what was missing and what was
    unexpected, with messages."""
    if isinstance(files, FixtureCase):
        case = files
        code = code or case.code
        paths = list(case.files)
        settings = case.settings
        good = case.good
    else:
        if isinstance(files, (str, os.PathLike)):
            files = [files]
        paths = [os.fspath(p) for p in files]
        settings = fixture_settings(os.path.dirname(os.path.abspath(paths[0])))
        names = [os.path.basename(p) for p in paths]
        folder = os.path.basename(os.path.dirname(os.path.abspath(paths[0])))
        good = all(n.startswith("good") for n in names) or (len(paths) > 1 and folder.startswith("good"))
    for p in paths:
        check_origin(p)
    opts = {k: dict(v) for k, v in (settings.get("options") or {}).items()}
    for k, v in (options or {}).items():
        opts[k] = {**opts.get(k, {}), **v}
    if select is None and code is not None and not good:
        select = [code]
    registry = _registry(plugins)
    _assert_documented(registry, code, plugins)
    expected = set()
    for p in paths:
        name = os.path.basename(p)
        for c, line, sev in expected_from_comments(p):
            expected.add((name, line, c, sev))
    if good and expected:
        raise FixtureError(
            f"good fixture {', '.join(paths)} has '; expect:' comments (a good fixture is silent; "
            "name it bad* instead)"
        )
    findings = _lint(
        paths,
        registry,
        select=select,
        options=opts or None,
        profile=profile or settings.get("profile"),
        context=context,
    )
    got = {(os.path.basename(f.path), f.line, f.code, f.severity): f for f in findings}
    missing = [
        e for e in sorted(expected, key=lambda e: (e[0], e[1], e[2]))
        if not any(g[:3] == e[:3] and (e[3] is None or g[3] == e[3]) for g in got)
    ]
    unexpected = [
        f for key, f in sorted(got.items(), key=lambda kv: kv[0][:3])
        if not any(e[:3] == key[:3] and (e[3] is None or e[3] == key[3]) for e in expected)
    ]
    if missing or unexpected:
        what = "is not silent" if good else "does not match its '; expect:' comments"
        lines = [f"fixture {', '.join(paths)} {what}:"]
        lines += [f"  missing    {n}:{ln}: {c} {s or '(any severity)'}" for n, ln, c, s in missing]
        lines += [
            f"  unexpected {os.path.basename(f.path)}:{f.line}: {f.code} {f.severity}: {f.message}"
            for f in unexpected
        ]
        raise AssertionError("\n".join(lines))
    return findings


def _assert_documented(registry, code: str | None, plugins) -> None:
    names = {name for name, _ in plugins or ()}
    rules = [r for r in registry.sorted() if r.plugin in names or r.code == code]
    problems = [f"{r.code}: {e}" for r in rules for e in r.metadata_errors()]
    if problems:
        raise AssertionError("rule metadata or documentation is incomplete:\n  " + "\n  ".join(problems))
