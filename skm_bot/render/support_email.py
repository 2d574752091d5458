"""
The support email: what NHN Cloud support needs to act without a follow-up question, no secret.

It is written to be sent as it is: what failed (SKM's result as SKM wrote it), the facts known
(those a check found say which check), one line for the facts support asks for that are not
known, the checks skm-bot ran with their outcomes and when, the paste as it was redacted, and
the diagnosis id. The steps to fix are for the person, not for support, so they stay out; so
does any word to the sender: what they could attach travels beside the email (`attach`).

The email is plain text: the catalogue's and the checks' Slack marks are taken out here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from skm_bot.core.catalogue import KnownError
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.facts import Facts
from skm_bot.core.found_facts import FoundFact
from skm_bot.core.labels import label
from skm_bot.core.language import Language
from skm_bot.render.plain_text import without_markup

DEFAULT_SUPPORT_EMAIL = "support@toast.com"
# What SKM_BOT_SUPPORT_EMAIL must look like.
SUPPORT_EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

# The paste's excerpt: enough of a log or an exchange to read, short enough that the whole email
# fits Slack's 3000-character input and a mailto: link's start.
EXCERPT_LINES = 15
EXCERPT_CHARS = 900
_LINE_CHARS = 200
_DETAILS_PER_CHECK = 2
_QUOTE = "    "


@dataclass(frozen=True)
class Escalation:
    """
    A ready-to-send email, and beside it what its sender could attach.

    `attach` names, in the email's language, the facts support asks for first that the paste
    did not show; it is for the sender and is never part of `body`.
    """

    to: str
    subject: str
    body: str
    attach: tuple[str, ...] = ()


def mask_appkey(appkey: str) -> str:
    """Keep the first four and last two characters: enough to tell projects apart, not to use."""
    if len(appkey) <= 8:
        return appkey[:2] + "*" * (len(appkey) - 2) if len(appkey) > 2 else "*" * len(appkey)
    return appkey[:4] + "*" * (len(appkey) - 6) + appkey[-2:]


def build_escalation(diagnosis: Diagnosis, *, to: str) -> Escalation | None:
    """The support email for `diagnosis`, in its language; None when it is not SKM's."""
    if diagnosis.other_system is not None:
        return None
    return Escalation(
        to=to,
        subject=_subject(diagnosis),
        body="\n".join(_body_lines(diagnosis)),
        attach=_attach(diagnosis.facts, diagnosis.language),
    )


def attach_note(escalation: Escalation, language: Language) -> str:
    """The line beside the email for its sender: it can go as it is, and what could go with it."""
    if not escalation.attach:
        return label("email_attach_none", language)
    items = label("email_list_separator", language).join(escalation.attach)
    return label("email_attach", language).format(items=items)


def found_note(found: FoundFact, language: Language) -> str:
    """Where a fact a check found came from, to follow its value: " (read from the … by …)"."""
    return label(f"email_found_{found.name}", language).format(check=found.check_id)


def skm_result(facts: Facts) -> str | None:
    """SKM's result as SKM wrote it: `resultCode -3, "Invalid Key Version"`; None if unknown."""
    parts = []
    if facts.result_code is not None:
        parts.append(f"resultCode {facts.result_code}")
    if facts.result_message is not None:
        parts.append(f'"{facts.result_message}"')
    return ", ".join(parts) or None


def _subject(diagnosis: Diagnosis) -> str:
    lang = diagnosis.language
    if not diagnosis.reported:
        return label("email_subject_none", lang).format(diagnosis_id=diagnosis.diagnosis_id)
    return label("email_subject_match", lang).format(
        error=_failure_name(diagnosis.reported[0].entry, lang),
        operation=diagnosis.facts.operation or "SKM API",
        diagnosis_id=diagnosis.diagnosis_id,
    )


def _failure_name(entry: KnownError, language: Language) -> str:
    """SKM's own message for a failure SKM reports; the title for one it does not."""
    return without_markup(
        entry.title.get(language) if entry.id == "certificate_error" else entry.message
    )


def _failures(diagnosis: Diagnosis) -> list[str]:
    """What failed, as surely as the diagnosis says it."""
    lang = diagnosis.language
    if diagnosis.stance == "ask":
        names = ", ".join(_failure_name(m.entry, lang) for m in diagnosis.candidates)
        return [f"- {label('email_candidates', lang)}: {names}"]
    if not diagnosis.reported:
        return [f"- {label('email_no_match', lang)}"]
    probably = f"{label('probably', lang)}: " if diagnosis.stance == "probable" else ""
    lines = []
    for match in diagnosis.reported:
        entry = match.entry
        title = without_markup(entry.title.get(lang))
        sub_cause = entry.sub_causes.get(match.sub_cause or "")
        narrower = f" ({without_markup(sub_cause.title.get(lang))})" if sub_cause else ""
        name = _failure_name(entry, lang)
        text = title if name == title else f"{name}: {title}"
        lines.append(f"- {probably}{text}{narrower}")
    return lines


def _rows(keys_and_values: list[tuple[str, str | None]], language: Language) -> list[str]:
    return [f"- {label(key, language)}: {value}" for key, value in keys_and_values if value]


def _what_failed(diagnosis: Diagnosis) -> list[str]:
    lang, facts = diagnosis.language, diagnosis.facts
    rows = [
        ("email_result", skm_result(facts)),
        ("email_operation", facts.operation),
        ("email_failed_at", facts.timestamp),
        ("email_diagnosis_id", diagnosis.diagnosis_id),
    ]
    return [f"## {label('email_what_failed', lang)}", *_failures(diagnosis), *_rows(rows, lang)]


