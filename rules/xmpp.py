"""XMPP rules: groupchat/MUC SRVs, federation, `_xmppconnect` TXT, port collisions, the legacy
`_jabber._tcp` SRV (ZL301-ZL305).

All four rules share one notion of "XMPP domain" and "MUC component", implemented once in
:class:`XmppDomains` (``rules/helpers/xmpp.py``; issue 3, "General rules of judgement"):

- the owner D of an `_xmpp-client._tcp`, `_xmpps-client._tcp`, `_xmpp-server._tcp` or
  `_xmpps-server._tcp` SRV with a real target is an XMPP domain,
- unless D is `<muc-label>.P` where P is itself an XMPP domain: then D is a component of P;
- a root-target (`.`) SRV never makes its owner an XMPP domain.
"""

from __future__ import annotations

from zonelint import ERROR, INFO, ROOT, WARNING, Option, Rule, parent_name

from .helpers import (  # XMPP_SERVICES, XmppServices: this module's names before the table moved
    MUC_LABELS,
    ROOT_BITS,
    S2S_PORT,
    SERVER_INDEX,
    TIMPLUS_LABEL,
    TIMPLUS_QUOTE,
    XMPP_SERVICES,  # noqa: F401
    XmppDomains,
    XmppServices,  # noqa: F401
    brief,
    child,
    first_label,
    legacy_srv_without_successor,
    may_collide,
    position,
    positions,
    resolves_to_address,
)


