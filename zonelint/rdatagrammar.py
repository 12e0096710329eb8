"""Text grammars of the record types BIND 9.18 reads and dnspython cannot: tokens -> wire rdata.

dnspython has no text parser for MB, MG, MR, MINFO, A6, NXT, TA (2.6 also none for SIG, KEY)
and does not know the mnemonics ATMA, DOA, EID, NIMLOC, RKEY, SINK, TALINK, KEYDATA (2.6 also
DSYNC, HHIT, BRID, RESINFO, WALLET). BIND loads all of them. Each type here has a small token
grammar written from its RFC and checked against ``named-checkzone`` 9.18 (which cases BIND
accepts, which it refuses, and the wire form it builds); the loader turns the wire form into an
opaque record (:func:`opaque_rdata`, RFC 3597) so the record-set rules see it.

Pure: :func:`parse` takes the rdata tokens of one record (:class:`Tok`: the text as written, with
escapes, and whether it was quoted) and the origin, and returns the wire bytes or raises
:class:`GrammarError` naming the token at fault. :func:`canonical` lower-cases the names embedded
in a wire form (RFC 4034 §6.2), so two records that differ only in the case of a name compare
equal.

Where BIND refuses a record, the grammar refuses it too: ``MB a b`` (extra input), ``X25``-like
digit rules, an NXT bitmap above type 127, an RKEY with flags other than 0, a TA digest of the
wrong length for its digest type.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from typing import Callable, NamedTuple

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass

from .rdatavalues import DIGEST_LENGTHS, DSDIGESTS, DSYNC_SCHEMES, SECALGS, key_flags, sig_time, unescape

__all__ = ["Tok", "GrammarError", "GRAMMARS", "FALLBACKS", "parse", "check_wire", "canonical", "opaque_rdata", "sig_time"]


class Tok(NamedTuple):
    """One rdata token: its text as written (escapes kept, quotes removed) and whether it was a
    quoted string."""

    text: str
    quoted: bool = False


class GrammarError(ValueError):
    """The data does not follow the type's grammar. ``index`` is the offending token's position
    in the token list (``len(tokens)`` when the record ended too early)."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


# ---------------------------------------------------------------------------------------------
# a cursor over the tokens, with one reader per field kind


