"""``zonelint --compare axfr://SERVER/ZONE FILE`` (issue 18.3): the zone transferred from a real
Knot server on loopback is compared with the file (ZL020-ZL023, at the file's lines); a failed
transfer is one line and exit 2 while the file is still linted; the mapping exists only on the
command line."""

from __future__ import annotations

import json

import pytest

from zonelint.cli import main

from conftest import DRIFT_FILE

#: the zone file in the repository
FILE = DRIFT_FILE

#: what the server has: an older serial, xmpp with another TTL, no `old`, an SRV the file lacks,
#: the MX host written differently (same canonical rdata), a signer's DNSKEY and NSEC
SERVED = """\
$ORIGIN example.com.
$TTL 3600
@                  IN SOA   ns1 hostmaster 2024061501 7200 3600 1209600 3600
@                  IN NS    ns1
ns1                IN A     192.0.2.1
_xmpp-client._tcp  IN SRV   5 0 5222 xmpp.example.com.
_xmpp-client._tcp  IN SRV   10 0 5222 backup
_xmpp-server._tcp  IN SRV   5 0 5269 xmpp
xmpp         86400 IN A     192.0.2.10
@                  IN MX    10 MAIL.EXAMPLE.COM.
mail               IN A     192.0.2.25
backup             IN A     192.0.2.11
@                  IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==
"""


#: a zone with one fault (line 6's SRV points at an alias: ZL101), for the runs whose transfer fails
OTHER = """\
$ORIGIN other.example.
$TTL 3600
@                  IN SOA   ns1 hostmaster 1 7200 3600 1209600 3600
@                  IN NS    ns1
ns1                IN A     192.0.2.1
_xmpp-client._tcp  IN SRV   5 0 5222 alias
alias              IN CNAME ns1
"""


@pytest.fixture
def server(knot_pool):
    return knot_pool.serve(
        {"example.com": SERVED, "other.example": OTHER, "denied.example": OTHER.replace("other.example.", "denied.example.")},
        denied_zones=("denied.example",),
    )


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / "example.com.zone").write_text(FILE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_json(capsys, *argv):
    code = main(["--no-config", "--no-progress", "--format", "json", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out)["findings"], err


def drift(findings):
    return sorted((f["code"], f["path"], f["line"], f["owner"]) for f in findings if f["code"].startswith("ZL02"))


def test_compare_reports_drift_at_the_files_lines(server, repo, capsys):
    uri = f"axfr://127.0.0.1:{server.port}/example.com"
    code, findings, err = run_json(capsys, "--compare", uri, "example.com.zone")
    assert drift(findings) == [
        ("ZL020", "example.com.zone", 9, "old.example.com."),
        ("ZL021", uri, None, "backup.example.com."),  # no RRset of that owner in the file: at the served record
        ("ZL021", "example.com.zone", 6, "_xmpp-client._tcp.example.com."),  # the backup SRV, at the file's RRset
        ("ZL022", "example.com.zone", 8, "xmpp.example.com."),
        ("ZL023", "example.com.zone", 3, "example.com."),
    ]
    assert code == 1 and "error" not in err


def test_file_named_once_or_twice_is_one_zone(server, repo, capsys):
    uri = f"axfr://127.0.0.1:{server.port}/example.com"
    _, once, _ = run_json(capsys, "--compare", uri, "example.com.zone")
    _, twice, _ = run_json(capsys, "--compare", uri, "example.com.zone", "example.com.zone")
    assert drift(once) == drift(twice)


def test_the_same_zone_deployed_is_silent(knot_pool, repo, capsys):
    server = knot_pool.serve({"example.com": FILE})
    code, findings, _ = run_json(capsys, "--compare", f"axfr://127.0.0.1:{server.port}/example.com", "example.com.zone")
    assert drift(findings) == []


def test_failed_transfer_is_exit_2_and_the_file_is_still_linted(server, repo, capsys):
    (repo / "denied.example.zone").write_text(OTHER.replace("other.example.", "denied.example."))
    code, findings, err = run_json(
        capsys, "--compare", f"axfr://127.0.0.1:{server.port}/denied.example", "denied.example.zone"
    )
    assert code == 2
    lines = [ln for ln in err.splitlines() if "denied.example" in ln]
    assert len(lines) == 1 and f"127.0.0.1:{server.port}" in lines[0] and "NOTAUTH" in lines[0].upper()
    assert ("ZL101", 6) in [(f["code"], f["line"]) for f in findings]  # the file was linted all the same
    assert drift(findings) == []


@pytest.mark.parametrize("argv, why", [
    (["--compare", "example.com.zone", "example.com.zone"], "axfr://"),
    (["--compare", "axfr://127.0.0.1/example.com", "other.zone"], "other.zone does not exist"),
    (["--compare", "axfr://127.0.0.1/example.com", "."], ". is a folder, not a zone file"),
    (["--compare", "axfr://127.0.0.1/example.com"], "argument --compare: expected 2 arguments"),
])
def test_bad_compare_arguments_are_one_line_exit_2(argv, why, repo, capsys):
    try:
        code = main(["--no-config", *argv])
    except SystemExit as e:  # argparse's own errors leave through the parser, as from the console
        code = e.code
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and why in err and err.count("\n") == 1, err


def test_zone_mismatch_is_refused(server, repo, capsys):
    code, findings, err = run_json(capsys, "--compare", f"axfr://127.0.0.1:{server.port}/other.example", "example.com.zone")
    assert code == 2 and "example.com." in err and "other.example" in err and err.count("\n") == 1
    assert drift(findings) == []


def test_a_config_file_cannot_set_compare(repo, capsys):
    (repo / ".zonelint.toml").write_text('compare = [["axfr://192.0.2.1/example.com", "example.com.zone"]]\n')
    code = main(["example.com.zone"])
    assert code == 2 and "--compare" in capsys.readouterr().err


def test_tsig_signs_the_compare_transfer(knot, repo, capsys):
    """The session server's tsig.test transfers only with the key: --tsig-key signs --compare too."""
    zone = (knot.zones["tsig.test"]).read_text()
    (repo / "tsig.test.zone").write_text(zone)
    uri = knot.uri("tsig.test")
    code, findings, err = run_json(capsys, "--compare", uri, "tsig.test.zone")
    assert code == 2 and "tsig.test" in err
    code, findings, err = run_json(capsys, "--tsig-key", str(knot.keyfile), "--compare", uri, "tsig.test.zone")
    assert drift(findings) == [] and "error" not in err
