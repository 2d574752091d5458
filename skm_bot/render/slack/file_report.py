"""Replies to files uploaded in Slack: a certificate's inspection, or a private-key warning. Pure."""

from __future__ import annotations

from skm_bot.certs.inspect import Inspection
from skm_bot.certs.report import render_text as render_inspection
from skm_bot.core.labels import label
from skm_bot.core.language import Language
from skm_bot.render.slack import limits
from skm_bot.render.slack.blocks import Message, code_block, cut, escape, header, message, section


def render_certificate_report(inspection: Inspection, language: Language) -> Message:
    """A certificate inspection in the thread: what the file is and every finding."""
    # The header is plain_text, shown as written; the text fallback is mrkdwn, so escaped.
    title = label("slack_cert_title", language).format(filename=inspection.filename)
    emoji = ":x:" if inspection.errors else ":white_check_mark:"
    counts = label("slack_cert_counts", language).format(
        findings=len(inspection.findings), errors=len(inspection.errors)
    )
    summary = f"{emoji} {counts}"
    budget = limits.SECTION_TEXT - len(summary) - 1
    report = code_block(render_inspection(inspection, language), budget, "… (+{count})")
    fallback = f"{escape(title)}: {summary}"
    return message(fallback, [header(title), section(f"{summary}\n{report}")])


def render_key_upload_warning(filename: str, language: Language) -> Message:
    """A private key was uploaded: never opened, never echoed; delete and rotate."""
    text = label("slack_key_upload", language).format(filename=escape(cut(filename, 100)))
    return message(text, [section(f":rotating_light: {text}")])


def render_file_unreadable(filename: str, reason: str, language: Language) -> Message:
    """A certificate upload the bot could not fetch."""
    text = label("slack_cert_unreadable", language).format(
        filename=escape(cut(filename, 100)), reason=escape(cut(reason, 200))
    )
    return message(text, [section(f":warning: {text}")])
