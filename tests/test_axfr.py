"""``axfr://SERVER[:PORT]/ZONE`` sources (issue 18, items 1 and 6): a zone transferred from a real
server (knotd, ``tests/knotserver.py``) is linted like a file, located by URI, owner and type in
every format; TSIG; ``--context axfr://``; ``-j``; every failure is one line and exit 2 while the
other sources are still linted. Only loopback is contacted."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fakedns import FakeDns
from zonelint.cli import main

SERVED = Path(__file__).resolve().parent / "data" / "served"
ZL101_OWNER = "_xmpp-client._tcp.example.com."


def run(capsys, *argv):
    code = main(["--no-config", "--no-progress", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def lines_of(text):
    return [ln for ln in text.splitlines() if ln and not ln.startswith("Found ")]


# -- the source, every format ---------------------------------------------------------------------


def test_text_locates_by_uri_owner_and_type(knot, capsys):
    uri = knot.uri("example.com")
    code, out, err = run(capsys, "--format", "text", uri)
    assert code == 1 and err == ""
    assert lines_of(out) == [
        f"{uri}: {ZL101_OWNER} SRV: ZL101 [error] SRV target alias.example.com. is an alias "
        "(CNAME at alias.example.com.)"
    ]
    code, out, _ = run(capsys, "--format", "text", "--show-help", uri)
    assert f"{uri} alias.example.com. CNAME" in out.splitlines()[1]  # the help names the served record


def test_json_has_no_line_and_names_the_source(knot, capsys):
    uri = knot.uri("example.com")
    code, out, _ = run(capsys, "--format", "json", uri)
    (f,) = json.loads(out)["findings"]
    assert code == 1
    assert (f["code"], f["line"], f["column"], f["source"], f["owner"], f["type"]) == (
        "ZL101", None, None, uri, ZL101_OWNER, "SRV")


def test_sarif_logical_location_only(knot, capsys):
    import jsonschema

    uri = knot.uri("example.com")
    code, out, _ = run(capsys, "--format", "sarif", uri)
    doc = json.loads(out)
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(doc, schema)
    (result,) = doc["runs"][0]["results"]
    (location,) = result["locations"]
    assert "physicalLocation" not in location
    assert location["logicalLocations"] == [
        {"name": f"{ZL101_OWNER} SRV", "fullyQualifiedName": f"{uri}: {ZL101_OWNER} SRV", "kind": "resource"}]
    assert "artifacts" not in doc["runs"][0]


def test_gitlab_gets_the_uri_and_line_one(knot, capsys):
    uri = knot.uri("example.com")
    _, out, _ = run(capsys, "--format", "gitlab", uri)
    (issue,) = json.loads(out)
    assert issue["location"] == {"path": uri, "lines": {"begin": 1, "end": 1}}
    assert issue["check_name"] == "ZL101" and uri in issue["description"]


def test_github_annotation_names_the_source_without_a_file(knot, capsys):
    uri = knot.uri("example.com")
    _, out, _ = run(capsys, "--format", "github", uri)
    (line,) = [ln for ln in out.splitlines() if ln.startswith("::error")]
    assert "file=" not in line and f"{uri}: {ZL101_OWNER} SRV: SRV target" in line


def test_served_zone_reports_what_the_file_reports_for_the_served_data_rules(knot, capsys):
    """The fixture file and the same zone transferred: the same codes and owners for every
    rule that judges served data."""
    from zonelint.plugins import load_registry

    file_only = {c.code for c in load_registry().sorted() if not c.judges_served_data}
    _, out, _ = run(capsys, "--format", "json", "--select", "ALL", str(SERVED / "example.com.zone"))
    from_file = {(f["code"], f["owner"]) for f in json.loads(out)["findings"] if f["code"] not in file_only}
    _, out, _ = run(capsys, "--format", "json", "--select", "ALL", knot.uri("example.com"))
    served = {(f["code"], f["owner"]) for f in json.loads(out)["findings"]}
    assert served == from_file and ("ZL101", ZL101_OWNER) in served


def test_ipv6_and_host_name_servers(knot, capsys):
    if not knot.ipv6:
        pytest.skip("no ::1 on this machine: the IPv6 form is not testable here")
    for uri in (knot.uri("example.com", ipv6=True), f"axfr://localhost:{knot.port}/example.com."):
        code, out, err = run(capsys, "--format", "text", uri)
        assert code == 1 and err == "", (uri, err)
        assert lines_of(out)[0].startswith(f"{uri}: {ZL101_OWNER} SRV: ZL101"), out


# -- the graph: cross-zone in both directions, --context ------------------------------------------

POINTING = """$ORIGIN other.test.
$TTL 3600
@ IN SOA ns1 host 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 192.0.2.2
_xmpp-server._tcp IN SRV 5 0 5269 alias.example.com.
"""


def test_context_axfr_judges_a_file_against_the_served_zone(knot, tmp_path, capsys, monkeypatch):
    (tmp_path / "other.test.zone").write_text(POINTING)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--format", "text", "--context", knot.uri("example.com"), "other.test.zone")
    assert code == 1 and err == ""
    # the file's SRV points at a CNAME the server serves; the context zone itself is not reported
    assert [ln.split(": ZL")[0] + " ZL" + ln.split(": ZL")[1][:3] for ln in lines_of(out)] == [
        "other.test.zone:6:1 ZL101"]
    code, out, _ = run(capsys, "--format", "text", "other.test.zone")
    assert code == 0, out  # without the served zone the target is out of the run: not judged


def test_served_zone_is_judged_against_a_file_zone_of_the_run(knot, tmp_path, capsys, monkeypatch):
    """A served SRV whose target lies in a file of the run: judged against that file (ZL103:
    the target has no address there), located by URI, owner and type."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "target.test.zone").write_text(
        "$ORIGIN target.test.\n$TTL 300\n@ IN SOA ns1 host 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.7\n"
        "xmpp IN TXT \"no address here\"\n")
    uri = knot.uri("pointer.test")
    code, out, _ = run(capsys, "--format", "text", "--select", "ZL103", uri)
    assert code == 0 and out == ""  # the target is outside the run: not judged
    code, out, _ = run(capsys, "--format", "text", "--select", "ZL103", uri, "--context", "target.test.zone")
    assert code == 1
    assert [ln.split(" [")[0] for ln in lines_of(out)] == [f"{uri}: _xmpp-server._tcp.pointer.test. SRV: ZL103"]


