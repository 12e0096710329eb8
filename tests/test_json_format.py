"""``--format json`` writes each finding as the json module writes its ``as_dict()``: the usual
shape by one format string (``finding_encoder``), any other shape through the json encoder. The
two must give the same text for every finding a run can hold."""

from __future__ import annotations

import io
import json

import pytest

from zonelint import Finding, LazyText, SourceFile
from zonelint.report import json_format

FILE = SourceFile(path="/z/example.com.zone", display="zones/example.com.zone")
SERVED = SourceFile(path="axfr://192.0.2.1/example.com", display="axfr://192.0.2.1/example.com",
                    uri="axfr://192.0.2.1/example.com")
REFERENCE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


class _Line(int):
    pass


class _Text(str):
    pass


class _Extra(Finding):
    """A plugin's finding with a field of its own in ``as_dict``."""

    def as_dict(self):
        return {**super().as_dict(), "extra": 1}


def _help(name, n):
    return f"fix {name} ({n} times): \"quoted\", back\\slash, tab\t, é, \u2028"


def _finding(cls=Finding, **changes):
    fields = dict(code="ZL101", rule="target-no-address", severity="warning", message="SRV target is absent",
                  path=FILE.display, line=12, column=1, owner="_sip._tcp.example.com.", file=FILE,
                  help="Publish an address.")
    fields.update(changes)
    return cls(**fields)


CASES = {
    "usual": _finding(),
    "no owner, no help": _finding(owner=None, help=None),
    "lazy help": _finding(help=LazyText(_help, "x.example.com.", 3)),
    "escapes and non-ASCII": _finding(message='"quoted" \\ \x01 \x7f é \u2028 \U0001f600', owner="é.example.", path="zones/ä \"b\".zone"),
    "a file of its own": _finding(file=None),
    "served": _finding(file=SERVED, path=SERVED.display),
    "subclass with its own as_dict": _finding(cls=_Extra),
    "bool line": _finding(line=True),
    "int subclass column": _finding(column=_Line(3)),
    "str subclass message": _finding(message=_Text("text")),
    "float line": _finding(line=2.0),
    "lazy help giving no text": _finding(help=LazyText(lambda: None)),
    "list rule": _finding(rule=["a", "b"]),
    "str subclass path": _finding(path=_Text("p.zone")),
}


@pytest.mark.parametrize("finding", list(CASES.values()), ids=list(CASES))
def test_a_finding_is_written_as_the_json_module_writes_its_dict(finding):
    encode = json_format.finding_encoder()
    assert encode(finding) == REFERENCE(finding.as_dict())
    assert encode(finding) == REFERENCE(finding.as_dict())  # the cached code and path texts too


def test_the_document_is_the_json_of_the_findings_in_order():
    findings = list(CASES.values())

    class _Report:
        summary_notes = ()

        def __init__(self):
            self.findings = findings

        def summary(self):
            return {"findings": len(findings)}

    buf = io.StringIO()
    json_format.render(_Report(), buf)
    doc = json.loads(buf.getvalue())
    assert doc["findings"] == [json.loads(REFERENCE(f.as_dict())) for f in findings]
    assert buf.getvalue().startswith('{\n  "findings": [\n    {"code": "ZL101", "rule": "target-no-address", ')


def test_a_report_is_never_changed_and_compares_by_its_fields():
    """The report is built once (``build_report``) and every format reads the same one."""
    from zonelint.report.model import Report

    report = Report((), (), None, (), "/lint-root", records=3)
    for name in ("findings", "records", "exit_code", "fixable"):
        with pytest.raises(AttributeError):
            setattr(report, name, 1)
    with pytest.raises(AttributeError):
        del report.records
    assert report.records == 3 and report.fix_plan is None and report.fixable == frozenset()
    assert report == Report((), (), None, (), "/lint-root", records=3) != Report((), (), None, (), "/lint-root")
    assert report.replace(records=4).records == 4 and report.records == 3
