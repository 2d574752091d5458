"""MemoSkmApi: identical SKM reads share one request, its result and its error."""

from __future__ import annotations

import asyncio
import gc
import logging

import httpx
import pytest
from pydantic import SecretStr

from skm_bot.errors import SkmHttpError
from skm_bot.skm.auth import AccessKeyAuth
from skm_bot.skm.client import SkmApi
from skm_bot.skm.memo import MemoSkmApi

CONFIRM = {
    "header": {"isSuccessful": True, "resultCode": 0, "resultMessage": "SUCCESS"},
    "body": {"clientIp": "203.0.113.7", "clientMacHeader": None, "clientSentCertificate": False},
}
FAILURE = {"header": {"isSuccessful": False, "resultCode": -1, "resultMessage": "Server Error"}}
IPS = {
    "header": {"isSuccessful": True, "resultCode": 0, "resultMessage": "SUCCESS"},
    "body": {"ipv4List": [{"value": "203.0.113.7"}]},
}


class Counter:
    """A MockTransport handler answering every request alike and counting them by path."""

    def __init__(self, status: int = 200, body: object = CONFIRM) -> None:
        self.status = status
        self.body = body
        self.paths: list[str] = []
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        await self.release.wait()
        return httpx.Response(self.status, json=self.body)


def memo_over(handler: Counter) -> MemoSkmApi:
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    auth = AccessKeyAuth("AKID", SecretStr("not-a-real-secret"))
    api = SkmApi(client, appkey="APPKEY", api_version="v1.2", auth=auth, base_url="http://skm")
    return MemoSkmApi(api)


@pytest.mark.anyio
async def test_memo_makes_one_request_for_concurrent_identical_calls():
    handler = Counter()

    async with memo_over(handler) as memo:
        first, second, third = await asyncio.gather(memo.confirm(), memo.confirm(), memo.confirm())

    assert len(handler.paths) == 1
    assert first is second is third


@pytest.mark.anyio
async def test_memo_answers_a_later_identical_call_without_a_request():
    handler = Counter()

    async with memo_over(handler) as memo:
        await memo.confirm()
        await memo.confirm()

    assert len(handler.paths) == 1


@pytest.mark.anyio
async def test_memo_raises_the_shared_error_to_every_caller():
    handler = Counter(status=500, body=FAILURE)

    async with memo_over(handler) as memo:
        errors = await asyncio.gather(memo.confirm(), memo.confirm(), return_exceptions=True)

    assert len(handler.paths) == 1
    assert isinstance(errors[0], SkmHttpError)
    assert errors[0] is errors[1]


@pytest.mark.anyio
async def test_memo_keeps_calls_with_other_arguments_apart():
    handler = Counter(body=IPS)

    async with memo_over(handler) as memo:
        await asyncio.gather(memo.list_ipv4s(1), memo.list_ipv4s(2), memo.list_ipv4s(1))

    assert sorted(handler.paths) == [
        "/keymanager/v1.2/appkey/APPKEY/keystores/1/ips",
        "/keymanager/v1.2/appkey/APPKEY/keystores/2/ips",
    ]


@pytest.mark.anyio
async def test_memo_starts_the_request_when_called_not_when_awaited():
    """Prefetching relies on it: the call alone puts the request under way."""
    handler = Counter()

    async with memo_over(handler) as memo:
        pending = memo.confirm()
        await asyncio.sleep(0.01)
        requested = len(handler.paths)
        await pending

    assert requested == 1


@pytest.mark.anyio
async def test_memo_cancelled_caller_leaves_the_request_to_the_others():
    """A check's timeout cancels its own wait, not the request other checks share."""
    handler = Counter()
    handler.release.clear()

    async with memo_over(handler) as memo:
        impatient, patient = memo.confirm(), memo.confirm()
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(impatient, timeout=0.01)
        handler.release.set()
        seen = await patient

    assert seen.client_ip == "203.0.113.7"
    assert len(handler.paths) == 1


@pytest.mark.anyio
async def test_memo_close_cancels_requests_in_flight():
    handler = Counter()
    handler.release.clear()
    memo = memo_over(handler)
    pending = memo.confirm()
    await asyncio.sleep(0.01)

    await memo.aclose()

    with pytest.raises(asyncio.CancelledError):
        await pending


@pytest.mark.anyio
async def test_memo_unawaited_failed_call_logs_nothing(caplog):
    """A prefetched read nobody needed may fail quietly."""
    handler = Counter(status=500, body=FAILURE)
    caplog.set_level(logging.ERROR, logger="asyncio")

    async with memo_over(handler) as memo:
        memo.confirm()
        await asyncio.sleep(0.01)
    gc.collect()

    assert "never retrieved" not in caplog.text
