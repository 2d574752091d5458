"""`/skm <paste | request id | help>`."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.core.language import LANGUAGES, Language
from skm_bot.render.slack.diagnosis import render_help
from skm_bot.slack.dedup import first_delivery, trigger_key
from skm_bot.slack.runtime import runtime_of
from skm_bot.slack.triage import Arrival, triage

COMMAND = "/skm"


def help_language(text: str) -> Language | None:
    """`help`, `help ja`, `help ko`: the language asked for; None when it is not a help request."""
    words = text.lower().split()
    if not words:
        return "en"
    if words[0] != "help" or len(words) > 2:
        return None
    chosen = words[1] if len(words) == 2 else "en"
    return next((lang for lang in LANGUAGES if lang == chosen), "en")


async def on_skm(
    ack: AsyncAck,
    command: dict[str, Any],
    context: AsyncBoltContext,
    client: AsyncWebClient,
    respond: AsyncRespond,
) -> None:
    """Ack at once (help rides on the ack); the rest is triaged in the background."""
    text = str(command.get("text") or "").strip()
    language = help_language(text)
    if language is not None:
        await ack(**render_help(language), response_type="ephemeral")
        return
    await ack()
    rt = runtime_of(context)
    rt.deps.background.track_current()
    if not await first_delivery(rt, trigger_key("command", command)):
        return
    arrival = Arrival(
        text, command["channel_id"], command["user_id"], respond=respond, help_allowed=False
    )
    rt.deps.background.spawn(triage(rt, client, arrival))


def register(app: AsyncApp) -> None:
    """Listen for `/skm`."""
    app.command(COMMAND)(on_skm)
