"""
The Home tab as a Block Kit view, and the "Diagnose a paste" modal it opens. Pure.

The view stays within the Home tab's 100 blocks whatever the store holds: at most
`MAX_CARDS` profiles get a card (the rest are named on one line), each card shows at most
`MAX_FINDINGS` findings, and every text is cut to its block's limit.
"""

from __future__ import annotations

import json
from typing import Any

from skm_bot.core.catalogue import Catalogue
from skm_bot.core.home import HomeScreen, Notice, ProfileCard, RecentDiagnosis
from skm_bot.core.language import LANGUAGES, Language
from skm_bot.core.phrases import phrase
from skm_bot.core.watch.dates import stamp
from skm_bot.core.watch.model import ordered
from skm_bot.core.watch.texts import WatchTexts
from skm_bot.core.watch.threads import Tracked
from skm_bot.render.report_words import failure_title
from skm_bot.render.slack import limits
from skm_bot.render.slack.blocks import (
    Block,
    button,
    context,
    cut,
    escape,
    header,
    plain,
    section,
)
from skm_bot.render.slack.watch_thread import MARK

ACTION_HOME_RUN_WATCH = "home_run_watch"
ACTION_HOME_PASTE = "home_diagnose_paste"
VIEW_HOME = "skm_home"
VIEW_HOME_PASTE = "home_paste"
PASTE_BLOCK = "home_paste_text"
INPUT_ACTION = "value"
# 24 cards of at most 3 blocks, plus the head and the recent diagnoses, stay under 100 blocks.
MAX_CARDS = 24
MAX_FINDINGS = 5
# Each notice: its mark and its phrase.
_NOTICES: dict[Notice, tuple[str, str]] = {
    "running": ("⏳", "home.notice.running"),
    "busy": ("⏳", "home.notice.busy"),
    "done": ("✅", "home.notice.done"),
    "failed": ("⚠️", "home.notice.failed"),
}


def render_home(
    screen: HomeScreen,
    *,
    language: Language,
    catalogue: Catalogue,
    texts: WatchTexts,
    dm_channel: str | None = None,
) -> dict[str, Any]:
    """
    The Home tab of `screen.user`. `dm_channel` (the person's DM with the bot, from the
    app_home_opened event) and the language ride in private_metadata: the paste modal opens
    in that language at once, and its answer goes to that DM.
    """
    blocks = [
        header(phrase("home.title").text(language)),
        context(phrase("home.updated", time=stamp(screen.now)).text(language)),
        _paste_prompt(language),
        {"type": "divider"},
        header(phrase("home.profiles").text(language)),
        *_profiles(screen.profiles, language, texts),
        {"type": "divider"},
        header(phrase("home.recent").text(language)),
        _recent(screen.recent, language, catalogue),
    ]
    return {
        "type": "home",
        "callback_id": VIEW_HOME,
        "private_metadata": _metadata(dm_channel, language),
        "blocks": blocks[: limits.VIEW_BLOCKS],
    }


def render_paste_modal(*, language: Language, dm_channel: str | None) -> dict[str, Any]:
    """The modal with one multiline input; its submission is triaged as a DM would be."""
    return {
        "type": "modal",
        "callback_id": VIEW_HOME_PASTE,
        "private_metadata": _metadata(dm_channel, language),
        "title": plain(phrase("home.modal.title").text(language), limits.VIEW_TITLE),
        "submit": plain(phrase("home.modal.submit").text(language), limits.VIEW_BUTTON),
        "close": plain(phrase("home.modal.close").text(language), limits.VIEW_BUTTON),
        "blocks": [
            {
                "type": "input",
                "block_id": PASTE_BLOCK,
                "label": plain(phrase("home.modal.label").text(language), limits.INPUT_LABEL),
                "hint": plain(phrase("home.modal.hint").text(language), limits.INPUT_HINT),
                "element": {
                    "type": "plain_text_input",
                    "action_id": INPUT_ACTION,
                    "multiline": True,
                    "max_length": limits.INPUT_VALUE,
                },
            }
        ],
    }


def dm_channel_of(view: dict[str, Any]) -> str | None:
    """The DM channel a Home view or the paste modal carries (None when it carries none)."""
    found = _read_metadata(view).get("c")
    return found if isinstance(found, str) and found else None


