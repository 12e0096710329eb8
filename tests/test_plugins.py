"""Third-party rule plugins, proven with a real installed package.

``fixtures/plugins/zonelint-example-plugin`` is ``pip install``ed (non-editable, with zonelint
itself, from this checkout) into a scratch virtual environment built once for this module, so
the test environment and its rule listings stay unchanged. Everything is then checked through that
environment's real ``zonelint`` command: listing, ``explain``, findings at the right lines,
selection, per-rule options, ``; noqa``, SARIF.

``fixtures/plugins/zonelint-broken-plugins`` (seven misbehaving plugins, one entry point each) is
installed with ``pip install --target`` into a folder that only the containment runs put on
``PYTHONPATH``: a plugin that cannot be loaded fails the run closed (exit 2, one line naming it and
why, in every format; SARIF ``executionSuccessful: false``), never with a traceback; the built-in
rules still report, and ``--ignore-plugin NAME`` (or ``ZONELINT_IGNORE_PLUGIN``) skips a plugin on
purpose. The same cases are also checked in-process with ``load_registry(extra_plugins=...)``, one
plugin at a time, and ``zonelint.testing`` raises with the same line.

The scratch environment costs about 10-15 s (two pip installs, run in parallel, from the package
registry); the whole module stays well under a minute.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
import types
from dataclasses import dataclass
from pathlib import Path

import pytest

import zonelint
from zonelint import ERROR, Rule, hookimpl
from zonelint.testing import expected_from_comments, lint_text

from conftest import build_ignore, zonelint_source_copy

REPO = Path(__file__).resolve().parents[1]
PLUGINS = REPO / "fixtures" / "plugins"
EXAMPLE = PLUGINS / "zonelint-example-plugin"
BROKEN = PLUGINS / "zonelint-broken-plugins"
EXAMPLE_FIXTURES = EXAMPLE / "tests" / "fixtures"

#: seconds one zonelint command may take before the test fails instead of hanging
CMD_TIMEOUT = 60
#: seconds the scratch environment may take to build
PIP_TIMEOUT = 300

HEAD = """\
$ORIGIN example.com.
$TTL 3600
@       IN SOA ns1.infra.example.net. hostmaster.example.com. 2026010101 7200 3600 1209600 3600
        IN NS  ns1.infra.example.net.
