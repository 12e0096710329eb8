"""``zonelint.testing``, the harness plugin authors get (and zonelint's own fixtures run through):
it fails when it must, loads only the plugins it is given, and reads fixtures the same way from
any current directory."""

from __future__ import annotations

import types

import pytest

from zonelint import ERROR, Rule, hookimpl
from zonelint.testing import FixtureError, assert_fixture, fixture_cases, lint_text

HEAD = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n  IN NS ns1\nns1 IN A 192.0.2.53\n"

DOC = """## What it checks
Every A record.

## Why it matters
A test.

## Example
```
www IN A 192.0.2.1
```

## How to fix
Nothing to fix.

## Anchor
The record.
"""


def _every_a(self, ctx):
    for rec in ctx.zone.by_type("A"):
        yield ctx.finding(rec, f"A record {rec.owner}")


def rule(code="XH001", doc=DOC):
    return type(f"R{code}", (Rule,), {"__doc__": doc, "code": code, "name": f"xh-{code[2:]}", "summary": "every A record", "severity": ERROR, "check": _every_a})


def plugin(*rules):
    mod = types.ModuleType("xh_plugin")
    mod.ZONELINT_API_VERSION = 1
    mod.zonelint_rules = hookimpl(lambda: list(rules))
    return mod


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def call_from(test_file, root):
    """``fixture_cases(root)`` as called from the module ``test_file`` (its ``__file__``)."""
    scope = {"__file__": str(test_file), "fixture_cases": fixture_cases}
    exec(compile("cases = fixture_cases(ROOT)", str(test_file), "exec"), {**scope, "ROOT": root}, scope)
    return scope["cases"]


# -- fixture_cases ---------------------------------------------------------------------------------


def test_relative_root_is_read_from_the_calling_file(tmp_path, monkeypatch):
    write(tmp_path / "plugin/tests/fixtures/XH001/bad.zone", HEAD + "www IN A 192.0.2.1 ; expect: XH001 error\n")
    write(tmp_path / "plugin/tests/fixtures/XH001/good.zone", HEAD.replace("ns1 IN A 192.0.2.53\n", ""))
    test_file = tmp_path / "plugin/tests/test_rules.py"
    for cwd in (tmp_path, tmp_path / "plugin", tmp_path / "plugin/tests"):
        monkeypatch.chdir(cwd)
        cases = call_from(test_file, "fixtures")
        assert [c.id for c in cases] == ["XH001/bad.zone", "XH001/good.zone"], cwd
        assert [c.good for c in cases] == [False, True]


def test_missing_or_empty_fixture_folder_is_an_error(tmp_path):
    with pytest.raises(FixtureError, match="does not exist .a relative path is taken from the folder of the test file"):
        call_from(tmp_path / "test_x.py", "fixtures")
    (tmp_path / "fixtures" / "XH001").mkdir(parents=True)
    with pytest.raises(FixtureError, match="no fixture cases below"):
        call_from(tmp_path / "test_x.py", "fixtures")


def test_settings_of_rule_and_scenario_folders_merge(tmp_path):
    root = tmp_path / "fixtures"
    write(root / "XH001/zonelint.toml", 'profile = "timplus"\n[options.XH001]\na = 1\nb = 2\n')
    write(root / "XH001/bad-pair/zonelint.toml", "[options.XH001]\nb = 3\n")
    write(root / "XH001/bad-pair/a.zone", HEAD)
    (case,) = fixture_cases(root)
    assert case.settings == {"profile": "timplus", "options": {"XH001": {"a": 1, "b": 3}}}
    assert case.id == "XH001/bad-pair/" and not case.good


# -- assert_fixture ------------------------------------------------------------------------------


def test_bad_fixture_must_match_exactly(tmp_path):
    mod = plugin(rule())
    no_a = HEAD.replace("ns1 IN A 192.0.2.53\n", "ns1 IN AAAA 2001:db8::53\n")
    bad = write(tmp_path / "XH001/bad.zone", no_a + "www IN A 192.0.2.1 ; expect: XH001 error\n")
    (case,) = fixture_cases(tmp_path)
    found = assert_fixture(case, plugins=[("xh", mod)])
    assert {(f.code, f.line) for f in found} == {("XH001", 6)}
    # the ns1 A record on line 5 also fires and is not expected
    bad.write_text(HEAD + "www IN A 192.0.2.1 ; expect: XH001 error\n")
    with pytest.raises(AssertionError, match=r"unexpected bad.zone:5: XH001 error: A record ns1.example.com."):
        assert_fixture(bad, "XH001", plugins=[("xh", mod)])
    bad.write_text(no_a + "www IN TXT x ; expect: XH001 error\n")
    with pytest.raises(AssertionError, match=r"missing    bad.zone:6: XH001 error"):
        assert_fixture(bad, "XH001", plugins=[("xh", mod)])
    bad.write_text(no_a + "www IN A 192.0.2.1 ; expect: XH001 warning\n")
    with pytest.raises(AssertionError, match=r"missing    bad.zone:6: XH001 warning"):
        assert_fixture(bad, "XH001", plugins=[("xh", mod)])