class XmppGroupchatSrvMissing(Rule):
    """## What it checks
    For every XMPP domain D of the zone (the owner of an `_xmpp-client`, `_xmpps-client`,
    `_xmpp-server` or `_xmpps-server` `_tcp` SRV with a real target), each MUC subdomain
    `<label>.D` (labels from `muc-labels`) that owns records but has no
    `_xmpp-server._tcp.<label>.D` SRV. A root-target SRV there counts as present.

    - **info** when remote servers can still fall back to `<label>.D`'s A/AAAA on port 5269;
    - **warning** when D's own `_xmpp-server._tcp` uses a port other than 5269 (so the
      fallback to 5269 probably misses the server) or `<label>.D` has no address either.

    Under `profile = "timplus"` every XMPP domain must publish `_xmpp-server._tcp.groupchat.D`,
    whether or not `groupchat.D` owns records: **error**. It is silent when `groupchat.D` is
    delegated to a zone that is not loaded (it cannot be judged), and when D's own
    `_xmpp-server._tcp` is only a root target (D deliberately does not federate).

    A name `<label>.D` is itself a component of D, not an XMPP domain: it never needs its own
    groupchat.

    ## Why it matters
    Other servers reach a MUC service by its own domain. The Prosody DNS guide ("Subdomains"):
    "If you provide services on subdomains, such as MUC chatrooms and other components, that you
    wish to be accessible from other servers, these will require DNS entries too. If you are
    using the standard server-to-server port (5269), an A record is enough. If you are using
    custom ports, or need to run Prosody on another hostname (e.g. xmpp.example.com) then you will
    need to specify SRV records, for _xmpp-server only." Without either, users of other servers
    cannot join the rooms. TIM+ makes the SRV mandatory: "Each TIM+ domain requires two SRV
    records: one for the domain itself and one for the groupchat subdomain" (TIM+ DNS
    configuration, "SRV Server Records").

    ## Example
    ```
    _xmpp-server._tcp  IN SRV 0 5 5270 xmpp.example.com.
    conference         IN A   192.0.2.10     ; ZL301 warning: non-default port, no SRV
    ```

    ## How to fix
    ```
    _xmpp-server._tcp.conference  IN SRV 0 5 5270 xmpp.example.com.
    ```

    ## Options
    - `muc-labels` (list of str, default `["groupchat", "conference", "muc"]`): the leftmost labels
      that make `<label>.D` a MUC component of D. The other XMPP rules recognise components with
      the default labels.

    ## Anchor
    The first record of `<label>.D`, preferring one in the zone being checked (a delegation's NS
    record, for a component delegated to a loaded zone). Under `timplus`, the missing groupchat SRV
    is reported at D's first `_xmpp-server._tcp` record (else D's first XMPP SRV).
    """

    code = "ZL301"
    memos = (
        "rules.helpers.srv_index",
        "rules.xmpp.XmppDomains",
        "rules.xmpp.XmppServices",
        "rules.xmpp.owners_in",
        "rules.helpers.delegations",
    )
    name = "xmpp-groupchat-srv-missing"
    severity = WARNING
    summary = "A MUC/groupchat subdomain of an XMPP domain has no _xmpp-server._tcp SRV"
    tags = ("xmpp", "srv", "muc", "timplus")
    options = {
        "muc-labels": Option(
            list,
            list(MUC_LABELS),
            "Leftmost labels that make <label>.D a MUC component of the XMPP domain D",
            item=str,
        )
    }

    def check(self, ctx):
        graph = ctx.graph
        zone = ctx.zone
        xmpp = XmppDomains.shared(graph, self.config["muc-labels"])
        timplus = ctx.profile == "timplus"
        labels = [label.lower().rstrip(".") for label in self.config["muc-labels"]]
        if timplus and TIMPLUS_LABEL not in labels:
            labels.append(TIMPLUS_LABEL)
        labels = list(dict.fromkeys(labels))
        key = position(zone)
        for domain in xmpp.domains_in(zone):
            flat = xmpp.published(domain)
            server = False
            real_server = []
            odd = set()
            for j in range(0, len(flat), 2):
                code = flat[j]
                if code & 3 != SERVER_INDEX:
                    continue
                server = True
                bits = code >> 2
                if bits == ROOT_BITS:
                    continue
                rec = flat[j + 1]
                real_server.append(rec)
                port = bits - 2 if bits else rec.data[2]
                if port not in (S2S_PORT, 0):
                    odd.add(port)
            if server and not real_server:
                continue  # `_xmpp-server._tcp.D SRV ... .`: D does not federate on purpose
            odd_ports = sorted(odd)
            below = "." + domain if domain != ROOT else "."  # child(label, domain) is label + below
            for label in labels:
                muc = label + below
                required = timplus and label == TIMPLUS_LABEL
                # (no exists() first: a name that owns no records, absent or an empty
                # non-terminal, answers rrs() with one missed look-up, exists() with more)
                muc_recs = graph.rrs(muc)
                if not muc_recs and not required:
                    continue  # nothing at <label>.D (an empty non-terminal owns no records)
                srv_name = child("_xmpp-server", child("_tcp", muc))
                if graph.rrs(srv_name, "SRV"):
                    continue
                if graph.zone_for(srv_name) is None:
                    continue  # delegated to (or lying in) a zone that is not loaded
                if required:
                    anchor = min(real_server or xmpp.real_records(domain), key=key)
                    yield ctx.finding(
                        anchor,
                        f"TIM+ domain {brief(domain)} has no _xmpp-server._tcp SRV for its "
                        f"{label} service",
                        help=f"Publish `{srv_name} SRV`: remote TIM+ servers cannot discover the "
                        f"groupchat service; {TIMPLUS_QUOTE}.",
                        severity=ERROR,
                    )
                    continue
                in_zone = [r for r in muc_recs if graph.zone_of(r) is zone]
                anchor = min(in_zone, key=key) if in_zone else muc_recs[0]
                if odd_ports:
                    ports = ", ".join(str(p) for p in odd_ports)
                    yield ctx.finding(
                        anchor,
                        f"MUC component {brief(muc)} has no _xmpp-server._tcp SRV, but its domain "
                        f"uses port {brief(ports, 16)}",
                        help=f"Add `{srv_name} SRV` with the real port (Prosody DNS guide: custom "
                        f"ports need SRV records, for _xmpp-server only): {domain}'s _xmpp-server._tcp "
                        f"uses port {ports}, and remote servers fall back to {muc}:{S2S_PORT}, where "
                        f"the server probably does not listen.",
                    )
                elif not resolves_to_address(graph, muc):
                    yield ctx.finding(
                        anchor,
                        f"MUC component {brief(muc)} has neither an _xmpp-server._tcp SRV nor an "
                        f"A/AAAA record",
                        help=f"Add `{srv_name} SRV` (or an A/AAAA if the server listens on "
                        f"{S2S_PORT} there): other servers cannot reach the rooms of {muc} (MUC "
                        f"component of XMPP domain {domain}; RFC 6120 §3.2).",
                    )
                else:
                    yield ctx.finding(
                        anchor,
                        f"MUC component {brief(muc)} has no _xmpp-server._tcp SRV; servers fall back "
                        f"to its A/AAAA",
                        help=f"Publish `{srv_name} SRV` if the server runs on another host or port: "
                        f"remote servers fall back to the A/AAAA of {muc} (MUC component of XMPP "
                        f"domain {domain}) on port {S2S_PORT} (Prosody DNS guide: on the standard "
                        f"port \"an A record is enough\").",
                        severity=INFO,
                    )


