"""IPv4 and IPv6 address texts read by the C library, as the scanner's own parsers read them.

``inet_pton``/``inet_ntop`` (the socket module) read an address several times faster than a
regular expression or :func:`~.scanfields.ipv6_text`. They give the same answers on the C
libraries zonelint runs on (glibc prints the longest run of two or more zero groups as ``::``,
the first on a tie, hex in lower case without leading zeros, as dnspython does; it refuses IPv4
octets above 255 or with a leading zero, as :data:`~.scanfields.IPV4` does), and they are checked
on first use against those parsers on texts that tell implementations apart
(:data:`IPV4_PROBES`, :data:`IPV6_PROBES`): where one differs, the parsers answer. The first
addresses of a run are read by the parsers, so that a small zone does not import the socket
module's C part (``_socket``; socket.py itself, with its enums, is never imported).
"""

from __future__ import annotations

from .scanfields import HEX6, IPV4, ipv6_text

__all__ = ["ipv4_valid", "ipv6_canonical", "by_c_library", "c_functions", "IPV4_PROBES", "IPV6_PROBES"]

#: texts on which C libraries' IPv4 reading might differ from :data:`~.scanfields.IPV4`
IPV4_PROBES = (
    "1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.04", "00.0.0.0",
    "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3", "0x1.2.3.4", "1.2.3.4a", "1.2.3.400", "1e1.2.3.4",
    "1.2.3.-4", "+1.2.3.4", "1.2.3.0004", "249.250.199.100", "127.1", "1",
)
#: texts on which C libraries' IPv6 functions are known to differ (or might)
IPV6_PROBES = (
    "::", "::1", "1::", "0:0:1:0:0:1:0:0", "1:0:0:2:0:0:0:3", "1:0:0:0:2:0:0:3", "0:0:0:0:0:ffff:102:304",
    "::ffff:0:1", "0:0:0:0:0:0:1:2", "0:0:0:0:0:1:2:3", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1::2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:", ":1::2", "1::2:", "1:::2", "12345::", "ABCD:EF01::0001", "1:2:3:4:5:6:7:8", "0::0",
    "::ffff:ffff:1", "1:0:0:0:0:0:0:0", "1::0:0:0:0:0:0", "::1:0:0:0:0:0:0",
)

_PYTHON_FIRST = 64  # addresses read by the parsers before the socket module is imported
_python_first = _PYTHON_FIRST
_c = None  # (inet_pton, inet_ntop, AF_INET, AF_INET6) once checked; False: the parsers answer


def ipv4_valid(text: str) -> bool:
    """:data:`~.scanfields.IPV4` matches ``text`` (a dotted quad, octets 0-255 without leading
    zeros)."""
    c = _c or _functions()
    if not c:
        return IPV4.match(text) is not None
    return _c_ipv4(c, text)


def ipv6_canonical(text: str) -> str | None:
    """:func:`~.scanfields.ipv6_text` of ``text``: the canonical text of an IPv6 address written
    without a dotted quad, ``None`` when it is not one (or it is an embedded IPv4 form)."""
    c = _c or _functions()
    if not c:
        return ipv6_text(text)
    return _c_ipv6(c, text)


def by_c_library() -> bool:
    """Make the C library's functions answer from now on; True when they passed the check."""
    global _python_first
    _python_first = 0
    return bool(_functions())


def c_functions():
    """``(inet_pton, inet_ntop, AF_INET, AF_INET6)`` once they passed the check (the socket
    module is imported now), else ``None``: for a caller that reads many addresses inline
    (:mod:`.commonline`), as :func:`ipv4_valid` and :func:`ipv6_canonical` use them."""
    by_c_library()
    return _c or None


def _functions():
    global _c, _python_first
    if _c is None:
        if _python_first > 0:
            _python_first -= 1
            return False
        _c = _checked()
    return _c


def _c_ipv4(c, text: str) -> bool:
    try:
        c[0](c[2], text)
    except (OSError, ValueError):
        return False
    return True


def _c_ipv6(c, text: str) -> str | None:
    if HEX6.match(text) is None:
        return None
    try:
        a = c[1](c[3], c[0](c[3], text))
    except (OSError, ValueError):
        return None
    return None if "." in a else a


def _checked():
    try:  # socket's C part: the same functions without socket.py's enums (~13 M instructions)
        try:
            import _socket as socket
        except ImportError:  # pragma: no cover - a Python whose socket module is built otherwise
            import _socket as socket

        c = (socket.inet_pton, socket.inet_ntop, socket.AF_INET, socket.AF_INET6)
    except (ImportError, AttributeError):  # pragma: no cover - a Python without these functions
        return False
    if all(_c_ipv4(c, t) == (IPV4.match(t) is not None) for t in IPV4_PROBES) and all(
        _c_ipv6(c, t) == ipv6_text(t) for t in IPV6_PROBES
    ):
        return c
    return False  # pragma: no cover - a C library that reads addresses its own way
