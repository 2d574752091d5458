"""
Slack replies for a request-ID lookup, as Block Kit. Pure.

* `render_lookup`: a stored diagnosis re-run, with a "what changed since <time>" section.
* `render_unknown_id`: an ID with no diagnosis that may be shown here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from skm_bot.core.check_result import Status
from skm_bot.core.labels import label
from skm_bot.core.language import Language
from skm_bot.core.lookup import CheckChange, Rediagnosis
from skm_bot.render.slack import limits
from skm_bot.render.slack.blocks import (
    Block,
    Message,
    context,
    cut,
    cut_lines,
    escape,
    message,
    section,
)
from skm_bot.render.slack.diagnosis import STATUS_EMOJI, render_diagnosis

NEW_EMOJI = ":new:"
GONE_EMOJI = ":wastebasket:"


def utc_text(when: datetime) -> str:
    """`2026-01-02 03:04 UTC`: the fallback wherever Slack cannot localise a date."""
    return when.strftime("%Y-%m-%d %H:%M UTC")


def slack_date(when: datetime) -> str:
    """A date Slack shows in each reader's own time zone, with the UTC text as its fallback."""
    return f"<!date^{int(when.timestamp())}^{{date_short_pretty}} {{time}}|{utc_text(when)}>"


def _status(value: str | None, language: Language) -> str:
    if value is None:
        return label("slack_not_run", language)
    known = {s.value: s for s in Status}.get(value)
    return f"{STATUS_EMOJI[known]} {value}" if known else escape(value)


def _check_line(change: CheckChange, language: Language) -> str:
    before = _status(change.before, language)
    after = _status(change.after, language)
    return f"`{escape(change.check_id)}`  {before} → {after}"


def _title_of(result: Rediagnosis, error_id: str) -> str:
    """The failure's title in the reply's language; its id when the catalogue lost it."""
    entry = result.entries.get(error_id)
    if entry is None:
        return f"`{escape(error_id)}`"
    return entry.title.get(result.diagnosis.language)


def change_lines(result: Rediagnosis) -> list[str]:
    """One line per changed check, failure now recognised, failure no longer recognised."""
    lang = result.diagnosis.language
    if not result.changed:
        return [label("slack_changed_nothing", lang)]
    lines = [_check_line(c, lang) for c in result.check_changes]
    now_seen = label("slack_now_recognised", lang)
    lines += [f"{NEW_EMOJI} {now_seen}: {_title_of(result, m)}" for m in result.matches_added]
    gone = label("slack_no_longer_recognised", lang)
    lines += [f"{GONE_EMOJI} {gone}: {_title_of(result, m)}" for m in result.matches_removed]
    return lines


def changes_block(result: Rediagnosis) -> Block:
    """The "what changed since <time>" section, cut at a line boundary to fit."""
    lang = result.diagnosis.language
    title = label("slack_changed_since", lang).format(time=slack_date(result.stored.created_at))
    note = label("slack_cut", lang).replace("{diagnosis_id}", result.stored.diagnosis_id)
    budget = limits.SECTION_TEXT - len(title) - 5
    return section(f"*{title}*\n" + cut_lines(change_lines(result), budget, note))


def render_lookup(
    result: Rediagnosis, *, profile: str | None, unusable: Sequence[str] = ()
) -> Message:
    """
    A stored diagnosis run again: the usual reply under the stored diagnosis id (so its buttons
    act on it), a note that its checks ran again now, and what changed since it was made.
    """
    stored = result.stored
    diagnosis = replace(result.diagnosis, diagnosis_id=stored.diagnosis_id)
    lang = diagnosis.language
    note = label("slack_lookup_note", lang).format(time=slack_date(stored.created_at))
    reply = render_diagnosis(
        diagnosis,
        profile=profile,
        before_checks=(context(note),),
        after_steps=(changes_block(result),),
        unusable=unusable,
    )
    since = label("slack_changed_since", lang).format(time=utc_text(stored.created_at))
    summary = "; ".join(change_lines(result))
    return message(f"{reply['text']} · {since}: {summary}", reply["blocks"])


def render_unknown_id(query: str, language: Language) -> Message:
    """
    The plain answer for an ID with no diagnosis that may be shown here: one sentence and a
    hint. No diagnosis, no buttons, and so no support email about nothing.
    """
    shown = f"`{escape(cut(query, 100))}`"
    body = label("slack_unknown_id", language).format(query=shown)
    hint = label("slack_unknown_id_hint", language)
    return message(body, [section(body), context(hint)])
