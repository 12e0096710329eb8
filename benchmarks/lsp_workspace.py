#!/usr/bin/env python3
"""The language server's cost of an edit when the buffer points into a large zone elsewhere in
the workspace (issue 17: "a 1M-record zone elsewhere in the workspace must not make typing slow").

Builds a workspace in a temporary folder: one genzone zone of ``--records`` records
(``big.example.``) and a small zone whose SRV and CNAME point at names inside it. Loads the
workspace once (as ``zonelint server`` does for a folder), then lints the small buffer
``--edits`` times and prints each lint's wall time. The first lint indexes the big zone; later
ones merge its kept index (zonelint.ownerindex.KeptIndex).

    python benchmarks/lsp_workspace.py --records 1000000 --edits 5
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GENZONE = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "tools", "genzone.py")

SMALL = """$ORIGIN small.example.
$TTL 3600
@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 192.0.2.1
_xmpp-client._tcp IN SRV 0 5 5222 xmpp-9.zulu9.big.example.
mail IN CNAME mx1.big.example.
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=300000)
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--genzone", default=GENZONE)
    args = ap.parse_args()
    from zonelint.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, args.genzone, "--records", str(args.records), "--origin", "big.example.",
                        "--portable", "--seed", "1", os.path.join(tmp, "big.example.zone")], check=True,
                       stdout=subprocess.DEVNULL)
        small = os.path.join(tmp, "small.example.zone")
        with open(small, "w") as f:
            f.write(SMALL)
        t = time.perf_counter()
        ws = Workspace(tmp)
        gc.freeze()  # as zonelint server does after loading a workspace
        print(f"workspace load ({args.records} records): {time.perf_counter() - t:.2f} s")
        for i in range(args.edits):
            t = time.perf_counter()
            result = ws.lint(small, SMALL.encode())
            print(f"lint {i + 1}: {(time.perf_counter() - t) * 1000:.0f} ms, findings {[f.code for f in result.findings]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
