"""How the reader words what it finds: fixed messages and dnspython's exceptions in plain words.

Every message names the faulty value and, where it helps, the expected layout of the record
(``MX record is incomplete: missing exchange (MX is: preference exchange)``). dnspython's own
exception texts change between releases; :func:`reason` maps the ones it raises to stable words.

Importing this module does not import dnspython (the scanner uses its fixed messages).
"""

from __future__ import annotations

import re
import sys

from ..escape import dns_token
from ..lazyre import LazyPattern

TYPE_CHECKING = False  # typing.TYPE_CHECKING: typing is not imported at start-up
if TYPE_CHECKING:
    from dns.tokenizer import Token

    from .tokenizer import PositionTokenizer

__all__ = [
    "NO_ORIGIN",
    "HELP",
    "NO_TTL",
    "NOT_TEXT",
    "FIELDS",
    "ParseError",
    "show",
    "shown_token",
    "reason",
    "rdata_error",
]

NO_ORIGIN = "cannot determine the origin of this zone"

#: The help (the fix, with its citation) of the loader's problems, by code or kind.
HELP = {
    "ZL003": (
        "Narrow the range, or raise the limit on the command line (--max-generate N, or "
        "ZONELINT_MAX_GENERATE=N) if the zone really needs it; a config file may only lower it."
    ),
    "ZL005": (
        "Move the record to the zone that owns it, or fix its owner (usually a missing or extra "
        "trailing dot): BIND ignores out-of-zone data and dnspython drops it silently."
    ),
    "ZL006": (
        "Pass --origin, add an `origins` entry in the config, or start the file with $ORIGIN: "
        "relative names and @ mean nothing without an origin (RFC 1035 §5.1)."
    ),
    "ZL010": (
        "Include a shared file once and generate only the records the zone needs, or raise the "
        "budget on the command line (--max-expanded-records N, --max-expanded-octets N). Later "
        "directives of this zone that do not fit either are not reported."
    ),
    "bad-origin": (
        "Pass a valid domain name to --origin (or in the config's `origins`), e.g. example.com. "
        "(RFC 1035 §2.3.1)."
    ),
    "unreadable": "Make the file readable by whoever runs zonelint, or correct its name.",
}
NO_TTL = "no TTL specified (no $TTL, no earlier TTL, no SOA yet): BIND rejects the zone"
NOT_TEXT = "file is not a text zone file: contains NUL bytes (binary or UTF-16?)"

#: dnspython's "N is not an unsigned B-bit integer"
RANGE_MSG = LazyPattern(r"(\d+) is not an (?:octal )?unsigned (\d+)-bit integer")


class ParseError(Exception):
    """A positioned parse error (message already in plain words)."""

    def __init__(self, msg: str, line: int, col: int):
        super().__init__(msg)
        self.msg = msg
        self.line = line
        self.col = col


# Field names of common types, for messages that say which field is wrong or missing.
FIELDS: dict[str, tuple[str, ...]] = {
    "A": ("address",),
    "AAAA": ("address",),
    "NS": ("target",),
    "CNAME": ("target",),
    "DNAME": ("target",),
    "PTR": ("target",),
    "MX": ("preference", "exchange"),
    "SRV": ("priority", "weight", "port", "target"),
    "SOA": ("mname", "rname", "serial", "refresh", "retry", "expire", "minimum"),
    "NAPTR": ("order", "preference", "flags", "service", "regexp", "replacement"),
    "CAA": ("flags", "tag", "value"),
    "DS": ("key tag", "algorithm", "digest type", "digest"),
    "CDS": ("key tag", "algorithm", "digest type", "digest"),
    "DNSKEY": ("flags", "protocol", "algorithm", "public key"),
    "CDNSKEY": ("flags", "protocol", "algorithm", "public key"),
    "SSHFP": ("algorithm", "fingerprint type", "fingerprint"),
    "TLSA": ("usage", "selector", "matching type", "certificate data"),
    "SMIMEA": ("usage", "selector", "matching type", "certificate data"),
    "HINFO": ("cpu", "os"),
    "RP": ("mbox", "txt"),
    "AFSDB": ("subtype", "hostname"),
    "URI": ("priority", "weight", "target"),
    "TXT": ("string",),
    "SPF": ("string",),
}


def show(value: str, limit: int = 80) -> str:
    """A token of the zone for a message: at most ``limit`` characters, every control and
    bidirectional character as RFC 1035 ``\\DDD`` (it may reach a terminal or a CI log)."""
    return dns_token(value if len(value) <= limit else value[: limit - 3] + "...")


def number_too_long(exc: BaseException) -> str | None:
    """The zone defect behind Python's integer-digit limit (a number of thousands of digits),
    in plain words; None for any other exception."""
    text = str(exc)
    if isinstance(exc, ValueError) and "integer string conversion" in text:
        m = re.search(r"value has (\d+) digits", text)
        return f"a number of {m.group(1) if m else 'thousands of'} digits is out of range"
    return None


