"""A run with large zone files asks glibc to map big blocks apart (``zonelint.allocator``): the
tables a run frees then go back to the system instead of leaving holes in the heap to the end of
the run. A small run does not ask (and imports no ``ctypes``)."""

from __future__ import annotations

import pytest

from zonelint import allocator, runner
from zonelint.config import load_config
from zonelint.plugins import load_registry
from zonelint.runner import RunOptions, lint
from zonelint.selection import SelectionLevel

ZONE = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n"


def run(tmp_path, monkeypatch, large_from: int) -> list[int]:
    (tmp_path / "example.com.zone").write_text(ZONE)
    asked = []
    monkeypatch.setattr(allocator, "LARGE_RUN_BYTES", large_from)
    monkeypatch.setattr(allocator, "keep_large_blocks_apart", lambda: asked.append(1) or True)
    opts = RunOptions(paths=[str(tmp_path)], select=SelectionLevel(None, [], []), cwd=str(tmp_path), jobs=1)
    lint(opts, load_config(cwd=str(tmp_path)), load_registry())
    return asked


def test_a_run_with_large_files_asks_once(tmp_path, monkeypatch):
    assert run(tmp_path, monkeypatch, large_from=len(ZONE)) == [1]


def test_a_small_run_does_not_ask(tmp_path, monkeypatch):
    assert run(tmp_path, monkeypatch, large_from=len(ZONE) + 1) == []


def test_paths_that_are_no_files_count_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(allocator, "LARGE_RUN_BYTES", 1)
    monkeypatch.setattr(allocator, "keep_large_blocks_apart", lambda: True)
    assert allocator.for_files([str(tmp_path / "missing.zone"), "axfr://192.0.2.1/example.com"]) is False


@pytest.mark.skipif(not allocator.glibc(), reason="glibc only")
def test_glibc_takes_the_fixed_threshold():
    assert allocator.keep_large_blocks_apart() is True
