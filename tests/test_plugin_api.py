"""The plugin API's contract, case by case (issue 12, "plugin API paper cuts"): what a rule
declares is checked when it loads, its documentation by ``metadata_errors()``, and what users see
(``explain``, config errors) is written the way they write it."""

from __future__ import annotations

import pytest

from zonelint import ERROR, Option, Rule
from zonelint.cli import main
from zonelint.plugins import load_registry

FULL_DOC = """## What it checks
Something.

## Why it matters
Because.

## Example
```
www IN A 192.0.2.1
```

## How to fix
Fix it.

## Anchor
The record.
"""


def make_rule(code="XA001", name="xa-rule", doc=FULL_DOC, **attrs):
    body = {
        "__doc__": doc,
        "code": code,
        "name": name,
        "summary": "a test rule",
        "severity": ERROR,
        "check": lambda self, ctx: iter(()),
        **attrs,
    }
    return type(f"R{code}", (Rule,), body)


def plugin_of(*rules):
    import types

    from zonelint import hookimpl

    mod = types.ModuleType("xa_plugin")
    mod.ZONELINT_API_VERSION = 1
    mod.zonelint_rules = hookimpl(lambda: list(rules))
    return mod


# -- options -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "option,error",
    [
        (Option(int, "three", "retries"), "option 'n': default must be int, got str 'three'"),
        (Option(bool, 1, "on or off"), "option 'n': default must be bool, got int 1"),
        (Option(int, True, "a number"), "option 'n': default must be int, got bool True"),
        (Option(list, ["a", 2], "names"), "option 'n': default item must be str, got int 2"),
        (Option(list, [1, 2], "ports", item=int), None),
        (Option(dict, {"a": "b"}, "table"), None),
        (Option(dict, {"a": 1}, "table"), "option 'n': default.a must be str, got int 1"),
        (Option(dict, {"a": [1]}, "lists", item=list), None),
        (Option(float, 3, "a float accepts an int"), None),
        (Option(str, None, "not set unless configured"), None),
        (Option(set, set(), "a set"), "option 'n': type <class 'set'> is not one of int, float, str, bool, list, dict"),
        (Option(str, "x", "scalar with item", item=int), "option 'n': item <class 'int'> is not allowed"),
        (Option(str, "x", ""), "option 'n': help is missing"),
    ],
)
def test_option_declarations_are_checked(option, error):
    errors = make_rule(options={"n": option}).metadata_errors(documentation=False)
    if error is None:
        assert errors == []
    else:
        assert len(errors) == 1 and errors[0].startswith(error), errors


def test_rule_with_a_wrongly_typed_default_is_not_loaded():
    bad = make_rule(options={"retries": Option(int, "three", "how often")})
    reg = load_registry(extra_plugins=[("xa", plugin_of(bad))])
    assert "XA001" not in reg.rules
    assert any(
        "rule XA001" in m and "option 'retries': default must be int, got str 'three'" in m
        for m in reg.messages + list(reg.failed.values())
    ), (reg.messages, reg.failed)


# -- tags, summary, check ---------------------------------------------------------------------


def test_tags_must_be_a_tuple_of_strings():
    errors = make_rule(tags="xmpp").metadata_errors()
    assert errors == ["tags must be a tuple of strings, got 'xmpp' (write ('xmpp',) for one tag)"]
    assert make_rule(tags=("xmpp", 3)).metadata_errors() == ["tags must be a tuple of strings, got ('xmpp', 3)"]
    assert make_rule(tags=["xmpp", "srv"]).metadata_errors() == []
    reg = load_registry(extra_plugins=[("xa", plugin_of(make_rule(tags="xmpp")))])
    assert "XA001" not in reg.rules


def test_summary_is_one_line_and_check_is_required():
    assert make_rule(summary="two\nlines").metadata_errors() == ["summary must be one line"]
    rule = make_rule()
    del rule.check
    assert rule.metadata_errors() == ["check() is missing"]


def test_check_is_documented():
    doc = Rule.check.__doc__ or ""
    assert "RuleContext.finding" in doc and "ctx.zone" in doc and "ZL000" in doc


# -- documentation ------------------------------------------------------------------------------


@pytest.mark.parametrize("heading", ["What it checks", "Why it matters", "Example", "How to fix", "Anchor"])
def test_each_documented_heading_is_required(heading):
    doc = FULL_DOC.replace(f"## {heading}\n", "## Something else\n")
    errors = make_rule(doc=doc).metadata_errors()
    assert errors == [
        f"documentation lacks '## {heading}' (the docstring is what `zonelint explain`, the rule "
        "pages and SARIF show)"
    ]
    # loading does not refuse it (its own tests do): a user's run is not broken by a doc gap
    reg = load_registry(extra_plugins=[("xa", plugin_of(make_rule(doc=doc)))])
    assert "XA001" in reg.rules and not reg.failed


