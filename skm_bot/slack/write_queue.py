"""
The Slack app's store writes, one at a time, for a store that takes one writer at a time.

SQLite lets one transaction write; another that finds the lock taken sleeps and polls (1, 2,
5, 10… up to 100 ms between looks) until it is free. Fifty mentions at once, each claiming its
message (which its first reply waits for) and later saving its diagnosis, spent most of their
time asleep: a claim took 0.4 s at the median and up to 2 s. Queued here, in arrival order, a
write waits only as long as the writes before it take to commit (a few ms each) and holds no
connection while it waits. Reads pass straight through. PostgreSQL takes row locks and needs
no queue.
"""

from __future__ import annotations

import asyncio
import weakref
from datetime import datetime
from typing import Any

from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.records import StoredDiagnosis, Verdict
from skm_bot.store.protocol import DiagnosisRepository


class QueuedWrites:
    """A DiagnosisRepository whose writes reach `inner` one at a time, first come first served."""

    def __init__(self, inner: DiagnosisRepository) -> None:
        self.inner = inner
        # One per event loop: a lock is bound to the loop it first waited on.
        self._turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def _turn(self) -> asyncio.Lock:
        return self._turns.setdefault(asyncio.get_running_loop(), asyncio.Lock())

    async def claim_event(self, event_id: str, *, at: datetime) -> bool:
        async with self._turn():
            return await self.inner.claim_event(event_id, at=at)

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
        async with self._turn():
            await self.inner.save_diagnosis(
                diagnosis,
                document=document,
                profile=profile,
                channel=channel,
                thread_ts=thread_ts,
                user=user,
                chosen_by=chosen_by,
            )

    async def record_feedback(
        self, diagnosis_id: str, *, user: str, verdict: Verdict, at: datetime
    ) -> None:
        async with self._turn():
            await self.inner.record_feedback(diagnosis_id, user=user, verdict=verdict, at=at)

    async def find_by_request_id(self, request_id: str) -> StoredDiagnosis | None:
        return await self.inner.find_by_request_id(request_id)
