"""End-to-end behaviour of the core through the real CLI entry point: selection and config
precedence, severity, suppression, exit codes, output formats, origin handling, graph statuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from zonelint.cli import main

HEAD = """\
$ORIGIN example.com.
$TTL 3600
@       IN SOA ns1.example.com. hostmaster.example.com. 2026010101 7200 3600 1209600 3600
        IN NS  ns1.example.com.
ns1     IN A   192.0.2.53
"""

# line 6: SRV whose target is a CNAME (ZL101); line 8: a syntax error (ZL001)
BAD = HEAD + """\
_xmpp-server._tcp IN SRV 5 0 5269 chat.example.com.
chat    IN CNAME ns1.example.com.
www     IN A 999.0.2.7
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(textwrap.dedent(text))
    return p


def run(args, cwd, capsys):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        code = main([str(a) for a in args])
    finally:
        os.chdir(old)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_output_exact_lines_and_exit_1(tmp_path, capsys):
    write(tmp_path, "example.com.zone", BAD)
    code, out, err = run(["--no-config", "--format", "text", "--select", "ZL0,ZL101", "example.com.zone"], tmp_path, capsys)
    lines = [line for line in out.splitlines() if line.startswith("example.com.zone:")]
    assert lines[0].startswith("example.com.zone:6:1: ZL101 [error] SRV target chat.example.com. is an alias")
    assert lines[1].startswith("example.com.zone:8:")
    assert " ZL001 [error] " in lines[1]
    assert code == 1
    assert "Traceback" not in err


def test_json_output_shape(tmp_path, capsys):
    write(tmp_path, "example.com.zone", BAD)
    code, out, _ = run(["--no-config", "--format", "json", "--select", "ZL101", "example.com.zone"], tmp_path, capsys)
    doc = json.loads(out)
    assert doc["findings"] == [
        {
            "code": "ZL101",
            "rule": "target-cname",
            "severity": "error",
            "message": doc["findings"][0]["message"],
            "path": "example.com.zone",
            "line": 6,
            "column": 1,
            "owner": "_xmpp-server._tcp.example.com.",
            "help": doc["findings"][0]["help"],
        }
    ]
    assert doc["summary"]["error"] == 1 and doc["summary"]["files"] == 1
    assert code == 1


def test_json_owner_null_for_parse_error(tmp_path, capsys):
    write(tmp_path, "example.com.zone", BAD)
    _, out, _ = run(["--no-config", "--format", "json", "--select", "ZL001", "example.com.zone"], tmp_path, capsys)
    (f,) = json.loads(out)["findings"]
    assert f["code"] == "ZL001" and f["line"] == 8 and f["owner"] is None


def test_rich_output_renders_table_and_summary(tmp_path, capsys):
    write(tmp_path, "example.com.zone", BAD)
    code, out, _ = run(["--no-config", "--format", "rich", "--select", "ZL101", "example.com.zone"], tmp_path, capsys)
    assert "example.com.zone" in out and "ZL101" in out and "6:1" in out
    assert "1 finding" in out and code == 1


def test_clean_zone_exits_0(tmp_path, capsys):
    write(tmp_path, "example.com.zone", HEAD)
    code, out, _ = run(["--no-config", "--format", "text", "--select", "ZL0,ZL1", "example.com.zone"], tmp_path, capsys)
    assert code == 0 and out == ""


def test_fail_on_and_exit_zero(tmp_path, capsys):
    write(tmp_path, "example.com.zone", BAD)
    args = ["--no-config", "--format", "text", "--select", "ZL101", "example.com.zone"]
    assert run(args + ["--severity", "ZL101=info"], tmp_path, capsys)[0] == 0  # info < warning
    assert run(args + ["--severity", "ZL101=info", "--fail-on", "info"], tmp_path, capsys)[0] == 1
    assert run(args + ["--exit-zero"], tmp_path, capsys)[0] == 0


def test_missing_path_exits_2_even_with_exit_zero(tmp_path, capsys):
    code, _, err = run(["--no-config", "--exit-zero", "nope.zone"], tmp_path, capsys)
    assert code == 2 and "nope.zone: no such file or directory" in err


def test_usage_errors_exit_2(tmp_path, capsys):
    assert run(["--no-config"], tmp_path, capsys)[0] == 2
    assert run(["--no-config", "--select", "ZL999", "x.zone"], tmp_path, capsys)[0] == 2
    with pytest.raises(SystemExit) as e:
        main(["--format", "xml", "x.zone"])
    assert e.value.code == 2


def test_config_unknown_key_exit_2(tmp_path, capsys):
    write(tmp_path, ".zonelint.toml", 'selec = ["ZL1"]\n')
    write(tmp_path, "example.com.zone", HEAD)
    code, _, err = run(["example.com.zone"], tmp_path, capsys)
    assert code == 2 and "unknown key 'selec'" in err


