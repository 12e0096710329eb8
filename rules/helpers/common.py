"""Helpers of the built-in rules shared by all of them: the port table and Microsoft's online
suffixes, serial arithmetic, name pieces (:func:`child`, :func:`first_label`, :func:`two_labels`)
and :func:`problem_finding`. Part of :mod:`zonelint.rules.helpers`; import from there."""

from __future__ import annotations

from zonelint import ROOT, first_labels, fit_message, parent_name


#: Microsoft's online (Skype for Business Online / Teams) host suffixes: the commercial cloud
#: first, then the sovereign clouds. ZL403 judges SIP records towards them (host and port) and
#: ZL201 leaves their ports to it.
MICROSOFT_ONLINE_SUFFIXES = (
    ".online.lync.com.",
    ".online.gov.skypeforbusiness.us.",
    ".online.dod.skypeforbusiness.us.",
    ".online.partner.lync.cn.",
)


#: ``_service._proto`` -> (expected ports, first is the usual one; where that expectation comes
#: from): ZL201's table, also read by ZL202 and ZL901
EXPECTED_PORTS: dict[str, tuple[tuple[int, ...], str]] = {
    "_xmpp-client._tcp": ((5222,), "IANA xmpp-client 5222/tcp; RFC 6120"),
    "_xmpps-client._tcp": (
        (5223, 443),
        "deployment convention: no IANA port; 5223 is the legacy direct-TLS port, 443 passes "
        "HTTPS-only firewalls (XEP-0368)",
    ),
    "_xmpp-server._tcp": ((5269,), "IANA xmpp-server 5269/tcp; RFC 6120"),
    "_xmpps-server._tcp": (
        (5270, 443),
        "deployment convention: no IANA port; 5270 is the usual direct-TLS s2s port, 443 shares "
        "HTTPS (XEP-0368)",
    ),
    "_sip._udp": ((5060,), "IANA sip 5060/udp; RFC 3261"),
    "_sip._tcp": ((5060,), "IANA sip 5060/tcp; RFC 3261"),
    "_sips._tcp": ((5061,), "IANA sips 5061/tcp; RFC 3261"),
    "_sip._tls": (
        (443, 5061),
        "Microsoft Lync/Skype for Business/Teams convention: the Access Edge listens on 443 "
        "(5061 is the IANA sips port)",
    ),
    "_sipfederationtls._tcp": (
        (5061,),
        "Microsoft convention: Lync Server 2013 DNS summary, 'External DNS/SRV/5061'",
    ),
    "_sipinternaltls._tcp": ((5061,), "Microsoft Lync/Skype for Business convention"),
    "_stun._udp": ((3478,), "IANA stun 3478/udp; RFC 5389"),
    "_stun._tcp": ((3478,), "IANA stun 3478/tcp; RFC 5389"),
    "_stuns._tcp": (
        (5349, 443),
        "IANA stuns 5349/tcp (RFC 5389); 443 is a deployment convention for restrictive firewalls",
    ),
    "_stuns._udp": ((5349,), "IANA stuns 5349/udp; RFC 7350 (STUN over DTLS)"),
    "_turn._udp": ((3478,), "IANA turn 3478/udp; RFC 5766, RFC 5928"),
    "_turn._tcp": (
        (3478, 443),
        "IANA turn 3478/tcp (RFC 5766); 443 is a deployment convention for restrictive firewalls",
    ),
    "_turns._tcp": (
        (5349, 443),
        "IANA turns 5349/tcp (RFC 5766, RFC 5928); 443 is a deployment convention for "
        "restrictive firewalls",
    ),
    "_turns._udp": ((5349,), "IANA turns 5349/udp; RFC 7350 (TURN over DTLS)"),
    "_matrix-fed._tcp": (
        (8448, 443),
        "Matrix server-server API: 8448 is the default federation port, 443 a deployment "
        "convention (Matrix specification, server discovery)",
    ),
    "_matrix._tcp": (
        (8448, 443),
        "Matrix server-server API (the SRV deprecated in Matrix v1.8): 8448 is the default "
        "federation port, 443 a deployment convention",
    ),
}

SERIAL_BITS = 32
_SERIAL_MOD = 1 << SERIAL_BITS
_SERIAL_HALF = 1 << (SERIAL_BITS - 1)


def serial_gt(new: int, old: int) -> bool:
    """``new > old`` in RFC 1982 serial number arithmetic (SERIAL_BITS = 32, §3.2): true when
    ``new`` is ahead of ``old`` by 1 to 2^31 - 1, wrapping past 4294967295 to 0 included.
    A distance of exactly 2^31 is undefined in RFC 1982 and counts as *not* greater. Shared by
    ZL607 (serial against git) and ZL023 (serial against the server)."""
    d = (new - old) % _SERIAL_MOD
    return 0 < d < _SERIAL_HALF


def child(label: str, name: str) -> str:
    """``label.name`` for an absolute name in text form (the root included)."""
    return label + "." if name == ROOT else f"{label}.{name}"


def first_label(name: str) -> str:
    """The leftmost label of an absolute name, lower-cased (escapes kept)."""
    parent = parent_name(name)
    if parent is None:
        return ""
    if parent == ROOT:
        return name.rstrip(".").lower()
    return name[: len(name) - len(parent) - 1].lower()



def two_labels(name: str) -> list[str]:
    """The first two labels of a name in text form (fewer if the name is shorter); a fast path
    for names without escapes."""
    if "\\" in name:
        return first_labels(name, 2)
    parts = name.split(".", 2)
    return [p for p in parts[:2] if p] if len(parts) > 2 else [p for p in parts[:1] if p]


def problem_finding(ctx, problem, help: str | None = None, fix=None):
    """The finding of a loader problem: its message and its help (the problem's own, else
    ``help``), the message fitted to one line of :data:`MESSAGE_WIDTH` characters
    (:func:`zonelint.fit_message`: a longer one is shortened, its whole text goes to the help);
    ``fix`` as for ``ctx.finding``."""
    message, full_help = fit_message(problem.message, problem.help or help)
    return ctx.finding(problem, message, help=full_help, fix=fix)
