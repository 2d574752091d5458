"""The webhook edge against hostile bodies: depth, encodings, NUL, slow senders, a full work pool."""

from __future__ import annotations

import asyncio
import gc
import json
import re
import socket
import threading
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from skm_bot.server.heap import freeze_startup_heap
from skm_bot.settings import Settings
from skm_bot.store.safe_text import REPLACEMENT
from skm_bot.store.sql import SqlRepository
from skm_bot.store.tables import AlertGroupRow, AlertRow
from skm_bot.webhooks.body import declared_too_large
from skm_bot.webhooks.http import INLINE_MAX, webhook_routes
from skm_bot.webhooks.json_body import MAX_DEPTH, BadJson, decode_json
from skm_bot.webhooks.signatures import sign
from skm_bot.webhooks.work_pool import RETRY_AFTER, WorkPool
from tests.edge_fuzz import post_then_disconnect
from tests.store.database import sqlite_url
from tests.webhooks.payloads import alertmanager, generic, grafana, prom_alert
from tests.webhooks.process import ServerProcess

pytestmark = pytest.mark.anyio

TOKEN = "CANARY-edge-token-77c1"
HEADERS = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
CANARY = "CANARYgroupKeyPassw0rd"
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"webhook_token": TOKEN, "alert_channel": "C_ALERTS"}
    values.update(overrides)
    return Settings(**values)


def client(
    repo: SqlRepository, config: Settings | None = None, pool: WorkPool | None = None
) -> httpx.AsyncClient:
    app = Starlette(routes=webhook_routes(config or settings(), repository=repo, pool=pool))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot.test")


@pytest.fixture
async def http(repository: SqlRepository) -> AsyncIterator[httpx.AsyncClient]:
    async with client(repository) as c:
        yield c


async def stored(repo: SqlRepository) -> tuple[list[AlertGroupRow], list[AlertRow]]:
    async with repo.sessions() as session:
        groups = list((await session.execute(select(AlertGroupRow))).scalars())
        alerts = list((await session.execute(select(AlertRow))).scalars())
    return groups, alerts


def ascii_json(payload: Any) -> bytes:
    """JSON as Python writes it: a lone surrogate becomes the escape `\\ud800`, as a sender may send."""
    return json.dumps(payload).encode()


def nested(depth: int) -> bytes:
    return b'{"alerts":' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize("source", ["alertmanager", "grafana", "generic"])
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000], ids=["past-limit", "recursion"])
async def test_deeply_nested_json_is_400(repository, source, depth):
    secret = "s3cret-grafana-hmac"
    async with client(repository, settings(grafana_hmac_secret=secret)) as c:
        body = nested(depth)
        headers = dict(HEADERS)
        if source == "grafana":
            headers["X-Grafana-Alerting-Signature"] = sign(secret, body)
        response = await c.post(f"/webhooks/{source}", content=body, headers=headers)

    assert response.status_code == 400
    assert "nests deeper" in response.json()["detail"]


async def test_body_that_is_not_utf8_is_400(http):
    response = await http.post(
        "/webhooks/generic", content=b'{"text": "\xff\xfe"}', headers=HEADERS
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "the body is not UTF-8"


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "decrypt failed \ud800 here"},
        {"group_key": "job-\udfff"},
        {"fingerprint": "fp-\ud800"},
        {"labels": {"team\ud800": "ops\udc00"}},
        {"title": "a\x00b", "text": "Invalid Key Version\x00"},
        {"group_key": "job\x00-17", "fingerprint": "\x00"},
    ],
    ids=["surrogate-text", "surrogate-key", "surrogate-fp", "surrogate-label", "nul", "nul-key"],
)
async def test_nul_and_lone_surrogates_are_stored_replaced(http, repository, fields):
    """Kept, not refused: Alertmanager drops an alert answered 4xx, and retries a 5xx forever."""
    response = await http.post(
        "/webhooks/generic", content=ascii_json(generic(**fields)), headers=HEADERS
    )

    groups, alerts = await stored(repository)
    texts = [t for g in groups for t in (g.group_key, g.title, g.summary)]
    texts += [t for a in alerts for t in (a.fingerprint, a.text, *a.labels, *a.labels.values())]
    assert response.status_code == 200
    assert len(alerts) == 1
    assert not [t for t in texts if UNSTORABLE.search(t)]
    assert [t for t in texts if REPLACEMENT in t]


async def test_repeat_of_an_alert_with_a_surrogate_is_deduplicated(http):
    payload = ascii_json(generic(group_key="job-\ud800"))
    await http.post("/webhooks/generic", content=payload, headers=HEADERS)

    again = await http.post("/webhooks/generic", content=payload, headers=HEADERS)

    assert again.json()["deduplicated"] == 1


