"""
The buttons under a diagnosis: re-run checks, draft the support email, Resolved / Not helpful,
and "Is it one of these?" (a candidate picked turns the reply into its full diagnosis).
"""

from __future__ import annotations

import json
from typing import Any, cast

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.core.lookup import stored_language
from skm_bot.core.records import StoredDiagnosis, Verdict
from skm_bot.core.redaction import Redacted
from skm_bot.render.slack.candidates import ACTION_CHOOSE, parse_choice
from skm_bot.render.slack.diagnosis import (
    ACTION_DRAFT_EMAIL,
    ACTION_NOT_HELPFUL,
    ACTION_OPEN_MAIL,
    ACTION_RERUN,
    ACTION_RESOLVED,
    FEEDBACK_ACTIONS,
    render_feedback_ack,
    render_not_found,
)
from skm_bot.render.slack.email_modal import render_email_modal
from skm_bot.render.slack.known_issue import ACTION_ALERT_THREAD
from skm_bot.render.support_email import attach_note
from skm_bot.slack.replies import Request, reply_to_paste
from skm_bot.slack.runtime import Runtime, runtime_of
from skm_bot.slack.stored import escalation_of, find_visible


def _where(body: dict[str, Any]) -> tuple[str, str, str, str | None]:
    """(channel, user, message ts, thread ts) of the clicked message."""
    message = body.get("message") or {}
    container = body.get("container") or {}
    thread = message.get("thread_ts")
    return (
        str(container.get("channel_id") or body["channel"]["id"]),
        str(body["user"]["id"]),
        str(container.get("message_ts") or message.get("ts")),
        str(thread) if thread else None,
    )


async def _clicked(
    body: dict[str, Any],
    context: AsyncBoltContext,
    client: AsyncWebClient,
    diagnosis_id: str | None = None,
) -> tuple[Runtime, StoredDiagnosis] | None:
    """
    The runtime and the diagnosis a button belongs to (its value, unless `diagnosis_id` is
    given), if the clicker may see it here.

    Otherwise the clicker is told privately that there is nothing to show, and None returned.
    """
    rt = runtime_of(context)
    rt.deps.background.track_current()
    diagnosis_id = diagnosis_id or body["actions"][0]["value"]
    channel, user, _, thread = _where(body)
    stored = await find_visible(rt, diagnosis_id, channel=channel, user=user)
    if stored is None:
        await client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread, **render_not_found(diagnosis_id, "en")
        )
        return None
    return rt, stored


async def on_rerun(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """Run the checks again and update the same message in place."""
    await ack()
    found = await _clicked(body, context, client)
    if found is None:
        return
    rt, stored = found
    channel, user, ts, thread = _where(body)
    # The stored text was redacted before it was kept. A picked failure stays picked.
    paste = Redacted(text=stored.text, redactions=())
    request = Request(
        paste,
        channel,
        user,
        thread_ts=thread or stored.thread_ts,
        update_ts=ts,
        chosen=stored.chosen,
        chosen_by=stored.chosen_by,
    )
    rt.deps.background.spawn(reply_to_paste(rt, client, request))


async def on_choose(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """
    A candidate picked: the same reply, updated in place, becomes that failure's full
    diagnosis with its checks, and the choice is recorded with the diagnosis.
    """
    await ack()
    choice = parse_choice(str(body["actions"][0].get("value", "")))
    found = await _clicked(body, context, client, choice[0] if choice else "-")
    if found is None or choice is None:
        return
    rt, stored = found
    channel, user, ts, thread = _where(body)
    if rt.deps.catalogue.find(choice[1]) is None:
        return
    request = Request(
        Redacted(text=stored.text, redactions=()),
        channel,
        user,
        thread_ts=thread or stored.thread_ts,
        update_ts=ts,
        chosen=choice[1],
        chosen_by=user,
        diagnosis_id=stored.diagnosis_id,
    )
    rt.deps.background.spawn(reply_to_paste(rt, client, request))


async def on_draft_email(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """Open the support-email modal at once: its trigger_id lives about three seconds."""
    await ack()
    found = await _clicked(body, context, client)
    if found is None:
        return
    _, stored = found
    channel, _, ts, thread = _where(body)
    diagnosis_id = stored.diagnosis_id
    email = escalation_of(stored)
    language = stored_language(stored)
    metadata = {"d": diagnosis_id, "c": channel, "t": thread or ts, "to": email.to}
    view = render_email_modal(
        to=email.to,
        subject=email.subject,
        body=email.body,
        language=language,
        private_metadata=json.dumps(metadata),
        note=attach_note(email, language),
    )
    await client.views_open(trigger_id=body["trigger_id"], view=view)


async def on_feedback(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """Record Resolved / Not helpful with the diagnosis and thank the person privately."""
    await ack()
    found = await _clicked(body, context, client)
    if found is None:
        return
    rt, stored = found
    action = body["actions"][0]
    diagnosis_id, verdict = action["value"], cast(Verdict, FEEDBACK_ACTIONS[action["action_id"]])
    channel, user, _, thread = _where(body)
    await rt.deps.repository.record_feedback(
        diagnosis_id, user=user, verdict=verdict, at=rt.deps.clock()
    )
    thanks = render_feedback_ack(verdict, diagnosis_id, stored_language(stored))
    await client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, **thanks)


async def on_open_mail(ack: AsyncAck) -> None:
    """
    A link button (the mail app, the alert thread): the browser opens the link; Slack still
    wants the click acknowledged.
    """
    await ack()


def register(app: AsyncApp) -> None:
    """Listen for every button the replies carry."""
    app.action(ACTION_RERUN)(on_rerun)
    app.action(ACTION_CHOOSE)(on_choose)
    app.action(ACTION_DRAFT_EMAIL)(on_draft_email)
    app.action(ACTION_RESOLVED)(on_feedback)
    app.action(ACTION_NOT_HELPFUL)(on_feedback)
    app.action(ACTION_OPEN_MAIL)(on_open_mail)
    app.action(ACTION_ALERT_THREAD)(on_open_mail)
