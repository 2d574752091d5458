"""The other ways in: DMs, `/skm` (paste, id, help) and the message shortcut."""

from __future__ import annotations

import pytest

from skm_bot.slack.shortcuts import CALLBACK_DIAGNOSE
from tests.fakes.slack_standin import payloads
from tests.fakes.slack_world import ALICE, BOB, DM_ALICE, DM_BOB, OPS, OTHER

from .conftest import INVALID_APPKEY, Bot

pytestmark = pytest.mark.anyio


async def test_dm_from_allowed_user_runs_live_checks(bot: Bot):
    envelope = payloads.user_says(bot.state, DM_ALICE, ALICE, INVALID_APPKEY)
    await bot.deliver.event(envelope)
    await bot.settle()

    [reply] = [m for m in bot.state.bot_posts() if m.channel == DM_ALICE]
    assert reply.thread_ts is None  # a DM answer is a plain reply
    assert "Live checks with profile demo" in str(reply.blocks)


async def test_dm_from_other_user_is_offline(bot: Bot):
    """Bob is not listed for the profile: his DM gets an offline diagnosis, no profile facts."""
    envelope = payloads.user_says(bot.state, DM_BOB, BOB, INVALID_APPKEY)
    await bot.deliver.event(envelope)
    await bot.settle()

    [reply] = [m for m in bot.state.bot_posts() if m.channel == DM_BOB]
    assert "Offline diagnosis" in str(reply.blocks)
    assert "Demo" not in str(reply.blocks)  # no appkey from the demo profile's checks


async def test_dm_chit_chat_gets_no_match_reply(bot: Bot):
    envelope = payloads.user_says(bot.state, DM_ALICE, ALICE, "hello there")
    await bot.deliver.event(envelope)
    await bot.settle()

    [reply] = [m for m in bot.state.bot_posts() if m.channel == DM_ALICE]
    assert "No known SKM failure recognised" in reply.text
    assert reply.edits == []  # no checks to wait for: the result is posted directly


async def test_slash_command_help_rides_on_the_ack(bot: Bot):
    ack = await bot.deliver.command(
        payloads.command(bot.state, bot.slack.origin, "help ja", channel=OPS, user=ALICE)
    )

    assert ack.status == 200
    assert "skm-bot の使い方" in ack.body["text"]
    assert ack.body["response_type"] == "ephemeral"


async def test_slash_command_paste_posts_and_updates_in_channel(bot: Bot):
    ack = await bot.deliver.command(
        payloads.command(bot.state, bot.slack.origin, INVALID_APPKEY, channel=OPS, user=ALICE)
    )
    await bot.settle()

    assert ack.status == 200
    [reply] = bot.state.bot_posts()
    assert reply.channel == OPS
    assert reply.edits
    assert "The appkey is not valid" in reply.text


async def test_slash_command_where_bot_cannot_post_replies_privately(bot: Bot):
    """A channel the bot is not in: the result goes through response_url (ephemeral)."""
    ack = await bot.deliver.command(
        payloads.command(
            bot.state, bot.slack.origin, INVALID_APPKEY, channel="C0NOTJOINED", user=ALICE
        )
    )
    await bot.settle()

    assert ack.status == 200
    assert bot.state.bot_posts() == []
    [response] = bot.state.responses
    assert response["response_type"] == "ephemeral"
    assert "The appkey is not valid" in response["text"]


async def test_slash_command_looks_up_a_diagnosis_by_id(bot: Bot):
    await bot.deliver.command(
        payloads.command(bot.state, bot.slack.origin, INVALID_APPKEY, channel=OPS, user=ALICE)
    )
    await bot.settle()
    [diagnosis_id] = bot.deps.repository.diagnoses  # type: ignore[attr-defined]

    await bot.deliver.command(
        payloads.command(bot.state, bot.slack.origin, diagnosis_id, channel=OPS, user=BOB)
    )
    await bot.settle()

    [response] = bot.state.responses
    assert diagnosis_id in str(response["blocks"])


async def test_slash_command_lookup_from_another_channel_finds_nothing(bot: Bot):
    """A diagnosis made in OPS is not shown to someone else in another channel."""
    await bot.deliver.command(
        payloads.command(bot.state, bot.slack.origin, INVALID_APPKEY, channel=OPS, user=ALICE)
    )
    await bot.settle()
    [diagnosis_id] = bot.deps.repository.diagnoses  # type: ignore[attr-defined]

    await bot.deliver.command(
        payloads.command(bot.state, bot.slack.origin, diagnosis_id, channel=OTHER, user=BOB)
    )
    await bot.settle()

    [response] = bot.state.responses
    assert f"No diagnosis for `{diagnosis_id}` can be shown here" in response["text"]


async def test_message_shortcut_diagnoses_anyones_message_in_its_thread(bot: Bot):
    target = bot.state.post(OTHER, BOB, INVALID_APPKEY)
    shortcut = payloads.message_shortcut(
        bot.state, bot.slack.origin, target, user=ALICE, callback_id=CALLBACK_DIAGNOSE
    )
    ack = await bot.deliver.interactive(shortcut)
    await bot.settle()

    assert ack.status == 200
    assert (OTHER, target.ts, "eyes") in bot.state.reactions
    [reply] = bot.state.thread(OTHER, target.ts)
    assert "Offline diagnosis" in str(reply.blocks)  # OTHER is served by no profile
    bot.assert_all_messages_within_limits()


async def test_message_shortcut_on_a_bare_id_looks_it_up_instead_of_diagnosing_it(bot: Bot):
    """An ID alone is no SKM failure: the answer is the lookup's, privately; no email is drafted."""
    target = bot.state.post(OTHER, BOB, "req-00000000")
    shortcut = payloads.message_shortcut(
        bot.state, bot.slack.origin, target, user=ALICE, callback_id=CALLBACK_DIAGNOSE
    )
    await bot.deliver.interactive(shortcut)
    await bot.settle()

    [response] = bot.state.responses
    assert "No diagnosis for `req-00000000` can be shown here" in response["text"]
    assert bot.state.thread(OTHER, target.ts) == []
    assert bot.deps.repository.diagnoses == {}  # type: ignore[attr-defined]


async def test_saved_diagnosis_records_where_and_who(bot: Bot):
    envelope = payloads.user_says(
        bot.state, OPS, ALICE, f"<@{bot.state.bot_user_id}> {INVALID_APPKEY}", kind="app_mention"
    )
    await bot.deliver.event(envelope)
    await bot.settle()

    [stored] = bot.deps.repository.diagnoses.values()  # type: ignore[attr-defined]
    assert (stored.channel, stored.thread_ts, stored.user, stored.profile) == (
        OPS,
        envelope["event"]["ts"],
        ALICE,
        "demo",
    )
