"""What BIND refuses that dnspython accepts: the checks that keep zonelint's verdicts BIND's.

Also the wire-size check (:func:`too_long`): RDATA that cannot travel in any DNS message.

zonelint reads zone files with dnspython but judges them as BIND 9.18 loads them
(``named-checkzone``): a zone BIND refuses must fail the lint. The differences found so far
(``tests/test_conformance_bind.py``, ``docs/conformance.md``) are checked here, each in the words
of the BIND error it prevents.
"""

from __future__ import annotations

from ..rdata import decode_octets
from .messages import show

TYPE_CHECKING = False  # typing.TYPE_CHECKING: typing is not imported at start-up
if TYPE_CHECKING:
    import dns.name

__all__ = [
    "MAX_RDATA",
    "INT_MIN",
    "INT_MAX",
    "bind_rejects",
    "TOKEN_CHECKED",
    "bind_rejects_tokens",
    "too_long",
    "naptr_regexp_problem",
    "generate_offset_problem",
]

#: The largest RDATA a DNS message can carry: 65535 (RFC 1035 §4.2.2, the TCP length field)
#: minus the header (12), a root owner (1) and TYPE/CLASS/TTL/RDLENGTH (10); BIND's
#: DNS_RDATA_MAXLENGTH. RDLENGTH itself is 16 bits (RFC 1035 §3.2.1).
MAX_RDATA = 65512
#: BIND computes a ``$GENERATE`` iterator plus offset in a C int.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def generate_offset_problem(start: int, stop: int, offset: int) -> bool:
    """True when ``$GENERATE start-stop`` with a ``${offset}`` modifier leaves BIND's C int range
    (BIND refuses the line: "out of range")."""
    return not (INT_MIN <= start + offset and stop + offset <= INT_MAX)


def bind_rejects(rdtype: str, rd) -> str | None:
    """Data dnspython accepts but BIND 9.18 refuses when loading (``dns_rdata_fromtext``), in
    plain words; ``None`` when BIND takes it too."""
    import dns.rdata  # loaded already: ``rd`` is dnspython's

    if isinstance(rd, dns.rdata.GenericRdata):
        return None  # read by a BIND grammar (zonelint.rdatagrammar), checked there
    if rdtype == "NSAP" and not rd.address:
        return "empty NSAP address (BIND: unexpected end of input)"
    if rdtype == "X25" and not (len(rd.address) >= 4 and rd.address.isdigit()):
        return (
            f"PSDN address '{decode_octets(rd.address)}' is not 4 or more decimal digits (RFC "
            "1183 §3.1: the DNIC, then the network terminal number; BIND refuses it)"
        )
    if rdtype == "NSEC" and not rd.windows:
        return "no types listed (RFC 4034 §4.1.2: at least NSEC and RRSIG; BIND: FORMERR)"
    if rdtype == "APL":
        for item in rd.items:
            if item.family not in (1, 2):
                return f"address family {item.family} (BIND reads only 1 and 2: not implemented)"
    if rdtype == "LOC":
        # BIND's limits (RFC 1876 §3: altitude from -100000.00 m, sizes up to 9e9 cm)
        if not -10000000 <= round(rd.altitude) <= 4284967295:
            return f"altitude {rd.altitude / 100:.2f}m out of range (-100000.00 to 42849672.95)"
        for what in ("size", "horizontal_precision", "vertical_precision"):
            if round(getattr(rd, what)) > 9000000000:
                return f"{what.replace('_', ' ')} above 90000000.00m (BIND: out of range)"
    if rdtype in ("SVCB", "HTTPS") and 5 in rd.params:
        # Not BIND's check (BIND 9.18 only decodes the base64): dnspython 2.9's, made the same on
        # every supported dnspython (2.6 does not check), the deliberate choice docs/conformance.md
        # gives for good-svcb.db
        ech = getattr(rd.params[5], "ech", None)
        if ech is not None and (len(ech) < 6 or int.from_bytes(ech[:2], "big") != len(ech) - 2):
            return (
                "ech value is not an ECHConfigList (RFC 9849 §4: a length prefix and 4 or more "
                "octets); ECH clients cannot use it"
            )
    if rdtype in ("SVCB", "HTTPS") and 7 in rd.params:
        param = rd.params[7]
        if param is None or not getattr(param, "value", b"x"):
            return "dohpath without a value (RFC 9461 §5: a URI template; BIND refuses it)"
    if rdtype == "NAPTR":
        why = naptr_regexp_problem(rd.regexp)
        if why:
            return f"regexp field {why} (BIND refuses it)"
    return None


