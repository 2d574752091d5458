"""The support email in Slack: the editable modal, and the final email posted in the thread. Pure."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from skm_bot.core.labels import label
from skm_bot.core.language import Language
from skm_bot.render.slack import limits
from skm_bot.render.slack.blocks import (
    Message,
    actions,
    button,
    context,
    cut,
    escape,
    fit_lines,
    message,
    plain,
    section,
)
from skm_bot.render.slack.diagnosis import ACTION_OPEN_MAIL, VIEW_SUPPORT_EMAIL

SUBJECT_BLOCK = "email_subject"
BODY_BLOCK = "email_body"
INPUT_ACTION = "value"
SUBJECT_MAX = 250
# Mail clients and browsers cope with mailto: links of about 2000 characters; longer ones fail
# silently on some platforms, so the body in the link is cut to keep the whole URL under this.
MAILTO_MAX = 2000
_CHUNK = limits.SECTION_TEXT - 20
_MAX_CHUNKS = 10


def render_email_modal(
    *,
    to: str,
    subject: str,
    body: str,
    language: Language,
    private_metadata: str,
    note: str = "",
) -> dict[str, Any]:
    """
    The modal: the pre-filled subject and an editable multiline body. `note` is for the sender
    (the email can go as it is; what they could attach), shown beside the email, not in it.
    """
    to_line = f"*{label('slack_email_to', language)}:* {escape(to)}"
    return {
        "type": "modal",
        "callback_id": VIEW_SUPPORT_EMAIL,
        "private_metadata": private_metadata[: limits.PRIVATE_METADATA],
        "title": plain(label("slack_email_title", language), limits.VIEW_TITLE),
        "submit": plain(label("slack_email_submit", language), limits.VIEW_BUTTON),
        "close": plain(label("slack_email_cancel", language), limits.VIEW_BUTTON),
        "blocks": [
            context(to_line, escape(note)),
            _input(SUBJECT_BLOCK, label("slack_email_subject", language), subject, SUBJECT_MAX),
            {
                **_input(BODY_BLOCK, label("slack_email_body", language), body, limits.INPUT_VALUE),
                "hint": plain(label("slack_email_hint", language), limits.INPUT_HINT),
            },
        ],
    }


def _input(block_id: str, title: str, value: str, max_length: int) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": INPUT_ACTION,
        "initial_value": cut(value, max_length),
        "max_length": max_length,
    }
    if max_length > SUBJECT_MAX:
        element["multiline"] = True
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(title, limits.INPUT_LABEL),
        "element": element,
    }


def mailto_url(to: str, subject: str, body: str, *, limit: int = MAILTO_MAX) -> tuple[str, bool]:
    """A mailto: link with subject and body URL-encoded, the body cut to fit; and whether it was."""
    head = f"mailto:{quote(to, safe='@')}?subject={quote(subject, safe='')}&body="
    if len(head) + len(quote(body, safe="")) <= limit:
        return head + quote(body, safe=""), False
    low, high = 0, len(body)
    while low < high:
        mid = (low + high + 1) // 2
        if len(head) + len(quote(body[:mid] + "…", safe="")) <= limit:
            low = mid
        else:
            high = mid - 1
    return head + quote(body[:low] + "…", safe=""), True


def _body_chunks(body: str) -> list[str]:
    """The body in code blocks of whole lines, each inside a section's limit."""
    lines = escape(body.replace("```", "'''")).splitlines() or [" "]
    chunks: list[str] = []
    while lines and len(chunks) < _MAX_CHUNKS:
        kept, _ = fit_lines(lines, _CHUNK - 8)
        chunks.append("```\n" + "\n".join(kept) + "\n```")
        lines = lines[len(kept) :]
    return chunks


def render_email_posted(*, to: str, subject: str, body: str, language: Language) -> Message:
    """The final email in the thread: copyable code blocks and a mailto: button."""
    url, link_cut = mailto_url(to, subject, body)
    title = label("slack_email_ready", language)
    blocks = [
        section(
            f":email: *{title}*\n*{label('slack_email_to', language)}:* {escape(to)}\n"
            f"*{label('slack_email_subject', language)}:* {escape(cut(subject, SUBJECT_MAX))}"
        ),
        *[section(chunk) for chunk in _body_chunks(body)],
        actions(button(label("slack_email_open", language), ACTION_OPEN_MAIL, url=url)),
    ]
    if link_cut:
        blocks.append(context(label("slack_email_link_cut", language)))
    return message(f"{title}: {escape(subject)}", blocks)
