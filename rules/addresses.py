"""Address rules: service hosts on addresses no other network can reach (ZL108)."""

from __future__ import annotations

import functools
import re
from itertools import compress, tee
from operator import attrgetter, itemgetter

from zonelint import UNKNOWN, WARNING, LazyText, Option, Rule

from .helpers import brief, near, reported_by_target_rules, split_service_owner, target_survey, where

#: The explicit range table (``ipaddress.is_private`` is wrong for this: True for 192.0.2.1,
#: False for 100.64/10). ``(network, what it is, where it is defined, kind)``; kinds:
#: ``unreachable`` (never reachable from another network), ``private`` (reachable inside one
#: organisation only), ``documentation`` (examples only). Networks as text: they are parsed on
#: the first address judged (:func:`bounds`), not at every start.
RANGES = (
    ("0.0.0.0/8", "a 'this network' address", "RFC 6890, RFC 1122 §3.2.1.3", "unreachable"),
    ("127.0.0.0/8", "a loopback address", "RFC 6890, RFC 1122 §3.2.1.3", "unreachable"),
    ("169.254.0.0/16", "a link-local address", "RFC 6890, RFC 3927", "unreachable"),
    ("224.0.0.0/4", "a multicast address", "RFC 5771", "unreachable"),
    ("255.255.255.255/32", "the limited broadcast address", "RFC 6890, RFC 919", "unreachable"),
    ("240.0.0.0/4", "a reserved (240/4) address", "RFC 6890, RFC 1112 §4", "unreachable"),
    ("10.0.0.0/8", "a private address", "RFC 1918", "private"),
    ("172.16.0.0/12", "a private address", "RFC 1918", "private"),
    ("192.168.0.0/16", "a private address", "RFC 1918", "private"),
    ("100.64.0.0/10", "a shared (carrier-grade NAT) address", "RFC 6598", "private"),
    ("192.0.2.0/24", "a documentation address", "RFC 5737", "documentation"),
    ("198.51.100.0/24", "a documentation address", "RFC 5737", "documentation"),
    ("203.0.113.0/24", "a documentation address", "RFC 5737", "documentation"),
    ("::/128", "the unspecified address", "RFC 4291 §2.5.2", "unreachable"),
    ("::1/128", "the loopback address", "RFC 4291 §2.5.3", "unreachable"),
    ("::ffff:0:0/96", "an IPv4-mapped address", "RFC 4291 §2.5.5.2, RFC 6890", "unreachable"),
    ("fe80::/10", "a link-local address", "RFC 4291 §2.5.6", "unreachable"),
    ("ff00::/8", "a multicast address", "RFC 4291 §2.7", "unreachable"),
    ("fc00::/7", "a unique local address", "RFC 4193", "private"),
    ("2001:db8::/32", "a documentation address", "RFC 3849", "documentation"),
    ("3fff::/20", "a documentation address", "RFC 9637", "documentation"),
)
#: SRV services that other organisations' servers connect to: a private address behind them is
#: unreachable for exactly the peers they exist for
FEDERATION_SERVICES = frozenset(("_xmpp-server", "_xmpps-server", "_sipfederationtls", "_matrix-fed"))
#: special-use names for private networks: a private address there is the point, federation
#: included (RFC 8375 home.arpa, RFC 6762 local, ICANN's 2024 reservation of internal)
PRIVATE_USE_SUFFIXES = ("home.arpa.", "local.", "internal.")
#: what a target is called in messages
TARGET_NAMES = {"SRV": "SRV target", "MX": "MX exchange", "NS": "NS host"}


#: prefixes of the IPv6 ranges above (as dnspython prints them, lower case, compressed), as the
#: first octets of the IPv4 ones are (:func:`_v4_by_first`): a cheap test that skips parsing
#: almost every public address
_V6_PREFIXES = ("::", "fe8", "fe9", "fea", "feb", "ff", "fc", "fd", "2001:db8:", "3fff:")
_bounds: tuple[list, list] | None = None
#: the documentation ranges as text prefixes (IPv6 as dnspython prints it: lower case, no leading
#: zeros): an address starting so lies in one (or is no address at all), and is skipped unread
#: unless `documentation` is on (3fff::/20 is left to :func:`classify`: no prefix of its text says it)
DOCUMENTATION_PREFIXES = ("192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:")


