"""Helpers for testing rules, for zonelint itself and for plugin authors.

    from zonelint.testing import lint_text, lint_files, codes_at

    findings = lint_text(ZONE_TEXT, origin="example.com.", select=["EX001"])
    assert codes_at(findings) == {("EX001", 7, "warning")}

Rules from extra plugin modules can be passed with ``plugins=[("myplugin", module)]`` so a plugin's
tests need not install it first. Findings are the same objects the CLI reports (suppressions,
severity overrides and selection applied).
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from .config import Config
from .engine import SelectionLevel
from .model import Finding


def _registry(plugins):
    from .plugins import load_registry

    return load_registry(extra_plugins=list(plugins or []))


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
    return lint(opts, cfg, _registry(plugins)).findings


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
