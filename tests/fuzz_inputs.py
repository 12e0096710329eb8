"""Input generators shared by ``tests/test_fuzz.py`` (hypothesis drives them through a
``random.Random``) and ``benchmarks/fuzz_budget.py`` (the large one-off budget).

``mutate(seed_bytes, rnd)`` applies 1-4 random edits to a zone file: delete, duplicate or swap a
token, insert a stray parenthesis or quote, a huge number, a long label or name, non-UTF-8 octets,
a directive, a backslash escape, or truncate. ``run_cli(argv)`` runs ``zonelint.cli.main``
in-process and returns (exit code, stdout, stderr, exception or None).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
from pathlib import Path

_TOKEN = re.compile(rb"\S+|\s+")

INSERTS = [
    b"(", b")", b'"', b"( (", b") )", b'"unterminated', b"\\", b"\\999", b"\\.", b";",
    b"99999999999999999999999999", b"4294967296", b"2147483648", b"-1", b"0x", b"1w2d3h4m5s",
    b"a" * 64, (b"a" * 63 + b".") * 5, b"x" * 300, b"\xff\xfe", b"\xe9t\xe9", b"\x80\x81\x82",
    b"\xc3\x28", b"\x00", b"$INCLUDE", b"$INCLUDE /etc/passwd", b"$INCLUDE ../outside",
    b"$GENERATE 1-100000000 h$ A 1.2.3.$", b"$GENERATE 1-3 ${-5,3,n} A 1.1.1.1",
    b"$ORIGIN", b"$ORIGIN .", b"$TTL", b"$TTL 4294967296", b"@", b"*", b"IN", b"CH", b"ANY",
    b"TYPE65535", b"\\# 3 abcdef", b"\\# 99999", b"SOA", b"CNAME", b"TXT", b"SRV", b"NAPTR",
    b"\r", b"\r\n", b"\n", b"\t", b"\xef\xbb\xbf",
]


def mutate(data: bytes, rnd: random.Random) -> bytes:
    toks = _TOKEN.findall(data) or [b""]
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randrange(8)
        i = rnd.randrange(len(toks))
        if op == 0 and len(toks) > 1:  # delete
            del toks[i]
        elif op == 1:  # duplicate
            toks.insert(i, toks[i])
        elif op == 2:  # swap
            j = rnd.randrange(len(toks))
            toks[i], toks[j] = toks[j], toks[i]
        elif op == 3:  # stray insert
            toks.insert(i, b" " + rnd.choice(INSERTS) + b" ")
        elif op == 4:  # replace a token
            toks[i] = rnd.choice(INSERTS)
        elif op == 5:  # random bytes in a token
            toks[i] = toks[i] + bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 4)))
        elif op == 6:  # truncate
            toks = toks[: max(1, i)]
        else:  # a number made huge
            toks[i] = str(rnd.choice([2**31, 2**32, 2**64, 10**40])).encode()
    return b"".join(toks)


def corpus_seeds(shared: Path, limit_bytes: int = 20000) -> list[bytes]:
    """Small corpus files (and the repository's fixtures) as mutation seeds."""
    out = []
    roots = [shared / "corpus", Path(__file__).resolve().parents[1] / "fixtures"]
    for root in roots:
        if not root.is_dir():
            continue
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.suffix not in (".md", ".tsv", ".toml", ".py", ".j2") and p.stat().st_size <= limit_bytes:
                out.append(p.read_bytes())
    return out


def run_cli(argv: list[str], cwd: str) -> tuple[int | None, str, str, BaseException | None]:
    from zonelint.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = main(argv)
            except SystemExit as e:  # argparse
                rc = e.code if isinstance(e.code, int) else 2
            except BaseException as e:  # noqa: BLE001 - the point of fuzzing
                return None, out.getvalue(), err.getvalue(), e
    finally:
        os.chdir(old)
    return rc, out.getvalue(), err.getvalue(), None
