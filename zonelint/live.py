"""``zonelint live DOMAIN``: what DNS publishes for a domain's RTC services, linted like a zone.

The walk (:func:`walk`) asks the resolver (:mod:`zonelint.resolver`, bounded by its timeout and
budget) for the names the rules know at DOMAIN (:data:`SERVICE_SRVS`, the MUC subdomains of
ZL301's ``muc-labels``, NAPTR, ``_xmppconnect`` TXT, the apex SOA/NS/MX/A/AAAA), then follows
every target: NAPTR replacements (their SRV), SRV/MX/NS targets (A and AAAA, a CNAME showing in
the answer) and the TLSA RRsets of SRV services (``_port._proto.target``, RFC 7673, and at the SRV
owner, where ZL901 says they do not belong).

What it finds becomes one zone (:func:`live_zone`): the records at or below DOMAIN, as served,
located by the source URI ``dns://RESOLVER/DOMAIN`` (RFC 4501; ``dns:DOMAIN`` for the system
resolver), owner and type. Names outside DOMAIN are not records of it: their answers go to the
graph's DNS table (:mod:`zonelint.dnsanswers`), as ``--resolve`` puts them, so ZL101, ZL103 and
ZL108 judge targets elsewhere. A name inside DOMAIN whose query got no answer is "unknown" there,
never absent. The rules that judge served data then run (``Rule.judges_served_data``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .dnsanswers import NO_ADDRESS, UNANSWERED, Answer, DnsAnswers
from .model import ROOT, Record, SourceFile, is_subdomain
from .rdata import compact_data
from .resolver import Lookups, ResolverSettings, first_cname, unanswered_notes

#: the ``_service._proto`` SRV names queried at DOMAIN: every service the XMPP, SIP, STUN/TURN and
#: Matrix rules know (the rows of ZL201's port table, plus the legacy ``_jabber._tcp``)
SERVICE_SRVS = (
    "_xmpp-client._tcp",
    "_xmpp-server._tcp",
    "_xmpps-client._tcp",
    "_xmpps-server._tcp",
    "_jabber._tcp",
    "_sip._udp",
    "_sip._tcp",
    "_sip._tls",
    "_sips._tcp",
    "_sipfederationtls._tcp",
    "_sipinternaltls._tcp",
    "_stun._udp",
    "_stun._tcp",
    "_stuns._tcp",
    "_stuns._udp",
    "_turn._udp",
    "_turn._tcp",
    "_turns._tcp",
    "_turns._udp",
    "_matrix-fed._tcp",
    "_matrix._tcp",
)
#: the types asked for at DOMAIN itself
APEX_TYPES = ("SOA", "NS", "MX", "A", "AAAA", "NAPTR")
#: ZL301's default ``muc-labels`` (used when the rule is not selected)
DEFAULT_MUC_LABELS = ("groupchat", "conference", "muc")
#: the XMPP server SRV a MUC subdomain publishes
MUC_SRV = "_xmpp-server._tcp"
#: SRV protocol label -> the transport label of its TLSA owner (``_sip._tls`` is TLS over TCP)
TLSA_PROTO = {"_tcp": "_tcp", "_udp": "_udp", "_sctp": "_sctp", "_tls": "_tcp"}


class LiveError(Exception):
    """The domain cannot be checked at all (the resolver never answered, the domain does not
    exist): exit 2 with this one line."""


def source_uri(domain: str, settings: ResolverSettings) -> str:
    """``dns://127.0.0.1:5353/example.com`` (RFC 4501), or ``dns:example.com`` for the system
    resolver."""
    name = domain.rstrip(".") or "."
    if settings.server is None:
        return f"dns:{name}"
    host = f"[{settings.server}]" if ":" in settings.server else settings.server
    return f"dns://{host}:{settings.port}/{name}"


def domain_name(text: str) -> str:
    """The absolute name ``zonelint live`` checks for the DOMAIN the user typed (``Example.com`` ->
    ``Example.com.``; an internationalized name in its IDNA form, as answers name it); raises
    :class:`ValueError` with the reason when it is no domain name to query."""
    import ipaddress
    import struct

    import dns.exception
    import dns.name

    domain = text.strip()
    if not domain or domain == ".":
        raise ValueError("it is the root" if domain else "it is empty")
    if any(not c.isprintable() or c.isspace() for c in domain):
        raise ValueError("it holds a space or a control character")
    try:
        ipaddress.ip_address(domain.rstrip("."))
    except ValueError:
        pass
    else:
        raise ValueError("it is an IP address")
    try:
        name = dns.name.from_text(domain)
    except dns.name.EmptyLabel:
        raise ValueError("it has an empty label (two dots in a row, or a leading dot)") from None
    except dns.name.LabelTooLong:
        raise ValueError("it has a label longer than 63 octets") from None
    except dns.name.NameTooLong:
        raise ValueError("it is longer than 255 octets") from None
    except (dns.exception.DNSException, UnicodeError, struct.error) as e:
        # an IDNA name that cannot be encoded; a decimal escape above \255 (dnspython 2.6-2.8
        # raise struct.error for it, later versions a DNSException)
        raise ValueError("it cannot be written in DNS") from None
    return name.to_text()


def absolute(domain: str) -> str:
    domain = domain.strip()
    return domain if domain.endswith(".") else domain + "."


@dataclass
class Walk:
    """What the walk of one domain found: every answer-section RRset (deduplicated, in the order
    found), the DNS table (names outside the domain with their host answers; in-domain names that
    got no answer, or exist without an address) and the notes for the run."""

    domain: str
    rrsets: list = field(default_factory=list)
    answers: DnsAnswers = field(default_factory=DnsAnswers)
    notes: list[str] = field(default_factory=list)


class _Walker:
    def __init__(self, domain: str, lookups: Lookups, muc_labels) -> None:
        self.domain = domain
        self.key = domain.lower()
        self.lookups = lookups
        self.muc_labels = tuple(label.strip(".").lower() for label in muc_labels)
        self.walk = Walk(domain)
        self._seen_rrsets: set = set()
        self._hosts: dict[str, None] = {}
        self._srv_done: set[str] = set()

    def inside(self, name: str) -> bool:
        return is_subdomain(name.lower(), self.key)

    def ask(self, name: str, rdtype: str):
        """Query, keep the answer's RRsets, note an in-domain name left without an answer."""
        reply = self.lookups.query(name, rdtype)
        if not reply.answered:
            if self.inside(name) and self.walk.answers.get(name) is None:
                self.walk.answers.add(Answer(name, UNANSWERED, source=self.lookups.source, reason=reply.reason))
            return reply
        for rrset in reply.rrsets:
            key = (rrset.name.to_text().lower(), rrset.rdtype, rrset.rdclass)
            if key in self._seen_rrsets:
                continue
            self._seen_rrsets.add(key)
            self.walk.rrsets.append(rrset)
        return reply

    def run(self) -> Walk:
        d = self.domain
        soa = self.ask(d, "SOA")
        if self.lookups.gave_up or (soa.nxdomain and not soa.rrsets):
            return self.walk
        for rdtype in APEX_TYPES[1:]:
            self.ask(d, rdtype)
        self.ask(child("_xmppconnect", d), "TXT")
        for service in SERVICE_SRVS:
            self.srv(child(service, d))
        for label in self.muc_labels:
            sub = child(label, d)
            for rdtype in ("A", "AAAA"):
                reply = self.ask(sub, rdtype)
                if reply.answered and not reply.nxdomain and not reply.rrsets:
                    self.exists_without_address(sub)
            self.srv(child(MUC_SRV, sub))
        for rrset in list(self.walk.rrsets):
            if rrset.rdtype == 35:  # NAPTR: its replacement is an SRV owner
                for rd in rrset:
                    if rd.replacement.to_text() != ROOT:
                        self.srv(rd.replacement.to_text())
            elif rrset.rdtype in (2, 15):  # NS, MX
                for rd in rrset:
                    self.host(rd.target.to_text() if rrset.rdtype == 2 else rd.exchange.to_text())
        for host in list(self._hosts):
            self.follow_host(host)
        return self.walk

    def srv(self, owner: str) -> None:
        """Query an SRV RRset and its TLSA (at the owner, where it is misplaced, and at each
        ``_port._proto.target``), and queue its targets."""
        k = owner.lower()
        if k in self._srv_done:
            return
        self._srv_done.add(k)
        reply = self.ask(owner, "SRV")
        records = [rd for rrset in reply.rrsets if rrset.rdtype == 33 for rd in rrset]
        if not records:
            return
        self.ask(owner, "TLSA")
        labels = owner.split(".", 2)
        proto = TLSA_PROTO.get(labels[1].lower(), labels[1].lower()) if len(labels) > 2 else "_tcp"
        for rd in records:
            target = rd.target.to_text()
            if target == ROOT:
                continue
            self.host(target)
            self.ask(child(f"_{rd.port}", child(proto, target)), "TLSA")

    def host(self, name: str) -> None:
        if name != ROOT:
            self._hosts.setdefault(name, None)

    def follow_host(self, name: str) -> None:
        """A and AAAA of a target (one question each, shared with every record pointing at it):
        in the domain its records join the zone, elsewhere its answer joins the DNS table."""
        a = self.ask(name, "A")
        if a.answered and not a.nxdomain and first_cname(a.rrsets, name) is None:
            self.ask(name, "AAAA")
        answer = self.lookups.address_answer(name)  # from the two replies above: no new query
        if not self.inside(name):
            self.walk.answers.add(answer)
            alias = first_cname(self.lookups.query(name, "A").rrsets, name)
            if alias is not None and self.inside(alias):
                self.follow_host(alias)
        elif not answer.known:
            self.walk.answers.add(answer)
        elif answer.status == NO_ADDRESS:
            self.exists_without_address(name)

    def exists_without_address(self, name: str) -> None:
        if self.walk.answers.get(name) is None:
            self.walk.answers.add(Answer(name, NO_ADDRESS, source=self.lookups.source))


