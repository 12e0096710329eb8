"""The default terminal output (``--format rich``), ``--format table``, ``--color``, ``-q``,
``--statistics`` and the summaries (issue 16.2 and the display half of 16.5).

Every run goes through the CLI (``zonelint.cli.main``) with standard output captured; rich then
renders to a non-terminal at ``COLUMNS`` columns, which is what a terminal of that width shows.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import REPO
from zonelint.cli import build_parser, main
from zonelint.report import render as render_to

RENDER = REPO / "tests" / "data" / "render"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _cli(args, cwd, capsys, monkeypatch, columns=80, env=None):
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("COLUMNS", str(columns))
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for k, v in (env or {}).items():
        monkeypatch.setenv(k, v)
    code = main(["--no-config", "--no-progress", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _findings(args, cwd, capsys, monkeypatch):
    code, out, _ = _cli(["--format", "json", *args], cwd, capsys, monkeypatch)
    return json.loads(out)["findings"]


@pytest.fixture
def zones(tmp_path):
    """The bundled example, the layout zone, and a copy of the example under a long folder path."""
    shutil.copy(REPO / "examples" / "example.com.zone", tmp_path / "example.com.zone")
    shutil.copy(RENDER / "example.net.zone", tmp_path / "example.net.zone")
    deep = tmp_path / "zones" / "production-eu-west" / "customer-facing" / "messaging"
    deep.mkdir(parents=True)
    shutil.copy(REPO / "examples" / "example.com.zone", deep / "example.com.zone")
    return tmp_path


def _block_of(out: str, location: str) -> list[str]:
    """The lines of the finding whose first line starts with ``location`` (up to the blank line)."""
    lines = out.splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith(location if " " in location else location + " "))
    j = lines.index("", i)
    return lines[i:j]


def test_at_80_columns_every_location_is_whole_and_no_word_is_cut(zones, capsys, monkeypatch):
    args = ["example.com.zone", "example.net.zone", "zones"]
    findings = _findings(args, zones, capsys, monkeypatch)
    assert len(findings) > 15
    code, out, _ = _cli(["--format", "rich", "--color", "never", *args], zones, capsys, monkeypatch)
    assert code == 1
    lines = out.splitlines()
    for line in lines:
        assert cell_len(line) <= 80, line
    for f in findings:
        location = f"{f['path']}:{f['line']}:{f['column']}:"
        assert len(location) < 80
        assert any(line.startswith(location + " ") for line in lines), location
        block = _block_of(out, f"{location} {f['code']}")
        text = "\n".join(block)
        for word in f["message"].split() + (f["help"] or "").split():
            if cell_len(word) < 80:
                assert any(word in line for line in block), (word, text)
    # the long folder path is shown whole, relative to the current directory
    assert "zones/production-eu-west/customer-facing/messaging/example.com.zone:18:1: ZL101\nSRV target " in out


def test_the_record_lines_are_shown_with_a_caret_under_the_column(zones, capsys, monkeypatch):
    _, out, _ = _cli(["--format", "rich", "--color", "never", "example.net.zone"], zones, capsys, monkeypatch)
    # a bad token after tabs: the caret lines up under it, the whole token underlined
    block = _block_of(out, "example.net.zone:14:11:")
    src = next(i for i, line in enumerate(block) if line.startswith("14 | "))
    assert block[src] == "14 | www             IN A    192.0.2.300"
    assert block[src + 1] == "   |" + " " * (block[src].index("192.0.2.300") - 4) + "^" * len("192.0.2.300")
    # a parenthesised SOA: every line of the record, the caret under its first token
    block = _block_of(out, "example.net.zone:6:1:")
    numbered = [line for line in block if re.match(r"^ ?\d+ \| ", line)]
    assert [line.split(" | ")[0].strip() for line in numbered] == ["6", "7", "8", "9", "10", "11"]
    assert numbered[0] == " 6 | @       IN SOA ns1.example.net. hostmaster.example.net. ("
    assert numbered[3] == " 9 |                 9000       ; retry: longer than refresh"
    assert block[block.index(numbered[0]) + 1] == "   | ^"


def test_a_long_record_is_cut_and_a_far_column_stays_in_view(zones, capsys, monkeypatch):
    _, out, _ = _cli(["--format", "rich", "--color", "never", "--select", "ZL001", "example.net.zone"], zones, capsys, monkeypatch)
    block = _block_of(out, "example.net.zone:15:95:")  # the extra token after column 80
    src = next(i for i, line in enumerate(block) if line.startswith("15 | "))
    shown, caret = block[src], block[src + 1]
    assert shown.startswith("15 | …") and cell_len(shown) <= 80
    at = caret.index("^")
    assert shown[at:].startswith("192.0.2.2") and caret[at:] == "^" * len("192.0.2.2")


def test_a_record_of_many_lines_shows_six_and_says_how_many_more(tmp_path, capsys, monkeypatch):
    body = "".join(f'  "part {i}"\n' for i in range(12))
    (tmp_path / "example.org.zone").write_text(
        "$ORIGIN example.org.\n$TTL 3600\n@ IN SOA ns1 host 1 7200 3600 1209600 300\n@ IN NS ns1\n"
        f"ns1 IN A 192.0.2.1\nbig 0 IN TXT (\n{body})\n"
    )
    _, out, _ = _cli(["--format", "rich", "--color", "never", "--select", "ZL602", "example.org.zone"], tmp_path, capsys, monkeypatch)
    block = _block_of(out, "example.org.zone:6:1:")
    numbered = [line for line in block if re.match(r"^ ?\d+ \| ", line)]
    assert [line.split(" | ")[0].strip() for line in numbered] == [str(n) for n in range(6, 12)]
    assert block[block.index(numbered[-1]) + 1] == "   | … 8 more lines of this record"


def test_zone_text_is_escaped_and_never_markup(zones, capsys, monkeypatch):
    for color in ("never", "always"):
        _, out, _ = _cli(["--format", "rich", "--color", color, "example.net.zone"], zones, capsys, monkeypatch)
        plain = ANSI.sub("", out)
        assert '16 | [bold]markup    0 IN TXT "[red]not markup[/red]"' in plain
        assert '17 | esc\\226\\128\\174 0 IN TXT "\\027[31mred\\007"' in plain
        for c in ANSI.sub("", out):
            o = ord(c)
            assert c == "\n" or not (o < 0x20 or 0x7F <= o <= 0x9F or 0x202A <= o <= 0x202E), repr(c)


def test_help_is_shown_under_the_record_when_the_rule_gives_one(tmp_path):
    from zonelint.model import Finding
    from zonelint.report.rich_format import finding_fragments, plain

    def finding_text(*args):
        return plain(finding_fragments(*args))

    f = Finding("ZL999", "x-rule", "warning", "short diagnosis", "a.zone", 3, 1, None, help="do this (RFC 1)")
    text = finding_text(f, ["www IN A 192.0.2.1"], 80)
    assert text.splitlines() == [
        "a.zone:3:1: ZL999 short diagnosis",
        "  |",
        "3 | www IN A 192.0.2.1",
        "  | ^^^",
        "help: do this (RFC 1)",
    ]
    long = f.replace(message="short diagnosis that wraps", help="word " * 30 + "(RFC 2782)")
    lines = finding_text(long, [], 40).splitlines()
    assert lines[:2] == ["a.zone:3:1: ZL999 short diagnosis that", "wraps"]
    assert lines[2].startswith("help: word") and all(line.startswith("      word") for line in lines[3:])
    assert all(cell_len(line) <= 40 for line in lines) and lines[-1].endswith("(RFC 2782)")


@pytest.mark.parametrize("fmt", ["rich", "table"])
def test_color(zones, capsys, monkeypatch, fmt):
    args = ["--format", fmt, "example.com.zone"]
    assert "\x1b[" not in _cli(args, zones, capsys, monkeypatch)[1]  # auto, not a terminal
    assert "\x1b[" not in _cli([*args, "--color", "never"], zones, capsys, monkeypatch, env={"FORCE_COLOR": "1"})[1]
    assert "\x1b[1;31m" in _cli([*args, "--color", "always"], zones, capsys, monkeypatch)[1]
    assert "\x1b[1;31m" in _cli(args, zones, capsys, monkeypatch, env={"FORCE_COLOR": "1"})[1]
    # NO_COLOR: no colour (bold may stay, as no-color.org allows); --color always overrides it
    out = _cli(args, zones, capsys, monkeypatch, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})[1]
    assert "\x1b[" in out and not re.search(r"\x1b\[[0-9;]*3[0-7]", out)
    assert "\x1b[1;31m" in _cli([*args, "--color", "always"], zones, capsys, monkeypatch, env={"NO_COLOR": "1"})[1]


def test_summary_plurals(tmp_path, capsys, monkeypatch):
    zone = "$ORIGIN {o}\n$TTL 3600\n@ IN SOA ns1 host 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n"
    (tmp_path / "a.example.zone").write_text(zone.format(o="a.example.") + "www 0 IN A 192.0.2.1\n")
    (tmp_path / "b.example.zone").write_text(zone.format(o="b.example.") + "www 0 IN A 192.0.2.1\nw2 0 IN A 192.0.2.1\n")
    one = ["--select", "ZL602", "a.example.zone"]
    _, out, _ = _cli(["--format", "rich", *one], tmp_path, capsys, monkeypatch)
    assert out.splitlines()[-1] == "Found 1 finding in 1 file (4 records): 0 errors, 1 warning, 0 info."
    _, out, _ = _cli(["--format", "text", *one], tmp_path, capsys, monkeypatch)
    assert out.splitlines()[-1] == "Found 1 finding (0 errors, 1 warning, 0 info) in 1 file."
    both = ["--select", "ZL602", "--severity", "ZL602=error", "a.example.zone", "b.example.zone"]
    _, out, _ = _cli(["--format", "rich", *both], tmp_path, capsys, monkeypatch)
    assert out.splitlines()[-1] == "Found 3 findings in 2 files (9 records): 3 errors, 0 warnings, 0 info."
    _, out, _ = _cli(["--format", "text", *both], tmp_path, capsys, monkeypatch)
    assert out.splitlines()[-1] == "Found 3 findings (3 errors, 0 warnings, 0 info) in 2 files."
    _, out, _ = _cli(["--format", "rich", "--select", "ZL101", "a.example.zone"], tmp_path, capsys, monkeypatch)
    assert out == "No findings in 1 file (4 records).\n"


#: two targets written without their trailing dot (ZL105, each fixable) and a
#: $GENERATE-made one (ZL105 with no fix: the line is no record to edit)
FIXABLE_ZONE = (
    "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 host 1 7200 3600 1209600 300\n@ IN NS ns1\n"
    "ns1 IN A 192.0.2.1\nxmpp IN A 192.0.2.2\n"
    "_xmpp-client._tcp IN SRV 5 0 5222 xmpp.example.com\n"
    "_xmpp-server._tcp IN SRV 5 0 5269 xmpp.example.com\n"
    "$GENERATE 1-1 w$ CNAME xmpp.example.com\n"
)


def _report_with_fixes(tmp_path, monkeypatch):
    from zonelint.config import Config
    from zonelint.plugins import load_registry
    from zonelint.runner import RunOptions, lint
    from zonelint.selection import SelectionLevel

    (tmp_path / "example.com.zone").write_text(FIXABLE_ZONE)
    monkeypatch.chdir(tmp_path)
    opts = RunOptions(paths=["example.com.zone"], select=SelectionLevel(["ZL105"]), cwd=str(tmp_path))
    report = lint(opts, Config(root=str(tmp_path)), load_registry())
    assert [(f.code, f.line) for f in report.findings] == [("ZL105", 7), ("ZL105", 8), ("ZL105", 9)]
    return report


@pytest.mark.parametrize("fmt", ["rich", "table", "text"])
def test_fix_hint_counts_the_findings_with_a_fix(tmp_path, monkeypatch, fmt):
    report = _report_with_fixes(tmp_path, monkeypatch)
    from zonelint.report import MODULES
    import importlib

    module = importlib.import_module(MODULES[fmt], "zonelint.report")
    buf = io.StringIO()
    module.render(report, buf, fix_hint=True)
    assert "2 fixable with `--fix`." in buf.getvalue().splitlines()
    if fmt == "rich":
        firsts = [line for line in buf.getvalue().splitlines() if line.startswith("example.com.zone:")]
        assert [line.split(" ", 3)[1:3] for line in firsts] == [["ZL105", "[*]"], ["ZL105", "[*]"], ["ZL105", "CNAME"]]
    elif fmt == "table":
        assert buf.getvalue().count("ZL105 [*]") == 2
    buf = io.StringIO()
    module.render(report, buf)
    assert "fixable" not in buf.getvalue() and "[*]" not in buf.getvalue()
    buf = io.StringIO()
    module.render(report, buf, fix_hint=True, quiet=True)
    assert "fixable" not in buf.getvalue()


def test_the_cli_hints_at_fix_only_when_it_has_a_fix_option(tmp_path, capsys, monkeypatch):
    report = _report_with_fixes(tmp_path, monkeypatch)
    import zonelint.runner

    monkeypatch.setattr(zonelint.runner, "lint", lambda *a, **k: report)
    has_fix = any("--fix" in a.option_strings for a in build_parser()._actions)
    for fmt in ("rich", "text"):
        _, out, _ = _cli(["--format", fmt, "example.com.zone"], tmp_path, capsys, monkeypatch)
        assert ("2 fixable with `--fix`." in out) == has_fix, out


def test_statistics(zones, capsys, monkeypatch):
    args = ["--statistics", "example.com.zone", "example.net.zone"]
    findings = _findings(args[1:], zones, capsys, monkeypatch)
    counts: dict[str, int] = {}
    for f in findings:
        counts[f["code"]] = counts.get(f["code"], 0) + 1
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    assert expected[0] == ("ZL201", 2) or expected[0][1] >= 2
    _, out, _ = _cli(["--format", "text", *args], zones, capsys, monkeypatch)
    rows = out.splitlines()
    assert [tuple(r.split()[:2]) for r in rows[:-1]] == [(str(n), code) for code, n in expected]
    assert rows[0].split()[2] == next(f["rule"] for f in findings if f["code"] == expected[0][0])
    assert rows[-1].startswith(f"Found {len(findings)} findings")
    _, out, _ = _cli(["--format", "rich", "--color", "never", *args], zones, capsys, monkeypatch)
    assert [tuple(r.split()[:2]) for r in out.splitlines()[:-1]] == [(str(n), code) for code, n in expected]
    _, out, _ = _cli(["--format", "json", *args], zones, capsys, monkeypatch)
    doc = json.loads(out)
    assert len(doc["findings"]) == len(findings)
    assert [(s["code"], s["count"]) for s in doc["statistics"]] == expected
    assert all(set(s) == {"count", "code", "rule", "fixable"} and s["fixable"] == 0 for s in doc["statistics"])
    _, out, _ = _cli(["--format", "json", *args[1:]], zones, capsys, monkeypatch)
    assert "statistics" not in json.loads(out)
    _, out, _ = _cli(["--format", "text", "-q", *args], zones, capsys, monkeypatch)
    assert len(out.splitlines()) == len(expected)


@pytest.mark.parametrize("fmt", ["rich", "table", "text"])
def test_quiet_prints_only_the_findings(zones, capsys, monkeypatch, fmt):
    code, out, err = _cli(["--format", fmt, "-q", "example.com.zone"], zones, capsys, monkeypatch)
    assert code == 1 and "ZL101" in out and "Found" not in out and err == ""
    code, out, _ = _cli(["--format", fmt, "--quiet", "--select", "ZL3", "--ignore", "ZL3", "example.com.zone"], zones, capsys, monkeypatch)
    assert out.strip() == "" or fmt == "table"


def test_table_gives_the_message_the_rest_of_the_width(zones, capsys, monkeypatch):
    findings = _findings(["example.com.zone"], zones, capsys, monkeypatch)
    _, out, _ = _cli(["--format", "table", "--color", "never", "example.com.zone"], zones, capsys, monkeypatch)
    lines = out.splitlines()
    header = next(line for line in lines if "owner / message" in line)
    start = header.index("owner / message")
    assert 80 - start >= 45, header
    assert all(cell_len(line) <= 80 for line in lines)
    cells = " ".join(line[start:] for line in lines)
    for f in findings:
        for word in f["message"].split():
            assert word in cells, word
        assert f"{f['line']}:{f['column']}" in out


TABLE_ZONE = (
    "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 host 1 7200 3600 1209600 300\n@ IN NS ns1\n"
    "ns1 IN A 192.0.2.1\nwww 0 IN A 192.0.2.2\n"
)


def test_table_layout(tmp_path, capsys, monkeypatch):
    """The exact look of a table (``box.SIMPLE_HEAD``'s, as rich drew it): the title, a blank
    line, the bold header and its rule, each row followed by a blank line, then the summary;
    continuation lines start at the message column."""
    (tmp_path / "example.com.zone").write_text(TABLE_ZONE)
    args = ["--format", "table", "--select", "ZL602", "example.com.zone"]
    _, out, _ = _cli([*args, "--color", "never"], tmp_path, capsys, monkeypatch, columns=60)
    assert out.splitlines() == [
        "example.com.zone",
        "",
        " line:col   code    severity   owner / message",
        " " + "─" * 58,
        "      6:1   ZL602   warning    www.example.com.",
        "                               www.example.com. A has TTL",
        "                               0: resolvers may not cache",
        "                               it at all",
        "                               help: Use at least 60: with",
        "                               TTL 0 every lookup reaches",
        "                               your servers (RFC 1035",
        "                               §3.2.1).",
        "",
        "Found 1 finding in 1 file (4 records): 0 errors, 1 warning, 0 info.",
    ]
    _, coloured, _ = _cli([*args, "--color", "always"], tmp_path, capsys, monkeypatch, columns=60)
    assert ANSI.sub("", coloured) == out
    first = next(line for line in coloured.splitlines() if "ZL602" in line)
    assert "\x1b[33mZL602\x1b[0m" in first and "\x1b[33mwarning\x1b[0m" in first  # the severity's colour
    assert "\x1b[2mwww.example.com.\x1b[0m" in first  # the owner, dim


def test_table_folds_a_word_wider_than_its_column_and_escapes_markup(tmp_path, capsys, monkeypatch):
    """An owner longer than the message column is folded inside the column (the table keeps its
    shape, every line within the console); ``[bold]`` from the zone is shown as written."""
    label = "x" * 57  # with "[bold]", a label of 63 octets (the most there is)
    zone = TABLE_ZONE + f"[bold]{label} 0 IN A 192.0.2.3\n"
    (tmp_path / "example.com.zone").write_text(zone)
    args = ["--format", "table", "--select", "ZL602", "example.com.zone"]
    for color in ("never", "always"):
        _, out, _ = _cli([*args, "--color", color], tmp_path, capsys, monkeypatch, columns=80)
        assert ("\x1b[" in out) == (color == "always")
        lines = ANSI.sub("", out).splitlines()
        assert all(cell_len(line) <= 80 for line in lines), lines
        start = next(line for line in lines if "owner / message" in line).index("owner / message")
        assert all(line[:start].strip() == "" for line in lines if line.startswith(" " * 20))
        cells = "".join(line[start:] for line in lines if line[start:start + 1].strip())
        assert f"[bold]{label}.example.com." in cells and "[bold]" in out


def test_source_outside_the_lint_root_is_not_shown(tmp_path, capsys, monkeypatch):
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.inc").write_text("secret 0 IN A 192.0.2.99 ; SECRET-TEXT\n")
    (root / "example.com.zone").write_text(
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 host 1 7200 3600 1209600 300\n@ IN NS ns1\n"
        f"ns1 IN A 192.0.2.1\n$INCLUDE {outside / 'secret.inc'}\n"
    )
    code, out, _ = _cli(["--format", "rich", "--allow-include-outside", "--select", "ZL602", "example.com.zone"], root, capsys, monkeypatch)
    assert "secret.inc:1:1:\nZL602 secret.example.com. A has TTL 0" in out, out
    assert "SECRET-TEXT" not in out and " | " not in out


def test_text_statistics_and_quiet_never_import_rich(tmp_path):
    import subprocess

    shutil.copy(REPO / "examples" / "example.com.zone", tmp_path / "example.com.zone")
    code = (
        "import sys\nfrom zonelint.cli import main\n"
        "main(['--no-config', '--format', 'text', '--statistics', '-q', 'example.com.zone'])\n"
        "assert 'rich' not in sys.modules, 'rich imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_a_served_finding_is_located_by_uri_owner_and_type(tmp_path):
    from zonelint.model import Finding, SourceFile
    from zonelint.report.rich_format import finding_fragments, plain

    served = SourceFile("axfr://192.0.2.53/example.com.", "axfr://192.0.2.53/example.com.", uri="axfr://192.0.2.53/example.com.")
    f = Finding("ZL602", "ttl-too-low", "warning", "TTL 0", "axfr://192.0.2.53/example.com.", 0, 0, "www.example.com.", file=served, help="use 60")
    assert plain(finding_fragments(f, [], 80)).splitlines() == [
        "axfr://192.0.2.53/example.com.: www.example.com.: ZL602 TTL 0",
        "help: use 60",
    ]


def test_the_fast_wrap_gives_the_lines_of_the_word_by_word_wrap():
    import random

    from zonelint.report.rich_format import _words, plain, wrap, wrap_text

    rng = random.Random(16)
    for _ in range(3000):
        words = [rng.choice("abcdefghij") * rng.choice([1, 2, 3, 5, 8, 13, 30, 90]) for _ in range(rng.randint(1, 25))]
        text = " ".join(words)
        head = [(rng.choice(["x", "path/to/zone:12:3:", "L" * 70]), "bold"), ("ZL101", "red")][: rng.randint(0, 2)]
        width, indent = rng.randint(10, 130), rng.choice([0, 2, 6])
        assert plain(wrap_text(head, text, width, indent)) == plain(wrap(head + _words(text), width, indent)), (head, text, width, indent)
