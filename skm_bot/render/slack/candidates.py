"""
"Is it one of these?": the candidates a reply asks about, each with why, and a button each.

A click on a candidate's button turns the reply, in place, into that failure's full diagnosis
with its checks (skm_bot.slack.actions). The button's value names the diagnosis and the
failure; the action ids share one prefix so one listener serves them all. Pure.
"""

from __future__ import annotations

import re

from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.labels import label
from skm_bot.render.slack.blocks import Block, actions, button, cut, escape, section

# Each candidate's button: `choose_failure_1`, `_2`, `_3` (ids must differ within a message).
ACTION_CHOOSE_PREFIX = "choose_failure_"
ACTION_CHOOSE = re.compile(rf"^{ACTION_CHOOSE_PREFIX}\d+$")
BLOCK_CANDIDATES = "skm_candidates"
_VALUE_SEPARATOR = "|"


def choice_value(diagnosis_id: str, error_id: str) -> str:
    """A candidate button's value: the diagnosis it belongs to and the failure it picks."""
    return f"{diagnosis_id}{_VALUE_SEPARATOR}{error_id}"


def parse_choice(value: str) -> tuple[str, str] | None:
    """(diagnosis id, failure id) from a candidate button's value; None if malformed."""
    diagnosis_id, separator, error_id = value.partition(_VALUE_SEPARATOR)
    if not separator or not diagnosis_id or not error_id:
        return None
    return diagnosis_id, error_id


def candidate_blocks(diagnosis: Diagnosis) -> list[Block]:
    """The question, each candidate with its title, message and why, then their buttons."""
    lang = diagnosis.language
    lines = [label("ask_intro", lang)]
    for n, candidate in enumerate(diagnosis.candidates, 1):
        entry = candidate.entry
        tier = label(f"tier_{candidate.tier}", lang)
        lines.append(
            f"*{n}. {escape(entry.title.get(lang))}* (`{entry.message}` · "
            f"{label('confidence', lang)} {candidate.confidence:.2f} · {tier})"
        )
        lines += [
            f"> {label('ask_why', lang)}: {escape(cut(ev, 200))}" for ev in candidate.evidence[:1]
        ]
    buttons = [
        button(
            f"{n}. {candidate.entry.title.get(lang)}",
            f"{ACTION_CHOOSE_PREFIX}{n}",
            value=choice_value(diagnosis.diagnosis_id, candidate.error_id),
        )
        for n, candidate in enumerate(diagnosis.candidates, 1)
    ]
    return [section("\n".join(lines)), actions(*buttons, block_id=BLOCK_CANDIDATES)]
