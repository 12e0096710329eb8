"""The large one-off fuzz budget (issue 8): N inputs through ``zonelint.cli.main`` in-process.

    python benchmarks/fuzz_budget.py [--inputs 100000] [--workers 2] [--seed 0] [--out DIR]

Inputs: ~20% random bytes, ~10% random token soup, ~70% random mutations of corpus files and
fixtures (``tests/fuzz_inputs.py``), formats rotating over text/json/sarif/github/gitlab. A crash
is an exception escaping ``main``, an exit code other than 0/1 (one existing file: 2 would be an
internal error), a traceback, or the loader's "internal error" message. Crashing inputs are saved
in ``--out`` (to be kept in ``fixtures/fuzz/``). Prints one summary line (also as JSON).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from fuzz_inputs import corpus_seeds, mutate, run_cli  # noqa: E402

FORMATS = ["text", "json", "sarif", "github", "gitlab"]
SOUP = [b"$TTL 1h\n", b"@ SOA ns h 1 2 3 4 5\n", b" NS ns\n", b"ns A 192.0.2.1\n", b"(", b")", b'"',
        b"\\", b"; c\n", b"\xe9", b"\r\n", b"www CNAME ns\n", b'www TXT "a"\n', b"$INCLUDE x\n",
        b"$GENERATE 1-5 h$ A 1.1.1.$\n", b"$ORIGIN sub\n", b" ", b"\t", b"4294967296", b"a" * 70]


def make_input(rnd: random.Random, seeds: list[bytes]) -> bytes:
    k = rnd.random()
    if k < 0.2:
        return bytes(rnd.randrange(256) for _ in range(rnd.randrange(2000)))
    if k < 0.3:
        return b"".join(rnd.choice(SOUP) for _ in range(rnd.randrange(40)))
    return mutate(rnd.choice(seeds), rnd)


def worker(args) -> dict:
    wid, n, seed, out = args
    seeds = corpus_seeds(REPO.parent / "shared")
    rnd = random.Random(seed * 1000 + wid)
    crashes = 0
    d = tempfile.mkdtemp(prefix="zonelint-fuzz-")
    path = os.path.join(d, "z.zone")
    for i in range(n):
        data = make_input(rnd, seeds)
        with open(path, "wb") as f:
            f.write(data)
        fmt = FORMATS[i % len(FORMATS)]
        origin = ["example.", "example.com.", None][i % 3]
        argv = ["--no-config", "--format", fmt, "-j", "1", "z.zone"] + (["--origin", origin] if origin else [])
        rc, o, e, exc = run_cli(argv, d)
        if exc is not None or rc not in (0, 1) or "Traceback" in e or "internal error in the loader" in o:
            crashes += 1
            Path(out).mkdir(parents=True, exist_ok=True)
            Path(out, f"crash-w{wid}-{i}.zone").write_bytes(data)
            Path(out, f"crash-w{wid}-{i}.txt").write_text(f"{argv}\nrc={rc} exc={exc!r}\n{e[-2000:]}\n{o[-2000:]}")
    return {"inputs": n, "crashes": crashes}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "out" / "fuzz-crashes"))
    a = ap.parse_args()
    t0 = time.time()
    per = [a.inputs // a.workers + (1 if w < a.inputs % a.workers else 0) for w in range(a.workers)]
    with mp.Pool(a.workers) as pool:
        res = pool.map(worker, [(w, per[w], a.seed, a.out) for w in range(a.workers)])
    total = {"inputs": sum(r["inputs"] for r in res), "crashes": sum(r["crashes"] for r in res),
             "seconds": round(time.time() - t0, 1), "workers": a.workers, "seed": a.seed}
    print(f"fuzz budget: {total['inputs']} inputs, {total['crashes']} crashes, {total['seconds']} s")
    print(json.dumps(total))
    return 1 if total["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
