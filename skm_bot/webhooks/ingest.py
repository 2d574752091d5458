"""From normalised alerts to what the store keeps: redacted, diagnosed offline, routed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from skm_bot.core.catalogue import Catalogue
from skm_bot.core.diagnosis import Diagnosis, diagnose
from skm_bot.core.redaction import redact
from skm_bot.errors import InputError
from skm_bot.store.batch_plan import AlertIntake
from skm_bot.webhooks.payloads import Alert
from skm_bot.webhooks.routing import Router


def _clean(value: str) -> str:
    return redact(value).text


def _clean_map(values: Mapping[str, str]) -> dict[str, str]:
    return {key: _clean(value) for key, value in values.items()}


def redact_alert(alert: Alert) -> Alert:
    """The alert with every secret in its labels, annotations and text replaced."""
    return replace(
        alert,
        labels=_clean_map(alert.labels),
        annotations=_clean_map(alert.annotations),
        title=_clean(alert.title),
        summary=_clean(alert.summary),
        error_text=_clean(alert.error_text),
        request_id=_clean(alert.request_id) if alert.request_id else None,
    )


def diagnose_alert(alert: Alert, *, now: datetime, catalogue: Catalogue | None) -> Diagnosis | None:
    """The offline diagnosis of an alert's SKM error text; None when it says nothing."""
    if not alert.error_text.strip():
        return None
    try:
        return diagnose(alert.error_text, now=now, catalogue=catalogue)
    except InputError:
        return None


def to_intake(
    alert: Alert, *, router: Router, now: datetime, catalogue: Catalogue | None = None
) -> AlertIntake:
    """An alert as the store takes it."""
    clean = redact_alert(alert)
    return AlertIntake(
        alert=clean,
        diagnosis=diagnose_alert(clean, now=now, catalogue=catalogue),
        channel=router.route(clean),
    )
