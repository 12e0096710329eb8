"""Each finding is reported exactly once: no two findings with the same (code, path, line,
column, owner, message), on every run shape (one process, ``-j 2``), over every fixture folder
and the corpus. (Before zones were identified by file, the ``fixtures/rules`` folder printed one
finding 39 times: every file of origin ``example.com.`` answered every other one's lookups.)"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from zonelint.config import Config
from zonelint.plugins import load_registry
from zonelint.runner import RunOptions, lint

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FOLDERS = (
    [REPO / "fixtures" / "rules", REPO / "fixtures" / "seeds", REPO / "fixtures" / "fuzz"]
    + sorted(p for p in (REPO / "fixtures" / "rules").iterdir() if p.is_dir())
    + ([SHARED / "corpus"] + sorted(p for p in (SHARED / "corpus").iterdir() if p.is_dir())
       if (SHARED / "corpus").is_dir() else [])
)


def _key(f):
    return (f.code, f.path, f.line, f.column, f.owner, f.message)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_every_finding_once(folder, jobs):
    opts = RunOptions(paths=[str(folder)], jobs=jobs, cwd=str(folder))
    report = lint(opts, Config(root=str(folder)), load_registry())
    assert report.findings, f"{folder}: a folder of fixtures gives findings (else this test proves nothing)"
    repeated = [k for k, n in Counter(_key(f) for f in report.findings).items() if n > 1]
    assert repeated == []


def test_corpus_is_there():
    assert (SHARED / "corpus" / "real-world").is_dir(), "the corpus (../shared/corpus) must be beside the repository"
