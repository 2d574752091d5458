"""Group commit: concurrent deliveries share a transaction, each answered after it commits (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from structlog.testing import capture_logs

from skm_bot.render.slack.alert_thread import render_thread_message
from skm_bot.settings import Settings
from skm_bot.store.alert_store import AlertIntake, Delivery, IngestResult
from skm_bot.store.batch import BatchWriter
from skm_bot.store.sql import SqlRepository
from skm_bot.store.tables import AlertGroupRow, AlertRow, OutboxRow
from skm_bot.webhooks.http import webhook_routes
from skm_bot.webhooks.payloads import parse_payload, to_alerts
from skm_bot.webhooks.routing import Router
from tests.factories import intake
from tests.store.database import open_repository
from tests.webhooks.payloads import alertmanager, prom_alert

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
ROUTER = Router(default_channel="C_ALERTS")
TOKEN = "CANARY-batch-token-7c7c"


def payload(group: str, *, fingerprint: str = "fp", status: str = "firing") -> dict:
    alert = prom_alert(
        status=status, fingerprint=fingerprint, annotations={"summary": f"alert {fingerprint}"}
    )
    return alertmanager(alert, group_key=group)


def intakes(group: str, **options) -> list[AlertIntake]:
    parsed = parse_payload("alertmanager", payload(group, **options))
    return [intake(ROUTER)(a, now=NOW) for a in to_alerts(parsed)]


@contextmanager
def counting_commits(engine: AsyncEngine) -> Iterator[list[object]]:
    """Every COMMIT the engine really issues (a SQLAlchemy event listener, not a mock)."""
    commits: list[object] = []

    def on_commit(connection: object) -> None:
        commits.append(connection)

    event.listen(engine.sync_engine, "commit", on_commit)
    try:
        yield commits
    finally:
        event.remove(engine.sync_engine, "commit", on_commit)


@asynccontextmanager
async def refusing(repo: SqlRepository, fingerprints: str) -> AsyncIterator[None]:
    """A database trigger that makes inserting an alert whose fingerprint is LIKE the pattern fail."""
    if repo.is_postgresql:
        create = [
            "CREATE FUNCTION skm_test_refuse() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.fingerprint LIKE '{fingerprints}' THEN RAISE EXCEPTION 'refused'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER skm_test_refuse BEFORE INSERT ON alerts FOR EACH ROW "
            "EXECUTE FUNCTION skm_test_refuse()",
        ]
        drop = ["DROP TRIGGER skm_test_refuse ON alerts", "DROP FUNCTION skm_test_refuse()"]
    else:
        create = [
            "CREATE TRIGGER skm_test_refuse BEFORE INSERT ON alerts "
            f"WHEN NEW.fingerprint LIKE '{fingerprints}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
        ]
        drop = ["DROP TRIGGER skm_test_refuse"]
    async with repo.engine.begin() as connection:
        for sql in create:
            await connection.execute(text(sql))
    try:
        yield
    finally:
        async with repo.engine.begin() as connection:
            for sql in drop:
                await connection.execute(text(sql))


async def stored_fingerprints(repo: SqlRepository) -> set[str]:
    async with repo.sessions() as session:
        return set((await session.execute(select(AlertRow.fingerprint))).scalars())


async def outbox_count(repo: SqlRepository) -> int:
    async with repo.sessions() as session:
        return len((await session.execute(select(OutboxRow.id))).all())


async def test_concurrent_deliveries_are_committed_together(repository: SqlRepository):
    """
    Forty concurrent deliveries, one COMMIT.

    Deterministic: gather starts every request before the writer's task first runs.
    """
    writer = BatchWriter(repository, render=render_thread_message)

    with counting_commits(repository.engine) as commits:
        results = await asyncio.gather(
            *(
                writer.record_alerts(intakes(f"g{n}", fingerprint=f"fp{n}"), now=NOW)
                for n in range(40)
            )
        )

    assert len(commits) == 1
    assert [r.accepted for r in results] == [1] * 40
    assert await stored_fingerprints(repository) == {f"fp{n}" for n in range(40)}
    assert await outbox_count(repository) == 40


async def test_max_batch_bounds_each_transaction(repository: SqlRepository):
    writer = BatchWriter(repository, render=render_thread_message, max_batch=8)

    with counting_commits(repository.engine) as commits:
        await asyncio.gather(
            *(
                writer.record_alerts(intakes(f"g{n}", fingerprint=f"fp{n}"), now=NOW)
                for n in range(20)
            )
        )

    assert len(commits) == 3  # 8 + 8 + 4


async def test_a_batch_ends_as_one_transaction_per_delivery_would(repository: SqlRepository):
    """Repeats, resolutions and queued updates come out the same batched or one by one."""

    def script(prefix: str) -> list[list[AlertIntake]]:
        return [
            intakes(f"{prefix}-a"),
            intakes(f"{prefix}-a"),  # a repeat: an update row, left pending
            intakes(f"{prefix}-a"),  # another repeat: coalesced into that row
            intakes(f"{prefix}-b"),
            intakes(f"{prefix}-a", status="resolved"),
            intakes(f"{prefix}-a", status="resolved"),
            intakes(f"{prefix}-b"),
        ]

    one_by_one = [
        await repository.record_alerts(d, now=NOW, render=render_thread_message)
        for d in script("seq")
    ]
    # Two alone first: the batch then finds a pending update row in the database to coalesce into.
    alone, rest = script("bat")[:2], script("bat")[2:]
    batched = [
        await repository.record_alerts(d, now=NOW, render=render_thread_message) for d in alone
    ]
    batched += await repository.record_deliveries(
        [Delivery(d, NOW) for d in rest], render=render_thread_message
    )

    def outcome(results: list[IngestResult]) -> list[tuple[int, int]]:
        return [(r.accepted, r.deduplicated) for r in results]

    assert outcome(batched) == outcome(one_by_one)
    assert await group_story(repository, "bat") == await group_story(repository, "seq")


async def group_story(repo: SqlRepository, prefix: str) -> list[tuple]:
    """Each group's final state and its outbox rows in order, without ids or keys."""
    query = (
        select(AlertGroupRow, OutboxRow.role, OutboxRow.payload)
        .join(OutboxRow, OutboxRow.group_id == AlertGroupRow.id)
        .where(AlertGroupRow.group_key.like(f"{prefix}-%"))
        .order_by(OutboxRow.id)
    )
    async with repo.sessions() as session:
        rows = (await session.execute(query)).all()
    return [
        (g.group_key[len(prefix) :], g.status, g.counter, g.summary, role, body)
        for g, role, body in rows
    ]


