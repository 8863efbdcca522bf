"""Shared fixtures of the content tests: the corpora and a private cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
MALFORMED = HERE / "malformed"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Never touch the real user cache; commands find the cache through this variable."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("INTERVIEW_LAB_CACHE_DIR", str(cache))
    monkeypatch.delenv("INTERVIEW_LAB_CONTENT", raising=False)
    return cache


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def malformed_dir() -> Path:
    return MALFORMED
