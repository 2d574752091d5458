"""Apply the Alembic migrations from the package: at start-up or through `skm-bot db upgrade`."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from skm_bot.store.engine import prepare_sqlite_directory

SCRIPT_LOCATION = "skm_bot.store:migrations"
# Any constant: replicas starting together take turns migrating instead of racing.
_PG_MIGRATION_LOCK = 0x736B6D62


def alembic_config() -> Config:
    """An Alembic configuration pointing at the packaged migrations, no alembic.ini needed."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def head_revision() -> str | None:
    """The newest revision the package ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _upgrade(connection: Connection, target: str) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade(engine: AsyncEngine, target: str = "head") -> None:
    """Bring the database up to `target` (the newest revision by default)."""
    # The first write to a store: a SQLite file's directory may not exist yet.
    prepare_sqlite_directory(engine.url)
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, target)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at, None when it was never migrated."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current)