# -- TSIG -----------------------------------------------------------------------------------------


def test_tsig_zone_transfers_only_with_the_key(knot, tmp_path, capsys):
    uri = knot.uri("tsig.test")
    code, out, err = run(capsys, "--format", "text", uri)
    assert code == 2 and out == ""
    assert err.strip() == (f"zonelint: error: {uri}: transfer failed: server 127.0.0.1:{knot.port}, zone tsig.test.: "
                           "not authoritative or transfer not allowed (NOTAUTH)")
    code, out, err = run(capsys, "--format", "text", "--tsig-key", str(knot.keyfile), uri)
    assert (code, err) == (0, ""), err
    # FILE:NAME picks the key among several
    two = tmp_path / "keys.conf"
    two.write_text('key "other." { algorithm hmac-sha512; secret "c2VjcmV0"; };\n' + knot.keyfile.read_text())
    code, _, err = run(capsys, "--tsig-key", f"{two}:zonelint-test-key", uri)
    assert (code, err) == (0, ""), err
    code, _, err = run(capsys, "--tsig-key", str(two), uri)
    assert code == 2 and err.strip().endswith(f"--tsig-key {two}: 2 keys; choose one with {two}:NAME")


def test_tsig_wrong_secret_and_unknown_key_fail_in_one_line(knot, tmp_path, capsys):
    uri = knot.uri("tsig.test")
    bad = tmp_path / "bad.key"
    bad.write_text('key "zonelint-test-key" { algorithm hmac-sha256; secret "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="; };\n')
    code, _, err = run(capsys, "--tsig-key", str(bad), uri)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"zonelint: error: {uri}: transfer failed: server 127.0.0.1:{knot.port}, zone tsig.test.: "
                          "TSIG failure: the server rejected the signature")
    bad.write_text('key "nobody-knows" { algorithm hmac-sha256; secret "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="; };\n')
    code, _, err = run(capsys, "--tsig-key", str(bad), uri)
    assert code == 2 and "TSIG failure: the server does not know the key (BADKEY)" in err


def test_tsig_key_from_the_environment(knot, capsys, monkeypatch):
    monkeypatch.setenv("ZONELINT_TSIG_KEY", str(knot.keyfile))
    code, _, err = run(capsys, knot.uri("tsig.test"))
    assert (code, err) == (0, "")


# -- -j: the transfer happens once ----------------------------------------------------------------


def _transfers(knot, zone):
    return len(re.findall(rf"\[{re.escape(zone)}\.\] AXFR, outgoing, remote [^,]+, started", knot.log.read_text()))


