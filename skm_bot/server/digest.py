"""
The weekly digest on a schedule inside `serve`: each channel with news gets the week before,
once, whichever replica gets it.

The posting time is a weekday and an hour (UTC), Monday 09:00 by default; its latest occurrence
is the slot, and the digest covers the seven whole days before the slot's day. A replica posts
a channel's digest only after claiming (channel, slot) in the store, so a week is posted once
across replicas and restarts. Replicas wake at the posting time and every few minutes in
between, so a post that Slack could not take, or whose replica died, is tried again once its
lease runs out; one Slack refused for good (the bot left the channel) waits for next week. A
replica started later in the week (after an outage) posts the week's digest then.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Protocol

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.core.catalogue import Catalogue, load_catalogue
from skm_bot.core.digest import Digest, DigestFacts, summarize, week_of
from skm_bot.core.language import Language
from skm_bot.render.digest_chart import render_chart
from skm_bot.render.slack.digest import render_digest, render_digest_file
from skm_bot.server.slot_loop import seconds_to_wake, serve_slots
from skm_bot.settings import WEEKDAYS, Settings
from skm_bot.slack.digest_post import post_digest
from skm_bot.slack.failures import describe, slack_unavailable

log = logging.getLogger(__name__)

WEEK = timedelta(days=7)
# Long enough to draw a chart and make three Slack calls; short enough that a replica dying
# mid-post costs its channel minutes.
LEASE = timedelta(minutes=5)
# Posts a digest: (channel, message, chart or None, the chart's file name/title/alt text).
Poster = Callable[[str, dict[str, Any], bytes | None, dict[str, Any]], Awaitable[str | None]]


class DigestStore(Protocol):
    """The store's part in the digest (SqlRepository implements it)."""

    async def digest_channels(self, *, start: datetime, end: datetime) -> list[str]:
        """The channels with news over [start, end)."""

    async def digest_facts(
        self, *, start: datetime, end: datetime, channel: str | None = None
    ) -> DigestFacts:
        """What a channel's digest counts."""

    async def claim_digest(
        self, channel: str, *, slot: datetime, worker: str, now: datetime, lease: timedelta
    ) -> bool:
        """True when `worker` now posts `channel`'s digest for `slot`."""

    async def finish_digest(
        self, channel: str, *, slot: datetime, worker: str, now: datetime, file_id: str | None
    ) -> bool:
        """Record the digest as posted."""

    async def release_digest(
        self, channel: str, *, slot: datetime, worker: str, error: str
    ) -> None:
        """Give the week up after a refusal no retry will fix."""


def digest_slot(now: datetime, *, weekday: int, hour: int) -> datetime:
    """The latest posting time (`weekday` 0 = Monday, `hour` UTC) at or before `now`."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    slot = midnight - timedelta(days=(now.weekday() - weekday) % 7) + timedelta(hours=hour)
    return slot if slot <= now else slot - WEEK


@dataclass
class DigestSchedule:
    """Posts each channel's digest once per week."""

    store: DigestStore
    post: Poster
    weekday: int
    hour: int
    language: Language
    worker: str
    clock: Callable[[], datetime]
    catalogue: Catalogue
    lease: timedelta = LEASE

    def slot(self) -> datetime:
        """The posting time this week's digests belong to."""
        return digest_slot(self.clock(), weekday=self.weekday, hour=self.hour)

    async def run_due(self) -> list[str]:
        """Post, now, every channel's digest of the current slot that no replica has; those."""
        slot = self.slot()
        start, end = week_of(slot)
        posted = []
        for channel in await self.store.digest_channels(start=start, end=end):
            if await self._post_one(channel, slot=slot, start=start, end=end):
                posted.append(channel)
        return posted

    async def _post_one(
        self, channel: str, *, slot: datetime, start: datetime, end: datetime
    ) -> bool:
        now = self.clock()
        claimed = await self.store.claim_digest(
            channel, slot=slot, worker=self.worker, now=now, lease=self.lease
        )
        if not claimed:
            return False
        facts = await self.store.digest_facts(start=start, end=end, channel=channel)
        digest = summarize(facts, start=start, end=end, channel=channel)
        try:
            file_id = await self._send(channel, digest)
        except Exception as exc:
            await self._failed(channel, slot, exc)
            return False
        return await self.store.finish_digest(
            channel, slot=slot, worker=self.worker, now=self.clock(), file_id=file_id
        )

    async def _send(self, channel: str, digest: Digest) -> str | None:
        # matplotlib draws in a worker thread: the event loop keeps answering Slack meanwhile.
        chart = await asyncio.to_thread(render_chart, digest) if digest.kinds else None
        message = render_digest(
            digest, language=self.language, catalogue=self.catalogue, chart=chart is not None
        )
        file = render_digest_file(digest, language=self.language) if chart else {}
        return await self.post(channel, message, chart, file)

    async def _failed(self, channel: str, slot: datetime, exc: Exception) -> None:
        """Slack away: keep the lease, so the slot is tried again when it runs out. Else give up."""
        if slack_unavailable(exc):
            log.warning("digest for %s not posted, retried later: %s", channel, describe(exc))
            return
        if not isinstance(exc, SlackApiError):
            log.error("digest for %s failed", channel, exc_info=exc)
        log.warning("digest for %s given up for this week: %s", channel, describe(exc))
        await self.store.release_digest(channel, slot=slot, worker=self.worker, error=describe(exc))

    def seconds_to_wake(self) -> float:
        """Until the next posting time, or a lease's length when that is sooner."""
        now = self.clock()
        return seconds_to_wake(self.slot() + WEEK - now, self.lease)

    async def serve(self, stop: asyncio.Event) -> None:
        """Post week after week until `stop` is set; a failure is logged and waited out."""
        await serve_slots(
            stop,
            name="digest",
            run_due=self.run_due,
            done=lambda channel: log.info("weekly digest posted to %s", channel),
            wake_in=self.seconds_to_wake,
            log=log,
        )


def build_digest_schedule(
    settings: Settings,
    *,
    store: DigestStore,
    client: AsyncWebClient,
    worker: str,
    clock: Callable[[], datetime],
) -> DigestSchedule | None:
    """The schedule `serve` runs; None when the digest is off."""
    if settings.digest_weekday == "off":
        return None
    return DigestSchedule(
        store=store,
        post=partial(post_digest, client),
        weekday=WEEKDAYS.index(settings.digest_weekday),
        hour=settings.digest_hour,
        language=settings.digest_language,
        worker=worker,
        clock=clock,
        catalogue=load_catalogue(),
    )
