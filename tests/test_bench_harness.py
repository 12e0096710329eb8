"""benchmarks/run.py's logic that needs no timing: the cases of issue 15's output and automatic
``-j`` goals, their goal verdicts, the terminal figures, and runs under a pseudo-terminal (drained,
sized, on a tiny zone). No assertion here is about speed: the harness measures that."""

from __future__ import annotations

import argparse
import importlib.util
import sys

import pytest

from conftest import ALIAS_TARGET_ZONE, REPO

_spec = importlib.util.spec_from_file_location("zonelint_bench_harness", REPO / "benchmarks" / "run.py")
bench = sys.modules[_spec.name] = importlib.util.module_from_spec(_spec)  # dataclasses look it up
_spec.loader.exec_module(bench)

ZL = ["zonelint"]


def _plan(quick=False, pairs=5):
    return {s["name"]: s for s in bench.plan(argparse.Namespace(quick=quick, pairs=pairs), ZL, None)}


def _case(spec, target="z.zone"):
    """A Case built from a spec without generating its zone."""
    return bench.build(dict(spec, make=lambda: "/zones/" + target if isinstance(target, str) else target), False)


def test_output_cases_compare_each_human_format_with_text_on_the_same_zone_and_flags():
    specs = _plan()
    names = [n for n in specs if n.startswith("output-")]
    assert names == ["output-rich-300k", "output-table-300k", "output-default-tty-300k", "output-table-tty-300k"]
    for n in names:
        c = _case(specs[n], "z300000.zone")
        assert c.group == "output" and c.records == 300_000
        a, b = c.a_argv, c.b_argv
        assert b[b.index("--format") + 1] == "text"
        # the same command but the format
        strip = lambda argv: [t for i, t in enumerate(argv)  # noqa: E731
                              if t != "--format" and (i == 0 or argv[i - 1] != "--format")]
        assert strip(a) == strip(b)
        assert a[-3:] == ["--ignore", "ZL108", "/zones/z300000.zone"]
        assert {(g.metric, g.max_ratio) for g in c.goals} == {("wall", 1.5), ("cpu", 1.5), ("rss_mib", 1.3)}
        assert c.b_ok == (0, 1)
    rich, table, tty = (_case(specs[n]) for n in names[:3])
    assert "--format" not in tty.a_argv  # the default a user gets on a terminal
    assert (tty.a_stdout, tty.b_stdout) == ("pty", "pty") and "COLUMNS" not in tty.env
    assert rich.a_argv[rich.a_argv.index("--format") + 1] == "rich"
    assert table.a_argv[table.a_argv.index("--format") + 1] == "table"
    assert (rich.a_stdout, rich.b_stdout) == ("devnull", "devnull") and rich.env["COLUMNS"] == "120"
    assert "PRE_COMMIT" in tty.unset and "NO_COLOR" in rich.unset


def test_jauto_cases_compare_no_j_with_j1_at_every_size():
    specs = _plan()
    names = [n for n in specs if n.startswith("jauto-")]
    assert names == ["jauto-10k", "jauto-100k", "jauto-1m", "jauto-many-500x2k"]
    for n in names[:3]:
        c = _case(specs[n])
        assert "-j" not in c.a_argv and c.b_argv == c.a_argv[:-3] + ["-j", "1"] + c.a_argv[-3:]
        assert [(g.metric, g.max_ratio) for g in c.goals] == [("wall", 1.05)]
    many = _case(specs["jauto-many-500x2k"], ["/zones/a.zone", "/zones/b.zone"])
    assert many.a_argv[-2:] == ["/zones/a.zone", "/zones/b.zone"] and "-j" not in many.a_argv
    assert many.b_argv[-4:] == ["-j", "1", "/zones/a.zone", "/zones/b.zone"]
    assert specs["jauto-1m"]["pairs"] == 3 and not specs["jauto-1m"]["warmup"]
    quick = _plan(quick=True)
    assert [n for n in quick if n.startswith("jauto-")] == ["jauto-10k", "jauto-100k"]
    assert [n for n in quick if n.startswith("output-")] == [n for n in specs if n.startswith("output-")]


