"""A paste while an alert group about the same failure fires: "known issue", linked and counted."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.core.profile import Profile
from skm_bot.render.slack.alert_thread import render_thread_message
from skm_bot.render.slack.diagnosis import ACTION_RERUN
from skm_bot.slack.access import parse_access
from skm_bot.slack.outbox import OutboxWorker
from skm_bot.slack.runtime import SlackDeps
from skm_bot.store.engine import make_engine
from skm_bot.store.migrate import upgrade
from skm_bot.store.sql import SqlRepository
from skm_bot.webhooks.payloads import parse_payload, to_alerts
from tests.factories import intake
from tests.fakes.clock import ManualClock
from tests.fakes.slack_standin import SlackStandIn, payloads
from tests.fakes.slack_world import ALICE, BOB, OPS, OTHER
from tests.webhooks.payloads import SKM_ERROR, alertmanager, prom_alert

from .conftest import DM_ACCESS_TOML, INVALID_APPKEY, Bot

pytestmark = pytest.mark.anyio


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqlRepository]:
    """The SQL store on a migrated SQLite file."""
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'store.sqlite3'}")
    await upgrade(engine)
    try:
        yield SqlRepository(engine)
    finally:
        await engine.dispose()


@pytest.fixture
def deps(profile: Profile, store: SqlRepository) -> SlackDeps:
    """The bot with the SQL store for diagnoses and alerts (overrides conftest's)."""
    access = parse_access(DM_ACCESS_TOML, profiles={"demo": profile})
    return SlackDeps(repository=store, access=access, alerts=store)


async def ingest(store: SqlRepository, status: str = "firing") -> None:
    """Alertmanager reports SKM's "Invalid Key Version" for the demo profile, routed to OPS."""
    alert = prom_alert(status=status, labels={"profile": "demo", "slack_channel": OPS})
    now = datetime.now(UTC)
    intakes = [
        intake()(a, now=now) for a in to_alerts(parse_payload("alertmanager", alertmanager(alert)))
    ]
    await store.record_alerts(intakes, now=now, render=render_thread_message)


async def fire_alert(store: SqlRepository, slack: SlackStandIn) -> None:
    """The alert fires, and the outbox posts its thread in OPS."""
    await ingest(store)
    await deliver_outbox(store, slack)


async def deliver_outbox(store: SqlRepository, slack: SlackStandIn) -> None:
    """Run the outbox against the stand-in until it is empty."""
    client = AsyncWebClient(token=slack.state.bot_token, base_url=slack.base_url, retry_handlers=[])
    clock = ManualClock(datetime.now(UTC))
    worker = OutboxWorker(store, client, worker_id="test", pace=0.0, clock=clock)
    async with asyncio.timeout(10):
        while await store.outbox_depth():
            if not await worker.run_once():
                clock.advance(0.05)  # rows fall due as the outbox's own clock moves on


async def paste(bot: Bot, channel: str, text: str = SKM_ERROR, *, user: str = ALICE) -> str:
    envelope = payloads.user_says(
        bot.state, channel, user, f"<@{bot.state.bot_user_id}> {text}", kind="app_mention"
    )
    await bot.deliver.event(envelope)
    await bot.settle()
    return str(envelope["event"]["ts"])


async def open_group(store: SqlRepository):
    found = await store.find_open_alert("invalid_key_version", "demo")
    assert found is not None
    return found


async def test_paste_during_an_alert_says_known_issue_with_a_link(bot: Bot, store: SqlRepository):
    await fire_alert(store, bot.slack)
    group = await open_group(store)

    ts = await paste(bot, OPS)

    [reply] = bot.state.thread(OPS, ts)
    [known] = [b for b in reply.blocks if b.get("block_id") == "skm_known_issue"]
    assert "Known issue" in reply.text
    assert "1 report(s)" in known["text"]["text"]
    assert known["accessory"]["url"] == group.permalink
    bot.assert_all_messages_within_limits()


async def test_person_without_live_access_still_hears_of_the_channels_alert(
    bot: Bot, store: SqlRepository
):
    """Bob's checks in OPS are offline (demo lists only Alice), but OPS is demo's channel."""
    await fire_alert(store, bot.slack)

    ts = await paste(bot, OPS, user=BOB)

    [reply] = bot.state.thread(OPS, ts)
    assert "Offline diagnosis" in str(reply.blocks)
    assert "Known issue" in reply.text
    assert (await open_group(store)).reports == 1


async def test_paste_during_an_alert_is_counted_in_its_thread(bot: Bot, store: SqlRepository):
    await fire_alert(store, bot.slack)
    group = await open_group(store)

    await paste(bot, OPS)
    await deliver_outbox(store, bot.slack)

    assert (await open_group(store)).reports == 1
    assert group.thread_ts is not None
    notes = [m.text for m in bot.state.thread(OPS, group.thread_ts)]
    assert any(f"<@{ALICE}> pasted the same failure" in note for note in notes)


async def test_rerun_does_not_count_the_person_twice(bot: Bot, store: SqlRepository):
    await fire_alert(store, bot.slack)
    ts = await paste(bot, OPS)
    [reply] = bot.state.thread(OPS, ts)
    click = payloads.block_action(
        bot.state, bot.slack.origin, reply, user=ALICE, action_id=ACTION_RERUN
    )

    await bot.deliver.interactive(click)
    await bot.settle()

    assert (await open_group(store)).reports == 1
    assert "Known issue" in bot.state.thread(OPS, ts)[0].text


async def test_other_failure_is_not_a_known_issue(bot: Bot, store: SqlRepository):
    await fire_alert(store, bot.slack)

    ts = await paste(bot, OPS, INVALID_APPKEY)

    [reply] = bot.state.thread(OPS, ts)
    assert "Known issue" not in reply.text
    assert (await open_group(store)).reports == 0


async def test_unserved_channel_never_hears_of_a_profiles_alert(bot: Bot, store: SqlRepository):
    """OTHER is served by no profile: demo's alert (its title, its thread) is not named there."""
    await fire_alert(store, bot.slack)

    ts = await paste(bot, OTHER)

    [reply] = bot.state.thread(OTHER, ts)
    assert "Known issue" not in reply.text
    assert "SkmDecryptFailing" not in str(reply.blocks)
    assert (await open_group(store)).reports == 0


async def test_resolved_alert_is_no_longer_a_known_issue(bot: Bot, store: SqlRepository):
    await fire_alert(store, bot.slack)
    await ingest(store, status="resolved")

    ts = await paste(bot, OPS)

    [reply] = bot.state.thread(OPS, ts)
    assert "Known issue" not in reply.text
