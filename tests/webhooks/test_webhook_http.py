"""The webhook routes in-process: refusals, authentication, storage before 2xx, no secrets leaked."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from structlog.testing import capture_logs

from skm_bot.settings import Settings
from skm_bot.store.engine import make_engine
from skm_bot.store.sql import SqlRepository
from skm_bot.store.tables import AlertRow, OutboxRow
from skm_bot.webhooks.http import webhook_routes
from skm_bot.webhooks.signatures import sign
from tests.store.database import open_repository, prepare, sqlite_url
from tests.webhooks.payloads import alertmanager, generic, grafana, prom_alert

pytestmark = pytest.mark.anyio

# Nothing listens on port 1: the store is "down" and says so at once.
UNREACHABLE = "postgresql+asyncpg://bot@127.0.0.1:1/nowhere"

TOKEN = "CANARY-webhook-token-3e9d"
BASIC_PASSWORD = "CANARY-basic-password-11aa"
GRAFANA_SECRET = "CANARY-grafana-secret-42f0"
HMAC_SECRET = "CANARY-generic-secret-0bb7"
CANARIES = (TOKEN, BASIC_PASSWORD, GRAFANA_SECRET, HMAC_SECRET)
JSON = {"Content-Type": "application/json"}


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "webhook_token": TOKEN,
        "webhook_basic_user": "alertmanager",
        "webhook_basic_password": BASIC_PASSWORD,
        "grafana_hmac_secret": GRAFANA_SECRET,
        "webhook_hmac_secret": HMAC_SECRET,
        "alert_channel": "C_ALERTS",
        "webhook_max_body": 64 * 1024,
    }
    values.update(overrides)
    return Settings(**values)


def client(repo: SqlRepository, config: Settings | None = None) -> httpx.AsyncClient:
    app = Starlette(routes=webhook_routes(config or settings(), repository=repo))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot.test")


@pytest.fixture
async def http(repository: SqlRepository) -> AsyncIterator[httpx.AsyncClient]:
    async with client(repository) as c:
        yield c


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {**JSON, "Authorization": f"Bearer {token}"}


def basic(user: str, password: str) -> dict[str, str]:
    raw = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {**JSON, "Authorization": f"Basic {raw}"}


async def stored(repo: SqlRepository) -> tuple[int, int]:
    async with repo.sessions() as session:
        alerts = (await session.execute(select(func.count(AlertRow.id)))).scalar_one()
        outbox = (await session.execute(select(func.count(OutboxRow.id)))).scalar_one()
    return alerts, outbox


async def test_alertmanager_with_bearer_is_stored_before_200(http, repository):
    response = await http.post("/webhooks/alertmanager", json=alertmanager(), headers=bearer())

    assert response.status_code == 200
    assert response.json()["accepted"] == 1
    assert await stored(repository) == (1, 1)


async def test_alertmanager_with_basic_auth_is_accepted(http):
    response = await http.post(
        "/webhooks/alertmanager", json=alertmanager(), headers=basic("alertmanager", BASIC_PASSWORD)
    )

    assert response.status_code == 200


async def test_grafana_with_hmac_is_accepted(http):
    body = json.dumps(grafana()).encode()
    headers = {**JSON, "X-Grafana-Alerting-Signature": sign(GRAFANA_SECRET, body)}

    response = await http.post("/webhooks/grafana", content=body, headers=headers)

    assert response.status_code == 200


async def test_grafana_with_timestamped_hmac_is_accepted(http):
    body = json.dumps(grafana()).encode()
    ts = str(int(time.time()))
    headers = {
        **JSON,
        "X-Grafana-Alerting-Signature": sign(GRAFANA_SECRET, body, ts),
        "X-Grafana-Alerting-Signature-Timestamp": ts,
    }

    response = await http.post("/webhooks/grafana", content=body, headers=headers)

    assert response.status_code == 200


async def test_generic_with_hmac_is_accepted(http):
    body = json.dumps(generic()).encode()
    ts = str(int(time.time()))
    headers = {
        **JSON,
        "X-SKM-Bot-Timestamp": ts,
        "X-SKM-Bot-Signature": "sha256=" + sign(HMAC_SECRET, body, ts),
    }

    response = await http.post("/webhooks/generic", content=body, headers=headers)

    assert response.status_code == 200


async def test_generic_with_bearer_is_accepted(http):
    response = await http.post("/webhooks/generic", json=generic(), headers=bearer())

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/webhooks/alertmanager", bearer("wrong")),
        ("/webhooks/alertmanager", basic("alertmanager", "wrong")),
        ("/webhooks/alertmanager", JSON),
        ("/webhooks/grafana", bearer()),
        ("/webhooks/grafana", {**JSON, "X-Grafana-Alerting-Signature": "00" * 32}),
        ("/webhooks/generic", {**JSON, "X-SKM-Bot-Timestamp": "1", "X-SKM-Bot-Signature": "00"}),
    ],
)
async def test_failed_authentication_is_401_and_stores_nothing(http, repository, path, headers):
    response = await http.post(path, json=alertmanager(), headers=headers)

    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert await stored(repository) == (0, 0)


@pytest.mark.parametrize(
    ("source", "unset"),
    [
        ("alertmanager", {"webhook_token": None, "webhook_basic_password": None}),
        ("grafana", {"grafana_hmac_secret": None}),
        ("generic", {"webhook_token": None, "webhook_hmac_secret": None}),
    ],
)
async def test_webhook_without_a_secret_is_refused(repository, source, unset):
    async with client(repository, settings(**unset)) as c:
        response = await c.post(f"/webhooks/{source}", json={}, headers=bearer())

    assert response.status_code == 404
    assert response.json()["error"] == "webhook_not_configured"


async def test_body_over_the_limit_is_413(http, repository):
    big = alertmanager(prom_alert(annotations={"description": "x" * 70_000}))

    response = await http.post("/webhooks/alertmanager", json=big, headers=bearer())

    assert response.status_code == 413
    assert await stored(repository) == (0, 0)


async def test_chunked_body_over_the_limit_is_413(http):
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b"x" * 1024

    response = await http.post("/webhooks/alertmanager", content=chunks(), headers=bearer())

    assert response.status_code == 413


async def test_wrong_content_type_is_415(http):
    headers = {**bearer(), "Content-Type": "text/plain"}

    response = await http.post(
        "/webhooks/alertmanager", content=json.dumps(alertmanager()), headers=headers
    )

    assert response.status_code == 415


async def test_bad_json_is_400(http):
    response = await http.post("/webhooks/alertmanager", content=b"{not json", headers=bearer())

    assert response.status_code == 400


async def test_schema_error_is_422_naming_the_field(http, repository):
    payload = alertmanager(prom_alert(status="pending"))

    response = await http.post("/webhooks/alertmanager", json=payload, headers=bearer())

    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "alerts.0.status"
    assert await stored(repository) == (0, 0)


async def test_get_is_not_allowed(http):
    assert (await http.get("/webhooks/alertmanager")).status_code == 405


async def test_repeat_delivery_is_counted_as_deduplicated(http):
    await http.post("/webhooks/alertmanager", json=alertmanager(), headers=bearer())

    again = await http.post("/webhooks/alertmanager", json=alertmanager(), headers=bearer())

    assert again.json() | {"groups": []} == {"accepted": 0, "deduplicated": 1, "groups": []}


async def test_store_down_is_503_so_the_sender_retries():
    broken = SqlRepository(make_engine(UNREACHABLE))
    async with client(broken) as c:
        response = await c.post("/webhooks/alertmanager", json=alertmanager(), headers=bearer())
    await broken.engine.dispose()

    assert response.status_code == 503
    assert response.json()["error"] == "store_unavailable"


async def test_no_secret_reaches_responses_or_logs(http):
    with capture_logs() as logs:
        responses = [
            await http.post("/webhooks/alertmanager", json=alertmanager(), headers=bearer()),
            await http.post(
                "/webhooks/alertmanager", json=alertmanager(), headers=bearer("x" + TOKEN)
            ),
            await http.post("/webhooks/grafana", json=grafana(), headers=JSON),
        ]

    seen = " ".join(r.text + str(r.headers) for r in responses) + repr(logs)
    assert not [c for c in CANARIES if c in seen]


async def test_canary_password_in_an_annotation_never_reaches_the_database_file(tmp_path: Path):
    canary = "CANARYannotationPassw0rd"
    url = sqlite_url(tmp_path / "canary.sqlite3")
    await prepare(url)
    payload = alertmanager(
        prom_alert(annotations={"description": f"login failed password={canary}"})
    )
    async with open_repository(url) as repo, client(repo) as c:
        response = await c.post("/webhooks/alertmanager", json=payload, headers=bearer())
    assert response.status_code == 200

    dumped = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert canary.encode() not in dumped
    assert TOKEN.encode() not in dumped
    assert b"[REDACTED:password]" in dumped
