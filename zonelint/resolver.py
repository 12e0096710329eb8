"""DNS lookups for ``--resolve`` and ``zonelint live``: one resolver, bounded.

- **Which server**: ``--resolver IP[:PORT]`` (IPv6 in brackets: ``[::1]:5353``), else the system
  resolver (``/etc/resolv.conf``); a machine without one is a configuration error (exit 2).
- **Bounded**: every query has a timeout (:data:`DEFAULT_TIMEOUT`, ``--dns-timeout``), the run a
  query budget (:data:`DEFAULT_BUDGET`, ``--dns-budget``); after :data:`GIVE_UP_AFTER`
  timeouts in a row the resolver is taken for unreachable and no further query is sent. A
  question is asked once per run (name and type).
- **Never a false "absent"**: a query without an answer (timeout, SERVFAIL, REFUSED, the budget
  spent) leaves the name :data:`~zonelint.dnsanswers.UNANSWERED`; the run says so in one note.

dnspython's resolver is imported only when a lookup is asked for: a run without ``--resolve``
never imports ``dns.resolver`` and opens no socket.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from .dnsanswers import ADDRESS, ALIAS, NO_ADDRESS, NXDOMAIN, UNANSWERED, Answer, DnsAnswers
from .model import ROOT, TARGET_TYPES

#: seconds a query may take (``--dns-timeout``)
DEFAULT_TIMEOUT = 2.0
#: queries one run may send (``--dns-budget``)
DEFAULT_BUDGET = 500
#: timeouts in a row after which the resolver is taken for unreachable
GIVE_UP_AFTER = 3
#: the records whose targets ``--resolve`` looks up
RESOLVED_TYPES = ("SRV", "MX", "NS", "CNAME")
#: how many unanswered names the note lists by name
NOTE_NAMES = 5


class ResolverError(Exception):
    """The resolver cannot be used at all (no system configuration, a bad address)."""


def parse_server(text: str) -> tuple[str, int]:
    """``(address, port)`` of ``IP[:PORT]`` (``[IPv6]:PORT`` or a bare IPv6 address); raises
    ``ValueError`` with a one-line reason."""
    host, port = text, "53"
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            raise ValueError(f"expected [IPv6]:PORT, got {text!r}")
        host, rest = text[1:end], text[end + 1 :]
        if rest:
            if not rest.startswith(":"):
                raise ValueError(f"expected [IPv6]:PORT, got {text!r}")
            port = rest[1:]
    elif text.count(":") == 1:
        host, port = text.split(":")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"expected an IP address (IPv6 in brackets with a port), got {text!r}") from None
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"expected a port from 1 to 65535, got {port!r}")
    return str(address), int(port)


@dataclass
class ResolverSettings:
    """Where and how zonelint asks DNS; ``server`` None is the system resolver."""

    server: str | None = None
    port: int = 53
    timeout: float = DEFAULT_TIMEOUT
    budget: int = DEFAULT_BUDGET

    def describe(self) -> str:
        if self.server is None:
            return "the system resolver"
        shown = f"[{self.server}]" if ":" in self.server else self.server
        return f"resolver {shown}:{self.port}"


@dataclass
class Reply:
    """One query's outcome: ``rrsets`` of the answer section (CNAMEs included) when answered,
    ``nxdomain`` for a name that does not exist, else ``reason`` says why there is no answer."""

    rrsets: list = field(default_factory=list)
    nxdomain: bool = False
    reason: str = ""

    @property
    def answered(self) -> bool:
        return not self.reason


class Lookups:
    """The run's resolver: each question asked once, every query bounded, the budget kept."""

    def __init__(self, settings: ResolverSettings) -> None:
        import dns.resolver

        self.settings = settings
        self.source = settings.describe()
        if settings.server is None:
            try:
                res = dns.resolver.Resolver()
            except dns.resolver.NoResolverConfiguration:
                raise ResolverError("no system resolver is configured; name one with --resolver IP[:PORT]") from None
        else:
            res = dns.resolver.Resolver(configure=False)
            res.nameservers = [settings.server]
            res.port = settings.port
        res.timeout = settings.timeout
        res.lifetime = settings.timeout
        res.cache = None
        self._resolver = res
        self._replies: dict[tuple[str, str], Reply] = {}
        self.sent = 0
        self._timeouts_in_a_row = 0
        self.gave_up = False
        self.budget_spent = False

    def query(self, name: str, rdtype: str) -> Reply:
        """The answer to ``name rdtype`` (asked at most once per run)."""
        key = (name.lower(), rdtype)
        got = self._replies.get(key)
        if got is None:
            got = self._replies[key] = self._ask(name, rdtype)
        return got

    def _ask(self, name: str, rdtype: str) -> Reply:
        import dns.exception
        import dns.resolver

        if self.gave_up:
            return Reply(reason="the resolver stopped answering")
        if self.sent >= self.settings.budget:
            self.budget_spent = True
            return Reply(reason="query budget spent")
        self.sent += 1
        try:
            answer = self._resolver.resolve(name, rdtype, raise_on_no_answer=False, search=False)
        except dns.resolver.NXDOMAIN as e:
            self._timeouts_in_a_row = 0
            rrsets = []
            for response in e.responses().values():
                rrsets.extend(response.answer)
            return Reply(rrsets=rrsets, nxdomain=True)
        except dns.exception.Timeout:
            self._timeouts_in_a_row += 1
            if self._timeouts_in_a_row >= GIVE_UP_AFTER:
                self.gave_up = True
            return Reply(reason=f"timeout after {self.settings.timeout:g} s")
        except dns.resolver.NoNameservers:
            self._timeouts_in_a_row = 0
            return Reply(reason="SERVFAIL or REFUSED")
        except dns.exception.DNSException as e:
            self._timeouts_in_a_row = 0
            return Reply(reason=type(e).__name__)
        except (OSError, ValueError) as e:  # unreachable network, an unusable name
            self._timeouts_in_a_row = 0
            return Reply(reason=str(e) or type(e).__name__)
        self._timeouts_in_a_row = 0
        return Reply(rrsets=list(answer.response.answer))

    def address_answer(self, name: str) -> Answer:
        """What DNS says about ``name`` as a host: alias, addresses, no address, NXDOMAIN or
        unanswered (A first; AAAA unless A already showed an alias)."""
        a = self.query(name, "A")
        if not a.answered:
            return Answer(name, UNANSWERED, source=self.source, reason=a.reason)
        alias = first_cname(a.rrsets, name)
        addresses = rdata_texts(a.rrsets, "A")
        if alias is not None:
            return Answer(name, ALIAS, addresses, alias=alias, source=self.source)
        if a.nxdomain:
            return Answer(name, NXDOMAIN, source=self.source)
        aaaa = self.query(name, "AAAA")
        addresses += rdata_texts(aaaa.rrsets, "AAAA")
        if addresses:
            return Answer(name, ADDRESS, tuple(addresses), source=self.source)
        if not aaaa.answered:
            return Answer(name, UNANSWERED, source=self.source, reason=aaaa.reason)
        return Answer(name, NO_ADDRESS, source=self.source)


