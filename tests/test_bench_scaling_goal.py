"""benchmarks/run.py judges the issue's scaling goal: zonelint's 100k -> 1M factor over named's."""
import importlib.util
import pathlib
import sys

import pytest

RUN_PY = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("zonelint_bench_run", RUN_PY)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(mod)
        yield mod
    finally:
        sys.modules.pop(spec.name, None)


def _case(run, name, a, b):
    """A full-lint case with one pair: a and b are (wall, cpu) of zonelint and named."""
    c = run.Case(name=name, group="full", a_label="zonelint json", b_label="named -i local", a_argv=[], b_argv=[])
    c.a_runs = [run.Run(argv=[], wall=a[0], cpu=a[1], rss_kib=10240)]
    c.b_runs = [run.Run(argv=[], wall=b[0], cpu=b[1], rss_kib=10240)]
    return c


@pytest.mark.parametrize("zl_1m, verdicts", [
    ((10.4, 10.4), ["PASS", "PASS"]),    # x10.4 against named's x10.4
    ((10.9, 10.0), ["PASS", "PASS"]),    # x10.9 = 1.048 of named's factor
    ((11.6, 10.4), ["FAIL", "PASS"]),    # wall x11.6 = 1.115 (session 7's figure), CPU fine
    ((10.4, 11.6), ["PASS", "FAIL"]),    # CPU alone misses
])
def test_scaling_is_judged_against_named_factor_in_wall_and_cpu(run, zl_1m, verdicts):
    cases = {"full-100k": _case(run, "full-100k", (1.0, 1.0), (0.5, 0.5)),
             "full-1m": _case(run, "full-1m", zl_1m, (5.2, 5.2))}
    lines = [ln for ln in run.scaling_full(cases) if ln.startswith("- scaling 100k->1M")]
    assert [ln.rsplit(": ", 1)[1] for ln in lines] == verdicts
    assert "wall" in lines[0] and "CPU" in lines[1]


def test_scaling_without_the_1m_case_gives_no_verdict(run):
    cases = {"full-10k": _case(run, "full-10k", (0.2, 0.2), (0.05, 0.05)),
             "full-100k": _case(run, "full-100k", (1.0, 1.0), (0.5, 0.5))}
    assert not [ln for ln in run.scaling_full(cases) if "scaling 100k->1M" in ln]
