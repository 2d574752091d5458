"""
The terminal report: a Diagnosis as readable plain text, as surely as its evidence allows.

Texts from the catalogue and the checks go through `without_markup`: they are written for
Slack too, and a terminal shows Slack's marks as typed.
"""

from __future__ import annotations

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.labels import label
from skm_bot.core.language import Language
from skm_bot.core.matching import Match
from skm_bot.core.other_systems import OtherSystem
from skm_bot.render.offline_hint import offline_hint
from skm_bot.render.plain_text import without_markup
from skm_bot.render.support_email import attach_note, build_escalation, found_note

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


def _tier(match: Match, language: Language) -> str:
    return label(f"tier_{match.tier}", language)


def _stated(diagnosis: Diagnosis) -> list[str]:
    """A failure stated, offered as probable, or picked: title, evidence, cause, the others."""
    lang = diagnosis.language
    top = diagnosis.matches[0]
    entry = top.entry
    probably = f"{label('probably', lang)}: " if diagnosis.stance == "probable" else ""
    lines = [
        f"■ {probably}{without_markup(entry.title.get(lang))}  [{entry.message}]  "
        f"({label('confidence', lang)} {top.confidence:.2f}, {_tier(top, lang)})"
    ]
    if top.sub_cause in entry.sub_causes:
        lines.append(f"  → {without_markup(entry.sub_causes[top.sub_cause].title.get(lang))}")
    lines += [f"  {label('evidence', lang)}: {ev}" for ev in top.evidence]
    if diagnosis.stance == "probable":
        lines.append(f"  {label('probable_note', lang)}")
    if diagnosis.stance == "chosen":
        lines.append(f"  {label('chosen_note', lang).format(who='--choose')}")
    lines += ["", f"{label('cause', lang)}: {without_markup(entry.cause.get(lang))}"]
    for other in diagnosis.matches[1:]:
        also = other.entry
        lines.append(
            f"{label('also', lang)}: {without_markup(also.title.get(lang))} [{also.message}] "
            f"({other.confidence:.2f}, {_tier(other, lang)})"
        )
    return lines


def _question(diagnosis: Diagnosis) -> list[str]:
    """Two or three failures fit, or only weakly: each with why, and how to pick one."""
    lang = diagnosis.language
    lines = [f"■ {label('ask_title', lang)}", "", label("ask_intro", lang)]
    for n, candidate in enumerate(diagnosis.candidates, 1):
        entry = candidate.entry
        lines.append(
            f"  {n}. {without_markup(entry.title.get(lang))}  [{entry.message}]  "
            f"({candidate.confidence:.2f}, {_tier(candidate, lang)})  --choose {entry.id}"
        )
        lines += [f"     {label('ask_why', lang)}: {ev}" for ev in candidate.evidence[:1]]
    lines += ["", label("ask_hint", lang).format(error=diagnosis.candidates[0].error_id)]
    return lines


def _not_skm(diagnosis: Diagnosis, other: OtherSystem) -> list[str]:
    lang = diagnosis.language
    return [
        f"■ {label('not_skm_title', lang).format(name=other.name.get(lang))}",
        f"  {label('not_skm_evidence', lang)}: {other.evidence}",
        "",
        label("not_skm_cause", lang),
    ]


def _headline(diagnosis: Diagnosis) -> list[str]:
    """What the paste shows, as surely as the evidence allows."""
    if diagnosis.other_system is not None:
        return _not_skm(diagnosis, diagnosis.other_system)
    if diagnosis.stance == "ask":
        return _question(diagnosis)
    if diagnosis.matches:
        return _stated(diagnosis)
    lang = diagnosis.language
    return [f"■ {label('no_match_title', lang)}", "", label("no_match_cause", lang)]


def _facts(diagnosis: Diagnosis) -> list[str]:
    """The facts in the paste, then those the checks found (each with the check that did)."""
    lang = diagnosis.language
    facts = diagnosis.facts.to_json()
    lines = [f"  {name:<15} {facts[name]}" for name in _FACT_NAMES if facts.get(name) is not None]
    for found in diagnosis.found:
        lines.append(f"  {found.name:<15} {found.value}{found_note(found, lang)}")
    return ["", f"{label('facts', lang)}:", *lines] if lines else []


def render_text(diagnosis: Diagnosis, *, support_email: str | None, offline: bool = False) -> str:
    """
    The whole report: what failed, why, the checks, the steps and the support email to
    `support_email` (None: the report without the email). Another system's paste gets no
    SKM checks and no email. `offline`: diagnosed without a profile, so the report says how
    to run live where that would tell more.
    """
    lang = diagnosis.language
    lines: list[str] = []
    if diagnosis.redactions:
        kinds = ", ".join(r.kind for r in diagnosis.redactions)
        lines += [f"⚠ {label('redaction_warning', lang).format(kinds=kinds)}", ""]
    lines += _headline(diagnosis)
    lines += _facts(diagnosis)
    if diagnosis.other_system is None:
        lines += ["", f"{label('checks', lang)}:"]
        if diagnosis.general_checks:
            lines.append(f"  {label('general_checks_note', lang)}")
        for result in diagnosis.checks:
            lines += render_check(result)
        if not diagnosis.checks:
            lines.append(f"  {label('no_checks', lang)}")
        hint = offline_hint(diagnosis) if offline else None
        if hint is not None:
            lines += ["", f"  {hint}"]
    lines += ["", f"{label('steps', lang)}:"]
    lines += [f"  {i}. {without_markup(step)}" for i, step in enumerate(diagnosis.steps, 1)]
    lines += ["", f"{label('diagnosis_id', lang)}: {diagnosis.diagnosis_id}"]
    email = build_escalation(diagnosis, to=support_email) if support_email is not None else None
    if email is not None:
        # The email is plain text already: its excerpt of the paste must stay as it was pasted.
        lines += [
            "",
            f"── {label('escalation', lang)} ──",
            attach_note(email, lang),
            "",
            f"To: {email.to}",
            f"Subject: {email.subject}",
            "",
            email.body,
        ]
    return "\n".join(lines)