class XmppFederationMissing(Rule):
    """## What it checks
    An XMPP domain D that publishes client SRVs (`_xmpp-client._tcp` or `_xmpps-client._tcp`
    with a real target) but no `_xmpp-server._tcp` and no `_xmpps-server._tcp` SRV. A root-target
    `_xmpp-server._tcp.D SRV 0 0 0 .` counts as present: it says "no federation" on purpose. A
    root-target `_xmpps-server._tcp` alone does not: it only says "no direct TLS" (XEP-0368), and
    other servers still look for `_xmpp-server._tcp`.

    - **warning** when D has no A/AAAA record either: no other server can reach it;
    - **info** when D has an A/AAAA: other servers fall back to D itself on port 5269;
    - **error** under `profile = "timplus"` whenever the server SRV is absent.

    ## Why it matters
    RFC 6120 §3.2 has a server look up `_xmpp-server._tcp.D` and, when that fails, fall back to
    D's own A/AAAA on port 5269. The Prosody DNS guide describes the two kinds of records as
    "those for clients to use (client-to-server, or 'c2s'), and those for other XMPP servers to
    use when they look up your domain (server-to-server, or 's2s')". A domain that points clients
    elsewhere but publishes no server SRV (and has no address of its own) cannot receive
    messages from other domains. TIM+ "only requires server SRV records to be created for the
    dynamic discovery of servers associated to external domains" (TIM+ DNS configuration), so
    under that profile the server SRV is mandatory.

    ## Example
    ```
    _xmpp-client._tcp  IN SRV 0 5 5222 xmpp.example.com.    ; ZL302 warning
    ```

    ## How to fix
    ```
    _xmpp-client._tcp  IN SRV 0 5 5222 xmpp.example.com.
    _xmpp-server._tcp  IN SRV 0 5 5269 xmpp.example.com.
    ```
    or, if the domain must not federate, say so: `_xmpp-server._tcp IN SRV 0 0 0 .`

    ## Options
    None of its own. The `profile` setting changes its verdict: under `profile = "timplus"` a
    missing server SRV is always an error. MUC components (not judged as domains of their own)
    are recognised by the default labels `groupchat`, `conference` and `muc`; ZL301's
    `muc-labels` option does not change that.

    ## Anchor
    The first client SRV of D (with a real target).
    """

    code = "ZL302"
    memos = ("rules.xmpp.XmppDomains",)
    name = "xmpp-federation-missing"
    severity = WARNING
    summary = "An XMPP domain publishes client SRVs but no _xmpp-server._tcp SRV"
    tags = ("xmpp", "srv", "federation", "rfc6120", "timplus")

    def check(self, ctx):
        graph = ctx.graph
        zone = ctx.zone
        xmpp = XmppDomains.shared(graph)
        timplus = ctx.profile == "timplus"
        key = position(zone)
        for domain in xmpp.domains_in(zone):
            clients, server = xmpp.federation(domain)
            if server or not clients:
                continue  # a "." _xmpp-server says "no federation"; a "." _xmpps-server only "no direct TLS"
            anchor = min(clients, key=key)
            server_name = child("_xmpp-server", child("_tcp", domain))
            if timplus:
                yield ctx.finding(
                    anchor,
                    f"TIM+ domain {brief(domain)} publishes client SRVs but no _xmpp-server._tcp SRV",
                    help=f"Publish `{server_name} SRV`: remote TIM+ servers cannot discover the "
                    f"domain without it (TIM+ requires the server SRV).",
                    severity=ERROR,
                )
            elif resolves_to_address(graph, domain):
                yield ctx.finding(
                    anchor,
                    f"XMPP domain {brief(domain)} publishes client SRVs but no _xmpp-server._tcp SRV",
                    help=f"Publish `{server_name} SRV` (or a root-target one to refuse federation "
                    f"explicitly): other servers fall back to {domain}'s own A/AAAA on port "
                    f"{S2S_PORT} (RFC 6120 §3.2).",
                    severity=INFO,
                )
            else:
                yield ctx.finding(
                    anchor,
                    f"XMPP domain {brief(domain)} has client SRVs but no _xmpp-server._tcp SRV or "
                    f"A/AAAA to fall back on",
                    help=f"Publish `{server_name} SRV`, or `{server_name} SRV 0 0 0 .` to refuse "
                    f"federation: without it or an A/AAAA record to fall back on (RFC 6120 §3.2) no "
                    f"other server can reach the domain.",
                )


