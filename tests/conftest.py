"""Shared by every test folder: `async def` tests run on a fresh asyncio loop.

The project has no async test plugin as a dependency; Pilot tests are coroutines.
"""

from __future__ import annotations

import asyncio
import inspect

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True


@pytest.fixture(autouse=True)
def _private_user_folders(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    # No test reads or writes the learner's own progress, decks or deck cache.
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("INTERVIEW_LAB_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("INTERVIEW_LAB_CACHE_DIR", str(home / "cache"))
    monkeypatch.delenv("INTERVIEW_LAB_CONTENT", raising=False)