def _fact_values(diagnosis: Diagnosis) -> list[tuple[str, str | None]]:
    """The facts besides the failure, in the order support reads them; None when not known."""
    facts, lang = diagnosis.facts, diagnosis.language
    values: dict[str, str | None] = {
        "endpoint": facts.endpoint,
        "api_version": facts.api_version,
        "appkey": mask_appkey(facts.appkey) if facts.appkey else None,
        "key_id": facts.key_id,
        "key_version": None if facts.key_version is None else str(facts.key_version),
        "keystore": None,
        "client_ip": facts.client_ip,
        "client_mac": facts.client_mac,
        "mac_header": facts.mac_header,
        "request_ids": ", ".join(facts.request_ids) or None,
    }
    for found in diagnosis.found:
        values[found.name] = f"{found.value}{found_note(found, lang)}"
    return [(f"email_{name}", value) for name, value in values.items()]


def _not_known(diagnosis: Diagnosis) -> list[str]:
    """One line for the facts support asks for first that nobody knows; none when all are."""
    facts, lang = diagnosis.facts, diagnosis.language
    essentials = (
        ("email_result", skm_result(facts)),
        ("email_operation", facts.operation),
        ("email_appkey_name", facts.appkey),
        ("email_key_id", facts.key_id),
        ("email_failed_at_name", facts.timestamp),
        ("email_client_ip", facts.client_ip),
    )
    missing = [label(key, lang) for key, value in essentials if value is None]
    if not missing:
        return []
    names = label("email_names_separator", lang).join(missing)
    return [f"- {label('email_not_known', lang)}: {names}"]


def _facts(diagnosis: Diagnosis) -> list[str]:
    lang = diagnosis.language
    rows = _rows(_fact_values(diagnosis), lang) + _not_known(diagnosis)
    return [f"## {label('email_facts', lang)}", *rows] if rows else []


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _status(status: Status, language: Language) -> str:
    return label(f"email_status_{status.value}", language)


def _check_lines(checks: tuple[CheckResult, ...], language: Language) -> Iterator[str]:
    """Each check that ran with its outcome (and why, when it failed); those not run together."""
    not_run: dict[str, list[str]] = {}
    for check in checks:
        summary = _cut(without_markup(check.summary), _LINE_CHARS)
        if check.status is Status.SKIP:
            not_run.setdefault(summary, []).append(check.id)
            continue
        yield f"- [{_status(check.status, language)}] {check.id}: {summary}"
        if check.status is not Status.PASS:
            for detail in check.details[:_DETAILS_PER_CHECK]:
                yield f"{_QUOTE}{_cut(without_markup(detail), _LINE_CHARS)}"
    for summary, ids in not_run.items():
        yield f"- [{_status(Status.SKIP, language)}] {', '.join(ids)}: {summary}"


def _checks(diagnosis: Diagnosis) -> list[str]:
    lang = diagnosis.language
    when = diagnosis.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    lines = list(_check_lines(diagnosis.checks, lang)) or [f"- {label('email_no_checks', lang)}"]
    return [f"## {label('email_checks', lang).format(time=when)}", *lines]


def _middle_cut(line: str, limit: int) -> str:
    """A long line's start and end: a one-line log keeps the request and the response."""
    if len(line) <= limit:
        return line
    tail = limit * 2 // 5
    return f"{line[: limit - tail - 3]} … {line[-tail:]}"


def excerpt(text: str, language: Language, *, appkey: str | None = None) -> list[str]:
    """
    The first lines of the (redacted) paste, indented as a quote, and how many were left out.

    The appkey is masked as in the facts: the email shows enough to tell projects apart.
    """
    if appkey:
        text = text.replace(appkey, mask_appkey(appkey))
    lines = text.strip("\n").splitlines()
    shown: list[str] = []
    used = 0
    for line in lines[:EXCERPT_LINES]:
        line = _middle_cut(line.expandtabs(4).rstrip(), _LINE_CHARS)
        if shown and used + len(line) > EXCERPT_CHARS:
            break
        shown.append(f"{_QUOTE}{line}".rstrip())
        used += len(line)
    if len(lines) > len(shown):
        more = label("email_pasted_more", language).format(count=len(lines) - len(shown))
        shown.append(f"{_QUOTE}{more}")
    return shown


def _pasted(diagnosis: Diagnosis) -> list[str]:
    lang = diagnosis.language
    pasted = excerpt(diagnosis.text, lang, appkey=diagnosis.facts.appkey)
    lines = [f"## {label('email_pasted', lang)}", *pasted]
    if diagnosis.redactions:
        kinds = ", ".join(r.kind for r in diagnosis.redactions)
        count = sum(r.count for r in diagnosis.redactions)
        lines += ["", label("email_redacted", lang).format(count=count, kinds=kinds)]
    return lines


def _body_lines(diagnosis: Diagnosis) -> list[str]:
    lang = diagnosis.language
    lines = [label("email_greeting", lang), "", label("email_intro", lang)]
    for section in (_what_failed, _facts, _checks, _pasted):
        part = section(diagnosis)
        if part:
            lines += ["", *part]
    return [*lines, "", label("email_closing", lang)]


def _attach(facts: Facts, language: Language) -> tuple[str, ...]:
    """What support asks for first that the paste did not show, for the sender to attach."""
    wanted = (
        ("email_attach_response", skm_result(facts)),
        ("email_attach_appkey", facts.appkey),
        ("email_attach_time", facts.timestamp),
        ("email_attach_client_ip", facts.client_ip),
    )
    return tuple(label(key, language) for key, value in wanted if value is None)
