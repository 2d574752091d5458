"""
Posting a digest to its channel: with a chart, one file share (files_upload_v2: the chart and
the digest's blocks in one message); without, a plain message.
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient


async def post_digest(
    client: AsyncWebClient,
    channel: str,
    message: dict[str, Any],
    chart: bytes | None,
    file: dict[str, Any],
) -> str | None:
    """
    Post `message` in `channel`, with `chart` (PNG bytes) named and described by `file`; the
    chart's file id, None when there was no chart. Slack's errors propagate.
    """
    if chart is None:
        await client.chat_postMessage(channel=channel, **message)
        return None
    # No initial_comment: Slack ignores the blocks of an upload that has one.
    response = await client.files_upload_v2(
        channel=channel,
        content=chart,
        filename=file["filename"],
        title=file["title"],
        alt_txt=file["alt_txt"],
        blocks=json.dumps(message["blocks"]),
    )
    return str(response["file"]["id"])