#: XEP-0156 attribute -> URL schemes that are acceptable for it
XMPPCONNECT_SCHEMES = {
    "_xmpp-client-xbosh": ("https",),
    "_xmpp-client-websocket": ("wss",),
    "_xmpp-client-httppoll": ("https",),
}
INSECURE = {"http": "https", "ws": "wss"}


def xmppconnect_problem(value: str) -> str | None:
    """What is wrong with one `_xmppconnect` TXT value (None when it is well-formed https/wss)."""
    if "=" not in value:
        return f"its value {value!r} is malformed (expected `_xmpp-client-xbosh=https://...` or `_xmpp-client-websocket=wss://...`)"
    attr, _, url = value.partition("=")
    attr_l = attr.strip().lower()
    if not (attr_l.startswith("_xmpp-client-") or attr_l.startswith("_xmpp-server-")):
        return f"its attribute {attr!r} is malformed (XEP-0156 names start with `_xmpp-client-` or `_xmpp-server-`)"
    from urllib.parse import urlsplit  # here: importing urllib.parse costs ~12 M instructions a start

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        parts = None
    if parts is None or not parts.scheme or not parts.netloc:
        return f"its URL {url!r} is malformed (expected an absolute https:// or wss:// URL)"
    scheme = parts.scheme.lower()
    allowed = XMPPCONNECT_SCHEMES.get(attr_l, ("https", "wss"))
    if scheme in INSECURE:
        return f"its URL {url!r} uses unencrypted {scheme}://, not {INSECURE[scheme]}://"
    if scheme not in allowed:
        return f"its URL {url!r} uses {scheme}://, not {' or '.join(s + '://' for s in allowed)}"
    return None


def txt_value(rec) -> str:
    strings = rec.data[0] if rec.data is not None else tuple(rec.rdata.strings)
    return b"".join(strings).decode("utf-8", "replace")


