"""Helpers for testing rules, for zonelint itself and for plugin authors.

    from zonelint.testing import lint_text, lint_files, codes_at

    findings = lint_text(ZONE_TEXT, origin="example.com.", select=["EX001"])
    assert codes_at(findings) == {("EX001", 7, "warning")}

Rules from extra plugin modules can be passed with ``plugins=[("myplugin", module)]`` so a plugin's
tests need not install it first. Findings are the same objects the CLI reports (suppressions,
severity overrides and selection applied).

Fixture files follow the built-in rules' conventions (``fixtures/rules/<CODE>/``): ``bad*.zone``
and ``good*.zone`` files (or scenario folders of several zones linted in one run), expectations
written as ``; expect: CODE severity`` comments on the line where each finding must appear, and
rule options in a ``zonelint.toml`` beside them (``[options.CODE]`` tables, optional
``profile``). A plugin's whole fixture test is then::

    import pytest
    from zonelint.testing import assert_fixture, fixture_cases

    @pytest.mark.parametrize("case", fixture_cases("tests/fixtures"), ids=str)
    def test_fixture(case):
        assert_fixture(case.files, case.code, plugins=[("myplugin", my_plugin_module)])
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from .config import Config
from .selection import SelectionLevel
from .model import Finding


def _registry(plugins):
    """The registry with ``plugins`` added; a plugin that cannot be loaded raises
    :class:`~zonelint.plugins.PluginError` with the lines the CLI prints (it fails closed there too)."""
    from .plugins import PluginError, load_registry

    reg = load_registry(extra_plugins=list(plugins or []))
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
    """Lint zone files as the CLI would (without reading any config file unless ``config`` is
    given); ``options`` maps rule codes to option tables."""
    from .runner import RunOptions, lint

    paths = [str(p) for p in paths]
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
    return list(lint(opts, cfg, _registry(plugins)).findings)


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


class FixtureCase:
    """One fixture test: the rule ``code`` (the name of its folder) and the zone ``files`` linted
    together. ``str(case)`` is a readable test id (``EX001/bad.zone``)."""

    __slots__ = ("code", "files", "id")

    def __init__(self, code: str, files: list[str], id: str) -> None:
        self.code = code
        self.files = files
        self.id = id

    def __str__(self) -> str:
        return self.id

    def __repr__(self) -> str:
        return f"FixtureCase({self.id!r})"


def fixture_cases(root) -> list[FixtureCase]:
    """The fixture cases below ``root``, laid out as zonelint's own: ``root/<CODE>/*.zone`` (one case
    per file) and ``root/<CODE>/<folder>/*.zone`` (one case per folder: its zones in one run)."""
    root = os.fspath(root)
    cases: list[FixtureCase] = []
    for code in sorted(os.listdir(root)):
        rule_dir = os.path.join(root, code)
        if not os.path.isdir(rule_dir):
            continue
        for item in sorted(os.listdir(rule_dir)):
            full = os.path.join(rule_dir, item)
            if os.path.isfile(full) and item.endswith(".zone"):
                cases.append(FixtureCase(code, [full], f"{code}/{item}"))
            elif os.path.isdir(full):
                zones = sorted(os.path.join(full, z) for z in os.listdir(full) if z.endswith(".zone"))
                if zones:
                    cases.append(FixtureCase(code, zones, f"{code}/{item}/"))
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
    """Lint fixture zone file(s) and assert the findings are exactly their ``; expect:`` comments.

    ``files`` is one path or a list (a scenario linted in one run). Only ``code`` is selected
    (``select`` overrides, e.g. ``["ALL"]`` to demand that a good fixture is silent under every
    rule); with neither, every rule runs. Options and profile come from a ``zonelint.toml`` beside
    the first file, then from ``options``/``profile``. An expectation without a severity matches
    any severity. Returns the findings; on a mismatch the assertion message lists what was
    missing and what was unexpected, with messages."""
    if isinstance(files, (str, os.PathLike)):
        files = [files]
    paths = [os.fspath(p) for p in files]
    settings = fixture_settings(os.path.dirname(os.path.abspath(paths[0])))
    opts = {k: dict(v) for k, v in (settings.get("options") or {}).items()}
    for k, v in (options or {}).items():
        opts[k] = {**opts.get(k, {}), **v}
    if select is None and code is not None:
        select = [code]
    findings = lint_files(
        paths,
        select=select,
        options=opts or None,
        profile=profile or settings.get("profile"),
        plugins=plugins,
        context=context,
    )
    expected = set()
    for p in paths:
        name = os.path.basename(p)
        for c, line, sev in expected_from_comments(p):
            expected.add((name, line, c, sev))
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
        lines = [f"fixture {', '.join(paths)} does not match its '; expect:' comments:"]
        lines += [f"  missing    {n}:{ln}: {c} {s or '(any severity)'}" for n, ln, c, s in missing]
        lines += [
            f"  unexpected {os.path.basename(f.path)}:{f.line}: {f.code} {f.severity}: {f.message}"
            for f in unexpected
        ]
        raise AssertionError("\n".join(lines))
    return findings
