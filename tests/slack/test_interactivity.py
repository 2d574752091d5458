"""The buttons: re-run in place, the support-email modal and its posted email, feedback."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from skm_bot.render.slack.diagnosis import (
    ACTION_DRAFT_EMAIL,
    ACTION_NOT_HELPFUL,
    ACTION_RERUN,
    ACTION_RESOLVED,
)
from skm_bot.render.slack.email_modal import BODY_BLOCK, SUBJECT_BLOCK
from tests.fakes.slack_standin import Fault, Posted, payloads
from tests.fakes.slack_world import ALICE, BOB, OPS

from .conftest import CANARY, INVALID_APPKEY, Bot

pytestmark = pytest.mark.anyio


async def diagnosed(bot: Bot) -> Posted:
    envelope = payloads.user_says(
        bot.state, OPS, ALICE, f"<@{bot.state.bot_user_id}> {INVALID_APPKEY}", kind="app_mention"
    )
    await bot.deliver.event(envelope)
    await bot.settle()
    [reply] = bot.state.thread(OPS, envelope["event"]["ts"])
    return reply


async def click(bot: Bot, message: Posted, action_id: str, user: str = ALICE):
    ack = await bot.deliver.interactive(
        payloads.block_action(bot.state, bot.slack.origin, message, user=user, action_id=action_id)
    )
    await bot.settle()
    return ack


async def test_rerun_updates_the_same_message(bot: Bot):
    reply = await diagnosed(bot)
    edits_before = len(reply.edits)

    ack = await click(bot, reply, ACTION_RERUN)

    assert ack.status == 200
    assert len(bot.state.thread(OPS, reply.thread_ts or "")) == 1
    assert len(reply.edits) > edits_before
    assert "The appkey is not valid" in reply.text
    assert len(bot.deps.repository.diagnoses) == 2  # type: ignore[attr-defined]


async def test_draft_email_opens_modal_and_submit_posts_mailto(bot: Bot):
    reply = await diagnosed(bot)

    await click(bot, reply, ACTION_DRAFT_EMAIL)
    [view] = bot.state.views
    subject = view["blocks"][1]["element"]["initial_value"]
    body = view["blocks"][2]["element"]["initial_value"]
    assert "Invalid Appkey" in subject
    assert view["blocks"][2]["element"]["multiline"] is True

    edited = body + f"\nour password={CANARY}\nThanks, Alice"
    submission = payloads.view_submission(
        bot.state, view, user=ALICE, values={SUBJECT_BLOCK: subject, BODY_BLOCK: edited}
    )
    ack = await bot.deliver.interactive(submission)
    await bot.settle()

    assert ack.status == 200
    email = bot.state.thread(OPS, reply.thread_ts or "")[-1]
    assert "```" in str(email.blocks)
    [button] = [e for b in email.blocks if b["type"] == "actions" for e in b["elements"]]
    url = urlsplit(button["url"])
    assert url.scheme == "mailto"
    assert url.path == "support@toast.com"
    query = parse_qs(url.query)
    assert query["subject"] == [subject]
    assert "Thanks, Alice" in query["body"][0] or "carries only the start" in str(email.blocks)
    assert len(button["url"]) <= 2000
    bot.assert_never_sent(CANARY)  # re-redacted before posting
    bot.assert_all_messages_within_limits()


@pytest.mark.parametrize(
    ("action", "verdict"), [(ACTION_RESOLVED, "resolved"), (ACTION_NOT_HELPFUL, "not_helpful")]
)
async def test_feedback_is_recorded_and_acknowledged(bot: Bot, action: str, verdict: str):
    reply = await diagnosed(bot)

    await click(bot, reply, action, user=BOB)

    [(key, feedback)] = bot.deps.repository.feedback.items()  # type: ignore[attr-defined]
    assert key[1] == BOB
    assert feedback.verdict == verdict
    [thanks] = bot.state.ephemerals
    assert thanks["user"] == BOB
    assert "Thanks" in thanks["text"]


@pytest.mark.slow
async def test_rate_limited_post_is_retried_after_retry_after(http_bot: Bot):
    """chat.postMessage answers 429 with Retry-After: 1 once; slack_sdk waits and the reply lands."""
    http_bot.state.faults.append(
        Fault("chat.postMessage", "ratelimited", status=429, retry_after=1)
    )
    reply = await diagnosed(http_bot)

    statuses = [c.status for c in http_bot.state.calls if c.method == "chat.postMessage"]
    assert statuses == [429, 200]
    assert "The appkey is not valid" in reply.text
