"""
Which Slack thread messages show a run's findings: one thread per finding, as alert groups do.

A new finding posts its thread's top message. While it stays, the top is edited only when it
changes (a nearer window, a new severity, a new date), with a note in the thread saying what
changed. When it goes away, the top turns resolved (fixed before its date) or lapsed (gone after
its date: the key was deleted as scheduled), with a note. An event (an entry added, removed, …)
is posted once and never edited. A finding whose read failed this run is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from skm_bot.core.watch.evaluate import Evaluation
from skm_bot.core.watch.model import Finding, Severity

TrackStatus = Literal["open", "resolved", "lapsed", "closed"]
Change = Literal["escalated", "eased", "changed", "reopened", "resolved", "lapsed"]
Role = Literal["top", "update", "reply"]


@dataclass(frozen=True)
class Tracked:
    """A finding as the store keeps it: open, ended (resolved or lapsed), or a closed event."""

    finding: Finding
    status: TrackStatus
    first_seen: datetime
    last_seen: datetime
    ended_at: datetime | None = None


@dataclass(frozen=True)
class FindingTop:
    """The thread's top message, showing the finding as it stands."""

    tracked: Tracked


@dataclass(frozen=True)
class FindingNote:
    """A note in the thread: what changed, and the severity before when that is what changed."""

    tracked: Tracked
    change: Change
    before: Severity | None = None


WatchMessage = FindingTop | FindingNote
# Turns a planned message into the Slack message that shows it (Block Kit).
WatchRenderer = Callable[[WatchMessage], dict[str, Any]]


@dataclass(frozen=True)
class WatchPost:
    """A Slack call to queue for a finding's thread: post the top, edit it, or note in it."""

    finding_id: str
    role: Role
    content: WatchMessage


@dataclass(frozen=True)
class ThreadPlan:
    """The findings' new states to keep, and the Slack calls that show them."""

    writes: tuple[Tracked, ...]
    posts: tuple[WatchPost, ...]


def plan_threads(known: Mapping[str, Tracked], evaluation: Evaluation) -> ThreadPlan:
    """
    Plan one run against what the store knows.

    `known` holds the profile's open findings and every stored finding (of any status) whose
    id this run found again.
    """
    now = evaluation.checked_at
    writes: list[Tracked] = []
    posts: list[WatchPost] = []
    for finding in evaluation.findings:
        tracked, planned = _plan_found(known.get(finding.id), finding, now)
        if tracked is not None:
            writes.append(tracked)
        posts.extend(planned)
    found = {f.id for f in evaluation.findings}
    for tracked in known.values():
        if tracked.finding.id in found or tracked.status != "open":
            continue
        if gone(tracked.finding, evaluation):
            ended, planned = _plan_ended(tracked, now)
            writes.append(ended)
            posts.extend(planned)
    return ThreadPlan(tuple(writes), tuple(posts))


def gone(finding: Finding, evaluation: Evaluation) -> bool:
    """
    Whether a finding missing from this run has really gone: its read succeeded, or its
    keystore is no longer the profile's. A failed read proves nothing either way.
    """
    if finding.scope in evaluation.observed:
        return True
    keystores = evaluation.keystores
    return (
        finding.keystore is not None
        and keystores is not None
        and (finding.keystore not in keystores)
    )


def _plan_found(
    known: Tracked | None, finding: Finding, now: datetime
) -> tuple[Tracked | None, list[WatchPost]]:
    if known is None:
        status: TrackStatus = "closed" if finding.kind.event else "open"
        tracked = Tracked(finding, status, first_seen=now, last_seen=now)
        return tracked, [WatchPost(finding.id, "top", FindingTop(tracked))]
    if known.status == "closed":
        return None, []  # an event already shown
    if known.status != "open":
        tracked = replace(known, finding=finding, status="open", last_seen=now, ended_at=None)
        return tracked, _edit(tracked, "reopened", None)
    tracked = replace(known, finding=finding, last_seen=now)
    if finding.signature() == known.finding.signature():
        return tracked, []
    before = known.finding.severity
    change: Change = "changed"
    if finding.severity.rank < before.rank:
        change = "escalated"
    elif finding.severity.rank > before.rank:
        change = "eased"
    return tracked, _edit(tracked, change, before)


def _plan_ended(tracked: Tracked, now: datetime) -> tuple[Tracked, list[WatchPost]]:
    finding = tracked.finding
    lapsed = finding.kind.lapses and finding.due is not None and finding.due <= now
    status: Literal["resolved", "lapsed"] = "lapsed" if lapsed else "resolved"
    ended = replace(tracked, status=status, ended_at=now)
    return ended, _edit(ended, status, None)


def _edit(tracked: Tracked, change: Change, before: Severity | None) -> list[WatchPost]:
    fid = tracked.finding.id
    return [
        WatchPost(fid, "update", FindingTop(tracked)),
        WatchPost(fid, "reply", FindingNote(tracked, change, before)),
    ]