def shown_token(t: "Token") -> str:
    if t.is_eol_or_eof():
        return "end of line"
    if t.is_quoted_string():
        return f'"{show(str(t.value))}"'
    return f"'{show(str(t.value))}'"


def reason(exc: BaseException) -> str:
    """dnspython's exception in plain words."""
    import dns.exception
    import dns.name
    import dns.ttl

    if isinstance(exc, dns.exception.SyntaxError) and exc.__cause__ is not None:
        exc = exc.__cause__
    too_long = number_too_long(exc)
    if too_long:
        return too_long
    if isinstance(exc, dns.name.LabelTooLong):
        return "a label is longer than 63 octets"
    if isinstance(exc, dns.name.NameTooLong):
        return "the name is longer than 255 octets"
    if isinstance(exc, dns.name.EmptyLabel):
        return "empty label (two dots in a row?)"
    if isinstance(exc, dns.name.BadEscape):
        return "bad escape sequence"
    if isinstance(exc, dns.exception.UnexpectedEnd):
        return "unexpected end of data"
    if isinstance(exc, dns.ttl.BadTTL):
        return "not a valid TTL"
    binascii = sys.modules.get("binascii")  # whatever raised a binascii.Error imported it
    if binascii is not None and isinstance(exc, binascii.Error):
        text = str(exc)
        if "Odd-length" in text:
            return "odd number of hexadecimal digits"
        return "not valid hexadecimal" if "hexadecimal" in text else "not valid base64"
    text = str(exc).strip()
    m = RANGE_MSG.match(text)
    if m:
        return f"{m.group(1)} is out of range (max {2 ** int(m.group(2)) - 1})"
    plain = {
        "expecting an integer": "expected an integer",
        "expecting an identifier": "expected a value",
        "expecting a string": "expected a string",
        "string too long": "string longer than 255 octets",
        "Text input is malformed.": "malformed value",
        "Non-hexadecimal digit found": "not valid hexadecimal",
        "Odd-length string": "odd number of hexadecimal digits",
        "expecting another identifier": "more data expected",
    }
    if text in plain:
        return plain[text]
    if isinstance(exc, dns.exception.DNSException):
        return text.rstrip(".") or "syntax error"
    return text or type(exc).__name__


def rdata_error(
    e: BaseException,
    rdtype: str,
    tok: "PositionTokenizer",
    start: int,
    first: tuple[int, int] | None,
) -> ParseError:
    """Turn an exception from ``dns.rdata.from_text`` reading from ``tok`` into a message at the
    offending token (the last one the rdata parser took; ``start`` is the tokenizer's count of
    content tokens before the data, ``first`` where the data starts)."""
    last = tok.last
    line = getattr(last, "line", tok.line_number)
    col = getattr(last, "col", 1)
    fields = FIELDS.get(rdtype)
    text = str(e)
    if text.startswith("generic rdata does not start with"):
        return ParseError(
            f"zonelint cannot read {rdtype} data: dnspython has no text parser for this "
            "type (write it in the RFC 3597 form '\\# length hex')",
            line,
            col,
        )
    if (
        last is not None
        and last.is_eol_or_eof()
        and tok.ungotten_token is last
        and tok.last_content is not None
        and tok.ntok > start
    ):
        # the parser read the whole record, then rejected the data as a whole: point at
        # the start of the data
        line, col = first if first is not None else (line, col)
        return ParseError(f"bad {rdtype} record: {reason(e)}", line, col)
    if last is None or last.is_eol_or_eof():
        idx = tok.ntok - start
        if fields and idx < len(fields):
            return ParseError(
                f"{rdtype} record is incomplete: missing {fields[idx]} "
                f"({rdtype} is: {' '.join(fields)})",
                line,
                col,
            )
        return ParseError(f"{rdtype} record is incomplete: {reason(e)}", line, col)
    idx = max(tok.ntok - start - 1, 0)
    fname = fields[min(idx, len(fields) - 1)] if fields else None
    value = show(str(last.value))
    if text.startswith("expected EOL or EOF"):
        return ParseError(
            f"unexpected extra data '{value}' after the {rdtype} record", line, col
        )
    if rdtype in ("A", "AAAA") and idx == 0:
        v = "4" if rdtype == "A" else "6"
        return ParseError(f"bad IPv{v} address '{value}'", line, col)
    m = RANGE_MSG.match(text)
    if m:
        return ParseError(
            f"{rdtype} {fname or 'value'} {m.group(1)} out of range "
            f"(max {2 ** int(m.group(2)) - 1})",
            line,
            col,
        )
    what = f"{rdtype} {fname}" if fname else f"{rdtype} data"
    msg = f"bad {what} '{value}': {reason(e)}"
    if fields and idx < len(fields) - 1 and tok.ungotten_token is None:
        # the offending token ends the record: probably a field is missing before it
        try:
            nxt = tok.get()
            tok.unget(nxt)
            if nxt.is_eol_or_eof():
                msg += f" (is a field missing? {rdtype} is: {' '.join(fields)})"
        except Exception:
            pass
    return ParseError(msg, line, col)
