"""Values inside record data as BIND 9.18 reads them: character-string escapes, DNSSEC
algorithm, digest-type and key-flag mnemonics (BIND's ``lib/dns/rcode.c``), SIG/RRSIG times.

Pure functions and tables for :mod:`zonelint.rdatagrammar`; no dnspython.
"""

from __future__ import annotations

import re

__all__ = [
    "SECALGS", "DSDIGESTS", "DIGEST_LENGTHS", "KEYFLAGS", "DSYNC_SCHEMES",
    "unescape", "key_flags", "sig_time",
]  # fmt: skip

_DIGITS = re.compile(r"[0-9]+")


def _show(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def unescape(text: str) -> bytes:
    """The octets of a character-string as written: ``\\DDD`` is one octet, ``\\X`` is X."""
    out = bytearray()
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            d = text[i + 1 : i + 4]
            if len(d) == 3 and d.isdigit():
                v = int(d)
                if v > 255:
                    raise ValueError(f"bad escape \\{d}")
                out.append(v)
                i += 4
                continue
            c = text[i + 1]
            i += 1
        out += c.encode("utf-8", "surrogateescape")
        i += 1
    return bytes(out)


#: DNSSEC algorithm mnemonics (``dns_secalg_fromtext``).
SECALGS = {
    "RSAMD5": 1, "DH": 2, "DSA": 3, "ECC": 4, "RSASHA1": 5, "DSA-NSEC3-SHA1": 6, "NSEC3DSA": 6,
    "RSASHA1-NSEC3-SHA1": 7, "NSEC3RSASHA1": 7, "RSASHA256": 8, "RSASHA512": 10,
    "ECCGOST": 12, "ECDSAP256SHA256": 13, "ECDSAP384SHA384": 14, "ED25519": 15, "ED448": 16,
    "INDIRECT": 252, "PRIVATEDNS": 253, "PRIVATEOID": 254,
}  # fmt: skip
#: DS digest type mnemonics (``dns_dsdigest_fromtext``) and the digest length each requires.
DSDIGESTS = {"SHA-1": 1, "SHA1": 1, "SHA-256": 2, "SHA256": 2, "GOST": 3, "SHA-384": 4, "SHA384": 4}
DIGEST_LENGTHS = {1: 20, 2: 32, 4: 48}  # BIND 9.18 does not check GOST (3)
#: KEY flag mnemonics (``dns_keyflags_fromtext``): name -> (value, mask).
KEYFLAGS = {
    "NOCONF": (0x4000, 0xC000), "NOAUTH": (0x8000, 0xC000), "NOKEY": (0xC000, 0xC000),
    "FLAG2": (0x2000, 0x2000), "EXTEND": (0x1000, 0x1000), "FLAG4": (0x0800, 0x0800),
    "FLAG5": (0x0400, 0x0400), "USER": (0x0000, 0x0300), "ZONE": (0x0100, 0x0300),
    "HOST": (0x0200, 0x0300), "NTYP3": (0x0300, 0x0300), "FLAG8": (0x0080, 0x0080),
    "FLAG9": (0x0040, 0x0040), "FLAG10": (0x0020, 0x0020), "FLAG11": (0x0010, 0x0010),
    **{f"SIG{n}": (n, 0x000F) for n in range(16)},
    "KSK": (0x0001, 0x0001), "REVOKE": (0x0080, 0x0080),
}  # fmt: skip
#: DSYNC scheme mnemonics (RFC 9859).
DSYNC_SCHEMES = {"NOTIFY": 1}


def key_flags(text: str) -> int:
    """KEY/DNSKEY flags as BIND's ``dns_keyflags_fromtext`` reads them: a C number (``0x``
    hexadecimal, a leading ``0`` octal) or mnemonics joined by ``|``, OR-ed together."""
    if text[:1].isdigit():
        try:
            if text[:2].lower() == "0x":
                v = int(text[2:], 16)
            elif text.startswith("0") and len(text) > 1:
                v = int(text[1:], 8)
            else:
                v = int(text, 10)
        except ValueError:
            raise ValueError(f"bad key flags '{_show(text)}'") from None
        if v > 0xFFFF:
            raise ValueError(f"flags {text} out of range (max 65535)")
        return v
    value = 0
    for word in text.split("|"):
        entry = KEYFLAGS.get(word.upper())
        if entry is None:
            raise ValueError(f"unknown key flag '{_show(word)}'")
        value |= entry[0]
    return value


def _leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def sig_time(text: str, seconds_ok: bool = True) -> int:
    """A SIG/RRSIG/KEYDATA time as BIND reads it: 14 digits are ``YYYYMMDDHHmmSS`` (years
    0-9999), reduced modulo 2^32 as BIND's ``dns_time32_fromtext`` does (the field is
    serial-number arithmetic, RFC 4034 §3.1.5); with ``seconds_ok`` (RRSIG), at most 10 digits
    are seconds (at most 2^32-1)."""
    short = seconds_ok and 1 <= len(text) <= 10
    if not _DIGITS.fullmatch(text) or not short and len(text) != 14:
        raise ValueError(f"'{_show(text)}' is not a time (YYYYMMDDHHmmSS)")
    if short:
        v = int(text)
        if v >= 1 << 32:
            raise ValueError(f"time {text} is out of range")
        return v
    y, mo, d = int(text[0:4]), int(text[4:6]), int(text[6:8])
    h, mi, s = int(text[8:10]), int(text[10:12]), int(text[12:14])
    leap = _leap(y)
    if not (1 <= mo <= 12 and 1 <= d <= _MONTH_DAYS[mo - 1] + (mo == 2 and leap)):
        raise ValueError(f"'{text}' is not a valid date")
    if h > 23 or mi > 59 or s > 60:
        raise ValueError(f"'{text}' is not a valid time of day")
    days = d - 1 + sum(_MONTH_DAYS[: mo - 1]) + (1 if leap and mo > 2 else 0)
    if y >= 1970:
        days += sum(366 if _leap(k) else 365 for k in range(1970, y))
    else:
        days -= sum(366 if _leap(k) else 365 for k in range(y, 1970))
    return (days * 86400 + h * 3600 + mi * 60 + s) % (1 << 32)
