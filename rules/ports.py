"""Port rules: the port an SRV record advertises (ZL201, ZL202)."""

from __future__ import annotations

import re

from zonelint import ERROR, INFO, ROOT, WARNING, ConfigError, Option, Rule

from .helpers import EXPECTED_PORTS, MICROSOFT_ONLINE_SUFFIXES, brief, srv_index, two_labels

_SIP = ("_sip._udp", "_sip._tcp", "_sips._tcp", "_sip._tls", "_sipfederationtls._tcp", "_sipinternaltls._tcp")
_XMPP = ("_xmpp-client._tcp", "_xmpps-client._tcp", "_xmpp-server._tcp", "_xmpps-server._tcp")
_STUN_TURN = (
    "_stun._udp", "_stun._tcp", "_stuns._tcp", "_stuns._udp",
    "_turn._udp", "_turn._tcp", "_turns._tcp", "_turns._udp",
)
#: The swap table: (sibling services, ports). A port outside a service's expected ports is a
#: likely slip (a warning) when it is in the ports of a family the service belongs to and is
#: an expected port of a sibling service of that family: the well-known ports of two services
#: or transports exchanged. Any other unexpected port is reported as info only (deliberate
#: ports such as an IMS core's 4060 or TURN on 5478 are common).
SWAP_FAMILIES: tuple[tuple[frozenset[str], frozenset[int]], ...] = (
    (frozenset(_SIP), frozenset((5060, 5061))),
    (frozenset(("_sip._tls", "_sipfederationtls._tcp")), frozenset((443, 5061))),
    (frozenset(_XMPP), frozenset((5222, 5223, 5269, 5270))),
    (frozenset(_STUN_TURN), frozenset((3478, 5349))),
)

#: the services whose records towards Microsoft 365 ZL403 judges, port included (ZL201 leaves
#: them alone: one finding per fault)
MICROSOFT_ONLINE_KEYS = frozenset(("_sip._tls", "_sipfederationtls._tcp"))

_SERVICE_KEY = re.compile(r"^_[^._\s][^.\s]*\._[^._\s][^.\s]*$")


def service_key(owner: str) -> str | None:
    """``_service._proto`` (case-folded) of an SRV owner, or ``None`` when it has fewer labels."""
    if "\\" not in owner:  # the common case: the text up to the second dot, if both labels have some
        i = owner.find(".")
        j = owner.find(".", i + 1) if i > 0 else -1
        return owner[:j].lower() if j > i + 1 else None
    labels = two_labels(owner)
    if len(labels) < 2:
        return None
    return f"{labels[0]}.{labels[1]}".lower()


def _port_table(value: dict, option: str) -> dict[str, tuple[int, ...]]:
    """Validate a ``service -> [ports]`` option table (keys case-folded)."""
    out: dict[str, tuple[int, ...]] = {}
    for key, ports in value.items():
        where = f"rules.ZL201.{option}.{key}"
        if not isinstance(key, str) or not _SERVICE_KEY.match(key):
            raise ConfigError(
                f"option {where}: the key must be a service and protocol label like "
                f'"_xmpp-client._tcp" (quote it in TOML)'
            )
        if not isinstance(ports, list) or not ports:
            raise ConfigError(f"option {where} must be a non-empty list of port numbers, got {ports!r}")
        for p in ports:
            if isinstance(p, bool) or not isinstance(p, int) or not 1 <= p <= 65535:
                raise ConfigError(f"option {where}: {p!r} is not a port number (1-65535)")
        out[key.lower()] = tuple(ports)
    return out


