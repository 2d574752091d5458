"""One read from the store for a one-off command: nothing is created, nothing is written."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from skm_bot.errors import ConfigError
from skm_bot.store.engine import make_engine, normalise_url
from skm_bot.store.sql import SqlRepository

T = TypeVar("T")


async def read_store(
    database_url: str, read: Callable[[SqlRepository], Awaitable[T]], *, absent: T
) -> T:
    """
    What `read` finds in the store at `database_url`; `absent` when that is a SQLite file that
    does not exist, which means nothing was ever kept (the file is not created here).

    A store that cannot be read is a ConfigError naming the URL without its password: a command
    run by hand should say what to fix, not show a driver's traceback.
    """
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return absent
    engine = make_engine(database_url)
    try:
        return await read(SqlRepository(engine))
    except SQLAlchemyError as exc:
        shown = url.render_as_string(hide_password=True)
        raise ConfigError(
            f"cannot read the store at {shown} ({type(exc).__name__}); "
            "is SKM_BOT_DATABASE_URL right, and has `skm-bot db upgrade` run?"
        ) from None
    finally:
        await engine.dispose()
