"""``--format json``: ``{"findings": [...], "summary": {...}}`` (stdlib only), and with
``--statistics`` a ``"statistics"`` list.

One finding per line (``grep``-able, and diffs of two runs show one line per changed finding);
each line is encoded by the json module's C encoder, which is several times faster than the
indenting one on a run with tens of thousands of findings.
"""

from __future__ import annotations

import json

#: findings encoded and written at once
_CHUNK = 1024
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _block(value) -> str:
    """``value`` indented as the second level of the document."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")


def render(report, stream, *, statistics: bool = False) -> None:
    """``statistics`` (``--statistics``): a ``statistics`` list after the summary, one entry per
    rule code (``count``, ``code``, ``rule``, ``fixable``), most frequent first."""
    write = stream.write
    findings = report.findings
    if findings:
        encode = _ENCODE
        write('{\n  "findings": [\n    ')
        # a chunk of findings at a time: the whole list as one string would cost twice the
        # output's size in memory (~160 MB for the 140k findings of a 1M-record zone), a write
        # per finding more time
        sep = ""
        for i in range(0, len(findings), _CHUNK):
            write(sep + ",\n    ".join([encode(f.as_dict()) for f in findings[i : i + _CHUNK]]))
            sep = ",\n    "
        write("\n  ],\n")
    else:
        write('{\n  "findings": [],\n')
    write('  "summary": ' + _block(report.summary()))
    if report.summary_notes:
        write(',\n  "notes": ' + _block(list(report.summary_notes)))
    if statistics:
        from .summary import statistics as per_rule

        write(',\n  "statistics": ' + _block(per_rule(findings, report.fixable)))
    write("\n}\n")