def test_jobs_two_transfers_once_and_reports_as_one_job(knot, tmp_path, capsys, monkeypatch, sharded_calls):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other.test.zone").write_text(POINTING)
    (tmp_path / "third.test.zone").write_text(POINTING.replace("other.test", "third.test"))
    uri = knot.uri("example.com")
    argv = ["--format", "json", "--select", "ALL", "other.test.zone", uri, "third.test.zone"]
    before = _transfers(knot, "example.com")
    code1, serial, _ = run(capsys, "-j", "1", *argv)
    code2, sharded, err = run(capsys, "-j", "2", *argv)
    assert sharded_calls and sharded_calls[-1] is not None, "the sharded path did not run"
    assert (code1, code2, err) == (1, 1, "")
    assert sharded == serial
    assert _transfers(knot, "example.com") - before == 2  # one per run, none by a worker
    codes = {(f["code"], f["source"] if "source" in f else f["path"]) for f in json.loads(sharded)["findings"]}
    assert ("ZL101", uri) in codes and ("ZL101", "other.test.zone") in codes


# -- failures: exit 2, one line naming server, zone and reason; the other sources still linted -----


ALIAS_ZONE = POINTING.replace("other.test", "alias.test").replace("alias.example.com.", "alias") + "alias IN CNAME ns1\n"


