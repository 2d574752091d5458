"""First replies owed go before other messages' live checks, and every one owed is settled."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from skm_bot.core.profile import Profile
from skm_bot.slack.access import parse_access
from skm_bot.slack.first_replies import FirstReplies
from skm_bot.slack.runtime import SlackDeps
from skm_bot.store.memory import InMemoryRepository
from tests.fakes.slack_standin import SlackStandIn, payloads
from tests.fakes.slack_world import ALICE, OPS, WATCHED

from .conftest import DM_ACCESS_TOML, INVALID_APPKEY, Bot, running_bot

pytestmark = pytest.mark.anyio

# Longer than any test runs: a check that starts early is the policy failing, not the clock.
NO_HOLD_LIMIT = 600.0


async def test_wait_turn_returns_at_once_when_nothing_is_owed():
    first_replies = FirstReplies(hold=NO_HOLD_LIMIT)

    await first_replies.wait_turn()

    assert first_replies.owed == 0


async def test_wait_turn_waits_until_the_owed_reply_is_done():
    first_replies = FirstReplies(hold=NO_HOLD_LIMIT)
    ticket = first_replies.expect()
    waiting = asyncio.create_task(first_replies.wait_turn())
    for _ in range(5):
        await asyncio.sleep(0)
    assert not waiting.done()

    ticket.done()
    await waiting

    assert first_replies.owed == 0


async def test_wait_turn_gives_up_after_hold():
    """A reply owed for ever (a bug) delays checks by `hold` at most; it never stops them."""
    first_replies = FirstReplies(hold=0.0)
    first_replies.expect()

    await first_replies.wait_turn()

    assert first_replies.owed == 1


async def test_ticket_done_twice_counts_once():
    first_replies = FirstReplies()
    first, second = first_replies.expect(), first_replies.expect()

    first.done()
    first.done()

    assert first_replies.owed == 1
    second.done()
    assert first_replies.owed == 0


@pytest.fixture
async def patient_bot(slack: SlackStandIn, profile: Profile) -> AsyncIterator[Bot]:
    """The bot over HTTP, its checks waiting for owed first replies as long as it takes."""
    deps = SlackDeps(
        repository=InMemoryRepository(),
        access=parse_access(DM_ACCESS_TOML, profiles={"demo": profile}),
        first_replies=FirstReplies(hold=NO_HOLD_LIMIT),
    )
    async with running_bot(slack, deps, "http") as bot:
        yield bot


async def test_live_checks_wait_while_another_first_reply_is_owed(patient_bot: Bot):
    """
    The running message goes out at once; the checks (and their updates) wait until no other
    message is still on its way to its first reply, then run to the result.
    """
    bot = patient_bot
    other = bot.deps.first_replies.expect()  # another message, claimed, not yet answered
    envelope = payloads.user_says(
        bot.state, OPS, ALICE, f"<@{bot.state.bot_user_id}> {INVALID_APPKEY}", kind="app_mention"
    )
    ts = envelope["event"]["ts"]

    await bot.deliver.event(envelope)
    await bot.until(lambda: bot.deps.first_replies.waiting == 1)
    methods_while_owed = [call.method for call in bot.state.calls]
    other.done()
    await bot.settle()

    assert "chat.postMessage" in methods_while_owed
    assert "chat.update" not in methods_while_owed
    [reply] = bot.state.thread(OPS, ts)
    assert "Running checks" in reply.edits[0]["text"]
    assert "The appkey is not valid" in reply.text


@pytest.mark.parametrize(
    ("channel", "text", "deliveries"),
    [
        (OPS, f"<@BOT> {INVALID_APPKEY}", 3),  # one answered, two redeliveries
        (OPS, "<@BOT> help", 1),  # help: no running message
        (WATCHED, "lunch at noon? 🍜", 1),  # a watched channel's chat: no answer at all
    ],
)
async def test_no_first_reply_stays_owed(http_bot: Bot, channel: str, text: str, deliveries: int):
    """Answered, redelivered or left alone, a message owes nothing once its work is done."""
    bot = http_bot
    kind = "app_mention" if text.startswith("<@BOT>") else "message"
    text = text.replace("<@BOT>", f"<@{bot.state.bot_user_id}>")
    envelope = payloads.user_says(bot.state, channel, ALICE, text, kind=kind)

    for retry in range(deliveries):
        await bot.deliver.event(envelope, retry_num=retry)
    await bot.settle()

    assert bot.deps.first_replies.owed == 0
