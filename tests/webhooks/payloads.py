"""Webhook payloads as Alertmanager (v4), Grafana (v1) and our generic JSON send them."""

from __future__ import annotations

from typing import Any

ZERO_TIME = "0001-01-01T00:00:00Z"
SKM_ERROR = (
    '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version","isSuccessful":false}}'
)
KEY_ID = "071dcc5c25614dffa52357e5cae3471f"


def prom_alert(
    *,
    status: str = "firing",
    name: str = "SkmDecryptFailing",
    fingerprint: str = "c6eadffa33fcdf37",
    labels: dict[str, str] | None = None,
    annotations: dict[str, str] | None = None,
    starts_at: str = "2026-11-26T03:00:00Z",
) -> dict[str, Any]:
    """One alert inside an Alertmanager or Grafana payload."""
    return {
        "status": status,
        "labels": {"alertname": name, "severity": "critical", "profile": "prod", **(labels or {})},
        "annotations": {
            "summary": "SKM decrypt fails",
            "skm_error": SKM_ERROR,
            "key_id": KEY_ID,
            "request_id": "req-5d1e2f3a",
            **(annotations or {}),
        },
        "startsAt": starts_at,
        "endsAt": ZERO_TIME if status == "firing" else "2026-11-26T03:10:00Z",
        "generatorURL": "http://prometheus:9090/graph",
        "fingerprint": fingerprint,
    }


def alertmanager(
    *alerts: dict[str, Any], group_key: str = '{}:{alertname="SkmDecryptFailing"}'
) -> dict[str, Any]:
    """An Alertmanager webhook message, version 4."""
    alerts = alerts or (prom_alert(),)
    status = "firing" if any(a["status"] == "firing" for a in alerts) else "resolved"
    return {
        "version": "4",
        "groupKey": group_key,
        "truncatedAlerts": 0,
        "status": status,
        "receiver": "skm-bot",
        "groupLabels": {"alertname": "SkmDecryptFailing"},
        "commonLabels": {"alertname": "SkmDecryptFailing"},
        "commonAnnotations": {},
        "externalURL": "http://127.0.0.1:9093",
        "alerts": list(alerts),
    }


def grafana(
    *alerts: dict[str, Any], group_key: str = '{}/{}:{alertname="SkmDecryptFailing"}'
) -> dict[str, Any]:
    """A Grafana unified alerting webhook message, version 1."""
    alerts = alerts or (prom_alert(),)
    status = "firing" if any(a["status"] == "firing" for a in alerts) else "resolved"
    extra = {
        "silenceURL": "",
        "dashboardURL": "",
        "panelURL": "",
        "values": {"A": 1.0},
        "valueString": "[ var='A' value=1 ]",
    }
    return {
        "receiver": "skm-bot",
        "status": status,
        "orgId": 1,
        "alerts": [{**a, **extra} for a in alerts],
        "groupLabels": {},
        "commonLabels": {},
        "commonAnnotations": {},
        "externalURL": "http://grafana:3000/",
        "version": "1",
        "groupKey": group_key,
        "truncatedAlerts": 0,
        "title": "[FIRING:1] SkmDecryptFailing",
        "state": "alerting" if status == "firing" else "ok",
        "message": "",
    }


def generic(**fields: Any) -> dict[str, Any]:
    """One generic alert."""
    return {
        "status": "firing",
        "group_key": "batch-job-17",
        "title": "Nightly re-encryption failed",
        "text": SKM_ERROR,
        "labels": {"profile": "prod"},
        **fields,
    }
