"""
The stand-in's Web API: the methods the bot calls, over JSON or form bodies, with Slack's errors.

`file_object` is re-exported from state.py, where the upload methods also find it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from skm_bot.render.slack.limits import check_message, check_view
from tests.fakes.slack_standin.errors import SlackError
from tests.fakes.slack_standin.history import conversations_history, conversations_replies
from tests.fakes.slack_standin.home import users_info, views_publish
from tests.fakes.slack_standin.state import Call, Posted, SlackState, file_object
from tests.fakes.slack_standin.uploads import files_complete_upload_external, files_get_upload_url

__all__ = ["METHODS", "api_handler", "file_object", "parse_args"]

Result = dict[str, Any]
Method = Callable[[SlackState, dict[str, Any], web.Request], Result]
# Slack refuses more than 100 attachments on one message.
MAX_ATTACHMENTS = 100


async def parse_args(request: web.Request) -> dict[str, Any]:
    """The call's arguments from the query string and a JSON, form or multipart body."""
    args: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json() if request.can_read_body else {}
        args.update(body if isinstance(body, dict) else {})
    elif request.can_read_body:
        args.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    for key in ("blocks", "view", "files", "attachments", "metadata"):
        if isinstance(args.get(key), str) and args[key][:1] in "[{":
            args[key] = json.loads(args[key])
    return args


def _token(request: web.Request, args: dict[str, Any]) -> str | None:
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return auth.removeprefix("Bearer ").strip()
    token = args.pop("token", None)
    return str(token) if token else None


def _authorize(state: SlackState, method: str, token: str | None) -> None:
    if not token:
        raise SlackError("not_authed")
    wanted = state.app_token if method == "apps.connections.open" else state.bot_token
    if token != wanted:
        raise SlackError("invalid_auth")


def _channel(state: SlackState, args: dict[str, Any], key: str = "channel") -> str:
    channel = str(args.get(key) or "")
    if channel not in state.channels:
        raise SlackError("channel_not_found")
    return channel


