"""The watch in the store: the slot lease, one run kept per transaction, threads queued once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from skm_bot.core.watch.model import Kind
from skm_bot.store.engine import make_engine
from skm_bot.store.migrate import upgrade
from skm_bot.store.sql import SqlRepository
from skm_bot.store.tables import AlertGroupRow, Base, OutboxRow
from tests.store.database import open_repository
from tests.store.watch_facts import facts
from tests.store.watch_runs import LEASE, NOW, RENDER, SLOT, claim, run

pytestmark = pytest.mark.anyio


async def outbox(repo: SqlRepository) -> list[tuple[str, str]]:
    async with repo.sessions() as session:
        rows = (await session.execute(select(OutboxRow).order_by(OutboxRow.id))).scalars()
        return [(row.role, row.payload["text"].split(":")[0]) for row in rows]


async def test_a_slot_is_claimed_once(repository):
    assert await claim(repository)
    assert not await claim(repository, worker="b")


async def test_a_slot_already_run_is_not_run_again(repository):
    await run(repository)

    assert not await claim(repository, worker="b")
    assert await claim(repository, worker="b", slot=SLOT + timedelta(hours=1))


async def test_a_lease_that_ran_out_is_taken_over(repository):
    assert await claim(repository)

    assert not await claim(repository, worker="b", now=NOW + LEASE - timedelta(seconds=1))
    assert await claim(repository, worker="b", now=NOW + LEASE + timedelta(seconds=1))


async def test_a_released_slot_waits_for_the_next(repository):
    assert await claim(repository)
    await repository.release_watch("prod", slot=SLOT, worker="a", error="boom")

    assert not await claim(repository, worker="b", now=NOW + LEASE * 2)
    assert await claim(repository, worker="b", slot=SLOT + timedelta(hours=1))


async def test_two_replicas_claiming_together_get_one_slot(repository, database_url):
    async with open_repository(database_url) as other:
        results = await asyncio.gather(
            *(claim(r, worker=w) for r, w in ((repository, "a"), (other, "b")))
        )

    assert sorted(results) == [False, True]


async def test_a_run_keeps_its_findings_and_queues_each_thread_top(repository):
    record = await run(repository)

    assert record is not None
    assert [t.finding.kind for t in record.findings] == [Kind.KEY_PENDING_DELETION]
    assert record.queued == 1
    assert await outbox(repository) == [("top", "🟠 WARNING")]


async def test_without_a_channel_findings_are_kept_but_nothing_is_posted(repository):
    record = await run(repository, channel=None)

    assert [t.status for t in record.findings] == ["open"]
    assert await outbox(repository) == []


async def test_a_run_whose_lease_was_taken_keeps_nothing(repository):
    assert await claim(repository)
    assert await claim(repository, worker="b", now=NOW + LEASE * 2)

    record = await repository.record_watch(
        facts(NOW), slot=SLOT, worker="a", now=NOW, channel="C1", render=RENDER
    )

    assert record is None
    assert await repository.open_findings() == []
    assert await outbox(repository) == []


async def test_the_same_findings_next_hour_post_nothing_new(repository):
    await run(repository)
    later = NOW + timedelta(hours=1)

    await run(
        repository,
        now=later,
        slot=SLOT + timedelta(hours=1),
        deletion_in=timedelta(days=5) - timedelta(hours=1),
    )

    assert await outbox(repository) == [("top", "🟠 WARNING")]


async def test_a_nearer_window_edits_the_top_and_notes_it(repository):
    await run(repository)
    later = NOW + timedelta(days=4, hours=2)

    await run(
        repository,
        now=later,
        slot=SLOT + timedelta(days=4, hours=2),
        deletion_in=timedelta(hours=22),
    )

    assert await outbox(repository) == [
        ("top", "🟠 WARNING"),
        ("update", "🔴 CRITICAL"),
        ("reply", "Now critical (was warning)"),
    ]


async def test_a_cancelled_deletion_resolves_the_finding_and_its_group(repository):
    await run(repository)
    later = NOW + timedelta(hours=1)

    await run(repository, now=later, slot=SLOT + timedelta(hours=1), deletion_in=None)

    assert [role for role, _ in await outbox(repository)] == ["top", "update", "reply"]
    assert await repository.open_findings() == []
    async with repository.sessions() as session:
        group = (await session.execute(select(AlertGroupRow))).scalar_one()
    assert (group.source, group.status) == ("watch", "resolved")


async def test_a_run_that_could_not_read_the_keys_keeps_the_finding_open(repository):
    await run(repository)

    await run(
        repository, now=NOW + timedelta(hours=1), slot=SLOT + timedelta(hours=1), keys_read=False
    )

    assert [t.finding.kind for t in await repository.open_findings("prod")] == [
        Kind.KEY_PENDING_DELETION
    ]
    assert len(await outbox(repository)) == 1


async def test_the_last_seen_lists_make_the_next_run_report_changes(repository):
    await run(repository, ips=("10.0.0.1",))

    record = await run(
        repository,
        now=NOW + timedelta(hours=1),
        slot=SLOT + timedelta(hours=1),
        ips=("10.0.0.1", "10.0.0.2"),
    )

    added = [t for t in record.findings if t.finding.kind is Kind.AUTH_ADDED]
    assert [(t.finding.subject, t.status) for t in added] == [("ipv4:10.0.0.2", "closed")]
    assert (await repository.auth_lists("prod"))[(1001, "ipv4")][1].value == "10.0.0.2"


async def test_last_watch_reads_the_run_back(repository):
    await run(repository)

    [record] = await repository.last_watches()

    assert record.profile == "prod"
    assert record.checked_at == NOW
    assert [t.finding.subject for t in record.findings] == ["d0000000000000000000000000000004"]
    assert record.due
    assert await repository.last_watch("elsewhere") is None


async def test_one_group_per_finding_whatever_the_runs(repository):
    for hour in range(3):
        await run(repository, now=NOW + timedelta(hours=hour), slot=SLOT + timedelta(hours=hour))

    async with repository.sessions() as session:
        groups = (
            await session.execute(select(func.count()).select_from(AlertGroupRow))
        ).scalar_one()
    assert groups == 1


async def test_migrations_create_exactly_the_tables_declared(tmp_path):
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'schema.sqlite3'}")
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
    finally:
        await engine.dispose()

    assert differences == []
