"""A pasted failure an open alert group already covers: the "known issue" note, as Block Kit. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from skm_bot.core.alert_groups import OpenAlert
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.labels import label
from skm_bot.core.language import Language
from skm_bot.render.slack.blocks import (
    Block,
    Message,
    button,
    context,
    cut,
    escape,
    message,
    section,
)
from skm_bot.render.slack.diagnosis import render_diagnosis

# A link button: Slack still sends the click, which the app only acknowledges.
ACTION_ALERT_THREAD = "open_alert_thread"
BLOCK_KNOWN_ISSUE = "skm_known_issue"


def known_issue_blocks(alert: OpenAlert | None, language: Language) -> tuple[Block, ...]:
    """The known-issue note (with a link to the alert's thread once it is posted); () for None."""
    if alert is None:
        return ()
    title = escape(cut(alert.title, 200))
    text = f":rotating_light: *{label('slack_known_issue', language).format(title=title)}*\n"
    text += label("slack_known_issue_counts", language).format(
        count=alert.counter, reports=alert.reports
    )
    block = section(text, block_id=BLOCK_KNOWN_ISSUE)
    link = alert.permalink
    if link is None:
        return (block, context(label("slack_known_issue_no_thread", language)))
    block["accessory"] = button(
        label("slack_known_issue_thread", language), ACTION_ALERT_THREAD, url=link
    )
    return (block,)


def render_known_issue(
    diagnosis: Diagnosis,
    *,
    profile: str | None,
    alert: OpenAlert | None,
    chosen_by: str | None = None,
    unusable: Sequence[str] = (),
) -> Message:
    """The reply to a paste: with the known-issue note first when an alert group covers it."""
    lang = diagnosis.language
    reply = render_diagnosis(
        diagnosis,
        profile=profile,
        before_checks=known_issue_blocks(alert, lang),
        chosen_by=chosen_by,
        unusable=unusable,
    )
    if alert is None:
        return reply
    known = label("slack_known_issue", lang).format(title=escape(cut(alert.title, 200)))
    return message(f"{known} {reply['text']}", reply["blocks"])
