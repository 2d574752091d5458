"""
One triage for every way text reaches the bot in Slack: help, an ID to look up, or a paste.

The raw text is bounded and redacted here, first; help, ID detection, logging and the reply
all read the redacted paste. A paste that was a secret and nothing more gets the private
redaction warning and no other answer (nothing of it is echoed).
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.core.language import detect_language
from skm_bot.core.lookup import looks_like_request_id
from skm_bot.core.paste import only_secrets, take_paste
from skm_bot.core.redaction import Redacted
from skm_bot.errors import InputError
from skm_bot.render.slack.diagnosis import render_help, render_refused
from skm_bot.slack.first_replies import Ticket
from skm_bot.slack.id_lookup import reply_to_lookup
from skm_bot.slack.replies import Reply, Request, reply_to_paste, send_private, warn_redacted
from skm_bot.slack.runtime import Runtime

HELP_WORDS = frozenset({"", "help", "ヘルプ", "도움말"})


def wants_help(text: str) -> bool:
    """An empty message or `help` asks what the bot does."""
    return text.strip().lower() in HELP_WORDS


@dataclass(frozen=True)
class Arrival:
    """Text that reached the bot, where, from whom, and what kinds of answer it may get."""

    text: str
    channel: str
    user: str
    thread_ts: str | None = None
    react_ts: str | None = None
    respond: AsyncRespond | None = None
    # A watched channel's message: answered only when it is an SKM failure.
    watch_only: bool = False
    help_allowed: bool = True
    lookup_allowed: bool = True
    # Owed until the first message of the answer is posted (see first_replies.py).
    first_reply: Ticket | None = None


async def triage(rt: Runtime, client: AsyncWebClient, arrival: Arrival) -> None:
    """Answer `arrival`: help, the lookup of an ID, or the diagnosis of a paste."""
    try:
        await _answer(rt, client, arrival)
    finally:
        if arrival.first_reply is not None:
            arrival.first_reply.done()


async def _answer(rt: Runtime, client: AsyncWebClient, arrival: Arrival) -> None:
    if arrival.help_allowed and wants_help(arrival.text):
        help_message = render_help(detect_language(arrival.text))
        await Reply.of(rt, client, _request(arrival, None)).show(help_message, final=True)
        return
    try:
        paste = take_paste(arrival.text)
    except InputError as exc:
        await send_private(client, _request(arrival, None), render_refused(exc.message))
        return
    request = _request(arrival, paste)
    if only_secrets(paste):
        await warn_redacted(client, request, paste.kinds)
        return
    query = looks_like_request_id(paste) if arrival.lookup_allowed else None
    if query is not None:
        await reply_to_lookup(rt, client, request, query)
        return
    await reply_to_paste(rt, client, request)


def _request(arrival: Arrival, paste: Redacted | None) -> Request:
    return Request(
        paste or Redacted(text="", redactions=()),
        arrival.channel,
        arrival.user,
        thread_ts=arrival.thread_ts,
        react_ts=arrival.react_ts,
        watch_only=arrival.watch_only,
        respond=arrival.respond,
        first_reply=arrival.first_reply,
    )
