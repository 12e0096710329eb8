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


# -- ZL108 and views ---------------------------------------------------------------------------

SPLIT_HEAD = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster ( 1 7200 3600 1209600 3600 )\n@ IN NS ns1\n"
INTERNAL = SPLIT_HEAD + (
    "ns1 IN A 10.0.0.53\n"
    "_xmpp-server._tcp IN SRV 5 0 5269 xmpp.example.com.\n"
    "xmpp IN A 10.0.0.10\n"  # line 7
)
EXTERNAL = SPLIT_HEAD + (
    "ns1 IN A 198.51.100.53\n"
    "_xmpp-server._tcp IN SRV 5 0 5269 xmpp.example.com.\n"
    "xmpp IN A 198.51.100.10\n"
)


def _split(tmp_path, views, internal=INTERNAL, rules=None):
    from zonelint.config import Config
    from zonelint.plugins import load_registry
    from zonelint.runner import RunOptions, lint
    from zonelint.selection import SelectionLevel

    for rel, text in (("internal/example.com.zone", internal), ("external/example.com.zone", EXTERNAL)):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    cfg = Config(root=str(tmp_path), views=dict(views), rules=dict(rules or {}))
    opts = RunOptions(paths=[str(tmp_path)], select=SelectionLevel(["ZL108"], [], []), jobs=1, cwd=str(tmp_path))
    return sorted((f.code, f.path, f.line) for f in lint(opts, cfg, load_registry()).findings)


VIEWS = {"internal": ["internal/**"], "external": ["external/**"]}


def test_zl108_private_federation_address_in_the_internal_view_is_fine(tmp_path):
    assert _split(tmp_path, VIEWS) == []


def test_zl108_split_horizon_without_views_is_not_judged(tmp_path):
    """Two files claim example.com. without views (ZL007's): which one the world sees cannot be
    told, so the private address is not reported."""
    assert _split(tmp_path, {}) == []


def test_zl108_private_federation_address_in_another_view_is_reported(tmp_path):
    views = {"lan": ["internal/**"], "external": ["external/**"]}
    assert _split(tmp_path, views) == [("ZL108", "internal/example.com.zone", 7)]


def test_zl108_internal_views_option(tmp_path):
    views = {"lan": ["internal/**"], "external": ["external/**"]}
    assert _split(tmp_path, views, rules={"ZL108": {"internal-views": ["lan"]}}) == []


def test_alias_of_an_owner_written_without_its_dot_is_zl107_only(tmp_path):
    """`georgi-vps.example.com` (no dot) is georgi-vps.example.com.example.com.: ZL107 reports
    it; the CNAMEs pointing at the name that was meant are not ZL703 again (seen in a real zone)."""
    text = HEAD + (
        "georgi-vps.example.com IN A 198.51.100.7\n"
        "planet IN CNAME georgi-vps.example.com.\n"
        "_xmpp-client._tcp IN SRV 5 0 5222 georgi-vps.example.com.\n"
        "_xmpp-server._tcp IN SRV 5 0 5269 georgi-vps.example.com.\n"
    )
    assert all_codes(text, tmp_path) == {("ZL107", 7, "warning")}


@pytest.mark.parametrize(
    "address, kind",
    [
        ("127.0.0.1", "unreachable"), ("0.1.2.3", "unreachable"), ("169.254.9.9", "unreachable"),
        ("224.0.0.251", "unreachable"), ("239.255.255.250", "unreachable"), ("240.1.1.1", "unreachable"),
        ("255.255.255.255", "unreachable"), ("10.0.0.1", "private"), ("172.31.255.255", "private"),
        ("192.168.0.1", "private"), ("100.127.255.255", "private"), ("192.0.2.1", "documentation"),
        ("198.51.100.1", "documentation"), ("203.0.113.9", "documentation"), ("::", "unreachable"),
        ("::1", "unreachable"), ("::ffff:10.0.0.1", "unreachable"), ("fe80::1", "unreachable"),
        ("febf::1", "unreachable"), ("ff02::1", "unreachable"), ("fc00::1", "private"),
        ("fdff::1", "private"), ("2001:db8::", "documentation"), ("2001:db8:1::5", "documentation"),
        ("3fff:fff::1", "documentation"),
        # outside the table (the prefilter must not mistake them)
        ("172.32.0.1", None), ("100.128.0.1", None), ("192.0.3.1", None), ("198.18.0.1", None),
        ("8.8.8.8", None), ("2001:db9::1", None), ("fec0::1", None), ("2a01:4f8::1", None),
        ("3ff0::1", None), ("169.253.1.1", None),
    ],
)
def test_zl108_range_table(address, kind):
    from zonelint.rules.addresses import classify

    got = classify(address)
    assert (got[2] if got else None) == kind


def test_single_label_target_that_is_a_zone_of_the_run_is_fine(tmp_path):
    """`MX 10 ai.` where the TLD zone `ai.` is linted in the same run: the target is the apex of a
    loaded zone, though that zone's data is not visible to example.com's lookups (ZL009)."""
    (tmp_path / "example.com.zone").write_text(HEAD + "@ IN MX 10 ai.\nwww IN CNAME services.\n")
    (tmp_path / "ai.zone").write_text(
        "$ORIGIN ai.\n$TTL 3600\n@ IN SOA a.lactld.org. hostmaster.nic.ai. ( 1 1800 900 604800 86400 )\n"
        "@ IN NS a.lactld.org.\n@ IN A 192.0.2.1\n@ IN MX 10 ai.\n"
    )
    found = lint_files([tmp_path / "example.com.zone", tmp_path / "ai.zone"], select=["ZL109"])
    assert {(f.path.rsplit("/", 1)[-1], f.line) for f in found} == {("example.com.zone", 8)}


def test_zl111_bind_exceptions_are_for_address_owners_only(tmp_path):
    """`a._spf.example.com.` may own an A record (BIND's SPF `exists:` exception), not an MX."""
    text = HEAD + "a._spf IN A 192.0.2.7\na._spf IN MX 10 xmpp.example.com.\n"
    assert codes_at(lint_text(text, tmp_path=tmp_path, select=["ZL111"])) == {("ZL111", 8, "warning")}