#: Types whose fields dnspython reads with ``get_string`` (a quoted string is taken too) where
#: BIND 9.18 reads a plain token without ``ISC_LEXOPT_QSTRING``: the quotes become part of the
#: word, which no such field allows, so BIND refuses the record. The value is how many leading
#: fields that holds for (``None``: every field; the CAA value may be quoted, RFC 8659 §4.1.1).
_UNQUOTED_FIELDS: dict[str, int | None] = dict.fromkeys(
    (
        "RRSIG", "SIG", "DS", "CDS", "DLV", "TA", "DNSKEY", "CDNSKEY", "KEY", "IPSECKEY",
        "AMTRELAY", "EUI48", "EUI64", "NSAP", "WKS", "LOC", "NSEC3", "NSEC3PARAM", "HIP", "CERT",
        "DSYNC",
    ),
    None,
) | {"CAA": 2}
#: Fields BIND reads as a plain 32-bit decimal number where dnspython reads a TTL with units
#: (``get_ttl``: '1h' is 3600): (field index, name, why). SOA timers take units in BIND too.
_PLAIN_NUMBER_FIELDS: dict[str, tuple[int, str, str]] = {
    "RRSIG": (3, "original TTL", "RFC 4034 §3.2: an unsigned decimal integer"),
    "SIG": (3, "original TTL", "RFC 2535 §7.2: an unsigned decimal integer"),
}
#: The types :func:`bind_rejects_tokens` has something to say about.
TOKEN_CHECKED = frozenset(_UNQUOTED_FIELDS) | frozenset(_PLAIN_NUMBER_FIELDS)
_FIELD_NAMES = {"CAA": ("flags", "tag")}


def bind_rejects_tokens(rdtype: str, tokens) -> tuple[int, str] | None:
    """How BIND 9.18 refuses the data of a record as written although dnspython reads it: the
    index of the offending token in ``tokens`` (``(text, quoted)`` pairs, the data part as
    written) and why in plain words, or ``None``. Checks a quoted string in a field BIND reads
    as a plain word (``CAA 0 "issue" ...``) and units in a field BIND reads as a plain number
    (an RRSIG original TTL of ``1h``)."""
    limit = _UNQUOTED_FIELDS.get(rdtype, 0)
    for i, (text, quoted) in enumerate(tokens):
        if limit is not None and i >= limit:
            break
        if quoted:
            names = _FIELD_NAMES.get(rdtype, ())
            what = f"the {names[i]}" if i < len(names) else f"field {i + 1}"
            return i, (
                f"{what} \"{show(text)}\" must not be a quoted string (BIND reads this field as "
                "a plain word, quotes included, and refuses it)"
            )
    if rdtype in _PLAIN_NUMBER_FIELDS:
        i, what, rfc = _PLAIN_NUMBER_FIELDS[rdtype]
        if i < len(tokens):
            text = tokens[i][0]
            if not (text.isascii() and text.isdigit()):
                return i, (
                    f"{what} '{show(text)}' is not a plain number of seconds ({rfc}; BIND "
                    "takes no units such as 1h here)"
                )
    return None


def too_long(rd, span: int, origin: dns.name.Name | None) -> str | None:
    """Why the rdata cannot travel in any DNS message (more than :data:`MAX_RDATA` octets), or
    ``None``. The wire form is built only when ``span`` characters of text could make that many
    octets: a token adds at most a relative name's worth per two characters, and the bitmaps of
    WKS/NSEC/CSYNC stay below 9,000 octets whatever their text."""
    per_char = 2 + (len(origin.to_wire()) if origin is not None else 255)
    if span * per_char + 9000 <= MAX_RDATA:
        return None
    size = len(rd.to_wire())
    if size > 65535:
        return (
            f"{size} octets of data, but RDLENGTH is a 16-bit field (RFC 1035 §3.2.1): it "
            "cannot exist on the wire (BIND: ran out of space)"
        )
    if size > MAX_RDATA:
        return (
            f"{size} octets of data; at most {MAX_RDATA} fit in a DNS message (65535 minus the "
            "header, a root owner and the record fields; BIND: ran out of space)"
        )
    return None


def naptr_regexp_problem(regexp: bytes) -> str | None:
    """The structural check BIND's ``txt_valid_regex`` makes on a NAPTR regexp (RFC 3403 §3.2:
    ``delim ere delim substitution delim flags``): empty, or a delimiter that is not a digit,
    backslash or 'i', exactly three delimiters, only 'i' as flag, backreferences \\1-\\9 only
    in the substitution and no \\0."""
    if not regexp:
        return None
    delim = regexp[0:1]
    if delim in b"0123456789\\i" or delim == b"\x00":
        return f"'{decode_octets(regexp)}' uses '{decode_octets(delim)}' as its delimiter"
    parts = 1
    i = 1
    n = len(regexp)
    while i < n:
        c = regexp[i : i + 1]
        if c == delim:
            parts += 1
            if parts > 3:
                return (
                    f"'{decode_octets(regexp)}' has more than three "
                    f"'{decode_octets(delim)}' delimiters"
                )
        elif parts == 3:
            if c != b"i":
                shown = decode_octets(regexp)
                return f"'{shown}' has flag '{decode_octets(c)}' (only 'i' is defined)"
        elif c == b"\\":
            i += 1
            if i >= n:
                return f"'{decode_octets(regexp)}' ends with a lone backslash"
            if parts == 2 and regexp[i : i + 1] == b"0":
                return f"'{decode_octets(regexp)}' uses the backreference \\0"
        i += 1
    if parts != 3:
        return (
            f"'{decode_octets(regexp)}' is not 'delim regexp delim replacement delim [flags]' "
            f"(found {parts} of the 3 '{decode_octets(delim)}' delimiters)"
        )
    return None
