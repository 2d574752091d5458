"""A person's newest diagnoses, as the Home tab lists them: a few columns, never the paste."""

from __future__ import annotations

from sqlalchemy import select

from skm_bot.core.home import RECENT_DIAGNOSES, RecentDiagnosis
from skm_bot.store.base import StoreBase
from skm_bot.store.tables import DiagnosisRow


class HomeReads(StoreBase):
    """Reads for the Home tab beside the watch's (WatchReads)."""

    async def recent_diagnoses(
        self, user: str, *, limit: int = RECENT_DIAGNOSES
    ) -> list[RecentDiagnosis]:
        """`user`'s newest diagnoses, newest first (index ix_diagnoses_user_created)."""
        row = DiagnosisRow
        query = (
            select(row.id, row.created_at, row.primary_error, row.chosen_error, row.channel)
            .where(row.user == user)
            .order_by(row.created_at.desc())
            .limit(limit)
        )
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [
            RecentDiagnosis(r.id, r.created_at, r.chosen_error or r.primary_error, r.channel)
            for r in rows
        ]