async def test_failed_batch_is_retried_alone_and_fails_only_the_bad_delivery(
    repository: SqlRepository,
):
    writer = BatchWriter(repository, render=render_thread_message)

    async with refusing(repository, "poison%"):
        with counting_commits(repository.engine) as commits:
            results = await asyncio.gather(
                *(
                    writer.record_alerts(intakes(f"g{n}", fingerprint=f"fp{n}"), now=NOW)
                    for n in range(10)
                ),
                writer.record_alerts(intakes("bad", fingerprint="poison"), now=NOW),
                return_exceptions=True,
            )

    *good, bad = results
    assert isinstance(bad, SQLAlchemyError)
    assert all(isinstance(r, IngestResult) for r in good)
    assert len(commits) == 10  # the shared transaction rolled back; each good one alone
    assert await stored_fingerprints(repository) == {f"fp{n}" for n in range(10)}


async def test_two_replicas_batching_the_same_groups_in_opposite_orders_do_not_deadlock(
    repository: SqlRepository, database_url: str
):
    """Groups are locked in one order, so no batch fails and falls back to one by one."""
    keys = [f"g{n:02d}" for n in range(24)]
    async with open_repository(database_url) as other:
        one, two = (
            BatchWriter(repository, render=render_thread_message),
            BatchWriter(other, render=render_thread_message),
        )
        with capture_logs() as logs:
            results = await asyncio.gather(
                *(one.record_alerts(intakes(k, fingerprint=k), now=NOW) for k in keys),
                *(two.record_alerts(intakes(k, fingerprint=k), now=NOW) for k in reversed(keys)),
            )

    assert not [log for log in logs if log["event"] == "alert_batch_failed"]
    assert sum(r.accepted for r in results) == len(keys)
    assert await stored_fingerprints(repository) == set(keys)
    async with repository.sessions() as session:
        roles = sorted((await session.execute(select(OutboxRow.role))).scalars())
    # Per group: one top post, and one update for the repeat that bumped its counter.
    assert roles == ["top"] * len(keys) + ["update"] * len(keys)


class UnreachableStore:
    """A store whose database cannot be reached: counts how often it was tried."""

    def __init__(self) -> None:
        self.calls = 0

    async def record_deliveries(self, deliveries, *, render):
        self.calls += 1
        raise ConnectionRefusedError("nothing listens")


async def test_an_unreachable_store_fails_the_whole_batch_at_once():
    """No retry one by one: each would wait for the same dead database."""
    store = UnreachableStore()
    writer = BatchWriter(store, render=render_thread_message)

    results = await asyncio.gather(
        *(writer.record_alerts(intakes(f"g{n}"), now=NOW) for n in range(10)),
        return_exceptions=True,
    )

    assert all(isinstance(r, ConnectionRefusedError) for r in results)
    assert store.calls == 1


def http_client(repo: SqlRepository) -> httpx.AsyncClient:
    settings = Settings(webhook_token=TOKEN, alert_channel="C_ALERTS")
    app = Starlette(routes=webhook_routes(settings, repository=repo))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot.test")


async def post_all(repo: SqlRepository, bodies: list[dict]) -> list[httpx.Response]:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with http_client(repo) as client:
        return await asyncio.gather(
            *(client.post("/webhooks/alertmanager", json=b, headers=headers) for b in bodies)
        )


async def test_every_request_answered_2xx_has_its_alert_stored(repository: SqlRepository):
    bodies = [payload(f"g{n}", fingerprint=f"fp{n}") for n in range(30)]

    with counting_commits(repository.engine) as commits:
        responses = await post_all(repository, bodies)

    assert [r.status_code for r in responses] == [200] * 30
    assert await stored_fingerprints(repository) == {f"fp{n}" for n in range(30)}
    assert len(commits) < 30


async def test_a_store_refusing_every_alert_answers_no_2xx(repository: SqlRepository):
    bodies = [payload(f"g{n}", fingerprint=f"fp{n}") for n in range(12)]

    async with refusing(repository, "%"):
        responses = await post_all(repository, bodies)

    assert {r.status_code for r in responses} == {503}
    assert await stored_fingerprints(repository) == set()
    assert await outbox_count(repository) == 0


async def test_a_bad_delivery_gets_503_and_the_rest_of_its_batch_200(repository: SqlRepository):
    bodies = [payload(f"g{n}", fingerprint=f"fp{n}") for n in range(8)]
    bodies.insert(4, payload("bad", fingerprint="poison"))

    async with refusing(repository, "poison%"):
        responses = await post_all(repository, bodies)

    codes = [r.status_code for r in responses]
    assert codes == [200] * 4 + [503] + [200] * 4
    assert await stored_fingerprints(repository) == {f"fp{n}" for n in range(8)}
