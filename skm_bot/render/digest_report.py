"""
The digest for `skm-bot report`: a text report and the JSON contract; and the words both it and
the Slack message use for the span and the summary. Pure.
"""

from __future__ import annotations

from typing import Any

from skm_bot.core.catalogue import Catalogue
from skm_bot.core.digest import Digest
from skm_bot.core.language import Language
from skm_bot.core.phrases import phrase
from skm_bot.core.watch.dates import iso
from skm_bot.render.report_words import duration, failure_title


def span_words(digest: Digest, language: Language) -> str:
    """The title: the span's first and last UTC days."""
    first, last = digest.days[0], digest.days[-1]
    return phrase("digest.title", start=first.isoformat(), end=last.isoformat()).text(language)


def summary_values(digest: Digest, language: Language) -> list[tuple[str, str]]:
    """(name, value) of each headline number: failures, resolved, helpful, alert groups."""
    resolved = str(digest.resolved)
    median, slowest = digest.median_to_resolve, digest.slowest_to_resolve
    if median is not None and slowest is not None:
        resolved = phrase(
            "digest.resolved_value",
            count=digest.resolved,
            median=duration(median, language),
            slowest=duration(slowest, language),
        ).text(language)
    rate = digest.helpful_rate
    helpful = phrase("digest.helpful_none").text(language)
    if rate is not None:
        helpful = phrase(
            "digest.helpful_value",
            rate=round(rate * 100),
            helpful=digest.helpful,
            not_helpful=digest.not_helpful,
        ).text(language)
    alerts = phrase("digest.alerts_value", opened=digest.alerts_opened, closed=digest.alerts_closed)
    return [
        (phrase("digest.failures").text(language), str(digest.failures)),
        (phrase("digest.resolved").text(language), resolved),
        (phrase("digest.helpful").text(language), helpful),
        (phrase("digest.alerts").text(language), alerts.text(language)),
    ]


def digest_text(digest: Digest, *, language: Language, catalogue: Catalogue) -> str:
    """The report: title and channel, the headline numbers, then a table of kinds by day."""
    channel = digest.channel or phrase("digest.every_channel").text(language)
    lines = [f"{span_words(digest, language)} ({channel})", ""]
    values = summary_values(digest, language)
    width = max(len(name) for name, _ in values)
    lines += [f"{name.ljust(width)}  {value}" for name, value in values]
    lines.append("")
    if not digest.kinds:
        lines.append(phrase("digest.no_failures").text(language))
        return "\n".join(lines)
    days = [day.strftime("%m-%d") for day in digest.days]
    names = [kind.error_id or "-" for kind in digest.kinds]
    first = max(len(n) for n in names)
    lines.append(phrase("digest.by_kind").text(language))
    total = phrase("digest.total").text(language)
    lines.append(" ".join([" " * first, *(d.rjust(5) for d in days), total.rjust(6)]))
    for name, kind in zip(names, digest.kinds, strict=True):
        counts = [str(n).rjust(5) for n in kind.per_day]
        lines.append(" ".join([name.ljust(first), *counts, str(kind.failures).rjust(6)]))
    lines.append("")
    for name, kind in zip(names, digest.kinds, strict=True):
        lines.append(f"{name}: {failure_title(catalogue, kind.error_id, language)}")
    return "\n".join(lines)


def digest_json(digest: Digest, *, language: Language, catalogue: Catalogue) -> dict[str, Any]:
    """The JSON contract of `skm-bot report --json` (docs/report.md)."""
    median, slowest = digest.median_to_resolve, digest.slowest_to_resolve
    return {
        "channel": digest.channel,
        "start": iso(digest.start),
        "end": iso(digest.end),
        "days": [day.isoformat() for day in digest.days],
        "failures": digest.failures,
        "resolved": digest.resolved,
        "time_to_resolve": {
            "median_seconds": median.total_seconds() if median is not None else None,
            "slowest_seconds": slowest.total_seconds() if slowest is not None else None,
        },
        "helpful": {
            "resolved": digest.helpful,
            "not_helpful": digest.not_helpful,
            "rate": digest.helpful_rate,
        },
        "alert_groups": {"opened": digest.alerts_opened, "closed": digest.alerts_closed},
        "kinds": [
            {
                "error": kind.error_id,
                "title": failure_title(catalogue, kind.error_id, language),
                "failures": kind.failures,
                "resolved": kind.resolved,
                "per_day": list(kind.per_day),
            }
            for kind in digest.kinds
        ],
    }
