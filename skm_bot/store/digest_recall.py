"""Read a span's digest facts for a one-off command: no store, nothing to count."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from skm_bot.core.digest import DigestFacts
from skm_bot.errors import ConfigError
from skm_bot.store.engine import make_engine, normalise_url
from skm_bot.store.sql import SqlRepository


async def recall_digest_facts(
    database_url: str, *, start: datetime, end: datetime, channel: str | None
) -> DigestFacts:
    """
    What the digest of [start, end) counts, read from the store; nothing is written, and a
    SQLite file that does not exist is not created (its span is empty).
    """
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return DigestFacts()
    engine = make_engine(database_url)
    try:
        return await SqlRepository(engine).digest_facts(start=start, end=end, channel=channel)
    except SQLAlchemyError as exc:
        shown = url.render_as_string(hide_password=True)
        raise ConfigError(
            f"cannot read the store at {shown} ({type(exc).__name__}); "
            "is SKM_BOT_DATABASE_URL right, and has `skm-bot db upgrade` run?"
        ) from None
    finally:
        await engine.dispose()
