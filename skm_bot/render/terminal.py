"""
The terminal report: a Diagnosis as readable plain text.

Texts from the catalogue and the checks go through `without_markup`: they are written for
Slack too, and a terminal shows Slack's marks as typed.
"""

from __future__ import annotations

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.labels import label
from skm_bot.render.plain_text import without_markup
from skm_bot.render.support_email import build_escalation

STATUS_MARK = {
    Status.PASS: "✔ pass ",
    Status.FAIL: "✘ fail ",
    Status.WARN: "! warn ",
    Status.SKIP: "- skip ",
    Status.ERROR: "? error",
}

_FACT_NAMES = (
    "operation",
    "endpoint",
    "api_version",
    "appkey",
    "key_id",
    "key_version",
    "client_ip",
    "client_mac",
    "mac_header",
    "result_code",
    "result_message",
    "request_id",
    "timestamp",
)


def render_check(result: CheckResult) -> list[str]:
    """One check as a line, with its details indented under it."""
    summary = without_markup(result.summary)
    lines = [f"  {STATUS_MARK[result.status]}  {result.id:<16} {summary}"]
    lines += [f"             {without_markup(detail)}" for detail in result.details]
    return lines


def render_text(diagnosis: Diagnosis, *, support_email: str | None) -> str:
    """
    The whole report: what failed, why, the checks, the steps and the support email to
    `support_email` (None: the report without the email).
    """
    lang = diagnosis.language
    lines: list[str] = []
    if diagnosis.redactions:
        kinds = ", ".join(r.kind for r in diagnosis.redactions)
        lines += [f"⚠ {label('redaction_warning', lang).format(kinds=kinds)}", ""]
    if diagnosis.matches:
        top = diagnosis.matches[0]
        entry = top.entry
        lines.append(
            f"■ {without_markup(entry.title.get(lang))}  [{entry.message}]  "
            f"({label('confidence', lang)} {top.confidence:.2f})"
        )
        lines += [f"  {label('evidence', lang)}: {ev}" for ev in top.evidence]
        lines += ["", f"{label('cause', lang)}: {without_markup(entry.cause.get(lang))}"]
        for other in diagnosis.matches[1:]:
            also = other.entry
            lines.append(
                f"{label('also', lang)}: {without_markup(also.title.get(lang))} [{also.message}] "
                f"({other.confidence:.2f})"
            )
    else:
        lines += [f"■ {label('no_match_title', lang)}", "", label("no_match_cause", lang)]
    facts = diagnosis.facts.to_json()
    shown = [(name, facts[name]) for name in _FACT_NAMES if facts.get(name) is not None]
    if shown:
        lines += ["", f"{label('facts', lang)}:"]
        lines += [f"  {name:<15} {value}" for name, value in shown]
    lines += ["", f"{label('checks', lang)}:"]
    for result in diagnosis.checks:
        lines += render_check(result)
    if not diagnosis.checks:
        lines.append(f"  {label('no_checks', lang)}")
    lines += ["", f"{label('steps', lang)}:"]
    lines += [f"  {i}. {without_markup(step)}" for i, step in enumerate(diagnosis.steps, 1)]
    lines += ["", f"{label('diagnosis_id', lang)}: {diagnosis.diagnosis_id}"]
    if support_email is not None:
        email = build_escalation(diagnosis, to=support_email)
        lines += [
            "",
            f"── {label('escalation', lang)} ──",
            f"To: {email.to}",
            f"Subject: {without_markup(email.subject)}",
            "",
            without_markup(email.body),
        ]
    return "\n".join(lines)
