"""
Fixtures every test may use, and the environment every test starts from.

A developer's own `SKM_BOT_*`, `SLACK_*` or proxy variables must never change what a test sees:
`clean_environ` removes them before each test (tests that need one set it with monkeypatch). It
also points `XDG_DATA_HOME` at the test's own directory, so the default store is never the
developer's, and `XDG_CACHE_HOME` at one directory of the session's, so the catalogue that the
command lines it starts keep ready is built once per session, never in the developer's cache.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from skm_bot.store.sql import SqlRepository
from tests.fakes.slack_standin import SlackStandIn
from tests.fakes.slack_world import new_state
from tests.store.database import open_repository, postgres_database, prepare, sqlite_url

# Property tests explore new examples on a developer's machine; CI replays the same ones on every
# run, so a red CI is always the change's doing (a new finding there is reproduced and fixed
# here, then kept as an explicit example).
settings.register_profile(
    "ci", derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
if os.environ.get("CI"):
    settings.load_profile("ci")

_OWN_PREFIXES = ("SKM_BOT_", "SLACK_")
_PROXY_NAMES = frozenset(
    {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR"}
)


def _inherited(name: str) -> bool:
    upper = name.upper()
    if upper == "SKM_BOT_TEST_PG":  # where the test PostgreSQL is: for the tests, not the bot
        return False
    return upper.startswith(_OWN_PREFIXES) or upper in _PROXY_NAMES


# Fixtures that bring up a database, the Slack stand-in with a bolt app, or the SKM emulator on a
# port: a test that uses one (directly or through another fixture) is an integration test, and
# runs in the full suite, not in the fast loop (`-m "not slow"`).
_INTEGRATION_FIXTURES = frozenset({"database_url", "slack", "bot", "emulator_url"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _INTEGRATION_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The XDG cache directory every test shares (caches there are keyed by what they hold)."""
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, session_cache: Path) -> None:
    """Every test starts without the developer's skm-bot, Slack and proxy settings."""
    for name in list(os.environ):
        if _inherited(name):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(session_cache))


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio, the loop the bot itself runs on."""
    return "asyncio"


@pytest.fixture
async def slack() -> AsyncIterator[SlackStandIn]:
    """The Slack stand-in on loopback, with the test channels."""
    async with SlackStandIn(new_state()) as standin:
        yield standin


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A migrated PostgreSQL database for the whole session (skips when unreachable)."""
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file in tmp_path, then the session's PostgreSQL."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "store.sqlite3")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def repository(database_url: str) -> AsyncIterator[SqlRepository]:
    """A migrated store on each database in turn."""
    await prepare(database_url)
    async with open_repository(database_url) as repo:
        yield repo
