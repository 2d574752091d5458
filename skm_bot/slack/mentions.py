"""`@skm-bot <paste | id>` in a channel: the reply goes in the thread."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.core.language import detect_language
from skm_bot.core.lookup import looks_like_request_id
from skm_bot.render.slack.diagnosis import render_help
from skm_bot.slack.dedup import first_delivery, from_a_bot, message_key
from skm_bot.slack.id_lookup import reply_to_lookup
from skm_bot.slack.replies import Request, reply_to_paste
from skm_bot.slack.runtime import runtime_of

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def strip_mentions(text: str) -> str:
    """The text without `<@U…>` mentions."""
    return _MENTION.sub("", text).strip()


def wants_help(text: str) -> bool:
    """An empty mention or `help` asks what the bot does."""
    return text.strip().lower() in ("", "help", "ヘルプ", "도움말")


async def on_mention(
    event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """Claim the message, then answer in its thread in the background (an ID: a lookup)."""
    rt = runtime_of(context)
    rt.deps.background.track_current()
    if from_a_bot(event, context.bot_user_id):
        return
    if not await first_delivery(rt, message_key(event["channel"], event["ts"])):
        return
    text = strip_mentions(event.get("text", ""))
    thread = event.get("thread_ts") or event["ts"]
    if wants_help(text):
        help_message = render_help(detect_language(text))
        rt.deps.background.spawn(
            client.chat_postMessage(channel=event["channel"], thread_ts=thread, **help_message)
        )
        return
    request = Request(text, event["channel"], event["user"], thread_ts=thread, react_ts=event["ts"])
    query = looks_like_request_id(text)
    if query is not None:
        rt.deps.background.spawn(reply_to_lookup(rt, client, request, query))
        return
    rt.deps.background.spawn(reply_to_paste(rt, client, request))


def register(app: AsyncApp) -> None:
    """Listen for `app_mention`."""
    app.event("app_mention")(on_mention)
