"""``-j 2`` gives the report ``-j 1`` gives, in every output format, over every folder of
``fixtures/rules/`` and over the conformance corpus (``../shared/corpus``).

Each case is linted twice in this process through :func:`zonelint.runner.lint` (every rule
selected), once with ``jobs=1`` and once with ``jobs=2``; both reports are rendered in every
format (rich too: rendered to a string it is deterministic) and must be identical, byte for byte,
with the same exit code. A case of two files or more must really have gone through the sharded
path (:func:`zonelint.shard.lint_sharded` returned a result, not the serial fallback).
"""

from __future__ import annotations

import csv
import importlib
import io
import os
from pathlib import Path

import pytest

from conftest import REPO, shared_dir
from zonelint import jobs
from zonelint.config import Config
from zonelint.origin import origin_from_filename
from zonelint.plugins import load_registry
from zonelint.report import FORMATS, MODULES
from zonelint.runner import RunOptions, lint
from zonelint.selection import SelectionLevel

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not jobs.available(), reason="-j needs os.fork"),
]

FIXTURES = REPO / "fixtures" / "rules"
FIXTURE_FOLDERS = sorted(p for p in FIXTURES.rglob("*") if p.is_dir())


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def _rendered(report) -> dict[str, str]:
    out = {}
    for fmt in FORMATS:
        buf = io.StringIO()
        importlib.import_module(MODULES[fmt], "zonelint.report").render(report, buf)
        out[fmt] = buf.getvalue()
    return out


def _same_report_both_ways(paths, config, registry, cwd, sharded_calls):
    """Lint ``paths`` with -j 1 and -j 2; assert every format renders the same. Returns the -j 1
    report."""
    reports = []
    for j in (1, 2):
        opts = RunOptions(paths=[str(p) for p in paths], select=SelectionLevel(["ALL"]), jobs=j, cwd=str(cwd))
        reports.append(lint(opts, config, registry))
    one, two = reports
    assert two.exit_code == one.exit_code
    assert [(n.level, n.message) for n in two.notifications] == [(n.level, n.message) for n in one.notifications]
    r1, r2 = _rendered(one), _rendered(two)
    for fmt in FORMATS:
        assert r2[fmt] == r1[fmt], f"-j 2 differs from -j 1 in --format {fmt}"
    n_files = len({f.path for f in one.files if f.included_from is None})
    if n_files > 1:
        assert sharded_calls and sharded_calls[-1] is not None, "the sharded path ran (no fallback)"
    return one


def test_every_format_is_compared():
    assert set(FORMATS) == {"rich", "table", "text", "json", "sarif", "github", "gitlab"}


@pytest.mark.parametrize("folder", FIXTURE_FOLDERS, ids=[p.relative_to(FIXTURES).as_posix() for p in FIXTURE_FOLDERS])
def test_fixture_folder_j2_same_as_j1(folder, registry, sharded_calls, monkeypatch):
    monkeypatch.chdir(folder)
    config = Config(root=str(folder))
    one = _same_report_both_ways(["."], config, registry, folder, sharded_calls)
    assert one.files, "the folder holds zone files"


def _corpus_groups(corpus: Path) -> dict[str, list[tuple[str, str | None]]]:
    """``run_from -> [(path relative to the corpus, origin)]`` for every zone file of the corpus
    (files the tsv does not list: run from their own folder, origin from their name)."""
    with open(corpus / "expectations.tsv", encoding="utf-8", newline="") as f:
        rows = {r["path"]: r for r in csv.DictReader(f, delimiter="\t")}
    groups: dict[str, list] = {}
    for p in sorted(corpus.rglob("*")):
        rel = p.relative_to(corpus).as_posix()
        if not p.is_file() or rel in ("MANIFEST.md", "expectations.tsv"):
            continue
        row = rows.get(rel)
        if row is not None:
            groups.setdefault(row["run_from"] or ".", []).append((rel, row["origin"] or None))
        else:
            groups.setdefault(p.parent.relative_to(corpus).as_posix(), []).append((rel, origin_from_filename(p.name)))
    return groups


def test_corpus_j2_same_as_j1(registry, sharded_calls, monkeypatch):
    """The corpus, one run per ``run_from`` folder (so relative ``$INCLUDE``s resolve as in the
    source repository), each file with its origin from ``expectations.tsv`` (the ``origins``
    table), all of a folder's files in one run: cross-zone lookups go across the workers."""
    corpus = shared_dir() / "corpus"
    groups = _corpus_groups(corpus)
    assert sum(len(v) for v in groups.values()) >= 250
    sharded_groups = 0
    for run_from, entries in sorted(groups.items()):
        cwd = corpus / run_from
        monkeypatch.chdir(cwd)
        origins = {rel: origin for rel, origin in entries if origin}
        config = Config(root=str(corpus), origins=origins)
        paths = [os.path.relpath(corpus / rel, cwd) for rel, _ in entries]
        before = len(sharded_calls)
        _same_report_both_ways(paths, config, registry, cwd, sharded_calls)
        sharded_groups += len(sharded_calls) > before
    assert sharded_groups >= 10, "most corpus folders went through the sharded path"