def test_empty_section_and_heading_inside_code_do_not_count():
    doc = FULL_DOC.replace("Fix it.\n", "")
    assert "'## How to fix'" in make_rule(doc=doc).metadata_errors()[0]
    doc = FULL_DOC.replace("## Anchor\nThe record.\n", "```\n## Anchor\nThe record.\n```\n")
    assert "'## Anchor'" in make_rule(doc=doc).metadata_errors()[0]
    assert "'## What it checks'" in make_rule(doc=None).metadata_errors()[0]


def test_options_section_names_every_option():
    options = {"min-ttl": Option(int, 60, "smallest"), "strict": Option(bool, False, "stricter")}
    errors = make_rule(options=options).metadata_errors()
    assert errors == [
        "documentation lacks '## Options' (the docstring is what `zonelint explain`, the rule pages "
        "and SARIF show)"
    ]
    doc = FULL_DOC + "\n## Options\n`min-ttl` (int, default 60): the smallest TTL.\n"
    assert make_rule(doc=doc, options=options).metadata_errors() == ["'## Options' does not name `strict`"]
    doc += "`strict` (bool, default false): stricter.\n"
    assert make_rule(doc=doc, options=options).metadata_errors() == []


def test_every_registered_rule_is_fully_documented():
    """Every rule of the run (built-in and the example plugin): the headings, and options named."""
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "fixtures" / "plugins" / "zonelint-example-plugin"
    sys.path.insert(0, str(example))
    try:
        import zonelint_example_plugin
    finally:
        sys.path.remove(str(example))
    reg = load_registry(extra_plugins=[("example", zonelint_example_plugin)])
    assert not reg.failed and not reg.messages, (reg.failed, reg.messages)
    rules = reg.sorted()
    assert {r.plugin for r in rules} == {"builtin", "example"}
    assert len([r for r in rules if r.plugin == "builtin"]) >= 34
    assert {r.code for r in rules if r.plugin == "example"} == {"EX001", "EX002"}
    problems = {r.code: r.metadata_errors() for r in rules if r.metadata_errors()}
    assert problems == {}


# -- explain and config errors ------------------------------------------------------------------


def test_explain_writes_defaults_as_toml(capsys):
    assert main(["explain", "ZL606"]) == 0
    out = capsys.readouterr().out
    assert "retry-below-refresh (bool, default true):" in out
    assert "True" not in out.split("Options (set in")[1]
    assert main(["explain", "ZL301"]) == 0
    out = capsys.readouterr().out
    assert 'muc-labels (list of str, default ["groupchat", "conference", "muc"]):' in out
    assert main(["explain", "ZL201"]) == 0
    assert "ports (dict of list, default {}):" in capsys.readouterr().out


def test_option_defaults_as_toml():
    assert Option(bool, False, "x").default_text() == "false"
    assert Option(str, "a.example.", "x").default_text() == '"a.example."'
    assert Option(dict, {"_sip._tcp": [5060]}, "x", item=list).default_text() == '{ "_sip._tcp" = [5060] }'
    assert Option(int, None, "x").default_text() == "(not set)"


@pytest.mark.parametrize(
    "name,text,words",
    [
        (".zonelint.toml", 'fail-on = "fatal"\n', ".zonelint.toml: 'fail-on' must be one of"),
        ("pyproject.toml", '[tool.zonelint]\nselect = "ZL1"\n', "pyproject.toml: [tool.zonelint] 'select' must be a list of strings"),
        (".zonelint.toml", "max-generate = true\n", ".zonelint.toml: 'max-generate' must be a non-negative integer"),
        (".zonelint.toml", '[rules.ZL602]\nmin-ttl = "sixty"\n', ".zonelint.toml: option rules.ZL602.min-ttl must be int"),
        ("pyproject.toml", "[tool.zonelint.rules.ZL602]\nmin-tll = 1\n", "pyproject.toml: [tool.zonelint] rule ZL602 (ttl-too-low) has no option 'min-tll'"),
        (".zonelint.toml", '[rules.ZL201]\nallow = { "_x._tcp" = [1] }\n', ".zonelint.toml: option rules.ZL201.allow._x._tcp: '_x._tcp' is not a known service"),
    ],
)
def test_config_errors_name_the_file(tmp_path, capsys, monkeypatch, name, text, words):
    (tmp_path / name).write_text(text)
    (tmp_path / "example.com.zone").write_text(
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 h 1 7200 3600 1209600 3600\n  IN NS ns1\nns1 IN A 192.0.2.1\n"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["example.com.zone"]) == 2
    err = capsys.readouterr().err
    assert f"zonelint: error: {tmp_path / name}: " in err and words.split(": ", 1)[1] in err, err
    assert err.count("\n") == 1
