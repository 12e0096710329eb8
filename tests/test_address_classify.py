"""ZL108's address classification (``classify``) reads the plain address forms itself and leaves
the rest to ``ipaddress``: the verdict is the one ``ipaddress`` gives, on both sides of every
range's bounds, on the forms only ``ipaddress`` reads and on random texts made of address
characters."""

from __future__ import annotations

import ipaddress
import random

import pytest

from zonelint.rules import addresses


def by_ipaddress(address: str):
    """The classification as it was written before, with ``ipaddress`` (the same cheap filter on
    the first octet or the IPv6 prefix, then the range table)."""
    v6 = ":" in address
    if v6 and not address.startswith(("::", "fe8", "fe9", "fea", "feb", "ff", "fc", "fd", "2001:db8:", "3fff:")):
        if address != "2001:db8::":
            return None
    if not v6 and address.split(".", 1)[0] not in {"0", "10", "100", "127", "169", "172", "192", "198", "203",
                                                   *map(str, range(224, 256))}:
        return None
    try:
        n = int(ipaddress.ip_address(address))
    except ValueError:
        return None
    for text, what, source, kind in addresses.RANGES:
        net = ipaddress.ip_network(text)
        if v6 == (net.version == 6) and int(net.network_address) <= n <= int(net.broadcast_address):
            return what, source, kind
    return None


def _around_every_range() -> list[str]:
    rnd = random.Random(15)
    out = []
    for text, _, _, _ in addresses.RANGES:
        net = ipaddress.ip_network(text)
        top = 2 ** net.max_prefixlen
        first, last = int(net.network_address), int(net.broadcast_address)
        for n in (first - 1, first, first + 1, last - 1, last, last + 1, rnd.randrange(first, last + 1)):
            if 0 <= n < top:
                ip = ipaddress.IPv4Address(n) if net.version == 4 else ipaddress.IPv6Address(n)
                out += [str(ip), ip.exploded]
    return out


def _random_texts() -> list[str]:
    rnd = random.Random(108)
    out = []
    for _ in range(3000):
        # a range's prefix (past the cheap first test), then random address characters
        prefix = rnd.choice(["10.", "192.168.", "127.0.", "100.", "fe80:", "fc", "fd00::", "2001:db8:", "::", "ff0"])
        alphabet = rnd.choice(["0123456789.", "0123456789abcdefABCDEF:", "0123456789abcdef:.%x "])
        out.append(prefix + "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 40))))
    return out


ODD = ["fe80::1%eth0", "fe80::1%", "::ffff:10.0.0.1", "::ffff:01.2.3.4", "10.0.0.01", "10.1.2.3.4", "1.2.3",
       "10.0.0.1\x00", "2001:db8::", "::", "::1", "FE80::1", "1::2::3", "255.255.255.255", "0.0.0.0", "",
       "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "fe80::00001", "fe80:::1", "fe80::1:",
       ":fe80::1", "fc00::+1", "fc00:: 1", "fc00::1_0", "10.0.0.+1", "10.0.0.1_0", "10.0.0.\u0661", "10.0..1"]


@pytest.fixture(params=["python", "inet_pton"])
def reader(request, monkeypatch):
    """Each way classify reads an address: in Python (small zones), by inet_pton (large ones)."""
    monkeypatch.setattr(addresses, "PLAIN_READS", 1 << 60 if request.param == "python" else 0)
    monkeypatch.setattr(addresses, "_reads", 0)
    monkeypatch.setattr(addresses, "_pton", None)
    return request.param


@pytest.mark.parametrize("address", _around_every_range() + ODD)
def test_classify_as_ipaddress(address, reader):
    assert addresses.classify(address) == by_ipaddress(address)


def test_classify_as_ipaddress_on_random_texts(reader):
    texts = _random_texts()
    assert [t for t in texts if addresses.classify(t) != by_ipaddress(t)] == []
    assert sum(1 for t in texts if by_ipaddress(t) is not None) > 20  # some are real addresses


def _valid_addresses() -> list[str]:
    """Valid addresses as dnspython prints them: both ends and a random one of every first octet,
    and the samples around every range."""
    rnd = random.Random(1108)
    out = []
    for octet in range(256):
        for n in (octet << 24, octet << 24 | 0xFFFFFF, octet << 24 | rnd.randrange(1 << 24)):
            out.append(str(ipaddress.IPv4Address(n)))
    return out + [str(ipaddress.ip_address(a)) for a in _around_every_range()]


@pytest.mark.parametrize("address", _valid_addresses())
def test_verdict_of_a_read_address_is_classify(address, reader):
    """ZL108 judges the addresses the loader read without reading those whose first octet decides
    (10.x.y.z is private whatever x, y and z are): the verdict is classify's."""
    assert addresses._read_verdict(address) == addresses.classify(address)


def test_first_octets_decide_only_where_one_range_covers_them():
    uniform = {octet for octet, got in addresses._uniform_octets().items() if got is not addresses._MIXED}
    assert {"0", "10", "127", "224", "239", "240", "254"} <= uniform
    assert not {"100", "169", "172", "192", "198", "203", "255"} & uniform
