"""The JSON contract of a diagnosis: what `--json` prints and what the store keeps. Pure."""

from __future__ import annotations

from typing import Any

from skm_bot.core.diagnosis import Diagnosis
from skm_bot.render.support_email import build_escalation


def diagnosis_json(diagnosis: Diagnosis, *, support_email: str) -> dict[str, Any]:
    """
    The CLI's stable JSON contract (see the README); the support email goes to `support_email`.
    """
    escalation = build_escalation(diagnosis, to=support_email)
    return {
        "diagnosis_id": diagnosis.diagnosis_id,
        "language": diagnosis.language,
        "matches": [
            {"error": m.error_id, "confidence": m.confidence, "evidence": list(m.evidence)}
            for m in diagnosis.matches
        ],
        "facts": diagnosis.facts.to_json(),
        "redactions": [{"kind": r.kind, "count": r.count} for r in diagnosis.redactions],
        "checks": [
            {
                "id": c.id,
                "status": c.status.value,
                "summary": c.summary,
                "details": list(c.details),
            }
            for c in diagnosis.checks
        ],
        "steps": list(diagnosis.steps),
        "escalation": {
            "to": escalation.to,
            "subject": escalation.subject,
            "body": escalation.body,
        },
    }
