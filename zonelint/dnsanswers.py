"""What DNS answered about names outside the run's zones: the table the graph consults.

Filled before the rules run, by ``--resolve`` (:mod:`zonelint.resolver` looks up each SRV, MX, NS
and CNAME target outside every loaded zone) or by ``zonelint live`` (:mod:`zonelint.live`, every
name it found outside the domain). Rules never do network I/O: they read this table through
``graph.dns_answer(name)`` (see :mod:`zonelint.graph`). Standard library only.

An :class:`Answer` says one of:

- :data:`ADDRESS` -- the name has A and/or AAAA records (``addresses``);
- :data:`NO_ADDRESS` -- the name exists but has neither A nor AAAA (NODATA for both);
- :data:`NXDOMAIN` -- the name does not exist;
- :data:`ALIAS` -- the name owns a CNAME (``alias`` is its target); ``addresses`` are what the
  chain ended at, when the server gave them;
- :data:`UNANSWERED` -- no answer (timeout, SERVFAIL, REFUSED, the query budget spent): the name
  stays "unknown" and is never judged absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ADDRESS = "address"
NO_ADDRESS = "no-address"
NXDOMAIN = "nxdomain"
ALIAS = "alias"
UNANSWERED = "unanswered"


@dataclass(frozen=True)
class Answer:
    """What DNS said about one name (absolute text)."""

    name: str
    status: str
    #: the A and AAAA addresses, as text
    addresses: tuple[str, ...] = ()
    #: the CNAME target when ``status`` is :data:`ALIAS`
    alias: str | None = None
    #: who answered: ``"resolver 127.0.0.1:5353"``, ``"the system resolver"``
    source: str = "DNS"
    #: why there is no answer (``UNANSWERED`` only): ``"timeout"``, ``"SERVFAIL"``, ...
    reason: str = ""

    @property
    def known(self) -> bool:
        """False when DNS gave no answer: nothing may be concluded about the name."""
        return self.status != UNANSWERED

    @property
    def nxdomain(self) -> bool:
        return self.status == NXDOMAIN

    @property
    def is_alias(self) -> bool:
        return self.status == ALIAS

    @property
    def without_address(self) -> bool:
        """The name does not exist, or exists without A and AAAA records."""
        return self.status in (NXDOMAIN, NO_ADDRESS)

    def said(self) -> str:
        """``"from DNS, resolver 127.0.0.1:5353"``: where the answer came from, for messages."""
        return f"from DNS, {self.source}"


@dataclass
class DnsAnswers:
    """Name key (case-folded) -> :class:`Answer`, for the names looked up in this run."""

    answers: dict[str, Answer] = field(default_factory=dict)

    def add(self, answer: Answer) -> None:
        self.answers[answer.name.lower()] = answer

    def get(self, name: str) -> Answer | None:
        return self.answers.get(name.lower())

    def __len__(self) -> int:
        return len(self.answers)
