"""Hostile repositories: what a stranger's pull request can commit must not fool or abuse the gate.

Each case builds a repository in a temporary folder (``repo/``, the lint root) beside a folder of
secrets (``outside/``), runs the real command in-process (``zonelint.cli.main`` from ``repo/``)
and asserts the exit code and the message, then three things for every run:

- nothing outside the lint root was opened: an audit hook (``sys.addaudithook``) records every
  ``open`` event (and every folder listing) while zonelint runs; none may name a path in
  ``outside/`` or in ``/etc``;
- no input byte, mode or mtime changed (every file under the temporary folder is snapshotted);
- no traceback was printed.

The whole module runs in well under a minute (the amplification cases are bounded by the budgets
they test).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import types
from dataclasses import dataclass
from pathlib import Path

import pytest

from zonelint import cli, hookimpl

ZONE = """\
$ORIGIN example.com.
$TTL 3600
@       IN SOA ns1 hostmaster 2026010101 7200 3600 1209600 3600
        IN NS  ns1
ns1     IN A   192.0.2.53
"""
SECRET = "TOP-SECRET-CREDENTIAL"

# -- opened files, seen by the interpreter itself -------------------------------------------------

_EVENTS: list[tuple[str, str]] | None = None


def _audit(event: str, args: tuple) -> None:
    if _EVENTS is None or event not in ("open", "os.listdir", "os.scandir"):
        return
    path = args[0] if args else None
    if isinstance(path, (str, bytes, os.PathLike)):
        try:
            _EVENTS.append((event, os.path.abspath(os.fsdecode(path))))
        except (OSError, ValueError):  # the working folder vanished: keep the raw name
            _EVENTS.append((event, os.fsdecode(path)))


sys.addaudithook(_audit)  # cannot be removed; inert while _EVENTS is None


@dataclass
class Run:
    code: int
    out: str
    err: str
    events: list[tuple[str, str]]

    def json(self):
        return json.loads(self.out)


@dataclass
class Repo:
    base: Path
    root: Path
    outside: Path

    def write(self, rel: str, text: str | bytes, where: Path | None = None) -> Path:
        p = (where or self.root) / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    def link(self, rel: str, target: str | Path) -> Path:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, p)
        return p

    def snapshot(self) -> dict[str, tuple]:
        out = {}
        for dirpath, dirnames, filenames in os.walk(self.base):
            for name in dirnames + filenames:
                p = os.path.join(dirpath, name)
                st = os.lstat(p)
                content = None
                if stat.S_ISREG(st.st_mode) and st.st_size <= 1 << 24:
                    with open(p, "rb") as f:
                        content = f.read()
                elif stat.S_ISREG(st.st_mode):  # a huge sparse file: its size and mtime
                    content = st.st_size
                elif stat.S_ISLNK(st.st_mode):
                    content = os.readlink(p)
                out[p] = (st.st_mode, st.st_mtime_ns if not stat.S_ISDIR(st.st_mode) else None, content)
        return out

    def run(self, *args: str, capsys, env: dict | None = None, changes=(), reads_outside=False) -> Run:
        """``zonelint ARGS`` from the root; asserts the three invariants of the module docstring.
        ``changes``: paths (relative to the root) the run may create or change (its ``-o``);
        ``reads_outside``: the command line lifted confinement on purpose."""
        global _EVENTS
        before = self.snapshot()
        old = os.getcwd()
        saved_env = {}
        for k, v in (env or {}).items():
            saved_env[k] = os.environ.get(k)
            os.environ[k] = v
        os.chdir(self.root)
        capsys.readouterr()
        _EVENTS = []
        try:
            code = cli.main(["--no-progress", *args])
        finally:
            events, _EVENTS = _EVENTS, None
            os.chdir(old)
            for k, v in saved_env.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        out, err = capsys.readouterr()
        run = Run(code, out, err, events)
        assert "Traceback" not in out + err, err
        outside = [
            (e, p) for e, p in events
            if p.startswith(str(self.outside)) or p == "/etc" or p.startswith("/etc/")
        ]
        assert reads_outside or outside == [], f"opened outside the lint root: {outside}"
        after = self.snapshot()
        allowed = {str(self.root / c) for c in changes}
        for p in set(before) | set(after):
            if p in allowed or os.path.basename(p).startswith(".zonelint-"):
                continue
            assert before.get(p) == after.get(p), f"{p} changed (or appeared, or vanished)"
        assert not [p for p in after if os.path.basename(p).startswith(".zonelint-")], "temporary file left"
        return run


@pytest.fixture
def repo(tmp_path) -> Repo:
    base = tmp_path.resolve()
    r = Repo(base, base / "repo", base / "outside")
    r.root.mkdir()
    (r.root / ".git").mkdir()  # the git top level: the lint root without a config file
    r.outside.mkdir()
    r.write("secret.env", f"{SECRET}\n", where=r.outside)
    r.write("secret.zone", ZONE + f'leak IN TXT "{SECRET}"\n', where=r.outside)
    return r


def no_secret(run: Run) -> None:
    assert SECRET not in run.out + run.err


# -- 2. the linted tree cannot loosen its own gate ------------------------------------------------

LOOSENING = [
    ("allow-include-outside = true", "allow-include-outside", "--allow-include-outside", "ZONELINT_ALLOW_INCLUDE_OUTSIDE"),
    ("max-generate = 1000000000000", "max-generate", "--max-generate", "ZONELINT_MAX_GENERATE"),
    ("max-include-depth = 200", "max-include-depth", "--max-include-depth", "ZONELINT_MAX_INCLUDE_DEPTH"),
    ("max-expanded-records = 600000", "max-expanded-records", "--max-expanded-records", "ZONELINT_MAX_EXPANDED_RECORDS"),
    ("max-expanded-octets = 99999999999", "max-expanded-octets", "--max-expanded-octets", "ZONELINT_MAX_EXPANDED_OCTETS"),
]


@pytest.mark.parametrize("line,key,flag,env", LOOSENING, ids=[c[1] for c in LOOSENING])
@pytest.mark.parametrize("where", [".zonelint.toml", "pyproject.toml"])
def test_a_config_file_cannot_loosen_the_gate(repo, capsys, line, key, flag, env, where):
    repo.write("example.com.zone", ZONE)
    text = line + "\n" if where == ".zonelint.toml" else "[tool.zonelint]\n" + line + "\n"
    repo.write(where, text)
    run = repo.run("example.com.zone", capsys=capsys)
    assert run.code == 2 and run.out == ""
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert f"'{key}' = " in lines[0] and str(repo.root / where) in lines[0]
    assert "is not allowed in a config file" in lines[0] and flag in lines[0] and env in lines[0]


@pytest.mark.parametrize("line", ["max-generate = 10", "max-include-depth = 2", "allow-include-outside = false", "max-expanded-records = 5"])
def test_a_config_file_may_tighten(repo, capsys, line):
    repo.write("example.com.zone", ZONE)
    repo.write(".zonelint.toml", line + "\n")
    run = repo.run("example.com.zone", capsys=capsys)
    assert run.code == 0, run.err


def test_max_generate_from_config_tightens(repo, capsys):
    repo.write("example.com.zone", ZONE + "$GENERATE 1-11 h$ A 192.0.2.$\n")
    repo.write(".zonelint.toml", "max-generate = 10\n")
    run = repo.run("--format", "text", "--select", "ZL003", "example.com.zone", capsys=capsys)
    assert run.code == 1 and "example.com.zone:6:1: ZL003" in run.out


@pytest.mark.parametrize(
    "args,env,message",
    [
        (["--max-include-depth", "65"], {}, "--max-include-depth = 65 is above the hard ceiling 64"),
        (["--max-generate", "1000000000000"], {}, "is above the hard ceiling 1048576 of max-generate"),
        ([], {"ZONELINT_MAX_EXPANDED_RECORDS": "99999999999"}, "ZONELINT_MAX_EXPANDED_RECORDS = 99999999999 is above the hard ceiling"),
        ([], {"ZONELINT_MAX_GENERATE": "lots"}, "environment variable ZONELINT_MAX_GENERATE must be a non-negative integer, got 'lots'"),
        ([], {"ZONELINT_ALLOW_INCLUDE_OUTSIDE": "maybe"}, "ZONELINT_ALLOW_INCLUDE_OUTSIDE must be 1/true or 0/false"),
    ],
)
def test_hard_ceilings_and_malformed_values(repo, capsys, args, env, message):
    repo.write("example.com.zone", ZONE)
    run = repo.run(*args, "example.com.zone", capsys=capsys, env=env)
    assert run.code == 2 and message in run.err, run.err
    assert len(run.err.strip().splitlines()) == 1


def test_command_line_and_environment_lift_confinement(repo, capsys):
    """The CI definition may lift what a config file may not: then an include outside is read."""
    inc = repo.write("lifted.inc", 'lifted IN TXT "visible"\n', where=repo.outside)
    repo.write("example.com.zone", ZONE + f"$INCLUDE {inc}\n")
    refused = repo.run("--format", "text", "--select", "ZL002", "example.com.zone", capsys=capsys)
    assert refused.code == 1 and "ZL002" in refused.out and "outside the lint root" in refused.out
    for args, env in ((["--allow-include-outside"], {}), ([], {"ZONELINT_ALLOW_INCLUDE_OUTSIDE": "1"})):
        run = repo.run("--format", "text", *args, "example.com.zone", capsys=capsys, env=env, reads_outside=True)
        assert run.code == 0 and "ZL002" not in run.out, run.out + run.err


# -- 6. nested and malformed config and baseline files ---------------------------------------------


@pytest.mark.parametrize(
    "where,text",
    [
        (".zonelint.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n"),
        ("pyproject.toml", "[tool.zonelint]\nselect = " + "[" * 5000 + "]" * 5000 + "\n"),
        (".zonelint.toml", "x = {" + "a = {" * 3000 + "}" * 3001 + "\n"),
        (".zonelint.toml", "max-generate = " + "9" * 5000 + "\n"),
        (".zonelint.toml", "select = [\"ZL1\"\n"),
        (".zonelint.toml", b"select = [\"\xff\"]\n"),
        (".zonelint.toml", "serial-base = 5\n"),
    ],
    ids=["deep-array", "deep-pyproject", "deep-table", "huge-int", "unterminated", "not-utf8", "wrong-type"],
)
def test_nested_or_malformed_config_is_one_line(repo, capsys, where, text):
    """Found while walking up from a sub-folder too."""
    repo.write("zones/example.com.zone", ZONE)
    repo.write(where, text)
    for cwd_rel in ("", "zones"):
        r = Repo(repo.base, repo.root / cwd_rel if cwd_rel else repo.root, repo.outside)
        run = r.run("example.com.zone" if cwd_rel else "zones/example.com.zone", capsys=capsys)
        assert run.code == 2, run.err
        lines = run.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("zonelint: error: ") and where in lines[0], run.err


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
        ('{"zonelint-baseline": ' + "1" * 5000 + "}", "not a zonelint baseline"),
        ('{"zonelint-baseline": 1, "entries": [' + "[" * 50000 + "]" * 50000 + "]}", "nested too deeply"),
        ("{", "is not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
    ids=["deep", "huge-int", "deep-entries", "truncated", "not-utf8"],
)
def test_nested_or_malformed_baseline_is_one_line(repo, capsys, text, fragment):
    repo.write("example.com.zone", ZONE)
    repo.write("baseline.json", text)
    run = repo.run("--baseline", "baseline.json", "example.com.zone", capsys=capsys)
    assert run.code == 2 and run.out == ""
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and "baseline.json" in lines[0] and fragment in lines[0], run.err


def test_a_bug_is_an_internal_error_not_a_traceback(repo, capsys, monkeypatch):
    """Whatever escapes (recursion, memory, a plain bug) ends as one line and exit 2."""
    import zonelint.runner as runner

    repo.write("example.com.zone", ZONE)
    for exc in (RecursionError("maximum recursion depth exceeded"), MemoryError(), KeyError("oops")):
        def boom(*a, exc=exc, **k):
            raise exc

        monkeypatch.setattr(runner, "make_rules", boom)
        run = repo.run("--format", "sarif", "example.com.zone", capsys=capsys)
        assert run.code == 2 and run.out == ""
        assert run.err.startswith("zonelint: error: internal error (ZL000): " + type(exc).__name__)
        assert len(run.err.strip().splitlines()) == 1


# -- 4. output safety ------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["zone", "include", "config", "baseline", "hardlink", "context"])
def test_output_never_replaces_a_file_the_run_reads(repo, capsys, target):
    repo.write("example.com.zone", ZONE + "$INCLUDE common.inc\n")
    repo.write("common.inc", "www IN A 192.0.2.1\n")
    repo.write("other.example.zone", ZONE.replace("example.com.", "other.example."))
    repo.write(".zonelint.toml", 'context = ["other.example.zone"]\n')
    args = []
    if target == "baseline":
        assert repo.run("--write-baseline", "bl.json", "example.com.zone", capsys=capsys, changes=["bl.json"]).code == 0
        args = ["--baseline", "bl.json"]
    if target == "hardlink":
        os.link(repo.root / "example.com.zone", repo.root / "report.txt")
    out = {
        "zone": "example.com.zone", "include": "common.inc", "config": ".zonelint.toml",
        "baseline": "bl.json", "hardlink": "report.txt", "context": "other.example.zone",
    }[target]
    for opt in ("-o", "--write-baseline"):
        if opt == "--write-baseline" and args:
            continue  # --baseline and --write-baseline cannot be combined
        run = repo.run(*args, opt, out, "example.com.zone", capsys=capsys)
        assert run.code == 2, (run.out, run.err)
        assert f"cannot write {out}: it is a file this run reads" in run.err, run.err


def test_output_through_a_symlink_to_a_regular_file_is_refused(repo, capsys):
    """A committed ``report.sarif -> ../outside/secret.env`` must not choose where CI writes."""
    repo.write("example.com.zone", ZONE)
    repo.link("report.sarif", repo.outside / "secret.env")
    repo.link("inside-link.txt", "example.com.zone")
    for name in ("report.sarif", "inside-link.txt"):
        run = repo.run("--format", "sarif", "-o", name, "example.com.zone", capsys=capsys)
        assert run.code == 2 and "a symbolic link to a regular file" in run.err and "refused" in run.err, run.err
    repo.link("dangling.txt", "nowhere")
    run = repo.run("-o", "dangling.txt", "example.com.zone", capsys=capsys)
    assert run.code == 2 and "dangling symbolic link" in run.err


def test_output_to_a_folder_is_refused(repo, capsys):
    repo.write("example.com.zone", ZONE)
    (repo.root / "out").mkdir()
    run = repo.run("-o", "out", "example.com.zone", capsys=capsys)
    assert run.code == 2 and "cannot write out: it is a folder" in run.err


def test_output_to_a_new_and_an_old_regular_file(repo, capsys):
    repo.write("example.com.zone", ZONE + "www 0 IN A 192.0.2.1\n")
    run = repo.run("--format", "json", "-o", "report.json", "example.com.zone", capsys=capsys, changes=["report.json"])
    assert run.code == 1 and json.loads((repo.root / "report.json").read_text())["findings"]
    (repo.root / "report.json").write_text("old")
    run = repo.run("--format", "json", "-o", "report.json", "example.com.zone", capsys=capsys, changes=["report.json"])
    assert run.code == 1 and json.loads((repo.root / "report.json").read_text())["findings"]


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_output_to_the_stream(repo, capsys, name):
    repo.write("example.com.zone", ZONE + "www 0 IN A 192.0.2.1\n")
    run = repo.run("--format", "text", "-o", name, "example.com.zone", capsys=capsys)
    assert run.code == 1 and "example.com.zone:6:1: ZL602" in run.out
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_to_stderr(repo, capsys):
    repo.write("example.com.zone", ZONE + "www 0 IN A 192.0.2.1\n")
    run = repo.run("--format", "text", "-o", "/dev/stderr", "example.com.zone", capsys=capsys)
    assert run.code == 1 and "example.com.zone:6:1: ZL602" in run.err and run.out == ""


def test_output_through_a_symlink_to_dev_null_writes_in_place(repo, capsys):
    repo.write("example.com.zone", ZONE)
    repo.link("report.txt", "/dev/null")
    run = repo.run("-o", "report.txt", "example.com.zone", capsys=capsys)
    assert run.code == 0, run.err
    assert os.path.islink(repo.root / "report.txt") and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    run = repo.run("-o", "/dev/null", "example.com.zone", capsys=capsys)
    assert run.code == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="os.mknod of a character device needs root")
def test_output_onto_a_device_node_is_written_in_place(repo, capsys):
    dev = repo.root / "null-device"
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null
    repo.write("example.com.zone", ZONE)
    run = repo.run("-o", "null-device", "example.com.zone", capsys=capsys)
    assert run.code == 0, run.err
    assert stat.S_ISCHR(os.lstat(dev).st_mode)  # never replaced by a regular file


def test_output_onto_a_fifo(repo, capsys):
    fifo = repo.root / "report.fifo"
    os.mkfifo(fifo)
    repo.write("example.com.zone", ZONE + "www 0 IN A 192.0.2.1\n")
    # nobody reads: refused at once, never a hang
    run = repo.run("--format", "text", "-o", "report.fifo", "example.com.zone", capsys=capsys, changes=["report.fifo"])
    assert run.code == 2 and "no process reads from that FIFO" in run.err
    got: list[bytes] = []

    def reader():
        with open(fifo, "rb") as f:
            got.append(f.read())

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    for _ in range(100):  # wait until the reader has the FIFO open
        run = repo.run("--format", "text", "-o", "report.fifo", "example.com.zone", capsys=capsys, changes=["report.fifo"])
        if run.code != 2:
            break
        threading.Event().wait(0.02)
    t.join(10)
    assert run.code == 1 and b"ZL602" in got[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# -- 5. no injection -----------------------------------------------------------------------------

NASTY = "evil\n::error file=x::pwned\x1b[31m\u202egnp.\x07"


def _assert_clean(text: str) -> None:
    for c in text:
        o = ord(c)
        assert c == "\n" or not (o < 0x20 or 0x7F <= o <= 0x9F or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069), (
            f"raw U+{o:04X} in output:\n{text!r}"
        )
    assert not [line for line in text.splitlines() if line.startswith("::error file=x")]


@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_file_names_cannot_inject(repo, capsys, fmt):
    repo.write(f"zones/{NASTY}.zone", ZONE.replace("$ORIGIN example.com.\n", "$ORIGIN example.com.\n") + "www 0 IN A 192.0.2.1\n")
    run = repo.run("--format", fmt, "zones", capsys=capsys, env={"COLUMNS": "300", "NO_COLOR": "1"})
    assert run.code == 1
    _assert_clean(run.out + run.err)
    assert "evil\\x0a::error file=x::pwned\\x1b[31m\\u202egnp.\\x07.zone" in run.out


def test_stderr_cannot_inject(repo, capsys):
    """A missing path named (pre-commit passes file names), a config value echoed back."""
    repo.write("example.com.zone", ZONE)
    run = repo.run(NASTY, capsys=capsys)
    assert run.code == 2
    _assert_clean(run.err)
    assert "evil\\x0a::error" in run.err
    repo.write(".zonelint.toml", '"a\\n::error file=x::pwned\\u001b[31m" = 1\n')  # an unknown key
    run = repo.run("example.com.zone", capsys=capsys)
    assert run.code == 2 and r"unknown key 'a\x0a::error file=x::pwned\x1b[31m'" in run.err, run.err
    _assert_clean(run.err)
    # a config value echoed back (the serial base is not a commit of the repository)
    (repo.root / ".git").rmdir()
    subprocess.run(["git", "init", "-q", str(repo.root)], check=True, timeout=30)
    repo.write(".zonelint.toml", 'serial-base = "a\\n::error file=x::pwned\\u001b[31m"\n')
    run = repo.run("--select", "ZL607", "example.com.zone", capsys=capsys)
    assert r"a\x0a::error file=x::pwned\x1b[31m" in run.err, run.err
    _assert_clean(run.err)


def test_argument_errors_cannot_inject(repo, capsys):
    """argparse quotes an unknown option: pre-commit may pass a file name starting with '-'."""
    repo.write("example.com.zone", ZONE)
    with pytest.raises(SystemExit) as e:
        repo.run("-evil\n::error::pwned\x1b[31m", "example.com.zone", capsys=capsys)
    assert e.value.code == 2
    _assert_clean(capsys.readouterr().err)


# -- 7. plugins fail closed ----------------------------------------------------------------------


def _flagging_plugin(api=1, hook_error=None, bad_code=False):
    """A plugin with a rule that flags every A record (so a silent skip would be visible)."""
    from zonelint import ERROR, Rule

    class FlagA(Rule):
        code = "hx01" if bad_code else "HX001"
        name = "hx-flag-a"
        summary = "flags every A record"
        severity = ERROR

        def check(self, ctx):
            for rec in ctx.zone.by_type("A"):
                yield ctx.finding(rec, "flagged")

    mod = types.ModuleType("hostile_plugin")
    if api is not None:
        mod.ZONELINT_API_VERSION = api

    @hookimpl
    def zonelint_rules():
        if hook_error:
            raise hook_error
        return [FlagA]

    mod.zonelint_rules = zonelint_rules
    return mod


class _EP:
    dist = None

    def __init__(self, name, obj=None, exc=None):
        self.name, self.value, self.obj, self.exc = name, f"{name}_module", obj, exc

    def load(self):
        if self.exc:
            raise self.exc
        return self.obj


PLUGIN_FAILURES = {
    "import-error": (lambda: _EP("hx", exc=ImportError("No module named 'lxml'")), "failed to import 'hx_module': ImportError: No module named 'lxml'"),
    "api-version": (lambda: _EP("hx", _flagging_plugin(api=2)), "declares ZONELINT_API_VERSION = 2"),
    "hook-error": (lambda: _EP("hx", _flagging_plugin(hook_error=RuntimeError("corrupt\n::error::x"))), "zonelint_rules() raised RuntimeError: corrupt\\x0a::error::x"),
    "bad-metadata": (lambda: _EP("hx", _flagging_plugin(bad_code=True)), "rule hx01: code 'hx01' is not"),
}


@pytest.mark.parametrize("fmt", ["text", "rich", "json", "sarif", "github", "gitlab"])
@pytest.mark.parametrize("case", sorted(PLUGIN_FAILURES))
@pytest.mark.slow
def test_a_plugin_that_cannot_be_loaded_fails_closed(repo, capsys, monkeypatch, case, fmt):
    import zonelint.plugins as plugins

    make, why = PLUGIN_FAILURES[case]
    real = plugins._entry_points
    monkeypatch.setattr(plugins, "_entry_points", lambda: real() + [make()])
    repo.write("example.com.zone", ZONE)  # clean for every built-in rule
    run = repo.run("--format", fmt, "example.com.zone", capsys=capsys, env={"COLUMNS": "300"})
    assert run.code == 2, run.err
    line = [x for x in run.err.splitlines() if "plugin 'hx' cannot be loaded" in x]
    assert len(line) == 1 and why in line[0] and "--ignore-plugin hx" in line[0], run.err
    _assert_clean(run.err)
    if fmt == "sarif":
        inv = run.json()["runs"][0]["invocations"][0]
        assert inv["executionSuccessful"] is False
        assert any("plugin 'hx' cannot be loaded" in n["message"]["text"] for n in inv["toolExecutionNotifications"])
    # skipped on purpose: the run passes (the plugin is not even imported)
    for args, env in ((["--ignore-plugin", "hx"], {}), ([], {"ZONELINT_IGNORE_PLUGIN": "other,hx"})):
        run = repo.run("--format", fmt, *args, "example.com.zone", capsys=capsys, env={"COLUMNS": "300", **env})
        assert run.code == 0, run.err
        assert "plugin 'hx' skipped on purpose" in run.err


def test_testing_raises_for_a_plugin_that_cannot_be_loaded(tmp_path):
    from zonelint.plugins import PluginError
    from zonelint.testing import lint_text

    for make, why in PLUGIN_FAILURES.values():
        ep = make()
        if ep.exc:
            continue
        with pytest.raises(PluginError, match="plugin 'hx' cannot be loaded: ") as e:
            lint_text(ZONE, tmp_path=tmp_path, plugins=[("hx", ep.obj)])
        assert why.replace("\\x0a", "\n") in str(e.value)


# -- 1. confinement of named, walked and context files -------------------------------------------

FORMATS = ["text", "json", "sarif", "github", "gitlab", "rich"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_walked_symlink_out_of_the_root_is_skipped(repo, capsys, fmt):
    """``zones/leak.zone -> ../../outside/secret.zone`` would publish the secret (SARIF copies lines)."""
    repo.write("zones/example.com.zone", ZONE + "www 0 IN A 192.0.2.1\n")
    repo.link("zones/leak.zone", repo.outside / "secret.zone")
    repo.link("zones/env.zone", repo.outside / "secret.env")
    repo.link("zones/inside.zone", "example.com.zone")  # inside the root: fine (loaded once)
    run = repo.run("--format", fmt, "zones", capsys=capsys, env={"COLUMNS": "300"})
    assert run.code == 1, run.err
    no_secret(run)
    for name in ("leak.zone", "env.zone"):
        assert f"zonelint: warning: zones/{name}: skipped: symbolic link resolves outside the lint root" in run.err


def test_walk_never_follows_a_folder_link(repo, capsys):
    repo.write("zones/example.com.zone", ZONE)
    repo.link("zones/everything", "/")
    repo.link("zones/out", repo.outside)
    run = repo.run("--format", "json", "zones", capsys=capsys)
    assert run.code == 0 and run.json()["summary"]["files"] == 1


@pytest.mark.parametrize("named", ["link.zone", "zones-link", "../outside/secret.zone", "zones-root"])
def test_named_path_outside_the_root_is_an_error(repo, capsys, named):
    repo.write("zones/example.com.zone", ZONE)
    repo.link("link.zone", repo.outside / "secret.zone")
    repo.link("zones-link", repo.outside)
    repo.link("zones-root", "/")  # `zones -> /` walked the whole file system
    run = repo.run("--format", "json", named, "zones", capsys=capsys)
    assert run.code == 2
    no_secret(run)
    assert f"zonelint: error: {named}: resolves outside the lint root" in run.err and "not read" in run.err


@pytest.mark.parametrize(
    "pattern",
    ["/etc/*.conf", "../outside/*.zone", "OUTSIDE/**/*", "zones/leak*", "/**/secret.zone", "zones/../../outside/*"],
)
def test_context_globs_are_confined(repo, capsys, pattern):
    pattern = pattern.replace("OUTSIDE", str(repo.outside))
    repo.write("zones/example.com.zone", ZONE)
    repo.link("zones/leak.zone", repo.outside / "secret.zone")
    for args, config in (((f"--context={pattern}",), None), ((), f"context = [{json.dumps(pattern)}]\n")):
        if config:
            repo.write(".zonelint.toml", config)
        run = repo.run("--format", "sarif", *args, "zones/example.com.zone", capsys=capsys)
        assert run.code == 0, run.err
        no_secret(run)
        assert "outside the lint root" in run.err, run.err
        uris = {a["location"]["uri"] for a in run.json()["runs"][0].get("artifacts", [])}
        assert not [u for u in uris if "secret" in u or "leak" in u], uris


def test_context_globs_inside_the_root_still_work(repo, capsys):
    repo.write("zones/example.com.zone", ZONE + "_xmpp-server._tcp IN SRV 5 0 5269 chat.other.test.\n")
    repo.write("context/a/other.test.zone", ZONE.replace("example.com.", "other.test.") + "chat IN CNAME ns1\n")
    repo.write("context/.hidden/x.test.zone", ZONE.replace("example.com.", "x.test."))
    for pattern in ("context/**/*.zone", "context/*/other.test.zone", "**/other.test.zone", "context/a/other.test.zone"):
        run = repo.run("--format", "text", "--select", "ZL101", f"--context={pattern}", "zones/example.com.zone", capsys=capsys)
        assert run.code == 1 and "zones/example.com.zone:6:1: ZL101" in run.out, (pattern, run.out, run.err)


def test_a_zone_rewrite_refuses_links_outside_and_special_files(repo):
    """The check a rewrite of a zone (the terminal issue's --fix) must pass (item 4)."""
    from zonelint.confine import Refused, check_rewritable

    root = str(repo.root)
    ok = repo.write("ok.zone", ZONE)
    check_rewritable(str(ok), root)
    repo.link("link.zone", "ok.zone")
    os.link(repo.root / "ok.zone", repo.root / "hard.zone")
    os.mkfifo(repo.root / "fifo.zone")
    cases = {
        "link.zone": "a symbolic link",
        "hard.zone": "has 2 hard links",
        "fifo.zone": "a FIFO, not a regular file",
        str(repo.outside / "secret.zone"): "resolves outside the lint root",
    }
    for name, why in cases.items():
        with pytest.raises(Refused, match=why):
            check_rewritable(str(repo.root / name), root)


# -- the confined open itself ------------------------------------------------------------------


def test_confined_open_refuses_a_swap_between_check_and_open(repo, monkeypatch):
    """Deterministic swaps right after the check: the file itself for a link, a folder of its
    path for a link out of the root, the file for a FIFO. The descriptor check refuses each."""
    import zonelint.confine as confine

    root = str(repo.root)
    real_stat = os.stat
    target = repo.write("zones/a.zone", ZONE)
    repo.write("zones/a.zone", f"leak IN TXT {SECRET}\n", where=repo.outside)

    def swap_file():
        os.replace(target, str(target) + ".old")
        os.symlink(repo.outside / "secret.zone", target)

    def swap_folder():
        os.rename(repo.root / "zones", repo.root / "zones.old")
        os.symlink(repo.outside / "zones", repo.root / "zones")

    def swap_fifo():
        os.replace(target, str(target) + ".old")
        os.mkfifo(target)

    for swap in (swap_file, swap_folder, swap_fifo):
        done = []

        def racing_stat(p, *a, swap=swap, done=done, **k):
            st = real_stat(p, *a, **k)
            if not done and str(p).endswith("a.zone"):
                done.append(1)
                swap()
            return st

        monkeypatch.setattr(confine.os, "stat", racing_stat)
        with pytest.raises(confine.Refused) as e:
            confine.read_bytes(str(target), root)
        monkeypatch.setattr(confine.os, "stat", real_stat)
        assert "changed while being opened" in e.value.strerror or "outside the lint root" in e.value.strerror
        # put things back for the next swap
        if os.path.islink(repo.root / "zones"):
            os.unlink(repo.root / "zones")
            os.rename(repo.root / "zones.old", repo.root / "zones")
        else:
            os.unlink(target)
            os.replace(str(target) + ".old", target)
    assert confine.read_bytes(str(target), root) == ZONE.encode()


def test_confined_open_under_a_concurrent_swapper(repo):
    """The issue's measurement: 3,000 reads while another thread swaps the file for a link out of
    the root and back. Check-then-open leaked about 5%; zero reads may return the secret."""
    from zonelint.confine import Refused, read_bytes

    root = str(repo.root)
    target = repo.write("swap.zone", ZONE)
    good, link = str(repo.root / "good.tmp"), str(repo.root / "link.tmp")
    stop = threading.Event()

    def swapper():
        while not stop.is_set():
            for src in (good, link):
                try:
                    if src == good:
                        with open(good, "w") as f:
                            f.write(ZONE)
                    else:
                        os.symlink(repo.outside / "secret.env", link)
                    os.replace(src, target)
                except OSError:
                    pass

    t = threading.Thread(target=swapper, daemon=True)
    t.start()
    results = {"read": 0, "refused": 0}
    try:
        for _ in range(3000):
            try:
                data = read_bytes(str(target), root)
            except Refused:
                results["refused"] += 1
                continue
            except FileNotFoundError:
                continue
            assert SECRET.encode() not in data
            results["read"] += 1
    finally:
        stop.set()
        t.join(5)
    assert results["read"] > 0 and results["refused"] > 0, results


# -- 1 and 3. loading: includes, FIFOs, sniffing, budgets, depth ---------------------------------


def _guarded(seconds: int):
    """A SIGALRM that turns a hang into a test failure (the machine has no pytest-timeout)."""
    import signal

    def boom(*_):
        raise TimeoutError(f"zonelint hung for {seconds} s")

    signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)


