"""Helpers of the target, name and address rules: a target's facts once per distinct name and
run (:func:`target_facts`), the per-zone survey of SRV/MX/NS records (:func:`target_survey`), and
the predicates that decide "this target is already reported" so that one fault gives one finding
(:func:`alias_of`, :func:`ip_literal`, :func:`origin_doubled`, :class:`DoublingScreen`,
:func:`reported_by_target_rules`, :class:`UnreadableTargets`, :func:`hostname_problem`). Part of
:mod:`zonelint.rules.helpers`; import from there."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from itertools import accumulate, compress
from operator import attrgetter

from zonelint import ROOT, TARGET_TYPES, parent_name


#: bits of :func:`target_facts` (one small int per distinct target text)
IS_ALIAS = 1  #: ``alias_of(graph, target)`` is a record
NO_ADDRESS = 2  #: ``graph.has_address(target)`` is false
BAD_HOST = 4  #: ``hostname_problem(target)`` is a reason
FROM_DNS = 8  #: ``graph.dns_answer(target)`` is an answer (``--resolve``, ``zonelint live``)
DIGITS = 16  #: the text starts with a digit or holds ``:``: :func:`ip_literal` may find an address
SINGLE = 32  #: no dot before the last: :func:`single_label_target` may say it is one


def target_facts(graph, target: str) -> int:
    """What the target rules ask about a target name, as the bits above, computed once per
    distinct target text for the run as ``graph`` sees it (most targets are shared by several
    records, and every target rule asks): one ``rrs`` lookup (and ``wildcard_for`` when the name
    owns nothing) answers both :func:`alias_of` and ``has_address``. Each bit is exactly the
    answer of the call it names (tests compare them); do not keep the value past the run."""
    return _per_target(graph, "rules.helpers.target_facts", _target_facts, target)


def _per_target(graph, key: str, compute, target: str):
    """``compute(graph, target)``, kept in the run's ``key`` table (one entry per target text)."""
    cache = graph.memo(key, dict)
    try:
        return cache[target]
    except KeyError:
        got = cache[target] = compute(graph, target)
        return got


def _target_facts(graph, target: str) -> int:
    bits = 0
    if target[:1].isdigit() or ":" in target:
        bits |= DIGITS
    if "." not in target[:-1]:
        bits |= SINGLE
    if not (target == ROOT or _HOST_RE.match(target)) and hostname_problem(target) is not None:
        bits |= BAD_HOST
    if graph.dns_answer(target) is not None:
        bits |= FROM_DNS
    owned = graph.rrs(target)
    if not owned:  # the wildcard answering for it, if any (none for an empty non-terminal)
        wild = graph.wildcard_for(target)
        owned = graph.rrs(wild) if wild is not None else owned
    cname = None
    address = False
    for r in owned:
        t = r.rdtype
        if t == "CNAME":
            if cname is None:
                cname = r
        elif t == "A" or t == "AAAA":
            address = True
    if cname is not None:
        bits |= IS_ALIAS
        graph.memo("rules.targets.alias_of", dict)[target] = cname
    if not address:
        bits |= NO_ADDRESS
    return bits


class TargetSurvey:
    """The SRV, MX and NS records of one zone with a real target (as :func:`target_records`, in
    its order), sorted once into the few each target rule judges: ``aliases`` (target
    ``IS_ALIAS`` or ``FROM_DNS``), ``no_address``, ``bad_host``, ``from_dns``, ``digits``,
    ``single`` (see :func:`target_facts`) and ``doubled`` (:func:`origin_doubled` is a name).
    Records only: read the target with ``rec.target``. Do not mutate."""

    __slots__ = ("aliases", "no_address", "bad_host", "from_dns", "digits", "single", "doubled")

    def __init__(self) -> None:
        self.aliases: list = []
        self.no_address: list = []
        self.bad_host: list = []
        self.from_dns: list = []
        self.digits: list = []
        self.single: list = []
        self.doubled: list = []


def target_survey(graph, zone) -> TargetSurvey:
    """The :class:`TargetSurvey` of ``zone`` as ``graph`` (the rule's ``ctx.graph``) sees the
    run: one walk over the zone's SRV, MX and NS records, computed once and shared by the target,
    name and address rules, so that each of them walks only the records it may report."""
    return graph.memo(("rules.helpers.target_survey", zone), lambda: _survey(graph, zone))


