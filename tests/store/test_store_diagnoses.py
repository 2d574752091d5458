"""SqlRepository as a DiagnosisRepository: diagnoses, request IDs, feedback, event claims."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from skm_bot.store.protocol import DiagnosisRepository
from skm_bot.store.sql import SqlRepository
from tests.factories import diagnosed, document
from tests.store.database import open_repository

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
CANARY = "CANARYpassw0rd-store"
PASTE = (
    "X-Request-Id: req-7f3a9b2c\n"
    f"keytool -storepass {CANARY}\n"
    '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version","isSuccessful":false}}'
)


async def test_sql_repository_satisfies_the_protocol(repository: SqlRepository):
    checked: DiagnosisRepository = repository

    assert checked is repository


async def test_find_by_request_id_returns_the_saved_diagnosis(repository: SqlRepository):
    d = diagnosed(PASTE)
    await repository.save_diagnosis(
        d, document=document(d), profile="prod", channel="C1", thread_ts="1.2", user="U1"
    )

    stored = await repository.find_by_request_id("REQ-7F3A9B2C")

    assert stored is not None
    assert (stored.diagnosis_id, stored.profile, stored.user) == (d.diagnosis_id, "prod", "U1")
    assert stored.document == document(d)
    assert stored.created_at == NOW


async def test_diagnosis_id_is_a_request_id_too(repository: SqlRepository):
    d = diagnosed(PASTE)
    await repository.save_diagnosis(d, document=document(d))

    stored = await repository.find_by_request_id(f"  {d.diagnosis_id.upper()} ")

    assert stored is not None
    assert stored.diagnosis_id == d.diagnosis_id


async def test_find_by_request_id_prefers_the_newest(repository: SqlRepository):
    old = diagnosed(PASTE)
    new = diagnosed(PASTE, now=NOW + timedelta(hours=1))
    await repository.save_diagnosis(new, document=document(new))
    await repository.save_diagnosis(old, document=document(old))

    stored = await repository.find_by_request_id("req-7f3a9b2c")

    assert stored is not None
    assert stored.diagnosis_id == new.diagnosis_id


async def test_unknown_request_id_finds_nothing(repository: SqlRepository):
    assert await repository.find_by_request_id("req-unknown-1") is None


async def test_saving_twice_keeps_one_diagnosis(repository: SqlRepository):
    d = diagnosed(PASTE)
    await repository.save_diagnosis(d, document=document(d))
    await repository.save_diagnosis(d, document=document(d), channel="C2")

    stored = await repository.find_by_request_id(d.diagnosis_id)

    assert stored is not None
    assert stored.channel == "C2"


ASK = "after the key rotation last night, our SKM decrypt calls began to fail"


async def test_a_picked_candidate_is_kept_with_the_diagnosis_it_turned(repository: SqlRepository):
    asked = diagnosed(ASK)
    await repository.save_diagnosis(asked, document=document(asked), user="U1")
    picked = replace(
        diagnosed(ASK, chosen="invalid_key_version_status"), diagnosis_id=asked.diagnosis_id
    )
    await repository.save_diagnosis(picked, document=document(picked), user="U1", chosen_by="U2")

    stored = await repository.find_by_request_id(asked.diagnosis_id)

    assert stored is not None
    assert (stored.chosen, stored.chosen_by) == ("invalid_key_version_status", "U2")


async def test_a_diagnosis_nobody_picked_for_keeps_no_choice(repository: SqlRepository):
    d = diagnosed(ASK)
    await repository.save_diagnosis(d, document=document(d), chosen_by="U2")

    stored = await repository.find_by_request_id(d.diagnosis_id)

    assert stored is not None
    assert (stored.chosen, stored.chosen_by) == (None, None)


async def test_stored_text_is_redacted(repository: SqlRepository):
    d = diagnosed(PASTE)
    await repository.save_diagnosis(d, document=document(d))

    stored = await repository.find_by_request_id(d.diagnosis_id)

    assert stored is not None
    assert CANARY not in stored.text
    assert CANARY not in str(stored.document)


async def test_later_feedback_replaces_earlier(repository: SqlRepository):
    d = diagnosed(PASTE)
    await repository.save_diagnosis(d, document=document(d))
    await repository.record_feedback(d.diagnosis_id, user="U1", verdict="not_helpful", at=NOW)
    await repository.record_feedback(d.diagnosis_id, user="U1", verdict="resolved", at=NOW)
    await repository.record_feedback(d.diagnosis_id, user="U2", verdict="not_helpful", at=NOW)

    assert await repository.feedback_for(d.diagnosis_id) == {
        "U1": "resolved",
        "U2": "not_helpful",
    }


async def test_claim_event_is_true_only_the_first_time(repository: SqlRepository):
    first = await repository.claim_event("Ev1", at=NOW)
    second = await repository.claim_event("Ev1", at=NOW)

    assert (first, second) == (True, False)


async def test_concurrent_claims_from_two_engines_give_exactly_one_true(
    repository: SqlRepository, database_url: str
):
    """Two replicas (two engines) racing on the same event id: one wins."""
    async with open_repository(database_url) as other:
        results = await asyncio.gather(
            *(r.claim_event(f"Ev{n}", at=NOW) for n in range(20) for r in (repository, other))
        )

    assert sum(results) == 20
    assert all(a != b for a, b in zip(results[::2], results[1::2], strict=True))


async def test_a_claim_on_sqlite_waits_for_its_turn_without_a_connection(
    repository: SqlRepository,
):
    """
    A Slack message's claim queues behind the writes before it and holds no connection while
    it waits: on SQLite's lock, writers that collide sleep and poll, which made claims take
    seconds when fifty mentions arrived together.
    """
    if repository.is_postgresql:
        pytest.skip("PostgreSQL takes row locks: its writers run side by side")
    async with repository.writing():
        claim = asyncio.create_task(repository.claim_event("message:C1:1.0", at=NOW))
        # Long enough for a claim that does not queue to reach SQLite's lock.
        await asyncio.sleep(0.3)
        waiting_with = repository.engine.pool.checkedout()

    assert await claim is True
    assert waiting_with == 1
