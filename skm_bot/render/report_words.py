"""Words the Home tab, the digest and `skm-bot report` share: failure titles and durations. Pure."""

from __future__ import annotations

from datetime import timedelta

from skm_bot.core.catalogue import Catalogue
from skm_bot.core.language import Language
from skm_bot.core.phrases import phrase


def failure_title(catalogue: Catalogue, error_id: str | None, language: Language) -> str:
    """
    A failure's title in `language`; "no known failure" for None, and the id itself for one
    the catalogue no longer knows (a diagnosis kept before an entry was renamed).
    """
    if error_id is None:
        return phrase("digest.unrecognised").text(language)
    entry = catalogue.find(error_id)
    return entry.title.get(language) if entry is not None else error_id


def duration(span: timedelta, language: Language) -> str:
    """A time to resolve, to the minute under a day and to the hour beyond."""
    minutes = max(0, round(span.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    if hours == 0:
        return phrase("digest.duration.minutes", minutes=minutes).text(language)
    days, hours = divmod(hours, 24)
    if days == 0:
        return phrase("digest.duration.hours", hours=hours, minutes=minutes).text(language)
    return phrase("digest.duration.days", days=days, hours=hours).text(language)