def test_config_found_walking_up_and_cli_overrides(tmp_path, capsys):
    write(tmp_path, "pyproject.toml", '[tool.zonelint]\nignore = ["ZL1"]\n')
    write(tmp_path, "zones/example.com.zone", BAD)
    sub = tmp_path / "zones"
    code, out, _ = run(["--format", "text", "example.com.zone"], sub, capsys)
    assert "ZL101" not in out and "ZL001" in out  # config ignore applies
    code, out, _ = run(["--format", "text", "--select", "ZL101", "example.com.zone"], sub, capsys)
    assert "ZL101" in out and "ZL001" not in out  # CLI select replaces config selection
    code, out, _ = run(["--format", "text", "--no-config", "example.com.zone"], sub, capsys)
    assert "ZL101" in out and "ZL001" in out


def test_dot_zonelint_toml_wins_over_pyproject(tmp_path, capsys):
    write(tmp_path, "pyproject.toml", '[tool.zonelint]\nignore = ["ZL1"]\n')
    write(tmp_path, ".zonelint.toml", 'ignore = ["ZL001"]\n')
    write(tmp_path, "example.com.zone", BAD)
    _, out, _ = run(["--format", "text", "example.com.zone"], tmp_path, capsys)
    assert "ZL101" in out and "ZL001" not in out


def test_severity_precedence_config_then_cli(tmp_path, capsys):
    write(tmp_path, ".zonelint.toml", 'severity = { ZL101 = "warning" }\n')
    write(tmp_path, "example.com.zone", BAD)
    _, out, _ = run(["--format", "text", "--select", "ZL101", "example.com.zone"], tmp_path, capsys)
    assert "ZL101 [warning]" in out
    _, out, _ = run(["--format", "text", "--select", "ZL101", "--severity", "ZL1=info", "example.com.zone"], tmp_path, capsys)
    assert "ZL101 [info]" in out


def test_prefix_selection_longest_wins(tmp_path, capsys):
    write(tmp_path, "example.com.zone", BAD)
    _, out, _ = run(["--no-config", "--format", "text", "--select", "ZL", "--ignore", "ZL1", "--extend-select", "ZL101", "example.com.zone"], tmp_path, capsys)
    assert "ZL101" in out


def test_rule_option_validation(tmp_path, capsys):
    write(tmp_path, ".zonelint.toml", "[rules.ZL101]\nbogus = 1\n")
    write(tmp_path, "example.com.zone", HEAD)
    code, _, err = run(["example.com.zone"], tmp_path, capsys)
    assert code == 2 and "has no option 'bogus'" in err


def test_noqa_suppression(tmp_path, capsys):
    text = BAD.replace("chat.example.com.\n", "chat.example.com. ; noqa: ZL101\n", 1)
    write(tmp_path, "example.com.zone", text)
    _, out, _ = run(["--no-config", "--format", "text", "--select", "ZL101", "example.com.zone"], tmp_path, capsys)
    assert "ZL101" not in out
    text = BAD.replace("chat.example.com.\n", "chat.example.com. ; noqa: ZL999\n", 1)
    write(tmp_path, "example.com.zone", text)
    _, out, _ = run(["--no-config", "--format", "text", "--select", "ZL101", "example.com.zone"], tmp_path, capsys)
    assert "ZL101" in out


def test_noqa_on_continuation_line_of_multiline_record(tmp_path, capsys):
    text = HEAD + "_xmpp-server._tcp IN SRV ( 5 0 5269\n    chat.example.com. ) ; noqa\nchat IN CNAME ns1.example.com.\n"
    write(tmp_path, "example.com.zone", text)
    _, out, _ = run(["--no-config", "--format", "text", "--select", "ZL101", "example.com.zone"], tmp_path, capsys)
    assert "ZL101" not in out


def test_noqa_line_counted_as_the_loader_counts(tmp_path, capsys):
    """A form feed or vertical tab in a comment does not end a line (str.splitlines would say it
    does, and the noqa below it would land one line off)."""
    text = BAD.replace("chat.example.com.\n", "chat.example.com. ; noqa: ZL101\n", 1)
    text = text.replace("_xmpp-server", "; page \x0c break \x0b here\n_xmpp-server", 1)
    write(tmp_path, "example.com.zone", text)
    _, out, _ = run(["--no-config", "--format", "text", "--select", "ZL101", "example.com.zone"], tmp_path, capsys)
    assert "ZL101" not in out
    text = text.replace("; noqa: ZL101", "; noqa: ZL999")
    write(tmp_path, "example.com.zone", text)
    _, out, _ = run(["--no-config", "--format", "text", "--select", "ZL101", "example.com.zone"], tmp_path, capsys)
    assert "ZL101" in out


def test_disable_file(tmp_path, capsys):
    write(tmp_path, "example.com.zone", "; zonelint: disable-file=ZL101\n" + BAD)
    _, out, _ = run(["--no-config", "--format", "text", "--select", "ZL0,ZL101", "example.com.zone"], tmp_path, capsys)
    assert "ZL101" not in out and "ZL001" in out


