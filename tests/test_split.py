"""One large file loaded in parallel parts (``zonelint.split``): exactly what a whole load gives,
wherever the file is cut, and a load in one piece whenever a cut cannot be trusted."""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stdout

import pytest

from zonelint import jobs, scanner, split
from zonelint.cli import main
from zonelint.loadtypes import LoadOptions

from .conftest import shared_dir
from .test_scanner_differential import _corpus_rows, _genzone, _prob, _rec

pytestmark = pytest.mark.skipif(not jobs.available(), reason="split loading needs os.fork")


def _options(cwd) -> LoadOptions:
    return LoadOptions(lint_root=os.path.realpath(cwd), cwd=str(cwd))


def _view(lz):
    return (
        lz.origin,
        lz.includes,
        [(f.path, f.display, f.reported, getattr(f.included_from, "path", None)) for f in lz.files],
        [_prob(p) for p in lz.problems],
        [_rec(r) for r in lz.records],
        [r.rdata_text for r in lz.records],
    )


@pytest.fixture
def whole_loads(monkeypatch):
    """Counts the loads in one piece that load_zone_split falls back to."""
    calls = []
    real = scanner.load_zone

    def spy(*a, **k):
        calls.append(a[0])
        return real(*a, **k)

    monkeypatch.setattr(scanner, "load_zone", spy)
    monkeypatch.setattr(split, "MIN_SPLIT_BYTES", 0)
    return calls


def _split_at(monkeypatch, path, origin, options, targets, fallback=None):
    """load_zone_split with cuts planned at ``targets`` (byte offsets)."""
    real = split._plan
    monkeypatch.setattr(split, "_plan", lambda p, size, parts, o: real(p, size, parts, o, targets))
    try:
        return split.load_zone_split(path, path, origin, options, fallback, parts=len(targets) + 1)
    finally:
        monkeypatch.setattr(split, "_plan", real)


def _line_starts(path) -> list[int]:
    data = open(path, "rb").read()
    return [i + 1 for i in range(len(data)) if data[i : i + 1] == b"\n" and i + 1 < len(data)]


ZONE = """$ORIGIN example.test.
$TTL 3600
@ IN SOA ns1 hostmaster ( 2024010101 ; serial
  7200 3600 1209600 300 )
  NS ns1
ns1 A 192.0.2.1
$ORIGIN sub
www 300 A 192.0.2.2
txt TXT "a;b" ( "c"
  "d" )
mail MX 10 www
$TTL 1h
_sip._udp SRV 0 0 5060 www
*.wild AAAA 2001:db8::1
$ORIGIN example.test.
odd IN CAA 0 issue "ca.example"
bad A 999.1.1.1
alias CNAME www.sub
"""


@pytest.mark.slow
def test_every_cut_of_a_small_zone(tmp_path, monkeypatch, whole_loads):
    path = tmp_path / "z.zone"
    path.write_text(ZONE)
    monkeypatch.chdir(tmp_path)
    options = _options(tmp_path)
    want = _view(scanner.load_zone("z.zone", "z.zone", "example.test.", options))
    split_used = 0
    for cut in _line_starts(path):
        whole_loads.clear()
        got = _split_at(monkeypatch, "z.zone", "example.test.", options, [cut])
        assert _view(got) == want, cut
        split_used += not whole_loads
    assert split_used >= 8  # most lines are cuts the plan trusts
    # three parts, every pair of cuts
    starts = _line_starts(path)
    for a in starts[::3]:
        for b in starts[::4]:
            if b > a:
                assert _view(_split_at(monkeypatch, "z.zone", "example.test.", options, [a, b])) == want


