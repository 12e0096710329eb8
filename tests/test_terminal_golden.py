"""Golden renders of the default output (``--format rich``, colour off) at 80 and 120 columns,
compared exactly, and the captures of it in the README and docs/output.md.

The renders are stored under ``tests/golden/``. When the output changes on purpose (a rule's
message or help reworded, the layout improved), regenerate them and the README's captures with

    ZONELINT_REGEN_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_terminal_golden.py

and review the diff.
"""

from __future__ import annotations

import os
import re

import pytest

from conftest import REPO
from zonelint.cli import main

GOLDEN = REPO / "tests" / "golden"
README = REPO / "README.md"
REGEN = "ZONELINT_REGEN_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_terminal_golden.py"
#: name -> the zone rendered (relative to the repository)
ZONES = {"example": "examples/example.com.zone", "layout": "tests/data/render/example.net.zone"}
WIDTHS = (80, 120)
#: the README's two captures: the first screen (the first two findings and the summary) and
#: the "Output formats" section (the whole render at 80 columns)
SHORT = ("<!-- capture:short:start -->", "<!-- capture:short:end -->")
FULL = ("<!-- capture:full:start -->", "<!-- capture:full:end -->")
#: docs/output.md's capture of the layout zone at 80 columns
DOCS = REPO / "docs" / "output.md"
LAYOUT = ("<!-- capture:layout:start -->", "<!-- capture:layout:end -->")


def _render(zone: str, columns: int, capsys, monkeypatch) -> str:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", str(columns))
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    capsys.readouterr()
    main(["--no-config", "--no-progress", "--format", "rich", "--color", "never", zone])
    return capsys.readouterr().out


def _regen() -> bool:
    return os.environ.get("ZONELINT_REGEN_GOLDEN") == "1"


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("name", sorted(ZONES))
def test_golden_render(name, columns, capsys, monkeypatch):
    out = _render(ZONES[name], columns, capsys, monkeypatch)
    path = GOLDEN / f"rich-{name}-{columns}.txt"
    if _regen():
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run {REGEN}"
    assert out == path.read_text(encoding="utf-8"), f"the default output changed: review, then run {REGEN}"
    assert "\x1b" not in out and all(len(line) <= columns for line in out.splitlines())


def _short(render: str) -> str:
    """The first two findings and the summary line of a render."""
    blocks = render.rstrip("\n").split("\n\n")
    return "\n\n".join(blocks[:2]) + "\n\n…\n\n" + blocks[-1]


def _fenced(command: str, text: str) -> str:
    return f"\n```console\n$ {command}\n{text.rstrip()}\n```\n"


def _between(text: str, marks: tuple[str, str]) -> str:
    start, end = marks
    return text[text.index(start) + len(start) : text.index(end)]


def test_readme_shows_a_real_capture(capsys, monkeypatch):
    render = _render(ZONES["example"], 80, capsys, monkeypatch)
    want = {
        SHORT: _fenced("zonelint examples/example.com.zone", _short(render)),
        FULL: _fenced("zonelint examples/example.com.zone", render),
    }
    text = README.read_text(encoding="utf-8")
    if _regen():
        for (start, end), body in want.items():
            text = text[: text.index(start) + len(start)] + body + text[text.index(end) :]
        README.write_text(text, encoding="utf-8")
    for marks, body in want.items():
        assert _between(text, marks) == body, f"README capture is stale: run {REGEN}"
    # the first screen: the capture comes before the first section
    assert text.index(SHORT[0]) < text.index("\n## ")
    # the first line of a finding: path:line:col: CODE message (the severity is the code's colour)
    assert re.search(r"^examples/example\.com\.zone:18:1: ZL101 SRV target chat\.example\.com\. is an alias$", render, re.M)
    assert "[error]" not in render and "[warning]" not in render and "[info]" not in render


def test_docs_show_a_real_capture(capsys, monkeypatch):
    render = _render(ZONES["layout"], 80, capsys, monkeypatch)
    body = _fenced(f"zonelint {ZONES['layout']}", render)
    text = DOCS.read_text(encoding="utf-8")
    start, end = LAYOUT
    if _regen():
        text = text[: text.index(start) + len(start)] + body + text[text.index(end) :]
        DOCS.write_text(text, encoding="utf-8")
    assert _between(text, LAYOUT) == body, f"docs/output.md capture is stale: run {REGEN}"
