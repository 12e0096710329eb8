"""The README tells the truth: its rule table is generated from the rules' own metadata, and the
test command CI runs is the one it shows."""

from __future__ import annotations

from pathlib import Path

from zonelint.ruledocs import END, START, builtin_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_rule_table_matches_rule_metadata():
    text = README.read_text(encoding="utf-8")
    table = text[text.index(START) + len(START) : text.index(END)].strip()
    assert table == builtin_table(), "README rule table is stale: run `python -m zonelint.ruledocs --write`"


def test_ci_runs_the_readme_test_command():
    ci = (README.parent / ".ci" / "run").read_text()
    assert "test-command:start" in ci and "README.md" in ci
    text = README.read_text()
    assert "<!-- test-command:start -->" in text and "pytest" in text.split("<!-- test-command:start -->")[1]


def test_readme_conformance_figure_matches_docs():
    """The conformance test keeps docs/conformance.md's figure true; the README must repeat it."""
    import re

    docs = (README.parent / "docs" / "conformance.md").read_text()
    agree, total = re.search(r"strict agreement (\d+)/(\d+) files", docs).groups()
    assert f"agrees with BIND on **{agree} of {total} files** under the\nstrict count" in README.read_text()


def test_every_cli_option_is_documented_in_the_readme():
    from zonelint.cli import build_parser

    text = README.read_text()
    missing = [
        opt
        for action in build_parser()._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt not in ("--help", "--version") and f"`{opt}" not in text
    ]
    assert missing == []