class NonstandardPort(Rule):
    """## What it checks
    An SRV record of a known service whose port is not one of the ports that service is expected
    on. Records with the root target `.` and records with port 0 (ZL202's) are skipped, and so are
    services not in the table.

    | service | expected ports (first = usual) | source |
    |---|---|---|
    | `_xmpp-client._tcp` | 5222 | IANA; RFC 6120 |
    | `_xmpps-client._tcp` | 5223, 443 | convention (XEP-0368 registers no port; 443 passes HTTPS-only firewalls) |
    | `_xmpp-server._tcp` | 5269 | IANA; RFC 6120 |
    | `_xmpps-server._tcp` | 5270, 443 | convention (XEP-0368 registers no port) |
    | `_sip._udp`, `_sip._tcp` | 5060 | IANA; RFC 3261 |
    | `_sips._tcp` | 5061 | IANA; RFC 3261 |
    | `_sip._tls` | 443, 5061 | Microsoft Lync/Skype/Teams convention (Access Edge on 443) |
    | `_sipfederationtls._tcp` | 5061 | Microsoft: Lync Server 2013 DNS summary, "External DNS/SRV/5061" |
    | `_sipinternaltls._tcp` | 5061 | Microsoft Lync/Skype for Business convention |
    | `_stun._udp`, `_stun._tcp` | 3478 | IANA; RFC 5389 |
    | `_stuns._tcp` | 5349, 443 | IANA 5349 (RFC 5389); 443 by convention |
    | `_stuns._udp` | 5349 | IANA; RFC 7350 |
    | `_turn._udp` | 3478 | IANA; RFC 5766 |
    | `_turn._tcp` | 3478, 443 | IANA 3478 (RFC 5766); 443 by convention |
    | `_turns._tcp` | 5349, 443 | IANA 5349 (RFC 5766, RFC 5928); 443 by convention |
    | `_turns._udp` | 5349 | IANA; RFC 7350 |
    | `_matrix-fed._tcp`, `_matrix._tcp` | 8448, 443 | Matrix specification (server discovery; 8448 is the default federation port) |

    Only 5222, 5269, 5060, 5061, 3478 and 5349 are IANA registrations; the other ports are vendor
    or deployment conventions.

    The severity says how likely a slip is:

    - **warning** when the port is the well-known port of a *sibling* service or transport (the
      swap table): 5060 and 5061 among the SIP services (`_sip._udp`, `_sip._tcp`, `_sips._tcp`,
      `_sip._tls`, `_sipfederationtls._tcp`, `_sipinternaltls._tcp`); 443 and 5061 between
      `_sip._tls` and `_sipfederationtls._tcp`; 5222, 5223, 5269 and 5270 among the four XMPP
      services; 3478 and 5349 among the STUN/TURN services. SIPS on 5060, `_xmpp-client` on 5269
      or TURNS on 3478 are almost always two records swapped or copied;
    - **info** for any other port: deliberate ports (an IMS core's 4060/6060, a lab's test ports,
      TURN on 5478) are common and SRV exists to allow them.

    Port 0 is ZL202's and an impossible transport ZL501's; a Microsoft 365 record
    (`_sip._tls`/`_sipfederationtls._tcp` to `*.online.lync.com`) with a wrong port is ZL403's.

    ## Why it matters
    SRV records exist so that a service can run on any port (RFC 2782; the Prosody guide: "You
    are free to change them if you wish"), so an unusual port is not an error. But a sibling's
    port is a common slip — the client and server ports swapped, 5222 typed for 5269, a STARTTLS
    port in a direct-TLS record, SIPS on the plain SIP port — and the service then answers with the
    wrong protocol. Firewalls, certificates and clients that ignore SRV are usually set up for the
    usual ports too. If the port is deliberate, say so in the config.

    ## Example
    ```
    _xmpp-client._tcp  IN SRV 5 0 5269 xmpp.example.com.   ; the s2s port
    _xmpp-server._tcp  IN SRV 5 0 5222 xmpp.example.com.   ; the c2s port
    ```

    ## How to fix
    ```
    _xmpp-client._tcp  IN SRV 5 0 5222 xmpp.example.com.
    _xmpp-server._tcp  IN SRV 5 0 5269 xmpp.example.com.
    ```
    or, when the port is deliberate, allow it:
    ```toml
    [tool.zonelint.rules.ZL201]
    allow = { "_xmpp-client._tcp" = [5322] }
    ```

    ## Options
    - `ports`: a table `"_service._proto" = [ports]` that replaces the expected ports of a service
      in the table above, or adds a service that is not in it.
    - `allow`: a table `"_service._proto" = [ports]` of extra ports accepted for a known service
      (one in the table above or in `ports`); naming an unknown service is a config error.

    Keys must be quoted in TOML (they contain dots); ports are integers 1-65535.

    ## Anchor
    The SRV record with the unexpected port.
    """

    code = "ZL201"
    memos = ("rules.helpers.srv_index",)
    zone_local = True
    name = "nonstandard-port"
    severity = WARNING
    summary = "A known SRV service uses a port outside its expected ports"
    tags = ("srv", "ports", "xmpp", "sip", "stun", "turn")
    options = {
        "ports": Option(
            dict,
            {},
            'expected ports per service, replacing the built-in ones: {"_xmpp-client._tcp" = [5222]}',
            item=list,
        ),
        "allow": Option(
            dict,
            {},
            'extra ports accepted for a known service: {"_xmpp-client._tcp" = [5322]}',
            item=list,
        ),
    }

    def __init__(self, options=None) -> None:
        super().__init__(options)
        expected = {k: ports for k, (ports, _src) in EXPECTED_PORTS.items()}
        self.sources = {k: src for k, (_ports, src) in EXPECTED_PORTS.items()}
        for key, ports in _port_table(self.config.get("ports") or {}, "ports").items():
            expected[key] = ports
            self.sources[key] = "your config (ports)"
        for key, ports in _port_table(self.config.get("allow") or {}, "allow").items():
            if key not in expected:
                raise ConfigError(
                    f"option rules.ZL201.allow.{key}: '{key}' is not a known service; declare "
                    f"its ports with the 'ports' option instead"
                )
            expected[key] = expected[key] + tuple(p for p in ports if p not in expected[key])
        self.expected = expected
    def swapped_with(self, key: str, port: int) -> str | None:
        """The sibling service (swap table) whose expected port ``port`` is, when ``key`` is
        published on it: the well-known ports of two sibling services or transports exchanged."""
        for family, ports in SWAP_FAMILIES:
            if key not in family or port not in ports:
                continue
            for other in sorted(family):
                if other != key and port in self.expected.get(other, ()):
                    return other
        return None

    def check(self, ctx):
        # the SRV records of a known service are those of its SRV group (an owner whose first two
        # labels do not both start with "_" has no key of the table), and those left out of the
        # groups because the owner ends in the origin twice; the groups hold each record's port
        expected = self.expected
        helps: dict[tuple[str, int], tuple] = {}  # (key, port) -> what its findings share (one help text)
        index = srv_index(ctx.zone)
        for (service, proto), group in index.groups.items():
            key = f"{service}.{proto}"
            ports = expected.get(key)
            if ports is None:
                continue
            for n, port in enumerate(group.ports):
                if port > 0 and port not in ports:  # ROOT_PORT and NO_PORT are negative
                    yield from self._judge(ctx, group.records[n], key, port, ports, helps)
        for _, rec, service, proto, _ in index.doubled:
            data = rec.data
            if data is None or data[3] == ROOT or data[2] == 0:
                continue
            key = f"{service}.{proto}"
            ports = expected.get(key)
            if ports is not None and data[2] not in ports:
                yield from self._judge(ctx, rec, key, data[2], ports, helps)

    def _judge(self, ctx, rec, key: str, port: int, ports: tuple, helps: dict):
        """The finding of SRV ``rec`` of service ``key`` on ``port``, not one of its ``ports``."""
        if key in MICROSOFT_ONLINE_KEYS and rec.data[3].lower().endswith(MICROSOFT_ONLINE_SUFFIXES):
            return  # a Microsoft 365 record: ZL403 judges its port
        # the help depends on the service and the port only: one text shared by their findings
        shared = helps.get((key, port))
        if shared is None:
            shared = helps[(key, port)] = self._port_help(key, port, ports)
        sibling, usual, help = shared
        if sibling is not None:
            yield ctx.finding(
                rec,
                f"{brief(rec.owner, 36)} advertises port {port}, expected "
                f"{'/'.join(str(p) for p in ports)}; {port} is the port of {sibling}",
                help=help,
            )
        else:
            yield ctx.finding(
                rec,
                f"{brief(rec.owner)} advertises port {port}; {key} is usually on {usual}",
                help=help,
                severity=INFO,
            )

    def _port_help(self, key: str, port: int, ports) -> tuple:
        """``(sibling, usual ports, help)`` of ``key`` published on ``port``."""
        usual = " or ".join(str(p) for p in ports)
        allow = (
            f'[tool.zonelint.rules.ZL201] allow = {{ "{key}" = [{port}] }}'
        )
        sibling = self.swapped_with(key, port)
        if sibling is not None:
            return sibling, usual, (f"Are the records swapped? Fix the port, or if {port} is deliberate accept "
                                    f"it with {allow} ({key} is expected on {usual}: {self.sources[key]}).")
        return sibling, usual, (f"Fine if the server listens there (SRV exists to allow it, RFC 2782); to "
                                f"record that it is deliberate: {allow} ({key} is usually on {usual}: "
                                f"{self.sources[key]}).")