def test_only_selects_the_new_groups_and_baselines_skip_zonelint_pairs():
    specs = _plan()
    pick = lambda *only: [n for n, s in specs.items() if bench.selected(n, s["group"], list(only))]  # noqa: E731
    assert pick("jauto") == ["jauto-10k", "jauto-100k", "jauto-1m", "jauto-many-500x2k"]
    assert pick("output") == [n for n in specs if n.startswith("output-")]
    assert pick("many") == ["many-500x2k"]
    assert pick("output-default-tty") == ["output-default-tty-300k"]
    assert set(bench.GROUPS) >= {"output", "jauto"}
    for n in ("output-rich-300k", "jauto-10k", "many-500x2k"):
        c = bench.build(dict(specs[n], make=lambda: ["/zones/z.zone"]), True)
        assert c.a_argv is None and c.b_argv is None


def _runs(*pairs):
    a = [bench.Run(argv=["a"], wall=w, cpu=c, rss_kib=r) for (w, c, r), _ in pairs]
    b = [bench.Run(argv=["b"], wall=w, cpu=c, rss_kib=r) for _, (w, c, r) in pairs]
    return a, b


def test_goal_verdicts_judge_the_median_pair_ratio():
    c = _case(_plan()["jauto-100k"])
    c.a_runs, c.b_runs = _runs(((1.04, 1, 100), (1.0, 1, 100)), ((1.2, 1, 100), (1.0, 1, 100)),
                               ((2.0, 1, 100), (2.0, 1, 100)))
    assert bench.goal_verdicts(c) == ["wall <= 1.05x: PASS (1.04)"]
    c.a_runs, c.b_runs = _runs(((1.06, 1, 100), (1.0, 1, 100)))
    assert bench.goal_verdicts(c) == ["wall <= 1.05x: FAIL (1.06)"]
    o = _case(_plan()["output-table-300k"])
    o.a_runs, o.b_runs = _runs(((3.0, 2.9, 1400), (2.0, 2.0, 1000)))
    assert bench.goal_verdicts(o) == ["wall <= 1.5x: PASS (1.50)", "CPU <= 1.5x: PASS (1.45)",
                                      "RSS <= 1.3x: FAIL (1.40)"]
    row = bench.case_table([o], "t")[-2]
    assert row.startswith("| output-table-300k |") and "RSS <= 1.3x: FAIL (1.40)" in row


def test_tty_stats():
    ev = [[0.9, "err", 100], [1.0, "err", 50], [3.5, "err", 20], [4.0, "out", 600]]
    assert bench.tty_stats(ev, 5.0) == {"first_output": 4.0, "first_progress": 0.9, "progress_bytes": 170,
                                        "silence": 2.5, "silence_after_progress": 2.5}
    # no progress: silent from the start to the first output
    assert bench.tty_stats([[2.0, "out", 10]], 3.0) == {
        "first_output": 2.0, "first_progress": None, "progress_bytes": 0, "silence": 2.0,
        "silence_after_progress": None}
    # nothing on stdout: silent until the exit
    s = bench.tty_stats([[0.5, "err", 1]], 4.0)
    assert s["first_output"] is None and s["silence"] == 3.5 and s["silence_after_progress"] == 3.5
    assert bench.tty_stats(None, 1.0) is None


def test_terminal_table_reports_the_pty_sides_only():
    o = _case(_plan()["output-default-tty-300k"])
    o.a_runs, o.b_runs = _runs(((3.0, 2.9, 1400), (2.0, 2.0, 1000)))
    o.a_runs[0].events = [[1.0, "err", 10], [1.1, "err", 10], [2.5, "out", 100]]
    o.b_runs[0].events = [[1.5, "out", 100]]
    table = bench.terminal_table([o])
    a_row, b_row = table[-3], table[-2]
    assert a_row == "| output-default-tty-300k | A zonelint, no --format (terminal) | 1 | 2.50 | 1/1 | 1.00 | 1.40 | 1.40 | 20 | 0 |"
    assert b_row == "| output-default-tty-300k | B zonelint --format text (terminal) | 1 | 1.50 | 0/1 | n/a | 1.50 | n/a | 0 | 0 |"
    assert bench.terminal_table([_case(_plan()["output-rich-300k"])]) == []


