"""
The weekly digest in `serve`, through the Slack stand-in: posted at its hour with its chart,
once per channel per week across restarts and replicas, retried after an outage, given up when
Slack refuses for good. Time is a ManualClock.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.errors import ConfigError
from skm_bot.server.alerts import AlertRuntime
from skm_bot.server.digest import DigestSchedule, build_digest_schedule, digest_slot
from skm_bot.settings import Settings, load_settings
from skm_bot.store.migrate import upgrade
from skm_bot.store.sql import SqlRepository
from tests.factories import diagnosed, document
from tests.fakes.clock import ManualClock
from tests.fakes.slack_standin import Fault, SlackStandIn
from tests.fakes.slack_world import ALICE, BOB, OPS, OTHER
from tests.store.alert_groups import open_group
from tests.store.database import open_repository

pytestmark = pytest.mark.anyio

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # the posting time; the week is Nov 16-22
LAST_WEEK = MONDAY - timedelta(days=6, hours=9)  # Tuesday Nov 17, 00:00
APPKEY = '{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey","isSuccessful":false}}'
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY - timedelta(minutes=1))


def client(slack: SlackStandIn) -> AsyncWebClient:
    return AsyncWebClient(token=slack.state.bot_token, base_url=slack.base_url, retry_handlers=[])


def schedule(repo: SqlRepository, slack: SlackStandIn, clock, worker: str = "a") -> DigestSchedule:
    built = build_digest_schedule(
        Settings(), store=repo, client=client(slack), worker=worker, clock=clock
    )
    assert built is not None
    return built


async def week_of_failures(repo: SqlRepository, channel: str = OPS) -> None:
    """Last week in `channel`: two Invalid Appkey failures, one resolved after an hour."""
    for hours, user in ((10, ALICE), (30, BOB)):
        d = diagnosed(APPKEY, now=LAST_WEEK + timedelta(hours=hours))
        await repo.save_diagnosis(
            d, document=document(d), channel=channel, user=user, thread_ts=f"{hours}.0"
        )
        if user == ALICE:
            at = d.created_at + timedelta(hours=1)
            await repo.record_feedback(d.diagnosis_id, user=user, verdict="resolved", at=at)


async def alert_group(repo: SqlRepository, channel: str) -> None:
    await open_group(repo, f"g-{channel}", LAST_WEEK, channel=channel)


async def test_nothing_is_posted_before_the_hour(repository, slack, clock):
    await week_of_failures(repository)

    assert await schedule(repository, slack, clock).run_due() == []
    assert slack.state.uploads == {}


async def test_at_the_hour_each_channel_with_news_gets_its_digest_and_chart(
    repository, slack, clock
):
    await week_of_failures(repository)
    clock.advance(60)

    posted = await schedule(repository, slack, clock).run_due()

    assert posted == [OPS]
    [upload] = slack.state.shared_uploads()
    assert upload.channel == OPS
    assert upload.content is not None
    assert upload.content.startswith(PNG_SIGNATURE)
    assert 1_000 < len(upload.content) < 200_000
    assert upload.filename == "skm-digest-2026-11-16.png"
    assert "invalid_appkey 2" in (upload.alt_txt or "")
    [message] = slack.state.bot_posts()
    text = str(message.blocks)
    assert "Failures diagnosed*\\n2" in text
    assert "1 (median 1 h 0 min, slowest 1 h 0 min)" in text
    assert message.files[0]["id"] == upload.file_id


async def test_a_week_with_alerts_but_no_failure_gets_a_message_without_chart(
    repository, slack, clock
):
    await alert_group(repository, OTHER)
    clock.advance(60)

    await schedule(repository, slack, clock).run_due()

    assert slack.state.uploads == {}
    [message] = slack.state.bot_posts()
    assert message.channel == OTHER
    assert "No failure was diagnosed" in str(message.blocks)


async def test_the_week_is_posted_once_across_restarts(repository, slack, clock, database_url):
    await week_of_failures(repository)
    clock.advance(60)
    await schedule(repository, slack, clock).run_due()

    clock.advance(3600)
    async with open_repository(database_url) as restarted:
        again = await schedule(restarted, slack, clock).run_due()

    assert again == []
    assert len(slack.state.shared_uploads()) == 1


async def test_two_replicas_post_one_digest_per_channel(repository, slack, clock, database_url):
    await week_of_failures(repository)
    await alert_group(repository, OTHER)
    clock.advance(60)

    async with open_repository(database_url) as other:
        first, second = await asyncio.gather(
            schedule(repository, slack, clock, "a").run_due(),
            schedule(other, slack, clock, "b").run_due(),
        )

    assert sorted(first + second) == sorted([OPS, OTHER])
    assert sorted(m.channel for m in slack.state.bot_posts()) == sorted([OPS, OTHER])


async def test_slack_away_is_retried_when_the_lease_runs_out(repository, slack, clock):
    await week_of_failures(repository)
    clock.advance(60)
    slack.state.faults.append(Fault("files.getUploadURLExternal", "internal_error", status=500))
    digests = schedule(repository, slack, clock)

    assert await digests.run_due() == []
    clock.advance(digests.lease.total_seconds() + 1)
    assert await digests.run_due() == [OPS]
    assert len(slack.state.shared_uploads()) == 1


async def test_a_refusal_gives_the_week_up(repository, slack, clock):
    await week_of_failures(repository)
    clock.advance(60)
    slack.state.faults.append(Fault("files.completeUploadExternal", "not_in_channel"))
    digests = schedule(repository, slack, clock)

    await digests.run_due()
    clock.advance(digests.lease.total_seconds() + 1)

    assert await digests.run_due() == []
    assert slack.state.shared_uploads() == []


async def test_next_week_is_a_new_digest(repository, slack, clock):
    await week_of_failures(repository)
    clock.advance(60)
    await schedule(repository, slack, clock).run_due()
    await alert_group(repository, OPS)  # opened "last week" again, seen from next week: old
    d = diagnosed(APPKEY, now=MONDAY + timedelta(days=2))
    await repository.save_diagnosis(d, document=document(d), channel=OPS, user=ALICE)

    clock.advance(7 * 86400)
    assert await schedule(repository, slack, clock).run_due() == [OPS]
    assert len(slack.state.shared_uploads()) == 2


async def test_the_schedule_wakes_at_the_hour_or_within_a_lease(repository, slack, clock):
    digests = schedule(repository, slack, clock)

    assert digests.seconds_to_wake() == 60
    clock.advance(120)
    assert digests.seconds_to_wake() == digests.lease.total_seconds()


@pytest.mark.parametrize(
    ("now", "weekday", "hour", "slot"),
    [
        (MONDAY, 0, 9, MONDAY),
        (MONDAY - timedelta(seconds=1), 0, 9, MONDAY - timedelta(days=7)),
        (MONDAY + timedelta(days=3), 0, 9, MONDAY),
        (MONDAY, 4, 17, datetime(2026, 11, 20, 17, 0, tzinfo=UTC)),
        (datetime(2026, 11, 29, 23, 59, tzinfo=UTC), 6, 0, datetime(2026, 11, 29, tzinfo=UTC)),
    ],
)
def test_the_slot_is_the_latest_posting_time(now, weekday, hour, slot):
    assert digest_slot(now, weekday=weekday, hour=hour) == slot


def test_the_digest_can_be_turned_off():
    settings = Settings(digest_weekday="off")
    slack_client = AsyncWebClient(token="xoxb-unused", base_url="http://127.0.0.1:9/")

    built = build_digest_schedule(
        settings,
        store=None,  # type: ignore[arg-type]
        client=slack_client,
        worker="a",
        clock=ManualClock(),
    )

    assert built is None


async def test_serve_posts_the_digest_on_its_own(tmp_path, slack: SlackStandIn):
    """The alert runtime starts the digest's schedule beside the outbox and the watch."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'store.sqlite3'}"
    async with open_repository(url) as repo:
        await upgrade(repo.engine)
        await week_of_failures(repo)
    settings = Settings(database_url=url, watch_interval_seconds=0, outbox_pace_seconds=0)
    clock = ManualClock(MONDAY + timedelta(minutes=1))
    runtime = AlertRuntime.build(settings, slack_client=client(slack), clock=clock)
    assert runtime.digest is not None

    async with runtime.running():
        async with asyncio.timeout(20):
            while not slack.state.shared_uploads():
                await asyncio.sleep(0.05)

    assert [u.channel for u in slack.state.shared_uploads()] == [OPS]


def test_the_posting_time_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SKM_BOT_DIGEST_WEEKDAY", "friday")
    monkeypatch.setenv("SKM_BOT_DIGEST_HOUR", "17")
    monkeypatch.setenv("SKM_BOT_DIGEST_LANGUAGE", "ja")

    settings = load_settings()

    assert (settings.digest_weekday, settings.digest_hour, settings.digest_language) == (
        "friday",
        17,
        "ja",
    )


@pytest.mark.parametrize(("name", "value"), [("WEEKDAY", "someday"), ("HOUR", "24")])
def test_a_wrong_posting_time_is_named(monkeypatch, name, value):
    monkeypatch.setenv(f"SKM_BOT_DIGEST_{name}", value)

    with pytest.raises(ConfigError, match=f"SKM_BOT_DIGEST_{name}"):
        load_settings()
