"""The diagnosis: one pure function from a redacted paste to everything the bot says about it."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, replace
from datetime import datetime

from skm_bot.core.catalogue import Catalogue
from skm_bot.core.check_result import CheckResult
from skm_bot.core.extraction import extract_facts
from skm_bot.core.facts import Facts
from skm_bot.core.labels import label
from skm_bot.core.language import Language, detect_language
from skm_bot.core.matching import Match, match
from skm_bot.core.redaction import Redacted, Redaction


@dataclass(frozen=True)
class Diagnosis:
    """
    Everything known about one paste: data only. The same object feeds every renderer.

    `text` is the redacted paste; each match carries its catalogue entry, so a renderer needs
    nothing but this object (and its own settings, such as the support address).
    """

    diagnosis_id: str
    created_at: datetime
    language: Language
    text: str
    matches: tuple[Match, ...]
    facts: Facts
    redactions: tuple[Redaction, ...]
    planned_checks: tuple[str, ...]
    checks: tuple[CheckResult, ...]
    steps: tuple[str, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of secret removed from the paste, in the order first seen."""
        return tuple(r.kind for r in self.redactions)

    def with_checks(self, checks: tuple[CheckResult, ...]) -> Diagnosis:
        """The same diagnosis with check results attached."""
        return replace(self, checks=checks)


def make_diagnosis_id(redacted_text: str, now: datetime) -> str:
    """A short id, stable for the same paste at the same moment: `skm-` and 12 base32 letters."""
    digest = hashlib.sha256(f"{now.isoformat()}\n{redacted_text}".encode()).digest()
    return "skm-" + base64.b32encode(digest).decode("ascii")[:12].lower()


def plan_checks(matches: list[Match]) -> tuple[str, ...]:
    """The checks the recognised failures call for, best match's first, each once."""
    planned: dict[str, None] = {}
    for m in matches:
        planned.update(dict.fromkeys(m.entry.checks))
    return tuple(planned)


def plan_steps(matches: list[Match], operation: str | None, language: Language) -> tuple[str, ...]:
    """Numbered steps: each recognised failure's, for the operation when the guide has them."""
    if not matches:
        return (label("no_match_step_1", language), label("no_match_step_2", language))
    steps: dict[str, None] = {}
    for m in matches:
        steps.update(dict.fromkeys(m.entry.steps_for(operation, language)))
    return tuple(steps)


def diagnose(
    paste: Redacted,
    *,
    now: datetime,
    catalogue: Catalogue,
    language: Language | None = None,
) -> Diagnosis:
    """Diagnose a redacted paste: extract, match and plan. No I/O; the clock is `now`."""
    facts = extract_facts(paste.text)
    matches = match(paste.text, catalogue, result_message=facts.result_message)
    chosen = language or detect_language(paste.text)
    return Diagnosis(
        diagnosis_id=make_diagnosis_id(paste.text, now),
        created_at=now,
        language=chosen,
        text=paste.text,
        matches=tuple(matches),
        facts=facts,
        redactions=paste.redactions,
        planned_checks=plan_checks(matches),
        checks=(),
        steps=plan_steps(matches, facts.operation, chosen),
    )
