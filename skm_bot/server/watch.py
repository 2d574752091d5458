"""
The watch on a schedule inside `serve`: every profile once per slot, whichever replica gets it.

Slots are the interval's multiples since the Unix epoch (hourly by default: 10:00, 11:00, …),
so every replica agrees on them. Each wakes at the next slot, and also every few minutes in
between, so a slot whose replica died mid-run is taken over once its lease runs out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

from skm_bot.core.language import Language
from skm_bot.core.profile import Profile
from skm_bot.core.watch.facts import WatchFacts
from skm_bot.core.watch.record import WatchRecord
from skm_bot.render.slack.watch_thread import watch_renderer
from skm_bot.server.slot_loop import seconds_to_wake, serve_slots
from skm_bot.settings import Settings
from skm_bot.usecases.diagnose import CheckLimits
from skm_bot.usecases.watch import watch_profile
from skm_bot.usecases.watch_schedule import (
    Gather,
    SlotRun,
    WatchNow,
    WatchRecorder,
    run_slot,
    watch_now,
)

log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Long enough for a run (each read is bounded by the check deadline), short enough that a
# replica dying mid-run costs its slot minutes, not the hour.
LEASE = timedelta(minutes=5)


def slot_of(now: datetime, interval: timedelta) -> datetime:
    """The start of the slot `now` falls in."""
    return EPOCH + ((now - EPOCH) // interval) * interval


def channel_of(profile: Profile, fallback: str | None) -> str | None:
    """Where a profile's findings go: its first channel, else the alert channel."""
    return profile.channels[0] if profile.channels else fallback


@dataclass
class WatchSchedule:
    """Runs the watch of every profile once per slot."""

    run: SlotRun
    profiles: Mapping[str, Profile]
    interval: timedelta
    fallback_channel: str | None = None

    async def run_due(self) -> list[WatchRecord]:
        """Watch, now, every profile whose current slot no replica has run; the runs kept."""
        slot = slot_of(self.run.clock(), self.interval)
        records = await asyncio.gather(
            *(
                run_slot(self.run, p, slot=slot, channel=channel_of(p, self.fallback_channel))
                for p in self.profiles.values()
            )
        )
        return [r for r in records if r is not None]

    def now_runner(self) -> WatchNow:
        """The Home tab's "Run the watch now": the same run, store and channels, out of turn."""
        return watch_now(self.run, lambda profile: channel_of(profile, self.fallback_channel))

    def seconds_to_wake(self) -> float:
        """Until the next slot starts, or a lease's length when that is sooner."""
        now = self.run.clock()
        return seconds_to_wake(slot_of(now, self.interval) + self.interval - now, self.run.lease)

    async def serve(self, stop: asyncio.Event) -> None:
        """Run slot after slot until `stop` is set; a failure is logged and waited out."""
        await serve_slots(
            stop,
            name="watch",
            run_due=self.run_due,
            done=_log_run,
            wake_in=self.seconds_to_wake,
            log=log,
        )


def _log_run(record: WatchRecord) -> None:
    log.info(
        "watch of %s: %d finding(s), %d Slack call(s) queued",
        record.profile,
        len(record.findings),
        record.queued,
    )


def build_schedule(
    settings: Settings,
    *,
    store: WatchRecorder,
    profiles: Mapping[str, Profile],
    worker: str,
    clock: Callable[[], datetime],
    gather: Gather | None = None,
) -> WatchSchedule | None:
    """The schedule `serve` runs; None when the watch is off or there is no profile."""
    if settings.watch_interval_seconds <= 0 or not profiles:
        return None
    limits = CheckLimits(settings.check_timeout, settings.check_deadline)
    run = SlotRun(
        store=store,
        gather=gather or partial(_watch, limits=limits, language=settings.watch_language),
        render=watch_renderer(settings.watch_language),
        worker=worker,
        clock=clock,
        lease=LEASE,
    )
    interval = timedelta(seconds=settings.watch_interval_seconds)
    return WatchSchedule(run, profiles, interval, fallback_channel=settings.alert_channel)


async def _watch(
    profile: Profile, now: datetime, *, limits: CheckLimits, language: Language
) -> WatchFacts:
    return await watch_profile(profile, now=now, limits=limits, language=language)