def test_origin_from_filename_and_flag(tmp_path, capsys):
    body = HEAD.replace("$ORIGIN example.com.\n", "")
    write(tmp_path, "db.example.com", body + "_sip._tls IN SRV 0 0 443 alias\nalias IN CNAME ns1\n")
    _, out, _ = run(["--no-config", "--format", "text", "--select", "ZL101", "db.example.com"], tmp_path, capsys)
    assert "db.example.com:5:1: ZL101" in out
    write(tmp_path, "zonefile", body + "_sip._tls IN SRV 0 0 443 alias\nalias IN CNAME ns1\n")
    code, out, _ = run(["--no-config", "--format", "text", "zonefile"], tmp_path, capsys)
    assert "ZL006" in out and code == 1
    code, out, _ = run(["--no-config", "--format", "text", "--select", "ZL101", "--origin", "example.com.", "zonefile"], tmp_path, capsys)
    assert "zonefile:5:1: ZL101" in out


def test_cross_zone_target_statuses(tmp_path):
    from zonelint.graph import ABSENT, PRESENT, ROOT_TARGET, UNKNOWN, RecordGraph, Zone
    from zonelint.load import LoadOptions
    from zonelint.load.reader import load_zone

    a = write(tmp_path, "example.com.zone", HEAD + "sub IN NS ns.other.net.\n")
    b = write(
        tmp_path,
        "example.net.zone",
        HEAD.replace("example.com.", "example.net.") + "host IN A 192.0.2.9\n",
    )
    opts = LoadOptions(lint_root=str(tmp_path), cwd=str(tmp_path))
    graph = RecordGraph()
    for p in (a, b):
        lz = load_zone(str(p), p.name, None, opts)
        graph.add_zone(Zone(lz.origin, lz.file, lz.records, lz.problems, lz.files))
    assert graph.target_status("host.example.net.") == PRESENT
    assert graph.target_status("HOST.Example.NET.") == PRESENT
    assert graph.target_status("nothere.example.net.") == ABSENT
    assert graph.target_status("www.example.org.") == UNKNOWN
    assert graph.target_status("x.sub.example.com.") == UNKNOWN  # delegated to a zone not loaded
    assert graph.target_status(".") == ROOT_TARGET
    assert graph.zone_for("a.b.example.net.").origin == "example.net."
    assert graph.has_address("ns1.example.com.") and not graph.has_address("example.com.")


def test_cross_zone_cname_in_other_file(tmp_path, capsys):
    write(tmp_path, "example.com.zone", HEAD + "_xmpp-server._tcp IN SRV 5 0 5269 xmpp.example.net.\n")
    write(tmp_path, "example.net.zone", HEAD.replace("example.com.", "example.net.") + "xmpp IN CNAME ns1\n")
    _, out, _ = run(["--no-config", "--format", "text", "--select", "ZL101", "."], tmp_path, capsys)
    assert "example.com.zone:6:1: ZL101" in out


def test_included_file_not_linted_standalone(tmp_path, capsys):
    write(tmp_path, "example.com.zone", HEAD + "$INCLUDE inc.db\n")
    write(tmp_path, "inc.db", "_sip._tls IN SRV 0 0 443 alias\nalias IN CNAME ns1\n")
    _, out, _ = run(["--no-config", "--format", "text", "--select", "ZL0,ZL101", "."], tmp_path, capsys)
    assert out.splitlines()[0].startswith("inc.db:1:1: ZL101")
    assert "ZL006" not in out


def test_rules_and_explain_commands(capsys):
    assert main(["rules", "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "ZL101  target-cname" in out and "ZL001" in out
    assert main(["explain", "ZL101"]) == 0
    out = capsys.readouterr().out
    assert "RFC 2782" in out and "## How to fix" in out
    assert main(["explain", "target-cname"]) == 0
    assert main(["explain", "ZL999"]) == 2


def test_rule_crash_is_zl000_and_others_run(tmp_path, capsys):
    import types

    from zonelint import Rule, hookimpl
    from zonelint.testing import lint_text

    class Boom(Rule):
        code = "XB001"
        name = "boom"
        summary = "always crashes"

        def check(self, ctx):
            raise RuntimeError("kaboom")

    plugin = types.SimpleNamespace(ZONELINT_API_VERSION=1, zonelint_rules=hookimpl(lambda: [Boom]))
    findings = lint_text(BAD, tmp_path=tmp_path, plugins=[("boomplugin", plugin)])
    codes = {f.code for f in findings}
    assert "ZL000" in codes and "ZL101" in codes
    (zl000,) = [f for f in findings if f.code == "ZL000"]
    assert "XB001" in zl000.message and "boomplugin" in zl000.message and "example.com.zone" in zl000.message


def test_no_traceback_via_subprocess(tmp_path):
    write(tmp_path, "example.com.zone", BAD)
    r = subprocess.run(
        [sys.executable, "-m", "zonelint", "--no-config", "example.com.zone"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "example.com.zone:6:1: ZL101 [error]" in r.stdout  # not a tty: text is the default