def _survey(graph, zone) -> TargetSurvey:
    survey = TargetSurvey()
    facts = graph.memo("rules.helpers.target_facts", dict)
    doubled = survey.doubled
    screen = DoublingScreen(zone)
    for rdtype in ("SRV", "MX", "NS"):
        i = TARGET_TYPES[rdtype]
        for rec in zone.by_type(rdtype):
            data = rec.data  # ``rec.target``, without the property's lookups
            if data is None:
                continue
            target = data[i]
            if target is None or target == ROOT:
                continue
            bits = facts.get(target)
            if bits is None:
                bits = facts[target] = _target_facts(graph, target)
            if bits:
                if bits & (IS_ALIAS | FROM_DNS):
                    survey.aliases.append(rec)
                if bits & NO_ADDRESS:
                    survey.no_address.append(rec)
                if bits & BAD_HOST:
                    survey.bad_host.append(rec)
                if bits & FROM_DNS:
                    survey.from_dns.append(rec)
                if bits & DIGITS:
                    survey.digits.append(rec)
                if bits & SINGLE:
                    survey.single.append(rec)
            if screen.passes(rec, target) and origin_doubled(rec, target, zone) is not None:
                doubled.append(rec)
    return survey



def alias_of(graph, target: str):
    """The CNAME record that makes ``target`` an alias, or ``None``: a CNAME owned by the target
    itself, or by the wildcard that answers for it when the target does not exist (a query for the
    target would then be answered with a synthesised CNAME). Memoized per target for the run."""
    return _per_target(graph, "rules.targets.alias_of", _alias_of, target)


def zone_for(graph, name: str):
    """``graph.zone_for(name)``, kept per name for the run (ZL103 and the "already reported"
    predicates ask it of one target several times)."""
    return _per_target(graph, "rules.helpers.zone_for", _zone_for, name)


def _zone_for(graph, name: str):
    return graph.zone_for(name)


def dns_alias(graph, target: str):
    """The DNS answer (``graph.dns_answer``, ``--resolve``) saying that ``target``, a name outside
    every loaded zone, is an alias (owns a CNAME), or ``None``."""
    answer = graph.dns_answer(target)
    return answer if answer is not None and answer.is_alias else None


def _alias_of(graph, target: str):
    cnames = graph.rrs(target, "CNAME")
    if cnames:
        return cnames[0]
    wild = graph.wildcard_for(target)
    if wild is not None:
        cnames = graph.rrs(wild, "CNAME")
        if cnames:
            return cnames[0]
    return None


def _strip_origin(name_k: str, origin: str | None) -> str | None:
    """The part of key ``name_k`` before ``origin`` (both absolute, case-folded), else ``None``."""
    if not origin or origin == ROOT:
        return None
    o = origin.lower()
    if name_k.endswith("." + o) and len(name_k) > len(o) + 1:
        return name_k[: -len(o) - 1]
    return None


def _as_ip(text: str) -> str | None:
    if not text or not (text[0].isdigit() or ":" in text):
        return None
    import ipaddress  # here, for a target that looks like an address (~6 M instructions to import)

    try:
        ipaddress.ip_address(text)
    except ValueError:
        return None
    return text


def ip_literal(rec, target: str, zone=None) -> str | None:
    """The IPv4/IPv6 address that ``target`` really is, or ``None``.

    ``39.67.29.4.`` is the address ``39.67.29.4``; a relative ``10.0.0.1`` written in the zone
    ``example.com.`` became ``10.0.0.1.example.com.`` and is judged with the appended origin (the
    ``$ORIGIN`` in effect for the record, or the zone origin) stripped. IPv6 literals
    (``2001:db8::1``) are single labels and are recognised the same way.
    """
    k = target.lower()
    if not (k[:1].isdigit() or ":" in k):
        return None
    for origin in (rec.origin, zone.origin if zone is not None else None):
        rel = _strip_origin(k, origin)
        if rel is not None and _as_ip(rel) is not None:
            return target[: len(rel)]
    whole = target[:-1] if target.endswith(".") else target
    return whole if _as_ip(whole.lower()) is not None else None


