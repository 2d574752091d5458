"""
The weekly digest as a Slack message: the week's numbers, the failures by kind, and the words
for its chart (file name, title, alt text). Pure.

The message goes out with the chart, as the blocks of a file share (files.completeUploadExternal),
so it uses only section and context blocks: Slack refuses some others there.
"""

from __future__ import annotations

from typing import Any

from skm_bot.core.catalogue import Catalogue
from skm_bot.core.digest import Digest
from skm_bot.core.language import Language
from skm_bot.core.phrases import phrase
from skm_bot.render.digest_report import span_words, summary_values
from skm_bot.render.report_words import failure_title
from skm_bot.render.slack import limits
from skm_bot.render.slack.blocks import (
    Block,
    Message,
    context,
    cut,
    escape,
    message,
    mrkdwn,
    section,
)

# Alt text of an uploaded image: Slack takes up to 1000 characters.
ALT_TEXT = 1000
MAX_KINDS = 20


def render_digest(
    digest: Digest, *, language: Language, catalogue: Catalogue, chart: bool
) -> Message:
    """The digest message; `chart` says a chart goes with it (the note under it says so)."""
    title = span_words(digest, language)
    values = summary_values(digest, language)
    fields = [
        mrkdwn(cut(f"*{escape(name)}*\n{escape(value)}", limits.FIELD_TEXT))
        for name, value in values
    ]
    blocks: list[Block] = [
        section(f"*{escape(title)}*"),
        {"type": "section", "fields": fields},
        _kinds(digest, language, catalogue),
    ]
    notes = [phrase("digest.counted").text(language)]
    if chart:
        notes.insert(0, phrase("digest.chart_note").text(language))
    blocks.append(context(*notes))
    text = f"{title}: " + "; ".join(f"{name} {value}" for name, value in values)
    return message(text, blocks)


def render_digest_file(digest: Digest, *, language: Language) -> dict[str, Any]:
    """The chart's file name, title and alt text (for screen readers), as the upload takes them."""
    first, last = digest.days[0], digest.days[-1]
    kinds = ", ".join(f"{k.error_id or '-'} {k.failures}" for k in digest.kinds)
    alt = phrase("digest.alt", start=first.isoformat(), end=last.isoformat(), kinds=kinds)
    return {
        "filename": f"skm-digest-{first.isoformat()}.png",
        "title": span_words(digest, language),
        "alt_txt": cut(alt.text(language), ALT_TEXT),
    }


def _kinds(digest: Digest, language: Language, catalogue: Catalogue) -> Block:
    if not digest.kinds:
        return section(phrase("digest.no_failures").text(language))
    lines = [f"*{escape(phrase('digest.by_kind').text(language))}*"]
    for kind in digest.kinds[:MAX_KINDS]:
        title = escape(failure_title(catalogue, kind.error_id, language))
        code = f" `{kind.error_id}`" if kind.error_id else ""
        value = phrase("digest.kind_value", count=kind.failures, resolved=kind.resolved)
        lines.append(f"• {title}{code}: {value.text(language)}")
    return section("\n".join(lines))
