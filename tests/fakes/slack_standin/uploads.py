"""
The stand-in's file upload, version 2, in its three steps as Slack documents them:

1. files.getUploadURLExternal(filename, length, alt_txt?) gives a file id and an upload URL;
2. the bytes are POSTed to that URL (raw or multipart, no token) and answered 200;
3. files.completeUploadExternal(files=[{id, title}], channel_id?, initial_comment?, blocks?,
   thread_ts?) shares them: into the channel as a bot message carrying the file (and the
   blocks, unless there is an initial comment, which wins), or kept private without a channel.

Every upload is recorded in `state.uploads`, bytes included, for the tests to look at.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from skm_bot.render.slack.limits import check_message
from tests.fakes.slack_standin.errors import SlackError
from tests.fakes.slack_standin.state import SlackState, StoredFile, Upload, file_object

Result = dict[str, Any]
# Slack refuses alt text over 1000 characters (alt_txt_too_large).
MAX_ALT_TEXT = 1000


def files_get_upload_url(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    """Step 1: `missing_argument` without a name or a length above 0."""
    filename = str(args.get("filename") or "")
    try:
        length = int(args.get("length") or 0)
    except ValueError:
        raise SlackError("invalid_arguments") from None
    if not filename or length <= 0:
        raise SlackError("missing_argument")
    alt = args.get("alt_txt")
    if alt is not None and len(str(alt)) > MAX_ALT_TEXT:
        raise SlackError("alt_txt_too_large")
    upload = Upload(state.next_id("F"), filename, length, str(alt) if alt is not None else None)
    state.uploads[upload.file_id] = upload
    origin = request.url.origin()
    return {"upload_url": f"{origin}/upload/v1/{upload.file_id}", "file_id": upload.file_id}


async def receive_upload(state: SlackState, request: web.Request) -> web.Response:
    """Step 2: the bytes, raw or as the file part of a multipart form; 404 for no such URL."""
    upload = state.uploads.get(request.match_info["file_id"])
    if upload is None or upload.completed:
        return web.Response(status=404, text="not found")
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        parts = [v for v in form.values() if isinstance(v, web.FileField)]
        content = parts[0].file.read() if parts else b""
    else:
        content = await request.read()
    upload.content = content
    return web.Response(text=f"OK - {len(content)}")


def files_complete_upload_external(
    state: SlackState, args: dict[str, Any], request: web.Request
) -> Result:
    """
    Step 3: `file_not_found` for an id whose bytes never arrived whole (a length that differs
    from what step 1 announced included), `channel_not_found`, `invalid_blocks`.
    """
    files = args.get("files")
    if not isinstance(files, list) or not files:
        raise SlackError("invalid_arguments")
    uploads = [_received(state, item) for item in files]
    channel = args.get("channel_id") or args.get("channels") or None
    if channel is not None and channel not in state.channels:
        raise SlackError("channel_not_found")
    comment = args.get("initial_comment") or None
    blocks = [] if comment else _blocks(args.get("blocks"))
    origin = str(request.url.origin())
    shared = []
    for upload, item in zip(uploads, files, strict=True):
        upload.title = str(item.get("title") or upload.filename)
        stored = StoredFile(
            upload.file_id,
            upload.filename,
            upload.content or b"",
            state.bot_user_id,
            title=upload.title,
        )
        state.files[stored.id] = stored
        shared.append(file_object(stored, origin))
        upload.completed, upload.channel = True, channel
        upload.thread_ts, upload.initial_comment, upload.blocks = (
            args.get("thread_ts") or None,
            comment,
            blocks,
        )
    if channel is not None:
        posted = state.post(
            channel,
            state.bot_user_id,
            comment or "",
            blocks=blocks,
            files=shared,
            bot_id=state.bot_id,
            thread_ts=args.get("thread_ts") or None,
        )
        for upload in uploads:
            upload.message_ts = posted.ts
    return {"files": [{"id": f["id"], "title": f["title"]} for f in shared]}


def _received(state: SlackState, item: Any) -> Upload:
    upload = state.uploads.get(str(item.get("id") if isinstance(item, dict) else ""))
    if upload is None or upload.content is None or len(upload.content) != upload.length:
        raise SlackError("file_not_found")
    if upload.completed:
        raise SlackError("file_not_found")
    return upload


def _blocks(raw: Any) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise SlackError("invalid_blocks")
    problems = check_message({"text": "-", "blocks": raw})
    if problems:
        raise SlackError("invalid_blocks", errors=problems)
    return raw
