"""Served records as a loaded zone: the bridge from :mod:`zonelint.net` to the run's graph.

The zone's :class:`~zonelint.model.SourceFile` is the source's URI (``path``, ``display`` and
``uri``); a record's ``line`` is its position in what the server sent (1 for the first), and the
file's ``text`` is one line per record in that order (``owner TTL CLASS TYPE rdata``), so
snippets, fingerprints and suppression scanning work without reading anything from disk.
"""

from __future__ import annotations

from ..load.types import LoadedZone
from ..model import Record, SourceFile, is_subdomain
from ..rdata import DATA_TYPES, compact_data


def served_file(uri: str, display: str, reported: bool, lines: list[str]) -> SourceFile:
    """The SourceFile of a served source (nothing on disk: ``text`` holds the records)."""
    return SourceFile(path=uri, display=display, reported=reported, text="\n".join(lines) + "\n",
                      scanned=True, uri=uri)


def loaded_zone(uri: str, display: str, zone: str, served, reported: bool = True) -> LoadedZone:
    """``served`` (:class:`~zonelint.net.transfer.ServedRecord`, in order) as a
    :class:`~zonelint.load.LoadedZone` of origin ``zone``; records outside the zone (a server
    should send none) are left out."""
    lines = []
    rows = []
    apex = zone.lower()
    for s in served:
        text = s.rdata.to_text()
        lines.append(f"{s.owner} {s.ttl} {s.rdclass} {s.rdtype} {text}")
        rows.append((s, text))
    file = served_file(uri, display, reported, lines)
    records = []
    for i, (s, text) in enumerate(rows, 1):
        if not is_subdomain(s.owner.lower(), apex):
            continue
        data = compact_data(s.rdtype, s.rdata) if s.rdtype in DATA_TYPES else None
        records.append(Record(file, i, 1, i, s.owner, s.ttl, True, s.rdclass, s.rdtype, text, zone, data,
                              s.rdata, "explicit"))
    return LoadedZone(file=file, origin=zone, records=records, problems=[], includes=[], files=[file])