def bounds() -> tuple[list, list]:
    """RANGES as integer bounds ``(first, last, what, source, kind)``, IPv4 then IPv6, each in
    table order (computed once): comparing two integers is what ``ip in network`` does, without
    its per-call checks (a zone full of private addresses made this loop the costliest part of
    the rule)."""
    global _bounds
    if _bounds is None:
        v4: list = []
        v6: list = []
        for net, what, source, kind in RANGES:
            address, length = net.split("/")
            six = ":" in address
            first = _as_int(address, six)
            last = first | ((1 << ((128 if six else 32) - int(length))) - 1)
            (v6 if six else v4).append((first, last, what, source, kind))
        _bounds = (v4, v6)
    return _bounds


def classify(address: str):
    """``(what, source, kind)`` of the special-purpose range ``address`` lies in, else None."""
    v6 = ":" in address
    if v6:
        if not address.startswith(_V6_PREFIXES) and address != "2001:db8::":
            return None
        ranges = bounds()[1]
    else:
        ranges = _v4_by_first().get(address.split(".", 1)[0])
        if ranges is None:
            return None
    n = _as_int(address, v6)
    if n is None:
        return None
    for first, last, what, source, kind in ranges:
        if first <= n <= last:
            return what, source, kind
    return None


@functools.cache
def _v4_by_first() -> dict[str, list]:
    """The IPv4 bounds by first octet as written (``"10"``, no leading zero): the ranges an
    address starting so may lie in, in table order; an address of another first octet lies in
    none (computed once)."""
    by_first: dict[str, list] = {}
    for entry in bounds()[0]:
        for octet in range(entry[0] >> 24, (entry[1] >> 24) + 1):
            by_first.setdefault(str(octet), []).append(entry)
    return by_first


_HEX = frozenset("0123456789abcdefABCDEF")


#: addresses read in Python before ``socket.inet_pton`` takes over: importing its C module
#: (``_socket``, ~1.4 M instructions) costs as much as ~250 reads, so a small zone never pays for it
PLAIN_READS = 256
_reads = 0
_pton = None  # (socket.inet_pton, AF_INET, AF_INET6) once imported


def _as_int(address: str, v6: bool) -> int | None:
    """The address as an integer, or None when it is not one. ``ipaddress`` takes ~40 Python
    calls per address (it was the costliest part of this rule on a zone full of private
    addresses): the plain forms (dotted quad; IPv6 groups with at most one ``::``) are read
    here, in Python for the first :data:`PLAIN_READS` addresses, then by ``socket.inet_pton``
    (one C call); anything else (an embedded IPv4 part, a scope id, a malformed text) is left to
    ``ipaddress``. Every path gives ``ipaddress``'s integer (tests compare them)."""
    global _reads, _pton
    if _pton is None:
        _reads += 1
        if _reads > PLAIN_READS:
            try:  # socket's C part: the same functions without socket.py's enums (~13 M instructions)
                import _socket as socket
            except ImportError:  # pragma: no cover - a Python whose socket module is built otherwise
                import _socket as socket

            _pton = (socket.inet_pton, socket.AF_INET, socket.AF_INET6)
    if _pton is not None and "%" not in address:
        pton, af4, af6 = _pton
        try:
            return int.from_bytes(pton(af6 if v6 else af4, address), "big")
        except (OSError, ValueError):
            pass
    else:
        n = _plain_v6(address) if v6 else _plain_v4(address)
        if n is not None:
            return n
    import ipaddress  # here, for the rare text the plain readers leave (~6 M instructions to import)

    try:
        return int(ipaddress.ip_address(address))
    except ValueError:
        return None


def _plain_v4(address: str) -> int | None:
    parts = address.split(".")
    if len(parts) != 4:
        return None
    n = 0
    for p in parts:
        if not (0 < len(p) <= 3 and p.isascii() and p.isdigit()) or (p[0] == "0" and len(p) > 1):
            return None
        v = int(p)
        if v > 255:
            return None
        n = n << 8 | v
    return n


