"""Rule pages and documentation URLs: ``docs/rules/<CODE>.md`` and the README table are generated
from the rules' docstrings (``python -m zonelint.ruledocs --write``) and cannot drift; SARIF
``helpUri``/``informationUri`` and ``zonelint explain`` take their URLs from the providing
package's ``[project.urls]`` metadata, and emit none when it has none."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import zonelint
from zonelint import cli
from zonelint.docurls import DocLinks, project_urls
from zonelint.plugins import load_registry
from zonelint.ruledocs import RULES_DIR, main as ruledocs_main, rule_page, stale, write

from conftest import ALIAS_TARGET_ZONE

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
URLS = PYPROJECT["project"]["urls"]
BAD = ALIAS_TARGET_ZONE


def test_pages_and_readme_table_are_current():
    differ, extra = stale(str(REPO))
    assert (differ, extra) == ([], []), "rule docs are stale: run `python -m zonelint.ruledocs --write`"


def test_every_builtin_rule_has_a_page_with_its_docstring():
    reg = load_registry()
    builtin = [r for r in reg.sorted() if r.plugin == "builtin"]
    index = (REPO / RULES_DIR / "README.md").read_text(encoding="utf-8")
    for cls in builtin:
        page = (REPO / RULES_DIR / f"{cls.code}.md").read_text(encoding="utf-8")
        assert page.splitlines()[2] == f"# {cls.code} `{cls.name}`"
        assert cls.documentation().strip() in page
        for opt in cls.options:
            assert f"| `{opt}` |" in page, (cls.code, opt)
        assert f"[{cls.code}]({cls.code}.md)" in index
    assert (REPO / RULES_DIR / "ZL000.md").is_file()


def _checkout_copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    shutil.copy(REPO / "README.md", root / "README.md")
    shutil.copytree(REPO / RULES_DIR, root / RULES_DIR)
    return root


def test_drift_is_detected_and_write_repairs_it(tmp_path):
    root = _checkout_copy(tmp_path)
    page = root / RULES_DIR / "ZL101.md"
    page.write_text(page.read_text().replace("CNAME", "CNAM"), encoding="utf-8")
    (root / RULES_DIR / "ZL999.md").write_text("# a rule that no longer exists\n", encoding="utf-8")
    (root / RULES_DIR / "ZL602.md").unlink()
    readme = root / "README.md"
    readme.write_text(readme.read_text().replace("[ZL702]", "[ZL7O2]"), encoding="utf-8")
    differ, extra = stale(str(root))
    rel = lambda paths: sorted(str(Path(p).relative_to(root)) for p in paths)  # noqa: E731
    assert rel(differ) == ["README.md", "docs/rules/ZL101.md", "docs/rules/ZL602.md"]
    assert rel(extra) == ["docs/rules/ZL999.md"]
    assert ruledocs_main(["--check", str(root)]) == 1
    write(str(root))
    assert stale(str(root)) == ([], [])
    assert ruledocs_main(["--check", str(root)]) == 0
    assert page.read_text() == (REPO / RULES_DIR / "ZL101.md").read_text()


def test_write_accepts_the_readme_path_as_before(tmp_path):
    root = _checkout_copy(tmp_path)
    readme = root / "README.md"
    readme.write_text(readme.read_text().replace("[ZL702]", "[ZL7O2]"), encoding="utf-8")
    assert ruledocs_main(["--write", str(readme)]) == 0
    assert readme.read_text() == (REPO / "README.md").read_text()


def test_page_lists_options_with_defaults():
    cls = load_registry().lookup("ZL602")
    page = rule_page(cls)
    assert "`[tool.zonelint.rules.ZL602]`" in page and "| `min-ttl` | int | `60` |" in page


# -- URLs from package metadata ---------------------------------------------------------------


def test_repository_is_declared_once_and_agrees_with_the_readme():
    repo = URLS["Repository"]
    assert URLS["Rule documentation"] == repo + "/blob/v{version}/docs/rules/{code}.md"
    # the README's pre-commit snippet names the same repository (publishing changes one table)
    assert f"- repo: {repo} " in (REPO / "README.md").read_text()


def test_installed_metadata_gives_the_urls():
    reg = load_registry()
    links = DocLinks(reg)
    assert links.repository_url() == URLS["Repository"]
    cls = reg.lookup("ZL101")
    want = URLS["Rule documentation"].replace("{version}", zonelint.__version__).replace("{code}", "ZL101")
    assert links.rule_url(cls) == want


@pytest.fixture
def lint(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)

    def run(*args):
        rc = cli.main(["--no-config", "--no-progress", "-j", "1", *map(str, args)])
        out, err = capsys.readouterr()
        return rc, out, err

    return run


def test_sarif_has_help_uri_for_every_rule_and_information_uri(tmp_path, lint):
    (tmp_path / "example.com.zone").write_text(BAD, encoding="utf-8")
    rc, out, _ = lint("--format", "sarif", "example.com.zone")
    assert rc == 1
    driver = json.loads(out)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == URLS["Repository"]
    template = URLS["Rule documentation"].replace("{version}", zonelint.__version__)
    assert len(driver["rules"]) > 30
    for d in driver["rules"]:
        assert d["helpUri"] == template.replace("{code}", d["id"]), d["id"]
        # each helpUri names a page that exists in this checkout
        assert (REPO / RULES_DIR / f"{d['id']}.md").is_file(), d["id"]


@pytest.fixture
def no_metadata(monkeypatch):
    """The CLI's registry without package metadata, as when zonelint runs from a checkout that
    is not installed."""

    def without_metadata():
        reg = load_registry()
        reg.distributions.clear()
        return reg

    monkeypatch.setattr(cli, "_registry", without_metadata)


def test_no_url_when_the_package_declares_none(tmp_path, lint, no_metadata):
    (tmp_path / "example.com.zone").write_text(BAD, encoding="utf-8")
    rc, out, _ = lint("--format", "sarif", "example.com.zone")
    driver = json.loads(out)["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    assert not [d["id"] for d in driver["rules"] if "helpUri" in d]


def test_explain_prints_the_url(capsys):
    assert cli.main(["explain", "ZL101"]) == 0
    out = capsys.readouterr().out
    url = URLS["Rule documentation"].replace("{version}", zonelint.__version__).replace("{code}", "ZL101")
    assert out.splitlines()[1] == f"Documentation: {url}"


def test_explain_prints_no_url_without_metadata(capsys, no_metadata):
    assert cli.main(["explain", "ZL101"]) == 0
    assert "Documentation:" not in capsys.readouterr().out


def test_project_urls_reads_dist_info_metadata(tmp_path):
    info = tmp_path / "pkg-1.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.4\nName: pkg\nVersion: 1.2\n"
        "Project-URL: Source Code, https://example.net/pkg\n"
        "Project-URL: Rule-Documentation, https://example.net/pkg/{code}.html\n"
        "\nProject-URL: Repository, https://not.a.header/\n",
        encoding="utf-8",
    )

    class Dist:
        folder = str(info)

    urls = project_urls(Dist())
    assert urls == {"sourcecode": "https://example.net/pkg", "ruledocumentation": "https://example.net/pkg/{code}.html"}


def test_ruledocs_cli_runs_as_a_module():
    proc = subprocess.run([sys.executable, "-m", "zonelint.ruledocs", "--check", str(REPO)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
