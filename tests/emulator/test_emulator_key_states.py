"""Key life cycle through the API: wrong type, pending deletion, scheduled and immediate delete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from skm_bot.emulator.calls import KST

from .conftest import (
    AES_KEY,
    PENDING_KEY,
    SECRET_KEY,
    UNKNOWN_KEY,
    V12_HEADERS,
    body,
    message,
    path,
    skm_client,
)

pytestmark = pytest.mark.anyio


async def _encrypt(client, key_id: str):
    return await client.post(
        path("v1.2", f"/symmetric-keys/{key_id}/encrypt"),
        json={"plaintext": "x"},
        headers=V12_HEADERS,
    )


async def test_unknown_key_is_invalid_key_id(state):
    async with skm_client(state) as client:
        response = await _encrypt(client, UNKNOWN_KEY)

    assert (response.status_code, message(response)) == (404, "Invalid Key Id")


async def test_wrong_key_type_is_invalid_key_id(state):
    async with skm_client(state) as client:
        response = await _encrypt(client, SECRET_KEY)

    assert message(response) == "Invalid Key Id"


async def test_key_pending_deletion_is_invalid_key_status(state):
    async with skm_client(state) as client:
        response = await _encrypt(client, PENDING_KEY)

    assert message(response) == "Invalid Key Status"


@pytest.mark.parametrize(
    "utc_now",
    [
        datetime(2026, 12, 1, 3, 0, tzinfo=UTC),
        # 23:30 UTC is already the next day in Korea, where SKM writes its dates.
        datetime(2026, 12, 1, 23, 30, tzinfo=UTC),
    ],
    ids=["03:00Z", "23:30Z"],
)
async def test_schedule_deletion_answers_a_date_seven_days_ahead_in_korea_time(state, utc_now):
    state.clock = lambda: utc_now
    async with skm_client(state) as client:
        response = await client.put(path("v1.2", f"/keys/{AES_KEY}/delete"), headers=V12_HEADERS)

    answer = body(response)
    expected = (utc_now + timedelta(days=7)).astimezone(KST)
    assert answer["keyId"] == AES_KEY
    assert answer["deletionDateTime"][:16] == expected.strftime("%Y-%m-%dT%H:%M")


async def test_scheduled_key_becomes_unusable(state):
    async with skm_client(state) as client:
        await client.put(path("v1.2", f"/keys/{AES_KEY}/delete"), headers=V12_HEADERS)
        response = await _encrypt(client, AES_KEY)

    assert message(response) == "Invalid Key Status"


async def test_cancelled_deletion_makes_the_key_usable_again(state):
    state.cancel_key_deletion(PENDING_KEY)
    async with skm_client(state) as client:
        response = await _encrypt(client, PENDING_KEY)

    assert body(response)["keyVersion"] == 0


async def test_immediate_delete_of_active_key_is_invalid_key_status(state):
    async with skm_client(state) as client:
        response = await client.delete(path("v1.2", f"/keys/{AES_KEY}"), headers=V12_HEADERS)

    assert message(response) == "Invalid Key Status"


async def test_immediate_delete_of_pending_key_removes_it(state):
    async with skm_client(state) as client:
        deleted = await client.delete(path("v1.2", f"/keys/{PENDING_KEY}"), headers=V12_HEADERS)
        response = await _encrypt(client, PENDING_KEY)

    assert body(deleted)["keyId"] == PENDING_KEY
    assert message(response) == "Invalid Key Id"


async def test_pending_key_is_purged_after_its_date(state):
    state.set_clock_offset(timedelta(days=8))
    async with skm_client(state) as client:
        response = await _encrypt(client, PENDING_KEY)

    assert message(response) == "Invalid Key Id"


async def test_rotation_keeps_the_key_id_and_counts_versions_from_zero(state):
    key = state.require_key(SECRET_KEY)
    version = state.rotate_key(SECRET_KEY)

    assert (key.key_id, [v.number for v in key.versions], version.number) == (SECRET_KEY, [0, 1], 1)
