"""The composite GitHub Action (``action.yml``), run as GitHub would run it: each ``run:`` step in
``bash --noprofile --norc -eo pipefail`` with its ``env:`` (``${{ ... }}`` expressions filled in
from the inputs, ``github.action_path`` and ``runner.temp``) in a scratch zone repository. The
install step really builds zonelint from a copy of this checkout (the action's own checkout) into
a virtual environment, from the package registry as on GitHub; one module-scoped install serves
every test (~15 s).

Also here: ``--sarif-file`` (SARIF beside the chosen format, in one run) on its own, and the
example workflow uses the action.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ALIAS_TARGET_ZONE, REPO, zonelint_source_copy

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")
INSTALL_TIMEOUT = 300

BAD = ALIAS_TARGET_ZONE
# only a warning (ZL602, TTL 30 below 60)
WARN = BAD.replace("alias IN CNAME ns1\n", "").replace("5222 alias", "5222 ns1").replace("ns1 IN A", "ns1 30 IN A")


def test_action_shape():
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"paths", "args", "sarif-file", "fail-on"}
    for step in STEPS:
        assert "run" in step and step.get("shell") == "bash", step.get("name")
        # inputs and contexts reach the scripts only through env: (GitHub's script-injection advice)
        assert "${{" not in step["run"], step["name"]
        for value in step.get("env", {}).values():
            for expr in EXPR.findall(str(value)):
                assert expr in ("github.action_path", "runner.temp") or expr.startswith("inputs."), expr
    assert "pip install" in STEPS[0]["run"] and STEPS[0]["env"]["ZONELINT_ACTION_PATH"] == "${{ github.action_path }}"


def _expand(value: str, inputs: dict[str, str], ctx: dict[str, str]) -> str:
    def sub(m):
        expr = m.group(1)
        if expr.startswith("inputs."):
            name = expr[len("inputs."):]
            return inputs.get(name, ACTION["inputs"][name].get("default", ""))
        return ctx[expr]

    return EXPR.sub(sub, str(value))


class Runner:
    """Runs the action's steps like GitHub's runner does for a composite action."""

    def __init__(self, action_path: Path, temp: Path) -> None:
        self.ctx = {"github.action_path": str(action_path), "runner.temp": str(temp)}
        self.temp = temp

    def step(self, step: dict, workspace: Path, inputs: dict[str, str]) -> subprocess.CompletedProcess:
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "VIRTUAL_ENV", "PYTHON"))}
        # python3 on PATH, as setup-python leaves it
        env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
        env.update({"GITHUB_WORKSPACE": str(workspace), "GITHUB_ACTIONS": "true", "CI": "true", "RUNNER_TEMP": str(self.temp)})
        env.update({k: _expand(v, inputs, self.ctx) for k, v in step.get("env", {}).items()})
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
        )

    def run(self, workspace: Path, **inputs: str) -> subprocess.CompletedProcess:
        """The steps after the install, with these inputs (names as in action.yml)."""
        inputs = {k.replace("_", "-"): v for k, v in inputs.items()}
        proc = None
        for step in STEPS[1:]:
            proc = self.step(step, workspace, inputs)
            if proc.returncode != 0:
                break
        return proc


@pytest.fixture(scope="module")
def action(tmp_path_factory) -> Runner:
    root = tmp_path_factory.mktemp("action")
    action_path = zonelint_source_copy(root / "zonelint")  # the action's checkout
    shutil.copy2(REPO / "action.yml", action_path / "action.yml")
    temp = root / "runner-temp"
    temp.mkdir()
    runner = Runner(action_path, temp)
    install = runner.step(STEPS[0], root, {})
    if install.returncode != 0:
        pytest.fail(f"the install step failed:\n{install.stdout}\n{install.stderr}")
    assert install.stdout.strip().startswith("zonelint ")  # it prints the installed version
    assert (temp / "zonelint-venv").is_dir()
    return runner


@pytest.fixture
def repo(tmp_path) -> Path:
    (tmp_path / ".git").mkdir()  # the lint root is the repository top
    (tmp_path / "zones").mkdir()
    (tmp_path / "zones" / "example.com.zone").write_text(BAD, encoding="utf-8")
    (tmp_path / "README.md").write_text("not a zone\n")
    return tmp_path


def test_annotations_sarif_and_exit_code(action, repo):
    proc = action.run(repo, paths="zones/", sarif_file="out/zonelint.sarif")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert any(
        line.startswith("::error file=zones/example.com.zone,line=7,col=1,title=ZL101 target-cname::") for line in lines
    ), proc.stdout
    doc = json.loads((repo / "out" / "zonelint.sarif").read_text())
    from test_ci_formats import validate_sarif

    validate_sarif(doc)
    results = doc["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("ZL101", "zones/example.com.zone", 7)
    ]
    assert doc["runs"][0]["invocations"][0]["exitCode"] == 1


def test_default_paths_lint_the_repository_and_no_sarif_unless_asked(action, repo):
    proc = action.run(repo)
    assert proc.returncode == 1 and "title=ZL101" in proc.stdout, proc.stderr
    assert not list(repo.rglob("*.sarif"))


def test_fail_on_and_args(action, repo):
    (repo / "zones" / "example.com.zone").write_text(WARN)
    proc = action.run(repo, paths="zones", fail_on="error")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "::warning file=zones/example.com.zone,line=5,col=1,title=ZL602 ttl-too-low::" in proc.stdout
    proc = action.run(repo, paths="zones")  # default: the config's fail-on (warning)
    assert proc.returncode == 1
    # args are split like a shell would (quotes kept together), then passed as they are
    proc = action.run(repo, paths="zones", args='--ignore ZL602 --context "zones/**/*.zone"')
    assert proc.returncode == 0 and "ZL602" not in proc.stdout, proc.stdout + proc.stderr


def test_paths_with_spaces_and_quotes(action, repo):
    (repo / "my zones").mkdir()
    (repo / "my zones" / "example.org.zone").write_text(BAD.replace("example.com.", "example.org."))
    proc = action.run(repo, paths="'my zones/example.org.zone' zones/example.com.zone")
    assert proc.returncode == 1, proc.stderr
    assert "file=my zones/example.org.zone,line=7" in proc.stdout and "file=zones/example.com.zone,line=7" in proc.stdout


@pytest.mark.parametrize(
    "inputs",
    [
        {"args": "$(touch PWNED) `touch PWNED`; touch PWNED"},
        {"paths": "zones/ ; touch PWNED"},
        {"sarif_file": "x.sarif; touch PWNED", "fail_on": "error $(touch PWNED)"},
    ],
)
def test_inputs_are_never_evaluated(action, repo, inputs):
    proc = action.run(repo, **inputs)
    assert not (repo / "PWNED").exists()
    assert proc.returncode == 2, proc.stdout + proc.stderr  # taken literally: a usage error or a missing path


def test_unbalanced_quote_is_one_clear_line(action, repo):
    proc = action.run(repo, args='--context "zones/*.zone')
    assert proc.returncode == 2
    assert proc.stderr.strip() == "zonelint action: input args: No closing quotation", proc.stderr


def test_example_workflow_uses_the_action():
    wf = yaml.safe_load((REPO / "examples" / "github-actions.yml").read_text())
    steps = [s for job in wf["jobs"].values() for s in job["steps"]]
    uses = [s for s in steps if str(s.get("uses", "")).startswith("OWNER/zonelint@")]
    assert uses and uses[0]["with"].get("sarif-file"), steps
    upload = [s for s in steps if "upload-sarif" in str(s.get("uses", ""))]
    assert upload and upload[0]["with"]["sarif_file"] == uses[0]["with"]["sarif-file"]
    assert not any("pip install zonelint" in str(s.get("run", "")) for s in steps)


# -- --sarif-file on its own -------------------------------------------------------------------


def _zl(cwd: Path, *args: str):
    return subprocess.run([sys.executable, "-m", "zonelint", "--no-config", "--no-progress", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=60)


def test_sarif_file_beside_the_chosen_format(repo):
    proc = _zl(repo, "--format", "json", "--sarif-file", "z.sarif", "zones")
    assert proc.returncode == 1
    assert [(f["code"], f["line"]) for f in json.loads(proc.stdout)["findings"]] == [("ZL101", 7)]
    doc = json.loads((repo / "z.sarif").read_text())
    assert [r["ruleId"] for r in doc["runs"][0]["results"]] == ["ZL101"]
    # the same report as --format sarif (apart from nothing: same run, same findings)
    alone = json.loads(_zl(repo, "--format", "sarif", "zones").stdout)
    assert alone["runs"][0]["results"] == doc["runs"][0]["results"]


def test_sarif_file_unwritable_is_exit_2_one_line(repo):
    proc = _zl(repo, "--format", "text", "--sarif-file", "missing/dir/z.sarif", "zones")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].startswith("zonelint: error: cannot write missing/dir/z.sarif:")
    assert "Traceback" not in proc.stderr
