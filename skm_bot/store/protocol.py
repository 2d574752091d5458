"""What the Slack app and the webhooks need from a store, as a protocol."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.records import StoredDiagnosis, Verdict


class DiagnosisRepository(Protocol):
    """Diagnoses, the request IDs that find them, feedback, and delivered-event dedup."""

    async def save_diagnosis(
        self,
        diagnosis: Diagnosis,
        *,
        document: dict[str, Any],
        profile: str | None = None,
        channel: str | None = None,
        thread_ts: str | None = None,
        user: str | None = None,
        chosen_by: str | None = None,
    ) -> None:
        """
        Keep a (redacted) diagnosis with its rendered JSON `document`, and index its id and
        every request ID it names. Saving a diagnosis id again replaces it: a picked candidate
        (`diagnosis.chosen`, picked by `chosen_by`) is recorded with the diagnosis it turns.
        """

    async def find_by_request_id(self, request_id: str) -> StoredDiagnosis | None:
        """The newest diagnosis that named `request_id` (a diagnosis id counts too)."""

    async def record_feedback(
        self, diagnosis_id: str, *, user: str, verdict: Verdict, at: datetime
    ) -> None:
        """Record a verdict; a person's later verdict replaces their earlier one."""

    async def claim_event(self, event_id: str, *, at: datetime) -> bool:
        """True the first time `event_id` is claimed, False for every redelivery."""