def test_good_fixture_is_silent_under_every_rule(tmp_path):
    good = write(tmp_path / "XH001/good.zone", HEAD)
    # XH001 fires on ns1's A record; so would any built-in rule that found a fault
    with pytest.raises(AssertionError, match=r"good.zone is not silent:\n  unexpected good.zone:5: XH001"):
        assert_fixture(good, "XH001", plugins=[("xh", plugin(rule()))])
    # a built-in rule's finding counts too (ZL103: the MX exchange has no address)
    good.write_text(HEAD.replace("ns1 IN A 192.0.2.53\n", "ns1 IN AAAA 2001:db8::53\n@ IN MX 10 mail\n"))
    with pytest.raises(AssertionError, match=r"unexpected good.zone:6: ZL103"):
        assert_fixture(good, "XH001", plugins=[("xh", plugin(rule()))])
    good.write_text(HEAD.replace("ns1 IN A 192.0.2.53\n", "ns1 IN AAAA 2001:db8::53 ; expect: XH001 error\n"))
    with pytest.raises(FixtureError, match="good fixture .* has '; expect:' comments"):
        assert_fixture(good, "XH001", plugins=[("xh", plugin(rule()))])


def test_fixture_without_origin_is_an_error(tmp_path):
    bad = write(tmp_path / "XH001/bad.zone", HEAD.replace("$ORIGIN example.com.\n", "") + "www IN A 192.0.2.1 ; expect: XH001 error\n")
    with pytest.raises(FixtureError, match=r"bad.zone:2: a fixture zone must set \$ORIGIN .*'bad.'"):
        assert_fixture(bad, "XH001", plugins=[("xh", plugin(rule()))])
    empty = write(tmp_path / "XH001/bad-empty.zone", "; nothing\n")
    with pytest.raises(FixtureError, match="the file has none"):
        assert_fixture(empty, "XH001", plugins=[("xh", plugin(rule()))])


def test_undocumented_rule_fails_its_fixture_test(tmp_path):
    bad = write(tmp_path / "XH001/bad.zone", HEAD.replace("ns1 IN A 192.0.2.53\n", "") + "www IN A 192.0.2.1 ; expect: XH001 error\n")
    assert_fixture(bad, "XH001", plugins=[("xh", plugin(rule()))])
    with pytest.raises(AssertionError, match=r"XH001: documentation lacks '## Anchor'"):
        assert_fixture(bad, "XH001", plugins=[("xh", plugin(rule(doc=DOC.replace("## Anchor", "## Where"))))])


# -- which plugins are loaded ----------------------------------------------------------------------


def test_only_the_plugins_passed_are_loaded(monkeypatch, tmp_path):
    """An installed plugin (here: an entry point added beside the real ones) is part of a CLI run,
    not of a test run through zonelint.testing."""
    import zonelint.plugins as plugins

    installed = plugin(rule("XI001"))

    class EP:
        name, value, dist = "installed-elsewhere", "installed_elsewhere", None

        def load(self):
            return installed

    real = plugins._entry_points
    monkeypatch.setattr(plugins, "_entry_points", lambda: real() + [EP()])
    assert "XI001" in plugins.load_registry().rules
    text = HEAD + "www IN A 192.0.2.1\n"
    assert not any(f.code == "XI001" for f in lint_text(text, tmp_path=tmp_path))
    got = lint_text(text, tmp_path=tmp_path, plugins=[("xh", plugin(rule()))], select=["XH001"])
    assert {(f.code, f.line) for f in got} == {("XH001", 5), ("XH001", 6)}


def test_built_in_rules_missing_is_a_load_failure_not_a_silent_empty_run(monkeypatch):
    """Without zonelint installed (no 'builtin' entry point) there is no fallback that pretends:
    the registry says what is wrong, and the run fails closed."""
    import zonelint.plugins as plugins

    real = plugins._entry_points
    monkeypatch.setattr(plugins, "_entry_points", lambda: [ep for ep in real() if ep.name != plugins.BUILTIN])
    reg = plugins.load_registry()
    assert "builtin" in reg.failed and "not installed" in reg.failed["builtin"], reg.failed
    assert not any(r.plugin == "builtin" for r in reg.rules.values())
