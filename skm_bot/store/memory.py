"""The store protocol in dicts: for tests and for a run without a database."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.records import Feedback, StoredDiagnosis, Verdict


@dataclass
class InMemoryRepository:
    """A DiagnosisRepository in a dict: for tests and for a run without a store."""

    diagnoses: dict[str, StoredDiagnosis] = field(default_factory=dict)
    request_ids: dict[str, str] = field(default_factory=dict)
    feedback: dict[tuple[str, str], Feedback] = field(default_factory=dict)
    events: set[str] = field(default_factory=set)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)

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
        stored = StoredDiagnosis(
            diagnosis_id=diagnosis.diagnosis_id,
            created_at=diagnosis.created_at,
            language=diagnosis.language,
            text=diagnosis.text,
            document=document,
            profile=profile,
            channel=channel,
            thread_ts=thread_ts,
            user=user,
            chosen=diagnosis.chosen,
            chosen_by=chosen_by if diagnosis.chosen else None,
        )
        self.diagnoses[diagnosis.diagnosis_id] = stored
        for request_id in (diagnosis.diagnosis_id, *diagnosis.facts.request_ids):
            self.request_ids[request_id.lower()] = diagnosis.diagnosis_id

    async def find_by_request_id(self, request_id: str) -> StoredDiagnosis | None:
        found = self.request_ids.get(request_id.strip().lower())
        return self.diagnoses.get(found) if found else None

    async def record_feedback(
        self, diagnosis_id: str, *, user: str, verdict: Verdict, at: datetime
    ) -> None:
        self.feedback[(diagnosis_id, user)] = Feedback(diagnosis_id, user, verdict, at)

    async def claim_event(self, event_id: str, *, at: datetime) -> bool:
        async with self._lock:
            if event_id in self.events:
                return False
            self.events.add(event_id)
            return True
