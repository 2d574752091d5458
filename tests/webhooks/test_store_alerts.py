"""The alert store: one transaction per delivery, groups, dedup, known issues (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from skm_bot.render.slack.alert_thread import render_thread_message
from skm_bot.store.batch_plan import Delivery
from skm_bot.store.sql import SqlRepository
from skm_bot.store.tables import AlertGroupRow, AlertRow, OutboxRow
from skm_bot.webhooks.payloads import parse_payload, to_alerts
from skm_bot.webhooks.routing import Router
from tests.factories import intake
from tests.store.database import open_repository
from tests.webhooks.payloads import alertmanager, prom_alert

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
ROUTER = Router(default_channel="C_ALERTS")


def _intakes(payload, now=NOW):
    return [intake(ROUTER)(a, now=now) for a in to_alerts(parse_payload("alertmanager", payload))]


async def _count(repo: SqlRepository, column) -> int:
    async with repo.sessions() as session:
        return (await session.execute(select(func.count(column)))).scalar_one()


async def _outbox_roles(repo: SqlRepository) -> list[str]:
    async with repo.sessions() as session:
        return list(
            (await session.execute(select(OutboxRow.role).order_by(OutboxRow.id))).scalars()
        )


async def test_first_delivery_stores_group_alert_and_top_post(repository: SqlRepository):
    result = await repository.record_alerts(
        _intakes(alertmanager()), now=NOW, render=render_thread_message
    )

    assert (result.accepted, result.deduplicated) == (1, 0)
    assert await _count(repository, AlertRow.id) == 1
    assert await _outbox_roles(repository) == ["top"]


async def test_repeat_delivery_is_deduplicated_and_coalesces_updates(repository: SqlRepository):
    await repository.record_alerts(_intakes(alertmanager()), now=NOW, render=render_thread_message)
    for n in range(3):
        result = await repository.record_alerts(
            _intakes(alertmanager()), now=NOW + timedelta(seconds=n), render=render_thread_message
        )

    assert (result.accepted, result.deduplicated) == (0, 1)
    assert await _count(repository, AlertRow.id) == 1
    assert await _outbox_roles(repository) == ["top", "update"]


async def test_resolution_is_a_new_alert_with_update_and_note(repository: SqlRepository):
    await repository.record_alerts(_intakes(alertmanager()), now=NOW, render=render_thread_message)

    await repository.record_alerts(
        _intakes(alertmanager(prom_alert(status="resolved"))), now=NOW, render=render_thread_message
    )

    async with repository.sessions() as session:
        group = (await session.execute(select(AlertGroupRow))).scalar_one()
    assert group.status == "resolved"
    assert await _outbox_roles(repository) == ["top", "update", "reply"]


async def test_alert_diagnosis_indexes_its_request_id(repository: SqlRepository):
    await repository.record_alerts(_intakes(alertmanager()), now=NOW, render=render_thread_message)

    stored = await repository.find_by_request_id("req-5d1e2f3a")

    assert stored is not None
    assert stored.document["matches"][0]["error"] == "invalid_key_version"


async def test_find_open_alert_matches_error_and_profile(repository: SqlRepository):
    await repository.record_alerts(_intakes(alertmanager()), now=NOW, render=render_thread_message)

    found = await repository.find_open_alert("invalid_key_version", "prod")

    assert found is not None
    assert (found.channel, found.counter) == ("C_ALERTS", 1)
    assert await repository.find_open_alert("invalid_key_version", "staging") is None


async def test_resolved_group_is_no_longer_open(repository: SqlRepository):
    await repository.record_alerts(_intakes(alertmanager()), now=NOW, render=render_thread_message)
    await repository.record_alerts(
        _intakes(alertmanager(prom_alert(status="resolved"))), now=NOW, render=render_thread_message
    )

    assert await repository.find_open_alert("invalid_key_version", None) is None


async def test_record_report_counts_and_queues_update_and_note(repository: SqlRepository):
    await repository.record_alerts(_intakes(alertmanager()), now=NOW, render=render_thread_message)
    found = await repository.find_open_alert("invalid_key_version", "prod")
    assert found is not None

    reported = await repository.record_report(
        found.group_id, user="U1", at=NOW, render=render_thread_message
    )

    assert reported is not None
    assert reported.reports == 1
    assert await _outbox_roles(repository) == ["top", "update", "reply"]


async def test_unrouted_alert_is_stored_without_slack_calls(repository: SqlRepository):
    intakes = [
        intake()(a, now=NOW) for a in to_alerts(parse_payload("alertmanager", alertmanager()))
    ]

    await repository.record_alerts(intakes, now=NOW, render=render_thread_message)

    assert await _count(repository, AlertRow.id) == 1
    assert await _outbox_roles(repository) == []


async def test_two_replicas_ingesting_the_same_group_make_one_group_and_one_top(
    repository: SqlRepository, database_url: str
):
    async with open_repository(database_url) as other:
        await asyncio.gather(
            *(
                repo.record_alerts(_intakes(alertmanager()), now=NOW, render=render_thread_message)
                for _ in range(5)
                for repo in (repository, other)
            )
        )

    assert await _count(repository, AlertGroupRow.id) == 1
    assert await _count(repository, AlertRow.id) == 1
    assert (await _outbox_roles(repository)).count("top") == 1


async def test_groups_are_looked_up_by_index_however_many_are_stored(repository: SqlRepository):
    """
    SQLite reads `(source, group_key) IN (...)` by scanning every group stored: each batch cost
    more as the table grew. Every read of the groups a delivery names searches the index.
    """
    if repository.is_postgresql:
        pytest.skip("SQLite's query plan")

    def batch(now: datetime) -> list[Delivery]:
        payloads = [alertmanager(group_key=f"group-{n}") for n in range(20)]
        return [Delivery(_intakes(payload, now=now), now) for payload in payloads]

    await repository.record_deliveries(batch(NOW), render=render_thread_message)
    reads: list[tuple[str, object]] = []

    def on_execute(_conn, _cursor, statement: str, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "alert_groups" in statement:
            reads.append((statement, parameters))

    event.listen(repository.engine.sync_engine, "before_cursor_execute", on_execute)
    later = NOW + timedelta(minutes=5)
    await repository.record_deliveries(batch(later), render=render_thread_message)
    event.remove(repository.engine.sync_engine, "before_cursor_execute", on_execute)

    assert reads
    async with repository.engine.connect() as connection:
        for statement, parameters in reads:
            plan = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            steps = [row[3] for row in plan.all()]
            assert not [step for step in steps if step.startswith("SCAN alert_groups")], steps
