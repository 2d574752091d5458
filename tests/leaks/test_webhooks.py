"""
The alert webhooks through their HTTP app: every shape in a generic alert's text, labels and
annotations, and in an Alertmanager group key; nothing of it is answered, stored or logged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from skm_bot.settings import Settings
from skm_bot.store.sql import SqlRepository
from skm_bot.webhooks.http import webhook_routes
from tests.store.database import open_repository, prepare, sqlite_url
from tests.webhooks.payloads import alertmanager, prom_alert

from .corpus import Shape, leaked, shapes
from .store import every_value, row_count

# A sweep (every shape of the leak corpus through the webhooks): in the full suite, not the fast loop.
pytestmark = [pytest.mark.anyio, pytest.mark.slow]
SHAPES = shapes()
TOKEN = "webhook-test-token-5a1f"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
PER_REQUEST = 20


def client_for(repository: SqlRepository) -> httpx.AsyncClient:
    """A client of the webhook routes, served in-process, storing into `repository`."""
    settings = Settings(webhook_token=TOKEN, alert_channel="C_ALERTS")
    app = Starlette(routes=webhook_routes(settings, repository=repository))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot.test")


@pytest.fixture
async def http(repository: SqlRepository) -> AsyncIterator[httpx.AsyncClient]:
    """The webhook routes, storing into each database in turn."""
    async with client_for(repository) as client:
        yield client


def generic_alert(shape: Shape) -> dict[str, Any]:
    """A generic alert carrying the shape everywhere a sender may put text."""
    return {
        "title": f"SKM failure {shape.id}",
        "text": shape.text,
        "group_key": f"skm/{shape.id}",
        "labels": {"alertname": "SkmFailure", "detail": shape.text},
        "annotations": {"skm_error": shape.text, "description": shape.text},
    }


async def test_generic_alerts_never_leak_a_canary(http, repository, logs):
    answers = []
    for first in range(0, len(SHAPES), PER_REQUEST):
        body = {"alerts": [generic_alert(shape) for shape in SHAPES[first : first + PER_REQUEST]]}
        answers.append(await http.post("/webhooks/generic", json=body, headers=HEADERS))

    assert {answer.status_code for answer in answers} == {200}
    assert await row_count(repository, "alerts") == len(SHAPES)
    assert leaked("".join(answer.text for answer in answers)) == []
    assert leaked(await every_value(repository)) == []
    assert leaked(logs.getvalue()) == []


async def test_alertmanager_labels_never_leak_a_canary(http, repository):
    for first in range(0, len(SHAPES), PER_REQUEST):
        batch = SHAPES[first : first + PER_REQUEST]
        alerts = [
            prom_alert(fingerprint=_fingerprint(s), labels={"context": s.text}) for s in batch
        ]
        response = await http.post(
            "/webhooks/alertmanager", json=alertmanager(*alerts), headers=HEADERS
        )
        assert response.is_success

    assert leaked(await every_value(repository)) == []


async def test_alertmanager_group_keys_never_leak_a_canary(tmp_path, logs):
    """A group key quotes its labels' values as Go's %q does (one line, `"` and `\\` escaped)."""
    url = sqlite_url(tmp_path / "store.sqlite3")
    await prepare(url)
    async with open_repository(url) as repo, client_for(repo) as http:
        for shape in SHAPES:
            quoted = json.dumps(shape.text.strip(), ensure_ascii=False)
            alert = prom_alert(fingerprint=_fingerprint(shape))
            body = alertmanager(alert, group_key=f'{{}}:{{alertname="Skm", detail={quoted}}}')
            response = await http.post("/webhooks/alertmanager", json=body, headers=HEADERS)
            assert response.is_success

        assert leaked(await every_value(repo)) == []
    assert leaked(logs.getvalue()) == []


def _fingerprint(shape: Shape) -> str:
    return hashlib.sha256(shape.id.encode()).hexdigest()[:16]


async def test_values_under_secret_names_are_stored_as_placeholders(http, repository):
    alert = {
        "title": "db down",
        "labels": {"alertname": "Db", "db_password": "Kq0label0value"},
        "annotations": {"SKM_PROD_SECRET": "Kq0annotation0value", "summary": "db down"},
    }

    await http.post("/webhooks/generic", json=alert, headers=HEADERS)

    stored = await every_value(repository)
    assert "Kq0label0value" not in stored
    assert "Kq0annotation0value" not in stored
    assert "[REDACTED:password]" in stored
