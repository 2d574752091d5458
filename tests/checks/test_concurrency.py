"""The checks' SKM reads run concurrently: a diagnosis costs about one round trip, not one per read."""

from __future__ import annotations

import base64
from collections import Counter
from datetime import UTC, datetime

import httpx
import pytest

from skm_bot.checks.context import CheckContext
from skm_bot.checks.keys import check_key_version
from skm_bot.checks.network_auth import check_ipv4, check_mac
from skm_bot.checks.registry import CHECKS
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.facts import Facts
from skm_bot.emulator import Fault, FaultKind
from skm_bot.emulator.app import make_app
from skm_bot.skm.client import SkmApi
from skm_bot.skm.connect import LiveTarget
from skm_bot.skm.from_profile import api_from_profile
from skm_bot.usecases.diagnose import CheckLimits, check_diagnosis
from tests.factories import diagnosed

from .conftest import ASYM, BOT_IP, SYM, profile

# Long enough that every read of one round trip is sent before the first answer comes back.
LATENCY_MS = 50
BASE = "http://skm.test/keymanager/v1.2/appkey/qTQNj7LyHhdAazH3"
# Version 1 of SYM is disabled in the test project.
CIPHERTEXT = base64.b64encode((1).to_bytes(4, "big") + bytes(range(32))).decode()
PASTE = (
    f"POST {BASE}/symmetric-keys/{SYM}/decrypt from 198.51.100.20 "
    "X-TOAST-CLIENT-MAC-ADDR: AA-BB-CC-DD-EE-FF\n"
    f'{{"ciphertext": "{CIPHERTEXT}"}}\n'
    "first: Invalid Key Version Status, then IPv4 Auth Failure, then MAC Auth Failure"
)


class RoundTrips(httpx.AsyncBaseTransport):
    """
    Passes requests on and counts sequential round trips, by order alone (no clock).

    A request sent before any answer came back is in trip 1; one sent after an answer to a
    request of trip n is in trip n + 1 (at least).
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.answered_trip = 0
        self.trips = 0
        self.requests: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        trip = self.answered_trip + 1
        self.trips = max(self.trips, trip)
        self.requests.append(f"{request.method} {request.url}")
        response = await self.inner.handle_async_request(request)
        self.answered_trip = max(self.answered_trip, trip)
        return response


@pytest.fixture(name="slow_state")
def _slow_state(state):
    """The test project, answering every SKM call after LATENCY_MS."""
    state.add_fault(Fault(kind=FaultKind.LATENCY, latency_ms=LATENCY_MS))
    return state


def counted_api(state, **profile_overrides) -> tuple[RoundTrips, SkmApi]:
    transport = RoundTrips(httpx.ASGITransport(app=make_app(state), client=(BOT_IP, 5000)))
    client = httpx.AsyncClient(transport=transport, base_url="http://skm.test")
    return transport, api_from_profile(profile(**profile_overrides), client)


async def diagnose(state) -> tuple[RoundTrips, Diagnosis]:
    transport, api = counted_api(state, keystore_ids=(1, 2))
    target = LiveTarget(profile=profile(keystore_ids=(1, 2)), api=api)
    diagnosis = diagnosed(PASTE, now=datetime.now(UTC))
    checked = await check_diagnosis(diagnosis, target=target, limits=CheckLimits())
    return transport, checked


@pytest.mark.anyio
async def test_diagnosis_runs_its_live_checks_in_one_round_trip(slow_state):
    transport, diagnosis = await diagnose(slow_state)

    planned = {c.id for c in diagnosis.checks}
    assert {"skm.key_version", "skm.ipv4", "skm.mac", "skm.confirm"} <= planned
    assert transport.trips == 1


@pytest.mark.anyio
async def test_diagnosis_makes_each_read_once(slow_state):
    transport, _ = await diagnose(slow_state)

    repeated = [r for r, n in Counter(transport.requests).items() if n > 1]
    assert repeated == []


@pytest.mark.anyio
async def test_diagnosis_verdicts_are_those_of_the_checks_run_alone(state):
    """Sharing and prefetching change when reads are made, never what a check concludes."""
    _, diagnosis = await diagnose(state)

    for shared in diagnosis.checks:
        _, api = counted_api(state, keystore_ids=(1, 2))
        ctx = CheckContext(
            facts=diagnosis.facts,
            now=datetime.now(UTC),
            profile=profile(keystore_ids=(1, 2)),
            api=api,
        )
        alone = await CHECKS[shared.id](ctx)
        assert (alone.status, alone.summary, alone.details) == (
            shared.status,
            shared.summary,
            shared.details,
        ), shared.id


def context(api: SkmApi, **facts) -> CheckContext:
    return CheckContext(
        facts=Facts(**facts), now=datetime.now(UTC), profile=profile(keystore_ids=(1, 2)), api=api
    )


@pytest.mark.anyio
async def test_key_version_probes_while_it_looks_the_key_up(slow_state):
    transport, api = counted_api(slow_state, keystore_ids=(1, 2))

    result = await check_key_version(
        context(api, key_id=SYM, key_version=1, operation="symmetric.decrypt")
    )

    assert result.summary == f"version 1 of key {SYM} is not in service"
    assert transport.trips == 1


@pytest.mark.anyio
async def test_key_version_asks_again_for_a_key_of_the_other_type(slow_state):
    """The operation says symmetric, the key is asymmetric: the early probe is dropped."""
    transport, api = counted_api(slow_state, keystore_ids=(1, 2))

    result = await check_key_version(
        context(api, key_id=ASYM, key_version=0, operation="symmetric.decrypt")
    )

    assert result.summary == f"version 0 of key {ASYM} is usable"
    assert transport.trips == 2
    assert any("/publicKey?keyVersion=0" in r for r in transport.requests)


@pytest.mark.parametrize(
    ("check", "facts"),
    [
        (check_ipv4, {"client_ip": "198.51.100.20", "key_id": SYM}),
        (check_mac, {"client_mac": "aa:bb:cc:dd:ee:ff", "key_id": SYM}),
    ],
)
@pytest.mark.anyio
async def test_network_checks_list_entries_while_they_look_the_key_up(slow_state, check, facts):
    transport, api = counted_api(slow_state, keystore_ids=(1, 2))

    result = await check(context(api, **facts))

    assert result.status.value == "pass"
    assert transport.trips == 1
