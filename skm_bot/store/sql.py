"""`SqlRepository`: the DiagnosisRepository protocol on SQL, plus the alert, watch and outbox stores."""

from __future__ import annotations

from sqlalchemy import text

from skm_bot.store.alert_store import AlertStore
from skm_bot.store.digest_lease import DigestLease
from skm_bot.store.digest_reads import DigestReads
from skm_bot.store.home_reads import HomeReads
from skm_bot.store.outbox_store import OutboxStore
from skm_bot.store.watch_store import WatchStore


class SqlRepository(DigestLease, WatchStore, AlertStore, OutboxStore, HomeReads, DigestReads):
    """
    Diagnoses, request IDs, feedback, Slack event dedup, alert groups, the watch, the outbox,
    and the reads and leases of the Home tab and the weekly digest.

    One object over one engine (SQLite or PostgreSQL); each responsibility lives in its own
    base class: `DiagnosisStore`, `AlertStore`, `WatchStore`, `OutboxStore`, `HomeReads`,
    `DigestReads`, `DigestLease`.
    """

    async def ping(self) -> None:
        """Raise unless the database answers."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
