"""A watch finding's Slack thread as Block Kit: the top message and the notes under it. Pure."""

from __future__ import annotations

from functools import partial
from typing import Any

from skm_bot.core.language import Language
from skm_bot.core.watch.dates import stamp
from skm_bot.core.watch.model import Severity
from skm_bot.core.watch.texts import WatchTexts, load_texts
from skm_bot.core.watch.threads import FindingNote, Tracked, WatchMessage, WatchRenderer
from skm_bot.render.slack import limits
from skm_bot.render.slack.blocks import context, cut, escape, header, section

MARK = {Severity.CRITICAL: "🔴", Severity.WARNING: "🟠", Severity.INFO: "🔵"}
COLOR = {Severity.CRITICAL: "#d93025", Severity.WARNING: "#f2a600", Severity.INFO: "#1d9bd1"}
ENDED = {"resolved": ("✅", "#2eb67d"), "lapsed": ("⚫", "#616061")}


def watch_renderer(language: Language, texts: WatchTexts | None = None) -> WatchRenderer:
    """The renderer the store is handed: every message of the watch's threads in `language`."""
    return partial(render_watch_message, language=language, texts=texts or load_texts())


def render_watch_message(
    content: WatchMessage, *, language: Language, texts: WatchTexts
) -> dict[str, Any]:
    """Any planned thread message as the Slack message that shows it."""
    if isinstance(content, FindingNote):
        return render_note(content, language=language, texts=texts)
    return render_top(content.tracked, language=language, texts=texts)


def headline(tracked: Tracked, *, language: Language, texts: WatchTexts) -> str:
    """The top's first line: how it stands (severity, or resolved / ended) and what it is."""
    finding = tracked.finding
    title = texts.title(finding.kind, language)
    if tracked.status in ENDED:
        mark = ENDED[tracked.status][0]
        word = texts.label("state", tracked.status, language)
    else:
        mark = MARK[finding.severity]
        word = texts.label("severity", finding.severity, language)
    return f"{mark} {word.upper()}: {title}"


def render_top(tracked: Tracked, *, language: Language, texts: WatchTexts) -> dict[str, Any]:
    """The top message: the finding, what to do, and the facts that identify it."""
    finding = tracked.finding
    head = headline(tracked, language=language, texts=texts)
    summary = escape(texts.summary(finding, language))
    fix = escape(texts.fix(finding, language))
    facts = [
        f"{texts.label('ui', 'profile', language)} `{escape(finding.profile)}`",
        f"`{escape(finding.subject)}`",
    ]
    if finding.due is not None:
        facts.append(f"{texts.label('ui', 'due', language)} {stamp(finding.due)}")
    facts += [f"`{finding.check}`", f"`{finding.id}`"]
    line = " · ".join(facts)
    color = ENDED[tracked.status][1] if tracked.status in ENDED else COLOR[finding.severity]
    blocks = [
        header(head),
        section(summary),
        section(f"*{texts.label('ui', 'fix', language)}:* {fix}"),
        context(line),
    ]
    return {
        "text": cut(f"{head}: {summary}", limits.MESSAGE_TEXT),
        "attachments": [{"color": color, "blocks": blocks}],
    }


def render_note(note: FindingNote, *, language: Language, texts: WatchTexts) -> dict[str, Any]:
    """The thread note saying what changed."""
    finding = note.tracked.finding
    severity = texts.label("severity", finding.severity, language)
    before = texts.label("severity", note.before, language) if note.before else ""
    text = texts.note(
        note.change,
        language,
        summary=texts.summary(finding, language),
        severity=severity,
        before=before,
    )
    return {"text": cut(escape(text), limits.MESSAGE_TEXT)}