def first_cname(rrsets, name: str) -> str | None:
    """The target of the CNAME ``name`` owns in an answer section, or ``None``."""
    key = name.lower()
    for rrset in rrsets:
        if rrset.rdtype == 5 and rrset.name.to_text().lower() == key:  # CNAME
            for rd in rrset:
                return rd.target.to_text()
    return None


def rdata_texts(rrsets, rdtype: str) -> list[str]:
    """The rdata of every record of ``rdtype`` in an answer section, as text."""
    import dns.rdatatype

    wanted = dns.rdatatype.from_text(rdtype)
    return [rd.to_text() for rrset in rrsets if rrset.rdtype == wanted for rd in rrset]


def _ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name[:-1] if name.endswith(".") else name)
    except ValueError:
        return False
    return True


def targets_to_resolve(graph, zones) -> list[str]:
    """The SRV, MX, NS and CNAME targets of ``zones`` that lie outside every loaded zone of the
    run, each once, in file order (so a spent budget always leaves the same names out). The root,
    an address written as a name (ZL102's) and a single label (ZL109's) are not looked up."""
    seen: dict[str, str] = {}
    for zone in zones:
        for rdtype in RESOLVED_TYPES:
            index = TARGET_TYPES[rdtype]
            for rec in zone.by_type(rdtype):
                data = rec.data
                target = data[index] if data is not None else None
                if target is None or target == ROOT or target.count(".") < 2:
                    continue
                k = target.lower()
                if k in seen or _ip_literal(target) or graph.zone_for(target) is not None:
                    continue
                seen[k] = target
    return list(seen.values())


def resolve_targets(graph, zones, settings: ResolverSettings) -> tuple[DnsAnswers, list[str]]:
    """``--resolve``: look up every target of :func:`targets_to_resolve` and return the table
    for ``graph.set_dns_answers`` and the notes for the run (raises :class:`ResolverError`)."""
    names = targets_to_resolve(graph, zones)
    answers = DnsAnswers()
    if not names:
        return answers, []
    lookups = Lookups(settings)
    for name in names:
        answers.add(lookups.address_answer(name))
    return answers, unanswered_notes(answers, lookups, "--resolve")


def unanswered_notes(answers: DnsAnswers, lookups: Lookups, what: str) -> list[str]:
    """One note naming the names that got no answer (they stay unjudged), if any."""
    missing = [a for a in answers.answers.values() if not a.known]
    if not missing:
        return []
    shown = ", ".join(f"{a.name} ({a.reason})" for a in missing[:NOTE_NAMES])
    more = f" and {len(missing) - NOTE_NAMES} more" if len(missing) > NOTE_NAMES else ""
    why = ""
    if lookups.gave_up:
        why = f"; {lookups.source} did not answer {GIVE_UP_AFTER} queries in a row, no more were sent"
    elif lookups.budget_spent:
        why = f"; the query budget of {lookups.settings.budget} was spent (--dns-budget)"
    return [
        f"{what}: {len(missing)} name{'s' if len(missing) != 1 else ''} got no answer from "
        f"{lookups.source} and {'stay' if len(missing) != 1 else 'stays'} unjudged: {shown}{more}{why}"
    ]
