"""A mention, DM or `/skm` that is only an ID: the stored diagnosis re-run, and what changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.diagnosis import Diagnosis
from tests.factories import diagnosed, document
from tests.fakes.slack_standin import payloads
from tests.fakes.slack_world import ALICE, BOB, DM_ALICE, OPS, OTHER, WATCHED

from .conftest import INVALID_APPKEY, Bot

pytestmark = pytest.mark.anyio

THEN = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
REQUEST_ID = "req-7f3a9b2c"
UNREACHABLE = CheckResult("skm.reachable", Status.FAIL, "SKM did not answer in 5 s")


async def stored(
    bot: Bot, text: str = INVALID_APPKEY, *, channel: str = OPS, user: str = ALICE
) -> Diagnosis:
    """A diagnosis made earlier in `channel` for `user`, when SKM was unreachable."""
    diagnosis = diagnosed(text, now=THEN).with_checks((UNREACHABLE,))
    await bot.deps.repository.save_diagnosis(
        diagnosis,
        document=document(diagnosis),
        profile="demo",
        channel=channel,
        thread_ts=None,
        user=user,
    )
    return diagnosis


async def mention(bot: Bot, channel: str, user: str, text: str) -> str:
    """`@skm-bot <text>` in `channel`; the ts of the mention (its thread)."""
    envelope = payloads.user_says(
        bot.state, channel, user, f"<@{bot.state.bot_user_id}> {text}", kind="app_mention"
    )
    await bot.deliver.event(envelope)
    await bot.settle()
    return str(envelope["event"]["ts"])


async def test_mentioned_id_shows_the_diagnosis_rerun_with_what_changed(bot: Bot):
    earlier = await stored(bot)

    ts = await mention(bot, OPS, ALICE, earlier.diagnosis_id)

    [reply] = bot.state.thread(OPS, ts)
    blocks = str(reply.blocks)
    assert "What changed since" in blocks
    assert "`skm.reachable`  :x: fail → :white_check_mark: pass" in blocks
    assert "Live checks with profile demo" in blocks
    assert earlier.diagnosis_id in blocks
    assert reply.edits  # the running message came first, updated in place
    bot.assert_all_messages_within_limits()


async def test_lookup_is_not_saved_as_a_new_diagnosis(bot: Bot):
    """The stored diagnosis stays the one its IDs find, and the one "since" refers to."""
    earlier = await stored(bot)

    await mention(bot, OPS, ALICE, earlier.diagnosis_id)

    assert list(bot.deps.repository.diagnoses) == [earlier.diagnosis_id]  # type: ignore[attr-defined]


async def test_lookup_right_after_a_paste_says_nothing_changed(bot: Bot):
    await mention(bot, OPS, ALICE, INVALID_APPKEY)
    [diagnosis_id] = bot.deps.repository.diagnoses  # type: ignore[attr-defined]

    ts = await mention(bot, OPS, ALICE, diagnosis_id)

    [reply] = bot.state.thread(OPS, ts)
    assert "Nothing: the same failures and the same check results." in str(reply.blocks)


async def test_lookup_by_someone_without_live_access_reruns_offline(bot: Bot):
    """Bob is not listed for the demo profile: the same ID, checks re-run offline for him."""
    await mention(bot, OPS, ALICE, INVALID_APPKEY)
    [diagnosis_id] = bot.deps.repository.diagnoses  # type: ignore[attr-defined]

    ts = await mention(bot, OPS, BOB, diagnosis_id)

    [reply] = bot.state.thread(OPS, ts)
    assert "Offline diagnosis" in str(reply.blocks)
    assert "→ :heavy_minus_sign: skip" in str(reply.blocks)


async def test_request_id_from_the_paste_finds_it(bot: Bot):
    await stored(bot, f"X-Request-Id: {REQUEST_ID}\n{INVALID_APPKEY}")

    ts = await mention(bot, OPS, BOB, f"`{REQUEST_ID}`")

    [reply] = bot.state.thread(OPS, ts)
    assert "What changed since" in reply.text


async def test_unknown_id_gets_a_clear_answer_in_the_thread(bot: Bot):
    ts = await mention(bot, OPS, ALICE, "req-00000000")

    [reply] = bot.state.thread(OPS, ts)
    assert "No diagnosis for `req-00000000` can be shown here" in reply.text


@pytest.mark.parametrize("text", ["req-00000000", "req-00000000?", "`req-00000000`."])
async def test_unknown_id_gets_one_sentence_and_a_hint_and_no_email(bot: Bot, text: str):
    ts = await mention(bot, OPS, ALICE, text)

    [reply] = bot.state.thread(OPS, ts)
    assert [block["type"] for block in reply.blocks] == ["section", "context"]
    assert "Paste the failing request" in str(reply.blocks[1])
    assert "Draft support email" not in str(reply.blocks)
    assert bot.deps.repository.diagnoses == {}  # type: ignore[attr-defined]


async def test_someone_elses_diagnosis_from_another_channel_is_unknown(bot: Bot):
    """Bob in OTHER gets the same answer as for an ID never seen: nothing of OPS shows."""
    earlier = await stored(bot)

    ts = await mention(bot, OTHER, BOB, earlier.diagnosis_id)

    [reply] = bot.state.thread(OTHER, ts)
    assert "can be shown here" in reply.text
    assert "demo" not in str([reply.text, reply.blocks])


async def test_own_diagnosis_from_another_channel_is_shown_only_to_its_asker(bot: Bot):
    """Alice asks in OTHER for her OPS diagnosis: an ephemeral answer, re-run offline there."""
    earlier = await stored(bot)

    ts = await mention(bot, OTHER, ALICE, earlier.diagnosis_id)

    assert bot.state.thread(OTHER, ts) == []
    [private] = bot.state.ephemerals
    assert (private["user"], private["thread_ts"]) == (ALICE, ts)
    assert "What changed since" in private["text"]
    assert "Offline diagnosis" in str(private["blocks"])


async def test_dm_that_is_only_an_id_looks_it_up(bot: Bot):
    """A DM is private already: Alice's OPS diagnosis is posted there, live (she is listed)."""
    earlier = await stored(bot)
    envelope = payloads.user_says(bot.state, DM_ALICE, ALICE, earlier.diagnosis_id)

    await bot.deliver.event(envelope)
    await bot.settle()

    [reply] = [m for m in bot.state.bot_posts() if m.channel == DM_ALICE]
    assert "What changed since" in reply.text
    assert "Live checks with profile demo" in str(reply.blocks)


