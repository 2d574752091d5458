"""What Slack sends the bot when people act: events, commands and interactive payloads."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from tests.fakes.slack_standin.state import Posted, SlackState, StoredFile, file_object


def event_envelope(state: SlackState, event: dict[str, Any]) -> dict[str, Any]:
    """An Events API `event_callback` around `event`, with a fresh event_id."""
    return {
        "token": "standin-verification-token",
        "team_id": state.team_id,
        "api_app_id": "A0STANDIN",
        "event": event,
        "type": "event_callback",
        "event_id": "Ev" + uuid.uuid4().hex[:10].upper(),
        "event_time": int(time.time()),
        "authorizations": [
            {"team_id": state.team_id, "user_id": state.bot_user_id, "is_bot": True}
        ],
    }


def message_event(posted: Posted, *, kind: str = "message") -> dict[str, Any]:
    """The event for a stored message: `message` (with channel_type) or `app_mention`."""
    event: dict[str, Any] = {
        "type": kind,
        "user": posted.user,
        "text": posted.text,
        "ts": posted.ts,
        "event_ts": posted.ts,
        "channel": posted.channel,
    }
    if kind == "message":
        event["channel_type"] = "im" if posted.channel.startswith("D") else "channel"
    if posted.thread_ts:
        event["thread_ts"] = posted.thread_ts
    if posted.bot_id:
        event["bot_id"] = posted.bot_id
    if posted.files:
        event["subtype"] = "file_share"
        event["files"] = posted.files
    return event


def user_says(
    state: SlackState,
    channel: str,
    user: str,
    text: str,
    *,
    thread_ts: str | None = None,
    kind: str = "message",
    bot_id: str | None = None,
) -> dict[str, Any]:
    """A person (or another bot) posts `text`: stored, and returned as its event envelope."""
    posted = state.post(channel, user, text, thread_ts=thread_ts, bot_id=bot_id)
    return event_envelope(state, message_event(posted, kind=kind))


def user_uploads(
    state: SlackState,
    origin: str,
    channel: str,
    user: str,
    name: str,
    content: bytes,
    *,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """A person shares a file (in a thread): the `message` event with subtype `file_share`."""
    stored = StoredFile(state.next_id("F"), name, content, user)
    state.files[stored.id] = stored
    posted = state.post(channel, user, "", thread_ts=thread_ts, files=[file_object(stored, origin)])
    return event_envelope(state, message_event(posted))


def app_home_opened(
    state: SlackState, user: str, channel: str, *, tab: str = "home"
) -> dict[str, Any]:
    """A person opens the app's Home (`tab` home or messages); the view if one was published."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user,
        "channel": channel,
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }
    published = state.home_views.get(user)
    if tab == "home" and published is not None:
        event["view"] = published
    return event_envelope(state, event)


def command(
    state: SlackState, origin: str, text: str, *, channel: str, user: str
) -> dict[str, str]:
    """The form fields of `/skm <text>` typed in `channel`."""
    return {
        "token": "standin-verification-token",
        "team_id": state.team_id,
        "team_domain": "standin",
        "channel_id": channel,
        "channel_name": channel.lower(),
        "user_id": user,
        "user_name": user.lower(),
        "command": "/skm",
        "text": text,
        "api_app_id": "A0STANDIN",
        "is_enterprise_install": "false",
        "response_url": f"{origin}/response/{uuid.uuid4().hex}",
        "trigger_id": state.issue_trigger(),
    }


def _interactive_base(state: SlackState, user: str) -> dict[str, Any]:
    return {
        "token": "standin-verification-token",
        "team": {"id": state.team_id, "domain": "standin"},
        "user": {"id": user, "name": user.lower(), "team_id": state.team_id},
        "api_app_id": "A0STANDIN",
        "trigger_id": state.issue_trigger(),
        "is_enterprise_install": False,
    }


def message_shortcut(
    state: SlackState, origin: str, target: Posted, *, user: str, callback_id: str
) -> dict[str, Any]:
    """The `message_action` payload of a message shortcut run on `target`."""
    return {
        **_interactive_base(state, user),
        "type": "message_action",
        "callback_id": callback_id,
        "action_ts": f"{time.time():.6f}",
        "channel": {"id": target.channel, "name": target.channel.lower()},
        "message_ts": target.ts,
        "message": _message_json(target),
        "response_url": f"{origin}/response/{uuid.uuid4().hex}",
    }


def block_action(
    state: SlackState, origin: str, target: Posted, *, user: str, action_id: str
) -> dict[str, Any]:
    """The `block_actions` payload of a click on the button `action_id` in `target`."""
    button = _find_button(target.blocks, action_id)
    return {
        **_interactive_base(state, user),
        "type": "block_actions",
        "container": {
            "type": "message",
            "message_ts": target.ts,
            "channel_id": target.channel,
            "is_ephemeral": False,
        },
        "channel": {"id": target.channel, "name": target.channel.lower()},
        "message": _message_json(target),
        "response_url": f"{origin}/response/{uuid.uuid4().hex}",
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": button.get("block_id", "b"),
                "value": button.get("value", ""),
                "text": button["text"],
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


def home_action(
    state: SlackState, *, user: str, action_id: str, value: str | None = None
) -> dict[str, Any]:
    """
    The `block_actions` payload of a click in `user`'s published Home tab: the button
    `action_id` (the one with `value`, when several share the id). No channel, no message:
    the container is the view.
    """
    view = state.home_views[user]
    button = _find_button(_with_accessories(view["blocks"]), action_id, value)
    return {
        **_interactive_base(state, user),
        "type": "block_actions",
        "container": {"type": "view", "view_id": view["id"]},
        "view": view,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": button.get("block_id", "b"),
                "value": button.get("value", ""),
                "text": button["text"],
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


def _with_accessories(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Blocks with each section's accessory seen as an element, as a click finds them."""
    return [{**b, "elements": [b["accessory"]]} if "accessory" in b else b for b in blocks]


def view_submission(
    state: SlackState, view: dict[str, Any], *, user: str, values: dict[str, str]
) -> dict[str, Any]:
    """The `view_submission` payload of `view` submitted with `values` per input block."""
    state_values = {
        block_id: {"value": {"type": "plain_text_input", "value": value}}
        for block_id, value in values.items()
    }
    return {
        **_interactive_base(state, user),
        "type": "view_submission",
        "view": {**view, "state": {"values": state_values}},
    }


def _message_json(posted: Posted) -> dict[str, Any]:
    message: dict[str, Any] = {
        "type": "message",
        "user": posted.user,
        "text": posted.text,
        "ts": posted.ts,
        "blocks": posted.blocks,
    }
    if posted.thread_ts:
        message["thread_ts"] = posted.thread_ts
    if posted.bot_id:
        message["bot_id"] = posted.bot_id
    return message


def _find_button(
    blocks: list[dict[str, Any]], action_id: str, value: str | None = None
) -> dict[str, Any]:
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id and value in (None, element.get("value")):
                return {**element, "block_id": block.get("block_id", "b")}
    raise LookupError(f"no button {action_id!r} in the message")


def form_payload(payload: dict[str, Any]) -> dict[str, str]:
    """An interactive payload as Slack posts it: one form field `payload` holding JSON."""
    return {"payload": json.dumps(payload)}
