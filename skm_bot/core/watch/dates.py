"""The windows a date falls in as it nears (30, 14, 7, 1 days, past), and how dates are written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

Window = Literal["30d", "14d", "7d", "1d", "past"]
# Nearest first: the first window a date fits in is the one it is in.
WINDOWS: tuple[tuple[timedelta, Window], ...] = (
    (timedelta(days=1), "1d"),
    (timedelta(days=7), "7d"),
    (timedelta(days=14), "14d"),
    (timedelta(days=30), "30d"),
)


def window(date: datetime, now: datetime) -> Window | None:
    """The window `date` is in, seen from `now`: None when it is more than 30 days away."""
    if date <= now:
        return "past"
    left = date - now
    return next((name for span, name in WINDOWS if left <= span), None)


def stamp(moment: datetime) -> str:
    """A date as every language shows it: UTC, to the minute (2026-12-01 14:00 UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def iso(moment: datetime | None) -> str:
    """A date as JSON and ids carry it: ISO 8601 in UTC, empty when unknown."""
    return moment.astimezone(UTC).isoformat() if moment else ""


def within(moment: datetime | None, span: timedelta, now: datetime) -> bool:
    """Whether `moment` is known and no more than `span` before `now`."""
    return moment is not None and now - span <= moment
