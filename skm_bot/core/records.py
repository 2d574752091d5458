"""What the store keeps of a diagnosis, and feedback on it: plain records, no storage code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

Verdict = Literal["resolved", "not_helpful"]


@dataclass(frozen=True)
class StoredDiagnosis:
    """A diagnosis as kept: its redacted paste and its JSON, enough to show and re-run it."""

    diagnosis_id: str
    created_at: datetime
    language: str
    text: str
    document: dict[str, Any]
    profile: str | None = None
    channel: str | None = None
    thread_ts: str | None = None
    user: str | None = None
    # The failure a person picked among the candidates, and who picked it.
    chosen: str | None = None
    chosen_by: str | None = None


@dataclass(frozen=True)
class Feedback:
    """One person's verdict on a diagnosis."""

    diagnosis_id: str
    user: str
    verdict: Verdict
    at: datetime
