"""``--format json``: ``{"findings": [...], "summary": {...}}`` (stdlib only)."""

from __future__ import annotations

import json


def render(report, stream) -> None:
    doc = {
        "findings": [f.as_dict() for f in report.findings],
        "summary": report.summary(),
    }
    if report.summary_notes:
        doc["notes"] = list(report.summary_notes)
    json.dump(doc, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