def child(label: str, name: str) -> str:
    return label + "." if name == ROOT else f"{label}.{name}"


def walk(domain: str, settings: ResolverSettings, muc_labels=DEFAULT_MUC_LABELS) -> Walk:
    """Ask the resolver about ``domain``'s RTC names and follow every target (raises
    :class:`LiveError` when nothing can be checked)."""
    lookups = Lookups(settings)
    walker = _Walker(absolute(domain), lookups, muc_labels)
    found = walker.run()
    soa = lookups.query(walker.domain, "SOA")
    if not soa.answered and lookups.gave_up:
        raise LiveError(f"{lookups.source} did not answer about {walker.domain} ({soa.reason})")
    if soa.nxdomain and not soa.rrsets:
        raise LiveError(f"{walker.domain} does not exist (NXDOMAIN from {lookups.source})")
    found.notes = unanswered_notes(found.answers, lookups, f"live {walker.domain}")
    return found


def live_zone(found: Walk, uri: str):
    """``(zone, answers)``: the records found at or below the domain as one zone located by
    ``uri`` (a record's line is its position in the walk), and the DNS table for the graph."""
    from .graph import Zone

    source = SourceFile(path=uri, display=uri, reported=True, uri=uri)
    records: list[Record] = []
    domain = found.domain
    key = domain.lower()
    for rrset in found.rrsets:
        owner = rrset.name.to_text()
        if not is_subdomain(owner.lower(), key):
            continue
        rdtype = _type_text(rrset.rdtype)
        for rd in rrset:
            n = len(records) + 1
            records.append(
                Record(
                    source,
                    n,
                    1,
                    n,
                    owner,
                    rrset.ttl,
                    True,
                    "IN",
                    rdtype,
                    rd.to_text(),
                    domain,
                    data=compact_data(rdtype, rd),
                    rdata=rd,
                )
            )
    zone = Zone(origin=domain, file=source, records=records, files=[source])
    return zone, found.answers


