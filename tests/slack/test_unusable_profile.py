"""A profile whose secret cannot be read: its channel gets offline replies that say why."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from skm_bot.core.profile import Profile
from skm_bot.profiles import parse_profiles
from skm_bot.slack.access import parse_access
from skm_bot.slack.runtime import SlackDeps
from skm_bot.store.memory import InMemoryRepository
from tests.fakes.slack_standin import SlackStandIn, payloads
from tests.fakes.slack_world import ALICE, OPS, OTHER

from .conftest import INVALID_APPKEY, Bot, running_bot

pytestmark = pytest.mark.anyio

# emu serves OTHER, but its secret variable is not set.
EMU = f"""
[profiles.emu]
appkey = "emu-appkey"
secret_access_key_env = "EMU_SECRET"
channels = ["{OTHER}"]
"""


@pytest.fixture
async def http_bot(slack: SlackStandIn, profile: Profile) -> AsyncIterator[Bot]:
    """demo serves OPS live; emu, unusable, serves OTHER."""
    _, unusable = parse_profiles(EMU, environ={}).resolve()
    access = parse_access(
        f'[profiles.demo]\nchannels = ["{OPS}"]\n', profiles={"demo": profile}, unusable=unusable
    )
    deps = SlackDeps(repository=InMemoryRepository(), access=access)
    async with running_bot(slack, deps, "http") as running:
        yield running


async def _reply_to_mention(bot: Bot, channel: str) -> str:
    envelope = payloads.user_says(
        bot.state,
        channel,
        ALICE,
        f"<@{bot.state.bot_user_id}> {INVALID_APPKEY}",
        kind="app_mention",
    )
    await bot.deliver.event(envelope)
    await bot.settle()
    [reply] = bot.state.thread(channel, envelope["event"]["ts"])
    return str(reply.blocks)


async def test_unusable_profile_channel_gets_an_offline_reply_naming_it(http_bot: Bot):
    blocks = await _reply_to_mention(http_bot, OTHER)

    assert "profile `emu`, set up for here, cannot be used right now" in blocks
    assert "EMU_SECRET" not in blocks  # the variable is for the operator's log, not the channel


async def test_usable_profile_still_runs_live_beside_an_unusable_one(http_bot: Bot):
    blocks = await _reply_to_mention(http_bot, OPS)

    assert "Live checks with profile demo" in blocks
