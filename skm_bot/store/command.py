"""`skm-bot db upgrade|current`: apply the store's migrations, or say where the database is."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from skm_bot.store.engine import make_engine, normalise_url
from skm_bot.store.migrate import current_revision, head_revision, upgrade

EXIT_OK = 0
EXIT_FAILED = 1


def sqlite_file_missing(url: URL) -> bool:
    """True for a SQLite URL whose file does not exist (connecting would create it)."""
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return False
    return not Path(database).exists()


def describe(revision: str | None, newest: str | None) -> str:
    """Where the database stands, in words a person acts on."""
    if revision is None:
        return f"not created yet; run skm-bot db upgrade to create it (newest revision: {newest})"
    if revision != newest:
        return f"at revision {revision}, older than the newest ({newest}); run skm-bot db upgrade"
    return f"at revision {revision} (newest: {newest})"


async def _run(command: str, url: str) -> str:
    if command == "current" and sqlite_file_missing(make_url(normalise_url(url))):
        # Connecting would create an empty file; `db current` only looks.
        return describe(None, head_revision())
    engine = make_engine(url)
    try:
        if command == "upgrade":
            await upgrade(engine)
        return describe(await current_revision(engine), head_revision())
    finally:
        await engine.dispose()


def run(command: str, url: str) -> int:
    """Run `db upgrade` or `db current` against the store at `url`; the exit code."""
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        message = asyncio.run(_run(command, url))
    except (SQLAlchemyError, OSError) as exc:
        print(f"skm-bot: database {shown}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"database {shown}: {message}")
    return EXIT_OK