def _plain_v6(address: str) -> int | None:
    head, gap, tail = address.partition("::")
    if "::" in tail or "." in address or "%" in address:
        return None
    groups = head.split(":") if head else []
    rest = tail.split(":") if tail else []
    if gap:
        zeros = 8 - len(groups) - len(rest)
        if zeros < 1:
            return None
        groups += ["0"] * zeros + rest
    if len(groups) != 8:
        return None
    n = 0
    for g in groups:
        if not 0 < len(g) <= 4 or not _HEX.issuperset(g):
            return None
        n = n << 16 | int(g, 16)
    return n


def _federation(rec) -> bool:
    if rec.rdtype != "SRV":
        return False
    owner = rec.owner
    # the first label, when it has no escape, is the service: most owners are ruled out here
    # without splitting them (a label with a backslash is no federation service either)
    i = owner.find(".")
    if i < 0 or owner[:i].lower() not in FEDERATION_SERVICES:
        return False
    parts = split_service_owner(owner)
    return parts is not None and parts[0] in FEDERATION_SERVICES


@functools.cache
def _federation_owner() -> re.Pattern:
    """The owners :func:`_federation` accepts, matched in C (compiled on first use): the first
    label a federation service (ASCII case folded: ``str.lower`` folds no other character to an
    ASCII letter of these names) and the next label starting with ``_`` (a label with an escape
    is never a service name)."""
    return re.compile(r"(?:_xmpp-server|_xmpps-server|_sipfederationtls|_matrix-fed)\._", re.IGNORECASE | re.ASCII)


_OWNER = attrgetter("owner")
_DATA = attrgetter("data")
_TARGET = itemgetter(3)


def federation_targets(graph) -> dict | None:
    """``{target key: SRV record or [SRV records]}``: the federation SRVs (:func:`_federation`) of
    the run as ``graph`` sees it, by the name they point at, a list in ``graph.referrers`` order
    (zone by zone, file order): ``[r for r in graph.referrers(name) if r.rdtype == "SRV" and
    _federation(r)]`` for every name at once, from one pass over the run's SRV records. ``None``
    while a zone of the run is not loaded (``-j``, the language server): walking every SRV would
    load them all, and ``referrers`` loads only what a name needs. Computed once per run."""
    if not all(z.loaded for z in graph.zones):
        return None
    return graph.memo("rules.addresses.federation_targets", lambda: _federation_targets(graph))


def _federation_targets(graph) -> dict:
    srvs = graph.by_type("SRV")
    # the federation owners (as _federation judges them, tests compare the two) and their targets
    # read in C loops, one record at a time (no list of them)
    feds, read = tee(compress(srvs, map(_federation_owner().match, map(_OWNER, srvs))))
    try:
        return _by_target(feds, map(_TARGET, map(_DATA, read)))
    except (TypeError, AttributeError):  # a record without compact data or target (none from the loaders)
        feds = [r for r in compress(srvs, map(_federation_owner().match, map(_OWNER, srvs)))
                if r.data is not None and r.data[3] is not None]
        return _by_target(feds, [r.data[3] for r in feds])


def _by_target(recs, targets) -> dict:
    """``{target key: record or [records]}`` of ``recs`` and their ``targets``, in order."""
    found: dict = {}
    get = found.get
    for rec, t in zip(recs, targets):
        k = t.lower()
        if k == t:
            k = t  # the target's own text: no second string
        got = get(k)
        if got is None:
            found[k] = rec  # one record, else a list (as the graph's own indexes keep them)
        elif type(got) is list:
            got.append(rec)
        else:
            found[k] = [got, rec]
    return found


#: :func:`_read_verdict`'s mark of a first octet whose addresses do not all have one verdict
_MIXED = object()


@functools.cache
def _uniform_octets() -> dict:
    """IPv4 first octets (as written) whose every address has one :func:`classify` verdict: the
    range listed first among those at the octet covers all of it (``10`` private, ``127``
    loopback, ``224`` multicast...); the octets of no range are absent (verdict None), those of
    several verdicts map to :data:`_MIXED` (computed once)."""
    out: dict = {}
    for octet, ranges in _v4_by_first().items():
        first, last, what, source, kind = ranges[0]
        base = int(octet) << 24
        out[octet] = (what, source, kind) if first <= base and base | 0xFFFFFF <= last else _MIXED
    return out


