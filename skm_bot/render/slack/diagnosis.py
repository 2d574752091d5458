"""Slack replies as Block Kit: a Diagnosis (or a notice) in, {"text", "blocks"} out. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.labels import label
from skm_bot.core.language import Language
from skm_bot.render.slack import limits
from skm_bot.render.slack.blocks import (
    Block,
    Message,
    actions,
    button,
    context,
    cut,
    cut_lines,
    escape,
    header,
    message,
    section,
)
from skm_bot.render.slack.candidates import candidate_blocks

# Interactive ids, defined once: the renderer puts them on buttons, the listeners route on them.
ACTION_RERUN = "rerun_checks"
ACTION_DRAFT_EMAIL = "draft_support_email"
ACTION_RESOLVED = "feedback_resolved"
ACTION_NOT_HELPFUL = "feedback_not_helpful"
ACTION_OPEN_MAIL = "open_mail_app"
FEEDBACK_ACTIONS = {ACTION_RESOLVED: "resolved", ACTION_NOT_HELPFUL: "not_helpful"}
VIEW_SUPPORT_EMAIL = "support_email"
BLOCK_ACTIONS = "skm_actions"

STATUS_EMOJI = {
    Status.PASS: ":white_check_mark:",
    Status.FAIL: ":x:",
    Status.WARN: ":warning:",
    Status.SKIP: ":heavy_minus_sign:",
    Status.ERROR: ":grey_question:",
}
PENDING_EMOJI = ":hourglass_flowing_sand:"

# Room left in a section for the cut note; the note itself is short and fixed.
_NOTE_ROOM = 200
_DETAILS_PER_CHECK = 3


def _cut_note(diagnosis: Diagnosis) -> str:
    return label("slack_cut", diagnosis.language).replace("{diagnosis_id}", diagnosis.diagnosis_id)


def _titled(title: str, lines: list[str], note: str) -> Block:
    """A section: a bold title over lines, cut at a line boundary to fit 3000 characters."""
    budget = limits.SECTION_TEXT - len(title) - 5
    return section(f"*{title}*\n" + cut_lines(lines, budget, note))


def check_lines(results: Sequence[CheckResult]) -> list[str]:
    """Each check as a status line, with its first few details under it."""
    lines: list[str] = []
    for result in results:
        summary = escape(cut(result.summary, 300))
        lines.append(f"{STATUS_EMOJI[result.status]} `{result.id}` {summary}")
        lines += [f"      {escape(cut(d, 300))}" for d in result.details[:_DETAILS_PER_CHECK]]
    return lines


def _where(diagnosis: Diagnosis, profile: str | None, unusable: Sequence[str] = ()) -> str:
    """Live with which profile, or offline; offline because a profile cannot be used says so."""
    if profile is None and unusable:
        names = ", ".join(f"`{escape(cut(name, 100))}`" for name in unusable)
        text = label("slack_offline_unusable", diagnosis.language).format(profiles=names)
        return ":warning: " + text
    if profile is None:
        return ":electric_plug: " + label("slack_offline", diagnosis.language)
    return ":satellite_antenna: " + label("slack_live", diagnosis.language).format(profile=profile)


def _id_line(diagnosis: Diagnosis) -> str:
    return f"{label('diagnosis_id', diagnosis.language)}: `{diagnosis.diagnosis_id}`"


def _title(diagnosis: Diagnosis) -> str:
    lang = diagnosis.language
    if diagnosis.other_system is not None:
        return label("not_skm_title", lang).format(name=diagnosis.other_system.name.get(lang))
    if diagnosis.stance == "ask":
        return label("ask_title", lang)
    if not diagnosis.matches:
        return label("no_match_title", lang)
    title = diagnosis.matches[0].entry.title.get(lang)
    if diagnosis.stance == "probable":
        return f"{label('probably', lang)}: {title}"
    return title


def _failure_blocks(diagnosis: Diagnosis, chosen_by: str | None) -> list[Block]:
    """The failure, its tier, confidence and evidence, its cause, and any other failure found."""
    lang = diagnosis.language
    top = diagnosis.matches[0]
    entry = top.entry
    evidence = f"\n> {escape(cut(top.evidence[0], 300))}" if top.evidence else ""
    sub_cause = entry.sub_causes.get(top.sub_cause or "")
    narrower = f"\n→ {sub_cause.title.get(lang)}" if sub_cause else ""
    tier = label(f"tier_{top.tier}", lang)
    blocks = [
        header(_title(diagnosis)),
        section(
            f"*{entry.message}* · {label('confidence', lang)} {top.confidence:.2f} · {tier}"
            f"{narrower}{evidence}\n\n"
            f"*{label('cause', lang)}*\n{cut(entry.cause.get(lang), 2000)}"
        ),
    ]
    notes = []
    if diagnosis.stance == "probable":
        notes.append(label("probable_note", lang))
    if diagnosis.stance == "chosen":
        notes.append(label("chosen_note", lang).format(who=f"<@{chosen_by}>" if chosen_by else "-"))
    notes += [
        f"{label('also', lang)}: {m.entry.title.get(lang)} ({m.confidence:.2f})"
        for m in diagnosis.matches[1:4]
    ]
    if notes:
        blocks.append(context(*notes))
    return blocks


def _summary_blocks(diagnosis: Diagnosis, chosen_by: str | None = None) -> list[Block]:
    """What the paste shows, as surely as the evidence allows."""
    lang = diagnosis.language
    other = diagnosis.other_system
    if other is not None:
        recognised = f"{label('not_skm_evidence', lang)}: `{escape(cut(other.evidence, 100))}`"
        return [
            header(_title(diagnosis)),
            section(label("not_skm_cause", lang)),
            context(recognised),
        ]
    if diagnosis.stance == "ask":
        return [header(_title(diagnosis)), *candidate_blocks(diagnosis)]
    if not diagnosis.matches:
        return [header(_title(diagnosis)), section(label("no_match_cause", lang))]
    return _failure_blocks(diagnosis, chosen_by)


def _buttons(diagnosis: Diagnosis) -> Block:
    """Re-run, the support email (never for another system's paste), and feedback."""
    lang = diagnosis.language
    value = diagnosis.diagnosis_id
    email = (
        [button(label("slack_draft_email", lang), ACTION_DRAFT_EMAIL, value=value, style="primary")]
        if diagnosis.other_system is None
        else []
    )
    return actions(
        button(label("slack_rerun", lang), ACTION_RERUN, value=value),
        *email,
        button(label("slack_resolved", lang), ACTION_RESOLVED, value=value),
        button(label("slack_not_helpful", lang), ACTION_NOT_HELPFUL, value=value),
        block_id=BLOCK_ACTIONS,
    )


def render_running(
    diagnosis: Diagnosis,
    done: Sequence[CheckResult],
    *,
    profile: str | None,
    unusable: Sequence[str] = (),
) -> Message:
    """
    The "running checks…" message, updated in place as each check finishes.

    `unusable`: profiles set up for here that cannot be used (the checks then run offline).
    """
    lang = diagnosis.language
    finished = {r.id for r in done}
    pending = [c for c in diagnosis.planned_checks if c not in finished]
    lines = check_lines(done) + [
        f"{PENDING_EMOJI} `{c}` {label('slack_pending', lang)}" for c in pending
    ]
    progress = label("slack_progress", lang).format(
        done=len(done), total=len(diagnosis.planned_checks)
    )
    running = label("slack_running", lang)
    blocks = [
        section(f"{PENDING_EMOJI} *{running}* {progress}\n*{cut(_title(diagnosis), 200)}*"),
        _titled(label("checks", lang), lines, _cut_note(diagnosis)),
        context(_id_line(diagnosis), _where(diagnosis, profile, unusable)),
    ]
    return message(f"{running} {progress} · {diagnosis.diagnosis_id}", blocks)


def render_diagnosis(
    diagnosis: Diagnosis,
    *,
    profile: str | None,
    before_checks: Sequence[Block] = (),
    after_steps: Sequence[Block] = (),
    chosen_by: str | None = None,
    unusable: Sequence[str] = (),
) -> Message:
    """
    The final reply: failure and confidence (or the candidates to pick from, or what else the
    paste is about), cause, checks, numbered steps, id and buttons.

    `before_checks` (a known issue) and `after_steps` (what changed since) add blocks there;
    `chosen_by` is who picked the failure, when someone did.
    `unusable` names profiles set up for here that cannot be used (the checks ran offline).
    """
    lang = diagnosis.language
    note = _cut_note(diagnosis)
    blocks = [*_summary_blocks(diagnosis, chosen_by), *before_checks]
    if diagnosis.checks:
        lines = check_lines(diagnosis.checks)
        if diagnosis.general_checks:
            lines = [label("general_checks_note", lang), *lines]
        blocks.append(_titled(label("checks", lang), lines, note))
    elif diagnosis.other_system is None and (diagnosis.planned_checks or diagnosis.matches):
        blocks.append(section(f"*{label('checks', lang)}*\n{label('no_checks', lang)}"))
    steps = [f"{n}. {step}" for n, step in enumerate(diagnosis.steps, 1)]
    blocks.append(_titled(label("steps", lang), steps, note))
    blocks.extend(after_steps)
    blocks.append(context(_id_line(diagnosis), _where(diagnosis, profile, unusable)))
    blocks.append(_buttons(diagnosis))
    fallback = f"{_title(diagnosis)} · {label('diagnosis_id', lang)} {diagnosis.diagnosis_id}"
    return message(fallback, blocks)


def render_redaction_warning(kinds: Sequence[str], language: Language) -> Message:
    """The private note to the poster: secrets were in the paste; delete it and rotate them."""
    text = label("redaction_warning", language).format(kinds=", ".join(kinds))
    return message(text, [section(f":rotating_light: {text}")])


def render_refused(reason: str) -> Message:
    """The private answer to a paste the bot cannot take (over the size limit)."""
    text = f":no_entry_sign: {escape(cut(reason, 500))}"
    return message(escape(reason), [section(text)])


def render_help(language: Language) -> Message:
    """What skm-bot does and how to reach it."""
    title = label("slack_help_title", language)
    return message(title, [header(title), section(label("slack_help_body", language))])


def render_feedback_ack(verdict: str, diagnosis_id: str, language: Language) -> Message:
    """The private thank-you after Resolved / Not helpful."""
    key = "slack_feedback_resolved" if verdict == "resolved" else "slack_feedback_not_helpful"
    text = label(key, language).format(diagnosis_id=diagnosis_id)
    return message(text, [section(text)])


def render_not_found(query: str, language: Language) -> Message:
    """No stored diagnosis answers to a request or diagnosis id."""
    text = label("slack_not_found", language).format(query=f"`{escape(cut(query, 100))}`")
    return message(text, [section(text)])
