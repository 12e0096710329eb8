""""Did you mean ...?": the closest known word to a misspelt one (codes, options, config keys,
formats), with :mod:`difflib`, the same way everywhere zonelint refuses a word it does not know."""

from __future__ import annotations

from typing import Iterable


def closest(word: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known word closest to ``word`` (case-insensitive), or None when none is close."""
    import difflib

    by_fold: dict[str, str] = {}
    for k in known:
        by_fold.setdefault(k.casefold(), k)
    got = difflib.get_close_matches(word.casefold(), list(by_fold), n=1, cutoff=cutoff)
    return by_fold[got[0]] if got else None


def did_you_mean(word: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean X?)`` for the closest known word, or ``""``."""
    best = closest(word, known, cutoff)
    return f" (did you mean {best}?)" if best is not None else ""
