"""
Who runs a profile's watch in a schedule slot: a lease on the profile's `watch_profiles` row.

A replica claims (profile, slot) with one conditional UPDATE: the row must be at an older slot,
or at this slot with a lease that ran out (its replica died mid-run). PostgreSQL's row lock makes
a second claimer wait and then find the row taken; SQLite runs the UPDATE under its one-writer
lock. So each slot runs on one replica, and a slot already run is never run again, restarts
included. The run's results are kept only while its lease still holds (see WatchStore).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update

from skm_bot.store.base import StoreBase
from skm_bot.store.tables import WatchProfileRow


class WatchLease(StoreBase):
    """Claim and release the watch of one profile for one schedule slot."""

    async def claim_watch(
        self, profile: str, *, slot: datetime, worker: str, now: datetime, lease: timedelta
    ) -> bool:
        """True when this worker now runs `profile`'s watch for `slot`."""
        row = WatchProfileRow
        taken = or_(
            row.slot.is_(None),
            row.slot < slot,
            and_(row.slot == slot, row.status == "running", row.locked_until < now),
        )
        claim = (
            update(row)
            .where(row.profile == profile, taken)
            .values(slot=slot, status="running", locked_by=worker, locked_until=now + lease)
            .returning(row.profile)
        )
        async with self.engine.begin() as connection:
            await connection.execute(
                self.insert(row)
                .values(profile=profile, status="idle", last_findings=[], gaps=[])
                .on_conflict_do_nothing()
            )
            claimed = (await connection.execute(claim)).first()
        return claimed is not None

    async def release_watch(self, profile: str, *, slot: datetime, worker: str, error: str) -> None:
        """Give up a claimed slot after a failed run; the next slot tries again."""
        async with self.engine.begin() as connection:
            await connection.execute(
                update(WatchProfileRow)
                .where(
                    WatchProfileRow.profile == profile,
                    WatchProfileRow.slot == slot,
                    WatchProfileRow.locked_by == worker,
                    WatchProfileRow.status == "running",
                )
                .values(status="failed", locked_until=None, last_error=error[:500])
            )
