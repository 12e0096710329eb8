""""Did you mean ...?": the closest known word to a misspelt one (codes, options, config keys,
formats), with :mod:`difflib`, the same way everywhere zonelint refuses a word it does not know."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known word closest to ``word`` (case-insensitive), or None when none is close."""
    import difflib

    by_fold: dict[str, str] = {}
    by_look: dict[str, list[str]] = {}
    for k in known:
        by_fold.setdefault(k.casefold(), k)
        by_look.setdefault(_look(k), []).append(k)
    alike = by_look.get(_look(word), [])
    if len(alike) == 1:  # ZL6O2 (a letter O) is ZL602, not ZL612 however close both are
        return alike[0]
    got = difflib.get_close_matches(word.casefold(), list(by_fold), n=1, cutoff=cutoff)
    return by_fold[got[0]] if got else None


_LOOK_ALIKE = str.maketrans({"o": "0", "i": "1", "l": "1"})


def _look(word: str) -> str:
    """``word`` with the characters that look alike in many fonts made one (O and 0, I, l and 1)."""
    return word.casefold().translate(_LOOK_ALIKE)


def did_you_mean(word: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean X?)`` for the closest known word, or ``""``."""
    best = closest(word, known, cutoff)
    return f" (did you mean {best}?)" if best is not None else ""
