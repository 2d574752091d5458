"""
Slack failing while the bot runs: every event is still acked 200, and the reply that could not
be posted waits in the outbox until Slack is back.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.slack.outbox import OutboxWorker
from skm_bot.slack.runtime import SlackDeps
from skm_bot.store.sql import SqlRepository
from tests.fakes.slack_standin import Fault, SlackStandIn, payloads
from tests.fakes.slack_world import ALICE, OPS

from .conftest import INVALID_APPKEY, Bot

pytestmark = pytest.mark.anyio

# Every call a reply makes, answered 500 while Slack is failing.
REPLY_METHODS = ("chat.postMessage", "chat.update", "chat.postEphemeral", "reactions.add")


@pytest.fixture
def deps(repository: SqlRepository) -> SlackDeps:
    """The bot on the SQL store, whose outbox takes the replies Slack cannot."""
    return SlackDeps(repository=repository, outbox=repository)


@asynccontextmanager
async def outbox_worker(repository: SqlRepository, slack: SlackStandIn) -> AsyncIterator[None]:
    """The outbox worker delivering to the stand-in, fast retries."""
    client = AsyncWebClient(token=slack.state.bot_token, base_url=slack.base_url, retry_handlers=[])
    worker = OutboxWorker(
        repository,
        client,
        worker_id="test",
        pace=0,
        backoff=0.05,
        poll_interval=0.02,
        jitter=lambda: 1.0,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        yield
    finally:
        stop.set()
        await task


def _mention(bot: Bot) -> dict:
    return payloads.user_says(
        bot.state, OPS, ALICE, f"<@{bot.state.bot_user_id}> {INVALID_APPKEY}", kind="app_mention"
    )


async def test_reply_slack_refused_with_5xx_arrives_once_slack_recovers(
    bot: Bot, repository: SqlRepository
):
    bot.state.faults.extend(Fault(m, "internal_error", 1000, 500) for m in REPLY_METHODS)
    envelope = _mention(bot)

    ack = await bot.deliver.event(envelope)
    await bot.settle()
    queued = await repository.outbox_depth()
    bot.state.faults.clear()
    async with outbox_worker(repository, bot.slack):
        await bot.until(lambda: len(bot.state.thread(OPS, envelope["event"]["ts"])) == 1)

    assert ack.status == 200
    assert queued == 1
    [reply] = bot.state.thread(OPS, envelope["event"]["ts"])
    assert "The appkey is not valid" in reply.text


async def test_first_event_while_slack_is_unreachable_is_acked_then_answered(
    http_bot: Bot, repository: SqlRepository
):
    """The bot has not reached Slack yet (no auth.test answer) and Slack is down: still 200."""
    await http_bot.slack.stop()
    envelope = _mention(http_bot)

    ack = await http_bot.deliver.event(envelope)
    await http_bot.settle()
    await http_bot.slack.start()
    async with outbox_worker(repository, http_bot.slack):
        await http_bot.until(lambda: len(http_bot.state.thread(OPS, envelope["event"]["ts"])) == 1)

    assert ack.status == 200
    [reply] = http_bot.state.thread(OPS, envelope["event"]["ts"])
    assert "The appkey is not valid" in reply.text


async def test_running_message_is_finished_in_place_after_slack_recovers(
    http_bot: Bot, repository: SqlRepository
):
    """The running message went out; its final edit failed: the outbox edits it, no new post."""
    http_bot.state.faults.append(Fault("chat.update", "internal_error", 1000, 500))
    envelope = _mention(http_bot)

    await http_bot.deliver.event(envelope)
    await http_bot.settle()
    http_bot.state.faults.clear()
    ts = envelope["event"]["ts"]
    async with outbox_worker(repository, http_bot.slack):
        await http_bot.until(
            lambda: "The appkey is not valid" in http_bot.state.thread(OPS, ts)[0].text
        )

    assert len(http_bot.state.thread(OPS, ts)) == 1