async def test_lookup_answers_in_the_stored_diagnosis_language(bot: Bot):
    earlier = await stored(bot, "SKMを呼ぶとアプリケーションキーが無効と言われます")

    ts = await mention(bot, OPS, ALICE, earlier.diagnosis_id)

    [reply] = bot.state.thread(OPS, ts)
    assert "からの変化" in str(reply.blocks)


async def test_slash_command_with_a_request_id_answers_privately(bot: Bot):
    await stored(bot, f"X-Request-Id: {REQUEST_ID}\n{INVALID_APPKEY}")

    await bot.deliver.command(
        payloads.command(bot.state, bot.slack.origin, REQUEST_ID, channel=OPS, user=BOB)
    )
    await bot.settle()

    [response] = bot.state.responses
    assert response["response_type"] == "ephemeral"
    assert "What changed since" in response["text"]
    assert bot.state.bot_posts() == []


async def test_watched_channel_ignores_a_bare_id(bot: Bot):
    """Only mentions, DMs and /skm look IDs up; a watched channel answers SKM failures only."""
    earlier = await stored(bot, channel=WATCHED)
    envelope = payloads.user_says(bot.state, WATCHED, ALICE, earlier.diagnosis_id)

    await bot.deliver.event(envelope)
    await bot.settle()

    assert bot.state.bot_posts() == []
