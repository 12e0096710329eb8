"""``axfr://SERVER[:PORT]/ZONE``: a zone served by a DNS server, named on the command line.

``SERVER`` is an IPv4 address, an IPv6 address in brackets or a host name (resolved first with
the system's ``getaddrinfo``, bounded by the timeout); ``PORT`` defaults to 53; ``ZONE`` is a
domain name (a trailing dot is optional). Nothing else is accepted: no user, query, fragment,
percent escapes or empty parts, so what the user wrote is what is contacted.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from . import NetError, SourceError

SCHEME = "axfr://"
#: a host name: letters, digits, hyphens and dots (what getaddrinfo is asked about)
_HOST_RE = re.compile(r"^(?=.{1,253}\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$")
_URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_uri(text: str) -> bool:
    """True for anything written ``scheme://...`` (an ``axfr://`` source, or a mistake that must
    not be taken for a file name)."""
    return bool(_URI_RE.match(text))


@dataclass(frozen=True)
class AxfrSource:
    """A parsed ``axfr://`` URI: ``host`` as written (no brackets), ``port``, ``zone`` (absolute,
    trailing dot), ``uri`` as given (the source's name in reports)."""

    uri: str
    host: str
    port: int
    zone: str

    @property
    def server(self) -> str:
        """``HOST`` or ``HOST:PORT`` (``[v6]:PORT``), as error messages name it."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == 53 else f"{host}:{self.port}"

    def literal_address(self) -> str | None:
        """The host when it is an IP address, else None (a name to resolve)."""
        try:
            return str(ipaddress.ip_address(self.host))
        except ValueError:
            return None


def parse(uri: str) -> AxfrSource:
    """The :class:`AxfrSource` of ``uri``; :class:`SourceError` (one line) when it is not a
    well-formed ``axfr://SERVER[:PORT]/ZONE``."""
    if not uri.lower().startswith(SCHEME):
        scheme = uri.split("://", 1)[0]
        raise SourceError(f"{uri}: unknown source scheme '{scheme}://' (only axfr://SERVER[:PORT]/ZONE is supported)")
    rest = uri[len(SCHEME):]
    if any(c in rest for c in "?#@%\\") or any(ord(c) < 0x21 or ord(c) > 0x7e for c in rest):
        raise SourceError(f"{uri}: expected axfr://SERVER[:PORT]/ZONE (no user, query, fragment, escapes or spaces)")
    server, sep, zone = rest.partition("/")
    if not sep or not zone or "/" in zone:
        raise SourceError(f"{uri}: expected axfr://SERVER[:PORT]/ZONE (the zone after one '/')")
    host, port = _server(uri, server)
    return AxfrSource(uri=uri, host=host, port=port, zone=_zone(uri, zone))


def _server(uri: str, server: str) -> tuple[str, int]:
    port_text = None
    if server.startswith("["):
        end = server.find("]")
        if end < 0:
            raise SourceError(f"{uri}: an IPv6 server needs its closing ']'")
        host, tail = server[1:end], server[end + 1:]
        if tail:
            if not tail.startswith(":"):
                raise SourceError(f"{uri}: expected ':PORT' after the IPv6 server")
            port_text = tail[1:]
        try:
            if not isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address):
                raise ValueError
        except ValueError:
            raise SourceError(f"{uri}: '{host}' in brackets is not an IPv6 address") from None
    else:
        if server.count(":") > 1:
            raise SourceError(f"{uri}: write an IPv6 server in brackets: axfr://[2001:db8::1]:53/ZONE")
        host, sep, port_text = server.partition(":")
        if not sep:
            port_text = None
        if not host:
            raise SourceError(f"{uri}: the server is missing")
        if not _is_ipv4(host) and not _HOST_RE.match(host):
            raise SourceError(f"{uri}: '{host}' is neither an IP address nor a host name")
    port = 53
    if port_text is not None:
        if not port_text.isdigit() or len(port_text) > 5 or not 1 <= int(port_text) <= 65535:
            raise SourceError(f"{uri}: port '{port_text}' is not a number from 1 to 65535")
        port = int(port_text)
    return host, port


def _is_ipv4(host: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv4Address)
    except ValueError:
        return False


def _zone(uri: str, zone: str) -> str:
    import dns.exception
    import dns.name

    try:
        name = dns.name.from_text(zone)
    except dns.exception.DNSException as e:
        raise SourceError(f"{uri}: '{zone}' is not a domain name ({e})") from None
    return name.to_text()


def addresses(source: AxfrSource, timeout: float) -> list[str]:
    """The addresses to contact for ``source``: the literal, or what ``getaddrinfo`` gives for
    the host name (in a helper thread, abandoned after ``timeout`` seconds: a resolver that hangs
    must not hang the run). :class:`NetError` when nothing comes back."""
    literal = source.literal_address()
    if literal is not None:
        return [literal]
    import socket
    import threading

    found: list = []
    failure: list = []

    def look_up() -> None:
        try:
            found.extend(socket.getaddrinfo(source.host, source.port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as e:
            failure.append(e)

    worker = threading.Thread(target=look_up, name="zonelint-getaddrinfo", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise NetError(source.server, source.zone, f"host name not resolved within {timeout:g} s")
    if failure or not found:
        why = failure[0] if failure else "no address"
        raise NetError(source.server, source.zone, f"host name not resolved: {getattr(why, 'strerror', None) or why}")
    out: list[str] = []
    for family, _, _, _, sockaddr in found:
        if family in (socket.AF_INET, socket.AF_INET6) and sockaddr[0] not in out:
            out.append(sockaddr[0])
    if not out:
        raise NetError(source.server, source.zone, "host name has no IPv4 or IPv6 address")
    return out
