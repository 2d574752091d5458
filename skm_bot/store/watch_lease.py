"""
Who runs a profile's watch in a schedule slot: a slot lease (store/slot_lease.py) on the
profile's `watch_profiles` row.

Each slot runs on one replica, and a slot already run is never run again, restarts included.
The run's results are kept only while its lease still holds (see WatchStore). A run asked for
now (the Home tab's button) takes a slot of its own, `now`, and only while no run is going.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from skm_bot.store.slot_lease import SlotLease
from skm_bot.store.tables import WatchProfileRow

_NEW_ROW = {"status": "idle", "last_findings": [], "gaps": []}


class WatchLease(SlotLease):
    """Claim and release the watch of one profile for one schedule slot."""

    async def claim_watch(
        self, profile: str, *, slot: datetime, worker: str, now: datetime, lease: timedelta
    ) -> bool:
        """True when this worker now runs `profile`'s watch for `slot`."""
        return await self.claim_slot(
            WatchProfileRow,
            {"profile": profile},
            slot=slot,
            worker=worker,
            now=now,
            lease=lease,
            defaults=_NEW_ROW,
        )

    async def claim_watch_now(
        self, profile: str, *, worker: str, now: datetime, lease: timedelta
    ) -> bool:
        """
        True when this worker now runs `profile`'s watch out of schedule, in the slot `now`.

        Refused while another run of the profile holds its lease (a second click, another
        replica's click, the schedule's own run): the run in progress answers them all.
        """
        return await self.claim_slot(
            WatchProfileRow,
            {"profile": profile},
            slot=now,
            worker=worker,
            now=now,
            lease=lease,
            defaults=_NEW_ROW,
            when_idle=True,
        )

    async def release_watch(self, profile: str, *, slot: datetime, worker: str, error: str) -> None:
        """Give up a claimed slot after a failed run; the next slot tries again."""
        await self.end_slot(
            WatchProfileRow,
            {"profile": profile},
            slot=slot,
            worker=worker,
            status="failed",
            values={"last_error": error[:500]},
        )
