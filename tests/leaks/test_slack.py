"""
The Slack app (real bolt, over HTTP and Socket Mode, against the Slack stand-in): every shape
pasted in a mention and in `/skm`; no canary in anything the bot sends, stores or logs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from skm_bot.slack.runtime import SlackDeps
from skm_bot.store.sql import SqlRepository
from tests.fakes.slack_standin import SlackStandIn, payloads
from tests.fakes.slack_world import ALICE, OTHER
from tests.slack.conftest import Bot, running_bot
from tests.store.database import open_repository, prepare, sqlite_url

from .corpus import Shape, leaked, shapes
from .store import every_value, row_count

pytestmark = pytest.mark.anyio
SHAPES = shapes()


def as_slack_delivers(shape: Shape) -> str:
    """The text as Slack delivers it: &, < and > escaped (shapes from Slack already are)."""
    if shape.context == "slack":
        return shape.text
    return shape.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqlRepository]:
    """A migrated SQLite store (the webhook tests cover PostgreSQL's copy of the same tables)."""
    url = sqlite_url(tmp_path / "store.sqlite3")
    await prepare(url)
    async with open_repository(url) as repo:
        yield repo


@pytest.fixture(params=["http", pytest.param("socket", marks=pytest.mark.slow)])
async def bot(
    request: pytest.FixtureRequest, slack: SlackStandIn, store: SqlRepository
) -> AsyncIterator[Bot]:
    """The bot over each transport, keeping its diagnoses in a real store."""
    async with running_bot(slack, SlackDeps(repository=store), request.param) as running:
        yield running


def everything_sent(bot: Bot) -> str:
    """Every Web API call, message, edit, ephemeral, view and response_url post of the bot."""
    parts = [repr(call.args) for call in bot.state.calls]
    parts += [repr((m.text, m.blocks, m.edits)) for m in bot.state.messages.values() if m.bot_id]
    parts += [repr(x) for x in (*bot.state.ephemerals, *bot.state.views, *bot.state.responses)]
    return "\n".join(parts)


async def test_pasted_shapes_never_leave_the_bot(bot: Bot, store: SqlRepository, logs):
    acks = []
    for shape in SHAPES:
        text = as_slack_delivers(shape)
        mention = payloads.user_says(
            bot.state, OTHER, ALICE, f"<@{bot.state.bot_user_id}> {text}", kind="app_mention"
        )
        await bot.deliver.event(mention)
        command = payloads.command(bot.state, bot.slack.origin, text, channel=OTHER, user=ALICE)
        acks.append(await bot.deliver.command(command))
    await bot.settle()

    assert await row_count(store, "diagnoses") > len(SHAPES)
    assert leaked(everything_sent(bot)) == []
    assert leaked(repr([ack.body for ack in acks])) == []
    assert leaked(await every_value(store)) == []
    assert leaked(logs.getvalue()) == []


async def test_a_bare_secret_gets_only_the_private_warning(bot: Bot, store: SqlRepository):
    token = "xoxb-123456789012-1234567890123-Kq0bare0slack"
    mention = payloads.user_says(
        bot.state, OTHER, ALICE, f"<@{bot.state.bot_user_id}> `{token}`", kind="app_mention"
    )
    await bot.deliver.event(mention)
    await bot.settle()

    [warning] = bot.state.ephemerals
    assert "rotate" in warning["text"]
    assert bot.state.bot_posts() == []
    assert await row_count(store, "diagnoses") == 0
    bot.assert_never_sent("Kq0bare0slack")
