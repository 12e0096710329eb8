"""A finding's help given as a :class:`zonelint.LazyText` (built when a reporter reads it) renders
exactly as the same help given as text: in every output format, under ``-j 2`` (workers send the
built text), for a plugin's own rule; and the compact finding (lines read from its record) says
what the finding made field by field says.
"""

from __future__ import annotations

import importlib
import io
import types

import pytest

from zonelint import WARNING, LazyText, Rule, hookimpl, jobs, near, where
from zonelint.config import Config
from zonelint.model import Finding
from zonelint.plugins import load_registry
from zonelint.report import FORMATS, MODULES
from zonelint.runner import RunOptions, lint
from zonelint.selection import SelectionLevel
from zonelint.testing import lint_text
from zonelint.wire import pack_findings, unpack_findings


def _help(rec, first, n):
    """A module-level function: what a LazyText calls (its text depends on its arguments only)."""
    return (f"Say it once: {rec.owner} TXT {rec.rdata_text} repeats {first.owner} ({where(first)}), "
            f"record {n} of the zone; see RFC 1035 section 3.3.14.")


class LazyRule(Rule):
    """## What it checks
    Test rule: every TXT record after the first, its help built lazily (or eagerly when the
    module's ``EAGER`` is set), anchored at the record, at a loader problem's position and at an
    explicit position.

    ## Why it matters
    Tests.

    ## Example
    `b IN TXT "x"`

    ## How to fix
    Nothing.

    ## Anchor
    The TXT record.
    """

    code, name, severity, summary = "LZ001", "lazy-help", WARNING, "Every TXT record after the first"

    def check(self, ctx):
        txts = [r for r in ctx.zone.records if r.rdtype == "TXT"]
        for n, rec in enumerate(txts[1:], 2):
            lazy = LazyText(_help, rec, txts[0], n)
            help = str(lazy) if PLUGIN.EAGER else lazy
            yield ctx.finding(rec, f"TXT {rec.owner} repeats line-free text ({near(txts[0], rec)})", help=help)
            if rec.owner.startswith("explicit"):
                yield ctx.finding((rec.file, rec.line, 2), f"explicit position of {rec.owner}", help=help)


PLUGIN = types.ModuleType("zonelint_lazy_help_plugin")
PLUGIN.ZONELINT_API_VERSION = 1
PLUGIN.EAGER = False


@hookimpl
def _zonelint_rules():
    return [LazyRule]


PLUGIN.zonelint_rules = _zonelint_rules

ZONE = """$ORIGIN {origin}
$TTL 3600
@ IN SOA ns1 hostmaster 1 3600 600 86400 300
@ IN NS ns1
ns1 IN A 192.0.2.1
a IN TXT "first"
b IN TXT ( "second"
  "continued" )
explicit IN TXT "third"
c IN TXT "fourth" ; noqa: LZ001
d IN TXT ( "fifth"
  "suppressed on its continuation line" ) ; noqa: LZ001
"""


@pytest.fixture
def zones(tmp_path):
    for name in ("one.example", "two.example"):
        (tmp_path / f"{name}.zone").write_text(ZONE.format(origin=name + "."))
    return tmp_path


def _rendered(report) -> dict[str, str]:
    out = {}
    for fmt in FORMATS:
        buf = io.StringIO()
        options = {"show_help": True} if fmt == "text" else {}  # text shows the help only when asked
        importlib.import_module(MODULES[fmt], "zonelint.report").render(report, buf, **options)
        out[fmt] = buf.getvalue()
    return out


def _run(zones, eager: bool, j: int, monkeypatch):
    monkeypatch.setattr(PLUGIN, "EAGER", eager)
    registry = load_registry(extra_plugins=[("lazyhelp", PLUGIN)], installed=False)
    opts = RunOptions(paths=["."], select=SelectionLevel(["LZ001"]), jobs=j, cwd=str(zones))
    return lint(opts, Config(root=str(zones)), registry)


