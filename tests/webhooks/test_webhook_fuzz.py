"""
Fuzz each webhook with valid authentication and random JSON or bytes, on SQLite and PostgreSQL:
never a 500 or an exception, a store that takes what it accepted, and `/healthz` after each batch.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from skm_bot.core.alerts import Source
from skm_bot.server.app import build_http_app
from skm_bot.settings import Settings
from skm_bot.webhooks.http import webhook_routes
from skm_bot.webhooks.signatures import GRAFANA_SIGNATURE, sign
from skm_bot.webhooks.work_pool import WorkPool
from tests.edge_fuzz import FUZZ, AppDriver, deep, json_values, texts
from tests.store.database import open_repository, prepare
from tests.webhooks.payloads import alertmanager, generic, grafana

TOKEN = "fuzz-webhook-token"
GRAFANA_SECRET = "fuzz-grafana-secret"
SOURCES: tuple[Source, ...] = ("alertmanager", "grafana", "generic")
SHAPES = {"alertmanager": alertmanager, "grafana": grafana, "generic": generic}
# What a webhook may answer a request with valid authentication; a 5xx would be a failure of ours.
EXPECTED = {200, 400, 413, 415, 422}
PAYLOAD_KEYS = (
    "version",
    "groupKey",
    "group_key",
    "status",
    "alerts",
    "labels",
    "annotations",
    "fingerprint",
    "title",
    "text",
    "startsAt",
    "endsAt",
    "starts_at",
    "commonLabels",
)
LABEL_KEYS = ("alertname", "profile", "slack_channel", "skm_error", "request_id", "summary")


@pytest.fixture
def driver(database_url: str) -> Iterator[AppDriver]:
    """The server's HTTP app with the webhooks, over a migrated store, on the driver's loop."""
    running = AppDriver()
    running.run(prepare(database_url))
    opened = open_repository(database_url)
    repository = running.run(opened.__aenter__())
    config = Settings(
        webhook_token=TOKEN,
        grafana_hmac_secret=GRAFANA_SECRET,
        alert_channel="C_ALERTS",
        webhook_max_body=64 * 1024,
    )
    pool = WorkPool.threads(2, queue=16)
    routes = webhook_routes(config, repository=repository, pool=pool)
    running.serve(build_http_app(config, bolt_app=None, extra_routes=routes))
    yield running
    pool.shutdown()
    running.run(opened.__aexit__(None, None, None))
    running.close()


def mutate(draw: st.DrawFn, payload: dict[str, Any]) -> dict[str, Any]:
    """`payload` with a few fields, at any level a sender fills, replaced by random values."""
    payload = copy.deepcopy(payload)
    alert = payload["alerts"][0] if isinstance(payload.get("alerts"), list) else payload
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(["top", "alert", "labels", "annotations"]))
        value = draw(json_values)
        if where == "top":
            payload[draw(st.sampled_from(PAYLOAD_KEYS))] = value
        elif where == "alert":
            alert[draw(st.sampled_from(PAYLOAD_KEYS))] = value
        else:
            target = alert.setdefault(where, {})
            if isinstance(target, dict):
                target[draw(st.one_of(st.sampled_from(LABEL_KEYS), texts))] = draw(texts)
    return payload


@st.composite
def bodies(draw: st.DrawFn, source: Source) -> tuple[bytes, str]:
    """A body and its content type: a real payload mutated, random JSON, raw bytes, deep JSON."""
    kind = draw(st.sampled_from(["payload", "payload", "json", "bytes", "deep"]))
    content_type = draw(st.sampled_from(["application/json"] * 4 + ["text/plain", ""]))
    if kind == "payload":
        # ensure_ascii: a lone surrogate travels as its escape, as a sender may write it.
        return json.dumps(mutate(draw, SHAPES[source]())).encode(), content_type
    if kind == "json":
        return json.dumps(draw(json_values)).encode(), content_type
    if kind == "deep":
        return deep(draw(st.integers(1, 5000))), content_type
    return draw(st.binary(max_size=512)), content_type


def authenticated(source: Source, body: bytes, content_type: str) -> dict[str, str]:
    if source == "grafana":
        return {"Content-Type": content_type, GRAFANA_SIGNATURE: sign(GRAFANA_SECRET, body)}
    return {"Content-Type": content_type, "Authorization": f"Bearer {TOKEN}"}


@st.composite
def batches(draw: st.DrawFn) -> list[tuple[Source, bytes, str]]:
    batch = []
    for _ in range(draw(st.integers(1, 4))):
        source = draw(st.sampled_from(SOURCES))
        body, content_type = draw(bodies(source))
        batch.append((source, body, content_type))
    return batch


@FUZZ
@given(batch=batches())
def test_webhooks_never_fail_and_keep_serving(driver: AppDriver, batch):
    for source, body, content_type in batch:
        headers = authenticated(source, body, content_type)

        response = driver.post(f"/webhooks/{source}", body, headers)
        event(f"{source} -> {response.status_code}")

        assert response.status_code in EXPECTED, (response.status_code, response.text)
    assert driver.healthy()
