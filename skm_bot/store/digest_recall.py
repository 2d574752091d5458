"""Read a span's digest facts for a one-off command: no store, nothing to count."""

from __future__ import annotations

from datetime import datetime

from skm_bot.core.digest import DigestFacts
from skm_bot.store.reading import read_store


async def recall_digest_facts(
    database_url: str, *, start: datetime, end: datetime, channel: str | None
) -> DigestFacts:
    """
    What the digest of [start, end) counts, read from the store; nothing is written, and a
    SQLite file that does not exist is not created (its span is empty).
    """
    return await read_store(
        database_url,
        lambda repository: repository.digest_facts(start=start, end=end, channel=channel),
        absent=DigestFacts(),
    )
