"""
One profile's watch in one schedule slot: claim the slot, read, keep the run and its threads.

Only the replica that claims (profile, slot) reads SKM for it, and what it read is kept only
while its claim still holds; so a slot's findings reach Slack once however many replicas run,
and a restart in the middle of a slot does not post them again.

A run asked for now (the Home tab's button) is the same with a slot of its own, `now`, claimed
only while no other run of the profile holds its lease: two clicks, or clicks on two replicas,
start one run, and the others are told one is going.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

from skm_bot.core.profile import Profile
from skm_bot.core.watch.facts import WatchFacts
from skm_bot.core.watch.record import WatchRecord
from skm_bot.core.watch.threads import WatchRenderer

log = logging.getLogger(__name__)

# Reads one profile as of `now` (usecases.watch.watch_profile, or a test's stand-in).
Gather = Callable[[Profile, datetime], Awaitable[WatchFacts]]
# How a run asked for now ended: it ran, another run was going, or it failed (logged).
NowOutcome = Literal["done", "busy", "failed"]
# Told once a run asked for now has its lease and starts reading.
Started = Callable[[], Awaitable[None]]
# Runs a profile's watch now (`watch_now` makes one for the Slack app).
WatchNow = Callable[[Profile, Started], Awaitable[NowOutcome]]


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

    async def claim_watch_now(
        self, profile: str, *, worker: str, now: datetime, lease: timedelta
    ) -> bool:
        """True when `worker` now runs `profile` out of schedule (no other run holds it)."""


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
    return await _claimed_run(run, profile, slot=slot, now=now, channel=channel)


async def run_now(
    run: SlotRun, profile: Profile, *, channel: str | None, started: Started | None = None
) -> NowOutcome:
    """Watch `profile` now, unless a run of it is going; `started` is awaited once it starts."""
    now = run.clock()
    claimed = await run.store.claim_watch_now(
        profile.name, worker=run.worker, now=now, lease=run.lease
    )
    if not claimed:
        return "busy"
    if started is not None:
        await started()
    try:
        record = await _claimed_run(run, profile, slot=now, now=now, channel=channel)
    except Exception:  # a failed release must not hide the run's end from the person waiting
        log.warning("watch of profile %s now: its slot was not released", profile.name)
        return "failed"
    return "done" if record is not None else "failed"


def watch_now(run: SlotRun, channel_of: Callable[[Profile], str | None]) -> WatchNow:
    """The Home tab's runner: `run_now` with each profile's findings going to its channel."""

    async def now(profile: Profile, started: Started) -> NowOutcome:
        return await run_now(run, profile, channel=channel_of(profile), started=started)

    return now


async def _claimed_run(
    run: SlotRun, profile: Profile, *, slot: datetime, now: datetime, channel: str | None
) -> WatchRecord | None:
    """Read and keep a claimed slot's run; a failure is logged and the slot given up."""
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
