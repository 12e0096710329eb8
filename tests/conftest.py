"""Shared test helpers.

``../shared`` (beside the repository) holds the conformance corpus and reference material. A
user's clone does not have it: tests that need it skip with a visible reason. In CI (``CI=true``)
it must be there, so a missing folder fails instead of skipping silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
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
