"""
Slot leases beyond the schedule's: a watch run asked for now, and a channel's weekly digest.
Each on SQLite and PostgreSQL, with a second repository on the same database as a replica.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from skm_bot.store.sql import SqlRepository
from tests.store.database import open_repository
from tests.store.watch_facts import facts
from tests.store.watch_runs import LEASE, NOW, RENDER, claim

pytestmark = pytest.mark.anyio

WEEK = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def now_run(repo: SqlRepository, *, worker: str = "a", now: datetime = NOW) -> bool:
    return await repo.claim_watch_now("prod", worker=worker, now=now, lease=LEASE)


async def test_a_run_now_is_refused_while_another_runs(repository):
    assert await now_run(repository)

    assert not await now_run(repository, worker="b", now=NOW + timedelta(seconds=2))


async def test_a_run_now_is_refused_during_the_scheduled_run(repository):
    assert await claim(repository, worker="s")

    assert not await now_run(repository, now=NOW + timedelta(seconds=30))


async def test_a_run_now_may_follow_a_finished_run(repository):
    assert await now_run(repository)
    kept = await repository.record_watch(
        facts(NOW), slot=NOW, worker="a", now=NOW, channel=None, render=RENDER
    )
    assert kept is not None

    assert await now_run(repository, worker="b", now=NOW + timedelta(seconds=5))


async def test_a_run_now_takes_over_a_lease_that_ran_out(repository):
    assert await now_run(repository)

    assert await now_run(repository, worker="b", now=NOW + LEASE + timedelta(seconds=1))


async def test_two_replicas_asked_at_once_run_once(repository, database_url):
    async with open_repository(database_url) as other:
        results = await asyncio.gather(now_run(repository, worker="a"), now_run(other, worker="b"))

    assert sorted(results) == [False, True]


async def digest(repo: SqlRepository, *, worker: str = "a", slot=WEEK, now=WEEK) -> bool:
    return await repo.claim_digest("C1", slot=slot, worker=worker, now=now, lease=LEASE)


async def test_a_week_s_digest_is_claimed_once(repository):
    assert await digest(repository)

    assert not await digest(repository, worker="b")


async def test_a_posted_digest_is_not_posted_again_after_a_restart(repository, database_url):
    assert await digest(repository)
    assert await repository.finish_digest("C1", slot=WEEK, worker="a", now=WEEK, file_id="F1")

    async with open_repository(database_url) as restarted:
        later = WEEK + timedelta(hours=1)
        assert not await digest(restarted, worker="a", now=later)
        assert await digest(restarted, worker="a", slot=WEEK + timedelta(days=7))


async def test_a_digest_whose_replica_died_is_taken_over(repository):
    assert await digest(repository)

    assert not await digest(repository, worker="b", now=WEEK + LEASE - timedelta(seconds=1))
    assert await digest(repository, worker="b", now=WEEK + LEASE + timedelta(seconds=1))


async def test_a_lost_lease_cannot_finish(repository):
    assert await digest(repository)
    assert await digest(repository, worker="b", now=WEEK + LEASE * 2)

    assert not await repository.finish_digest("C1", slot=WEEK, worker="a", now=WEEK, file_id="F")


async def test_a_given_up_week_waits_for_the_next(repository):
    assert await digest(repository)
    await repository.release_digest("C1", slot=WEEK, worker="a", error="not_in_channel")

    assert not await digest(repository, worker="b", now=WEEK + LEASE * 2)
    assert await digest(repository, worker="b", slot=WEEK + timedelta(days=7))


async def test_two_replicas_claiming_a_digest_together_get_one(repository, database_url):
    async with open_repository(database_url) as other:
        results = await asyncio.gather(digest(repository, worker="a"), digest(other, worker="b"))

    assert sorted(results) == [False, True]
