"""The async engine for the configured URL: a SQLite file by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession

from skm_bot.errors import ConfigError

_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
# A writer waits this long for another process's write lock before SQLite gives up.
_SQLITE_BUSY_MS = 30_000


def normalise_url(url: str) -> str:
    """The URL with its async driver: `sqlite:///x` and `postgresql://…` are accepted too."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in _DRIVERS:
        raise ConfigError(
            f"database URL: unsupported backend {backend!r} (use sqlite or postgresql)"
        )
    if parsed.drivername == backend:
        parsed = parsed.set(drivername=_DRIVERS[backend])
    return parsed.render_as_string(hide_password=False)


def prepare_sqlite_directory(url: str | URL) -> None:
    """
    Make the SQLite file's directory before the store's first write, readable by its owner only.

    Only the last directory gets 0700 (the store holds who asked what, where); parents are made
    as the platform makes them (`~/.local/share` is the user's already).
    """
    parsed = make_url(url) if isinstance(url, str) else url
    found = sqlite_file(parsed.database) if parsed.get_backend_name() == "sqlite" else None
    directory = Path(found).parent if found else None
    if directory is not None and not directory.exists():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)


def is_sqlite(engine: AsyncEngine) -> bool:
    """True for a SQLite engine."""
    return engine.dialect.name == "sqlite"


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """
    An engine for `url`.

    On SQLite every transaction starts with BEGIN IMMEDIATE: a deferred transaction that reads
    and then writes can deadlock against another writer, which SQLite reports at once as
    "database is locked" instead of waiting. WAL lets readers go on while one writer writes.
    """
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "postgresql":
        kwargs = _plan_each_execution(kwargs)
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(engine):
        _create_private(engine)
        _serialise_sqlite_writers(engine)
    return engine


def _plan_each_execution(kwargs: dict[str, Any]) -> dict[str, Any]:
    """
    `kwargs` with PostgreSQL told to plan each execution of a prepared statement for its values.

    asyncpg prepares every statement, and after five executions PostgreSQL may keep one generic
    plan for all values. For the outbox's claim that plan read the whole outbox, sent rows and
    all: a backlog drained ever slower as the table grew (30 s for 1,500 messages, where a plan
    made for the values takes 0.3 s). Planning these statements costs far less than that.
    """
    connect_args = dict(kwargs.get("connect_args") or {})
    settings = dict(connect_args.get("server_settings") or {})
    settings.setdefault("plan_cache_mode", "force_custom_plan")
    connect_args["server_settings"] = settings
    return {**kwargs, "connect_args": connect_args}


def sqlite_file(database: str | None) -> str | None:
    """The path of a SQLite database file; None for an in-memory database or a URI."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


def create_private_file(path: str) -> None:
    """
    Create `path` readable by its owner only (0600), unless it exists.

    SQLite creates its -wal and -shm files with the database file's mode, so they are private too.
    """
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


def _create_private(engine: AsyncEngine) -> None:
    path = sqlite_file(engine.url.database)
    if path is None:
        return

    # Before each connection opens the file: SQLite would create it world-readable (umask 022).
    @event.listens_for(engine.sync_engine, "do_connect")
    def _before_connect(*_args: Any) -> None:
        create_private_file(path)


def _serialise_sqlite_writers(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to the "begin" hook below (the driver's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
