"""Regular expressions compiled on first use.

Compiling a pattern is pure Python work in ``re`` (~0.1 ms each on this project's machine kind):
a pattern used only on a rare path (an error message, a reference-reader corner, a suppression
comment) should not cost every start. ``LazyPattern(pattern, flags)`` behaves like the compiled
pattern for the methods below; the first call compiles it and binds them for good, so later
calls cost what the compiled pattern's own do."""

from __future__ import annotations

import re

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class LazyPattern:
    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str):  # called only before the first compile
        compiled = re.compile(*self._args)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)
