"""Reporters. Each format lives in its own module, imported only when chosen, so that a plain
text run never pays for rich (or anything else one format alone needs).

A reporter module has ``render(report, stream)`` writing the whole report to a text stream.
"""

from __future__ import annotations

import importlib
import io
import sys

from ..atomic import write_atomic

#: format name -> module (relative to this package)
MODULES = {
    "text": ".text",
    "json": ".json_format",
    "rich": ".rich_format",
    "sarif": ".sarif",
    "github": ".github",
    "gitlab": ".gitlab",
}


def render(fmt: str, report, output: str | None = None) -> None:
    """Render ``report`` in ``fmt`` to stdout, or atomically to ``output`` (temp file + rename, so
    an interrupted run never leaves a half-written file)."""
    module = importlib.import_module(MODULES[fmt], __name__)
    if output is None:
        module.render(report, sys.stdout)
        sys.stdout.flush()
        return
    buf = io.StringIO()
    module.render(report, buf)
    write_atomic(output, buf.getvalue())