def test_untrustworthy_cuts_load_in_one_piece(tmp_path, monkeypatch, whole_loads):
    monkeypatch.chdir(tmp_path)
    options = _options(tmp_path)
    cases = {
        # no $TTL before the cut: the TTL of the next records depends on the previous record
        "nottl.zone": "$ORIGIN example.test.\n@ SOA ns1 h 1 2 3 4 5\n@ 60 NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.2\n",
        # a continuation line in column 0 inside parentheses, where the cut falls
        "paren.zone": "$ORIGIN example.test.\n$TTL 60\n@ SOA ns1 h (\n1\n2 3 4 5 )\nns1 A 192.0.2.1\n",
        # an $INCLUDE before the cut may change the TTL
        "inc.zone": "$ORIGIN example.test.\n$TTL 60\n$INCLUDE part.inc\nwww A 192.0.2.2\nx A 192.0.2.3\n",
        # a lone CR: the scanner hands the rest of the file to the reference loader
        "cr.zone": "$ORIGIN example.test.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\r@ NS ns1\nns1 A 192.0.2.1\nw A 192.0.2.9\n",
        # "$TTL 99" as TXT data on a continuation line fools the plan's directive pass (the
        # check of the first part's end state catches it)
        "fooled.zone": '$ORIGIN example.test.\n$TTL 60\nt TXT ( "x"\n$TTL 99 )\nw A 192.0.2.9\nv A 192.0.2.8\n',
    }
    (tmp_path / "part.inc").write_text("$TTL 99\nin A 192.0.2.7\n")
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        want = _view(scanner.load_zone(name, name, "example.test.", options))
        for cut in _line_starts(tmp_path / name):
            whole_loads.clear()
            got = _split_at(monkeypatch, name, "example.test.", options, [cut])
            assert _view(got) == want, (name, cut)
    # the cut at "1" (column 0, inside the SOA) is never kept
    text = cases["paren.zone"]
    whole_loads.clear()
    _split_at(monkeypatch, "paren.zone", "example.test.", options, [text.index("\n1\n") + 1])
    assert whole_loads == ["paren.zone"]
    # nor one after the fake $TTL (the plan predicts 99, the first part ends with 60)
    text = cases["fooled.zone"]
    whole_loads.clear()
    _split_at(monkeypatch, "fooled.zone", "example.test.", options, [text.index("\nw A") + 1])
    assert whole_loads == ["fooled.zone"]


@pytest.mark.parametrize("row", _corpus_rows())
@pytest.mark.slow
def test_corpus_file_cut_anywhere(row, monkeypatch, whole_loads):
    """Every corpus file, cut at up to 12 lines spread over it (and with the origin left to the
    file), loads exactly as in one piece."""
    corpus = shared_dir() / "corpus"
    run_from = corpus / (row["run_from"] or ".")
    path = corpus / row["path"]
    monkeypatch.chdir(run_from)
    rel = os.path.relpath(path, run_from)
    origin = row["origin"] or None
    if origin and not origin.endswith("."):
        origin += "."
    if scanner._looks_binary_file(rel):
        return
    starts = _line_starts(path)
    step = max(1, len(starts) // 12)
    for o, fallback in ((origin, None), (None, "example.")):
        want = _view(scanner.load_zone(rel, rel, o, _options(run_from), fallback))
        for cut in starts[::step]:
            got = _split_at(monkeypatch, rel, o, _options(run_from), [cut], fallback)
            assert _view(got) == want, (rel, cut)


@pytest.mark.parametrize("parts", [2, 3])
@pytest.mark.slow
def test_generated_zone_split_for_real(tmp_path, monkeypatch, whole_loads, parts):
    path = _genzone(tmp_path, 20000, 7, True)
    monkeypatch.chdir(tmp_path)
    options = _options(tmp_path)
    want = _view(scanner.load_zone(path, path, "example.test.", options))
    whole_loads.clear()
    got = split.load_zone_split(path, path, "example.test.", options, parts=parts)
    assert whole_loads == [], "the planned cuts were trusted"
    assert _view(got) == want


def test_cli_single_file_j2_same_report(tmp_path, monkeypatch, whole_loads):
    path = _genzone(tmp_path, 5000, 4, False)
    monkeypatch.chdir(tmp_path)

    def run(*args):
        out = io.StringIO()
        with redirect_stdout(out):
            rc = main(["--no-config", "--format", "json", "--origin", "example.test.", *args, path])
        return rc, json.loads(out.getvalue())

    one = run("-j", "1")
    whole_loads.clear()
    two = run("-j", "2")
    assert whole_loads == []  # loaded in two parts
    assert one == two and one[1]["findings"]


def test_small_files_are_not_split(tmp_path, monkeypatch):
    path = _genzone(tmp_path, 500, 2, True)
    monkeypatch.chdir(tmp_path)
    forks = []
    monkeypatch.setattr(jobs, "_fork_map", lambda *a: forks.append(a))
    split.load_zone_split(path, path, "example.test.", _options(tmp_path), parts=2)
    assert forks == []  # below MIN_SPLIT_BYTES


def test_no_process_can_be_forked(tmp_path, monkeypatch, whole_loads):
    path = _genzone(tmp_path, 2000, 5, True)
    monkeypatch.chdir(tmp_path)
    options = _options(tmp_path)
    want = _view(scanner.load_zone(path, path, "example.test.", options))

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    whole_loads.clear()
    assert _view(split.load_zone_split(path, path, "example.test.", options, parts=2)) == want
    assert whole_loads == [path]
