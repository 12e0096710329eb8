"""The run's network sources, fetched once: every ``axfr://`` URI named on the command line (as
a path or with ``--context``) is transferred here, in the process that starts the run, before any
``-j`` worker is forked (the workers inherit what was fetched; nothing is transferred twice).

A source that cannot be read is one error notification (server, zone, reason; exit 2) and the
rest of the run goes on. Only the command line and the environment name sources and keys: a
config file in the linted tree cannot (:func:`zonelint.config` refuses such keys).
"""

from __future__ import annotations

from ..model import Notification
from . import DEFAULT_TIMEOUT, NetError, SourceError


def parse_all(uris: list[str]):
    """The parsed sources, in order, each once; :class:`SourceError` for the first bad one."""
    from .uri import parse

    seen: dict[str, object] = {}
    for uri in uris:
        if uri not in seen:
            seen[uri] = parse(uri)
    return list(seen.values())


def fetch(uris: list[str], reported: set[str], tsig_key: str | None, timeout: float | None):
    """``(loaded, notes)``: ``{uri: LoadedZone}`` for every source transferred, and an error
    notification for each that failed. A bad URI or key file raises :class:`SourceError` before
    anything is sent."""
    from .served import loaded_zone
    from .transfer import transfer
    from .tsig import load as load_key

    sources = parse_all(uris)
    key = load_key(tsig_key) if tsig_key else None
    lifetime = timeout if timeout is not None else DEFAULT_TIMEOUT
    loaded = {}
    notes: list[Notification] = []
    for source in sources:
        try:
            served = transfer(source, lifetime, key)
        except NetError as e:
            notes.append(Notification("error", f"{source.uri}: transfer failed: {e}", source.uri))
            continue
        loaded[source.uri] = loaded_zone(source.uri, source.uri, source.zone, served, source.uri in reported)
    return loaded, notes


__all__ = ["fetch", "parse_all", "NetError", "SourceError"]