"""

# line 5: EX001 (SRV target outside infra.example.net.)
# line 6: EX002 (a _sip record with TTL 3600, inherited)
# line 7: ZL101 (built-in: SRV target is a CNAME) and EX001 (chat.example.com. is outside too)
MIXED = HEAD + """\
_xmpp-client._tcp IN SRV 5 0 5222 xmpp1.example.com.
_sip._udp         IN SRV 10 0 5060 sip1.infra.example.net.
_xmpp-server._tcp IN SRV 5 0 5269 chat.example.com.
chat              IN CNAME xmpp1.example.com.
xmpp1             IN A 192.0.2.10
"""


# -- the scratch environment ------------------------------------------------------------------


@dataclass
class Env:
    root: Path
    bin: Path
    #: folder holding the broken plugins (put on PYTHONPATH only for containment runs)
    broken: Path
    seconds: dict[str, float]


def _env_vars(extra_path: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "200"
    if extra_path is not None:
        env["PYTHONPATH"] = str(extra_path)
    return env


def _host_pip_can_target() -> bool:
    """True when this interpreter's pip can install into another environment (``--python``, pip
    22.3+): the scratch venv is then made ``--without-pip``, which saves seconds."""
    try:
        from pip import __version__ as v
    except Exception:  # pragma: no cover - no pip in the test environment
        return False
    parts = tuple(int(x) for x in v.split(".")[:2] if x.isdigit())
    return parts >= (22, 3)


def _pip(python: Path, *args: str) -> subprocess.Popen:
    if _host_pip_can_target():
        cmd = [sys.executable, "-m", "pip", "--python", str(python)]
    else:
        cmd = [str(python), "-m", "pip"]
    # --no-compile: byte-compiling rich and pygments costs seconds; each module used is compiled
    # on first import anyway
    cmd += ["install", "-q", "--disable-pip-version-check", "--no-input", "--no-compile", *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env_vars())


def _wait(proc: subprocess.Popen, what: str) -> None:
    try:
        out, _ = proc.communicate(timeout=PIP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{what}: pip did not finish in {PIP_TIMEOUT} s")
    if proc.returncode != 0:
        pytest.fail(f"{what}: pip failed (exit {proc.returncode}):\n{out}")


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> Env:
    """A virtual environment with zonelint and the example plugin pip-installed (non-editable),
    and the broken plugins installed beside it with ``--target``. Built once per module."""
    root = tmp_path_factory.mktemp("plugin-venv")
    seconds: dict[str, float] = {}
    t0 = time.monotonic()
    venv = root / "venv"
    venv_args = ["--without-pip"] if _host_pip_can_target() else []
    subprocess.run(
        [sys.executable, "-m", "venv", *venv_args, str(venv)], check=True, capture_output=True, timeout=PIP_TIMEOUT
    )
    seconds["venv"] = time.monotonic() - t0
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    src = zonelint_source_copy(root / "zonelint-src")
    example = root / "example-plugin"
    shutil.copytree(EXAMPLE, example, ignore=build_ignore)
    broken_src = root / "broken-src"
    shutil.copytree(BROKEN, broken_src, ignore=build_ignore)
    broken = root / "broken-plugins"
    t1 = time.monotonic()
    # the two installs are independent: run them side by side
    main = _pip(python, str(src), str(example))
    side = _pip(python, "--no-deps", "--target", str(broken), str(broken_src))
    _wait(main, "installing zonelint and the example plugin")
    _wait(side, "installing the broken plugins")
    seconds["pip"] = time.monotonic() - t1
    seconds["total"] = time.monotonic() - t0
    return Env(root=root, bin=bindir, broken=broken, seconds=seconds)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


def zl(env: Env, *args: str, cwd: Path, broken: bool = False) -> Result:
    """Run the scratch environment's ``zonelint`` command."""
    exe = env.bin / ("zonelint.exe" if os.name == "nt" else "zonelint")
    proc = subprocess.run(
        [str(exe), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=CMD_TIMEOUT,
        env=_env_vars(env.broken if broken else None),
    )
    res = Result(proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in res.out + res.err, f"zonelint {' '.join(args)} printed a traceback:\n{res.err}{res.out}"
    return res


def write(folder: Path, name: str, text: str) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(textwrap.dedent(text))
    return p


def found(res: Result) -> set[tuple[int, str]]:
    """``{(line, code)}`` from a ``--format json`` run."""
    return {(f["line"], f["code"]) for f in res.json()["findings"]}


# -- the installed plugin through the real command ---------------------------------------------


@pytest.mark.slow
def test_environment_is_isolated(env):
    """zonelint in the scratch environment is the installed copy, not this checkout, and the
    example plugin is not visible to the test environment itself."""
    python = env.bin / "python"
    out = subprocess.run(
        [str(python), "-c", "import zonelint, zonelint_example_plugin as p; print(zonelint.__file__); print(p.__file__)"],
        capture_output=True, text=True, env=_env_vars(), timeout=CMD_TIMEOUT, check=True, cwd=env.root,
    ).stdout.split()
    assert all(str(env.root) in line for line in out), out
    from zonelint.plugins import load_registry

    assert not any(code.startswith("EX") for code in load_registry().rules)


@pytest.mark.slow
def test_rules_lists_plugin_rules(env, tmp_path):
    res = zl(env, "rules", "--format", "json", cwd=tmp_path)
    assert res.code == 0, res.err
    assert res.err == ""  # a healthy plugin loads without a word
    rules = {r["code"]: r for r in res.json()}
    assert rules["EX001"]["name"] == "srv-target-outside-infra"
    assert rules["EX001"]["plugin"] == "example"
    assert rules["EX001"]["severity"] == "error"
    assert rules["EX002"]["name"] == "sip-ttl-not-300"
    assert rules["EX002"]["severity"] == "warning"
    assert rules["ZL101"]["plugin"] == "builtin"
    text = zl(env, "rules", "--format", "text", cwd=tmp_path)
    assert any(line.startswith("EX001") and "[example]" in line for line in text.out.splitlines()), text.out


@pytest.mark.slow
def test_explain_shows_plugin_doc(env, tmp_path):
    res = zl(env, "explain", "EX001", cwd=tmp_path)
    assert res.code == 0, res.err
    assert "EX001 srv-target-outside-infra" in res.out
    assert "example" in res.out  # names the plugin
    assert "## What it checks" in res.out and "infra.example.net." in res.out
    assert "infra-suffix" in res.out
    # the page URL comes from the plugin's own [project.urls] "Rule documentation" template
    assert "Documentation: https://example.net/zonelint-example-plugin/blob/v1.0.0/docs/EX001.md" in res.out
    by_name = zl(env, "explain", "sip-ttl-not-300", cwd=tmp_path)
    assert by_name.code == 0 and "EX002" in by_name.out and "## Why it matters" in by_name.out


@pytest.mark.parametrize("fixture", ["EX001/bad.zone", "EX002/bad.zone"])
@pytest.mark.slow
def test_rules_fire_at_expected_lines(env, tmp_path, fixture):
    zone = tmp_path / Path(fixture).name
    shutil.copy(EXAMPLE_FIXTURES / fixture, zone)
    res = zl(env, "--no-config", "--format", "json", "--select", "EX", zone.name, cwd=tmp_path)
    got = {(f["line"], f["code"], f["severity"]) for f in res.json()["findings"]}
    expected = {(line, code, sev) for code, line, sev in expected_from_comments(str(zone))}
    assert expected and got == expected
    assert res.code == 1  # findings at or above the default fail-on


@pytest.mark.slow
def test_select_and_ignore(env, tmp_path):
    write(tmp_path, "example.com.zone", MIXED)

    def codes(*args):
        res = zl(env, "--no-config", "--format", "json", *args, "example.com.zone", cwd=tmp_path)
        assert res.code in (0, 1), res.err
        return found(res)

    everything = {(5, "EX001"), (6, "EX002"), (7, "EX001"), (7, "ZL101")}
    assert everything <= codes()
    assert codes("--select", "EX001") == {(5, "EX001"), (7, "EX001")}
    assert codes("--select", "EX") == {(5, "EX001"), (6, "EX002"), (7, "EX001")}
    assert codes("--select", "sip-ttl-not-300") == {(6, "EX002")}
    assert codes("--select", "ZL101,EX002") == {(6, "EX002"), (7, "ZL101")}
    assert codes("--select", "ZL101", "--extend-select", "EX002") == {(6, "EX002"), (7, "ZL101")}
    got = codes("--ignore", "EX")
    assert not any(c.startswith("EX") for _, c in got) and (7, "ZL101") in got
    assert codes("--select", "EX", "--ignore", "EX001") == {(6, "EX002")}


@pytest.mark.slow
def test_per_rule_options(env, tmp_path):
    write(tmp_path, "example.com.zone", MIXED)
    res = zl(env, "--format", "json", "--select", "EX001", "example.com.zone", cwd=tmp_path)
    assert found(res) == {(5, "EX001"), (7, "EX001")}
    # by code
    write(tmp_path, ".zonelint.toml", '[rules.EX001]\ninfra-suffix = "example.com."\n')
    res = zl(env, "--format", "json", "--select", "EX001", "example.com.zone", cwd=tmp_path)
    assert found(res) == {(6, "EX001")}  # sip1.infra.example.net. is now the outsider
    # by name, in pyproject.toml
    (tmp_path / ".zonelint.toml").unlink()
    write(tmp_path, "pyproject.toml", '[tool.zonelint.rules.srv-target-outside-infra]\ninfra-suffix = "xmpp1.example.com"\n')
    res = zl(env, "--format", "json", "--select", "EX001", "example.com.zone", cwd=tmp_path)
    assert found(res) == {(6, "EX001"), (7, "EX001")}
    # the option is read, not just accepted: the whole zone passes under its own domain
    write(tmp_path, "pyproject.toml", '[tool.zonelint.rules.EX001]\ninfra-suffix = "COM"\n')
    res = zl(env, "--format", "json", "--select", "EX001", "example.com.zone", cwd=tmp_path)
    assert found(res) == {(6, "EX001")}
    write(tmp_path, "pyproject.toml", '[tool.zonelint.rules.EX001]\ninfra-suffix = "."\n')
    res = zl(env, "--format", "json", "--select", "EX001", "example.com.zone", cwd=tmp_path)
    assert res.code == 0 and found(res) == set(), res.out


@pytest.mark.parametrize(
    "toml,message",
    [
        ('[rules.EX001]\ninfra-sufix = "example.com."\n', "has no option 'infra-sufix' (its options: infra-suffix)"),
        ("[rules.EX001]\ninfra-suffix = 42\n", "must be str"),
        ("[rules.EX002]\nttl = 600\n", "rule EX002 (sip-ttl-not-300) has no option 'ttl'"),
    ],
)
@pytest.mark.slow
def test_bad_plugin_options_are_config_errors(env, tmp_path, toml, message):
    write(tmp_path, "example.com.zone", MIXED)
    write(tmp_path, ".zonelint.toml", toml)
    res = zl(env, "example.com.zone", cwd=tmp_path)
    assert res.code == 2
    assert message in res.err, res.err


@pytest.mark.slow
def test_noqa_and_disable_file(env, tmp_path):
    text = MIXED.replace(
        "_xmpp-client._tcp IN SRV 5 0 5222 xmpp1.example.com.",
        "_xmpp-client._tcp IN SRV 5 0 5222 xmpp1.example.com. ; noqa: EX001",
    ).replace(
        "_xmpp-server._tcp IN SRV 5 0 5269 chat.example.com.",
        "_xmpp-server._tcp IN SRV 5 0 5269 chat.example.com. ; noqa: EX002",
    )
    write(tmp_path, "example.com.zone", text)
    res = zl(env, "--no-config", "--format", "json", "example.com.zone", cwd=tmp_path)
    got = found(res)
    assert (5, "EX001") not in got  # suppressed by its code
    assert {(6, "EX002"), (7, "EX001"), (7, "ZL101")} <= got  # another code's noqa hides nothing
    assert res.json()["summary"]["suppressed"] == 1
    write(tmp_path, "example.com.zone", "; zonelint: disable-file=EX002\n" + text)
    got = found(zl(env, "--no-config", "--format", "json", "example.com.zone", cwd=tmp_path))
    assert not any(c == "EX002" for _, c in got) and (8, "EX001") in got


@pytest.mark.slow
def test_sarif_lists_plugin_rules(env, tmp_path):
    write(tmp_path, "example.com.zone", MIXED)
    res = zl(env, "--no-config", "--format", "sarif", "example.com.zone", cwd=tmp_path)
    assert res.code == 1, res.err
    run = res.json()["runs"][0]
    tool = run["tool"]
    descriptors = {d["id"]: d for d in tool["driver"].get("rules", [])}
    for ext in tool.get("extensions", []):
        descriptors.update({d["id"]: d for d in ext.get("rules", [])})
    for code, name in (("EX001", "srv-target-outside-infra"), ("EX002", "sip-ttl-not-300")):
        assert code in descriptors, sorted(descriptors)
        assert descriptors[code].get("name") == name
    # the plugin is named: in the descriptor's properties or as a tool extension
    named = descriptors["EX001"].get("properties", {}).get("plugin") == "example" or any(
        ext.get("name") in ("example", "zonelint-example-plugin") for ext in tool.get("extensions", [])
    )
    assert named, tool
    # helpUri from each providing package's metadata template, informationUri its repository
    assert descriptors["EX002"]["helpUri"] == "https://example.net/zonelint-example-plugin/blob/v1.0.0/docs/EX002.md"
    assert descriptors["ZL101"]["helpUri"] == f"https://github.com/OWNER/zonelint/blob/v{zonelint.__version__}/docs/rules/ZL101.md"
    assert tool["driver"]["informationUri"] == "https://github.com/OWNER/zonelint"
    ext = [e for e in tool["extensions"] if e["name"] == "example"]
    assert ext and ext[0]["informationUri"] == "https://example.net/zonelint-example-plugin"
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]}
    assert {("EX001", 5), ("EX002", 6), ("EX001", 7), ("ZL101", 7)} <= results
    _validate_sarif(res.json())