def _read_verdict(address: str):
    """:func:`classify` of an address as the loader keeps it (``Record.data``: a valid address as
    dnspython prints it), without reading an IPv4 address whose first octet decides (tests compare
    the two on every first octet)."""
    i = address.find(".")
    if i > 0 and ":" not in address:
        got = _uniform_octets().get(address[:i])
        if got is not _MIXED:
            return got
    return classify(address)


class AddressSpecialPurpose(Rule):
    """## What it checks
    An A or AAAA record of a name that an SRV, MX or NS record targets (in any zone of the run),
    or of a zone apex, whose address lies in a range that cannot be reached from another network
    (an explicit table from the RFC 6890 special-purpose registries):

    - always: loopback (127/8, `::1`), link-local (169.254/16, `fe80::/10`), unspecified or
      "this network" (0/8, `::`), limited broadcast (255.255.255.255), reserved 240/4, IPv4-mapped
      `::ffff:0:0/96`, multicast (224/4, RFC 5771; `ff00::/8`, RFC 4291);
    - private (RFC 1918 10/8, 172.16/12, 192.168/16; unique local `fc00::/7`) and shared
      (100.64/10, RFC 6598) addresses only when the name is the target of a federation SRV
      (`_xmpp-server`, `_xmpps-server`, `_sipfederationtls`, `_matrix-fed`): internal PBXs and
      split-brain SIP legitimately use private addresses behind other SRVs;
    - documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24, `2001:db8::/32`,
      `3fff::/20`) only with the option `documentation = true`.

    Never in zones of the views listed in `internal-views` (an internal view serves the internal
    network), nor in a zone whose origin another file of the run also claims without views (a
    split-horizon repository), nor in the `localhost.` zone (RFC 6761). Private and shared
    addresses are also fine in zones under the special-use names for private networks:
    `home.arpa.` (RFC 8375), `local.` (RFC 6762) and `internal.` (reserved by ICANN in 2024).

    With `--resolve`, an SRV, MX or NS target outside every loaded zone is looked up in DNS and its
    addresses are judged the same way (the finding is then at the SRV, MX or NS record, and says
    the answer came from DNS).

    ## Why it matters
    An SRV, MX or NS target, or a domain's own address, exists to be reached by others: remote
    XMPP or SIP servers, mail senders, resolvers. RFC 6890 registers these ranges as not
    forwardable or not globally reachable; a peer that resolves the name connects to its own
    loopback or link-local interface, or to nothing. Seen in real zones: `@ AAAA ::1`, XMPP
    federation targets on 169.254.x.x, `AAAA fe80::…` copied from `ip addr`.

    ## Example
    ```
    _xmpp-server._tcp  IN SRV  5 0 5269 xmpp.example.com.
    xmpp               IN A    169.254.10.5     ; ZL108
    @                  IN AAAA ::1              ; ZL108
    ```

    ## How to fix
    Publish the public address (and keep internal addresses in an internal view):
    ```
    xmpp               IN A    198.51.100.5
    ```

    ## Options
    - `internal-views` (list of str, default `["internal"]`): views whose zones are not judged.
    - `documentation` (bool, default false): also report documentation addresses.

    ## Anchor
    The A or AAAA record (for an address from DNS: the SRV, MX or NS record pointing at it).
    """

    code = "ZL108"
    memos = ("rules.helpers.target_survey", "rules.addresses.federation_targets")
    name = "address-special-purpose"
    severity = WARNING
    summary = "A service host or zone apex has an address no other network can reach"
    tags = ("addresses", "srv", "rfc6890", "cross-zone")
    options = {
        "internal-views": Option(list, ["internal"], "views whose zones are not judged", item=str),
        "documentation": Option(bool, False, "also report documentation addresses (RFC 5737, RFC 3849)"),
    }

    def check(self, ctx):
        graph, zone = ctx.graph, ctx.zone
        if zone.origin is None or zone.key == "localhost." or zone.key.endswith(".localhost."):
            return
        view = zone.view
        if view is not None and view in self.config["internal-views"]:
            return
        if view is None and graph.same_origin(zone):
            return  # split horizon without views: which copy the world sees cannot be told
        documentation = self.config["documentation"]
        apex = zone.key
        private_use = any(apex == s or apex.endswith("." + s) for s in PRIVATE_USE_SUFFIXES)
        yield from self._from_dns(ctx, documentation, private_use)
        unread = () if documentation else DOCUMENTATION_PREFIXES
        federation = None if private_use else federation_targets(graph)
        for rdtype in ("A", "AAAA"):
            for rec in zone.by_type(rdtype):
                data = rec.data
                if data is None or data[0].startswith(unread):
                    continue
                got = _read_verdict(data[0])
                if got is None:
                    continue
                what, source, kind = got
                if kind == "documentation" and not documentation or kind == "private" and private_use:
                    continue
                owner = rec.owner
                if kind == "private":
                    if federation is not None:  # the federation SRVs pointing at the owner, indexed
                        got = federation.get(owner.lower())
                        referrers = () if got is None else got if type(got) is list else (got,)
                    else:
                        referrers = [r for r in graph.referrers(owner) if r.rdtype == "SRV" and _federation(r)]
                    if not referrers:
                        continue
                else:
                    referrers = [r for r in graph.referrers(owner) if r.rdtype in TARGET_NAMES]
                    if not referrers and rec.key != apex:
                        continue
                if referrers:
                    r = referrers[0]
                    short_who = f"{r.rdtype} at {near(r, rec)}{' (+more)' if len(referrers) > 1 else ''} points here"
                else:
                    r = None
                    short_who = "it is the apex address"
                yield ctx.finding(
                    rec,
                    f"{rdtype} {brief(data[0])} is {what}, yet {short_who}",
                    help=LazyText(_special_help, rec, what, source, kind, r, len(referrers)),
                )

    def _from_dns(self, ctx, documentation: bool, private_use: bool):
        """The targets outside every loaded zone whose addresses ``--resolve`` found in DNS."""
        graph = ctx.graph
        for rec in target_survey(graph, ctx.zone).from_dns:  # without --resolve: none
            target = rec.target
            answer = graph.dns_answer(target)
            if answer is None or not answer.addresses or answer.is_alias:
                continue  # an alias is ZL101's
            if rec.rdtype not in TARGET_NAMES or graph.target_status(target) != UNKNOWN:
                continue
            if reported_by_target_rules(graph, rec, target, ctx.zone) is not None:
                continue
            for address in answer.addresses:
                got = classify(address)
                if got is None:
                    continue
                what, source, kind = got
                if kind == "documentation" and not documentation or kind == "private" and private_use:
                    continue
                if kind == "private" and not _federation(rec):
                    continue
                reach = "remote servers" if kind == "private" else "clients on other networks"
                yield ctx.finding(
                    rec,
                    f"{TARGET_NAMES[rec.rdtype]} {brief(target)} has {what} {brief(address)} (from DNS)",
                    help=f"Have {target} publish the address others should connect to: {address} is "
                    f"{what} ({source}), which {reach} cannot reach (answer {answer.said()}).",
                )


def _special_help(rec, what: str, source: str, kind: str, first, referrers: int) -> str:
    """ZL108's help, built when a reporter reads it (:class:`zonelint.LazyText`): ``first`` is the
    first of ``referrers`` records pointing at ``rec``'s owner (None: ``rec`` is an apex address)."""
    if first is not None:
        more = f" and {referrers - 1} more" if referrers > 1 else ""
        who = f"{first.owner} {first.rdtype} ({where(first)}){more} points at it"
        reach = "remote servers" if kind == "private" else "clients on other networks"
    else:
        who = "it is the address of the zone apex"
        reach = "clients on other networks"
    return (f"Publish the address others should connect to (keep internal addresses in "
            f"a view listed in internal-views): {rec.owner} {rec.rdtype} {rec.data[0]} is {what} "
            f"({source}), which {reach} cannot reach, yet {who}.")
