"""The support email: everything support needs to act, without a follow-up question, and no secret."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.labels import label

DEFAULT_SUPPORT_EMAIL = "support@toast.com"


@dataclass(frozen=True)
class Escalation:
    """A ready-to-send email."""

    to: str
    subject: str
    body: str


def mask_appkey(appkey: str) -> str:
    """Keep the first four and last two characters: enough to tell projects apart, not to use."""
    if len(appkey) <= 8:
        return appkey[:2] + "*" * (len(appkey) - 2) if len(appkey) > 2 else "*" * len(appkey)
    return appkey[:4] + "*" * (len(appkey) - 6) + appkey[-2:]


def build_escalation(diagnosis: Diagnosis, *, to: str) -> Escalation | None:
    """The support email for `diagnosis`, in its language; None when it is not SKM's."""
    if diagnosis.other_system is not None:
        return None
    return Escalation(to=to, subject=_subject(diagnosis), body="\n".join(_body_lines(diagnosis)))


def _subject(diagnosis: Diagnosis) -> str:
    lang = diagnosis.language
    if not diagnosis.matches:
        return label("email_subject_none", lang).format(diagnosis_id=diagnosis.diagnosis_id)
    top = diagnosis.matches[0].entry
    return label("email_subject_match", lang).format(
        error=top.message if top.id != "certificate_error" else top.title.get(lang),
        operation=diagnosis.facts.operation or "SKM API",
        diagnosis_id=diagnosis.diagnosis_id,
    )


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _fact_rows(diagnosis: Diagnosis) -> list[tuple[str, str | None]]:
    facts = diagnosis.facts
    result = None
    if facts.result_code is not None or facts.result_message is not None:
        result = f"resultCode={facts.result_code}, resultMessage={facts.result_message!r}"
    return [
        ("email_result", result),
        ("email_operation", facts.operation),
        ("email_endpoint", facts.endpoint),
        ("email_api_version", facts.api_version),
        ("email_appkey", mask_appkey(facts.appkey) if facts.appkey else None),
        ("email_key_id", facts.key_id),
        ("email_key_version", str(facts.key_version) if facts.key_version is not None else None),
        ("email_client_ip", facts.client_ip),
        ("email_client_mac", facts.client_mac),
        ("email_mac_header", facts.mac_header),
        ("email_request_ids", ", ".join(facts.request_ids) or None),
        ("email_failed_at", facts.timestamp),
        ("email_reported_at", _utc(diagnosis.created_at)),
        ("diagnosis_id", diagnosis.diagnosis_id),
    ]


def _body_lines(diagnosis: Diagnosis) -> list[str]:
    lang = diagnosis.language
    lines = [label("email_greeting", lang), "", label("email_intro", lang), ""]
    lines.append(f"## {label('email_what_failed', lang)}")
    for match in diagnosis.matches:
        entry = match.entry
        lines.append(f"- {label('email_error', lang)}: {entry.message} ({entry.title.get(lang)})")
    if not diagnosis.matches:
        lines.append(f"- {label('email_error', lang)}: {label('no_match_title', lang)}")
    for key, value in _fact_rows(diagnosis):
        lines.append(
            f"- {label(key, lang)}: {value if value is not None else label('not_found', lang)}"
        )
    lines += ["", f"## {label('email_checks', lang)}"]
    lines += [f"- [{c.status.value}] {c.id}: {c.summary}" for c in diagnosis.checks] or [
        f"- {label('no_checks', lang)}"
    ]
    lines += ["", f"## {label('email_tried', lang)}"]
    lines += [f"{i}. {step}" for i, step in enumerate(diagnosis.steps, 1)]
    if diagnosis.redactions:
        kinds = ", ".join(r.kind for r in diagnosis.redactions)
        count = sum(r.count for r in diagnosis.redactions)
        lines += ["", label("email_redacted", lang).format(count=count, kinds=kinds)]
    lines += ["", label("email_closing", lang)]
    return lines