@functools.lru_cache(maxsize=256)
def _doubled_suffixes(origins: tuple) -> tuple:
    """For the origins in effect: ``(ends, pairs)``, ``pairs`` being ``(appended,
    meant_origin_text)`` pairs, case-folded, such that a target key ending in
    ``meant_origin_text + "." + appended`` was written without its dot, and ``ends`` those
    suffixes as one tuple (one ``str.endswith`` call rules most names out)."""
    # single-label origins are left out: a zone ``com.`` may own or point at ``com.com.``
    keys = sorted({o.lower() for o in origins if o and o != ROOT and o.count(".") > 1})
    pairs = tuple((a, o[:-1] + "." + a) for a in keys for o in keys)
    return tuple(d for _, d in pairs), pairs


#: the origins of the last :func:`origin_doubled` call and their suffixes: rules walk records in
#: file order, so consecutive calls mostly share them (a zone may have thousands of ``$ORIGIN``s,
#: more than the cache above keeps)
_LAST_DOUBLED: tuple = ((None, None), _doubled_suffixes((None, None)))


def origin_doubled(rec, target: str, zone=None) -> str | None:
    """When ``target`` ends in the origin twice (``xmpp.example.com.example.com.``: an absolute name
    written without its trailing dot, so the origin was appended again), the name that was meant
    (``xmpp.example.com.``); else ``None``. Both the ``$ORIGIN`` in effect for the record and the
    zone origin are tried, so ``mail.example.com`` written under ``$ORIGIN sub.example.com.`` in
    the zone ``example.com.`` is caught too."""
    global _LAST_DOUBLED
    origins = (rec.origin, zone.origin if zone is not None else None)
    last = _LAST_DOUBLED
    if origins == last[0]:
        ends, pairs = last[1]
    else:
        got = _doubled_suffixes(origins)
        _LAST_DOUBLED = (origins, got)
        ends, pairs = got
    if not ends:
        return None
    k = target.lower()
    if not k.endswith(ends):
        return None
    for appended, doubled in pairs:
        if k.endswith(doubled) and (len(k) == len(doubled) or k[-len(doubled) - 1] == "."):
            return target[: len(k) - len(appended) - 1] + "."
    return None


