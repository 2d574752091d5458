"""
"Is it one of these?" through the Slack stand-in, over HTTP and Socket Mode: the candidates'
buttons turn the reply, in place, into the picked failure's diagnosis with its checks, and the
choice is kept with the diagnosis. Another system's paste gets no email and no SKM check.
"""

from __future__ import annotations

import pytest

from skm_bot.render.slack.diagnosis import ACTION_DRAFT_EMAIL, ACTION_RERUN
from tests.fakes.slack_standin import Posted, payloads
from tests.fakes.slack_world import ALICE, BOB, OPS, WATCHED

from .conftest import Bot

pytestmark = pytest.mark.anyio

ASK = "after the key rotation last night, our SKM decrypt calls began to fail"
AWS_KMS = (
    "DisabledException: arn:aws:kms:eu-west-1:111122223333:key/"
    "4d5e6f70-8192-a3b4-c5d6-e7f8091a2b3c is disabled."
)


async def mention(bot: Bot, text: str) -> Posted:
    envelope = payloads.user_says(
        bot.state, OPS, ALICE, f"<@{bot.state.bot_user_id}> {text}", kind="app_mention"
    )
    await bot.deliver.event(envelope)
    await bot.settle()
    [reply] = bot.state.thread(OPS, envelope["event"]["ts"])
    return reply


async def click(bot: Bot, message: Posted, action_id: str, user: str = ALICE) -> None:
    ack = await bot.deliver.interactive(
        payloads.block_action(bot.state, bot.slack.origin, message, user=user, action_id=action_id)
    )
    await bot.settle()
    assert ack.status == 200


def action_ids(message: Posted) -> list[str]:
    return [e["action_id"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]]


async def test_a_question_carries_one_button_per_candidate(bot: Bot):
    reply = await mention(bot, ASK)

    assert "Is it one of these?" in reply.text
    assert action_ids(reply)[:2] == ["choose_failure_1", "choose_failure_2"]
    assert "The key version is not in a usable state" in str(reply.blocks)
    bot.assert_all_messages_within_limits()


async def test_a_question_about_skm_runs_the_general_checks(bot: Bot):
    reply = await mention(bot, ASK)

    assert "the checks that apply to any failure were run" in str(reply.blocks)
    assert "`skm.reachable`" in str(reply.blocks)


async def test_picking_a_candidate_updates_the_reply_in_place_with_its_checks(bot: Bot):
    reply = await mention(bot, ASK)

    await click(bot, reply, "choose_failure_2")

    assert len(bot.state.thread(OPS, reply.thread_ts or "")) == 1
    assert reply.text.startswith("The key version is not in a usable state")
    assert "`skm.key_version`" in str(reply.blocks)
    assert f"<@{ALICE}>" in str(reply.blocks)
    assert "choose_failure_1" not in action_ids(reply)
    bot.assert_all_messages_within_limits()


async def test_the_pick_is_recorded_with_the_diagnosis(bot: Bot):
    reply = await mention(bot, ASK)
    [before] = bot.deps.repository.diagnoses.values()  # type: ignore[attr-defined]

    await click(bot, reply, "choose_failure_2", user=BOB)

    [after] = bot.deps.repository.diagnoses.values()  # type: ignore[attr-defined]
    assert after.diagnosis_id == before.diagnosis_id
    assert (after.chosen, after.chosen_by) == ("invalid_key_version_status", BOB)
    assert after.document["stance"] == "chosen"


async def test_a_rerun_after_the_pick_keeps_the_picked_failure(bot: Bot):
    reply = await mention(bot, ASK)
    await click(bot, reply, "choose_failure_2")

    await click(bot, reply, ACTION_RERUN)

    assert reply.text.startswith("The key version is not in a usable state")


async def test_another_systems_paste_gets_no_email_button_and_no_check(bot: Bot):
    reply = await mention(bot, AWS_KMS)

    assert reply.text.startswith("This looks like AWS KMS, not Secure Key Manager")
    assert ACTION_DRAFT_EMAIL not in action_ids(reply)
    assert "`skm." not in str(reply.blocks)
    assert len(reply.edits) <= 1  # no "running checks…" message first


@pytest.mark.parametrize(("text", "answered"), [(AWS_KMS, False), (ASK, True)])
async def test_a_watched_channel_answers_skm_questions_and_leaves_other_systems_alone(
    bot: Bot, text: str, answered: bool
):
    envelope = payloads.user_says(bot.state, WATCHED, ALICE, text)
    await bot.deliver.event(envelope)
    await bot.settle()

    assert bool(bot.state.thread(WATCHED, envelope["event"]["ts"])) is answered
