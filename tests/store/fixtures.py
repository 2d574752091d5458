"""Fixtures shared by the store and webhook tests: each runs on SQLite and on real PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from skm_bot.store.repository import SqlRepository
from tests.store.database import open_repository, postgres_database, prepare, sqlite_url


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A migrated PostgreSQL database for the whole session (skips when unreachable)."""
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated database: a SQLite file in tmp_path, then the session's PostgreSQL."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "store.sqlite3")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def repository(database_url: str) -> AsyncIterator[SqlRepository]:
    await prepare(database_url)
    async with open_repository(database_url) as repo:
        yield repo
