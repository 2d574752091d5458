"""`SqlRepository`: the DiagnosisRepository protocol on SQL, plus the alert, watch and outbox stores."""

from __future__ import annotations

from sqlalchemy import text

from skm_bot.store.alert_store import AlertStore
from skm_bot.store.outbox_store import OutboxStore
from skm_bot.store.watch_store import WatchStore


class SqlRepository(WatchStore, AlertStore, OutboxStore):
    """
    Diagnoses, request IDs, feedback, Slack event dedup, alert groups, the watch and the outbox.

    One object over one engine (SQLite or PostgreSQL); each responsibility lives in its own
    base class: `DiagnosisStore`, `AlertStore`, `WatchStore`, `OutboxStore`.
    """

    async def ping(self) -> None:
        """Raise unless the database answers."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
