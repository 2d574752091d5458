"""Messages without a mention: every DM, and SKM errors in channels set to be watched."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.slack.dedup import claim_message, from_a_bot
from skm_bot.slack.runtime import runtime_of
from skm_bot.slack.triage import Arrival, triage


async def on_message(
    event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """
    A DM gets a reply (help, a lookup, or a diagnosis); a watched channel's message only when
    the catalogue matches it.
    """
    rt = runtime_of(context)
    rt.deps.background.track_current()
    channel, text = event["channel"], event.get("text", "")
    is_dm = event.get("channel_type") == "im"
    mentioned = context.bot_user_id is not None and f"<@{context.bot_user_id}" in text
    if from_a_bot(event, context.bot_user_id) or mentioned:
        return  # a mention is answered by the app_mention listener
    if not is_dm and not rt.deps.access.watches(channel):
        return
    ticket = await claim_message(rt, channel, event["ts"])
    if ticket is None:
        return
    arrival = Arrival(
        text,
        channel,
        event["user"],
        thread_ts=event.get("thread_ts") or (None if is_dm else event["ts"]),
        react_ts=event["ts"],
        watch_only=not is_dm,
        help_allowed=is_dm,
        lookup_allowed=is_dm,
        first_reply=ticket,
    )
    rt.deps.background.spawn(triage(rt, client, arrival))


async def on_other_message() -> None:
    """Edits, joins, bot posts…: acknowledged and dropped (unacked, Slack would retry them)."""


def register(app: AsyncApp) -> None:
    """
    Listen for plain messages, then take every other subtype so none goes unacknowledged.

    Registered after uploads.py: bolt runs the first listener that matches.
    """
    app.event({"type": "message", "subtype": None})(on_message)
    app.event("message")(on_other_message)
