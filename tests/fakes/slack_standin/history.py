"""
conversations.history and conversations.replies over the stand-in's messages, as Slack pages them.

* history: a channel's top-level messages, newest first (thread replies stay in their thread).
* replies: a thread's parent, then its replies oldest first (`ts` may be any message of it).
* Both take `oldest`/`latest` (exclusive unless `inclusive`), `limit` and a `cursor`, and show
  each message's `metadata` only with `include_all_metadata`, as Slack does.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from aiohttp import web

from tests.fakes.slack_standin.errors import SlackError
from tests.fakes.slack_standin.state import Posted, SlackState

Result = dict[str, Any]
DEFAULT_LIMIT = 100
MAX_LIMIT = 999
_TRUE = ("1", "true", "True")


def _flag(args: dict[str, Any], key: str) -> bool:
    value = args.get(key)
    return value is True or str(value) in _TRUE


def _stamp(value: Any, key: str) -> Decimal | None:
    """A `ts`-like argument as an exact number (floats would blur the microseconds)."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise SlackError("invalid_arguments", detail=f"{key} is not a timestamp") from None


@dataclass(frozen=True)
class Window:
    """`oldest`..`latest`, open at both ends unless `inclusive`."""

    oldest: Decimal | None
    latest: Decimal | None
    inclusive: bool

    @classmethod
    def of(cls, args: dict[str, Any]) -> Window:
        oldest = _stamp(args.get("oldest"), "oldest")
        latest = _stamp(args.get("latest"), "latest")
        return cls(oldest, latest, _flag(args, "inclusive"))

    def holds(self, ts: str) -> bool:
        at = Decimal(ts)
        if self.oldest is not None and (
            at < self.oldest or (at == self.oldest and not self.inclusive)
        ):
            return False
        return self.latest is None or at < self.latest or (at == self.latest and self.inclusive)


def _encode_cursor(ts: str) -> str:
    return base64.b64encode(f"next_ts:{ts}".encode()).decode()


def _decode_cursor(cursor: str) -> str:
    try:
        decoded = base64.b64decode(cursor.encode(), validate=True).decode()
    except ValueError:
        raise SlackError("invalid_cursor") from None
    if not decoded.startswith("next_ts:"):
        raise SlackError("invalid_cursor")
    return decoded.removeprefix("next_ts:")


def _limit(args: dict[str, Any]) -> int:
    try:
        limit = int(args.get("limit") or DEFAULT_LIMIT)
    except ValueError:
        raise SlackError("invalid_limit") from None
    return max(1, min(limit, MAX_LIMIT))


def _page(messages: Sequence[Posted], args: dict[str, Any], state: SlackState) -> Result:
    """One page of `messages` (already in Slack's order) from the cursor on."""
    start = 0
    if args.get("cursor"):
        wanted = _decode_cursor(str(args["cursor"]))
        start = next((i for i, m in enumerate(messages) if m.ts == wanted), -1)
        if start < 0:
            raise SlackError("invalid_cursor")
    limit = _limit(args)
    page = messages[start : start + limit]
    more = start + limit < len(messages)
    metadata = _flag(args, "include_all_metadata")
    result: Result = {
        "messages": [message_json(state, m, metadata=metadata) for m in page],
        "has_more": more,
    }
    if more:
        result["response_metadata"] = {"next_cursor": _encode_cursor(messages[start + limit].ts)}
    return result


def _replies_to(state: SlackState, channel: str, parent_ts: str) -> list[Posted]:
    return [
        m
        for (c, ts), m in state.messages.items()
        if c == channel and m.thread_ts == parent_ts and ts != parent_ts
    ]


def message_json(state: SlackState, posted: Posted, *, metadata: bool) -> Result:
    """A stored message as conversations.history/replies show it."""
    message: Result = {"type": "message", "user": posted.user, "text": posted.text, "ts": posted.ts}
    if posted.bot_id:
        message["bot_id"] = posted.bot_id
    for key in ("blocks", "attachments", "files"):
        if getattr(posted, key):
            message[key] = getattr(posted, key)
    replies = _replies_to(state, posted.channel, posted.ts) if not posted.thread_ts else []
    if posted.thread_ts or replies:
        message["thread_ts"] = posted.thread_ts or posted.ts
    if replies:
        message["reply_count"] = len(replies)
    if metadata and posted.metadata is not None:
        message["metadata"] = posted.metadata
    return message


def _channel(state: SlackState, args: dict[str, Any]) -> str:
    channel = str(args.get("channel") or "")
    if channel not in state.channels:
        raise SlackError("channel_not_found")
    return channel


def conversations_history(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    """A channel's messages, newest first, without thread replies."""
    channel = _channel(state, args)
    window = Window.of(args)
    found = [
        m
        for (c, ts), m in state.messages.items()
        if c == channel and m.thread_ts in (None, ts) and window.holds(ts)
    ]
    found.sort(key=lambda m: Decimal(m.ts), reverse=True)
    return _page(found, args, state)


def conversations_replies(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    """A thread: its parent first, then the replies in the window, oldest first."""
    channel = _channel(state, args)
    if not args.get("ts"):
        raise SlackError("invalid_arguments", detail="ts is required")
    posted = state.messages.get((channel, str(args["ts"])))
    if posted is None:
        raise SlackError("thread_not_found")
    parent_ts = posted.thread_ts or posted.ts
    parent = state.messages.get((channel, parent_ts), posted)
    window = Window.of(args)
    replies = [m for m in _replies_to(state, channel, parent_ts) if window.holds(m.ts)]
    replies.sort(key=lambda m: Decimal(m.ts))
    return _page([parent, *replies], args, state)