def auth_test(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    return {
        "url": "https://standin.slack.test/",
        "team": "Stand-in",
        "user": "skm-bot",
        "team_id": state.team_id,
        "user_id": state.bot_user_id,
        "bot_id": state.bot_id,
        "is_enterprise_install": False,
    }


def _message_args(args: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    text = str(args.get("text") or "")
    blocks = args.get("blocks") or []
    attachments = _attachments(args) or []
    if not text and not blocks and not attachments:
        raise SlackError("no_text")
    problems = check_message({"text": text, "blocks": blocks}) if text or blocks else []
    for index, attachment in enumerate(attachments):
        inner = check_message({"text": "-", "blocks": attachment.get("blocks") or []})
        problems += [f"attachments[{index}] {p}" for p in inner]
    if problems:
        raise SlackError("invalid_blocks", errors=problems)
    return text, blocks


def _attachments(args: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The message's attachments (None when the call has none), each a dict, at most 100."""
    if "attachments" not in args:
        return None
    attachments = args["attachments"]
    if not isinstance(attachments, list) or not all(isinstance(a, dict) for a in attachments):
        raise SlackError("invalid_attachments")
    if len(attachments) > MAX_ATTACHMENTS:
        raise SlackError("too_many_attachments")
    return attachments


def _metadata(args: dict[str, Any]) -> dict[str, Any] | None:
    """Message metadata as Slack requires it: a string `event_type` and an object payload."""
    metadata = args.get("metadata")
    if metadata is None:
        return None
    if (
        not isinstance(metadata, dict)
        or not isinstance(metadata.get("event_type"), str)
        or not isinstance(metadata.get("event_payload"), dict)
    ):
        raise SlackError("invalid_metadata_format")
    return {"event_type": metadata["event_type"], "event_payload": metadata["event_payload"]}


def _sent_message(state: SlackState, posted: Posted) -> Result:
    """The `message` object chat.postMessage and chat.update answer with."""
    message: Result = {"type": "message", "text": posted.text, "bot_id": state.bot_id}
    message.update({"user": state.bot_user_id, "ts": posted.ts})
    if posted.blocks:
        message["blocks"] = posted.blocks
    if posted.attachments:
        message["attachments"] = posted.attachments
    if posted.thread_ts:
        message["thread_ts"] = posted.thread_ts
    return message


def chat_post_message(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    channel = _channel(state, args)
    text, blocks = _message_args(args)
    posted = state.post(
        channel,
        state.bot_user_id,
        text,
        blocks=blocks,
        thread_ts=args.get("thread_ts") or None,
        bot_id=state.bot_id,
        attachments=_attachments(args) or [],
        metadata=_metadata(args),
    )
    return {"channel": channel, "ts": posted.ts, "message": _sent_message(state, posted)}


def chat_update(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    """Replace text and blocks; attachments and metadata are kept unless the call sends them."""
    channel = _channel(state, args)
    posted = state.messages.get((channel, str(args.get("ts"))))
    if posted is None:
        raise SlackError("message_not_found")
    if posted.bot_id != state.bot_id:
        raise SlackError("cant_update_message")
    text, blocks = _message_args({"attachments": posted.attachments, **args})
    attachments, metadata = _attachments(args), _metadata(args)
    posted.edits.append(
        {"text": posted.text, "blocks": posted.blocks, "attachments": posted.attachments}
    )
    posted.text, posted.blocks, posted.updated_at = text, blocks, time.monotonic()
    if attachments is not None:
        posted.attachments = attachments
    if metadata is not None:
        posted.metadata = metadata
    return {
        "channel": channel,
        "ts": posted.ts,
        "text": text,
        "message": _sent_message(state, posted),
    }


def chat_post_ephemeral(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    channel = _channel(state, args)
    if not args.get("user"):
        raise SlackError("user_not_in_channel")
    _message_args(args)
    state.ephemerals.append({**args, "channel": channel})
    return {"message_ts": state.next_ts()}


def reactions_add(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    channel = _channel(state, args)
    ts = str(args.get("timestamp"))
    if (channel, ts) not in state.messages:
        raise SlackError("message_not_found")
    reaction = (channel, ts, str(args.get("name")))
    if reaction in state.reactions:
        raise SlackError("already_reacted")
    state.reactions.append(reaction)
    return {}


def views_open(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    if not state.trigger_valid(str(args.get("trigger_id"))):
        raise SlackError("expired_trigger_id")
    view = args.get("view")
    if not isinstance(view, dict):
        raise SlackError("invalid_arguments")
    problems = check_view(view)
    if problems:
        raise SlackError("invalid_arguments", response_metadata={"messages": problems})
    stored = {**view, "id": state.next_id("V"), "team_id": state.team_id}
    state.views.append(stored)
    return {"view": stored}


def files_info(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    stored = state.files.get(str(args.get("file")))
    if stored is None:
        raise SlackError("file_not_found")
    return {"file": file_object(stored, str(request.url.origin()))}


def apps_connections_open(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    host = request.url.origin()
    ticket = state.next_id("")
    return {"url": f"ws://{host.host}:{host.port}/link/?ticket={ticket}"}


METHODS: dict[str, Method] = {
    "auth.test": auth_test,
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.postEphemeral": chat_post_ephemeral,
    "reactions.add": reactions_add,
    "views.open": views_open,
    "files.info": files_info,
    "apps.connections.open": apps_connections_open,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
    "views.publish": views_publish,
    "users.info": users_info,
    "files.getUploadURLExternal": files_get_upload_url,
    "files.completeUploadExternal": files_complete_upload_external,
}
# The scope each method needs, as Slack checks it (missing_scope with `needed`, `provided`).
NEEDED_SCOPES = {
    "users.info": "users:read",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
}


def api_handler(state: SlackState) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The handler for `POST /api/{method}`: faults first, then auth, then the method."""

    async def handle(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await parse_args(request)
        token = _token(request, args)
        headers: dict[str, str] = {}
        fault = state.take_fault(method)
        if fault is None:
            status, body = 200, _answer(state, method, args, token, request)
        else:
            status, body = fault.status, {"ok": False, "error": fault.error}
            if fault.retry_after is not None:
                # slack_sdk's retry handler reads it with int(): never send "1.5".
                headers["Retry-After"] = str(int(fault.retry_after))
        if method == "auth.test" and body.get("ok"):
            headers["x-oauth-scopes"] = ",".join(state.scopes)
        state.calls.append(Call(method, args, status, body.get("error"), time.monotonic()))
        return web.json_response(body, status=status, headers=headers)

    return handle


def _answer(
    state: SlackState, method: str, args: dict[str, Any], token: str | None, request: web.Request
) -> Result:
    implementation = METHODS.get(method)
    try:
        _authorize(state, method, token)
        if implementation is None:
            raise SlackError("unknown_method")
        needed = NEEDED_SCOPES.get(method)
        if needed is not None and needed not in state.scopes:
            raise SlackError("missing_scope", needed=needed, provided=",".join(state.scopes))
        return {"ok": True, **implementation(state, args, request)}
    except SlackError as exc:
        return {"ok": False, "error": exc.error, **exc.extra}
