"""Preparing a delivery: each distinct error text is diagnosed once, as if diagnosed alone."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from skm_bot.webhooks.prepare import prepare
from tests.factories import intake
from tests.webhooks.payloads import alertmanager, prom_alert

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ERROR = "Invalid Key Version (resultCode -3)"


def _body(*descriptions: str) -> bytes:
    alerts = [
        prom_alert(fingerprint=f"f{n}", annotations={"description": text})
        for n, text in enumerate(descriptions)
    ]
    return json.dumps(alertmanager(*alerts)).encode()


def test_alerts_with_the_same_text_share_one_diagnosis():
    """Three instances failing the same way: one diagnosis, the one each would have had."""
    made = intake()
    intakes = prepare(made, "alertmanager", _body(ERROR, ERROR, ERROR), NOW)

    assert isinstance(intakes, list)
    first = intakes[0]
    assert all(i.diagnosis is first.diagnosis for i in intakes)
    assert all(i.document is first.document for i in intakes)
    [alone] = prepare(made, "alertmanager", _body(ERROR), NOW)  # type: ignore[misc]
    assert first.diagnosis == alone.diagnosis
    assert first.document == alone.document


def test_alerts_with_different_texts_are_diagnosed_apart():
    intakes = prepare(intake(), "alertmanager", _body(ERROR, "Invalid Appkey"), NOW)

    assert isinstance(intakes, list)
    first, second = (i.diagnosis for i in intakes)
    assert first is not None
    assert second is not None
    assert first.diagnosis_id != second.diagnosis_id