def _validate_sarif(doc) -> None:
    """Validate against the official schema (the copy the SARIF tests use), when available."""
    schema_path = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - the [test] extra brings it
        return
    if schema_path.is_file():
        jsonschema.validate(doc, json.loads(schema_path.read_text()))


# -- containment: misbehaving plugins, through the real command ---------------------------------

BROKEN_MESSAGES = {
    "broken-import": "No module named 'zonelint_broken_plugins_missing_dependency'",
    "broken-api": "ZONELINT_API_VERSION = 99",
    "broken-no-api": "declares no ZONELINT_API_VERSION",
    "broken-hook": "zonelint_rules() raised RuntimeError: rule table is corrupt",
    "broken-dup": "code ZL101 is already taken by plugin 'builtin'",
}


#: plugins of the broken fixture that cannot be loaded (broken-raise and broken-malformed load;
#: their rules crash at run time: ZL000)
UNLOADABLE = "broken-import,broken-api,broken-no-api,broken-hook,broken-dup"


def _assert_named(text: str, plugin: str, fragment: str) -> None:
    lines = [line for line in text.splitlines() if f"'{plugin}'" in line and fragment in line]
    assert lines, f"no message naming plugin '{plugin}' with {fragment!r} in:\n{text}"


def _assert_fails_closed(err: str) -> None:
    for plugin, fragment in BROKEN_MESSAGES.items():
        _assert_named(err, plugin, fragment)
        _assert_named(err, plugin, f"zonelint: error: plugin '{plugin}' cannot be loaded: ")
        _assert_named(err, plugin, f"--ignore-plugin {plugin})")


