"""
The Home tab's reads: each profile's last watch run (its time and gaps, not its findings), the
open findings of the profiles shown, and a person's newest diagnoses (a few columns, never the
paste).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from skm_bot.core.home import RECENT_DIAGNOSES, LastRun, RecentDiagnosis
from skm_bot.core.watch.model import ordered
from skm_bot.core.watch.threads import Tracked
from skm_bot.store.base import StoreBase
from skm_bot.store.tables import DiagnosisRow, WatchFindingRow, WatchProfileRow
from skm_bot.store.watch_rows import tracked_from


class HomeReads(StoreBase):
    """Reads for the Home tab: only what it shows, so it renders fast from a big store."""

    async def last_runs(self, profiles: Iterable[str]) -> list[LastRun]:
        """The last watch run of each of `profiles` that ran."""
        row = WatchProfileRow
        query = select(row.profile, row.last_run_at, row.gaps).where(
            row.profile.in_(list(profiles)), row.last_run_at.is_not(None)
        )
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [LastRun(r.profile, r.last_run_at, tuple(r.gaps)) for r in rows]

    async def open_findings_of(self, profiles: Iterable[str]) -> list[Tracked]:
        """The open findings of `profiles`, most urgent first (ix_watch_findings_profile_status)."""
        query = select(WatchFindingRow.__table__).where(
            WatchFindingRow.profile.in_(list(profiles)), WatchFindingRow.status == "open"
        )
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        found = {t.finding.id: t for t in (tracked_from(r) for r in rows)}
        return [found[f.id] for f in ordered(t.finding for t in found.values())]

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