def language_of(view: dict[str, Any]) -> Language:
    """The language a Home view or the paste modal was rendered in (English when unknown)."""
    found = _read_metadata(view).get("l")
    return next((language for language in LANGUAGES if language == found), "en")


def _metadata(dm_channel: str | None, language: Language) -> str:
    return json.dumps({"c": dm_channel, "l": language})


def _read_metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        found = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _paste_prompt(language: Language) -> Block:
    block = section(phrase("home.paste_intro").text(language))
    block["accessory"] = button(
        phrase("home.paste_button").text(language), ACTION_HOME_PASTE, style="primary"
    )
    return block


def _profiles(cards: tuple[ProfileCard, ...], language: Language, texts: WatchTexts) -> list[Block]:
    if not cards:
        return [section(phrase("home.no_profiles").text(language))]
    blocks = [b for card in cards[:MAX_CARDS] for b in _card(card, language, texts)]
    rest = cards[MAX_CARDS:]
    if rest:
        names = ", ".join(f"`{escape(c.name)}`" for c in rest)
        blocks.append(
            context(phrase("home.more_profiles", count=len(rest), names=names).text(language))
        )
    return blocks


def _card(card: ProfileCard, language: Language, texts: WatchTexts) -> list[Block]:
    """One profile: its watch line (and the run button), its notes, its open findings."""
    head = section(f"*{escape(card.name)}*\n{_watch_line(card, language)}")
    if card.can_run:
        head["accessory"] = button(
            phrase("home.run_button").text(language), ACTION_HOME_RUN_WATCH, value=card.name
        )
    blocks = [head]
    notes = _notes(card, language)
    if notes:
        blocks.append(context(*notes))
    if card.findings:
        blocks.append(section(_finding_lines(card.findings, language, texts)))
    return blocks


def _watch_line(card: ProfileCard, language: Language) -> str:
    if card.last_watch is None:
        watched = phrase("home.never_watched").text(language)
        if not card.findings:
            return watched
    else:
        watched = phrase("home.last_watch", time=stamp(card.last_watch.checked_at)).text(language)
    if not card.findings:
        return f"{watched} · ✅ {phrase('home.nothing_open').text(language)}"
    worst = ordered(t.finding for t in card.findings)[0].severity
    count = phrase("home.open_count", count=len(card.findings)).text(language)
    return f"{watched} · {MARK[worst]} {count}"


def _notes(card: ProfileCard, language: Language) -> list[str]:
    notes = []
    if card.notice is not None:
        mark, key = _NOTICES[card.notice]
        notes.append(f"{mark} {phrase(key).text(language)}")
    if card.problem is not None:
        notes.append(f"⚠️ {escape(phrase('home.unusable', problem=card.problem).text(language))}")
    if card.last_watch is not None and card.last_watch.gaps:
        gaps = "; ".join(card.last_watch.gaps)
        notes.append(escape(phrase("home.gaps", gaps=gaps).text(language)))
    return notes


def _finding_lines(findings: tuple[Tracked, ...], language: Language, texts: WatchTexts) -> str:
    lines = []
    for finding in ordered(t.finding for t in findings)[:MAX_FINDINGS]:
        line = f"{MARK[finding.severity]} *{escape(texts.title(finding.kind, language))}*: "
        line += escape(texts.summary(finding, language))
        lines.append(cut(line, limits.SECTION_TEXT // MAX_FINDINGS))
    left = len(findings) - len(lines)
    if left > 0:
        lines.append(phrase("home.more", count=left).text(language))
    return "\n".join(lines)


def _recent(recent: tuple[RecentDiagnosis, ...], language: Language, catalogue: Catalogue) -> Block:
    if not recent:
        return section(phrase("home.no_recent").text(language))
    lines = []
    for r in recent:
        title = escape(failure_title(catalogue, r.error_id, language))
        line = f"• {stamp(r.created_at)} · *{title}* · `{escape(r.diagnosis_id)}`"
        if r.channel and r.channel[:1] in ("C", "G"):
            line += f" · <#{r.channel}>"
        lines.append(line)
    return section("\n".join(lines))