@pytest.mark.slow
def test_broken_plugins_are_contained(env, tmp_path):
    write(tmp_path, "example.com.zone", MIXED)
    res = zl(env, "--no-config", "--format", "text", "example.com.zone", cwd=tmp_path, broken=True)
    _assert_fails_closed(res.err)
    _assert_named(res.err, "broken-dup", "name 'target-cname' is already taken by ZL101")
    # the built-in rules, the healthy plugin and the healthy rule of a half-broken plugin report
    assert "example.com.zone:7:1: ZL101 [error]" in res.out, res.out
    assert "example.com.zone:5:1: EX001 [error]" in res.out
    assert "example.com.zone:5:1: XB006 [warning]" in res.out
    # rules of skipped plugins never run; the stolen code stays the built-in one
    for code in ("XB001", "XB002", "XB007"):
        assert code not in res.out
    assert "xb-steals-code" not in res.out
    # a rule that raises and one that yields garbage: one ZL000 each, naming rule and plugin
    _assert_named(res.out, "broken-raise", "rule XB004 xb-crashes")
    _assert_named(res.out, "broken-raise", "ZeroDivisionError: cannot weigh")
    _assert_named(res.out, "broken-malformed", "rule XB005 xb-malformed")
    _assert_named(res.out, "broken-malformed", "yielded dict instead of a Finding")
    assert res.out.count("ZL000") == 2
    assert res.code == 2  # internal errors are never a clean run


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab"])
@pytest.mark.slow
def test_an_unloadable_plugin_fails_the_run_in_every_format(env, tmp_path, fmt):
    """A zone the broken plugins would judge, every other finding silenced: the run must not pass
    (flake8 stops with FailedToLoadPlugin; so does zonelint), and says why on stderr."""
    write(tmp_path, "example.com.zone", HEAD + "www IN A 192.0.2.1\n")
    args = ("--no-config", "--format", fmt, "--ignore-plugin", "broken-raise,broken-malformed", "example.com.zone")
    res = zl(env, *args, cwd=tmp_path, broken=True)
    assert res.code == 2, (res.out, res.err)
    _assert_fails_closed(res.err)
    if fmt == "sarif":
        inv = res.json()["runs"][0]["invocations"][0]
        assert inv["executionSuccessful"] is False and inv["exitCode"] == 2
        notes = [n["message"]["text"] for n in inv["toolExecutionNotifications"] if n["level"] == "error"]
        for plugin in BROKEN_MESSAGES:
            assert any(f"plugin '{plugin}' cannot be loaded" in n for n in notes), notes
    if fmt == "github":
        assert "::error title=zonelint::plugin 'broken-api' cannot be loaded" in res.out
    # skipping every broken one on purpose: a clean run again (on the command line or in the environment)
    res = zl(env, *args, "--ignore-plugin", UNLOADABLE, cwd=tmp_path, broken=True)
    assert res.code == 0, res.err
    assert "cannot be loaded" not in res.err and "skipped on purpose (--ignore-plugin)" in res.err