class XmppconnectTxtObsolete(Rule):
    """## What it checks
    A TXT record at `_xmppconnect.D`. The finding also says when the value is malformed (no
    `attribute=URL`, an attribute not starting with `_xmpp-client-`/`_xmpp-server-`, no absolute
    URL) or does not use https (BOSH) / wss (WebSocket).

    ## Why it matters
    The Prosody DNS guide still describes it: "some XMPP software supports discovering
    alternative connection methods via the _xmppconnect TXT record", pointing to XEP-0156.
    XEP-0156 itself (version 1.4.0, 2022-02-10) no longer defines the DNS TXT method: its
    abstract now reads "This document defines an XMPP Extension Protocol for discovering
    alternative methods of connecting to an XMPP server via Web Host Metadata Link format"
    (earlier versions defined "DNS TXT resource records" and "Link entries in a server's
    "host-meta" file"). Unsigned TXT records can be spoofed to send web clients to an
    attacker's BOSH or WebSocket endpoint; a plain `http://` or `ws://` URL makes it worse.

    ## Example
    ```
    _xmppconnect  IN TXT "_xmpp-client-xbosh=http://bosh.example.com/http-bind"
    ```

    ## How to fix
    Delete the TXT record and serve `https://example.com/.well-known/host-meta` (and
    `host-meta.json`) with a Link `rel="urn:xmpp:alt-connections:xbosh"` or
    `rel="urn:xmpp:alt-connections:websocket"` pointing to the https/wss endpoint.

    ## Anchor
    Each `_xmppconnect` TXT record.
    """

    code = "ZL303"
    memos = ("rules.xmpp.XmppDomains",)
    name = "xmppconnect-txt-obsolete"
    severity = WARNING
    summary = "An _xmppconnect TXT record (XEP-0156 DNS discovery, removed as insecure)"
    tags = ("xmpp", "txt", "xep0156")

    def check(self, ctx):
        xmpp = XmppDomains.shared(ctx.graph)
        for rec in ctx.zone.by_type("TXT"):
            owner = rec.owner
            if not owner.startswith("_") or first_label(owner) != "_xmppconnect":
                continue
            domain = parent_name(owner) or ROOT
            if xmpp.is_domain(domain):
                who = f"XMPP domain {domain}"
            else:
                parent = xmpp.component_of(domain)
                who = f"{domain} (component of {parent})" if parent else domain
            value = txt_value(rec)
            problem = xmppconnect_problem(value)
            help = (
                f"Publish the BOSH/WebSocket URL in https://{domain.rstrip('.')}/.well-known/"
                f"host-meta instead: XEP-0156 DNS discovery (used here for {who}) was removed in "
                f"XEP-0156 1.4.0 as insecure"
            )
            if problem:
                help += f"; also, {problem}"
            yield ctx.finding(
                rec,
                f"_xmppconnect TXT of {brief(domain)} uses XEP-0156 DNS discovery, removed as insecure",
                help=help + ".",
            )


#: services whose pairing on one target:port needs no multiplexer (ALPN, XEP-0368)
DIRECT_TLS = frozenset(("_xmpps-client", "_xmpps-server"))


def collision_kind(a: str, b: str) -> str:
    if {a, b} == {"_xmpp-client", "_xmpp-server"}:
        return "client and server STARTTLS"
    if a.startswith("_xmpps-") != b.startswith("_xmpps-"):
        return "STARTTLS and direct TLS"
    return "two services"  # pragma: no cover - other pairs are excluded or covered above


class XmppPortCollision(Rule):
    """## What it checks
    Two XMPP services of one domain that advertise the same target and port, when the two need
    different protocols on the first bytes of the connection:

    - STARTTLS and direct TLS: `_xmpp-client` vs `_xmpps-client`, `_xmpp-server` vs
      `_xmpps-server` (and the crossed pairs `_xmpp-client` vs `_xmpps-server`, `_xmpp-server`
      vs `_xmpps-client`);
    - client and server STARTTLS: `_xmpp-client` vs `_xmpp-server`.

    It never fires for `_xmpps-client` vs `_xmpps-server`: both are direct TLS and are told apart
    by ALPN. Root targets and port 0 (ZL202's) are skipped.

    ## Why it matters
    XEP-0368 says a `xmpps-` service "MUST connect with direct TLS enabled" and an `xmpp-` one
    "MUST NOT"; one listener cannot expect a TLS ClientHello and a plain XML stream header at
    once, nor serve c2s and s2s STARTTLS streams, unless a protocol multiplexer (sslh, Prosody's
    `mod_net_multiplex`) sits in front. XEP-0368 lets direct-TLS services share a port: it
    provides "a way to host multiple services on the same port, especially when SNI or ALPN
    extensions are used" (§4, Use Cases), while warning that "Server operators should not expect
    multiplexing (via ALPN) to work in all scenarios" (§5, Implementation Notes).

    ## Example
    ```
    _xmpp-client._tcp   IN SRV 0 5 5222 xmpp.example.com.
    _xmpps-client._tcp  IN SRV 0 5 5222 xmpp.example.com.   ; ZL304
    ```

    ## How to fix
    Give each service its own port (`_xmpps-client._tcp … 5223 …`), or keep the shared port only
    if a multiplexer really sits in front of the server (then suppress with `; noqa: ZL304`).

    ## Anchor
    The first record (in file order) that advertises a target:port already advertised by an
    incompatible service of the same domain; one finding per domain, target and port.
    """

    code = "ZL304"
    memos = ("rules.xmpp.XmppDomains", "rules.xmpp.owners_in")
    name = "xmpp-port-collision"
    severity = WARNING
    summary = "Two XMPP services of one domain share a target and port (needs a multiplexer)"
    tags = ("xmpp", "srv", "ports", "xep0368")

    def check(self, ctx):
        zone = ctx.zone
        xmpp = XmppDomains.shared(ctx.graph)
        key = position(zone)
        for domain in xmpp.owners_in(zone):
            flat = xmpp.published(domain)
            if not flat or flat[0] & 3 == flat[-2] & 3 or not may_collide(flat):
                continue  # one service at most (the codes come in service order), or no shared port
            svcs = xmpp.services(domain)
            recs = sorted(
                (
                    (r, s)
                    for s, rs in svcs.items()
                    for r in rs
                    if r.target != ROOT and r.data[2] != 0
                ),
                key=lambda rs: key(rs[0]),
            )
            groups: dict[tuple[str, int], list] = {}
            for r, s in recs:
                groups.setdefault((r.target.lower(), r.data[2]), []).append((r, s))
            for (_, port), members in groups.items():
                seen: dict[str, object] = {}
                for r, s in members:
                    clash = next((o for o in seen if o != s and {o, s} != DIRECT_TLS), None)
                    if clash is not None:
                        other = seen[clash]
                        services = ", ".join(dict.fromkeys(x for _, x in members))
                        yield ctx.finding(
                            r,
                            f"{brief(r.target, 32)}:{port} serves {s}._tcp and {clash}._tcp"
                            + (f" ({p})" if (p := positions([other], r)) else "")
                            + " on one port",
                            help=f"Give each its own port (XEP-0368: only direct-TLS services share "
                            f"a port, via ALPN): {collision_kind(clash, s)} on one port work only "
                            f"behind a protocol multiplexer ({domain} advertises {r.target}:{port} "
                            f"for {services}).",
                        )
                        break
                    seen.setdefault(s, r)


