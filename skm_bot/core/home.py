"""
What a person's Home tab shows, as data: the profiles they may see with each one's last watch
and open findings, and their own latest diagnoses. Pure: the Slack edge reads the store and the
access policy, this picks what belongs to whom.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from skm_bot.core.watch.threads import Tracked

# What the Home tab says about a profile's watch after its "Run the watch now" button.
Notice = Literal["running", "busy", "done", "failed"]
# A few recent diagnoses, newest first: the Home tab is a glance, not a history.
RECENT_DIAGNOSES = 5


@dataclass(frozen=True)
class RecentDiagnosis:
    """One of a person's diagnoses as the Home tab lists it: its id, time and failure."""

    diagnosis_id: str
    created_at: datetime
    error_id: str | None
    channel: str | None = None


@dataclass(frozen=True)
class LastRun:
    """When a profile's watch last ran, and what it could not read then."""

    profile: str
    checked_at: datetime
    gaps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Visible:
    """A profile a person may see, and why it cannot be used now (None: it can)."""

    name: str
    problem: str | None = None


@dataclass(frozen=True)
class ProfileCard:
    """One profile on the Home tab: its last watch, its open findings, what can be done."""

    name: str
    last_watch: LastRun | None
    findings: tuple[Tracked, ...]
    can_run: bool
    problem: str | None = None
    notice: Notice | None = None


@dataclass(frozen=True)
class HomeScreen:
    """A person's Home tab, as of `now`."""

    user: str
    now: datetime
    profiles: tuple[ProfileCard, ...]
    recent: tuple[RecentDiagnosis, ...]


def home_screen(
    user: str,
    *,
    now: datetime,
    visible: Sequence[Visible],
    watches: Iterable[LastRun],
    findings: Iterable[Tracked],
    recent: Iterable[RecentDiagnosis],
    can_run: bool,
    notices: Mapping[str, Notice] | None = None,
) -> HomeScreen:
    """
    The Home tab of `user`: only the `visible` profiles, each with its own last watch and open
    findings (a finding of any other profile is left out, whatever the store returned), and
    the person's newest diagnoses. `can_run` says the watch can be run from here at all; a
    profile that cannot be used now never offers it.
    """
    names = {v.name for v in visible}
    last = {w.profile: w for w in watches if w.profile in names}
    mine: dict[str, list[Tracked]] = {name: [] for name in names}
    for tracked in findings:
        if tracked.finding.profile in mine:
            mine[tracked.finding.profile].append(tracked)
    notices = notices or {}
    cards = tuple(
        ProfileCard(
            name=v.name,
            last_watch=last.get(v.name),
            findings=tuple(mine[v.name]),
            can_run=can_run and v.problem is None,
            problem=v.problem,
            notice=notices.get(v.name),
        )
        for v in sorted(visible, key=lambda v: v.name)
    )
    newest = sorted(recent, key=lambda r: r.created_at, reverse=True)[:RECENT_DIAGNOSES]
    return HomeScreen(user=user, now=now, profiles=cards, recent=tuple(newest))
