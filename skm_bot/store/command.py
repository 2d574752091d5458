"""`skm-bot db upgrade|current`: apply the store's migrations, or say where the database is."""

from __future__ import annotations

import asyncio
import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from skm_bot.store.engine import make_engine
from skm_bot.store.migrate import current_revision, head_revision, upgrade

EXIT_OK = 0
EXIT_FAILED = 1


async def _run(command: str, url: str) -> str:
    engine = make_engine(url)
    try:
        if command == "upgrade":
            await upgrade(engine)
        return f"at revision {await current_revision(engine)} (newest: {head_revision()})"
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