@pytest.mark.parametrize("j", [1, pytest.param(2, marks=pytest.mark.skipif(not jobs.available(), reason="fork"))])
def test_a_lazy_help_renders_as_the_eager_one_in_every_format(zones, j, monkeypatch, sharded_calls):
    monkeypatch.chdir(zones)
    lazy = _run(zones, False, j, monkeypatch)
    eager = _run(zones, True, j, monkeypatch)
    if j == 1:  # the lazy run kept LazyText helps to the report (nothing built them before)
        assert {type(f.stored_help) for f in lazy.findings} == {LazyText}
        assert {type(f.stored_help) for f in eager.findings} == {str}
    else:  # the workers sent built text, the sharded path ran
        assert sharded_calls and all(c is not None for c in sharded_calls)
        assert {type(f.stored_help) for f in lazy.findings} == {str}
    # one and two (b, explicit x2) per zone; c and d are suppressed by their noqa
    assert [(f.path, f.line, f.column) for f in lazy.findings] == [
        ("one.example.zone", 7, 1), ("one.example.zone", 9, 1), ("one.example.zone", 9, 2),
        ("two.example.zone", 7, 1), ("two.example.zone", 9, 1), ("two.example.zone", 9, 2),
    ]
    assert lazy.findings[0].help.startswith("Say it once: b.one.example. TXT")
    assert lazy.summary() == eager.summary()
    r_lazy, r_eager = _rendered(lazy), _rendered(eager)
    for fmt in FORMATS:
        assert r_lazy[fmt] == r_eager[fmt], f"--format {fmt}: a lazy help renders differently"
        assert "Say it once: b.one.example." in r_lazy[fmt].replace("\n", " ").replace("  ", " "), fmt


def test_the_compact_finding_says_what_the_field_by_field_one_says():
    got = lint_text(ZONE.format(origin="example.com."), select=["LZ001"], plugins=[("lazyhelp", PLUGIN)])
    f = got[0]
    rec = f.record
    assert (f.line, f.end_line, f.column, f.file, f.path) == (rec.line, rec.end_line, rec.column, rec.file,
                                                              rec.file.display)
    assert (f.line, f.end_line) == (7, 8)
    made = Finding(f.code, f.rule, f.severity, f.message, f.path, f.line, f.column, f.owner, rec, f.file,
                   f.end_line, f.help, f.fix)
    assert made == f and repr(made) == repr(f)  # equal, the help compared as text
    assert made.replace(message="other").message == "other" and made.replace().help == f.help
    assert type(f.replace(message="x").stored_help) is LazyText  # a copy stays lazy
    assert f.as_dict()["help"] == str(f.stored_help)
    # a finding made without end_line keeps None, as it always did; lines given apart from the record stay
    bare = Finding(f.code, f.rule, f.severity, f.message, f.path, 3, 1, None, rec, f.file)
    assert (bare.line, bare.end_line) == (3, None)
    bare.end_line = 4
    assert bare.end_line == 4


def test_wire_sends_the_built_text():
    got = lint_text(ZONE.format(origin="example.com."), select=["LZ001"], plugins=[("lazyhelp", PLUGIN)])
    refs = {id(got[0].file): (0, 0)}
    rows = pack_findings(got, refs)
    assert all(type(row[11]) is str for row in rows)
    back = unpack_findings(rows, lambda ref: got[0].file)
    assert [(b.line, b.end_line, b.help) for b in back] == [(f.line, f.end_line, f.help) for f in got]


def _broken(rec):
    raise ValueError(f"no help for {rec.owner}")


def test_a_lazy_help_that_raises_is_one_line_saying_so_not_a_crash_of_the_report():
    f = lint_text(ZONE.format(origin="example.com."), select=["LZ001"], plugins=[("lazyhelp", PLUGIN)])[0]
    f.help = LazyText(_broken, f.record)
    assert f.help == "(the help of this LZ001 finding could not be built: ValueError: no help for b.example.com.)"


# -- the built-in rules' lazy helps: the fixtures and the corpus, lazy against eager ------------------

def _eager(monkeypatch):
    """Every LazyText help built when its finding is made (what the rules gave before)."""
    from zonelint.rule import RuleContext

    made = RuleContext.finding

    def finding(self, *a, **k):
        f = made(self, *a, **k)
        if isinstance(f.stored_help, LazyText):
            f.help = str(f.stored_help)
        return f

    monkeypatch.setattr(RuleContext, "finding", finding)


def _lint_all(folder, j):
    opts = RunOptions(paths=["."], select=SelectionLevel(["ALL"]), jobs=j, cwd=str(folder))
    return lint(opts, Config(root=str(folder)), load_registry(installed=False))


def _cases():
    from conftest import REPO, SHARED

    rules = REPO / "fixtures" / "rules"
    # the whole rules folder (ZL108 is silent there: zones of one origin, no views) and ZL108's
    return [(rules, {"ZL101", "ZL102", "ZL103"}), (rules / "ZL108" / "bad-cross-zone", {"ZL108"}), (SHARED / "corpus", {"ZL108"})]


