"""What every part of the SQL store shares: the session factory and dialect-aware inserts."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from skm_bot.store.engine import make_sessionmaker

T = TypeVar("T")


class StoreBase:
    """Holds the engine; subclasses add the queries for one responsibility each."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions: async_sessionmaker[AsyncSession] = make_sessionmaker(engine)
        # One per event loop: a lock is bound to the loop it first waited on.
        self._writers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._built: dict[str, Any] = {}

    def built(self, name: str, build: Callable[[], T]) -> T:
        """
        The statement `build` makes, made once per store and reused under `name`.

        A statement object keeps its cache key once computed; one built per call has it computed
        again (a walk over the whole statement), which cost the hot write paths more than
        compiling them. Only statements whose values all come as parameters may be kept.
        """
        statement = self._built.get(name)
        if statement is None:
            statement = self._built[name] = build()
        return statement

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncConnection]:
        """
        A write transaction; on SQLite, one at a time in this process.

        SQLite takes one writer at a time, and a writer that finds the lock taken sleeps and
        polls (1, 2, 5, 10… ms) until it is free: the webhooks' batches and the outbox's
        updates, colliding, would spend most of their time asleep. Queued here, each waits only
        as long as the one before it writes, and holds no connection while it waits. Other
        processes (a command line) are still kept apart by SQLite's lock.
        """
        if self.is_postgresql:
            async with self.engine.begin() as connection:
                yield connection
            return
        writer = self._writers.setdefault(asyncio.get_running_loop(), asyncio.Lock())
        async with writer, self.engine.begin() as connection:
            yield connection

    @property
    def is_postgresql(self) -> bool:
        """PostgreSQL takes row locks; SQLite serialises writers instead."""
        return self.engine.dialect.name == "postgresql"

    def insert(self, table: Any) -> Any:
        """An INSERT with ON CONFLICT support for this dialect."""
        module: Any = postgresql if self.is_postgresql else sqlite
        return module.insert(table)
