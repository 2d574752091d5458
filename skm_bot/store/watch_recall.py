"""Read the watch's last seen auth lists for a one-off command: no store, nothing seen yet."""

from __future__ import annotations

from collections.abc import Iterable

from skm_bot.store.reading import read_store
from skm_bot.store.sql import SqlRepository
from skm_bot.store.watch_rows import AuthLists


async def last_seen_lists(database_url: str, profiles: Iterable[str]) -> dict[str, AuthLists]:
    """
    Each profile's lists as the scheduled watch last kept them (empty for one never watched).

    Nothing is written: the command line reports changes since the scheduled watch's last run
    and leaves that state to it. A SQLite file that does not exist is not created here.
    """
    names = list(profiles)

    async def read(repository: SqlRepository) -> dict[str, AuthLists]:
        return {name: await repository.auth_lists(name) for name in names}

    return await read_store(database_url, read, absent={name: {} for name in names})