class XmppLegacySrv(Rule):
    """## What it checks
    A `_jabber._tcp.D` SRV (with a real target) when D has no `_xmpp-server._tcp.D` SRV. Nothing
    is reported when `_xmpp-server._tcp.D` exists (a root target included), nor when it lies
    outside every loaded zone. ZL302 does not count `_jabber._tcp` as federation either.

    ## Why it matters
    `_jabber._tcp` is the server-to-server record of jabberd 1.x, from before XMPP was
    standardised. RFC 6120 §3.2.1 has a server look up `_xmpp-server._tcp.D` (and, failing that,
    D's own A/AAAA on port 5269); `_jabber._tcp` is at most a last fallback of some older
    servers, so to RFC 6120 servers the record announces nothing and the federation target it
    names is not found.

    ## Example
    ```
    _jabber._tcp       IN SRV 5 0 5269 xmpp.example.com.    ; ZL305 info
    ```

    ## How to fix
    Publish the standard record (the legacy one may stay for very old peers):
    ```
    _xmpp-server._tcp  IN SRV 5 0 5269 xmpp.example.com.
    _jabber._tcp       IN SRV 5 0 5269 xmpp.example.com.
    ```

    ## Anchor
    D's first `_jabber._tcp` SRV record.
    """

    code = "ZL305"
    memos = ("rules.helpers.srv_index",)
    name = "xmpp-legacy-srv"
    severity = INFO
    summary = "A _jabber._tcp SRV without the _xmpp-server._tcp SRV that servers look up"
    tags = ("xmpp", "srv", "federation", "rfc6120")

    def check(self, ctx):
        for domain, rec in legacy_srv_without_successor(ctx, ("_jabber", "_tcp"), ("_xmpp-server", "_tcp")):
            server = child("_xmpp-server", child("_tcp", domain))
            yield ctx.finding(
                rec,
                f"{brief(rec.owner)} is the legacy jabberd 1.x SRV, but {brief(domain)} has no "
                f"_xmpp-server._tcp SRV",
                help=f"Publish `{server} SRV {rec.data[0]} {rec.data[1]} {rec.data[2]} {rec.target}`: "
                f"_xmpp-server._tcp is what servers look up (RFC 6120 §3.2.1), not the jabberd 1.x "
                f"server-to-server SRV.",
            )
