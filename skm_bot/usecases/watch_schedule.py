"""
One profile's watch in one schedule slot: claim the slot, read, keep the run and its threads.

Only the replica that claims (profile, slot) reads SKM for it, and what it read is kept only
while its claim still holds; so a slot's findings reach Slack once however many replicas run,
and a restart in the middle of a slot does not post them again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from skm_bot.core.profile import Profile
from skm_bot.core.watch.facts import WatchFacts
from skm_bot.core.watch.record import WatchRecord
from skm_bot.core.watch.threads import WatchRenderer

log = logging.getLogger(__name__)

# Reads one profile as of `now` (usecases.watch.watch_profile, or a test's stand-in).
Gather = Callable[[Profile, datetime], Awaitable[WatchFacts]]


class WatchRecorder(Protocol):
    """The store's part in a scheduled run (SqlRepository implements it)."""

    async def claim_watch(
        self, profile: str, *, slot: datetime, worker: str, now: datetime, lease: timedelta
    ) -> bool:
        """True when `worker` now runs `profile` for `slot`."""

    async def record_watch(
        self,
        facts: WatchFacts,
        *,
        slot: datetime,
        worker: str,
        now: datetime,
        channel: str | None,
        render: WatchRenderer,
    ) -> WatchRecord | None:
        """Keep the run and queue its Slack calls; None when the claim was lost."""

    async def release_watch(self, profile: str, *, slot: datetime, worker: str, error: str) -> None:
        """Give the slot up after a failed run."""


@dataclass(frozen=True)
class SlotRun:
    """Who runs, with what, and where the threads go."""

    store: WatchRecorder
    gather: Gather
    render: WatchRenderer
    worker: str
    clock: Callable[[], datetime]
    lease: timedelta


async def run_slot(
    run: SlotRun, profile: Profile, *, slot: datetime, channel: str | None
) -> WatchRecord | None:
    """
    Watch `profile` for `slot` if no other replica does; the run as kept, or None when this
    replica did not run it (or its run failed, which the next slot retries).
    """
    now = run.clock()
    claimed = await run.store.claim_watch(
        profile.name, slot=slot, worker=run.worker, now=now, lease=run.lease
    )
    if not claimed:
        return None
    try:
        facts = await run.gather(profile, now)
        return await run.store.record_watch(
            facts, slot=slot, worker=run.worker, now=now, channel=channel, render=run.render
        )
    except Exception as exc:  # one profile's failure must not stop the others' watch
        log.warning("watch of profile %s failed", profile.name, exc_info=True)
        await run.store.release_watch(
            profile.name, slot=slot, worker=run.worker, error=type(exc).__name__
        )
        return None
