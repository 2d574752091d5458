"""Read the watch's last seen auth lists for a one-off command: no store, nothing seen yet."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from skm_bot.errors import ConfigError
from skm_bot.store.engine import make_engine, normalise_url
from skm_bot.store.sql import SqlRepository
from skm_bot.store.watch_rows import AuthLists


async def last_seen_lists(database_url: str, profiles: Iterable[str]) -> dict[str, AuthLists]:
    """
    Each profile's lists as the scheduled watch last kept them (empty for one never watched).

    Nothing is written: the command line reports changes since the scheduled watch's last run
    and leaves that state to it. A SQLite file that does not exist is not created here.
    """
    names = list(profiles)
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return {name: {} for name in names}
    engine = make_engine(database_url)
    try:
        repository = SqlRepository(engine)
        return {name: await repository.auth_lists(name) for name in names}
    except SQLAlchemyError as exc:
        shown = url.render_as_string(hide_password=True)
        raise ConfigError(
            f"cannot read the store at {shown} ({type(exc).__name__}); "
            "is SKM_BOT_DATABASE_URL right, and has `skm-bot db upgrade` run?"
        ) from None
    finally:
        await engine.dispose()
