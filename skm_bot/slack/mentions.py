"""`@skm-bot <paste | id | help>` in a channel: the reply goes in the thread."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.slack.dedup import claim_message, from_a_bot
from skm_bot.slack.runtime import runtime_of
from skm_bot.slack.triage import Arrival, triage

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def strip_mentions(text: str) -> str:
    """The text without `<@U…>` mentions."""
    return _MENTION.sub("", text).strip()


async def on_mention(
    event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """Claim the message, then answer in its thread in the background."""
    rt = runtime_of(context)
    rt.deps.background.track_current()
    if from_a_bot(event, context.bot_user_id):
        return
    ticket = await claim_message(rt, event["channel"], event["ts"])
    if ticket is None:
        return
    arrival = Arrival(
        strip_mentions(event.get("text", "")),
        event["channel"],
        event["user"],
        thread_ts=event.get("thread_ts") or event["ts"],
        react_ts=event["ts"],
        first_reply=ticket,
    )
    rt.deps.background.spawn(triage(rt, client, arrival))


def register(app: AsyncApp) -> None:
    """Listen for `app_mention`."""
    app.event("app_mention")(on_mention)
