"""Read one stored diagnosis by request ID, for a one-off command: no store, no answer."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from skm_bot.core.records import StoredDiagnosis
from skm_bot.errors import ConfigError
from skm_bot.store.engine import make_engine, normalise_url
from skm_bot.store.sql import SqlRepository


async def recall(database_url: str, request_id: str) -> StoredDiagnosis | None:
    """
    The newest diagnosis that named `request_id`, or None.

    A SQLite file that does not exist means nothing was ever kept: it is not created here.
    """
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return None
    engine = make_engine(database_url)
    try:
        return await SqlRepository(engine).find_by_request_id(request_id)
    except SQLAlchemyError as exc:
        shown = url.render_as_string(hide_password=True)
        raise ConfigError(
            f"cannot read the store at {shown} ({type(exc).__name__}); "
            "is SKM_BOT_DATABASE_URL right, and has `skm-bot db upgrade` run?"
        ) from None
    finally:
        await engine.dispose()
