"""Zones from DNS servers instead of files, by zone transfer, and only when the command line (or
the environment) asks for it. Offline is the default: a run without an ``axfr://`` source imports
nothing from here. (Single questions for ``--resolve`` and ``zonelint live`` are
:mod:`zonelint.resolver`'s.)

- :mod:`.uri` -- ``axfr://SERVER[:PORT]/ZONE``: parsed strictly, the server's addresses (a host
  name resolved first, bounded);
- :mod:`.tsig` -- a BIND ``key "name" { algorithm ...; secret "..."; };`` file, parsed strictly,
  and the keyring dnspython signs with;
- :mod:`.transfer` -- a zone by AXFR (``dns.query.xfr``, message by message, one overall
  lifetime), records kept as served;
- :mod:`.served` -- served records as a :class:`~zonelint.load.LoadedZone` whose file is the
  source's URI, so they join the run's graph like a file's.

Errors are :class:`NetError`: one line naming the server, the zone (or name) and the reason.
"""

from __future__ import annotations

#: the per-message timeout and the overall lifetime of a zone transfer, in seconds, unless
#: ``--net-timeout`` (or ``ZONELINT_NET_TIMEOUT``) says otherwise
DEFAULT_TIMEOUT = 10.0


class NetError(Exception):
    """A source served by a DNS server that could not be read: ``server``, ``zone`` (or the name
    queried) and ``reason``, shown as one line."""

    def __init__(self, server: str, zone: str, reason: str) -> None:
        self.server, self.zone, self.reason = server, zone, reason
        super().__init__(f"server {server}, zone {zone}: {reason}")


class SourceError(ValueError):
    """A network source or key the command line names wrongly (exit 2, one line, before any
    network use)."""
