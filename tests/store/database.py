"""Test databases: a SQLite file per test, and one PostgreSQL database per session, dropped after."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import text

from skm_bot.store.engine import make_engine
from skm_bot.store.migrate import upgrade
from skm_bot.store.sql import SqlRepository

PG_ADMIN = os.environ.get("SKM_BOT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
TABLES = (
    "outbox, alerts, alert_groups, request_ids, diagnoses, feedback, slack_events, "
    "watch_findings, watch_profiles, watch_auth_lists, digest_slots"
)


def _pg_url(database: str) -> str:
    base, _, _ = PG_ADMIN.rpartition("/")
    return f"{base}/{database}"


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(PG_ADMIN, timeout=3)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def postgres_reachable() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        asyncio.run(_admin("SELECT 1"))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN}: {exc}"
    return None


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for the session; its URL. Dropped afterwards."""
    why = postgres_reachable()
    if why:
        pytest.skip(why)
    name = f"skm_bot_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    url = _pg_url(name).replace("postgresql://", "postgresql+asyncpg://", 1)
    try:
        asyncio.run(_migrate(url))
        yield url
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _migrate(url: str) -> None:
    engine = make_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


def sqlite_url(path: Path) -> str:
    """A SQLite file URL."""
    return f"sqlite+aiosqlite:///{path}"


async def prepare(url: str) -> None:
    """Migrate a SQLite file, or empty the tables of the session's PostgreSQL database."""
    engine = make_engine(url)
    try:
        if engine.dialect.name == "postgresql":
            async with engine.begin() as connection:
                await connection.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
        else:
            await upgrade(engine)
    finally:
        await engine.dispose()


@asynccontextmanager
async def open_repository(url: str) -> AsyncIterator[SqlRepository]:
    """A repository over its own engine, disposed on exit."""
    engine = make_engine(url)
    try:
        yield SqlRepository(engine)
    finally:
        await engine.dispose()
