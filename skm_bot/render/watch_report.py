"""A watch run for the command line: readable text, or one JSON object per profile. Pure."""

from __future__ import annotations

from typing import Any

from skm_bot.core.language import Language
from skm_bot.core.watch.dates import iso, stamp
from skm_bot.core.watch.evaluate import Evaluation
from skm_bot.core.watch.model import Finding, Severity
from skm_bot.core.watch.texts import WatchTexts, load_texts

_MARK = {Severity.CRITICAL: "✘", Severity.WARNING: "!", Severity.INFO: "·"}


def finding_json(finding: Finding, *, language: Language, texts: WatchTexts) -> dict[str, Any]:
    """One finding as the `--json` contract spells it."""
    return {
        "id": finding.id,
        "check": finding.check,
        "kind": str(finding.kind),
        "severity": str(finding.severity),
        "subject": finding.subject,
        "keystore": finding.keystore,
        "due": iso(finding.due) or None,
        "summary": texts.summary(finding, language),
        "fix": texts.fix(finding, language),
    }


def watch_json(
    evaluation: Evaluation, *, language: Language, texts: WatchTexts | None = None
) -> dict[str, Any]:
    """One profile's run: `{"profile", "checked_at", "due", "findings": [...], "gaps": [...]}`."""
    words = texts or load_texts()
    return {
        "profile": evaluation.profile,
        "checked_at": iso(evaluation.checked_at),
        "due": evaluation.due,
        "findings": [finding_json(f, language=language, texts=words) for f in evaluation.findings],
        "gaps": list(evaluation.gaps),
    }


def watch_text(
    evaluation: Evaluation, *, language: Language, texts: WatchTexts | None = None
) -> str:
    """One profile's run as lines: each finding with its fix, then what could not be read."""
    words = texts or load_texts()
    checked = stamp(evaluation.checked_at)
    if not evaluation.findings:
        lines = [f"{evaluation.profile}: {words.label('ui', 'nothing', language)} ({checked})"]
    else:
        found = words.label("ui", "found", language).format(count=len(evaluation.findings))
        lines = [f"{evaluation.profile}: {found} ({checked})"]
    for finding in evaluation.findings:
        lines.extend(_finding_lines(finding, language=language, texts=words))
    if evaluation.gaps:
        lines.append(f"  {words.label('ui', 'gap', language)}:")
        lines.extend(f"    - {gap}" for gap in evaluation.gaps)
    return "\n".join(lines)


def _finding_lines(finding: Finding, *, language: Language, texts: WatchTexts) -> list[str]:
    severity = texts.label("severity", finding.severity, language).upper()
    title = texts.title(finding.kind, language)
    due = f"  ({texts.label('ui', 'due', language)} {stamp(finding.due)})" if finding.due else ""
    return [
        f"  {_MARK[finding.severity]} {severity}: {title}{due}",
        f"    {texts.summary(finding, language)}",
        f"    {texts.label('ui', 'fix', language)}: {texts.fix(finding, language)}",
        f"    {finding.check} · {finding.subject} · {finding.id}",
    ]