PROBE = ("import os, sys, shutil; sys.stdout.write('x' * 1_000_000); sys.stdout.flush(); "
         "sys.stderr.write('y' * 100_000); sys.stderr.flush(); "
         "print(os.isatty(1), os.isatty(2), os.get_terminal_size(1), os.get_terminal_size(2), "
         "os.environ.get('TERM'), os.environ.get('NO_COLOR'), file=sys.stderr)")


@pytest.mark.parametrize("where", ["spawner", "local"])
def test_a_pty_run_is_a_sized_terminal_drained_to_the_end(where, monkeypatch, tmp_path):
    """1 MB on stdout and 100 kB on stderr, far more than a pty buffers: the run ends (the harness
    reads as the writer writes) and every byte is counted."""
    monkeypatch.setenv("NO_COLOR", "1")
    if where == "local":
        monkeypatch.setattr(bench, "_spawner", False)
    r = bench.measure([sys.executable, "-c", PROBE], str(tmp_path), "pty", 120, bench.PTY_ENV, bench.PTY_UNSET)
    assert (r.rc, r.timed_out, r.traceback) == (0, False, False)
    assert r.stdout_bytes == 1_000_000
    assert r.stderr_bytes > 100_000 and "y" * 1000 in r.stderr_tail
    assert "True True os.terminal_size(columns=120, lines=40) os.terminal_size(columns=120, lines=40) " \
           "xterm-256color None" in r.stderr_tail
    assert r.events[-1][1] == "out" and all(name == "err" for _, name, _ in r.events[:-1])


def test_zonelint_under_the_pty_writes_its_terminal_format(tmp_path):
    """On a tiny zone with one finding: the default under the pty is the rich layout (source lines
    with a caret), longer than --format text to a pipe."""
    (tmp_path / "z.zone").write_text(ALIAS_TARGET_ZONE)
    cmd = [sys.executable, "-m", "zonelint", "--no-config", "--origin", "example.com."]
    tty = bench.measure(cmd + ["z.zone"], str(tmp_path), "pty", 120, bench.PTY_ENV, bench.PTY_UNSET)
    text = bench.measure(cmd + ["--format", "text", "z.zone"], str(tmp_path), "pipe", 120)
    assert (tty.rc, text.rc) == (1, 1) and not tty.traceback
    assert 0 < text.stdout_bytes < tty.stdout_bytes
    assert tty.events[-1][1] == "out" and bench.tty_stats(tty.events, tty.wall)["first_output"] > 0


def test_out_dir_moves_zones_and_results(monkeypatch, tmp_path, capsys):
    """--out-dir (or ZONELINT_BENCH_OUT) is where zones are generated and looked for: a second
    worktree measures without writing into another checkout's benchmarks/out."""
    monkeypatch.setattr(bench, "precompile", lambda: None)
    monkeypatch.setattr(bench, "OUT", bench.OUT)  # restored afterwards
    assert bench.main(["--list", "--out-dir", str(tmp_path / "a")]) == 0
    assert bench.OUT == str(tmp_path / "a")
    listed = capsys.readouterr().out.split()
    assert {"output-default-tty-300k", "jauto-many-500x2k", "output", "jauto"} <= set(listed)
    monkeypatch.setenv("ZONELINT_BENCH_OUT", str(tmp_path / "b"))
    bench.main(["--list"])
    assert bench.OUT == str(tmp_path / "b")
    monkeypatch.setattr(bench, "genzone_file", lambda n, path, **k: path)
    assert bench.sized_zone(300_000) == str(tmp_path / "b" / "z300000.zone")
