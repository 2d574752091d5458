"""From normalised alerts to what the store keeps: redacted, diagnosed offline, routed."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from skm_bot.core.alerts import Alert
from skm_bot.core.catalogue import Catalogue
from skm_bot.core.diagnosis import Diagnosis, diagnose
from skm_bot.core.paste import take_paste
from skm_bot.core.redaction import Redacted, redact, redact_field
from skm_bot.errors import InputError
from skm_bot.render.json_contract import diagnosis_json
from skm_bot.store.batch_plan import AlertIntake
from skm_bot.webhooks.routing import Router


class KnownClean:
    """
    Field values redaction left as they were, so a repeat skips it.

    The label values, titles and channels of a group's alerts recur in every delivery, and each
    costs a pass of every redaction rule. Redaction depends on the value (and its label's name)
    alone, so a value once found clean is clean again. Only clean values are kept, and only
    short ones, so no secret stays in memory and the set stays small; it starts over when full.
    """

    def __init__(self, limit: int = 4096, longest: int = 256) -> None:
        self.limit = limit
        self.longest = longest
        self._seen: set[tuple[str | None, str]] = set()

    @property
    def kept(self) -> frozenset[tuple[str | None, str]]:
        """The (name, value) pairs remembered as clean."""
        return frozenset(self._seen)

    def clean(self, value: str, name: str | None = None) -> str:
        """`value` redacted (as a field under `name` when given)."""
        key = (name, value)
        if key in self._seen:
            return value
        text = redact(value).text if name is None else redact_field(name, value).text
        if text == value and len(value) <= self.longest:
            if len(self._seen) >= self.limit:
                self._seen.clear()
            self._seen.add(key)
        return text


# A redacted paste -> its diagnosis and the diagnosis's JSON document, at one moment.
DiagnosisMemo = MutableMapping[Redacted, tuple[Diagnosis, dict[str, Any]]]


@dataclass(frozen=True)
class Intake:
    """How alerts become intakes: the catalogue, the support address and the router."""

    catalogue: Catalogue
    support_email: str
    router: Router
    known: KnownClean = field(default_factory=KnownClean, compare=False, repr=False)

    def __call__(
        self, alert: Alert, *, now: datetime, diagnosed: DiagnosisMemo | None = None
    ) -> AlertIntake:
        """
        An alert as the store takes it: redacted first, then diagnosed and routed.

        `diagnosed` holds the diagnoses already made at this same `now` (one delivery's): the
        alerts of one group often carry the same error text, and a diagnosis is a function of
        the redacted paste and the time, so each distinct paste is diagnosed once.
        """
        clean, paste = redact_alert(alert, self.known)
        diagnosis, document = None, None
        if paste is not None and paste.text.strip():
            made = diagnosed.get(paste) if diagnosed is not None else None
            if made is None:
                diagnosis = diagnose(paste, now=now, catalogue=self.catalogue)
                made = (diagnosis, diagnosis_json(diagnosis, support_email=self.support_email))
                if diagnosed is not None:
                    diagnosed[paste] = made
            diagnosis, document = made
        return AlertIntake(
            alert=clean, diagnosis=diagnosis, channel=self.router.route(clean), document=document
        )


def _clean_map(values: Mapping[str, str], known: KnownClean) -> dict[str, str]:
    """Labels or annotations: a value under a secret name goes whole, and names are redacted too."""
    return {known.clean(key): known.clean(value, key) for key, value in values.items()}


def redact_alert(alert: Alert, known: KnownClean | None = None) -> tuple[Alert, Redacted | None]:
    """
    The alert with every secret in every field it carries replaced (a label or annotation under
    a secret name whole), and its SKM error text as a redacted paste (None when it is over the
    paste size limit: then no diagnosis).

    The group key and fingerprint are redacted too: a sender builds them from label values.
    Redaction is deterministic, so repeats of one alert still share their keys. `known` holds
    the values found clean before (none by default).
    """
    known = known or KnownClean()

    def clean_optional(value: str | None) -> str | None:
        return known.clean(value) if value else value

    try:
        paste: Redacted | None = take_paste(alert.error_text)
    except InputError:
        paste = None
    clean = replace(
        alert,
        group_key=known.clean(alert.group_key),
        fingerprint=known.clean(alert.fingerprint),
        labels=_clean_map(alert.labels, known),
        annotations=_clean_map(alert.annotations, known),
        title=known.clean(alert.title),
        summary=known.clean(alert.summary),
        error_text=paste.text if paste is not None else redact(alert.error_text).text,
        profile=clean_optional(alert.profile),
        key_id=clean_optional(alert.key_id),
        request_id=clean_optional(alert.request_id),
        client_ip=clean_optional(alert.client_ip),
    )
    return clean, paste
