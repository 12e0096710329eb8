"""The progress bar: only on a terminal, only for text/rich output, only once a run has taken
about a second, and rich is imported only when the bar is shown."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stdout

import pytest

import zonelint.progress as progress_mod
from zonelint.cli import main

ZONE = "$TTL 300\n$ORIGIN example.test.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n"


class _Recorder:
    made: list = []

    def __init__(self, *a, **k):
        _Recorder.made.append(self)
        self.updates = []
        self.closed = False

    def update(self, done, total, records):
        self.updates.append((done, total, records))

    def close(self):
        self.closed = True


@pytest.fixture
def recorder(monkeypatch, tmp_path):
    _Recorder.made = []
    monkeypatch.setattr(progress_mod, "Progress", _Recorder)
    for i in range(3):
        (tmp_path / f"z{i}.zone").write_text(ZONE)
    monkeypatch.chdir(tmp_path)
    return _Recorder


def _run(monkeypatch, tty: bool, *args):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty, raising=False)
    with redirect_stdout(io.StringIO()):
        main(["--no-config", "--origin", "example.test.", *args])


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "gitlab"])
def test_never_for_machine_formats(recorder, monkeypatch, fmt):
    _run(monkeypatch, True, "--format", fmt, "z0.zone")
    assert recorder.made == []


@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_on_a_terminal_for_human_formats(recorder, monkeypatch, fmt):
    _run(monkeypatch, True, "--format", fmt, "z0.zone")
    assert len(recorder.made) == 1 and recorder.made[0].closed
    assert recorder.made[0].updates[-1] == (1, 1, 3)  # files done, files, records


def test_not_when_stderr_is_not_a_terminal(recorder, monkeypatch):
    _run(monkeypatch, False, "--format", "text", "z0.zone")
    assert recorder.made == []


def test_no_progress_flag(recorder, monkeypatch):
    _run(monkeypatch, True, "--format", "text", "--no-progress", "z0.zone")
    assert recorder.made == []


def test_bar_waits_about_a_second_and_skips_finished_runs(monkeypatch):
    real = progress_mod.Progress
    p = real(delay=1.0)
    p.update(1, 10, 100)  # under a second: nothing shown
    assert p._bar is None
    p.start -= 2.0
    p.update(10, 10, 1000)  # already finished: nothing to show
    assert p._bar is None
    p.update(5, 10, 500)
    assert p._bar is not None
    p.close()


@pytest.mark.slow
def test_a_single_large_file_reports_records_while_it_loads(recorder, monkeypatch, tmp_path):
    lines = [ZONE] + [f"h{i} A 192.0.2.{i % 250 + 1}\n" for i in range(140_000)]
    (tmp_path / "big.zone").write_text("".join(lines))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with redirect_stdout(io.StringIO()):
        main(["--no-config", "--origin", "example.test.", "--format", "text", "--select", "ZL001", "big.zone"])
    (bar,) = recorder.made
    during = [u for u in bar.updates if u[0] == 0]  # updates before the file was finished
    assert [u[2] for u in during] == sorted(u[2] for u in during) and len(during) >= 2
    assert during[0][1] == 1 and during[-1][2] > 100_000
    assert bar.updates[-1] == (1, 1, 140_003)
