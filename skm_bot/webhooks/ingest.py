"""From normalised alerts to what the store keeps: redacted, diagnosed offline, routed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from skm_bot.core.alerts import Alert
from skm_bot.core.catalogue import Catalogue
from skm_bot.core.diagnosis import diagnose
from skm_bot.core.paste import take_paste
from skm_bot.core.redaction import Redacted, redact, redact_field
from skm_bot.errors import InputError
from skm_bot.render.json_contract import diagnosis_json
from skm_bot.store.batch_plan import AlertIntake
from skm_bot.webhooks.routing import Router


@dataclass(frozen=True)
class Intake:
    """How alerts become intakes: the catalogue, the support address and the router."""

    catalogue: Catalogue
    support_email: str
    router: Router

    def __call__(self, alert: Alert, *, now: datetime) -> AlertIntake:
        """An alert as the store takes it: redacted first, then diagnosed and routed."""
        clean, paste = redact_alert(alert)
        diagnosis = None
        if paste is not None and paste.text.strip():
            diagnosis = diagnose(paste, now=now, catalogue=self.catalogue)
        return AlertIntake(
            alert=clean,
            diagnosis=diagnosis,
            channel=self.router.route(clean),
            document=(
                diagnosis_json(diagnosis, support_email=self.support_email) if diagnosis else None
            ),
        )


def _clean(value: str) -> str:
    return redact(value).text


def _clean_optional(value: str | None) -> str | None:
    return _clean(value) if value else value


def _clean_map(values: Mapping[str, str]) -> dict[str, str]:
    """Labels or annotations: a value under a secret name goes whole, and names are redacted too."""
    return {_clean(key): redact_field(key, value).text for key, value in values.items()}


def redact_alert(alert: Alert) -> tuple[Alert, Redacted | None]:
    """
    The alert with every secret in every field it carries replaced (a label or annotation under
    a secret name whole), and its SKM error text as a redacted paste (None when it is over the
    paste size limit: then no diagnosis).

    The group key and fingerprint are redacted too: a sender builds them from label values.
    Redaction is deterministic, so repeats of one alert still share their keys.
    """
    try:
        paste: Redacted | None = take_paste(alert.error_text)
    except InputError:
        paste = None
    clean = replace(
        alert,
        group_key=_clean(alert.group_key),
        fingerprint=_clean(alert.fingerprint),
        labels=_clean_map(alert.labels),
        annotations=_clean_map(alert.annotations),
        title=_clean(alert.title),
        summary=_clean(alert.summary),
        error_text=paste.text if paste is not None else _clean(alert.error_text),
        profile=_clean_optional(alert.profile),
        key_id=_clean_optional(alert.key_id),
        request_id=_clean_optional(alert.request_id),
        client_ip=_clean_optional(alert.client_ip),
    )
    return clean, paste
