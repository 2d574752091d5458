"""Everything a store holds, read back column by column, as one text to search for canaries."""

from __future__ import annotations

from sqlalchemy import select

from skm_bot.store.sql import SqlRepository
from skm_bot.store.tables import Base


async def every_value(repo: SqlRepository) -> str:
    """Every column of every row of every table, as text (JSON columns as their Python repr)."""
    parts: list[str] = []
    async with repo.sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                parts.extend(f"{table.name}.{key}={value!r}" for key, value in row._mapping.items())
    return "\n".join(parts)


async def row_count(repo: SqlRepository, table_name: str) -> int:
    """How many rows one table holds."""
    async with repo.sessions() as session:
        return len((await session.execute(select(Base.metadata.tables[table_name]))).all())