class SrvPortZero(Rule):
    """## What it checks
    An SRV record with port 0 and a real target (`SRV 0 0 0 .`, the usual way of saying "not
    offered", is fine).

    ## Why it matters
    Port 0 is reserved in the IANA port registry and nothing can listen on it: a client that
    follows the record connects nowhere. RFC 2782 reserves the root target `.` — not port 0 — to
    say that "the service is decidedly not available at this domain". Port 0 with a real host is
    almost always a template or provisioning default that was never filled in.

    ## Example
    ```
    _sip._tcp  IN SRV 10 0 0 sip.example.com.
    ```

    ## How to fix
    Put the real port, or say that the service is not offered:
    ```
    _sip._tcp  IN SRV 10 0 5060 sip.example.com.
    ; or
    _sip._tcp  IN SRV 0 0 0 .
    ```

    ## Anchor
    The SRV record with port 0.
    """

    code = "ZL202"
    zone_local = True
    name = "srv-port-zero"
    severity = ERROR
    summary = "An SRV record has port 0 with a real target"
    tags = ("srv", "ports", "rfc2782")

    def check(self, ctx):
        for rec in ctx.zone.by_type("SRV"):
            data = rec.data
            if data is None or data[2] != 0 or data[3] == ROOT:
                continue
            key = service_key(rec.owner)
            usual = EXPECTED_PORTS.get(key or "")
            put = f"Put the service's port ({usual[0][0]} for {key})" if usual else "Put the service's real port"
            yield ctx.finding(
                rec,
                f"SRV {brief(rec.owner)} -> {brief(data[3])} has port 0, which cannot be connected to",
                help=f"{put} in `{rec.owner} SRV ... 0 {data[3]}`, or, if the service is not "
                f"offered, replace the record with `SRV 0 0 0 .` (RFC 2782; port 0 is reserved).",
            )