class DoublingScreen:
    """A cheap test that a name *may* end in the origin twice (see :func:`origin_doubled`): when
    it fails, ``origin_doubled(rec, name, zone)`` is ``None``, so most names are ruled out
    without it. It holds when the zone origin has two labels or more and the record's
    ``$ORIGIN`` lies at or below it (then every doubled name holds the zone origin's text, dot
    included, once before its final copy); otherwise it passes every name."""

    __slots__ = ("origin", "size", "_last", "_below")

    def __init__(self, zone) -> None:
        origin = zone.origin
        self.origin = origin.lower() if origin and origin.count(".") > 1 else None
        self.size = len(self.origin) if self.origin else 0
        self._last: object = self  # the last record origin judged, and whether it lies below
        self._below = False

    def _below_zone(self, r: str | None) -> bool:
        """The record ``$ORIGIN`` ``r`` leaves the screen valid: none, single-label, or at or
        below the zone origin."""
        rl = r.lower() if r else ""
        return not r or rl == self.origin or rl.endswith("." + self.origin) or r.count(".") < 2

    def passes(self, rec, name: str) -> bool:
        """False only when ``name`` cannot end in the origin twice for ``rec``."""
        zl = self.origin
        if zl is None:
            return True
        r = rec.origin
        if r is not self._last:
            self._last = r
            self._below = self._below_zone(r)
        if not self._below:
            return True
        size = self.size
        if len(name) < 2 * size:
            return not name.isascii()  # lower() may lengthen a non-ASCII name: let it through
        k = name.lower()
        return k.find(zl, 0, len(k) - size) >= 0


    def owners(self, records, shortest: int):
        """``(index, record)`` for the ``records`` (in order) whose owner is at least
        ``shortest`` characters long and passes the screen (:meth:`passes`): the owners of
        :data:`OWNER_CHUNK` records at a time searched as one text (:meth:`rows`), only the few
        it leaves judged one by one; :meth:`owners_by_record` where the text cannot be searched
        so (a non-ASCII owner, one holding a newline) or the screen is off."""
        if self.origin is None:
            yield from self.owners_by_record(records, shortest)
            return
        for start in range(0, len(records), OWNER_CHUNK):
            chunk = records[start : start + OWNER_CHUNK]
            owners = list(map(_OWNER, chunk))
            text = "\n".join(owners)
            if not text.isascii() or text.count("\n") != len(owners) - 1:
                yield from self.owners_by_record(records, shortest, start, start + len(chunk))
                continue
            for j in self.rows(chunk, owners, text):
                owner = owners[j]
                if len(owner) >= shortest and self.passes(chunk[j], owner):
                    yield start + j, chunk[j]

    def rows(self, records: list, owners: list[str], text: str) -> list[int]:
        """The indexes (increasing) of the ``records`` whose owner :meth:`passes` may let
        through, or more: those whose owner holds the origin (ASCII case folded) before its end,
        found by one search of ``text`` (``owners``, the records' owners, joined by newlines;
        ASCII, no owner holding a newline; none when the text holds the origin exactly once per
        owner, each at an owner's end), and those whose ``$ORIGIN`` leaves the screen off
        (:meth:`_below_zone`). Every index when the screen is off for the zone."""
        zl = self.origin
        if zl is None:
            return list(range(len(records)))
        rows: set[int] = set()
        lowered = text.lower()
        n = len(owners)
        # every owner ending in the origin, once each (the usual chunk: the origin at no other place)
        plain = lowered.count(zl) == n and lowered.count(zl + "\n") + lowered.endswith(zl) == n
        at = [] if plain else [m.start() for m in re.finditer(re.escape(zl) + "(?!\n|\\Z)", lowered)]
        if at:
            starts = list(accumulate(map((1).__add__, map(len, owners)), initial=0))
            rows.update(bisect_right(starts, p) - 1 for p in at)
        origins = list(map(_ORIGIN, records))
        odd = {r for r in set(origins) if not self._below_zone(r)}
        if odd:
            rows.update(compress(range(len(records)), map(odd.__contains__, origins)))
        return sorted(rows)

    def owners_by_record(self, records, shortest: int, start: int = 0, stop: int | None = None):
        """:meth:`owners` of ``records[start:stop]`` (indexes into ``records``), one record at a
        time: the reference (tests compare the two)."""
        zl = self.origin
        size = self.size
        twice = 2 * size
        last: object = self
        below = False
        for i in range(start, len(records) if stop is None else stop):
            rec = records[i]
            owner = rec.owner
            n = len(owner)
            if n < shortest:
                continue
            if zl is not None:
                r = rec.origin
                if r is not last:
                    last = r
                    below = self._below_zone(r)
                if below:
                    if n < twice:
                        if owner.isascii():
                            continue
                    else:
                        k = owner.lower()
                        if k.find(zl, 0, len(k) - size) < 0:
                            continue
            yield i, rec


#: the records :meth:`DoublingScreen.owners` searches as one text
OWNER_CHUNK = 4096
_OWNER = attrgetter("owner")
_ORIGIN = attrgetter("origin")


def missing_dot_fix(rec, name: str, meant: str, part: str, index: int = 0, writer=None):
    """The fix of a name that ends in the origin twice (ZL105 target, ZL107 owner): add the
    trailing dot the name was written without, so that it reads ``meant`` (see
    :func:`origin_doubled`). Only when ``name`` is ``meant`` without its dot completed with the
    record's own origin, i.e. the written token holds the origin text; ``None`` otherwise (the
    doubling came from an ``$ORIGIN`` that itself ends in the origin twice: no dot on the token
    undoes it). ``writer`` is the record that writes the name when ``rec`` inherits it (an owner
    left blank): the dot goes there."""
    at = writer if writer is not None else rec
    origin = at.origin
    if not origin or origin == ROOT or name.lower() != meant[:-1].lower() + "." + origin.lower():
        return None
    from zonelint import Fix, make_absolute  # the fix vocabulary: imported when a fix is made

    return Fix.of(f"add the missing trailing dot: {meant}", make_absolute(at, part, meant, index))