def _unguard():
    import signal

    signal.alarm(0)


def test_include_of_a_fifo_never_blocks(repo, capsys):
    os.mkfifo(repo.root / "pipe.inc")
    repo.write("example.com.zone", ZONE + "$INCLUDE pipe.inc\n")
    os.mkfifo(repo.root / "pipe.zone")
    _guarded(20)
    try:
        run = repo.run("--format", "text", "example.com.zone", capsys=capsys)
        walked = repo.run("--format", "text", ".", capsys=capsys)
        named = repo.run("--format", "text", "pipe.zone", capsys=capsys)
    finally:
        _unguard()
    assert run.code == 1 and "example.com.zone:6:1: ZL002" in run.out and "a FIFO, not a regular file" in run.out
    assert walked.code == 1 and "pipe.zone" not in walked.out + walked.err  # a walk skips it
    assert named.code == 2 and "pipe.zone: not a regular file" in named.err


@pytest.mark.parametrize("fmt", FORMATS)
def test_include_through_a_link_out_of_the_root_is_refused(repo, capsys, fmt):
    repo.link("zones/common.inc", repo.outside / "secret.zone")
    repo.write("zones/example.com.zone", ZONE + "$INCLUDE common.inc\n$INCLUDE ../../outside/secret.env\n")
    run = repo.run("--format", fmt, "zones", capsys=capsys, env={"COLUMNS": "300"})
    assert run.code == 1
    no_secret(run)
    assert run.out.count("outside the lint root") >= 2 or fmt in ("rich",), run.out


