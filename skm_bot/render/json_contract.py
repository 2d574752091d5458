"""The JSON contract of a diagnosis: what `--json` prints and what the store keeps. Pure."""

from __future__ import annotations

from typing import Any

from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.labels import label
from skm_bot.render.offline_hint import offline_hint
from skm_bot.render.support_email import build_escalation


def diagnosis_json(
    diagnosis: Diagnosis, *, support_email: str, offline: bool = False
) -> dict[str, Any]:
    """
    The CLI's stable JSON contract (see the README); the support email goes to `support_email`.

    Every match carries its `tier` (direct, concept, symptom, chosen); `stance` says how sure
    the reply is, `candidates` what it asks about, `hint` how to pick one. `escalation` is null
    when the paste is another system's (`not_skm`); its `attach` lists what the sender could
    add. `found_facts` are the facts the checks found that the paste lacked, each with the
    check that found it; each check's own are in its `found`. `offline_hint` says how to run
    live when the command line diagnosed `offline` (without a profile) and a profile would
    have done more; it is null otherwise, and in what the Slack app keeps.
    """
    escalation = build_escalation(diagnosis, to=support_email)
    return {
        "diagnosis_id": diagnosis.diagnosis_id,
        "language": diagnosis.language,
        "matches": [
            {
                "error": m.error_id,
                "confidence": m.confidence,
                "evidence": list(m.evidence),
                "tier": m.tier,
                "sub_cause": m.sub_cause,
            }
            for m in diagnosis.matches
        ],
        "stance": diagnosis.stance,
        "candidates": [m.error_id for m in diagnosis.candidates],
        "chosen": diagnosis.chosen,
        "hint": _hint(diagnosis),
        "not_skm": _not_skm(diagnosis),
        "facts": diagnosis.facts.to_json(),
        "found_facts": {f.name: {"value": f.value, "check": f.check_id} for f in diagnosis.found},
        "redactions": [{"kind": r.kind, "count": r.count} for r in diagnosis.redactions],
        "general_checks": diagnosis.general_checks,
        "checks": [
            {
                "id": c.id,
                "status": c.status.value,
                "summary": c.summary,
                "details": list(c.details),
                "found": dict(c.found),
            }
            for c in diagnosis.checks
        ],
        "steps": list(diagnosis.steps),
        "offline_hint": offline_hint(diagnosis) if offline else None,
        "escalation": None
        if escalation is None
        else {
            "to": escalation.to,
            "subject": escalation.subject,
            "body": escalation.body,
            "attach": list(escalation.attach),
        },
    }


def _hint(diagnosis: Diagnosis) -> str | None:
    """For --json users when the reply asks: how to get one candidate's full diagnosis."""
    if not diagnosis.candidates:
        return None
    return label("ask_hint", diagnosis.language).format(error=diagnosis.candidates[0].error_id)


def _not_skm(diagnosis: Diagnosis) -> dict[str, str] | None:
    other = diagnosis.other_system
    if other is None:
        return None
    return {
        "system": other.id,
        "kind": other.kind,
        "name": other.name.get(diagnosis.language),
        "evidence": other.evidence,
    }
