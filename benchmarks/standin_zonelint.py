#!/usr/bin/env python3
"""A stand-in for the zonelint CLI, to test benchmarks/run.py before the real CLI works.

It is NOT zonelint and lints nothing. It accepts the CLI surface the harness
uses (--origin, --format text|json|rich|table, --ignore, --no-config, -j N, FILE...), imports
dns.zone like the real tool will, reads every file with one of these engines,
and prints an empty report:

  --mode split      str.split() over every line (the Python floor; default)
  --mode tokenize   dns.tokenizer pass (no names, no rdata)
  --mode dnspython  dns.zone.from_file (the dnspython parse of performance-anchors.md)
  --mode crash      raises an exception (checks that the harness reports crashes)
  --mode usage      exits 2 like an argparse usage error

    python benchmarks/run.py --quick --zonelint "python benchmarks/standin_zonelint.py --mode split"
"""

import argparse
import json
import os
import sys


def read_split(path, origin):
    n = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.split():
                n += 1
    return n


def read_tokenize(path, origin):
    import dns.tokenizer
    n = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        tok = dns.tokenizer.Tokenizer(f, filename=path)
        while not tok.get(True, True).is_eof():
            n += 1
    return n


def read_dnspython(path, origin):
    import dns.zone
    z = dns.zone.from_file(path, origin=origin, relativize=False)
    return sum(len(rds) for _, rds in z.iterate_rdatasets())


ENGINES = {"split": read_split, "tokenize": read_tokenize, "dnspython": read_dnspython}


def one(job):
    mode, path, origin = job
    return path, ENGINES[mode](path, origin)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="split", choices=sorted(ENGINES) + ["crash", "usage"])
    ap.add_argument("--origin")
    ap.add_argument("--format", default="text", choices=["text", "json", "rich", "table"])
    ap.add_argument("--ignore", action="append", default=[])
    ap.add_argument("--no-config", action="store_true")
    ap.add_argument("-j", type=int, default=1)
    ap.add_argument("--version", action="version", version="standin-zonelint 0 (not zonelint)")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    import dns.zone  # noqa: F401  (cold-start cost of the real tool)
    if a.mode == "crash":
        raise RuntimeError("stand-in crash requested")
    if a.mode == "usage":
        ap.error("stand-in usage error requested")
    jobs = [(a.mode, f, a.origin) for f in a.files]
    if a.j > 1 and len(jobs) > 1:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(a.j) as ex:
            results = list(ex.map(one, jobs, chunksize=max(1, len(jobs) // (4 * a.j))))
    else:
        results = [one(j) for j in jobs]
    if a.format == "json":
        json.dump({"files": [{"path": p, "records": n, "findings": []} for p, n in results]}, sys.stdout)
        sys.stdout.write("\n")
    elif a.format == "rich":
        from rich.console import Console
        from rich.table import Table
        t = Table(title="zonelint stand-in")
        t.add_column("file")
        t.add_column("items", justify="right")
        t.add_column("findings", justify="right")
        for p, n in results:
            t.add_row(os.path.basename(p), str(n), "0")
        Console().print(t)
    else:
        for p, n in results:
            print("%s: %d items, 0 findings" % (p, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
