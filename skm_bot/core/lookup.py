"""
Request-ID lookup: is a paste just an ID, and what changed since a stored diagnosis was made.

`looks_like_request_id` is pure; `rediagnose` re-runs the checks on the stored (redacted) text;
`render_changes` says in a few lines what is different now. The CLI (`skm-bot diagnose <id>`)
and the Slack app (`/skm <id>`, or a pasted ID) use all three.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from skm_bot.core.diagnosis import Diagnosis
from skm_bot.store.protocol import StoredDiagnosis
from skm_bot.usecases.diagnose import diagnose_and_check

_DIAGNOSIS_ID = re.compile(r"skm-[a-z2-7]{12}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9._:-]{6,128}")
_DIGIT = re.compile(r"\d")
# Slack wraps a pasted ID in backticks or formatting; those are not part of it.
_WRAPPING = "`*_~\"' "


def looks_like_request_id(text: str) -> str | None:
    """
    The ID when the whole paste is one: a diagnosis id (`skm-` + 12 base32 letters), a UUID, or a
    single token of 6–128 `[A-Za-z0-9._:-]` characters with at least one digit. Else None.
    """
    candidate = text.strip().strip(_WRAPPING)
    if not candidate or any(c.isspace() for c in candidate):
        return None
    if _DIAGNOSIS_ID.fullmatch(candidate.lower()) or _UUID.fullmatch(candidate):
        return candidate
    if _TOKEN.fullmatch(candidate) and _DIGIT.search(candidate):
        return candidate
    return None


@dataclass(frozen=True)
class CheckChange:
    """One check whose status differs between then and now (None: it did not run then/now)."""

    check_id: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Rediagnosis:
    """A stored diagnosis run again: the new Diagnosis and what changed."""

    stored: StoredDiagnosis
    diagnosis: Diagnosis
    check_changes: tuple[CheckChange, ...]
    matches_added: tuple[str, ...]
    matches_removed: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """True when anything differs."""
        return bool(self.check_changes or self.matches_added or self.matches_removed)


Rerun = Callable[..., Awaitable[Diagnosis]]


async def rediagnose(
    stored: StoredDiagnosis, *, now: datetime, rerun: Rerun = diagnose_and_check, **options: Any
) -> Rediagnosis:
    """
    Re-run the diagnosis and its checks on the stored redacted text, and compare.

    `options` go to `diagnose_and_check` (profile, api, language, catalogue, timeouts).
    """
    options.setdefault("language", stored.language)
    diagnosis = await rerun(stored.text, now=now, **options)
    return compare(stored, diagnosis)


def compare(stored: StoredDiagnosis, diagnosis: Diagnosis) -> Rediagnosis:
    """What differs between a stored diagnosis document and a new diagnosis."""
    before_checks = _statuses(stored.document.get("checks", []))
    after_checks = {c.id: c.status.value for c in diagnosis.checks}
    changes = tuple(
        CheckChange(check_id, before_checks.get(check_id), after_checks.get(check_id))
        for check_id in dict.fromkeys([*before_checks, *after_checks])
        if before_checks.get(check_id) != after_checks.get(check_id)
    )
    before_matches = [m.get("error") for m in stored.document.get("matches", [])]
    after_matches = [m.error_id for m in diagnosis.matches]
    return Rediagnosis(
        stored=stored,
        diagnosis=diagnosis,
        check_changes=changes,
        matches_added=tuple(m for m in after_matches if m not in before_matches),
        matches_removed=tuple(str(m) for m in before_matches if m not in after_matches),
    )


def _statuses(checks: Any) -> Mapping[str, str]:
    return {str(c["id"]): str(c["status"]) for c in checks if isinstance(c, dict) and "id" in c}


def render_changes(result: Rediagnosis) -> str:
    """'What changed since' as plain lines (Slack mrkdwn-safe)."""
    when = result.stored.created_at.strftime("%Y-%m-%d %H:%M UTC")
    head = f"What changed since {result.stored.diagnosis_id} ({when}):"
    if not result.changed:
        return f"{head}\n• nothing: the same failures and the same check results."
    lines = [head]
    lines += [
        f"• check {c.check_id}: {c.before or 'not run'} → {c.after or 'not run'}"
        for c in result.check_changes
    ]
    lines += [f"• now also recognised: {m}" for m in result.matches_added]
    lines += [f"• no longer recognised: {m}" for m in result.matches_removed]
    return "\n".join(lines)


def render_unknown(request_id: str) -> str:
    """The answer for an ID the store has never seen."""
    return (
        f"I have no diagnosis that mentions `{request_id}`. IDs are kept from pastes and alerts "
        "this bot has seen; paste the failing request and its response to diagnose it."
    )
