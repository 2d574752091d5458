"""Payload parsing and normalisation: three sources, one Alert."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from skm_bot.webhooks.payloads import parse_payload, to_alerts
from tests.webhooks.payloads import KEY_ID, SKM_ERROR, alertmanager, generic, grafana, prom_alert


@pytest.mark.parametrize(
    ("source", "payload", "group_key"),
    [
        ("alertmanager", alertmanager(), '{}:{alertname="SkmDecryptFailing"}'),
        ("grafana", grafana(), '{}/{}:{alertname="SkmDecryptFailing"}'),
        ("generic", generic(), "batch-job-17"),
    ],
)
def test_to_alerts_normalises_each_source(source, payload, group_key):
    [alert] = to_alerts(parse_payload(source, payload))

    assert (alert.source, alert.group_key, alert.status) == (source, group_key, "firing")
    assert alert.profile == "prod"
    assert SKM_ERROR in alert.error_text


def test_facts_come_from_documented_annotations():
    [alert] = to_alerts(parse_payload("alertmanager", alertmanager()))

    assert (alert.key_id, alert.request_id, alert.client_ip) == (KEY_ID, "req-5d1e2f3a", None)
    assert f"key_id: {KEY_ID}" in alert.error_text
    assert "request_id: req-5d1e2f3a" in alert.error_text


def test_facts_fall_back_to_labels():
    payload = alertmanager(prom_alert(labels={"client_ip": "10.0.3.15"}))

    [alert] = to_alerts(parse_payload("alertmanager", payload))

    assert alert.client_ip == "10.0.3.15"


def test_zero_end_time_of_a_firing_alert_means_none():
    [alert] = to_alerts(parse_payload("alertmanager", alertmanager()))

    assert alert.ends_at is None
    assert alert.starts_at == datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def test_resolved_alert_keeps_its_end_time():
    [alert] = to_alerts(parse_payload("alertmanager", alertmanager(prom_alert(status="resolved"))))

    assert alert.status == "resolved"
    assert alert.ends_at == datetime(2026, 11, 26, 3, 10, tzinfo=UTC)


def test_generic_alert_without_keys_gets_a_stable_fingerprint():
    a = to_alerts(parse_payload("generic", generic(group_key="")))[0]
    b = to_alerts(parse_payload("generic", generic(group_key="")))[0]

    assert a.fingerprint == b.fingerprint
    assert a.group_key == a.fingerprint


def test_generic_accepts_a_batch():
    payload = {"alerts": [generic(group_key="a"), generic(group_key="b")]}

    assert [a.group_key for a in to_alerts(parse_payload("generic", payload))] == ["a", "b"]


def test_grafana_without_group_key_groups_by_fingerprint():
    [alert] = to_alerts(parse_payload("grafana", grafana(group_key="")))

    assert alert.group_key == "c6eadffa33fcdf37"


def test_repeat_of_the_same_alert_has_the_same_dedup_key():
    first = to_alerts(parse_payload("alertmanager", alertmanager()))[0]
    again = to_alerts(parse_payload("alertmanager", alertmanager()))[0]
    resolved = to_alerts(
        parse_payload("alertmanager", alertmanager(prom_alert(status="resolved")))
    )[0]

    assert first.dedup_key == again.dedup_key
    assert first.dedup_key != resolved.dedup_key


@pytest.mark.parametrize(
    ("source", "payload", "field"),
    [
        ("alertmanager", {**alertmanager(), "version": "3"}, "version"),
        ("alertmanager", {**alertmanager(), "alerts": []}, "alerts"),
        ("alertmanager", alertmanager({**prom_alert(), "status": "pending"}), "alerts.0.status"),
        ("grafana", {k: v for k, v in grafana().items() if k != "status"}, "status"),
        ("generic", generic(labels={"n": 1}), "alerts.0.labels.n"),
    ],
)
def test_schema_errors_name_the_field(source, payload, field):
    with pytest.raises(ValidationError) as caught:
        parse_payload(source, payload)

    assert field in {".".join(str(p) for p in e["loc"]) for e in caught.value.errors()}
