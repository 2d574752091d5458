"""`/skm <paste | request id | help>`."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.language import LANGUAGES, Language
from skm_bot.render.slack import render_diagnosis, render_help, render_not_found
from skm_bot.slack.dedup import first_delivery, trigger_key
from skm_bot.slack.replies import Request, reply_to_paste
from skm_bot.slack.runtime import Runtime, runtime_of
from skm_bot.slack.stored import find_visible, rebuild

COMMAND = "/skm"
# One token: a diagnosis id (skm- and 12 base32 letters, which may hold no digit at all) or a
# request id (which, unlike a word from an error message, holds a digit).
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{5,99}")
_DIAGNOSIS_ID = re.compile(r"skm-[a-z2-7]{12}")


def looks_like_id(text: str) -> bool:
    """True for one id-shaped token: `/skm <id>` looks a diagnosis up instead of diagnosing."""
    if _DIAGNOSIS_ID.fullmatch(text):
        return True
    return bool(_ID.fullmatch(text)) and any(ch.isdigit() for ch in text)


def help_language(text: str) -> Language | None:
    """`help`, `help ja`, `help ko`: the language asked for; None when it is not a help request."""
    words = text.lower().split()
    if not words:
        return "en"
    if words[0] != "help" or len(words) > 2:
        return None
    chosen = words[1] if len(words) == 2 else "en"
    return next((lang for lang in LANGUAGES if lang == chosen), "en")


async def look_up(rt: Runtime, respond: AsyncRespond, query: str, channel: str, user: str) -> None:
    """Show a stored diagnosis privately, or say there is none visible here."""
    stored = await find_visible(rt, query, channel=channel, user=user)
    if stored is None:
        await respond(**render_not_found(query, "en"), response_type="ephemeral")
        return
    message = render_diagnosis(rebuild(stored, rt.deps.catalogue), profile=stored.profile)
    await respond(**message, response_type="ephemeral")


async def on_skm(
    ack: AsyncAck,
    command: dict[str, Any],
    context: AsyncBoltContext,
    client: AsyncWebClient,
    respond: AsyncRespond,
) -> None:
    """Ack at once (help rides on the ack); the paste or the lookup runs in the background."""
    text = str(command.get("text") or "").strip()
    language = help_language(text)
    if language is not None:
        await ack(**render_help(language), response_type="ephemeral")
        return
    await ack()
    rt = runtime_of(context)
    if not await first_delivery(rt, trigger_key("command", command)):
        return
    channel, user = command["channel_id"], command["user_id"]
    if looks_like_id(text):
        rt.deps.background.spawn(look_up(rt, respond, text, channel, user))
        return
    request = Request(text, channel, user, respond=respond)
    rt.deps.background.spawn(reply_to_paste(rt, client, request))


def register(app: AsyncApp) -> None:
    """Listen for `/skm`."""
    app.command(COMMAND)(on_skm)
