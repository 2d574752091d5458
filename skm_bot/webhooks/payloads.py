"""
Webhook payloads (Alertmanager v4, Grafana v1, generic JSON) validated and normalised into `Alert`s.

The SKM failure an alert is about is read from documented labels and annotations:
`skm_error`, `key_id`, `profile`, `request_id`, `client_ip`, plus `summary` and `description`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from skm_bot.core.alerts import Alert, AlertStatus, Source, alert_text, labels_fingerprint


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class PrometheusAlert(_Payload):
    """One alert as Alertmanager and Grafana send it."""

    status: AlertStatus
    labels: dict[str, str]
    annotations: dict[str, str] = Field(default_factory=dict)
    startsAt: datetime | None = None
    endsAt: datetime | None = None
    generatorURL: str = ""
    fingerprint: str = ""


class AlertmanagerPayload(_Payload):
    """Alertmanager's webhook message, version 4."""

    version: Literal["4"]
    groupKey: str = Field(min_length=1)
    status: AlertStatus
    receiver: str = ""
    groupLabels: dict[str, str] = Field(default_factory=dict)
    commonLabels: dict[str, str] = Field(default_factory=dict)
    commonAnnotations: dict[str, str] = Field(default_factory=dict)
    externalURL: str = ""
    truncatedAlerts: int = 0
    alerts: list[PrometheusAlert] = Field(min_length=1)


class GrafanaPayload(_Payload):
    """Grafana unified alerting's webhook message, version 1."""

    version: Literal["1"]
    groupKey: str = ""
    status: AlertStatus
    receiver: str = ""
    title: str = ""
    message: str = ""
    commonLabels: dict[str, str] = Field(default_factory=dict)
    alerts: list[PrometheusAlert] = Field(min_length=1)


class GenericAlert(_Payload):
    """Our own JSON: one alert; everything but a title or text is optional."""

    status: AlertStatus = "firing"
    group_key: str = ""
    fingerprint: str = ""
    title: str = ""
    text: str = ""
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    starts_at: datetime | None = None
    ends_at: datetime | None = None


class GenericPayload(_Payload):
    """A batch of generic alerts: `{"alerts": [...]}` (a single object is accepted too)."""

    alerts: list[GenericAlert] = Field(min_length=1)


Payload = AlertmanagerPayload | GrafanaPayload | GenericPayload


def parse_payload(source: Source, data: Any) -> Payload:
    """Validate decoded JSON for `source`; raises pydantic's ValidationError naming the field."""
    if source == "alertmanager":
        return AlertmanagerPayload.model_validate(data)
    if source == "grafana":
        return GrafanaPayload.model_validate(data)
    if isinstance(data, dict) and "alerts" not in data:
        data = {"alerts": [data]}
    return GenericPayload.model_validate(data)


def to_alerts(payload: Payload) -> list[Alert]:
    """Every alert in `payload`, normalised."""
    if isinstance(payload, AlertmanagerPayload):
        return [_from_prometheus("alertmanager", payload.groupKey, a) for a in payload.alerts]
    if isinstance(payload, GrafanaPayload):
        return [_from_prometheus("grafana", payload.groupKey, a) for a in payload.alerts]
    return [_from_generic(a) for a in payload.alerts]


def _real_time(value: datetime | None) -> datetime | None:
    # Alertmanager sends the zero time (year 1) as endsAt of a firing alert.
    return None if value is None or value.year <= 1 else value


def _from_prometheus(source: Source, group_key: str, alert: PrometheusAlert) -> Alert:
    fingerprint = alert.fingerprint or labels_fingerprint(alert.labels)
    return _build(
        source,
        group_key=group_key or fingerprint,
        fingerprint=fingerprint,
        status=alert.status,
        labels=alert.labels,
        annotations=alert.annotations,
        starts_at=_real_time(alert.startsAt),
        ends_at=_real_time(alert.endsAt),
        title=alert.labels.get("alertname", ""),
        extra_text="",
    )


def _from_generic(alert: GenericAlert) -> Alert:
    fingerprint = alert.fingerprint or labels_fingerprint(
        {**alert.labels, "__title__": alert.title, "__group__": alert.group_key}
    )
    return _build(
        "generic",
        group_key=alert.group_key or fingerprint,
        fingerprint=fingerprint,
        status=alert.status,
        labels=alert.labels,
        annotations=alert.annotations,
        starts_at=_real_time(alert.starts_at),
        ends_at=_real_time(alert.ends_at),
        title=alert.title or alert.labels.get("alertname", ""),
        extra_text=alert.text,
    )


def _build(
    source: Source,
    *,
    labels: Mapping[str, str],
    annotations: Mapping[str, str],
    title: str,
    extra_text: str,
    **fields: Any,
) -> Alert:
    def fact(name: str) -> str | None:
        return annotations.get(name) or labels.get(name) or None

    summary = fact("summary") or fact("description") or fact("skm_error") or extra_text
    return Alert(
        source=source,
        labels=dict(labels),
        annotations=dict(annotations),
        title=title or summary[:80] or "alert",
        summary=summary,
        error_text=alert_text(labels, annotations, extra_text),
        profile=fact("profile"),
        key_id=fact("key_id"),
        request_id=fact("request_id"),
        client_ip=fact("client_ip"),
        **fields,
    )
