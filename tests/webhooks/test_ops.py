"""/readyz and /metrics: the store's reachability and the Prometheus counters."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from skm_bot.settings import Settings
from skm_bot.store.engine import make_engine
from skm_bot.store.sql import SqlRepository
from skm_bot.webhooks.http import webhook_routes
from skm_bot.webhooks.ops import Metrics
from tests.webhooks.payloads import alertmanager

pytestmark = pytest.mark.anyio

# Nothing listens on port 1: the store is "down" and says so at once.
UNREACHABLE = "postgresql+asyncpg://bot@127.0.0.1:1/nowhere"

TOKEN = "CANARY-ops-token-1d1d"


def client(repo: SqlRepository, metrics: Metrics | None = None) -> httpx.AsyncClient:
    settings = Settings(webhook_token=TOKEN, alert_channel="C_ALERTS")
    app = Starlette(routes=webhook_routes(settings, repository=repo, metrics=metrics))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot.test")


async def test_readyz_is_200_when_the_store_answers(repository: SqlRepository):
    async with client(repository) as c:
        response = await c.get("/readyz")

    assert (response.status_code, response.json()["ready"]) == (200, True)


async def test_readyz_is_503_when_the_store_is_unreachable():
    broken = SqlRepository(make_engine(UNREACHABLE))
    async with client(broken) as c:
        response = await c.get("/readyz")
    await broken.engine.dispose()

    assert response.status_code == 503


async def test_metrics_count_alerts_dedup_diagnoses_and_outbox_depth(repository: SqlRepository):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with client(repository) as c:
        for _ in range(2):
            await c.post("/webhooks/alertmanager", json=alertmanager(), headers=headers)
        text = (await c.get("/metrics")).text

    assert 'skm_bot_alerts_received_total{source="alertmanager"} 2.0' in text
    assert 'skm_bot_alerts_deduplicated_total{source="alertmanager"} 1.0' in text
    assert 'skm_bot_diagnoses_total{failure="invalid_key_version"}' in text
    assert "skm_bot_outbox_depth 2.0" in text


async def test_metrics_show_slack_call_latency(repository: SqlRepository):
    metrics = Metrics()
    metrics.slack_latency.labels("chat_postMessage", "ok").observe(0.05)
    async with client(repository, metrics) as c:
        text = (await c.get("/metrics")).text

    assert 'skm_bot_slack_call_seconds_count{method="chat_postMessage",outcome="ok"} 1.0' in text
