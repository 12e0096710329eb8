"""``--format json``: ``{"findings": [...], "summary": {...}}`` (stdlib only), and with
``--statistics`` a ``"statistics"`` list.

One finding per line (``grep``-able, and diffs of two runs show one line per changed finding).
A finding of the usual shape (a :class:`~zonelint.model.Finding` of a file, its fields plain
strings, integers or None) is written by one format string, each string encoded by the json
module's C string encoder; any other (a served record's, a subclass with an ``as_dict`` of its
own, a field of another type) is encoded from its ``as_dict()`` by the json module's C encoder.
Both give the same text for the same finding (``tests/test_json_format.py``).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from ..model import Finding

#: findings encoded and written at once
_CHUNK = 1024
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
_AS_DICT = Finding.as_dict
#: the usual shape after the code, rule and severity (json.dumps' separators)
_TAIL = '%s, "path": %s, "line": %d, "column": %d, "owner": %s, "help": %s}'


def _block(value) -> str:
    """``value`` indented as the second level of the document."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")


def finding_encoder():
    """A function giving one finding's JSON object (``as_dict()`` as the json module writes it,
    ``separators=(", ", ": ")``), with the text of each code, rule and severity and of each path
    encoded once per run."""
    heads: dict[tuple, str] = {}
    paths: dict[str, str] = {}
    es = encode_basestring
    str_, int_ = str, int

    def encode(f) -> str:
        if type(f).as_dict is _AS_DICT and (f.file is None or f.file.uri is None):
            code, rule, severity, path = f.code, f.rule, f.severity, f.path
            if type(code) is str_ and type(rule) is str_ and type(severity) is str_ and type(path) is str_:
                head = heads.get((code, rule, severity))
                if head is None:
                    head = heads[(code, rule, severity)] = '{"code": %s, "rule": %s, "severity": %s, "message": ' % (
                        es(code), es(rule), es(severity))
                shown = paths.get(path)
                if shown is None:
                    shown = paths[path] = es(path)
                message, line, column, owner, help = f.message, f.line, f.column, f.owner, f.help
                if (type(message) is str_ and type(line) is int_ and type(column) is int_
                        and (owner is None or type(owner) is str_) and (help is None or type(help) is str_)):
                    return head + _TAIL % (es(message), shown, line, column, "null" if owner is None else es(owner),
                                           "null" if help is None else es(help))
        return _ENCODE(f.as_dict())

    return encode


def render(report, stream, *, statistics: bool = False) -> None:
    """``statistics`` (``--statistics``): a ``statistics`` list after the summary, one entry per
    rule code (``count``, ``code``, ``rule``, ``fixable``), most frequent first."""
    write = stream.write
    findings = report.findings
    if findings:
        encode = finding_encoder()
        write('{\n  "findings": [\n    ')
        # a chunk of findings at a time: the whole list as one string would cost twice the
        # output's size in memory (~160 MB for the 140k findings of a 1M-record zone), a write
        # per finding more time
        sep = ""
        for i in range(0, len(findings), _CHUNK):
            write(sep + ",\n    ".join([encode(f) for f in findings[i : i + _CHUNK]]))
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
