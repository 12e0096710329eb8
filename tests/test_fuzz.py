"""Property-based and fuzz testing of the CLI (issue 8, acceptance 2).

Whatever bytes a zone file holds, ``zonelint`` exits 0, 1 or 2, prints no traceback, and no rule
or loader crashes (no ``ZL000`` internal error, no "internal error in the loader"). Most examples
run in-process through ``zonelint.cli.main`` (fast); a few through a real subprocess, whose
generous timeout guards against hangs only.

Inputs: random bytes, and random mutations of corpus files and fixtures (``tests/fuzz_inputs.py``).
Every crash ever found is kept in ``fixtures/fuzz/`` and replayed by ``test_regressions``. The
large one-off budget (>= 10^5 inputs) is ``benchmarks/fuzz_budget.py``; its figure is in
``docs/robustness.md``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, SHARED
from fuzz_inputs import corpus_seeds, mutate, run_cli

FORMATS = ["text", "json", "sarif", "github", "gitlab"]
FUZZ_DIR = REPO / "fixtures" / "fuzz"
_SEEDS: list[bytes] | None = None


def seeds() -> list[bytes]:
    global _SEEDS
    if _SEEDS is None:
        _SEEDS = corpus_seeds(SHARED) or [b"$TTL 1\n@ SOA a b 1 2 3 4 5\n NS ns\nns A 192.0.2.1\n"]
    return _SEEDS


def check_bytes(data: bytes, fmt: str = "text", origin: str | None = "example.") -> None:
    with tempfile.TemporaryDirectory(prefix="zonelint-fuzz-") as d:
        Path(d, "z.zone").write_bytes(data)
        argv = ["--no-config", "--format", fmt, "-j", "1", "z.zone"]
        if origin:
            argv += ["--origin", origin]
        rc, out, err, exc = run_cli(argv, d)
    assert exc is None, f"exception escaped: {exc!r}\ninput: {data[:300]!r}"
    assert rc in (0, 1, 2), (rc, err)
    assert "Traceback" not in err + out
    # one existing regular file, no config: exit 2 can only mean an internal error (a rule that
    # crashed, ZL000, or the loader's last-resort "internal error in the loader")
    assert rc != 2, (out[-1500:], err[-800:], data[:300])
    assert "internal error in the loader" not in out, (out[-1500:], data[:300])


common = settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)


@settings(common, max_examples=100)
@given(st.binary(max_size=2000), st.sampled_from(FORMATS))
@pytest.mark.slow
def test_random_bytes(data, fmt):
    check_bytes(data, fmt)


@settings(common, max_examples=60)
@given(st.lists(st.sampled_from([
    b"$TTL 1h\n", b"@ SOA ns h 1 2 3 4 5\n", b" NS ns\n", b"ns A 192.0.2.1\n", b"(", b")", b'"',
    b"\\", b"; c\n", b"\xe9", b"\r\n", b"www CNAME ns\n", b"www TXT \"a\"\n", b"$INCLUDE x\n",
    b"$GENERATE 1-5 h$ A 1.1.1.$\n", b"$ORIGIN sub\n", b" ", b"\t", b"4294967296", b"a" * 70,
]), max_size=40), st.sampled_from(FORMATS))
@pytest.mark.slow
def test_random_token_soup(parts, fmt):
    check_bytes(b"".join(parts), fmt)


@settings(common, max_examples=200)
@given(st.randoms(use_true_random=False), st.sampled_from(FORMATS))
@pytest.mark.slow
def test_mutated_corpus_files(rnd, fmt):
    data = mutate(rnd.choice(seeds()), rnd)
    check_bytes(data, fmt, origin=rnd.choice(["example.", "example.com.", None]))


@settings(common, max_examples=8)
@given(st.randoms(use_true_random=False))
@pytest.mark.slow
def test_mutated_corpus_files_subprocess(rnd):
    """The real executable: exit code and stderr as a CI job sees them; the timeout guards
    against hangs only (it is generous on purpose)."""
    data = mutate(rnd.choice(seeds()), rnd)
    with tempfile.TemporaryDirectory(prefix="zonelint-fuzz-") as d:
        Path(d, "z.zone").write_bytes(data)
        p = subprocess.run(
            [sys.executable, "-m", "zonelint", "--no-config", "--format", "json", "--origin", "example.", "z.zone"],
            cwd=d, capture_output=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)},
        )
    assert p.returncode in (0, 1, 2), p.stderr
    assert b"Traceback" not in p.stderr


def _fixtures():
    return sorted(FUZZ_DIR.glob("*.zone")) if FUZZ_DIR.is_dir() else []


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.name)
def test_regressions(path):
    """Every crash the fuzzer found, kept as a fixture (see fixtures/fuzz/README.md)."""
    for fmt in FORMATS:
        check_bytes(path.read_bytes(), fmt)
