"""The diagnosis: one pure function from a paste to everything the bot says about it."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from skm_bot.core.catalogue import Catalogue, KnownError, load_catalogue
from skm_bot.core.check_result import CheckResult
from skm_bot.core.extraction import extract_facts
from skm_bot.core.facts import Facts
from skm_bot.core.labels import label
from skm_bot.core.language import Language, detect_language
from skm_bot.core.matching import Match, match
from skm_bot.core.redaction import Redaction, redact
from skm_bot.errors import InputError
from skm_bot.render.support_email import DEFAULT_SUPPORT_EMAIL, Escalation, build_escalation

MAX_PASTE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Diagnosis:
    """Everything known about one paste: the same object feeds every renderer."""

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
    support_email: str
    catalogue: Catalogue = field(repr=False, compare=False)

    @property
    def escalation(self) -> Escalation:
        """The support email, rebuilt from the current state (checks included)."""
        return build_escalation(self, to=self.support_email)

    def catalogue_entry(self, error_id: str) -> KnownError:
        """The catalogue entry behind a match."""
        return self.catalogue.get(error_id)

    def with_checks(self, checks: tuple[CheckResult, ...]) -> Diagnosis:
        """The same diagnosis with check results attached."""
        return replace(self, checks=checks)

    def to_json(self) -> dict[str, Any]:
        """The CLI's stable JSON contract."""
        escalation = self.escalation
        return {
            "diagnosis_id": self.diagnosis_id,
            "language": self.language,
            "matches": [
                {"error": m.error_id, "confidence": m.confidence, "evidence": list(m.evidence)}
                for m in self.matches
            ],
            "facts": self.facts.to_json(),
            "redactions": [{"kind": r.kind, "count": r.count} for r in self.redactions],
            "checks": [
                {
                    "id": c.id,
                    "status": c.status.value,
                    "summary": c.summary,
                    "details": list(c.details),
                }
                for c in self.checks
            ],
            "steps": list(self.steps),
            "escalation": {
                "to": escalation.to,
                "subject": escalation.subject,
                "body": escalation.body,
            },
        }


def check_paste_size(text: str) -> None:
    """Refuse a paste over the size limit with a message a person can act on."""
    # Counting UTF-8 bytes costs an encode; skip it when even four bytes a character would fit.
    if len(text) * 4 <= MAX_PASTE_BYTES:
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_PASTE_BYTES:
        raise InputError(
            f"the paste is {size:,} bytes; the limit is {MAX_PASTE_BYTES:,} bytes (1 MiB). "
            "Paste the failing request and its response, or split the log."
        )


def make_diagnosis_id(redacted_text: str, now: datetime) -> str:
    """A short id, stable for the same paste at the same moment: `skm-` and 12 base32 letters."""
    digest = hashlib.sha256(f"{now.isoformat()}\n{redacted_text}".encode()).digest()
    return "skm-" + base64.b32encode(digest).decode("ascii")[:12].lower()


def plan_checks(matches: list[Match], catalogue: Catalogue) -> tuple[str, ...]:
    """The checks the recognised failures call for, best match's first, each once."""
    planned: dict[str, None] = {}
    for m in matches:
        planned.update(dict.fromkeys(catalogue.get(m.error_id).checks))
    return tuple(planned)


def plan_steps(
    matches: list[Match], catalogue: Catalogue, operation: str | None, language: Language
) -> tuple[str, ...]:
    """Numbered steps: each recognised failure's, for the operation when the guide has them."""
    if not matches:
        return (label("no_match_step_1", language), label("no_match_step_2", language))
    steps: dict[str, None] = {}
    for m in matches:
        steps.update(dict.fromkeys(catalogue.get(m.error_id).steps_for(operation, language)))
    return tuple(steps)


def diagnose(
    text: str,
    *,
    now: datetime,
    catalogue: Catalogue | None = None,
    language: Language | None = None,
    support_email: str = DEFAULT_SUPPORT_EMAIL,
) -> Diagnosis:
    """
    Diagnose a paste: redact, extract, match and plan. No I/O; the clock is `now`.

    Raises InputError when the paste is over the size limit.
    """
    check_paste_size(text)
    catalogue = catalogue or load_catalogue()
    redacted = redact(text)
    facts = extract_facts(redacted.text)
    matches = match(redacted.text, catalogue, result_message=facts.result_message)
    chosen = language or detect_language(redacted.text)
    return Diagnosis(
        diagnosis_id=make_diagnosis_id(redacted.text, now),
        created_at=now,
        language=chosen,
        text=redacted.text,
        matches=tuple(matches),
        facts=facts,
        redactions=redacted.redactions,
        planned_checks=plan_checks(matches, catalogue),
        checks=(),
        steps=plan_steps(matches, catalogue, facts.operation, chosen),
        support_email=support_email,
        catalogue=catalogue,
    )
