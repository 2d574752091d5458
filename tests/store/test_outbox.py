"""The outbox worker against the Slack stand-in: order, pacing, Retry-After, retries, exactly once."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import event, select, update

from skm_bot.render.slack.alert_thread import render_thread_message
from skm_bot.slack.outbox import OutboxWorker
from skm_bot.store.sql import SqlRepository
from skm_bot.store.tables import AlertGroupRow, OutboxRow
from skm_bot.webhooks.payloads import parse_payload, to_alerts
from tests.factories import intake
from tests.fakes.clock import ManualClock
from tests.fakes.slack_standin import Fault, SlackStandIn
from tests.store.database import open_repository
from tests.webhooks.payloads import alertmanager, prom_alert

pytestmark = pytest.mark.anyio

CHANNELS = ("C1", "C2", "C3")


CLOCK_STEP = 0.05  # how far drain() moves the clock when no row is due yet


@pytest.fixture
def clock() -> ManualClock:
    """The outbox's time: rows fall due only as the test advances it."""
    return ManualClock(datetime.now(UTC))


@pytest.fixture
async def slack() -> AsyncIterator[SlackStandIn]:
    async with SlackStandIn() as standin:
        for channel in CHANNELS:
            standin.state.add_channel(channel)
        yield standin


def client_for(base_url: str, token: str = "xoxb-standin-bot-token") -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=base_url, retry_handlers=[])


def worker(
    repo: SqlRepository, base_url: str, clock: ManualClock, name: str = "w1", **options
) -> OutboxWorker:
    options.setdefault("pace", 0.0)
    return OutboxWorker(repo, client_for(base_url), worker_id=name, clock=clock, **options)


async def alert(
    repo: SqlRepository,
    key: str,
    *,
    clock: ManualClock,
    channel: str = "C1",
    status: str = "firing",
) -> None:
    payload = alertmanager(
        prom_alert(
            status=status,
            labels={"slack_channel": channel},
            annotations={"summary": f"alert {key}"},
        ),
        group_key=key,
    )
    intakes = [intake()(a, now=clock()) for a in to_alerts(parse_payload("alertmanager", payload))]
    await repo.record_alerts(intakes, now=clock(), render=render_thread_message)


async def drain(
    repo: SqlRepository, *workers: OutboxWorker, clock: ManualClock, limit: float = 600.0
) -> None:
    """Run the workers until the outbox is empty, moving the clock on when nothing is due."""
    waited = 0.0
    while await repo.outbox_depth():
        claimed = await asyncio.gather(*(w.run_once() for w in workers))
        if not any(claimed):
            assert waited < limit, "the outbox never emptied"
            clock.advance(CLOCK_STEP)
            waited += CLOCK_STEP


async def sent_times(repo: SqlRepository) -> list[datetime]:
    """When each outbox row was sent, in the outbox's (manual) time, in order."""
    async with repo.sessions() as session:
        rows = (await session.execute(select(OutboxRow).order_by(OutboxRow.sent_at))).scalars()
        return [_aware(row.sent_at) for row in rows if row.sent_at is not None]


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; the store writes UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def summary_of(args: dict) -> str:
    """The alert summary inside a top message's attachment."""
    return args["attachments"][0]["blocks"][1]["text"]["text"]


def top_posts(slack: SlackStandIn) -> Counter[str]:
    return Counter(
        summary_of(c.args)
        for c in slack.state.calls
        if c.method == "chat.postMessage" and c.status == 200 and not c.args.get("thread_ts")
    )


