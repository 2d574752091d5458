"""
Who posts a channel's weekly digest: a slot lease (store/slot_lease.py) on the channel's
`digest_slots` row, the slot being the week's posting time.

One replica posts a channel's digest once per week, restarts included. A post that failed for a
reason that will not heal (the bot is not in the channel) gives the week up; one that Slack
could not take now keeps its lease until it runs out, and then another try takes the slot.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from skm_bot.store.slot_lease import SlotLease
from skm_bot.store.tables import DigestSlotRow


class DigestLease(SlotLease):
    """Claim a channel's digest for a week, and record how it ended."""

    async def claim_digest(
        self, channel: str, *, slot: datetime, worker: str, now: datetime, lease: timedelta
    ) -> bool:
        """True when this worker now posts `channel`'s digest for the week of `slot`."""
        return await self.claim_slot(
            DigestSlotRow,
            {"channel": channel},
            slot=slot,
            worker=worker,
            now=now,
            lease=lease,
            defaults={"status": "idle"},
        )

    async def finish_digest(
        self, channel: str, *, slot: datetime, worker: str, now: datetime, file_id: str | None
    ) -> bool:
        """Record the week's digest as posted; False when the lease was lost meanwhile."""
        return await self.end_slot(
            DigestSlotRow,
            {"channel": channel},
            slot=slot,
            worker=worker,
            status="posted",
            values={"posted_at": now, "file_id": file_id, "last_error": None},
        )

    async def release_digest(
        self, channel: str, *, slot: datetime, worker: str, error: str
    ) -> None:
        """Give the week up after a failure no retry will fix; next week tries again."""
        await self.end_slot(
            DigestSlotRow,
            {"channel": channel},
            slot=slot,
            worker=worker,
            status="failed",
            values={"last_error": error[:500]},
        )