@pytest.mark.slow
@pytest.mark.parametrize("folder, codes", _cases(), ids=["fixtures-rules", "ZL108-cross-zone", "corpus"])
def test_the_built_in_rules_lazy_helps_render_as_eager_ones(folder, codes, monkeypatch, sharded_calls):
    if not folder.is_dir():
        from conftest import shared_dir

        shared_dir()  # skips (fails under CI) without ../shared
    monkeypatch.chdir(folder)
    lazy = {j: _lint_all(folder, j) for j in (1, 2)}
    assert codes <= {f.code for f in lazy[1].findings if isinstance(f.stored_help, LazyText)}
    if jobs.available():
        assert sharded_calls and sharded_calls[-1] is not None  # -j 2 went through the workers
    with monkeypatch.context() as m:
        _eager(m)
        eager = {j: _lint_all(folder, j) for j in (1, 2)}
    assert not any(isinstance(f.stored_help, LazyText) for f in eager[1].findings)
    for j in (1, 2):
        assert eager[j].exit_code == lazy[j].exit_code
        r_lazy, r_eager = _rendered(lazy[j]), _rendered(eager[j])
        for fmt in FORMATS:
            assert r_lazy[fmt] == r_eager[fmt], f"-j {j} --format {fmt}: a lazy help renders differently"


def test_the_language_servers_diagnostics_are_the_same_lazy_or_eager(tmp_path, monkeypatch):
    pytest.importorskip("pygls")
    from pygls.workspace import TextDocument

    from zonelint.docurls import DocLinks
    from zonelint.lsp import server
    from zonelint.workspace import Workspace

    zone = tmp_path / "example.com.zone"
    text = ZONE.format(origin="example.com.")
    zone.write_text(text)
    got = {}
    for eager in (False, True):
        monkeypatch.setattr(PLUGIN, "EAGER", eager)
        ws = Workspace(str(tmp_path))
        ws.registry = load_registry(extra_plugins=[("lazyhelp", PLUGIN)], installed=False)
        result = ws.lint(str(zone), text.encode())
        findings = [f for f in result.findings if f.code == "LZ001"]
        assert {type(f.stored_help) for f in findings} == {str if eager else LazyText}
        doc = TextDocument(zone.as_uri(), text)
        got[eager] = [server.diagnostic(doc, f, DocLinks(ws.registry), ws.registry) for f in findings]
    assert got[False] == got[True]
    # the multi-line record b (lines 7-8): its range ends on its last line, read from the record
    first = got[False][0]
    assert (first.range.start.line, first.range.end.line, first.message) == (
        6, 7, "TXT b.example.com. repeats line-free text (line 6)")


def test_a_compact_finding_survives_copy_deepcopy_and_pickle():
    import copy
    import pickle

    f = lint_text(ZONE.format(origin="example.com."), select=["LZ001"], plugins=[("lazyhelp", PLUGIN)])[0]
    assert copy.copy(f) == f  # the same record and file (a deep copy has copies of them: not equal)
    for twin in (copy.copy(f), copy.deepcopy(f), pickle.loads(pickle.dumps(f))):
        assert (twin.line, twin.end_line, twin.help, twin.path, twin.message) == (7, 8, f.help, f.path, f.message)
        assert type(twin.stored_help) is LazyText


def test_a_finding_is_still_a_dataclass_for_plugins_and_their_tests():
    """Plugins and their tests used ``dataclasses.replace``/``asdict``/``fields`` on findings while
    ``Finding`` was a plain dataclass: the compact finding keeps that working, in constructor order."""
    import dataclasses

    f = lint_text(ZONE.format(origin="example.com."), select=["LZ001"], plugins=[("lazyhelp", PLUGIN)])[0]
    assert dataclasses.is_dataclass(f)
    assert tuple(x.name for x in dataclasses.fields(f)) == (
        "code", "rule", "severity", "message", "path", "line", "column", "owner", "record", "file",
        "end_line", "help", "fix")
    moved = dataclasses.replace(f, message="other", line=9)
    assert (moved.message, moved.line, moved.end_line, moved.help, moved.code) == ("other", 9, 8, f.help, f.code)
    assert dataclasses.replace(f) == f
    shallow = {x.name: getattr(f, x.name) for x in dataclasses.fields(f)}
    assert shallow["line"] == 7 and shallow["help"] == f.help and shallow["record"] is f.record
    d = dataclasses.asdict(f)
    assert (d["code"], d["line"], d["end_line"], d["help"]) == (f.code, 7, 8, f.help)
