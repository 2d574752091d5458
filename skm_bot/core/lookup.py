"""
Request-ID lookup, the pure part: is a paste just an ID, and what changed since a stored diagnosis.

`looks_like_request_id` reads a (redacted) paste; `reopen` turns a stored diagnosis back into a
Diagnosis to check again; `compare` says what differs between then and now. The use case
`skm_bot.usecases.rediagnose` runs the checks in between; the renderers show the result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from skm_bot.core.catalogue import Catalogue, KnownError
from skm_bot.core.diagnosis import Diagnosis, diagnose
from skm_bot.core.language import Language, parse_language
from skm_bot.core.records import StoredDiagnosis
from skm_bot.core.redaction import Redacted

_DIAGNOSIS_ID = re.compile(r"skm-[a-z2-7]{12}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9._:-]{6,128}")
_DIGIT = re.compile(r"\d")
# Slack wraps a pasted ID in backticks or formatting; those are not part of it.
_WRAPPING = "`*_~\"' "
# Nor is the punctuation a sentence ends it with ("req-7f3a9b2c?"); extraction, which indexes
# the IDs of a paste, leaves it out too.
_TRAILING = ".,:;?!。、？！"


def looks_like_request_id(paste: Redacted) -> str | None:
    """
    The ID when the whole (redacted) paste is one: a diagnosis id (`skm-` + 12 base32 letters),
    a UUID, or a single token of 6–128 `[A-Za-z0-9._:-]` characters with at least one digit.
    Else None. A paste that held a secret is never an ID: it gets the redaction warning.
    """
    if paste.redactions:
        return None
    candidate = paste.text.strip().strip(_WRAPPING).rstrip(_TRAILING).strip(_WRAPPING)
    if not candidate or any(c.isspace() for c in candidate):
        return None
    if _DIAGNOSIS_ID.fullmatch(candidate.lower()) or _UUID.fullmatch(candidate):
        return candidate
    if _TOKEN.fullmatch(candidate) and _DIGIT.search(candidate):
        return candidate
    return None


def stored_language(stored: StoredDiagnosis) -> Language:
    """The stored diagnosis's language (English if the store holds something unexpected)."""
    try:
        return parse_language(stored.language)
    except ValueError:
        return "en"


def reopen(
    stored: StoredDiagnosis,
    *,
    now: datetime,
    catalogue: Catalogue,
    language: Language | None = None,
) -> Diagnosis:
    """
    The stored diagnosis diagnosed again, offline, in `language` (default: its own).

    The stored text was redacted before it was kept, so it is a paste as it is. A failure a
    person picked among the candidates stays picked.
    """
    paste = Redacted(text=stored.text, redactions=())
    reply_language = language or stored_language(stored)
    picked = stored.chosen if stored.chosen and catalogue.find(stored.chosen) else None
    return diagnose(paste, now=now, catalogue=catalogue, language=reply_language, chosen=picked)


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
    # The catalogue entries of the failures added or removed, for their titles.
    entries: Mapping[str, KnownError]

    @property
    def changed(self) -> bool:
        """True when anything differs."""
        return bool(self.check_changes or self.matches_added or self.matches_removed)


def compare(stored: StoredDiagnosis, diagnosis: Diagnosis, *, catalogue: Catalogue) -> Rediagnosis:
    """What differs between a stored diagnosis document and a new diagnosis."""
    before_checks = _statuses(stored.document.get("checks", []))
    after_checks = {c.id: c.status.value for c in diagnosis.checks}
    changes = tuple(
        CheckChange(check_id, before_checks.get(check_id), after_checks.get(check_id))
        for check_id in dict.fromkeys([*before_checks, *after_checks])
        if before_checks.get(check_id) != after_checks.get(check_id)
    )
    before_matches = [str(m.get("error")) for m in _dicts(stored.document.get("matches", []))]
    after_matches = [m.error_id for m in diagnosis.matches]
    added = tuple(m for m in after_matches if m not in before_matches)
    removed = tuple(m for m in before_matches if m not in after_matches)
    entries = {e: entry for e in (*added, *removed) if (entry := catalogue.find(e)) is not None}
    return Rediagnosis(
        stored=stored,
        diagnosis=diagnosis,
        check_changes=changes,
        matches_added=added,
        matches_removed=removed,
        entries=MappingProxyType(entries),
    )


def _dicts(items: Any) -> list[dict[str, Any]]:
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _statuses(checks: Any) -> Mapping[str, str]:
    return {str(c["id"]): str(c["status"]) for c in _dicts(checks) if "id" in c}
