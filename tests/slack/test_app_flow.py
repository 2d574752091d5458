"""The reply flow end to end, over HTTP and Socket Mode: ack, 👀, running message, updates, result."""

from __future__ import annotations

import pytest

from tests.fakes.slack_standin import payloads
from tests.fakes.slack_world import ALICE, OPS, OTHER, WATCHED

from .conftest import CANARY, INVALID_APPKEY, Bot

pytestmark = pytest.mark.anyio


def replies(bot: Bot, channel: str, thread_ts: str):
    return bot.state.thread(channel, thread_ts)


async def test_mention_gets_running_message_updated_in_place_then_result(bot: Bot):
    """A mention: 👀, one reply in the thread, updated per check, ending with the diagnosis."""
    envelope = payloads.user_says(
        bot.state, OPS, ALICE, f"<@{bot.state.bot_user_id}> {INVALID_APPKEY}", kind="app_mention"
    )
    ack = await bot.deliver.event(envelope)
    await bot.settle()

    assert ack.status == 200
    ts = envelope["event"]["ts"]
    assert (OPS, ts, "eyes") in bot.state.reactions
    [reply] = replies(bot, OPS, ts)
    assert len(reply.edits) >= 2  # running, then one update per finished check
    assert "Running checks" in reply.edits[0]["text"]
    assert "The appkey is not valid" in reply.text
    assert "Live checks with profile demo" in str(reply.blocks)
    assert [b["type"] for b in reply.blocks][-1] == "actions"
    bot.assert_all_messages_within_limits()


async def test_retried_event_gets_one_reply(bot: Bot):
    """Slack's retry (x-slack-retry-num / retry_attempt) of the same event: one reply."""
    envelope = payloads.user_says(
        bot.state, OPS, ALICE, f"<@{bot.state.bot_user_id}> {INVALID_APPKEY}", kind="app_mention"
    )
    await bot.deliver.event(envelope)
    await bot.deliver.event(envelope, retry_num=1)
    await bot.deliver.event(envelope, retry_num=2)
    await bot.settle()

    assert len(replies(bot, OPS, envelope["event"]["ts"])) == 1


async def test_mention_and_message_events_for_one_message_get_one_reply(bot: Bot):
    """In a watched channel a mention arrives as app_mention and as message: one reply."""
    text = f"<@{bot.state.bot_user_id}> {INVALID_APPKEY}"
    mention = payloads.user_says(bot.state, WATCHED, ALICE, text, kind="app_mention")
    as_message = payloads.event_envelope(bot.state, {**mention["event"], "type": "message"})
    await bot.deliver.event(as_message)
    await bot.deliver.event(mention)
    await bot.settle()

    assert len(replies(bot, WATCHED, mention["event"]["ts"])) == 1


async def test_watched_channel_answers_skm_errors_without_mention(bot: Bot):
    envelope = payloads.user_says(bot.state, WATCHED, ALICE, INVALID_APPKEY)
    await bot.deliver.event(envelope)
    await bot.settle()

    [reply] = replies(bot, WATCHED, envelope["event"]["ts"])
    assert "Offline diagnosis" in str(reply.blocks)


async def test_watched_channel_ignores_chit_chat(bot: Bot):
    envelope = payloads.user_says(bot.state, WATCHED, ALICE, "lunch at noon? 🍜")
    await bot.deliver.event(envelope)
    await bot.settle()

    assert bot.state.bot_posts() == []
    assert bot.state.reactions == []


async def test_unwatched_channel_without_mention_is_ignored(bot: Bot):
    envelope = payloads.user_says(bot.state, OTHER, ALICE, INVALID_APPKEY)
    await bot.deliver.event(envelope)
    await bot.settle()

    assert bot.state.bot_posts() == []


@pytest.mark.parametrize("origin", ["self", "other_bot", "classic_bot"])
async def test_bot_messages_are_ignored(bot: Bot, origin: str):
    """Its own messages, modern bots (bot_id, no subtype) and classic bot_message: no reply."""
    user, bot_id = {
        "self": (bot.state.bot_user_id, bot.state.bot_id),
        "other_bot": ("U0OTHERBOT", "B0OTHER"),
        "classic_bot": ("U0CLASSIC", None),
    }[origin]
    envelope = payloads.user_says(bot.state, WATCHED, user, INVALID_APPKEY, bot_id=bot_id)
    if origin == "classic_bot":
        envelope["event"]["subtype"] = "bot_message"
        envelope["event"]["bot_id"] = "B0CLASSIC"
    await bot.deliver.event(envelope)
    await bot.settle()

    assert replies(bot, WATCHED, envelope["event"]["ts"]) == []
    assert bot.state.reactions == []


async def test_canary_secret_never_reaches_slack_and_poster_is_warned(bot: Bot):
    paste = f"{INVALID_APPKEY}\nX-TC-AUTHENTICATION-SECRET: {CANARY}\npassword={CANARY}"
    envelope = payloads.user_says(
        bot.state, OPS, ALICE, f"<@{bot.state.bot_user_id}> {paste}", kind="app_mention"
    )
    await bot.deliver.event(envelope)
    await bot.settle()

    [warning] = bot.state.ephemerals
    assert warning["user"] == ALICE
    assert "rotate" in warning["text"]
    assert replies(bot, OPS, envelope["event"]["ts"])
    # The stand-in received the paste from the "user", but nothing the bot sent holds it.
    sent = [c for c in bot.state.calls]
    assert all(CANARY not in repr(c.args) for c in sent)
    bot.assert_never_sent(CANARY)


async def test_mention_in_unserved_channel_is_offline_without_profile_facts(bot: Bot):
    """No profile serves OTHER: the diagnosis says it is offline; nothing from demo's SKM shows."""
    envelope = payloads.user_says(
        bot.state, OTHER, ALICE, f"<@{bot.state.bot_user_id}> {INVALID_APPKEY}", kind="app_mention"
    )
    await bot.deliver.event(envelope)
    await bot.settle()

    [reply] = replies(bot, OTHER, envelope["event"]["ts"])
    assert "Offline diagnosis" in str(reply.blocks)
    assert "profile demo" not in str([reply.blocks, reply.edits])
    assert "Demo" not in str([reply.blocks, reply.edits])


async def test_ack_comes_before_the_work(bot: Bot):
    """The ack is back long before the reply is final (the checks run after it)."""
    envelope = payloads.user_says(
        bot.state, OPS, ALICE, f"<@{bot.state.bot_user_id}> {INVALID_APPKEY}", kind="app_mention"
    )
    ack = await bot.deliver.event(envelope)

    assert ack.seconds < 0.5
    assert replies(bot, OPS, envelope["event"]["ts"]) == [] or bot.deps.background.tasks
    await bot.settle()


@pytest.mark.parametrize("mode", ["socket"])
async def test_socket_mode_reconnects_after_disconnect(slack, deps, mode):
    """Slack's `disconnect` (refresh): the client opens a new connection and events still flow."""
    from .conftest import running_bot

    async with running_bot(slack, deps, mode) as bot:
        opened = sum(c.method == "apps.connections.open" for c in slack.state.calls)
        await slack.socket.disconnect("refresh_requested")
        await bot.until(
            lambda: sum(c.method == "apps.connections.open" for c in slack.state.calls) > opened
        )
        envelope = payloads.user_says(slack.state, WATCHED, ALICE, INVALID_APPKEY)
        await bot.deliver.event(envelope)
        await bot.settle()

        assert len(replies(bot, WATCHED, envelope["event"]["ts"])) == 1
