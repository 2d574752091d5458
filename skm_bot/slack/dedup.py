"""One reply per thing a person did, however many times Slack delivers it."""

from __future__ import annotations

from typing import Any

from skm_bot.slack.first_replies import Ticket
from skm_bot.slack.runtime import Runtime


def message_key(channel: str, ts: str) -> str:
    """
    The claim for a message: Slack's retries, Socket Mode redelivery and the `app_mention` +
    `message` pair for one mention all carry the same channel and ts (event_ids differ).
    """
    return f"message:{channel}:{ts}"


def trigger_key(kind: str, payload: dict[str, Any]) -> str:
    """The claim for a command or interactive payload: its trigger_id is unique per action."""
    return f"{kind}:{payload.get('trigger_id')}"


async def first_delivery(rt: Runtime, key: str) -> bool:
    """True the first time `key` is seen (across replicas when the store is shared)."""
    return await rt.deps.repository.claim_event(key, at=rt.deps.clock())


async def claim_message(rt: Runtime, channel: str, ts: str) -> Ticket | None:
    """
    Claim a message for its reply: the ticket for its first reply (owed from before the claim,
    so other messages' live checks let it pass; see `first_replies.py`) the first time it is
    delivered, None for a redelivery.
    """
    ticket = rt.deps.first_replies.expect()
    claimed = False
    try:
        claimed = await first_delivery(rt, message_key(channel, ts))
    finally:
        if not claimed:
            ticket.done()
    return ticket if claimed else None


def from_a_bot(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """Messages from this bot or any other: never answered, so bots cannot loop."""
    return bool(
        event.get("bot_id")
        or event.get("subtype") == "bot_message"
        or (bot_user_id is not None and event.get("user") == bot_user_id)
    )
