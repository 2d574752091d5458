"""One-off SKM faults (timeouts, 5xx, garbage) reach the user as clear `error` results."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from pydantic import SecretStr

from skm_bot.checks.context import CheckContext
from skm_bot.checks.runner import run_checks
from skm_bot.core.check_result import Status
from skm_bot.core.facts import Facts
from skm_bot.core.profile import Profile
from skm_bot.skm.from_profile import api_from_profile

from .conftest import CANARY

LIVE = ["skm.confirm", "skm.appkey", "skm.credentials", "skm.key", "skm.ipv4"]


def ctx_for(handler) -> CheckContext:
    profile = Profile(
        name="p",
        endpoint="http://skm.test",
        appkey="qTQNj7LyHhdAazH3",
        access_key_id="AKID",
        secret_access_key=SecretStr(CANARY),
    )
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    facts = Facts(key_id="5a0c1b2d3e4f5a6b7c8d9e0f1a2b3c4d", client_ip="203.0.113.7")
    return CheckContext(
        facts=facts,
        now=datetime(2025, 1, 1, tzinfo=UTC),
        profile=profile,
        api=api_from_profile(profile, client),
    )


def raising(exc):
    def handler(request):
        raise exc

    return handler


def replying(status, content):
    def handler(request):
        return httpx.Response(status, content=content)

    return handler


@pytest.mark.parametrize(
    ("handler", "phrase"),
    [
        (raising(httpx.ReadTimeout("timed out")), "SkmTimeout: skm.test did not answer in time"),
        (raising(httpx.ConnectError("[Errno 111] Connection refused")), "SkmUnreachable"),
        (
            raising(httpx.ConnectError("[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca")),
            "SkmTlsError: TLS with skm.test failed: TLSV1_ALERT_UNKNOWN_CA",
        ),
        (replying(503, b"<html>down</html>"), "SkmHttpError: SKM answered HTTP 503"),
        (replying(200, b"garbage"), "not an SKM envelope"),
    ],
)
@pytest.mark.anyio
async def test_faults_become_clear_errors(handler, phrase):
    results = await run_checks(["skm.key", "skm.credentials"], ctx_for(handler))

    for result in results:
        assert result.status in (Status.ERROR, Status.FAIL)
        assert phrase in result.summary
        assert CANARY not in repr(result)


@pytest.mark.anyio
async def test_a_hanging_skm_times_out_per_check():
    import asyncio

    async def hang(request):
        await asyncio.sleep(10)

    ctx = ctx_for(hang)

    results = await run_checks(LIVE, ctx, per_check_timeout=0.1)

    assert {r.summary for r in results} == {"timed out after 0.1 s"}
