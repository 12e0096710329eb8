"""The issue-14 rules where the fixture harness cannot say it: one finding per fault across rules
(the new rules ZL107-ZL111, ZL305, ZL403, ZL801, ZL901 against the older ones), and the helper
predicates they share."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonelint.testing import codes_at, lint_files, lint_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"

HEAD = """$ORIGIN example.com.
$TTL 3600
@    IN SOA ns1.example.com. hostmaster.example.com. ( 1 7200 3600 1209600 3600 )
@    IN NS  ns1.example.com.
ns1  IN A   192.0.2.1
xmpp IN A   192.0.2.10
"""
# records below HEAD start at line 7


def all_codes(text: str, tmp_path, **kw) -> set[tuple[str, int, str]]:
    return codes_at(lint_text(text, tmp_path=tmp_path, select=["ALL"], **kw))


def test_relative_origin_is_one_finding_at_the_directive():
    """$ORIGIN example.com (no dot) doubles every relative name below it: ZL107 once, at the
    directive; neither ZL107, ZL105 nor ZL103 at each record or target below it."""
    files = [FIXTURES / "ZL107" / "bad-directive" / "example.org.zone"]
    got = codes_at(lint_files(files, select=["ALL"]))
    assert got == {("ZL107", 8, "warning"), ("ZL107", 12, "warning")}


def test_doubled_owner_is_not_a_service_domain(tmp_path):
    """A client SRV whose owner ends in the origin twice is ZL107's; ZL302 does not also call
    example.com.example.com. an XMPP domain without federation."""
    text = HEAD + "_xmpp-client._tcp.example.com IN SRV 0 5 5222 xmpp.example.com.\n"
    assert all_codes(text, tmp_path) == {("ZL107", 7, "warning")}


def test_srv_target_naming_an_srv_owner_is_zl111_not_zl103(tmp_path):
    text = HEAD + (
        "_sip._udp IN SRV 0 0 5060 _sip._tcp.example.com.\n"
        "_sip._tcp IN SRV 0 0 5060 xmpp.example.com.\n"
    )
    assert all_codes(text, tmp_path) == {("ZL111", 7, "warning")}


def test_doubled_naptr_replacement_is_zl105_not_zl402(tmp_path):
    text = HEAD + (
        '@ IN NAPTR 10 0 "s" "SIP+D2T" "" _sip._tcp.example.com\n'
        "_sip._tcp IN SRV 0 0 5060 xmpp.example.com.\n"
    )
    assert all_codes(text, tmp_path) == {("ZL105", 7, "warning")}


def test_single_label_target_in_a_run_with_the_root_zone_is_zl109_only(tmp_path):
    """With a root zone loaded, `services.` lies in a loaded zone and does not exist there: ZL109
    reports it, ZL703 and ZL103 do not repeat it."""
    (tmp_path / "example.com.zone").write_text(
        HEAD + "svc IN CNAME services.\n_sip._udp IN SRV 0 0 5060 sipserver.\n"
    )
    (tmp_path / "root.zone").write_text(
        "$ORIGIN .\n$TTL 3600\n@ IN SOA a.root-servers.net. nstld.verisign-grs.com. ( 1 1800 900 604800 86400 )\n"
        "@ IN NS a.root-servers.net.\n"
    )
    found = lint_files([tmp_path / "example.com.zone", tmp_path / "root.zone"], select=["ALL"])
    got = {(f.code, f.line) for f in found if f.path.endswith("example.com.zone")}
    assert got == {("ZL109", 7), ("ZL109", 8)}


def test_microsoft_365_domain_is_zl403_not_zl401_nor_zl201(tmp_path):
    text = HEAD + (
        "sip IN CNAME sipdir.online.lync.com.\n"
        "_sip._tls IN SRV 100 1 5060 sipdir.online.lync.com.\n"
    )
    assert all_codes(text, tmp_path) == {("ZL403", 7, "warning"), ("ZL403", 8, "warning")}


def test_lone_sip_tls_is_not_a_microsoft_deployment(tmp_path):
    """A generic SIP resolver test zone: `_sip._tls` on 8002 is not Lync (ZL401 quiet), and the
    port is probably deliberate (ZL201 info)."""
    text = HEAD + "_sip._tls IN SRV 0 0 8002 xmpp.example.com.\n"
    assert all_codes(text, tmp_path) == {("ZL201", 7, "info")}


@pytest.mark.parametrize(
    "name, wildcard, mailbox, bad",
    [
        ("a.example.", False, False, None),
        ("0.example.", False, False, None),
        (".", False, False, None),
        ("*.example.", True, False, None),
        ("*.example.", False, False, "'*'"),
        ("_sip._udp.example.", False, False, "underscore"),
        ("a-.example.", False, False, "hyphen"),
        ("-a.example.", False, False, "hyphen"),
        ("a\\032b.example.", False, False, "space"),
        ("a\\.b.example.", False, False, "escaped dot"),
        ("host_master.example.", False, True, None),
        ("hostmaster.ex_ample.", False, True, "underscore"),
        ("A\\066C.example.", False, False, None),
    ],
)
def test_hostname_problem(name, wildcard, mailbox, bad):
    from zonelint.rules.helpers import hostname_problem

    got = hostname_problem(name, wildcard=wildcard, mailbox=mailbox)
    assert (got is None) if bad is None else (bad in got), got
