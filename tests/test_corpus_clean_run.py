"""Every zone of ``../shared/corpus/`` lints without an internal error (issue 3, acceptance 4).

Each file is linted alone, in-process through ``zonelint.cli.main`` (so an exception would reach
this test instead of vanishing in a subprocess), with ``--no-config --format json``, every rule
selected, from its ``run_from`` folder (relative ``$INCLUDE`` paths resolve as in the source
repository) and with the origin from ``corpus/expectations.tsv``. A file the tsv does not list is
run from its own folder with the origin its file name suggests (none if it suggests none, which
is ZL006 at worst). Whatever zonelint thinks of the zone, it must not report ``ZL000`` (a rule
crashed), let an exception escape, print a traceback or exit with anything but 0 or 1.

Without ``../shared`` the test skips visibly; under ``CI=true`` it fails (``conftest.shared_dir``).
The whole corpus takes a few seconds.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import traceback
from pathlib import Path

import pytest
from conftest import shared_dir
from zonelint.cli import main
from zonelint.origin import origin_from_filename

NOT_ZONES = {"MANIFEST.md", "expectations.tsv"}


def corpus_files(corpus: Path) -> list[tuple[str, str | None, str]]:
    """``(path, origin, run_from)`` of every zone file, paths relative to ``corpus``."""
    with open(corpus / "expectations.tsv", encoding="utf-8", newline="") as f:
        rows = {r["path"]: r for r in csv.DictReader(f, delimiter="\t")}
    out = []
    for p in sorted(corpus.rglob("*")):
        if not p.is_file() or p.relative_to(corpus).as_posix() in NOT_ZONES:
            continue
        rel = p.relative_to(corpus).as_posix()
        row = rows.get(rel)
        if row is not None:
            out.append((rel, row["origin"] or None, row["run_from"] or "."))
        else:
            out.append((rel, origin_from_filename(p.name), p.parent.relative_to(corpus).as_posix()))
    return out


def lint_one(corpus: Path, rel: str, origin: str | None, run_from: str) -> str | None:
    """None when the run is clean of internal errors, else what went wrong."""
    cwd = corpus / run_from
    argv = ["--no-config", "--format", "json", "--select", "ALL", "-j", "1", "--no-progress"]
    if origin:
        argv += ["--origin", origin]
    argv.append(os.path.relpath(corpus / rel, cwd))
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main(argv)
    except BaseException:  # SystemExit included: main() returns its exit code, never exits
        return "exception escaped zonelint.cli.main:\n" + traceback.format_exc()
    finally:
        os.chdir(old)
    if "Traceback" in err.getvalue():
        return f"traceback on stderr:\n{err.getvalue()}"
    if rc not in (0, 1):
        return f"exit code {rc}: {err.getvalue().strip()}"
    try:
        findings = json.loads(out.getvalue())["findings"]
    except (ValueError, KeyError) as e:
        return f"no JSON report ({e}): {out.getvalue()[:200]!r}"
    internal = [f for f in findings if f["code"] == "ZL000"]
    if internal:
        return "; ".join(f"ZL000 at line {f['line']}: {f['message']}" for f in internal)
    return None


@pytest.mark.slow
def test_every_corpus_zone_lints_without_internal_error():
    corpus = shared_dir() / "corpus"
    files = corpus_files(corpus)
    assert len(files) >= 290, f"only {len(files)} zone files found under {corpus}"
    problems = []
    for rel, origin, run_from in files:
        why = lint_one(corpus, rel, origin, run_from)
        if why is not None:
            problems.append(f"{rel} (origin {origin}, run from {run_from}): {why}")
    assert not problems, f"{len(problems)} of {len(files)} corpus zones:\n" + "\n".join(problems)


def test_files_missing_from_the_tsv_get_their_own_folder_and_a_filename_origin(tmp_path):
    (tmp_path / "expectations.tsv").write_text(
        "path\torigin\trun_from\nlisted/a.db\texample.\tlisted\n", encoding="utf-8"
    )
    for rel in ("listed/a.db", "new/db.example.org", "new/hosts", "MANIFEST.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("", encoding="utf-8")
    assert corpus_files(tmp_path) == [
        ("listed/a.db", "example.", "listed"),
        ("new/db.example.org", "example.org.", "new"),
        ("new/hosts", None, "new"),
    ]