@pytest.mark.slow
def test_ignore_plugin_from_the_environment(env, tmp_path):
    write(tmp_path, "example.com.zone", HEAD + "www IN A 192.0.2.1\n")
    exe = env.bin / "zonelint"
    proc = subprocess.run(
        [str(exe), "--no-config", "--format", "text", "example.com.zone"],
        cwd=tmp_path, capture_output=True, text=True, timeout=CMD_TIMEOUT,
        env={**_env_vars(env.broken), "ZONELINT_IGNORE_PLUGIN": UNLOADABLE + ",broken-raise,broken-malformed"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "cannot be loaded" not in proc.stderr


@pytest.mark.slow
def test_broken_plugins_in_listing(env, tmp_path):
    res = zl(env, "rules", "--format", "json", cwd=tmp_path, broken=True)
    assert res.code == 2  # listed, but a listing with a plugin missing is not a success
    _assert_fails_closed(res.err)
    rules = {r["code"]: r for r in res.json()}
    assert rules["ZL101"]["plugin"] == "builtin" and rules["ZL101"]["name"] == "target-cname"
    assert rules["XB006"]["plugin"] == "broken-dup"
    assert "XB001" not in rules and "XB002" not in rules and "XB007" not in rules
    assert {"EX001", "EX002"} <= set(rules)


@pytest.mark.slow
def test_broken_plugins_in_sarif(env, tmp_path):
    write(tmp_path, "example.com.zone", MIXED)
    res = zl(env, "--no-config", "--format", "sarif", "example.com.zone", cwd=tmp_path, broken=True)
    assert res.code == 2
    run = res.json()["runs"][0]
    assert ("ZL101", 7) in {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]
    }
    notes = " ".join(
        n["message"]["text"] for inv in run.get("invocations", []) for n in inv.get("toolExecutionNotifications", [])
    )
    for plugin in ("broken-import", "broken-raise"):
        assert plugin in notes, notes
    # a package whose metadata has no "Rule documentation" template gets no helpUri (none guessed)
    rules = {d["id"]: d for d in run["tool"]["driver"]["rules"]}
    plugin_rules = [d for d in rules.values() if d.get("properties", {}).get("plugin", "example") != "example"]
    assert plugin_rules and all("helpUri" not in d for d in plugin_rules), plugin_rules
    assert all("informationUri" not in e for e in run["tool"].get("extensions", []) if e["name"] != "example")
    _validate_sarif(res.json())


@pytest.mark.slow
def test_config_naming_codes_of_failed_plugin_warns(env, tmp_path):
    """XB001 belongs to 'broken-api', which cannot be loaded: a config naming it warns (the run
    exits 2 for the plugin itself); skipped on purpose, the run goes on (exit 1 for the ZL101
    finding)."""
    write(tmp_path, "example.com.zone", MIXED)
    write(
        tmp_path,
        ".zonelint.toml",
        'select = ["ZL101", "XB001"]\nignore = ["XB002"]\n\n[rules.XB001]\nstrict = true\n',
    )
    res = zl(env, "--format", "json", "example.com.zone", cwd=tmp_path, broken=True)
    assert res.code == 2, res.err
    assert found(res) == {(7, "ZL101")}
    assert "unknown rule code 'XB001'" in res.err and "failed to load" in res.err, res.err
    assert "'broken-api'" in res.err
    res = zl(env, "--format", "json", "--ignore-plugin", UNLOADABLE, "example.com.zone", cwd=tmp_path, broken=True)
    assert res.code == 1, res.err
    assert found(res) == {(7, "ZL101")}
    assert "unknown rule code 'XB001'" in res.err
    # with every plugin healthy, the same config is a plain error
    res = zl(env, "--format", "json", "example.com.zone", cwd=tmp_path)
    assert res.code == 2 and "unknown rule code or name 'XB001'" in res.err, res.err


# -- containment in-process, one plugin at a time ------------------------------------------------

# line 5: ZL101 (the SRV target is a CNAME)
ZL101_ZONE = HEAD + """\
_xmpp-server._tcp IN SRV 5 0 5269 chat.example.com.
chat              IN CNAME ns1.example.com.
ns1               IN A 192.0.2.53
"""


def _plugin(name: str, rules=(), api=1, hook=None):
    mod = types.ModuleType(name)
    if api is not None:
        mod.ZONELINT_API_VERSION = api

    def zonelint_rules():
        if hook is not None:
            hook()
        return list(rules)

    mod.zonelint_rules = hookimpl(zonelint_rules)
    return mod


def _rule(code, name, check):
    return type(f"R{code}", (Rule,), {"code": code, "name": name, "summary": "test rule", "severity": ERROR, "check": check})


def _srv_findings(self, ctx):
    for rec in ctx.zone.by_type("SRV"):
        yield ctx.finding(rec, "fired")


def _raise(self, ctx):
    raise KeyError("no such weight")


def _exit(self, ctx):
    raise SystemExit(3)


def _wrong_code(self, ctx):
    for rec in ctx.zone.by_type("SRV"):
        f = ctx.finding(rec, "fired")
        f.code = "ZL101"
        yield f


def _bad_line(self, ctx):
    for rec in ctx.zone.by_type("SRV"):
        f = ctx.finding(rec, "fired")
        f.line = 0
        yield f


def _none_message(self, ctx):
    for rec in ctx.zone.by_type("SRV"):
        yield ctx.finding(rec, "")


def _exit_hook():
    sys.exit("bye")


def _init_raises(self, options=None):
    raise ValueError("needs a licence file")


_InitRaises = _rule("XT011", "xt-init-raises", _srv_findings)
_InitRaises.__init__ = _init_raises


CASES = {
    # plugin -> (plugin module, fragment of the message naming it, where the message goes)
    "raises": (_plugin("raises", [_rule("XT001", "xt-raises", _raise)]), "rule XT001 xt-raises (plugin 'raises') crashed", "finding"),
    "exits": (_plugin("exits", [_rule("XT002", "xt-exits", _exit)]), "(plugin 'exits') crashed on", "finding"),
    "wrong-code": (_plugin("wrong-code", [_rule("XT003", "xt-wrong-code", _wrong_code)]), "(plugin 'wrong-code') yielded a finding with code 'ZL101'", "finding"),
    "bad-line": (_plugin("bad-line", [_rule("XT004", "xt-bad-line", _bad_line)]), "(plugin 'bad-line') yielded a finding with an invalid position", "finding"),
    "no-message": (_plugin("no-message", [_rule("XT005", "xt-no-message", _none_message)]), "(plugin 'no-message') yielded a finding without a message", "finding"),
    "dup-code": (_plugin("dup-code", [_rule("ZL101", "xt-dup-code", _srv_findings)]), "plugin 'dup-code' cannot be loaded: rule ZL101 (xt-dup-code): code ZL101 is already taken", "failed"),
    "dup-name": (_plugin("dup-name", [_rule("XT006", "target-cname", _srv_findings)]), "plugin 'dup-name' cannot be loaded: rule XT006: name 'target-cname' is already taken", "failed"),
    "old-api": (_plugin("old-api", [_rule("XT007", "xt-old-api", _srv_findings)], api=0), "plugin 'old-api' cannot be loaded: declares ZONELINT_API_VERSION = 0", "failed"),
    "no-api": (_plugin("no-api", [_rule("XT008", "xt-no-api", _srv_findings)], api=None), "plugin 'no-api' cannot be loaded: declares no ZONELINT_API_VERSION", "failed"),
    "string-api": (_plugin("string-api", [_rule("XT009", "xt-string-api", _srv_findings)], api="1"), "plugin 'string-api' cannot be loaded: declares ZONELINT_API_VERSION = '1'", "failed"),
    "hook-exits": (_plugin("hook-exits", hook=_exit_hook), "plugin 'hook-exits' cannot be loaded: zonelint_rules() raised SystemExit: bye", "failed"),
    "bad-metadata": (_plugin("bad-metadata", [_rule("xt10", "Bad Name", _srv_findings)]), "plugin 'bad-metadata' cannot be loaded: rule xt10: code 'xt10' is not", "failed"),
    "init-raises": (_plugin("init-raises", [_InitRaises]), "plugin 'init-raises' cannot be loaded: rule XT011: creating it with default options raised ValueError", "failed"),
    "not-a-rule": (_plugin("not-a-rule", [object]), "plugin 'not-a-rule' cannot be loaded: <class 'object'> is not a zonelint.Rule subclass", "failed"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_misbehaving_plugin_in_process(name, tmp_path):
    module, fragment, where = CASES[name]
    from zonelint.plugins import PluginError, load_registry

    reg = load_registry(extra_plugins=[(name, module)])
    if where == "failed":
        # fails closed: the CLI exits 2 with this line; zonelint.testing raises with it
        assert set(reg.failed) == {name}
        assert any(fragment in line for line in reg.failure_lines()), reg.failure_lines()
        with pytest.raises(PluginError) as raised:
            lint_text(ZL101_ZONE, tmp_path=tmp_path, plugins=[(name, module)])
        assert str(raised.value) == "\n".join(reg.failure_lines())
        module = _plugin(name)  # what remains testable: the built-in rules beside a plugin
    else:
        assert reg.failed == {}
    findings = lint_text(ZL101_ZONE, tmp_path=tmp_path, plugins=[(name, module)])
    codes = {(f.code, f.line) for f in findings}
    assert ("ZL101", 5) in codes  # the built-in rules still report
    assert not any(f.code.startswith("XT") for f in findings)
    internal = [f.message for f in findings if f.code == "ZL000"]
    if where == "finding":
        assert len(internal) == 1 and fragment in internal[0], internal
    else:
        assert internal == []
        assert load_registry(extra_plugins=[(name, module)], blocked=[name]).failed == {}  # --ignore-plugin
    from zonelint.plugins import load_registry as again

    assert again().rules["ZL101"].name == "target-cname"  # nothing leaked into later registries


def test_import_failure_in_process(monkeypatch, tmp_path):
    """An entry point whose module cannot be imported (also SystemExit at import time)."""
    import zonelint.plugins as plugins

    class EP:
        dist = None

        def __init__(self, name, exc):
            self.name, self.value, self.exc = name, f"{name.replace('-', '_')}_module", exc

        def load(self):
            raise self.exc

    real = plugins._entry_points
    monkeypatch.setattr(
        plugins,
        "_entry_points",
        lambda: real() + [EP("needs-lxml", ImportError("No module named 'lxml'")), EP("exits-on-import", SystemExit(1))],
    )
    reg = plugins.load_registry()
    lines = reg.failure_lines()
    assert any("plugin 'needs-lxml' cannot be loaded: failed to import" in m and "lxml" in m for m in lines), lines
    assert any("plugin 'exits-on-import' cannot be loaded: failed to import" in m for m in lines), lines
    assert set(reg.failed) == {"needs-lxml", "exits-on-import"}
    # zonelint.testing loads the built-in rules and the plugins passed to it, no other installed
    # plugin (issue 12): a broken one installed beside it does not concern a plugin's tests...
    findings = lint_text(ZL101_ZONE, tmp_path=tmp_path)
    assert ("ZL101", 5) in {(f.code, f.line) for f in findings}
    # ...while a plugin passed to it that cannot be loaded raises, as the CLI fails closed
    with pytest.raises(plugins.PluginError, match="plugin 'needs-lxml' cannot be loaded: declares no ZONELINT_API_VERSION"):
        lint_text(ZL101_ZONE, tmp_path=tmp_path, plugins=[("needs-lxml", types.ModuleType("needs_lxml"))])
    # skipped on purpose, neither is even imported
    reg = plugins.load_registry(blocked=["needs-lxml", "exits-on-import"])
    assert reg.failed == {} and sorted(reg.ignored) == ["exits-on-import", "needs-lxml"]


def test_hook_typo_is_reported():
    from zonelint.plugins import load_registry

    mod = types.ModuleType("typo")
    mod.ZONELINT_API_VERSION = 1
    mod.zonelint_rule = hookimpl(lambda: [])
    reg = load_registry(extra_plugins=[("typo", mod)])
    # a misspelt hook means the plugin's rules never run: it fails closed like any broken plugin
    assert "hook 'zonelint_rule' is not a zonelint hook" in reg.failed["typo"], reg.failed
    assert "it provides nothing" in reg.failed["typo"]


# -- the example plugin's own tests --------------------------------------------------------------


@pytest.mark.slow
def test_example_plugin_own_tests():
    """The plugin's tests (written with zonelint.testing) pass, run from its folder as its author
    would, without installing it."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        timeout=CMD_TIMEOUT * 2,
        env={**_env_vars(), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " passed" in proc.stdout


def test_entry_point_scan_agrees_with_importlib_metadata(tmp_path, monkeypatch):
    """zonelint reads entry_points.txt itself (importlib.metadata costs ~40 ms per start): same
    entry points as importlib.metadata, first distribution of a name on sys.path wins."""
    import sys
    from importlib.metadata import entry_points

    import zonelint.plugins as plugins

    for folder, version, value in (("a", "1.0", "first_mod"), ("b", "2.0", "second_mod")):
        d = tmp_path / folder / f"zl_fake_plugin-{version}.dist-info"
        d.mkdir(parents=True)
        (d / "METADATA").write_text(f"Metadata-Version: 2.1\nName: zl-fake-plugin\nVersion: {version}\n\n")
        (d / "entry_points.txt").write_text(f"[console_scripts]\nx = y:z\n\n[zonelint]\nfake = {value}\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "a"), str(tmp_path / "b"), *sys.path])
    for group in ("zonelint", "console_scripts", "pytest11"):
        ours = sorted((ep.name, ep.value, ep.dist.version) for ep in plugins._scan_entry_points(group))
        theirs = sorted((ep.name, ep.value, ep.dist.version) for ep in entry_points(group=group))
        assert ours == theirs, group
    assert ("fake", "first_mod", "1.0") in [(e.name, e.value, e.dist.version) for e in plugins._entry_points()]
    monkeypatch.setattr(sys, "path", [str(tmp_path / "a" / "zl_fake_plugin-1.0.dist-info" / "METADATA"), *sys.path])
    assert plugins._scan_entry_points("zonelint") is None  # a file on sys.path: importlib.metadata decides