async def test_top_then_update_then_reply_in_the_thread(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    await alert(repository, "g1", clock=clock)
    await alert(repository, "g1", status="resolved", clock=clock)

    await drain(repository, worker(repository, slack.base_url, clock), clock=clock)

    methods = [c.method for c in slack.state.calls]
    top = next(m for m in slack.state.messages.values() if m.thread_ts is None)
    assert methods == ["chat.postMessage", "chat.update", "chat.postMessage"]
    assert top.text.startswith("✅ RESOLVED")
    assert [m.text[:11] for m in slack.state.thread("C1", top.ts)] == ["✅ Resolved:"]


async def test_sent_top_records_the_thread_ts(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    await alert(repository, "g1", clock=clock)

    await drain(repository, worker(repository, slack.base_url, clock), clock=clock)

    async with repository.sessions() as session:
        group = (await session.execute(select(AlertGroupRow))).scalar_one()
        row = (await session.execute(select(OutboxRow))).scalar_one()
    assert group.thread_ts == row.ts is not None
    assert row.status == "sent"


async def test_one_message_per_pace_per_channel(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    for key in ("a", "b", "c"):
        await alert(repository, key, clock=clock)

    await drain(repository, worker(repository, slack.base_url, clock, pace=0.3), clock=clock)

    times = await sent_times(repository)
    assert len(times) == 3
    assert all((b - a).total_seconds() >= 0.3 for a, b in itertools.pairwise(times))


async def test_pacing_writes_only_the_row_sent_next(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    """A send holds its channel's next row only: a backlog is not rewritten on every send."""
    for key in ("a", "b", "c", "d"):
        await alert(repository, key, clock=clock)
    queued = clock()

    sender = worker(repository, slack.base_url, clock, pace=1.0)
    assert await sender.run_once() == 1

    async with repository.engine.connect() as connection:
        rows = (
            await connection.execute(
                select(OutboxRow.status, OutboxRow.next_attempt_at).order_by(OutboxRow.id)
            )
        ).all()
    assert [status for status, _ in rows] == ["sent", "pending", "pending", "pending"]
    assert [at for _, at in rows[1:]] == [queued + timedelta(seconds=1), queued, queued]


async def test_channels_are_paced_independently(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    started = clock()
    for channel in CHANNELS:
        await alert(repository, channel, channel=channel, clock=clock)

    await drain(repository, worker(repository, slack.base_url, clock, pace=1.0), clock=clock)

    assert await sent_times(repository) == [started] * 3


async def test_retry_after_is_honoured(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    slack.state.faults.append(Fault("chat.postMessage", "ratelimited", status=429, retry_after=1))
    started = clock()
    await alert(repository, "g1", clock=clock)

    await drain(repository, worker(repository, slack.base_url, clock), clock=clock)

    assert [c.status for c in slack.state.calls] == [429, 200]
    [sent] = await sent_times(repository)
    assert (sent - started).total_seconds() >= 1.0


async def test_rate_limit_does_not_use_up_attempts(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    slack.state.faults.append(Fault("chat.postMessage", "ratelimited", status=429, retry_after=1))
    await alert(repository, "g1", clock=clock)

    await drain(repository, worker(repository, slack.base_url, clock, max_attempts=1), clock=clock)

    async with repository.sessions() as session:
        row = (await session.execute(select(OutboxRow))).scalar_one()
    assert (row.status, row.attempts) == ("sent", 0)


async def test_server_errors_are_retried_with_exponential_backoff(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    slack.state.faults.append(Fault("chat.postMessage", "internal_error", times=3, status=500))
    await alert(repository, "g1", clock=clock)
    fixed = clock()
    w = worker(repository, slack.base_url, clock, backoff=2.0, jitter=lambda: 1.0)
    delays = []
    for _ in range(3):
        async with repository.sessions.begin() as session:
            await session.execute(update(OutboxRow).values(next_attempt_at=fixed))
        await w.run_once()
        async with repository.sessions() as session:
            row = (await session.execute(select(OutboxRow))).scalar_one()
        delays.append((row.next_attempt_at - fixed).total_seconds())

    assert delays == [2.0, 4.0, 8.0]
    assert row.attempts == 3


async def test_server_errors_end_in_a_delivery(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    slack.state.faults.append(Fault("chat.postMessage", "internal_error", times=2, status=500))
    await alert(repository, "g1", clock=clock)

    await drain(repository, worker(repository, slack.base_url, clock, backoff=0.05), clock=clock)

    assert [c.status for c in slack.state.calls] == [500, 500, 200]


async def test_too_many_failures_give_up(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    slack.state.faults.append(Fault("chat.postMessage", "internal_error", times=5, status=500))
    await alert(repository, "g1", clock=clock)

    await drain(
        repository,
        worker(repository, slack.base_url, clock, backoff=0.01, max_attempts=3),
        clock=clock,
    )

    assert await repository.outbox_counts() == {"dead": 1}
    assert len(slack.state.calls) == 3


async def test_permanent_error_gives_up_and_frees_the_channel(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    await alert(repository, "lost", channel="C_UNKNOWN", clock=clock)
    await alert(repository, "fine", channel="C1", clock=clock)

    await drain(repository, worker(repository, slack.base_url, clock), clock=clock)

    assert await repository.outbox_counts() == {"dead": 1, "sent": 1}


async def test_update_after_a_lost_top_posts_the_top(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    slack.state.faults.append(Fault("chat.postMessage", "is_archived"))
    await alert(repository, "g1", clock=clock)
    await alert(repository, "g1", status="resolved", clock=clock)

    await drain(repository, worker(repository, slack.base_url, clock), clock=clock)

    tops = [m for m in slack.state.messages.values() if m.thread_ts is None]
    assert [m.text[:11] for m in tops] == ["✅ RESOLVED:"]
    assert len(slack.state.thread("C1", tops[0].ts)) == 1


async def test_expired_lease_is_retried_after_a_crash(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    """A worker that claimed and died: after the lease, another worker delivers, once."""
    await alert(repository, "g1", clock=clock)
    claimed = await repository.claim_outbox(
        "dead-worker", now=clock(), lease=timedelta(seconds=0.2)
    )
    assert len(claimed) == 1
    assert await repository.claim_outbox("w2", now=clock(), lease=timedelta(seconds=30)) == []
    await asyncio.sleep(0.25)

    await drain(repository, worker(repository, slack.base_url, clock, name="w2"), clock=clock)

    assert top_posts(slack) == Counter({"alert g1": 1})


def posts(slack: SlackStandIn) -> list[str]:
    """The ts of every message posted to the stand-in."""
    return [m.ts for m in slack.state.bot_posts()]


async def test_in_doubt_post_found_in_slack_is_not_posted_again(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    """The earlier attempt reached Slack but died before recording the ts: found by metadata."""
    await alert(repository, "g1", clock=clock)
    [item] = await repository.claim_outbox("dead", now=clock(), lease=timedelta(seconds=0))
    await client_for(slack.base_url).chat_postMessage(
        channel="C1",
        text="posted before the crash",
        metadata={"event_type": "skm_bot_outbox", "event_payload": {"outbox_id": item.id}},
    )

    await drain(repository, worker(repository, slack.base_url, clock), clock=clock)

    [ts] = posts(slack)
    assert await repository.thread_ts_of(item.group_id or 0) == ts


async def test_in_doubt_post_not_in_slack_is_posted(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    await alert(repository, "g1", clock=clock)
    await repository.claim_outbox("dead", now=clock(), lease=timedelta(seconds=0))

    await drain(repository, worker(repository, slack.base_url, clock), clock=clock)

    assert len(posts(slack)) == 1


async def test_top_is_never_posted_twice_once_its_group_has_a_ts(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    await alert(repository, "g1", clock=clock)
    async with repository.sessions.begin() as session:
        await session.execute(update(AlertGroupRow).values(thread_ts="1700000000.000001"))

    await drain(repository, worker(repository, slack.base_url, clock), clock=clock)

    assert slack.state.calls == []


async def test_two_workers_on_two_engines_post_each_message_once(
    repository: SqlRepository, database_url: str, slack: SlackStandIn, clock: ManualClock
):
    """Two replicas drain one outbox concurrently: row locks (or SQLite's lock) keep it exactly once."""
    keys = [f"g{n}" for n in range(30)]
    for n, key in enumerate(keys):
        await alert(repository, key, channel=CHANNELS[n % 3], clock=clock)
    slack.state.add_channel("C_UNUSED")

    async with open_repository(database_url) as other:
        await drain(
            repository,
            worker(repository, slack.base_url, clock, name="a"),
            worker(other, slack.base_url, clock, name="b"),
            clock=clock,
        )

    posted = Counter(
        summary_of(c.args) for c in slack.state.calls if c.method == "chat.postMessage"
    )
    assert posted == Counter({f"alert {k}": 1 for k in keys})


def count_statements(repository: SqlRepository) -> Counter[str]:
    """Commits and statements on the repository's engine from now on, by kind."""
    seen: Counter[str] = Counter()

    def on_commit(_connection) -> None:
        seen["commit"] += 1

    def on_execute(_conn, _cursor, statement: str, *_args) -> None:
        seen[statement.split(None, 1)[0].upper()] += 1

    sync_engine = repository.engine.sync_engine
    event.listen(sync_engine, "commit", on_commit)
    event.listen(sync_engine, "before_cursor_execute", on_execute)
    return seen


async def test_a_round_of_calls_is_recorded_in_one_commit(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    """Three channels' calls: one commit claims them, one records them, with no reads between."""
    for channel in CHANNELS:
        await alert(repository, channel, channel=channel, clock=clock)
    seen = count_statements(repository)

    assert await worker(repository, slack.base_url, clock).run_once() == 3

    assert seen["commit"] == 2
    assert seen["SELECT"] == 1  # the claimed groups' thread ts, in the claim's transaction
    assert len(posts(slack)) == 3
    async with repository.engine.connect() as connection:
        statuses = (await connection.execute(select(OutboxRow.status))).scalars().all()
    assert statuses == ["sent"] * 3


async def test_claim_carries_the_thread_ts_of_its_group(
    repository: SqlRepository, slack: SlackStandIn, clock: ManualClock
):
    """An update claimed after its top was posted knows the thread it belongs to."""
    await alert(repository, "g1", clock=clock)
    await worker(repository, slack.base_url, clock).run_once()
    await alert(repository, "g1", status="resolved", clock=clock)

    items = await repository.claim_outbox("w1", now=clock(), lease=timedelta(seconds=30))

    [ts] = posts(slack)
    assert {item.role: item.thread_ts for item in items} == {"update": ts}


async def test_postgresql_plans_each_claim_for_its_values(repository: SqlRepository):
    """
    A generic plan, which PostgreSQL may keep for a prepared statement after five runs, read
    the whole outbox on every claim: a backlog drained slower the more rows the table held.
    """
    if not repository.is_postgresql:
        pytest.skip("PostgreSQL's plan cache")
    async with repository.engine.connect() as connection:
        mode = (await connection.exec_driver_sql("SHOW plan_cache_mode")).scalar_one()

    assert mode == "force_custom_plan"
