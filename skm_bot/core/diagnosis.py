"""The diagnosis: one pure function from a redacted paste to everything the bot says about it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime

from skm_bot.core.catalogue import Catalogue
from skm_bot.core.check_result import CheckResult
from skm_bot.core.extraction import envelope_message, extract_facts
from skm_bot.core.facts import Facts
from skm_bot.core.found_facts import FoundFact, found_facts
from skm_bot.core.interpretation import Stance, candidates_of, interpret, reported_of
from skm_bot.core.labels import label
from skm_bot.core.language import Language, detect_language
from skm_bot.core.matching import Match
from skm_bot.core.normal_form import fold
from skm_bot.core.other_systems import OtherSystem
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
    # How sure the reply sounds (core.interpretation): stated, probable, ask, chosen, unknown,
    # not_skm.
    stance: Stance = "unknown"
    # The paste names SKM (its name, host, headers or envelope).
    about_skm: bool = False
    # What the paste is about instead, when it is not SKM's.
    other_system: OtherSystem | None = None
    # The failure a person picked among the candidates.
    chosen: str | None = None
    # The checks planned are the general ones (nothing specific recognised).
    general_checks: bool = False

    @property
    def candidates(self) -> tuple[Match, ...]:
        """The failures the reply asks about ("Is it one of these?"); () unless it asks."""
        return candidates_of(self.matches, self.stance)

    @property
    def reported(self) -> tuple[Match, ...]:
        """The failures the reply states or offers as probable (or the one chosen)."""
        return reported_of(self.matches, self.stance)

    @property
    def wants_general_checks(self) -> bool:
        """Nothing specific recognised in a paste about SKM: the checks for any failure help."""
        return self.about_skm and self.stance in ("unknown", "ask")

    @property
    def found(self) -> tuple[FoundFact, ...]:
        """The facts the checks found that the paste did not hold (a version, a keystore)."""
        return found_facts(self.facts, self.checks)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of secret removed from the paste, in the order first seen."""
        return tuple(r.kind for r in self.redactions)

    def with_checks(self, checks: tuple[CheckResult, ...]) -> Diagnosis:
        """The same diagnosis with check results attached."""
        return replace(self, checks=checks)


_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"


def make_diagnosis_id(redacted_text: str, now: datetime) -> str:
    """A short id, stable for the same paste at the same moment: `skm-` and 12 base32 letters."""
    digest = hashlib.sha256(f"{now.isoformat()}\n".encode())
    digest.update(redacted_text.encode())
    # 12 base32 letters (RFC 4648's alphabet, in lower case) are the digest's first 60 bits,
    # spelt here directly: base64.b32encode is a Python loop that cost more than the hash.
    bits = int.from_bytes(digest.digest()[:8], "big") >> 4
    return "skm-" + "".join(_BASE32[(bits >> shift) & 31] for shift in range(55, -1, -5))


def plan_checks(matches: tuple[Match, ...]) -> tuple[str, ...]:
    """The checks the reported failures call for, best match's first, each once."""
    planned: dict[str, None] = {}
    for m in matches:
        planned.update(dict.fromkeys(m.checks))
    return tuple(planned)


def plan_steps(
    matches: tuple[Match, ...],
    operation: str | None,
    language: Language,
    *,
    stance: Stance = "unknown",
    other: OtherSystem | None = None,
) -> tuple[str, ...]:
    """Numbered steps: each reported failure's (its sub-cause's, its operation's), or what next."""
    if other is not None:
        first = "not_skm_chat_step" if other.kind == "everyday" else "not_skm_step_1"
        return (label(first, language), label("not_skm_step_2", language))
    if stance == "ask":
        return (label("ask_step_1", language), label("no_match_step_1", language))
    if not matches:
        return (label("no_match_step_1", language), label("no_match_step_2", language))
    steps: dict[str, None] = {}
    for m in matches:
        steps.update(dict.fromkeys(m.entry.steps_for(operation, language, m.sub_cause)))
    return tuple(steps)


def diagnose(
    paste: Redacted,
    *,
    now: datetime,
    catalogue: Catalogue,
    language: Language | None = None,
    chosen: str | None = None,
) -> Diagnosis:
    """
    Diagnose a redacted paste: interpret, extract and plan. No I/O; the clock is `now`.

    `chosen` is the failure a person picked among the candidates of an earlier reply: the
    diagnosis is then that failure's, with its checks and steps.
    """
    form = fold(paste.text, lowered=paste.lowered)
    message = envelope_message(form.text, form.folded)
    seen = interpret(form, catalogue, result_message=message, chosen=chosen)
    # Another system's IDs (an ARN's UUID, a Vault request id) are not SKM facts.
    facts = extract_facts(
        form.text, lowered=form.folded, skm=seen.other_system is None, result_message=message
    )
    reply_language = language or detect_language(paste.text)
    # What the reply reports decides the plan: computed here so the diagnosis is built once.
    reported = reported_of(seen.matches, seen.stance)
    return Diagnosis(
        diagnosis_id=make_diagnosis_id(paste.text, now),
        created_at=now,
        language=reply_language,
        text=paste.text,
        matches=seen.matches,
        facts=facts,
        redactions=paste.redactions,
        planned_checks=plan_checks(reported),
        checks=(),
        steps=plan_steps(
            reported, facts.operation, reply_language, stance=seen.stance, other=seen.other_system
        ),
        stance=seen.stance,
        about_skm=seen.about_skm,
        other_system=seen.other_system,
        chosen=chosen,
    )
