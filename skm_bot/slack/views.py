"""The support-email modal's submission: the final email, posted in the thread."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.core.language import detect_language
from skm_bot.core.redaction import redact
from skm_bot.render.slack.diagnosis import VIEW_SUPPORT_EMAIL
from skm_bot.render.slack.email_modal import (
    BODY_BLOCK,
    INPUT_ACTION,
    SUBJECT_BLOCK,
    render_email_posted,
)
from skm_bot.slack.runtime import runtime_of


def submitted(view: dict[str, Any], block_id: str) -> str:
    """The text typed into one input of the modal."""
    value = view["state"]["values"].get(block_id, {}).get(INPUT_ACTION, {}).get("value")
    return str(value or "")


async def on_email_submit(
    ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """Close the modal at once, then post the (re-redacted) email in the diagnosis thread."""
    await ack()
    rt = runtime_of(context)
    rt.deps.background.track_current()
    meta = json.loads(view.get("private_metadata") or "{}")
    # People edit the draft: anything secret they typed in is removed again before posting.
    subject = redact(submitted(view, SUBJECT_BLOCK)).text
    body = redact(submitted(view, BODY_BLOCK)).text
    message = render_email_posted(
        to=str(meta.get("to", "")), subject=subject, body=body, language=detect_language(body)
    )
    rt.deps.background.spawn(
        client.chat_postMessage(channel=meta["c"], thread_ts=meta.get("t"), **message)
    )


def register(app: AsyncApp) -> None:
    """Listen for the support-email modal."""
    app.view(VIEW_SUPPORT_EMAIL)(on_email_submit)