@pytest.mark.parametrize(
    "payload",
    [
        generic(group_key=f"db-login password={CANARY}", fingerprint=f"token={CANARY}"),
        alertmanager(
            prom_alert(fingerprint=f"password={CANARY}"),
            group_key=f'{{}}:{{dsn="postgres://u:{CANARY}@db/x"}}',
        ),
    ],
    ids=["generic", "alertmanager"],
)
async def test_group_key_and_fingerprint_are_redacted_before_storage(http, repository, payload):
    source = "generic" if "group_key" in payload else "alertmanager"

    response = await http.post(f"/webhooks/{source}", json=payload, headers=HEADERS)

    groups, alerts = await stored(repository)
    assert response.status_code == 200
    kept = [g.group_key for g in groups] + [a.fingerprint for a in alerts]
    assert not [k for k in kept if CANARY in k]
    assert any("[REDACTED:" in k for k in kept)


async def test_body_sent_too_slowly_is_408(repository):
    async def trickle() -> AsyncIterator[bytes]:
        yield b'{"alerts": ['
        await asyncio.sleep(1.0)
        yield b"]}"

    async with client(repository, settings(body_timeout=0.1)) as c:
        response = await c.post("/webhooks/generic", content=trickle(), headers=HEADERS)

    assert response.status_code == 408


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("100", False),
        ("1048577", True),
        ("9" * 5000, True),
        ("0" * 5000 + "1", False),
        ("", False),
        ("-1", False),
        ("١٢٣", False),
        (None, False),
    ],
)
def test_declared_length_is_judged_without_converting_huge_numbers(declared, expected):
    assert declared_too_large(declared, 1024 * 1024) is expected


@pytest.fixture
async def blocked_pool() -> AsyncIterator[WorkPool]:
    """A pool of one thread, no queue, whose thread is busy until the test ends."""
    pool = WorkPool.threads(1, queue=0)
    release = threading.Event()
    job = asyncio.ensure_future(pool.run(release.wait))
    await asyncio.sleep(0)
    yield pool
    release.set()
    await job
    pool.shutdown()


def _large_generic() -> dict[str, Any]:
    """A generic alert whose body is over INLINE_MAX: prepared on the work pool."""
    return generic(annotations={"runbook": "x" * (INLINE_MAX + 1)})


async def test_full_work_pool_is_503_with_retry_after(repository, blocked_pool):
    """A large body's parsing and diagnosis go through the pool; a full pool says retry later."""
    async with client(repository, pool=blocked_pool) as c:
        response = await c.post("/webhooks/generic", json=_large_generic(), headers=HEADERS)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER)
    assert await stored(repository) == ([], [])


async def test_small_body_is_prepared_on_the_loop_even_when_the_pool_is_full(
    repository, blocked_pool
):
    """A body up to INLINE_MAX never waits for the pool: it costs less than the trip there."""
    async with client(repository, pool=blocked_pool) as c:
        response = await c.post("/webhooks/generic", json=generic(), headers=HEADERS)

    assert response.status_code == 200
    assert response.json()["accepted"] == 1


def test_decode_json_bounds_depth_even_below_the_recursion_limit():
    with pytest.raises(BadJson):
        decode_json(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))


def test_decode_json_accepts_the_senders_own_depth():
    assert decode_json(json.dumps(grafana()).encode())["version"] == "1"


@pytest.mark.slow  # a real server process
def test_server_refuses_requests_past_its_concurrency_limit(tmp_path):
    """Bodies in flight are bounded: past SKM_BOT_MAX_CONCURRENCY, uvicorn answers 503 at once."""
    server = ServerProcess(
        {
            "SKM_BOT_DATABASE_URL": sqlite_url(tmp_path / "limit.sqlite3"),
            "SKM_BOT_WEBHOOK_TOKEN": TOKEN,
            "SKM_BOT_MAX_CONCURRENCY": "2",
            "SKM_BOT_WORKER_KIND": "thread",
        },
        tmp_path / "server.log",
    )
    server.start()
    answers = []
    held = []
    try:
        for _ in range(4):  # requests whose bodies never finish arriving
            sock = socket.create_connection(("127.0.0.1", server.port))
            sock.sendall(
                b"POST /webhooks/generic HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"
            )
            held.append(sock)
        for sock in held:
            sock.settimeout(1.0)
            try:
                answers.append(sock.recv(64))
            except TimeoutError:
                answers.append(b"(still reading its body)")
    finally:
        for sock in held:
            sock.close()
        server.stop()

    # Which ones are refused depends on what uvicorn still counts (the readiness probes'
    # connections may linger a moment); without a limit, none would be.
    assert [a for a in answers if a.startswith(b"HTTP/1.1 503")]


def test_startup_heap_is_frozen_out_of_full_collections():
    freeze_startup_heap()
    try:
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


async def test_client_that_hangs_up_mid_body_is_no_exception(repository):
    app = Starlette(routes=webhook_routes(settings(), repository=repository))

    sent = await post_then_disconnect(app, "/webhooks/generic", HEADERS)

    assert sent[0]["status"] == 400
