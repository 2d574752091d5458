"""
The CPU-bound part of a webhook, as one picklable function: decode the JSON, validate the payload,
redact and diagnose each alert. The work pool runs it on another thread or in another process.

It answers with the intakes to store or with a `Refusal` (a value, not an exception), so what
crosses back from a worker process is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError

from skm_bot.core.alerts import Source
from skm_bot.store.batch_plan import AlertIntake
from skm_bot.webhooks.ingest import DiagnosisMemo, Intake
from skm_bot.webhooks.json_body import BadJson, decode_json
from skm_bot.webhooks.payloads import parse_payload, to_alerts
from skm_bot.webhooks.work_pool import shared

_MAX_FIELD_ERRORS = 20


@dataclass(frozen=True)
class Refusal:
    """Why a body was refused: the status, a short error code, a sentence, the fields at fault."""

    status: int
    error: str
    detail: str
    fields: tuple[tuple[str, str], ...] = ()


def _field_errors(exc: ValidationError) -> tuple[tuple[str, str], ...]:
    return tuple(
        (".".join(str(p) for p in e["loc"]) or "(body)", e["msg"])
        for e in exc.errors()[:_MAX_FIELD_ERRORS]
    )


def prepare(
    intake: Intake, source: Source, body: bytes, now: datetime
) -> list[AlertIntake] | Refusal:
    """The body's alerts, redacted, diagnosed and routed; or why the body cannot be used."""
    try:
        payload = parse_payload(source, decode_json(body))
    except BadJson as exc:
        return Refusal(400, "invalid_json", exc.reason)
    except ValidationError as exc:
        return Refusal(422, "invalid_payload", f"not a valid {source} payload", _field_errors(exc))
    diagnosed: DiagnosisMemo = {}
    return [intake(alert, now=now, diagnosed=diagnosed) for alert in to_alerts(payload)]


def prepare_shared(
    intake_key: str, source: Source, body: bytes, now: datetime
) -> list[AlertIntake] | Refusal:
    """`prepare` with the intake the work pool shared under `intake_key` (`WorkPool.share`)."""
    intake: Intake = shared(intake_key)
    return prepare(intake, source, body, now)
