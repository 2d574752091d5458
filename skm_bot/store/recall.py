"""Read one stored diagnosis by request ID, for a one-off command: no store, no answer."""

from __future__ import annotations

from skm_bot.core.records import StoredDiagnosis
from skm_bot.store.reading import read_store


async def recall(database_url: str, request_id: str) -> StoredDiagnosis | None:
    """
    The newest diagnosis that named `request_id`, or None.

    A SQLite file that does not exist means nothing was ever kept: it is not created here.
    """
    return await read_store(
        database_url, lambda repository: repository.find_by_request_id(request_id), absent=None
    )
