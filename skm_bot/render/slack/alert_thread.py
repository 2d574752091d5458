"""
An alert group's Slack thread as Block Kit: the top message and the notes under it. Pure.

Every word of an alert comes from its sender, so everything shown as mrkdwn (the text fallback,
sections, context) is escaped: an alert cannot mention @channel or disguise a link.
"""

from __future__ import annotations

from typing import Any

from skm_bot.core.alert_groups import FiringNote, GroupState, Incoming, ReportNote, ThreadMessage
from skm_bot.render.slack.blocks import escape, escape_cut

FIRING_COLOR = "#d93025"
RESOLVED_COLOR = "#2eb67d"


def render_thread_message(content: ThreadMessage) -> dict[str, Any]:
    """Any planned thread message as the Slack message that shows it."""
    if isinstance(content, FiringNote):
        return render_note(content.incoming)
    if isinstance(content, ReportNote):
        return render_report(content)
    return render_top(content.state)


def render_report(note: ReportNote) -> dict[str, Any]:
    """The thread note for one more person pasting the same failure."""
    who = f"<@{note.user}>" if note.user else "Someone"
    return {"text": f"👋 {who} pasted the same failure (known issue, report #{note.reports})."}


def render_top(state: GroupState) -> dict[str, Any]:
    """The top message: red and counting while firing, green with a ✅ once resolved."""
    firing = state.status == "firing"
    status = "🔥 FIRING" if firing else "✅ RESOLVED"
    # A header is plain_text, which Slack shows as written: escaping would show "&lt;".
    header = f"{status}: {state.title}"
    facts = [f"seen {state.counter} time{'s' if state.counter != 1 else ''}"]
    if state.reports:
        facts.append(f"{state.reports} report{'s' if state.reports != 1 else ''} from people")
    for name, value in (
        ("error", state.error_id),
        ("profile", state.profile),
        ("diagnosis", state.diagnosis_id),
    ):
        if value:
            facts.append(f"{name} `{escape(value)}`")
    context = " · ".join(facts)
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": header[:150]}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": escape_cut(state.summary or "-", 3000)},
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": context[:3000]}]},
    ]
    return {
        "text": escape_cut(f"{status}: {state.title}", 3000) + f" ({context})"[:1000],
        "attachments": [{"color": FIRING_COLOR if firing else RESOLVED_COLOR, "blocks": blocks}],
    }


def render_note(item: Incoming) -> dict[str, Any]:
    """The thread note for a new firing or a resolution."""
    alert = item.alert
    mark = "🔥 Firing" if alert.status == "firing" else "✅ Resolved"
    line = f"{mark}: {escape_cut(alert.summary or alert.title, 3900)}"
    if item.diagnosis_id:
        line += f" (diagnosis `{item.diagnosis_id}`)"
    return {"text": line}
