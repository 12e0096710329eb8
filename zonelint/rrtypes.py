"""Record-type mnemonics BIND 9.18 reads that dnspython's ``rdatatype`` may not know.

dnspython 2.6-2.9 refuses some mnemonics BIND 9.18 loads (``ATMA``, ``EID``, ``RKEY``, ...; 2.6
also lacks ``DSYNC``, ``HHIT``, ``BRID``, ``RESINFO``, ``WALLET``). The loader asks dnspython
first and this table second, so a record of such a type loads with its number (numbers from the
IANA registry, as BIND's ``lib/dns/rdata`` names them). Pure data: no dnspython import.
"""

from __future__ import annotations

__all__ = ["BIND_TYPE_NUMBERS", "type_number", "type_mnemonic", "OBSOLETE_TYPES"]

#: Mnemonic -> type number, for every type BIND 9.18 reads whose mnemonic some supported
#: dnspython (2.6-2.9) does not know.
BIND_TYPE_NUMBERS: dict[str, int] = {
    "EID": 31,
    "NIMLOC": 32,
    "ATMA": 34,
    "SINK": 40,
    "RKEY": 57,
    "TALINK": 58,
    "DSYNC": 66,
    "HHIT": 67,
    "BRID": 68,
    "UINFO": 100,
    "UID": 101,
    "GID": 102,
    "DOA": 259,
    "RESINFO": 261,
    "WALLET": 262,
    "KEYDATA": 65533,
}

_BY_NUMBER = {v: k for k, v in BIND_TYPE_NUMBERS.items()}

#: Types BIND refuses in a zone ("type 'MD': obsolete"), by number: MD and MF (RFC 973 replaced
#: them with MX).
OBSOLETE_TYPES: dict[int, str] = {3: "MD", 4: "MF"}


def type_number(mnemonic: str) -> int | None:
    """The number of a mnemonic from :data:`BIND_TYPE_NUMBERS` (any case), else ``None``."""
    return BIND_TYPE_NUMBERS.get(mnemonic.upper())


def type_mnemonic(number: int) -> str | None:
    """The mnemonic of a type number from :data:`BIND_TYPE_NUMBERS`, else ``None``."""
    return _BY_NUMBER.get(number)
