"""Which zones a zone's lookups see: views (split-horizon), origins claimed by several files, and
zones of the root or a top-level domain.

Zones are identified by file, not by origin. From a zone Z, a lookup sees:

- the zones in Z's view plus the zones in no view (a zone in no view sees only zones in no view);
  views come from the config table ``views`` (:func:`zonelint.discovery.view_of`);
- of several visible zones with one origin, Z itself when it is one of them; otherwise none of
  them, and every name at or below that origin answers "unknown" (it cannot be told which file
  would answer);
- in a run of more than one zone, no zone of origin ``.`` or of a top-level domain other than Z
  itself: a hints or test file with ``$ORIGIN .`` would otherwise make every name of the run look
  "inside a loaded zone" (ZL009 says so at such a zone).

:class:`Perspectives` computes this once per graph; the graph builds one sub-graph per distinct
perspective (:meth:`zonelint.graph.RecordGraph.for_zone`). A run with no views, no shared origin
and no root or TLD zone has one perspective: the whole graph.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from .model import ROOT


def is_top_level(origin: str | None) -> bool:
    """True for ``.`` and for a single-label origin (a top-level domain)."""
    if origin is None:
        return False
    if origin == ROOT:
        return True
    body = origin[:-1] if origin.endswith(".") else origin
    # a dot that is not escaped means two labels or more
    i = 0
    while True:
        j = body.find(".", i)
        if j < 0:
            return True
        k, slashes = j - 1, 0
        while k >= 0 and body[k] == "\\":
            slashes += 1
            k -= 1
        if slashes % 2 == 0:
            return False
        i = j + 1


def share_a_view(a, b) -> bool:
    """True when zones ``a`` and ``b`` can see each other (same view, or either in no view)."""
    return a.view is None or b.view is None or a.view == b.view


class Perspectives:
    """The perspective of every zone of a run (see the module docstring)."""

    def __init__(self, zones: Sequence) -> None:
        self.zones = list(zones)
        with_origin = [z for z in self.zones if z.origin is not None]
        self.multi = len(with_origin) > 1
        self._by_origin: dict[str, list] = {}
        for z in with_origin:
            self._by_origin.setdefault(z.key, []).append(z)
        self._views = {z.view for z in self.zones}
        #: view -> (zones visible from it, origin keys claimed by several of them)
        self._per_view: dict[str | None, tuple[list, set[str]]] = {}
        self.trivial = (
            self._views <= {None}
            and all(len(g) == 1 for g in self._by_origin.values())
            and not (self.multi and any(is_top_level(z.origin) for z in with_origin))
        )

    def _view(self, view: str | None) -> tuple[list, set[str]]:
        got = self._per_view.get(view)
        if got is None:
            seen = [z for z in self.zones if z.view is None or z.view == view]
            counts: dict[str, int] = {}
            for z in seen:
                if z.origin is not None:
                    counts[z.key] = counts.get(z.key, 0) + 1
            got = self._per_view[view] = (seen, {k for k, n in counts.items() if n > 1})
        return got

    def top_level(self, zone) -> bool:
        """True when ``zone`` is of origin ``.`` or a TLD in a run of more than one zone."""
        return self.multi and is_top_level(zone.origin)

    def key(self, zone) -> Hashable | None:
        """Zones with the same key see the same zones; ``None``: the whole run."""
        if self.trivial:
            return None
        _, shared = self._view(zone.view)
        own = zone.origin is not None and (zone.key in shared or self.top_level(zone))
        return (zone.view, id(zone) if own else None)

    def visible(self, zone) -> tuple[list, frozenset[str]]:
        """The zones ``zone``'s lookups see, in run order, and the origin keys that answer
        "unknown" (claimed by several visible files, none of them ``zone``)."""
        seen, shared = self._view(zone.view)
        out = []
        for z in seen:
            if z is zone:
                out.append(z)
            elif z.origin is None:
                out.append(z)
            elif z.key in shared or (self.multi and is_top_level(z.origin)):
                continue
            else:
                out.append(z)
        opaque = frozenset(k for k in shared if k != zone.key)
        return out, opaque

    def same_origin(self, zone) -> list:
        """Every other zone of the run with ``zone``'s origin, in any view, in run order."""
        if zone.origin is None:
            return []
        return [z for z in self._by_origin.get(zone.key, ()) if z is not zone]

    def conflicts(self, zone) -> list:
        """The other zones with ``zone``'s origin that share a view with it (ZL007)."""
        return [z for z in self.same_origin(zone) if share_a_view(z, zone)]
