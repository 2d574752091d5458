"""run_checks(): concurrency, timeouts, the deadline, ordering, progress, never raising."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from skm_bot.checks.context import CheckContext
from skm_bot.checks.registry import CHECKS
from skm_bot.checks.runner import run_checks
from skm_bot.core.check_ids import ALL_CHECK_IDS
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.facts import Facts
from skm_bot.core.profile import Profile

CANARY = "CANARY-secret-access-key-7f3a"


def ctx(profile: Profile | None = None) -> CheckContext:
    return CheckContext(facts=Facts(), now=datetime(2025, 1, 1, tzinfo=UTC), profile=profile)


def passing(check_id: str, delay: float = 0.0):
    async def check(_ctx):
        await asyncio.sleep(delay)
        return CheckResult(id=check_id, status=Status.PASS, summary="ok")

    return check


def raising(exc: BaseException):
    async def check(_ctx):
        raise exc

    return check


@pytest.mark.anyio
async def test_results_come_back_in_the_order_asked():
    registry = {"a": passing("a", 0.05), "b": passing("b", 0.0), "c": passing("c", 0.02)}

    results = await run_checks(["a", "b", "c"], ctx(), registry=registry)

    assert [r.id for r in results] == ["a", "b", "c"]
    assert all(r.status is Status.PASS for r in results)


@pytest.mark.anyio
async def test_checks_run_concurrently():
    registry = {name: passing(name, 0.2) for name in "abcde"}
    start = time.perf_counter()

    await run_checks(list("abcde"), ctx(), registry=registry)

    assert time.perf_counter() - start < 0.6


@pytest.mark.anyio
async def test_exception_becomes_error_with_its_type():
    (result,) = await run_checks(["x"], ctx(), registry={"x": raising(ValueError("bad input"))})

    assert result.status is Status.ERROR
    assert result.summary == "ValueError: bad input"


@pytest.mark.anyio
async def test_error_message_never_shows_the_profiles_secret():
    profile = Profile(name="p", secret_access_key=SecretStr(CANARY))
    registry = {"x": raising(RuntimeError(f"header was {CANARY}"))}

    (result,) = await run_checks(["x"], ctx(profile), registry=registry)

    assert CANARY not in result.summary
    assert "***" in result.summary


@pytest.mark.anyio
async def test_slow_check_times_out():
    registry = {"slow": passing("slow", 5.0)}

    (result,) = await run_checks(["slow"], ctx(), registry=registry, per_check_timeout=0.05)

    assert (result.status, result.summary) == (Status.ERROR, "timed out after 0.05 s")


@pytest.mark.anyio
async def test_deadline_stops_the_stragglers_and_keeps_the_rest():
    registry = {"fast": passing("fast"), "slow": passing("slow", 5.0)}

    fast, slow = await run_checks(
        ["fast", "slow"], ctx(), registry=registry, per_check_timeout=5.0, deadline=0.1
    )

    assert fast.status is Status.PASS
    assert (slow.status, slow.summary) == (Status.ERROR, "not finished within the 0.1 s deadline")


@pytest.mark.anyio
async def test_unknown_check_is_an_error():
    (result,) = await run_checks(["no.such"], ctx(), registry={})

    assert (result.status, result.summary) == (Status.ERROR, "unknown check 'no.such'")


@pytest.mark.anyio
async def test_a_non_result_is_an_error():
    async def wrong(_ctx):
        return "pass"

    (result,) = await run_checks(["w"], ctx(), registry={"w": wrong})

    assert result.status is Status.ERROR


@pytest.mark.anyio
async def test_duration_and_id_are_set_by_the_runner():
    async def misnamed(_ctx):
        await asyncio.sleep(0.02)
        return CheckResult(id="other", status=Status.PASS, summary="ok")

    (result,) = await run_checks(["m"], ctx(), registry={"m": misnamed})

    assert result.id == "m"
    assert result.duration_ms >= 15


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.anyio
async def test_on_result_sees_each_result_as_it_finishes(kind):
    seen: list[str] = []

    def sync_record(result):
        seen.append(result.id)

    async def async_record(result):
        seen.append(result.id)

    registry = {"late": passing("late", 0.05), "early": passing("early")}
    on_result = sync_record if kind == "sync" else async_record

    await run_checks(["late", "early"], ctx(), registry=registry, on_result=on_result)

    assert seen == ["early", "late"]


@pytest.mark.anyio
async def test_a_failing_on_result_does_not_lose_results():
    def broken(result):
        raise RuntimeError("display gone")

    results = await run_checks(["a"], ctx(), registry={"a": passing("a")}, on_result=broken)

    assert results[0].status is Status.PASS


def test_registry_knows_every_skm_check_id():
    skm_ids = {cid for cid in ALL_CHECK_IDS if cid.startswith("skm.")}

    assert skm_ids <= set(CHECKS)


@pytest.mark.anyio
async def test_live_checks_skip_offline():
    live = [cid for cid in CHECKS if cid.startswith("skm.") and cid != "skm.user_data"]

    results = await run_checks(live, ctx(), registry=CHECKS)

    assert {r.status for r in results} == {Status.SKIP}
