"""Reporters. Each format lives in its own module, imported only when chosen, so that a plain
text run never pays for rich (or anything else one format alone needs).

A reporter module has ``render(report, stream)`` writing the whole report (a
:class:`~zonelint.report.model.Report`) to a text stream; a format with options of its own takes
them as keyword arguments (``sarif``: ``max_results``).
"""

from __future__ import annotations

import importlib
import io
import sys

#: format name -> module (relative to this package)
MODULES = {
    "rich": ".rich_format",
    "table": ".table",
    "text": ".text",
    "json": ".json_format",
    "sarif": ".sarif",
    "github": ".github",
    "gitlab": ".gitlab",
}


#: the output formats, in the order ``--help`` lists them
FORMATS = tuple(MODULES)

_HUMAN = frozenset({"color", "quiet", "statistics", "fix_hint"})
#: the options each format takes (beyond the report and the stream)
OPTIONS = {
    "rich": _HUMAN,
    "table": _HUMAN,
    "text": frozenset({"show_help", "quiet", "statistics", "fix_hint"}),
    "json": frozenset({"statistics"}),
    "sarif": frozenset({"max_results"}),
}


def options_for(fmt: str, **options) -> dict:
    """Those of ``options`` that ``fmt`` takes (``--color`` means nothing to SARIF)."""
    takes = OPTIONS.get(fmt, frozenset())
    return {k: v for k, v in options.items() if k in takes and v is not None}


def render(fmt: str, report, output: str | None = None, inputs: set[tuple[int, int]] = frozenset(), **options) -> None:
    """Render ``report`` in ``fmt`` to stdout, or to ``output`` as :mod:`zonelint.outfile` allows
    (a regular file atomically: temp file + rename, so an interrupted run never leaves a
    half-written file; never a file the run read, whose identities are ``inputs``). ``options``
    go to the format's module."""
    module = importlib.import_module(MODULES[fmt], __name__)
    if output is None:
        module.render(report, sys.stdout, **options)
        sys.stdout.flush()
        return
    from ..outfile import write

    buf = io.StringIO()
    module.render(report, buf, **options)
    write(output, buf.getvalue(), inputs)
