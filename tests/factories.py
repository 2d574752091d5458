"""Diagnoses as the bot makes them, for tests that need one: redacted first, as every trigger does."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from skm_bot.core.catalogue import load_catalogue
from skm_bot.core.diagnosis import Diagnosis, diagnose
from skm_bot.core.language import Language
from skm_bot.core.paste import take_paste
from skm_bot.render.json_contract import diagnosis_json
from skm_bot.render.support_email import DEFAULT_SUPPORT_EMAIL
from skm_bot.webhooks.ingest import Intake
from skm_bot.webhooks.routing import Router

CATALOGUE = load_catalogue()
NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def diagnosed(
    text: str,
    *,
    now: datetime = NOW,
    language: Language | None = None,
    chosen: str | None = None,
) -> Diagnosis:
    """The offline diagnosis of a raw paste, through the same door every trigger uses."""
    return diagnose(
        take_paste(text), now=now, catalogue=CATALOGUE, language=language, chosen=chosen
    )


def document(diagnosis: Diagnosis, support_email: str = DEFAULT_SUPPORT_EMAIL) -> dict[str, Any]:
    """The JSON contract of a diagnosis, as the CLI prints it and the store keeps it."""
    return diagnosis_json(diagnosis, support_email=support_email)


def intake(router: Router | None = None) -> Intake:
    """How the webhooks turn alerts into what the store keeps, with the shipped catalogue."""
    return Intake(
        catalogue=CATALOGUE, support_email=DEFAULT_SUPPORT_EMAIL, router=router or Router()
    )
