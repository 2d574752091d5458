"""
The alert webhooks through their HTTP app: every shape in a generic alert's text, labels and
annotations, and in an Alertmanager group key; nothing of it is answered, stored or logged.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import structlog
from starlette.applications import Starlette

from skm_bot.logs import configure_logging
from skm_bot.settings import Settings
from skm_bot.store.sql import SqlRepository
from skm_bot.webhooks.http import webhook_routes
from tests.webhooks.payloads import alertmanager, prom_alert

from .corpus import Shape, leaked, shapes
from .store import every_value, row_count

pytestmark = pytest.mark.anyio
SHAPES = shapes()
TOKEN = "webhook-test-token-5a1f"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
PER_REQUEST = 20


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    """Everything logged, debug and up, as the bot writes it."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging(level="debug", stream=stream)
    yield stream
    structlog.reset_defaults()
    root.handlers[:], root.level = handlers, level


@pytest.fixture
async def http(repository: SqlRepository) -> AsyncIterator[httpx.AsyncClient]:
    """The webhook routes in-process, storing into each database in turn."""
    settings = Settings(webhook_token=TOKEN, alert_channel="C_ALERTS")
    app = Starlette(routes=webhook_routes(settings, repository=repository))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as client:
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


async def test_alertmanager_labels_and_group_keys_never_leak_a_canary(http, repository):
    """A group key quotes its labels' values as Go's %q does (one line, `"` and `\\` escaped)."""
    for shape in SHAPES:
        fingerprint = hashlib.sha256(shape.id.encode()).hexdigest()[:16]
        alert = prom_alert(fingerprint=fingerprint, labels={"context": shape.text})
        quoted = json.dumps(shape.text.strip(), ensure_ascii=False)
        group_key = f'{{}}:{{alertname="Skm", detail={quoted}}}'
        body = alertmanager(alert, group_key=group_key)
        assert (await http.post("/webhooks/alertmanager", json=body, headers=HEADERS)).is_success

    assert leaked(await every_value(repository)) == []


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