class _Cursor:
    def __init__(self, tokens: list[Tok], origin: dns.name.Name | None, rdtype: int = 0) -> None:
        self.toks = tokens
        self.i = 0
        self.origin = origin
        self.rdtype = rdtype

    def more(self) -> bool:
        return self.i < len(self.toks)

    def take(self, what: str, quoted_ok: bool = False) -> Tok:
        if self.i >= len(self.toks):
            raise GrammarError(f"missing {what}", self.i)
        t = self.toks[self.i]
        if t.quoted and not quoted_ok:
            raise GrammarError(f"{what} must not be a quoted string", self.i)
        self.i += 1
        return t

    def fail(self, message: str) -> GrammarError:
        """An error at the token just taken."""
        return GrammarError(message, max(self.i - 1, 0))

    def end(self) -> None:
        if self.i < len(self.toks):
            raise GrammarError(f"extra input '{_show(self.toks[self.i].text)}'", self.i)

    # -- fields ---------------------------------------------------------------------------------
    def uint(self, what: str, bits: int) -> int:
        t = self.take(what)
        if not t.text.isdigit() or not t.text.isascii():
            raise self.fail(f"{what} '{_show(t.text)}' is not a decimal number")
        v = int(t.text)
        if v >= 1 << bits:
            raise self.fail(f"{what} {t.text} is out of range (max {(1 << bits) - 1})")
        return v

    def u8(self, what: str) -> bytes:
        return self.uint(what, 8).to_bytes(1, "big")

    def u16(self, what: str) -> bytes:
        return self.uint(what, 16).to_bytes(2, "big")

    def u32(self, what: str) -> bytes:
        return self.uint(what, 32).to_bytes(4, "big")

    def name(self, what: str) -> bytes:
        t = self.take(what)
        try:
            n = dns.name.from_text(t.text, self.origin)
            if not n.is_absolute():
                raise ValueError("relative name and no origin")
            return n.to_wire()
        except Exception as e:  # dnspython's name errors, in its own words
            raise self.fail(f"bad {what} '{_show(t.text)}': {e}") from None

    def charstr(self, what: str) -> bytes:
        t = self.take(what, quoted_ok=True)
        data = self.octets(t, what)
        if len(data) > 255:
            raise self.fail(f"{what} is longer than 255 octets")
        return bytes((len(data),)) + data

    def octets(self, t: Tok, what: str) -> bytes:
        """The octets of token ``t`` (escapes resolved)."""
        try:
            return unescape(t.text)
        except ValueError as e:
            raise self.fail(f"bad {what}: {e}") from None

    def rest_tokens(self) -> list[Tok]:
        rest = self.toks[self.i :]
        for k, t in enumerate(rest):
            if t.quoted:
                raise GrammarError("a quoted string is not allowed here", self.i + k)
        self.i = len(self.toks)
        return rest

    def _rest_text(self, what: str, required: bool) -> str:
        """The remaining tokens joined (base64 and hex may be split by blanks)."""
        start = self.i
        rest = self.rest_tokens()
        if not rest and required:
            raise GrammarError(f"missing {what}", start)
        return "".join(t.text for t in rest)

    def base64(self, what: str, required: bool) -> bytes:
        text = self._rest_text(what, required)
        try:
            if len(text) % 4:
                raise binascii.Error("length")
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise GrammarError(f"{what} is not valid base64", len(self.toks) - 1) from None

    def hex(self, what: str, required: bool) -> bytes:
        text = self._rest_text(what, required)
        if len(text) % 2 or not _HEX.fullmatch(text):
            raise GrammarError(f"{what} is not valid hexadecimal", len(self.toks) - 1)
        return bytes.fromhex(text)

    def mnemonic(self, what: str, table: dict[str, int], bits: int) -> int:
        """A number or one of ``table``'s mnemonics (any case)."""
        t = self.take(what)
        if t.text.isdigit():
            self.i -= 1
            return self.uint(what, bits)
        v = table.get(t.text.upper())
        if v is None:
            raise self.fail(f"unknown {what} '{_show(t.text)}'")
        return v

    def rrtype(self, what: str) -> int:
        t = self.take(what)
        v = type_value(t.text)
        if v is None:
            raise self.fail(f"unknown record type '{_show(t.text)}'")
        return v


_HEX = re.compile(r"[0-9A-Fa-f]*")
_DIGITS = re.compile(r"[0-9]+")


