"""Shared test helpers.

``../shared`` (beside the repository) holds the conformance corpus and reference material. A
user's clone does not have it: tests that need it skip with a visible reason. In CI (``CI=true``)
it must be there, so a missing folder fails instead of skipping silently.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: a small zone with one fault: line 7's SRV points at an alias (ZL101), nothing else fires
ALIAS_TARGET_ZONE = """$ORIGIN example.com.
$TTL 3600
@ IN SOA ns1 host 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 192.0.2.1
alias IN CNAME ns1
_xmpp-client._tcp IN SRV 5 0 5222 alias
_xmpp-server._tcp IN SRV 5 0 5269 ns1
"""
SHARED = REPO.parent / "shared"


def shared_dir() -> Path:
    """The ``../shared`` folder, or skip (fail under CI) when it is absent."""
    if SHARED.is_dir():
        return SHARED
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run with ../shared beside the clone, but {SHARED} is missing")
    pytest.skip(f"../shared is not beside this clone ({SHARED} missing): corpus tests skipped")


@pytest.fixture
def shared() -> Path:
    return shared_dir()


def build_ignore(_dir, names):
    return {n for n in names if n in ("__pycache__", "build", "dist", ".venv") or n.endswith(".egg-info")}


def zonelint_source_copy(dst: Path) -> Path:
    """A copy of what building zonelint needs (pyproject, README, the package folders it maps),
    so pip builds outside the shared checkout and never leaves build/ or egg-info there."""
    dst.mkdir()
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())
    for name in ("pyproject.toml", "README.md", "LICENSE", "setup.py", "setup.cfg", "MANIFEST.in"):
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, dst / name)
    package_dirs = meta.get("tool", {}).get("setuptools", {}).get("package-dir", {}) or {"zonelint": "zonelint"}
    for folder in sorted(set(package_dirs.values())):
        top = folder.split("/")[0]
        if (REPO / top).is_dir() and not (dst / top).exists():
            shutil.copytree(REPO / top, dst / top, ignore=build_ignore)
    return dst


@pytest.fixture
def sharded_calls(monkeypatch):
    """What each :func:`zonelint.shard.lint_sharded` call returned (None: it fell back to serial);
    a test asserts on it that the sharded path really ran."""
    from zonelint import shard

    calls = []
    real = shard.lint_sharded

    def spy(*a, **k):
        got = real(*a, **k)
        calls.append(got)
        return got

    monkeypatch.setattr(shard, "lint_sharded", spy)
    return calls


# -- a real authoritative server (Knot DNS) for the axfr://, --resolve and live tests ----------


def knotd_or_skip() -> None:
    """Skip (fail under CI=true) when knotd is not installed: ``.ci/run`` installs ``knot``."""
    from knotserver import knotd_path

    if knotd_path() is not None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI must have knotd (Debian package knot, installed by .ci/run), but it is missing")
    pytest.skip("knotd is not installed (Debian package knot): tests against a real DNS server skipped")


@pytest.fixture(scope="session")
def knot_pool(tmp_path_factory):
    """Start (once per session and zone set) a knotd serving any zones:
    ``knot_pool.serve({"example.com": Path(...) or text}, tsig_zones=(...), denied_zones=(...))``.
    Every server is stopped at the end of the session (see ``tests/knotserver.py``)."""
    knotd_or_skip()
    from knotserver import KnotPool

    pool = KnotPool(lambda: tmp_path_factory.mktemp("knot"))
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture(scope="session")
def knot(knot_pool):
    """The session's knotd serving every ``tests/data/served/*.zone`` on 127.0.0.1 (and ::1):
    ``tsig.test`` transfers only with ``knot.keyfile``'s TSIG key, ``denied.test`` to no one."""
    from knotserver import served_zones

    return knot_pool.serve(served_zones(), tsig_zones=("tsig.test",), denied_zones=("denied.test",))


def readme_codes(start: str, end: str = "\n\n") -> set[str]:
    """The rule codes the README names (``ZL020`` or ranges ``ZL001–ZL010``) from the text
    ``start`` up to ``end``: to keep a README list of rules equal to what the registry says."""
    import re

    text = (REPO / "README.md").read_text()
    part = text[text.index(start):]
    part = part[: part.index(end)]
    listed: set[str] = set()
    for a, b in re.findall(r"ZL(\d{3})(?:–ZL(\d{3}))?", part):
        listed |= {f"ZL{n:03d}" for n in range(int(a), int(b or a) + 1)}
    return listed


def zone_file_only_codes() -> set[str]:
    """The built-in rules that judge no served data (``Rule.judges_served_data`` False)."""
    from zonelint.plugins import load_registry

    return {c.code for c in load_registry().sorted() if c.plugin == "builtin" and not c.judges_served_data}


#: the zone file of the drift tests (tests/test_drift.py without a server, tests/test_compare.py
#: against Knot)
DRIFT_FILE = """\
$ORIGIN example.com.
$TTL 3600
@                  IN SOA   ns1 hostmaster 2024061502 7200 3600 1209600 3600
@                  IN NS    ns1
ns1                IN A     192.0.2.1
_xmpp-client._tcp  IN SRV   5 0 5222 xmpp
_xmpp-server._tcp  IN SRV   5 0 5269 XMPP.example.com.
xmpp          300  IN A     192.0.2.10
old                IN A     192.0.2.99
@                  IN MX    10 mail
mail               IN A     192.0.2.25
"""
