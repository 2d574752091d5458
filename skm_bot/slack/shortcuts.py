"""The message shortcut "Diagnose with skm-bot", on anyone's message."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.slack.dedup import first_delivery, trigger_key
from skm_bot.slack.runtime import runtime_of
from skm_bot.slack.triage import Arrival, triage

CALLBACK_DIAGNOSE = "diagnose_message"


async def on_diagnose_message(
    ack: AsyncAck,
    shortcut: dict[str, Any],
    context: AsyncBoltContext,
    client: AsyncWebClient,
    respond: AsyncRespond,
) -> None:
    """
    Diagnose the message the shortcut was run on, answering in its thread; a message that is
    only an ID is looked up instead, as a mention of it would be.
    """
    await ack()
    rt = runtime_of(context)
    rt.deps.background.track_current()
    if not await first_delivery(rt, trigger_key("shortcut", shortcut)):
        return
    message = shortcut["message"]
    arrival = Arrival(
        str(message.get("text") or ""),
        shortcut["channel"]["id"],
        shortcut["user"]["id"],
        thread_ts=message.get("thread_ts") or message["ts"],
        react_ts=message["ts"],
        respond=respond,
        help_allowed=False,
    )
    rt.deps.background.spawn(triage(rt, client, arrival))


def register(app: AsyncApp) -> None:
    """Listen for the message shortcut."""
    app.shortcut(CALLBACK_DIAGNOSE)(on_diagnose_message)
