"""Injected faults: latency, 5xx, timeouts, malformed bodies, path scoping and counted faults."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from skm_bot.emulator import Fault, FaultKind, serve_emulator

from .conftest import body, path, skm_client

pytestmark = pytest.mark.anyio
CONFIRM = path("v1.0", "/confirm")


async def test_error_fault_answers_the_status_with_an_envelope(state):
    state.add_fault(Fault(kind=FaultKind.ERROR, status=502))
    async with skm_client(state) as client:
        response = await client.get(CONFIRM)

    assert response.status_code == 502
    assert response.json()["header"]["resultMessage"] == "Internal Server Error"


async def test_latency_fault_delays_the_answer(state):
    state.add_fault(Fault(kind=FaultKind.LATENCY, latency_ms=200))
    async with skm_client(state) as client:
        started = time.monotonic()
        response = await client.get(CONFIRM)

    assert time.monotonic() - started >= 0.2
    assert body(response)["clientIp"] == "127.0.0.1"


async def test_non_json_fault_answers_html(state):
    state.add_fault(Fault(kind=FaultKind.NON_JSON, status=200))
    async with skm_client(state) as client:
        response = await client.get(CONFIRM)

    assert response.headers["content-type"].startswith("text/html")
    with pytest.raises(json.JSONDecodeError):
        response.json()


async def test_truncated_json_fault_cuts_the_body(state):
    state.add_fault(Fault(kind=FaultKind.TRUNCATED_JSON))
    async with skm_client(state) as client:
        response = await client.get(CONFIRM)

    assert response.status_code == 200
    assert response.text.startswith('{"header"')
    with pytest.raises(json.JSONDecodeError):
        response.json()


async def test_fault_scoped_to_a_prefix_spares_other_paths(state):
    state.add_fault(Fault(kind=FaultKind.ERROR, path_prefix="/keymanager/v1.2/"))
    async with skm_client(state) as client:
        spared = await client.get(CONFIRM)

    assert spared.status_code == 200


async def test_counted_fault_applies_only_that_many_times(state):
    state.add_fault(Fault(kind=FaultKind.ERROR, remaining=1))
    async with skm_client(state) as client:
        first = await client.get(CONFIRM)
        second = await client.get(CONFIRM)

    assert (first.status_code, second.status_code) == (503, 200)


async def test_faults_do_not_touch_the_admin_path(state):
    state.add_fault(Fault(kind=FaultKind.ERROR))
    async with skm_client(state) as client:
        response = await client.get("/_emulator/state")

    assert response.status_code == 200


def test_timeout_fault_outlasts_the_client(state):
    state.add_fault(Fault(kind=FaultKind.TIMEOUT, hang_seconds=30))
    with serve_emulator(state) as running, httpx.Client(base_url=running.base_url) as client:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            client.get(CONFIRM, timeout=0.3)
        elapsed = time.monotonic() - started

    assert elapsed < 5
