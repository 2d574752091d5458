"""What every part of the SQL store shares: the session factory and dialect-aware inserts."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from skm_bot.store.engine import make_sessionmaker


class StoreBase:
    """Holds the engine; subclasses add the queries for one responsibility each."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions: async_sessionmaker[AsyncSession] = make_sessionmaker(engine)

    @property
    def is_postgresql(self) -> bool:
        """PostgreSQL takes row locks; SQLite serialises writers instead."""
        return self.engine.dialect.name == "postgresql"

    def insert(self, table: Any) -> Any:
        """An INSERT with ON CONFLICT support for this dialect."""
        module: Any = postgresql if self.is_postgresql else sqlite
        return module.insert(table)
