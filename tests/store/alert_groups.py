"""Alert groups written straight to the store, for the tests of what reads them."""

from __future__ import annotations

from datetime import datetime

from skm_bot.store.sql import SqlRepository
from skm_bot.store.tables import AlertGroupRow


async def open_group(
    repo: SqlRepository,
    key: str,
    opened: datetime,
    *,
    closed: datetime | None = None,
    channel: str = "C1",
) -> None:
    """An Alertmanager group opened at `opened` in `channel`; resolved at `closed` if given."""
    async with repo.sessions.begin() as session:
        session.add(
            AlertGroupRow(
                source="alertmanager",
                group_key=key,
                status="resolved" if closed else "firing",
                counter=1,
                reports=0,
                title="t",
                summary="s",
                channel=channel,
                first_seen=opened,
                last_seen=closed or opened,
                resolved_at=closed,
            )
        )