def _type_text(rdtype: int) -> str:
    import dns.rdatatype

    return dns.rdatatype.to_text(rdtype)


def lint_live(domain: str, settings: ResolverSettings, config, registry, select, *, profile=None,
              severity=None, fail_on=None, exit_zero=False):
    """``zonelint live``: walk the domain, build the graph of what was found, run the rules that
    judge served data, and build the report (raises :class:`LiveError`, :class:`ResolverError`)."""
    from .engine import run_rules
    from .graph import RecordGraph
    from .model import Notification
    from .report.model import RunResult, build_report
    from .selection import make_rules, nothing_judges_served

    rules = make_rules(registry, config, select)
    labels = DEFAULT_MUC_LABELS
    for rule in rules:
        if rule.code == "ZL301":
            labels = tuple(rule.config.get("muc-labels", labels))
    found = walk(domain, settings, labels)
    zone, answers = live_zone(found, source_uri(found.domain, settings))
    graph = RecordGraph([zone])
    graph.set_dns_answers(answers)
    served = [r for r in rules if getattr(r, "judges_served_data", True)]
    done = run_rules(graph, served, [zone], profile or config.profile, [config.severity, severity or {}])
    notes = [Notification("note", message) for message in found.notes]
    idle = nothing_judges_served(rules, "a live check finds")
    if idle:
        notes.append(Notification("note", f"live {found.domain}: {idle}"))
    result = RunResult(
        done.findings,
        done.suppressed,
        done.internal_errors,
        [zone.file],
        len(zone.records),
        notes,
    )
    return build_report(
        result,
        rules=[type(r) for r in served],
        registry=registry,
        lint_root=config.root,
        fail_on=fail_on or config.fail_on,
        exit_zero=exit_zero,
    )