def test_sparse_file_is_sniffed_not_read(repo, capsys):
    """1 GiB of holes named *.zone (and included): the first bytes decide, nothing more is read."""
    import resource

    for name in ("big.zone", "big.inc"):
        with open(repo.root / name, "wb") as f:
            f.truncate(1 << 30)
    repo.write("example.com.zone", ZONE + "$INCLUDE big.inc\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run = repo.run("--format", "text", "big.zone", "example.com.zone", capsys=capsys)
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert run.code == 1 and "big.zone:1:1: ZL001" in run.out and "not a text zone file" in run.out
    assert "big.inc:1:1: ZL001" in run.out
    assert grown_mib < 100, f"peak memory grew by {grown_mib:.0f} MiB"


def _fan_out(repo: Repo, levels: int, body: str = "") -> None:
    """Each file includes the next twice, ``levels`` deep: 2^levels copies of the last one."""
    repo.write("fan.example.zone", ZONE.replace("example.com.", "fan.example.") + "$INCLUDE f1.inc\n")
    for i in range(1, levels + 1):
        nxt = f"$INCLUDE f{i + 1}.inc h{i}a\n$INCLUDE f{i + 1}.inc h{i}b\n" if i < levels else ""
        repo.write(f"f{i}.inc", f"@ IN A 192.0.2.{i}\n{body}" + nxt)


def test_include_fan_out_is_bounded(repo, capsys):
    """The issue's fan-out (16 deep, twice each: 131,071 file reads from a few kB) stops at the
    run-wide budget, with a ZL010 at the $INCLUDE line that crossed it; the run goes on."""
    import time

    _fan_out(repo, 16)
    repo.write("other.example.zone", ZONE.replace("example.com.", "other.example.") + "www 0 IN A 192.0.2.1\n")
    t0 = time.monotonic()
    run = repo.run("--format", "json", "--select", "ZL010,ZL602", ".", capsys=capsys)
    took = time.monotonic() - t0
    found = [(f["code"], f["path"]) for f in run.json()["findings"]]
    assert run.code == 1 and found.count(("ZL010", found[0][1])) == 1 and found[0][0] == "ZL010", found
    assert ("ZL602", "other.example.zone") in found  # the rest of the run went on
    assert "max-expanded-records 200000" in run.out
    assert took < 300, took  # a guard against a hang, not a timing (benchmarks measure speed)
    # lowered in the config (tightening is allowed), the budget stops it earlier
    repo.write(".zonelint.toml", "max-expanded-records = 1000\n")
    run = repo.run("--format", "text", "--show-help", "--select", "ZL010", ".", capsys=capsys)
    assert run.code == 1 and "max-expanded-records 1000 has less left" in run.out and run.out.count("ZL010") == 1


def test_generate_amplification_by_records_and_by_octets(repo, capsys):
    """Ten 65,536-record $GENERATE lines (600 bytes of input) and 2000-record lines of 250-octet
    TXT: each stops at its budget (lowered here on the command line, so the test stays quick)."""
    head = ZONE.replace("example.com.", "gen.example.")
    repo.write("gen.example.zone", head + "".join(f"$GENERATE 1-65536 g{k}-$ A 192.0.2.1\n" for k in range(10)))
    run = repo.run("--format", "text", "--show-help", "--select", "ZL003,ZL010", "--max-expanded-records",
                   "150000", "gen.example.zone", capsys=capsys)
    assert run.code == 1 and run.out.count("ZL010") == 1, run.out
    assert "gen.example.zone:8:1: ZL010 [error] $GENERATE 1-65536 would add 65536 more records" in run.out
    assert "    help: It would add 65536 more records" in run.out
    octets = ZONE.replace("example.com.", "oct.example.") + "".join(
        f'$GENERATE 1-2000 o{k}-$ TXT "{"x" * 250}"\n' for k in range(20))
    repo.write("oct.example.zone", octets)
    run = repo.run("--format", "text", "--select", "ZL010", "--max-expanded-octets", "2000000",
                   "oct.example.zone", capsys=capsys)
    assert run.code == 1 and run.out.count("ZL010") == 1, run.out
    # 2000 records of a 250-character template: 500,000 octets a line, the fifth line crosses 2,000,000
    assert "oct.example.zone:10:1: ZL010 [error] $GENERATE 1-2000 would add 500000 more octets" in run.out


def test_budget_is_run_wide_and_has_hard_ceilings(repo, capsys):
    """Two zones share one budget; nothing lifts it beyond its ceiling."""
    for name in ("a.example", "b.example"):
        repo.write(f"{name}.zone", ZONE.replace("example.com.", name + ".") + "$GENERATE 1-600 g$ A 192.0.2.1\n")
    run = repo.run("--format", "text", "--select", "ZL010", "--max-expanded-records", "1000", ".", capsys=capsys)
    assert run.code == 1 and "b.example.zone:6:1: ZL010" in run.out and "a.example.zone" not in run.out
    run = repo.run("--max-expanded-records", "10000001", ".", capsys=capsys)
    assert run.code == 2 and "hard ceiling 10000000" in run.err


def test_include_depth_ceiling_stays_below_recursion(repo, capsys):
    """At the hard ceiling (64), a chain deeper than that is a ZL002, never a RecursionError."""
    repo.write("deep.example.zone", ZONE.replace("example.com.", "deep.example.") + "$INCLUDE d1.inc\n")
    for i in range(1, 101):
        repo.write(f"d{i}.inc", f"x{i} IN A 192.0.2.1\n$INCLUDE d{i + 1}.inc\n")
    repo.write("d101.inc", "end IN A 192.0.2.2\n")
    run = repo.run("--format", "text", "--max-include-depth", "64", "deep.example.zone", capsys=capsys)
    assert run.code == 1 and "d64.inc:2:1: ZL002" in run.out and "max-include-depth 64" in run.out, run.out
    assert "Recursion" not in run.out + run.err


def test_an_interpreter_limit_while_loading_is_zl000(repo, capsys):
    """A RecursionError inside loading (forced with a low recursion limit) is an internal error
    naming the file, exit 2, in SARIF too; the other files are still linted."""
    repo.write("deep.example.zone", ZONE.replace("example.com.", "deep.example.") + "$INCLUDE d1.inc\n")
    for i in range(1, 40):
        repo.write(f"d{i}.inc", f"x{i} IN A 192.0.2.1\n$INCLUDE d{i + 1}.inc\n")
    repo.write("d40.inc", "end IN A 192.0.2.2\n")
    repo.write("ok.example.zone", ZONE.replace("example.com.", "ok.example.") + "www 0 IN A 192.0.2.1\n")
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(__import__("inspect").stack()) + 150)
    try:
        run = repo.run("--format", "sarif", "--max-include-depth", "40", "deep.example.zone", "ok.example.zone",
                       capsys=capsys)
    finally:
        sys.setrecursionlimit(old)
    assert run.code == 2
    assert "zonelint: error: internal error while loading deep.example.zone: RecursionError" in run.err
    inv = run.json()["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert {r["ruleId"] for r in run.json()["runs"][0]["results"]} >= {"ZL000", "ZL602"}


def test_a_huge_number_is_a_zone_defect_not_an_interpreter_message(repo, capsys):
    digits = "9" * 5000
    repo.write("example.com.zone", ZONE + f"www {digits} IN A 192.0.2.2\nmx IN MX {digits} ns1\n")
    run = repo.run("--format", "text", "example.com.zone", capsys=capsys)
    assert run.code == 1
    assert "example.com.zone:6:5: ZL001 [error] a number of 5000 digits is out of range" in run.out, run.out
    assert "example.com.zone:7:10: ZL001" in run.out and "a number of 5000 digits is out of range" in run.out
    assert "set_int_max_str_digits" not in run.out


def test_parse_errors_show_tokens_as_ddd(repo, capsys):
    """ESC, CR, BS, DEL and bidi controls of a zone's tokens never reach a terminal raw."""
    repo.write("example.com.zone", ZONE.encode() + b"www IN A 1.2.3\x1b[31m\x08\x7f\xe2\x80\xae\n$GENERATE 1-x\x1b[2J a A 1.2.3.4\n")
    for fmt in ("text", "rich"):
        run = repo.run("--format", fmt, "example.com.zone", capsys=capsys, env={"COLUMNS": "300"})
        assert run.code == 1
        _assert_clean(run.out + run.err)
        assert "1.2.3\\027[31m\\008\\127\\226\\128\\174" in run.out, run.out
        assert "1-x\\027[2J" in run.out


def test_a_bug_in_the_reader_is_zl000_not_a_parse_error(repo, capsys, monkeypatch):
    """A programming error inside the record reader is no defect of the zone: ZL000 naming the
    file, exit 2, and the other files are still linted (before: a ZL001 'unexpected error')."""
    import zonelint.load.reader as reader

    real = reader.Reader._rr_line

    def broken(self):
        if self.sfile.path.endswith("a.example.zone"):
            raise AttributeError("'NoneType' object has no attribute 'labels'")
        return real(self)

    monkeypatch.setattr(reader.Reader, "_rr_line", broken)
    repo.write("a.example.zone", ZONE.replace("example.com.", "a.example."))
    repo.write("b.example.zone", ZONE.replace("example.com.", "b.example.") + "www 0 IN A 192.0.2.1\n")
    run = repo.run("--format", "text", "a.example.zone", "b.example.zone", capsys=capsys,
                   env={"ZONELINT_REFERENCE_LOADER": "1"})
    assert run.code == 2
    assert "zonelint: error: internal error while loading a.example.zone: AttributeError" in run.err
    assert "ZL001" not in run.out and "b.example.zone:6:1: ZL602" in run.out


def test_budget_refusal_is_worded_the_same_whatever_was_charged_before():
    """A refusal names the limit, not what is left: what is left depends on the order the run (or
    a -j worker) loads its files in, and -j 1 and -j 2 must word the same finding the same way."""
    from zonelint.load.types import ExpansionBudget

    fresh, used = ExpansionBudget(100, 1000), ExpansionBudget(100, 1000)
    assert used.charge(40, 400) is None
    assert fresh.charge(150, 10) == used.charge(150, 10)
    assert fresh.charge(10, 5000) == used.charge(10, 5000)
    assert "max-expanded-records 100" in fresh.charge(150, 10)