def delegations(zone) -> frozenset:
    """The delegation points of ``zone``: its NS owners other than the apex, case-folded (once
    per zone)."""
    return zone.memo(
        "rules.helpers.delegations", lambda: frozenset(r.key for r in zone.by_type("NS") if r.key != zone.key)
    )


def below_delegation(zone, name: str, at_cut: bool = False) -> bool:
    """True when ``name`` lies strictly below a delegation of ``zone`` (a non-apex NS owner), or at
    one when ``at_cut``: such names belong to the child zone (glue, occluded data), so a doubled
    origin in them is not this zone's fault (a child ``org.example.org.`` may own
    ``example.org.example.org.``)."""
    cuts = delegations(zone)
    if not cuts:
        return False
    k = name.lower()
    if at_cut and k in cuts:
        return True
    apex = zone.key
    p = parent_name(k)
    while p is not None and p != apex and len(p) > len(apex):
        if p in cuts:
            return True
        p = parent_name(p)
    return False


def doubled_by_directive(zone, rec) -> bool:
    """True when ``rec`` lies below a relative ``$ORIGIN``/``$INCLUDE`` origin that doubled the
    zone origin (the loader's ZL107 problem at that directive): the fault is reported there once,
    not at every record or target below it."""
    origins = zone.memo(
        "rules.helpers.doubled_origins",
        lambda: frozenset((p.owner or "").lower() for p in zone.problems if p.code == "ZL107"),
    )
    return bool(origins) and (rec.origin or "").lower() in origins


class UnreadableTargets:
    """Whether a target's own records failed to parse (ZL001) in the zone authoritative for it:
    whether such a name exists or has an address cannot be told, so ZL103 and ZL703 do not
    judge it. One set of owners per zone, built on first use."""

    def __init__(self, graph) -> None:
        self.graph = graph
        self._owners: dict[int, set[str]] = {}

    def __call__(self, target: str) -> bool:
        zone = zone_for(self.graph, target)
        if zone is None:
            return False
        owners = self._owners.get(id(zone))
        if owners is None:
            owners = self._owners[id(zone)] = {
                p.owner.lower() for p in zone.problems if p.code == "ZL001" and p.owner
            }
        return target.lower() in owners


def reported_by_target_rules(graph, rec, target: str, zone=None) -> str | None:
    """The code of the rule (ZL101, ZL102, ZL105, ZL107, ZL109 or ZL111) that reports this
    record's target, if any.

    ZL103 and ZL703 skip such targets: one finding per fault. ZL101, ZL102 and ZL111 only judge
    SRV, MX and NS records here; ZL105 and ZL109 also judge CNAME targets; ZL107 reports the owner
    a missing target was written as (its name with the origin twice).
    """
    if origin_doubled(rec, target, zone) is not None:
        return "ZL105"
    if rec.rdtype in ("SRV", "MX", "NS"):  # what the target's facts say, asked once per target
        if target_facts(graph, target) & DIGITS and ip_literal(rec, target, zone) is not None:
            return "ZL102"
        return reported_for_target(graph, target)
    return _per_target(graph, "rules.helpers.reported_by_name", _reported_by_name, target)


def reported_for_target(graph, target: str) -> str | None:
    """The part of :func:`reported_by_target_rules` for an SRV, MX or NS record that depends on its
    target alone (ZL101, ZL111, ZL109 or ZL107; not ZL105 and ZL102, which depend on the record's
    ``$ORIGIN``), computed once per target and run."""
    return _per_target(graph, "rules.helpers.reported_for_target", _reported_for_target, target)


def _reported_for_target(graph, target: str) -> str | None:
    bits = target_facts(graph, target)
    if bits & IS_ALIAS or bits & FROM_DNS and dns_alias(graph, target) is not None:
        return "ZL101"
    if bits & BAD_HOST:
        return "ZL111"
    return _per_target(graph, "rules.helpers.reported_by_name", _reported_by_name, target)


def _reported_by_name(graph, target: str) -> str | None:
    """The part of :func:`reported_by_target_rules` that depends on the target only."""
    if single_label_target(graph, target):
        return "ZL109"
    if owner_written_doubled(graph, target):
        return "ZL107"
    return None


