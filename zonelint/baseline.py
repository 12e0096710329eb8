"""Baselines: adopt zonelint on a large legacy zone without fixing every old finding first.

    zonelint --write-baseline .zonelint-baseline.json zones/    # record today's findings
    zonelint --baseline .zonelint-baseline.json zones/          # report only new ones

A baseline file is JSON, one entry per line (sorted by path, code and owner, so diffs stay small)::

    {
      "zonelint-baseline": 1,
      "tool": "zonelint 0.1.0",
      "entries": [
        {"fingerprint": "<64 hex>", "code": "ZL101", "path": "zones/example.com.zone", "owner": "_xmpp-server._tcp.example.com.", "message": "SRV target ..."}
      ]
    }

Only ``fingerprint`` is used for matching (see :mod:`zonelint.fingerprint`: no line numbers, so
inserting lines above an old finding keeps it baselined); ``code``/``path``/``owner``/``message``
are there for humans reviewing the file. Each entry matches at most one finding. Entries that
match nothing any more are counted so the baseline can be shrunk (write it again).

Internal errors (ZL000) are never baselined: they are not findings about the zone.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass

from .config import ConfigError
from .fingerprint import SourceLines, fingerprint_map, location_path
from .report.model import EXIT_ERROR, INTERNAL_ERROR

FORMAT_KEY = "zonelint-baseline"
FORMAT_VERSION = 1
NEVER_BASELINED = frozenset({INTERNAL_ERROR})


@dataclass
class Baseline:
    path: str
    fingerprints: Counter

    def __len__(self) -> int:
        return sum(self.fingerprints.values())


def load(path: str, root: str | None = None) -> Baseline:
    """Read a baseline file (a regular file inside the resolved lint root ``root``, when given);
    a missing, refused or malformed one is a :class:`ConfigError` (exit 2)."""
    from .confine import read_text

    try:
        text = read_text(path, root)
    except FileNotFoundError:
        raise ConfigError(
            f"baseline file '{path}' does not exist (create it with --write-baseline {path})"
        ) from None
    except OSError as e:
        raise ConfigError(f"cannot read baseline file '{path}': {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"cannot read baseline file '{path}': not UTF-8 (octet {e.start + 1})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError(
            f"baseline file '{path}' is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})"
        ) from None
    except RecursionError:
        raise ConfigError(f"baseline file '{path}' is not a zonelint baseline (JSON nested too deeply)") from None
    except (ValueError, MemoryError) as e:  # an integer beyond Python's digit limit, ...
        raise ConfigError(f"baseline file '{path}' is not a zonelint baseline ({type(e).__name__}: {e})") from None
    what = f"baseline file '{path}' is not a zonelint baseline"
    if not isinstance(doc, dict) or FORMAT_KEY not in doc:
        raise ConfigError(f"{what} (no \"{FORMAT_KEY}\" key; write one with --write-baseline)")
    if doc[FORMAT_KEY] != FORMAT_VERSION:
        raise ConfigError(
            f"{what} of a version this zonelint reads ({FORMAT_KEY} is {doc[FORMAT_KEY]!r}, "
            f"expected {FORMAT_VERSION}); write it again with --write-baseline"
        )
    entries = doc.get("entries")
    if not isinstance(entries, list):
        raise ConfigError(f"{what} (\"entries\" must be a list)")
    fps: Counter = Counter()
    for i, entry in enumerate(entries):
        fp = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fp, str) or not fp:
            raise ConfigError(f"{what} (entry {i + 1} has no \"fingerprint\" string)")
        fps[fp] += 1
    return Baseline(path, fps)


def entries(report) -> list[dict]:
    """The baseline entries of a report's findings (internal errors left out), in report order."""
    sources = SourceLines()
    fps = fingerprint_map(report.findings, report.lint_root, sources)
    out = []
    for f in report.findings:
        if f.code in NEVER_BASELINED:
            continue
        out.append(
            {
                "fingerprint": fps[id(f)],
                "code": f.code,
                "path": location_path(f, report.lint_root),
                "owner": f.owner,
                "message": f.message,
            }
        )
    return out


def write(report, path: str, inputs: set[tuple[int, int]] = frozenset()) -> int:
    """Write the baseline of a report's findings to ``path`` atomically (a temporary file in the
    same folder, then a rename). Returns the number of entries.

    A run with unreadable paths or internal errors (exit code 2) is incomplete: writing its
    baseline could replace a good one with one that misses findings (a mistyped path would empty
    it), so that is refused with a :class:`ConfigError`."""
    if report.exit_code == EXIT_ERROR:
        raise ConfigError(
            f"baseline file '{path}' not written: the run was incomplete (unreadable paths or "
            "internal errors, reported above); fix those first"
        )
    items = entries(report)
    items.sort(key=lambda e: (e["path"], e["code"], e["owner"] or "", e["fingerprint"]))
    doc = {"zonelint-baseline": FORMAT_VERSION, "tool": f"zonelint {report.version}", "entries": items}
    target = os.path.abspath(path)
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise ConfigError(f"cannot write baseline file '{path}': folder '{folder}' does not exist")
    from .outfile import OutputRefused, write as write_file

    try:
        write_file(path, _dumps(doc), inputs, newline="\n")
    except OutputRefused as e:
        raise ConfigError(f"baseline file not written: {e}") from None
    except OSError as e:
        raise ConfigError(f"cannot write baseline file '{path}': {e}") from None
    return len(items)


def _dumps(doc: dict) -> str:
    """The baseline as JSON with one entry per line: diffs stay one line per finding, and large
    baselines are written by the C encoder (indenting is about 8 times slower)."""
    head = {k: v for k, v in doc.items() if k != "entries"}
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    entries = doc["entries"]
    if not entries:
        return "{\n" + "\n".join(lines) + '\n  "entries": []\n}\n'
    body = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in entries)
    return "{\n" + "\n".join(lines) + '\n  "entries": [\n' + body + "\n  ]\n}\n"


@dataclass(frozen=True)
class Filtered:
    """What :func:`apply` leaves of a run's findings."""

    #: the findings the baseline does not know, in run order
    findings: list
    #: ``id(finding) -> fingerprint`` of the kept findings, numbered over *all* the run's findings
    fingerprints: dict
    #: findings hidden, and baseline entries that matched nothing
    baselined: int
    stale: int
    #: the line for the summary
    note: str


def apply(findings, lint_root: str, baseline: Baseline) -> Filtered:
    """The findings the baseline does not know (the report is built from them afterwards).

    Fingerprints are computed over *all* findings first (so duplicates are numbered as when the
    baseline was written) and kept for the CI formats."""
    fps = fingerprint_map(findings, lint_root)
    remaining = Counter(baseline.fingerprints)
    kept = []
    baselined = 0
    for f in findings:
        fp = fps[id(f)]
        if f.code not in NEVER_BASELINED and remaining[fp] > 0:
            remaining[fp] -= 1
            baselined += 1
            continue
        kept.append(f)
    stale = sum(remaining.values())
    return Filtered(kept, {id(f): fps[id(f)] for f in kept}, baselined, stale,
                    summary_note(baselined, stale, baseline.path))


def summary_note(baselined: int, stale: int, path: str) -> str:
    note = (
        f"{baselined} finding{'s' if baselined != 1 else ''} baselined, "
        f"{stale} baseline entr{'ies' if stale != 1 else 'y'} no longer match"
        f"{'' if stale != 1 else 'es'} ({path})"
    )
    if stale:
        note += "; to drop them, write the baseline again with --write-baseline (it records the current findings)"
    return note
