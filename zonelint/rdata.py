"""``Record.data``: the compact rdata fields of the common record types, encoded and decoded here.

Rules read the fields of the common types from ``Record.data`` without building a dnspython rdata
object, and the fast scanner builds ``data`` without importing dnspython at all. This module is
the one place that knows the layout: :func:`compact_data` encodes it from a dnspython rdata (the
reference reader), :func:`data_text` turns it back into the rdata text dnspython's ``to_text()``
gives (``Record.rdata_text`` of a scanned record). It imports nothing of dnspython.

Layout per type (names are absolute text, as ``Name.to_text()`` renders them):

==========================  ==============================================================
``SRV``                     ``(priority, weight, port, target)``
``MX``                      ``(preference, exchange)``
``NS CNAME DNAME PTR``      ``(target,)``
``A AAAA``                  ``(address,)`` as dnspython prints it
``SOA``                     ``(mname, rname, serial, refresh, retry, expire, minimum)``
``NAPTR``                   ``(order, preference, flags, service, regexp, replacement)``;
                            flags/service/regexp as ``str`` (octets >= 0x80 as ``\\DDD``)
``TXT``                     ``(strings,)``: a tuple of ``bytes``, one per character-string
==========================  ==============================================================

Octets that are not ASCII become ``\\DDD`` escapes wherever zonelint turns bytes into text
(:func:`decode_octets`, also used for zone-file bytes by :mod:`zonelint.load.source`).
"""

from __future__ import annotations

import codecs

__all__ = ["DATA_TYPES", "SCANNED_TYPES", "compact_data", "data_text", "decode_octets"]

#: The types whose fields ``Record.data`` holds (layout in this module's docstring).
DATA_TYPES = ("SRV", "MX", "NS", "CNAME", "DNAME", "PTR", "A", "AAAA", "SOA", "NAPTR", "TXT")
#: The types the fast scanner reads itself: every type of :data:`DATA_TYPES` except NAPTR, whose
#: regexp field needs BIND's checks (``zonelint.load.bindcompat``), so the reader parses it.
SCANNED_TYPES = frozenset(DATA_TYPES) - {"NAPTR"}


def _ddd_errors(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: every undecodable byte becomes a ``\\DDD`` escape (as BIND reads the
    octet). A byte already escaped by an odd run of backslashes gets only its digits."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    data = exc.object
    out = []
    for i in range(exc.start, exc.end):
        if i == exc.start:
            k = i - 1
            while k >= 0 and data[k] == 0x5C:  # backslash
                k -= 1
            escaped = (i - 1 - k) % 2 == 1
        else:
            escaped = False
        out.append(("%03d" if escaped else "\\%03d") % data[i])
    return "".join(out), exc.end


codecs.register_error("zonelint-ddd", _ddd_errors)


def decode_octets(raw: bytes) -> str:
    """ASCII text with every octet >= 0x80 as a ``\\DDD`` escape."""
    return raw.decode("ascii", "zonelint-ddd")


def compact_data(rdtype: str, rd) -> tuple | None:
    """The compact ``Record.data`` tuple of a dnspython rdata of one of :data:`DATA_TYPES`, or
    ``None`` for other types."""
    try:
        if rdtype == "SRV":
            return (rd.priority, rd.weight, rd.port, rd.target.to_text())
        if rdtype == "MX":
            return (rd.preference, rd.exchange.to_text())
        if rdtype in ("NS", "CNAME", "DNAME", "PTR"):
            return (rd.target.to_text(),)
        if rdtype in ("A", "AAAA"):
            return (rd.address,)
        if rdtype == "SOA":
            return (
                rd.mname.to_text(),
                rd.rname.to_text(),
                rd.serial,
                rd.refresh,
                rd.retry,
                rd.expire,
                rd.minimum,
            )
        if rdtype == "NAPTR":
            return (
                rd.order,
                rd.preference,
                decode_octets(rd.flags),
                decode_octets(rd.service),
                decode_octets(rd.regexp),
                rd.replacement.to_text(),
            )
        if rdtype == "TXT":
            return (tuple(rd.strings),)
    except AttributeError:  # pragma: no cover - generic rdata of a known type
        return None
    return None


def quote_escape(s: bytes) -> str:
    """A character-string as dnspython quotes it (``"`` and ``\\`` escaped, other octets outside
    printable ASCII as ``\\DDD``), without the quotes."""
    out = []
    for c in s:
        if c == 0x22 or c == 0x5C:
            out.append("\\" + chr(c))
        elif 0x20 <= c < 0x7F:
            out.append(chr(c))
        else:
            out.append("\\%03d" % c)
    return "".join(out)


def data_text(rdtype: str, data: tuple) -> str | None:
    """The rdata text dnspython's ``to_text()`` gives for the compact ``data`` of one of
    :data:`SCANNED_TYPES` (names absolute); ``None`` for other types."""
    if rdtype in ("A", "AAAA", "NS", "CNAME", "DNAME", "PTR"):
        return data[0]
    if rdtype == "SRV" or rdtype == "MX" or rdtype == "SOA":
        return " ".join(str(x) for x in data)
    if rdtype == "TXT":
        return " ".join('"%s"' % quote_escape(s) for s in data[0])
    return None