def owner_written_doubled(graph, name: str) -> bool:
    """True when ``name`` does not exist but ``name`` with its zone's origin appended once more
    does (``georgi-vps.example.org.example.org.``): the owner was written without its trailing dot
    (ZL107 reports it there), so records pointing at ``name`` are not reported again."""
    zone = zone_for(graph, name)
    origin = zone.origin if zone is not None else None
    if origin is None or origin.count(".") < 2 or graph.exists(name):
        return False
    return graph.exists(name[:-1] + "." + origin if name != ROOT else origin)


def single_label_target(graph, target: str) -> bool:
    """True when ``target`` is an absolute single-label name other than ``.`` (``services.``) and
    not the apex of a loaded zone (``ai.`` in the TLD zone ``ai.``): almost always a name written
    with a trailing dot where the origin was meant (ZL109)."""
    if target == ROOT or parent_name(target) != ROOT:
        return False
    # every zone of the run counts, also a TLD zone that other zones' lookups do not see (ZL009)
    apexes = graph.memo(
        "rules.helpers.run_apexes",
        lambda: frozenset(z.key for z in graph.perspectives().zones if z.origin is not None),
    )
    return target.lower() not in apexes


#: labels of letters, digits and hyphens that start and end with a letter or digit, each label
#: read as runs of letters and digits joined by runs of hyphens, possessively: nothing is tried
#: twice, ~8 times faster than backtracking ``[A-Za-z0-9-]*[A-Za-z0-9]`` (tests compare the two)
_HOST_RE = re.compile(r"(?:[A-Za-z0-9]++(?:-++[A-Za-z0-9]++)*+\.)++\Z")
#: an absolute name of plain host-name labels (letters, digits, hyphens inside): where it
#: matches, :func:`hostname_problem` is ``None`` (without ``mailbox``), so a rule walking many
#: names may call it only for the others
PLAIN_HOST_NAME = _HOST_RE


@functools.cache
def _host_label_re() -> re.Pattern:  # compiled on first use, like _escape_re: rare paths
    return re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\Z")


@functools.cache
def _escape_re() -> re.Pattern:
    return re.compile(r"\\(\d{3}|.)", re.S)


def _labels(name: str) -> list[str]:
    """The labels of an absolute name in text form, ``\\DDD`` and ``\\X`` escapes decoded."""
    labels, cur, i = [], [], 0
    body = name[:-1] if name.endswith(".") else name
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            m = _escape_re().match(body, i)
            esc = m.group(1)
            cur.append(chr(int(esc)) if esc.isdigit() else esc)
            i = m.end()
        elif c == ".":
            labels.append("".join(cur))
            cur = []
            i += 1
        else:
            cur.append(c)
            i += 1
    labels.append("".join(cur))
    return labels


def _label_problem(label: str) -> str | None:
    if _host_label_re().match(label):
        return None
    shown = label.encode("unicode_escape").decode("ascii")
    if not label:
        return "is empty"
    bad = next((c for c in label if not (c.isascii() and (c.isalnum() or c == "-"))), None)
    if bad is not None:
        what = {"_": "an underscore", " ": "a space", ".": "an escaped dot", "*": "a '*'"}.get(bad)
        return f"'{shown}' contains {what or repr(bad)}"
    return f"'{shown}' starts or ends with a hyphen"


def hostname_problem(name: str, wildcard: bool = False, mailbox: bool = False) -> str | None:
    """Why ``name`` (absolute text) is not a host name as BIND's check-names judges it (RFC 952,
    RFC 1123 §2.1: labels of letters, digits and hyphens that start and end with a letter or
    digit; all-digit labels allowed), or None. ``wildcard`` allows a leading ``*`` label (owners);
    ``mailbox`` leaves the first label free (the SOA RNAME, a mailbox)."""
    if name == ROOT or (not mailbox and _HOST_RE.match(name)):
        return None  # the common case: plain letters, digits and hyphens
    labels = _labels(name)
    if mailbox and labels:
        labels = labels[1:]
    elif wildcard and labels and labels[0] == "*":
        labels = labels[1:]
    for label in labels:
        why = _label_problem(label)
        if why is not None:
            return f"the label {why}"
    return None
