"""``--tsig-key FILE[:NAME]``: a TSIG key from a BIND ``key`` clause (what ``tsig-keygen`` and
``ddns-confgen`` write, what ``named.conf`` includes)::

    key "transfer-key" {
        algorithm hmac-sha256;
        secret "base64...";
    };

The parser is small and strict: ``key`` clauses only (comments ``#``, ``//`` and ``/* */``
allowed), each with exactly one ``algorithm`` (an HMAC BIND knows) and one ``secret`` (base64).
Anything else is a one-line error naming the file and line. With several clauses, ``:NAME``
chooses one. The file is read because the user named it, so it may lie outside the lint root;
it is never written.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass

from . import SourceError

#: the HMAC algorithms BIND accepts in a key clause (RFC 8945 §6)
ALGORITHMS = ("hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512")
ALIASES = {"hmac-md5.sig-alg.reg.int": "hmac-md5"}
#: a key file larger than this is not a key file
MAX_BYTES = 64 * 1024
_TOKEN_RE = re.compile(r'"((?:[^"\\\n]|\\.)*)"|([{};])|([^\s{};"]+)|(\S)')


@dataclass(frozen=True)
class TsigKey:
    name: str
    algorithm: str
    secret: str

    def keyring(self):
        """``(keyring, keyname)`` for ``dns.query.xfr`` / ``dns.query.tcp``."""
        import dns.name
        import dns.tsigkeyring

        ring = dns.tsigkeyring.from_text({self.name: (self.algorithm, self.secret)})
        return ring, dns.name.from_text(self.name)


def split_argument(value: str) -> tuple[str, str | None]:
    """``FILE[:NAME]`` -> ``(FILE, NAME or None)``; a FILE that exists as given wins (a path may
    hold a colon)."""
    if os.path.exists(value) or ":" not in value:
        return value, None
    path, _, name = value.rpartition(":")
    if not path or not name:
        raise SourceError(f"--tsig-key {value}: expected FILE or FILE:NAME")
    return path, name


def load(argument: str) -> TsigKey:
    """The key ``--tsig-key FILE[:NAME]`` names; :class:`SourceError` (one line) otherwise."""
    path, wanted = split_argument(argument)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise SourceError(f"--tsig-key {path}: cannot read: {e.strerror or e}") from None
    if len(raw) > MAX_BYTES:
        raise SourceError(f"--tsig-key {path}: larger than {MAX_BYTES // 1024} KiB, not a key file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"--tsig-key {path}: not UTF-8 text") from None
    keys = parse(text, path)
    if wanted is not None:
        chosen = [k for k in keys if k.name.rstrip(".").lower() == wanted.rstrip(".").lower()]
        if not chosen:
            names = ", ".join(k.name for k in keys)
            raise SourceError(f"--tsig-key {path}: no key named '{wanted}' (the file has {names})")
        return chosen[0]
    if len(keys) > 1:
        raise SourceError(f"--tsig-key {path}: {len(keys)} keys; choose one with {path}:NAME")
    return keys[0]


def _tokens(text: str, path: str):
    """``(line, kind, value)``: kind ``str`` (quoted), ``word`` or ``punct``; comments dropped."""
    line = 1
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif c == "#" or text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise SourceError(f"--tsig-key {path}: line {line}: unterminated /* comment")
            line += text.count("\n", i, j)
            i = j + 2
        else:
            m = _TOKEN_RE.match(text, i)
            if m.group(1) is not None:
                yield line, "str", m.group(1)
            elif m.group(2) is not None:
                yield line, "punct", m.group(2)
            elif m.group(3) is not None:
                yield line, "word", m.group(3)
            else:
                raise SourceError(f"--tsig-key {path}: line {line}: unexpected '{m.group(4)}'")
            i = m.end()


def parse(text: str, path: str = "<key>") -> list[TsigKey]:
    """Every ``key`` clause of ``text`` (at least one), strictly."""
    toks = list(_tokens(text, path))
    pos = 0
    keys: list[TsigKey] = []

    def take(what: str, kinds=("word",), value: str | None = None):
        nonlocal pos
        if pos >= len(toks):
            raise SourceError(f"--tsig-key {path}: unexpected end of file, expected {what}")
        line, kind, val = toks[pos]
        if kind not in kinds or (value is not None and val != value):
            raise SourceError(f"--tsig-key {path}: line {line}: expected {what}, found '{val}'")
        pos += 1
        return line, val

    while pos < len(toks):
        line, word = take("'key'", value="key")
        _, name = take("the key's name", ("word", "str"))
        _check_name(name, path, line)
        take("'{'", ("punct",), "{")
        fields: dict[str, str] = {}
        while pos < len(toks) and toks[pos][2] != "}":
            fline, field = take("'algorithm' or 'secret'")
            if field not in ("algorithm", "secret"):
                raise SourceError(f"--tsig-key {path}: line {fline}: unknown statement '{field}' in key '{name}'"
                                  " (only algorithm and secret)")
            if field in fields:
                raise SourceError(f"--tsig-key {path}: line {fline}: a second '{field}' in key '{name}'")
            _, value = take(f"the {field}", ("word", "str"))
            take("';'", ("punct",), ";")
            fields[field] = value if field == "secret" else value.lower()
            fields[field + "-line"] = str(fline)
        take("'}'", ("punct",), "}")
        take("';' after the key clause", ("punct",), ";")
        for need in ("algorithm", "secret"):
            if need not in fields:
                raise SourceError(f"--tsig-key {path}: line {line}: key '{name}' has no {need}")
        algorithm = ALIASES.get(fields["algorithm"], fields["algorithm"])
        if algorithm not in ALGORITHMS:
            raise SourceError(f"--tsig-key {path}: line {fields['algorithm-line']}: algorithm "
                              f"'{fields['algorithm']}' is not one of {', '.join(ALGORITHMS)}")
        try:
            secret = base64.b64decode(fields["secret"], validate=True)
        except (binascii.Error, ValueError):
            secret = b""
        if not secret:
            raise SourceError(f"--tsig-key {path}: line {fields['secret-line']}: the secret of key '{name}'"
                              " is not base64")
        if any(k.name.lower() == name.lower() for k in keys):
            raise SourceError(f"--tsig-key {path}: line {line}: a second key named '{name}'")
        keys.append(TsigKey(name, algorithm, fields["secret"]))
    if not keys:
        raise SourceError(f"--tsig-key {path}: no key clause (expected key \"NAME\" {{ algorithm ...; secret \"...\"; }};)")
    return keys


def _check_name(name: str, path: str, line: int) -> None:
    import dns.exception
    import dns.name

    try:
        dns.name.from_text(name)
    except dns.exception.DNSException as e:
        raise SourceError(f"--tsig-key {path}: line {line}: '{name}' is not a valid key name ({e})") from None