def _failure(capsys, tmp_path, monkeypatch, uri, *extra):
    """Run ``uri`` beside a file with one fault; returns the one line on stderr."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "alias.test.zone").write_text(ALIAS_ZONE)
    before = sorted(os.listdir(tmp_path))
    code, out, err = run(capsys, "--format", "text", "--net-timeout", "2", *extra, uri, "alias.test.zone")
    assert sorted(os.listdir(tmp_path)) == before  # nothing written
    assert code == 2
    # the other source is linted and reported as if alone
    assert [ln[:28] for ln in lines_of(out)] == ["alias.test.zone:6:1: ZL101 ["], out
    assert "in 1 file" in out
    (line,) = err.splitlines()
    return line


@pytest.mark.parametrize("behaviour, reason", [
    ("refused", "transfer refused (REFUSED)"),
    ("silent", "no complete transfer within 2 s (timeout)"),
    ("close-mid", "connection closed by the server mid-transfer"),
    ("malformed", "malformed answer: "),
])
def test_misbehaving_server(behaviour, reason, tmp_path, capsys, monkeypatch):
    with FakeDns(behaviour) as server:
        uri = server.uri("example.net")
        line = _failure(capsys, tmp_path, monkeypatch, uri)
        assert server.queries == 1
    assert line.startswith(f"zonelint: error: {uri}: transfer failed: server 127.0.0.1:{server.port}, "
                           f"zone example.net.: {reason}"), line


def test_notauth_and_connection_refused(knot, tmp_path, capsys, monkeypatch):
    line = _failure(capsys, tmp_path, monkeypatch, knot.uri("denied.test"))
    assert line.endswith("zone denied.test.: not authoritative or transfer not allowed (NOTAUTH)"), line
    from knotserver import free_port

    port = free_port()
    line = _failure(capsys, tmp_path, monkeypatch, f"axfr://127.0.0.1:{port}/example.com")
    assert line.endswith(f"zone example.com.: connection refused at 127.0.0.1 port {port}"), line


def test_timeout_is_bounded_in_a_subprocess(tmp_path):
    """The whole command ends soon after --net-timeout against a server that never answers
    (the bound here is a hang guard, not a timing assertion)."""
    with FakeDns("silent") as server:
        proc = subprocess.run([sys.executable, "-m", "zonelint", "--no-config", "--net-timeout", "1",
                               server.uri("example.net")], capture_output=True, text=True, timeout=60,
                              cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("zone example.net.: no complete transfer within 1 s (timeout)")


# -- what the command line accepts -----------------------------------------------------------------


@pytest.mark.parametrize("uri, message", [
    ("http://example.com/zone", "unknown source scheme 'http://'"),
    ("axfr://127.0.0.1", "expected axfr://SERVER[:PORT]/ZONE (the zone after one '/')"),
    ("axfr://127.0.0.1:0/example.com", "port '0' is not a number from 1 to 65535"),
    ("axfr://127.0.0.1:99999/example.com", "port '99999' is not a number from 1 to 65535"),
    ("axfr://::1/example.com", "write an IPv6 server in brackets"),
    ("axfr://[::1/example.com", "an IPv6 server needs its closing ']'"),
    ("axfr://[192.0.2.1]/example.com", "'192.0.2.1' in brackets is not an IPv6 address"),
    ("axfr://user@host/example.com", "no user, query, fragment, escapes or spaces"),
    ("axfr://ho st/example.com", "no user, query, fragment, escapes or spaces"),
    ("axfr://-bad-/example.com", "'-bad-' is neither an IP address nor a host name"),
    ("axfr://127.0.0.1/a..b", "'a..b' is not a domain name"),
])
def test_bad_uri_is_one_line_and_exit_2_before_any_network_use(uri, message, capsys):
    code, out, err = run(capsys, uri)
    assert code == 2 and out == ""
    assert err.startswith(f"zonelint: error: {uri}: ") and message in err and err.count("\n") == 1, err


@pytest.mark.parametrize("toml, message", [
    ('context = ["axfr://127.0.0.1/example.com"]', "'context' names a network source"),
    ('tsig-key = "/etc/bind/transfer.key"', "'tsig-key' is not allowed in a config file"),
    ("resolve = true", "'resolve' is not allowed in a config file"),
])
def test_a_config_file_cannot_open_the_network(toml, message, tmp_path, capsys, monkeypatch):
    (tmp_path / ".zonelint.toml").write_text(toml + "\n")
    (tmp_path / "other.test.zone").write_text(POINTING)
    monkeypatch.chdir(tmp_path)
    code = main(["--format", "text", "other.test.zone"])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and message in err and err.count("\n") == 1, err


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_fix_and_diff_of_transfers_only_are_refused_before_any_transfer(flag, tmp_path, capsys, monkeypatch):
    """Nothing on disk to change (as for standard input): a usage error, and no server is asked
    (port 9 on loopback: a transfer attempt would fail with another message)."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, flag, "axfr://127.0.0.1:9/example.com")
    assert (code, out) == (2, "")
    assert err == (f"zonelint: error: {flag} needs zone files on disk, not a zone transfer "
                   "(axfr://127.0.0.1:9/example.com); see zonelint --help\n")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_fix_and_diff_beside_a_transfer_change_the_file_only(flag, knot, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # a target written without its final dot (ZL105, fixable): the file has something to change
    before = POINTING + "_xmpp-client._tcp IN SRV 5 0 5222 ns1.other.test\n"
    (tmp_path / "other.test.zone").write_text(before)
    uri = knot.uri("example.com")
    code, out, err = run(capsys, "--format", "text", "--select", "ALL", flag, uri, "other.test.zone")
    assert code in (0, 1) and "Traceback" not in err
    assert f"zonelint: note: {flag} changes zone files only: {uri} (a zone transfer) is linted, never changed\n" in err
    assert sorted(os.listdir(tmp_path)) == ["other.test.zone"]
    after = (tmp_path / "other.test.zone").read_text()
    if flag == "--diff":
        assert after == before and "+_xmpp-client._tcp IN SRV 5 0 5222 ns1.other.test." in out
    else:
        assert after == before.replace("ns1.other.test\n", "ns1.other.test.\n")


def test_origin_with_transfers_only_is_refused_before_any_transfer(capsys):
    """A transfer's origin is the zone it names: --origin has nothing to apply to (the rule for
    several files: exit 2, not silently ignored)."""
    code, out, err = run(capsys, "--origin", "example.org.", "axfr://127.0.0.1:9/example.com")
    assert (code, out) == (2, "")
    assert err == ("zonelint: error: --origin applies to a zone file; axfr://127.0.0.1:9/example.com is a zone "
                   "transfer, whose origin is the zone it names; see zonelint --help\n")


def test_origin_beside_a_transfer_applies_to_the_one_file(knot, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zone.db").write_text("\n".join(POINTING.splitlines()[1:]) + "\n")  # no $ORIGIN
    code, out, err = run(capsys, "--format", "json", "--origin", "other.test.", knot.uri("example.com"), "zone.db")
    assert code == 1 and err == ""
    owners = {(f["code"], f["owner"]) for f in json.loads(out)["findings"]}
    assert ("ZL101", "_xmpp-server._tcp.other.test.") in owners  # the file is other.test: its SRV at the served alias


def test_show_files_lists_network_sources_without_contacting_them(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "axfr:").mkdir()  # a local path that looks like the URI is never read instead
    with FakeDns("refused") as server:
        code, out, err = run(capsys, "--show-files", server.uri("example.net"), "--context", "axfr://[::1]/x.test")
        assert server.queries == 0
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"lint       {server.uri('example.net')}  zone example.net. by AXFR from 127.0.0.1:{server.port} (not contacted by --show-files)",
        f"context    {'axfr://[::1]/x.test':<{len(server.uri('example.net'))}}  zone x.test. by AXFR from [::1] (not contacted by --show-files)",
    ]