def _show(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def type_value(text: str) -> int | None:
    """A type mnemonic or ``TYPEnnn`` as a number (dnspython, then :mod:`zonelint.rrtypes`)."""
    import dns.rdatatype

    from .rrtypes import type_number

    try:
        return int(dns.rdatatype.from_text(text))
    except Exception:
        return type_number(text)


# ---------------------------------------------------------------------------------------------
# per-type grammars


def _one_name(c: _Cursor) -> bytes:
    return c.name("domain name")


def _two_names(first: str, second: str) -> Callable[[_Cursor], bytes]:
    def grammar(c: _Cursor) -> bytes:
        return c.name(first) + c.name(second)

    return grammar


def _hex_data(c: _Cursor) -> bytes:
    return c.hex("data", required=True)


def _base64_data(c: _Cursor) -> bytes:
    return c.base64("data", required=True)


def _txt_like(c: _Cursor) -> bytes:
    out = c.charstr("character-string")
    while c.more():
        out += c.charstr("character-string")
    return out


def _atma(c: _Cursor) -> bytes:
    """ATMA (ATM Forum af-saa-0069): ``+digits`` is E.164 (format 1), else an even number of hex
    digits (AESA, format 0); single dots may separate groups (not lead, trail or repeat)."""
    t = c.take("ATM address")
    text = t.text
    e164 = text.startswith("+")
    body = text[1:] if e164 else text
    if not body or body.startswith(".") or body.endswith(".") or ".." in body:
        raise c.fail(f"bad ATM address '{_show(text)}'")
    digits = body.replace(".", "")
    if e164:
        if not _DIGITS.fullmatch(digits):
            raise c.fail(f"bad E.164 ATM address '{_show(text)}' (digits only)")
        return b"\x01" + digits.encode()
    if len(digits) % 2 or not _HEX.fullmatch(digits):
        raise c.fail(f"bad AESA ATM address '{_show(text)}' (an even number of hex digits)")
    return b"\x00" + bytes.fromhex(digits)


def _a6(c: _Cursor) -> bytes:
    """A6 (RFC 2874 §3.1.1): prefix length 0-128, the address suffix unless 128, the prefix name
    unless 0. Only the octets below the prefix are kept; bits above it are cleared."""
    plen = c.uint("prefix length", 8)
    if plen > 128:
        raise c.fail(f"prefix length {plen} is out of range (0-128)")
    out = bytes((plen,))
    if plen < 128:
        t = c.take("address suffix")
        try:
            addr = ipaddress.IPv6Address(t.text).packed
        except ValueError:
            raise c.fail(f"bad IPv6 address '{_show(t.text)}'") from None
        octets = 16 - plen // 8
        suffix = bytearray(addr[16 - octets :])
        suffix[0] &= 0xFF >> (plen % 8)
        out += bytes(suffix)
    if plen > 0:
        out += c.name("prefix name")
    return out


def _bitmap(types: list[int], limit: int) -> bytes:
    if not types:
        return b""
    bm = bytearray(max(types) // 8 + 1)
    for t in types:
        bm[t // 8] |= 0x80 >> (t % 8)
    del limit
    return bytes(bm)


def _nxt(c: _Cursor) -> bytes:
    """NXT (RFC 2535 §5.2): next name and the types present, a bitmap of types 1-127."""
    out = c.name("next domain name")
    types = []
    while c.more():
        v = c.rrtype("record type")
        if not 0 < v < 128:
            raise c.fail(f"type {v} cannot appear in an NXT bitmap (types 1-127 only)")
        types.append(v)
    return out + _bitmap(types, 127)


def _sink(c: _Cursor) -> bytes:
    """SINK (draft-eastlake-kitchen-sink): meaning, coding, subcoding, then base64 data."""
    return c.u8("meaning") + c.u8("coding") + c.u8("subcoding") + c.base64("data", required=False)


def _doa(c: _Cursor) -> bytes:
    """DOA (draft-durand-doa-over-dns): enterprise, type, location, media type, then base64 data
    or ``-`` for none."""
    out = c.u32("enterprise") + c.u32("type") + c.u8("location") + c.charstr("media type")
    if not c.more():
        raise GrammarError("missing data (base64, or '-' for none)", c.i)
    if c.toks[c.i].text == "-" and not c.toks[c.i].quoted:
        c.i += 1
        c.end()
        return out
    return out + c.base64("data", required=True)


def _key(rkey: bool = False, nokey_ok: bool = False) -> Callable[[_Cursor], bytes]:
    """KEY (RFC 2535 §3.1), DNSKEY (RFC 4034 §2.2) and RKEY (draft-reid-dnsext-rkey): flags,
    protocol, algorithm, key. As in BIND, a KEY whose flags say NOKEY has no key (``nokey_ok``),
    every other key needs one, and RKEY flags must be 0."""

    def grammar(c: _Cursor) -> bytes:
        t = c.take("flags")
        try:
            flags = key_flags(t.text)
        except ValueError as e:
            raise c.fail(str(e)) from None
        if rkey and flags != 0:
            raise c.fail(f"RKEY flags must be 0 (found {flags})")
        out = flags.to_bytes(2, "big") + c.u8("protocol")
        out += bytes((c.mnemonic("algorithm", SECALGS, 8),))
        if nokey_ok and (flags & 0xC000) == 0xC000:
            return out
        return out + c.base64("public key", required=True)

    return grammar


def _ta(c: _Cursor) -> bytes:
    """TA (DNSSEC trust anchor, as DS, RFC 4034 §5.3): key tag, algorithm, digest type, digest.
    BIND checks the digest length of the digest types it knows."""
    out = c.u16("key tag") + bytes((c.mnemonic("algorithm", SECALGS, 8),))
    dtype = c.mnemonic("digest type", DSDIGESTS, 8)
    digest = c.hex("digest", required=True)
    want = DIGEST_LENGTHS.get(dtype)
    if want is not None and len(digest) != want:
        raise GrammarError(
            f"digest of type {dtype} must be {want} octets (found {len(digest)})", len(c.toks) - 1
        )
    return out + bytes((dtype,)) + digest


def _time(c: _Cursor, what: str, seconds_ok: bool = False) -> bytes:
    t = c.take(what)
    try:
        return sig_time(t.text, seconds_ok).to_bytes(4, "big")
    except ValueError as e:
        raise c.fail(str(e)) from None


def _sig(rrsig: bool) -> Callable[[_Cursor], bytes]:
    """SIG (RFC 2535 §4.1) / RRSIG (RFC 4034 §3.2): type covered, algorithm, labels, original
    TTL, expiration, inception, key tag, signer, signature. RRSIG times may also be seconds."""

    def grammar(c: _Cursor) -> bytes:
        out = c.rrtype("type covered").to_bytes(2, "big")
        out += bytes((c.mnemonic("algorithm", SECALGS, 8),)) + c.u8("labels")
        out += c.u32("original TTL")
        out += _time(c, "expiration", rrsig) + _time(c, "inception", rrsig) + c.u16("key tag")
        return out + c.name("signer name") + c.base64("signature", required=True)

    return grammar


def _keydata(c: _Cursor) -> bytes:
    """KEYDATA (BIND's internal RFC 5011 state): refresh, add-hold-down and remove-hold-down
    times, then a DNSKEY (flags, protocol, algorithm, key)."""
    out = _time(c, "refresh time") + _time(c, "add hold-down") + _time(c, "remove hold-down")
    return out + _key(nokey_ok=True)(c)


def _dsync(c: _Cursor) -> bytes:
    """DSYNC (RFC 9859): record type, scheme, port, target."""
    out = c.rrtype("record type").to_bytes(2, "big")
    out += bytes((c.mnemonic("scheme", DSYNC_SCHEMES, 8),)) + c.u16("port")
    return out + c.name("target")


def _zonemd(c: _Cursor) -> bytes:
    """ZONEMD (RFC 8976 §2.2): serial, scheme, hash algorithm, digest. BIND loads the reserved
    scheme and algorithm 0 (dnspython refuses them); the digest is 48 octets for SHA-384, 64 for
    SHA-512 and at least 12 otherwise (§2.2.4)."""
    out = c.u32("serial") + c.u8("scheme")
    alg = c.uint("hash algorithm", 8)
    digest = c.hex("digest", required=True)
    want = {1: 48, 2: 64}.get(alg)
    if len(digest) != want if want else len(digest) < 12:
        need = f"{want} octets" if want else "at least 12 octets"
        raise GrammarError(f"digest of hash algorithm {alg} must be {need}", len(c.toks) - 1)
    return out + bytes((alg,)) + digest


def _tlsa(c: _Cursor) -> bytes:
    """TLSA (RFC 6698 §2.2) / SMIMEA (RFC 8162): usage, selector, matching type, data (hex).
    BIND does not tie the data length to the matching type; dnspython 2.9 does."""
    return c.u8("usage") + c.u8("selector") + c.u8("matching type") + c.hex("data", required=True)


def _nsec(c: _Cursor) -> bytes:
    """NSEC (RFC 4034 §4.2): next name and at least one type, as window blocks (type 0 too, as
    BIND allows)."""
    out = c.name("next domain name")
    types = set()
    while c.more():
        types.add(c.rrtype("record type"))
    if not types:
        raise GrammarError("missing the types (an NSEC lists at least one)", c.i)
    windows: dict[int, bytearray] = {}
    for t in sorted(types):
        bm = windows.setdefault(t >> 8, bytearray(32))
        bm[(t & 0xFF) // 8] |= 0x80 >> (t % 8)
    for w, bm in sorted(windows.items()):
        used = bytes(bm).rstrip(b"\0")
        out += bytes((w, len(used))) + used
    return out


_NODE_GROUP = re.compile(r"[0-9A-Fa-f]{1,4}\Z")


def _locator64(c: _Cursor) -> bytes:
    """NID / L64 (RFC 6742 §2.3): preference and a 64-bit value written as four colon-separated
    groups of 1-4 hex digits (leading zeros may be left out, as in IPv6; no ``::``)."""
    out = c.u16("preference")
    t = c.take("64-bit value")
    groups = t.text.split(":")
    if len(groups) != 4 or not all(_NODE_GROUP.match(g) for g in groups):
        raise c.fail(f"bad 64-bit value '{_show(t.text)}' (four groups of 1-4 hex digits)")
    return out + b"".join(int(g, 16).to_bytes(2, "big") for g in groups)


def _svcb_alias_with_params(c: _Cursor) -> bytes:
    """SVCB/HTTPS in AliasMode (priority 0) with SvcParams: RFC 9460 §2.4.2 says they SHOULD NOT
    be there and MUST be ignored, so BIND loads the record; dnspython refuses it. The params are
    read by dnspython's own parser (at priority 1), then the priority is set back to 0."""
    if not c.more() or c.toks[0].text != "0" or c.toks[0].quoted:
        raise GrammarError("not an AliasMode record", 0)
    text = " ".join(f'"{t.text}"' if t.quoted else t.text for t in c.toks[1:])
    try:
        rd = dns.rdata.from_text(dns.rdataclass.IN, c.rdtype, "1 " + text, c.origin, False)
    except Exception as e:
        raise GrammarError(f"bad SvcParams: {e}", 1) from None
    c.i = len(c.toks)
    return b"\0\0" + rd.to_wire()[2:]


def _gpos(c: _Cursor) -> bytes:
    """GPOS (RFC 1712 §3): longitude, latitude, altitude as character-strings. BIND takes any
    strings (empty ones in its own test zones); dnspython requires numbers."""
    return c.charstr("longitude") + c.charstr("latitude") + c.charstr("altitude")


def _uri(c: _Cursor) -> bytes:
    """URI (RFC 7553 §4): priority, weight and the target as one quoted string. BIND loads an
    empty target (its own test zones have one; §4.5 says it MUST NOT be empty), dnspython
    refuses it."""
    out = c.u16("priority") + c.u16("weight")
    t = c.take("target", quoted_ok=True)
    if not t.quoted:
        raise c.fail("the URI target must be a quoted string")
    return out + c.octets(t, "target")


class _Grammar(NamedTuple):
    parse: Callable[[_Cursor], bytes]
    #: the wire layout, for :func:`canonical` and :func:`check_wire` (codes below)
    layout: str
    #: the name of a further wire check in ``_WIRE_CHECKS``
    check: str = ""


#: Type number -> grammar. Layout codes: ``N`` a domain name, ``1``/``2``/``4`` fixed octets,
#: ``C`` a character-string, ``S`` one or more character-strings to the end, ``A`` A6 data,
#: ``*`` the rest (opaque), ``+`` the rest, at least one octet.
GRAMMARS: dict[int, _Grammar] = {
    7: _Grammar(_one_name, "N"),  # MB, RFC 1035 §3.3.3
    8: _Grammar(_one_name, "N"),  # MG, RFC 1035 §3.3.6
    9: _Grammar(_one_name, "N"),  # MR, RFC 1035 §3.3.8
    14: _Grammar(_two_names("responsible mailbox", "error mailbox"), "NN"),  # MINFO §3.3.7
    24: _Grammar(_sig(False), "2114442N+"),  # SIG, RFC 2535
    25: _Grammar(_key(nokey_ok=True), "211*", "key"),  # KEY, RFC 2535
    30: _Grammar(_nxt, "N*", "nxt"),  # NXT, RFC 2535
    31: _Grammar(_hex_data, "+"),  # EID
    32: _Grammar(_hex_data, "+"),  # NIMLOC
    34: _Grammar(_atma, "1+", "atma"),  # ATMA
    38: _Grammar(_a6, "A"),  # A6, RFC 2874
    40: _Grammar(_sink, "111*"),  # SINK
    57: _Grammar(_key(rkey=True), "211+", "rkey"),  # RKEY
    58: _Grammar(_two_names("previous name", "next name"), "NN"),  # TALINK
    66: _Grammar(_dsync, "212N"),  # DSYNC, RFC 9859
    67: _Grammar(_base64_data, "+"),  # HHIT, RFC 9886
    68: _Grammar(_base64_data, "+"),  # BRID, RFC 9886
    259: _Grammar(_doa, "441C*"),  # DOA
    261: _Grammar(_txt_like, "S"),  # RESINFO, RFC 9606
    262: _Grammar(_txt_like, "S"),  # WALLET
    32768: _Grammar(_ta, "211+", "ta"),  # TA
    65533: _Grammar(_keydata, "*"),  # KEYDATA (BIND)
}


#: Grammars for types dnspython parses but refuses some input of that BIND loads: RRSIG dates
#: before 1970 or after 2106 (BIND reduces them modulo 2^32), DNSKEY/CDNSKEY flag mnemonics,
#: ZONEMD with the reserved scheme or hash algorithm 0, GPOS with strings that are not numbers,
#: a URI with an empty target, DS/CDS/DLV digest type mnemonics, type 0 in an NSEC bitmap, TLSA and
#: SMIMEA data of any length, NID/L64 groups without leading zeros, SVCB/HTTPS AliasMode records
#: with SvcParams.
#: The loader tries them only after dnspython refused the record.
FALLBACKS: dict[int, _Grammar] = {
    27: _Grammar(_gpos, "*"),  # GPOS
    43: _Grammar(_ta, "*"),  # DS: digest type mnemonics (SHA-256)
    47: _Grammar(_nsec, "*"),  # NSEC: type 0 in the bitmap
    52: _Grammar(_tlsa, "*"),  # TLSA: any data length
    53: _Grammar(_tlsa, "*"),  # SMIMEA
    59: _Grammar(_ta, "*"),  # CDS
    64: _Grammar(_svcb_alias_with_params, "*"),  # SVCB
    65: _Grammar(_svcb_alias_with_params, "*"),  # HTTPS
    104: _Grammar(_locator64, "*"),  # NID: short groups
    106: _Grammar(_locator64, "*"),  # L64
    32769: _Grammar(_ta, "*"),  # DLV
    256: _Grammar(_uri, "*"),  # URI
    46: _Grammar(_sig(True), "*"),  # RRSIG
    48: _Grammar(_key(), "*"),  # DNSKEY
    60: _Grammar(_key(), "*"),  # CDNSKEY
    63: _Grammar(_zonemd, "*"),  # ZONEMD
}


def parse(rdtype: int, tokens: list[Tok], origin: dns.name.Name | None, fallback: bool = False) -> bytes:
    """The wire rdata of a record of type ``rdtype`` written as ``tokens`` (by the grammar of
    :data:`GRAMMARS`, or of :data:`FALLBACKS` when ``fallback``). Raises :class:`GrammarError`
    (or :class:`KeyError` for a type without a grammar)."""
    c = _Cursor(tokens, origin, rdtype)
    wire = (FALLBACKS if fallback else GRAMMARS)[rdtype].parse(c)
    c.end()
    return wire


def _name_end(wire: bytes, i: int) -> int:
    """The offset just after the uncompressed name starting at ``i``; ValueError if malformed."""
    total = 0
    while True:
        if i >= len(wire):
            raise ValueError("truncated domain name")
        n = wire[i]
        if n > 63:
            raise ValueError("bad label length (compression is not allowed here)")
        total += n + 1
        if total > 255:
            raise ValueError("domain name longer than 255 octets")
        i += n + 1
        if n == 0:
            return i


def _walk(rdtype: int, wire: bytes) -> list[tuple[int, int]]:
    """The (start, end) of every embedded name in ``wire``, checking that ``wire`` fits the
    type's layout; ValueError when it does not."""
    g = GRAMMARS[rdtype]
    names = []
    i = 0
    n = len(wire)
    for code in g.layout:
        if code == "N":
            end = _name_end(wire, i)
            names.append((i, end))
            i = end
        elif code == "A":  # A6: prefix length, suffix octets (bits above the prefix clear), name
            if not wire:
                raise ValueError("empty A6 data")
            plen = wire[0]
            if plen > 128:
                raise ValueError("A6 prefix length above 128")
            i = 1
            if plen < 128:
                i += 16 - plen // 8
                if i > n:
                    raise ValueError("A6 address suffix cut short")
                if wire[1] & ~(0xFF >> (plen % 8)) & 0xFF:
                    raise ValueError("A6 address bits set above the prefix length")
            if plen > 0:
                end = _name_end(wire, i)
                names.append((i, end))
                i = end
        elif code in "CS":
            while True:
                if i >= n:
                    raise ValueError("character-string missing")
                i += 1 + wire[i]
                if i > n:
                    raise ValueError("character-string cut short")
                if code == "C" or i == n:
                    break
        elif code in "*+":
            if code == "+" and i >= n:
                raise ValueError("data missing")
            i = n
        else:
            i += int(code)
            if i > n:
                raise ValueError("data cut short")
    if i != n:
        raise ValueError("data left over after the type's fields")
    if g.check:
        _WIRE_CHECKS[g.check](wire, names)
    return names


def _check_key(wire: bytes, names) -> None:
    if (wire[0] & 0xC0) != 0xC0 and len(wire) < 5:
        raise ValueError("public key missing")


def _check_rkey(wire: bytes, names) -> None:
    if wire[0] or wire[1]:
        raise ValueError("RKEY flags must be 0")


def _check_atma(wire: bytes, names) -> None:
    if wire[0] == 1 and not wire[1:].isdigit():
        raise ValueError("E.164 ATM address with a character that is not a digit")


def _check_nxt(wire: bytes, names) -> None:
    bitmap = wire[names[0][1] :]
    if bitmap and (bitmap[0] & 0x80 or len(bitmap) > 16 or bitmap[-1] == 0):
        raise ValueError("bad NXT bitmap")


def _check_ta(wire: bytes, names) -> None:
    want = DIGEST_LENGTHS.get(wire[3])
    if want is not None and len(wire) - 4 != want:
        raise ValueError(f"digest of type {wire[3]} must be {want} octets")


_WIRE_CHECKS = {"key": _check_key, "rkey": _check_rkey, "atma": _check_atma, "nxt": _check_nxt, "ta": _check_ta}


def check_wire(rdtype: int, wire: bytes) -> None:
    """Raise ValueError (saying why) unless ``wire`` is valid data of ``rdtype``, as BIND's
    ``fromwire`` checks RFC 3597 (``\\#``) data of the types it knows."""
    _walk(rdtype, wire)


def canonical(rdtype: int, wire: bytes) -> bytes:
    """``wire`` with its embedded names lower-cased (ASCII only, RFC 4034 §6.2). Raises
    ValueError when the wire form does not fit the type (see :func:`check_wire`)."""
    if rdtype not in GRAMMARS:
        return wire
    out = bytearray(wire)
    for start, end in _walk(rdtype, wire):
        out[start:end] = wire[start:end].lower()
    return bytes(out)


def opaque_rdata(rdtype: int, wire: bytes):
    """A dnspython rdata holding ``wire`` for a type dnspython cannot parse: RFC 3597 text, and
    comparisons (``==``, hashing, ``to_digestable``) on the canonical form, names compared
    case-insensitively."""
    return OpaqueRdata(dns.rdataclass.IN, rdtype, wire)


class OpaqueRdata(dns.rdata.GenericRdata):
    """Generic (RFC 3597) rdata of a type whose grammar is in this module; its digestable form
    (used by dnspython's comparisons and hashing) has the embedded names lower-cased."""

    __slots__ = ()

    def to_digestable(self, origin=None):
        try:
            return canonical(self.rdtype, self.data)
        except ValueError:
            return self.data


def type_text(rdtype: int) -> str:
    """The mnemonic of a type number (``zonelint.rrtypes`` first, so ``ATMA`` rather than
    dnspython's ``TYPE34``)."""
    import dns.rdatatype

    from .rrtypes import type_mnemonic

    return type_mnemonic(rdtype) or dns.rdatatype.to_text(rdtype)


def record_rdata(rdclass: str, rdtype: str, text: str, origin: str):
    """The dnspython rdata of a record kept as text (``Record.rdata``): mnemonics dnspython does
    not know come from :mod:`zonelint.rrtypes`, the types of :data:`GRAMMARS` come back as
    :class:`OpaqueRdata`."""
    number = type_value(rdtype)
    if number is None:
        number = rdtype  # let dnspython say what is wrong
    try:
        rd = dns.rdata.from_text(
            rdclass, number, text, origin=dns.name.from_text(origin), relativize=False
        )
    except dns.exception.DNSException:
        if not text.startswith("\\# "):
            raise
        # generic data of a known type that dnspython refuses and BIND loads (ZONEMD scheme 0)
        hexdata = "".join(text.split()[2:])
        return dns.rdata.GenericRdata(dns.rdataclass.from_text(rdclass), number, bytes.fromhex(hexdata))
    if number in GRAMMARS and type(rd) is dns.rdata.GenericRdata:
        rd = OpaqueRdata(rd.rdclass, rd.rdtype, rd.data)
    return rd
