"""The Slack app's store writes, queued for a store that takes one writer at a time (SQLite)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.records import Verdict
from skm_bot.server.serve import build_deps
from skm_bot.settings import Settings
from skm_bot.slack.write_queue import QueuedWrites
from skm_bot.store.memory import InMemoryRepository
from tests.factories import NOW, diagnosed, document

pytestmark = pytest.mark.anyio

PASTE = '{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey","isSuccessful":false}}'


@dataclass
class OverlapStore(InMemoryRepository):
    """The in-memory store, noting how many writes were in it at once (the most ever)."""

    in_flight: int = 0
    most: int = 0
    reads: list[str] = field(default_factory=list)

    async def _write(self) -> None:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        # A real write hands the loop over several times (a thread per SQLite connection).
        for _ in range(3):
            await asyncio.sleep(0)
        self.in_flight -= 1

    async def claim_event(self, event_id: str, *, at: datetime) -> bool:
        await self._write()
        return await super().claim_event(event_id, at=at)

    async def save_diagnosis(self, diagnosis: Diagnosis, **kwargs: Any) -> None:
        await self._write()
        await super().save_diagnosis(diagnosis, **kwargs)

    async def record_feedback(
        self, diagnosis_id: str, *, user: str, verdict: Verdict, at: datetime
    ) -> None:
        await self._write()
        await super().record_feedback(diagnosis_id, user=user, verdict=verdict, at=at)


async def test_queued_writes_reach_the_store_one_at_a_time():
    """Claims, saves and feedback made at once go in one after another."""
    store = OverlapStore()
    queued = QueuedWrites(store)
    diagnosis = diagnosed(PASTE)

    await asyncio.gather(
        *(queued.claim_event(f"message:C1:{i}", at=NOW) for i in range(10)),
        queued.save_diagnosis(diagnosis, document=document(diagnosis)),
        queued.record_feedback(diagnosis.diagnosis_id, user="U1", verdict="resolved", at=NOW),
    )

    assert store.most == 1
    assert len(store.events) == 10
    assert await queued.find_by_request_id(diagnosis.diagnosis_id) is not None


async def test_queued_writes_claim_a_message_once():
    """Of many claims of one message at once, exactly one wins: one reply."""
    queued = QueuedWrites(OverlapStore())

    claims = await asyncio.gather(*(queued.claim_event("message:C1:1.0", at=NOW) for _ in range(5)))

    assert sorted(claims) == [False, False, False, False, True]


@pytest.mark.parametrize(("one_writer", "most"), [(True, 1), (False, 10)])
async def test_build_deps_queues_writes_only_for_a_one_writer_store(one_writer: bool, most: int):
    """serve's Slack app queues its writes to SQLite; PostgreSQL takes them side by side."""
    store = OverlapStore()
    deps = build_deps(Settings(), {}, repository=store, one_writer=one_writer)

    await asyncio.gather(*(deps.repository.claim_event(f"k{i}", at=NOW) for i in range(10)))

    assert store.most == most
