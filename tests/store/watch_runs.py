"""Scheduled watch runs kept in the store as a replica keeps them: claim the slot, then record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from skm_bot.core.watch.record import WatchRecord
from skm_bot.render.slack.watch_thread import watch_renderer
from skm_bot.store.sql import SqlRepository
from tests.store.watch_facts import facts

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
SLOT = NOW.replace(minute=0)
LEASE = timedelta(minutes=5)
RENDER = watch_renderer("en")


async def claim(
    repo: SqlRepository,
    *,
    profile: str = "prod",
    slot: datetime = SLOT,
    worker: str = "a",
    now: datetime = NOW,
) -> bool:
    """Claim `profile`'s `slot` for `worker` with a five-minute lease."""
    return await repo.claim_watch(profile, slot=slot, worker=worker, now=now, lease=LEASE)


async def run(
    repo: SqlRepository,
    *,
    now: datetime = NOW,
    slot: datetime = SLOT,
    channel: str | None = "C1",
    worker: str = "a",
    **fact_options: Any,
) -> WatchRecord | None:
    """A whole scheduled run of the facts `fact_options` make: the slot claimed, the run kept."""
    profile = fact_options.get("profile", "prod")
    assert await claim(repo, profile=profile, slot=slot, worker=worker, now=now)
    return await repo.record_watch(
        facts(now, **fact_options),
        slot=slot,
        worker=worker,
        now=now,
        channel=channel,
        render=RENDER,
    )
