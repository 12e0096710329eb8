"""``--format gitlab``: a GitLab Code Quality report (a JSON array of Code Climate issues) for the
merge-request widget (stdlib only).

Each issue has ``description`` (the code, the message, then the help: the fix and its citation;
GitLab shows no other text field), ``check_name`` (the rule code), ``fingerprint``
(the first 32 hex digits of zonelint's semantic fingerprint, unique within the report),
``severity`` (error → ``major``, warning → ``minor``, info → ``info``), ``location.path``
relative to the lint root and ``location.lines.begin`` (and ``end`` for multi-line records),
plus the optional ``type``, ``engine_name`` and ``categories``.
"""

from __future__ import annotations

import hashlib
import json

from ..fingerprint import SourceLines, location_path, report_fingerprints
from .model import INTERNAL_ERROR, message_with_help

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}
FINGERPRINT_LENGTH = 32


def issues(report) -> list[dict]:
    sources = SourceLines()
    fps = report_fingerprints(report, sources)
    out: list[dict] = []
    used: set[str] = set()
    for f in report.findings:
        fp = fps[id(f)][:FINGERPRINT_LENGTH]
        salt = 0
        while fp in used:  # cannot happen with distinct fingerprints; never merge two findings
            salt += 1
            fp = hashlib.sha256(f"{fps[id(f)]}:{salt}".encode()).hexdigest()[:FINGERPRINT_LENGTH]
        used.add(fp)
        last = f.end_line if f.end_line and f.end_line > f.line else f.line
        begin = f.line
        if f.source is not None:  # served by a DNS server: GitLab needs a path and a line
            begin = last = 1
        out.append(
            {
                "type": "issue",
                "engine_name": "zonelint",
                "check_name": f.code,
                "description": (
                    f"{f.code} {message_with_help(f)}"
                    if f.source is None
                    else f"{f.code} {f.served_location()}: {message_with_help(f)}"
                ),
                "categories": ["Bug Risk"],
                "severity": "critical" if f.code == INTERNAL_ERROR else SEVERITIES.get(f.severity, "minor"),
                "fingerprint": fp,
                "location": {
                    "path": location_path(f, report.lint_root),
                    "lines": {"begin": begin, "end": last},
                },
            }
        )
    return out


def render(report, stream) -> None:
    """One issue per line (the C JSON encoder: fast on large reports, still diffable)."""
    items = issues(report)
    if not items:
        stream.write("[]\n")
        return
    stream.write("[\n")
    stream.write(",\n".join(json.dumps(i, ensure_ascii=False) for i in items))
    stream.write("\n]\n")
