"""
Alert groups, planned as pure data: what a group becomes and which thread messages show it.

Each group has one Slack thread: its top message is posted once and then updated in place (a
status, a counter, how many people pasted the same failure); each new firing or resolution also
leaves a note in the thread. The planners say *which* message and with what content; a renderer
(`skm_bot.render.slack.alert_thread`) turns that content into Block Kit. While a group fires,
`find_open_alert_for(diagnosis, lookup=…)` tells the Slack app that a pasted failure is a known
issue, so it can point the person at the thread and count them in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal, Protocol

from skm_bot.core.alerts import Alert, AlertStatus
from skm_bot.core.diagnosis import Diagnosis


@dataclass(frozen=True)
class GroupState:
    """What the top message of an alert group shows."""

    source: str
    group_key: str
    status: AlertStatus
    title: str
    summary: str
    counter: int
    reports: int
    first_seen: datetime
    last_seen: datetime
    error_id: str | None = None
    profile: str | None = None
    diagnosis_id: str | None = None
    channel: str | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class Incoming:
    """An alert as it arrives: is it new (not a repeat), and what the diagnosis made of it."""

    alert: Alert
    new: bool
    error_id: str | None = None
    diagnosis_id: str | None = None


@dataclass(frozen=True)
class TopMessage:
    """The thread's top message, showing the group's state."""

    state: GroupState


@dataclass(frozen=True)
class FiringNote:
    """A note in the thread: a new firing or a resolution of one alert."""

    incoming: Incoming


@dataclass(frozen=True)
class ReportNote:
    """A note in the thread: one more person pasted the same failure."""

    user: str | None
    reports: int


ThreadMessage = TopMessage | FiringNote | ReportNote
# Turns a planned thread message into the Slack message that shows it (Block Kit).
ThreadRenderer = Callable[[ThreadMessage], dict[str, Any]]


@dataclass(frozen=True)
class Outgoing:
    """A Slack call to queue: `top` posts the thread, `update` edits it, `reply` notes in it."""

    role: Literal["top", "update", "reply"]
    content: ThreadMessage


@dataclass(frozen=True)
class GroupPlan:
    """The group's new state and the calls that show it."""

    state: GroupState
    messages: tuple[Outgoing, ...]


@dataclass(frozen=True)
class OpenAlert:
    """A firing alert group a pasted failure belongs to."""

    group_id: int
    title: str
    error_id: str | None
    profile: str | None
    channel: str | None
    thread_ts: str | None
    counter: int
    reports: int
    first_seen: datetime

    @property
    def permalink(self) -> str | None:
        """A link to the thread, once its top message is posted."""
        if not self.channel or not self.thread_ts:
            return None
        return f"https://slack.com/archives/{self.channel}/p{self.thread_ts.replace('.', '')}"


class AlertLookup(Protocol):
    """The part of the store `find_open_alert_for` needs (SqlRepository implements it)."""

    async def find_open_alert(self, error_id: str, profile: str | None) -> OpenAlert | None:
        """The newest firing group about `error_id` (and `profile` when given)."""


async def find_open_alert_for(
    diagnosis: Diagnosis, *, lookup: AlertLookup, profile: str | None = None
) -> OpenAlert | None:
    """
    The firing alert group a pasted diagnosis belongs to, matched on its best error id and profile.

    For the Slack app: when this returns a group, say "known issue" with a link to
    `OpenAlert.permalink`, then call `SqlRepository.record_report(group_id, user=…, at=…)` so the
    thread's counter of people reporting it goes up.
    """
    if not diagnosis.reported:
        return None
    return await lookup.find_open_alert(diagnosis.reported[0].error_id, profile)


def new_group(first: Incoming, *, channel: str | None, now: datetime) -> GroupState:
    """The state of a group seen for the first time."""
    alert = first.alert
    return GroupState(
        source=alert.source,
        group_key=alert.group_key,
        status=alert.status,
        title=alert.title,
        summary=alert.summary,
        counter=0,
        reports=0,
        first_seen=now,
        last_seen=now,
        error_id=first.error_id,
        profile=alert.profile,
        diagnosis_id=first.diagnosis_id,
        channel=channel,
    )


def plan_group(
    previous: GroupState | None, incoming: Sequence[Incoming], *, channel: str | None, now: datetime
) -> GroupPlan:
    """What one webhook delivery does to its group: new state, top post or update, thread notes."""
    state = previous or new_group(incoming[0], channel=channel, now=now)
    fresh = [i for i in incoming if i.new]
    status: AlertStatus = (
        "resolved" if all(i.alert.status == "resolved" for i in incoming) else "firing"
    )
    firing = [i for i in incoming if i.alert.status == "firing"]
    latest = (fresh or list(incoming))[-1]
    state = replace(
        state,
        status=status,
        counter=state.counter + len(firing),
        last_seen=now,
        summary=latest.alert.summary or state.summary,
        error_id=state.error_id or latest.error_id,
        diagnosis_id=latest.diagnosis_id or state.diagnosis_id,
        resolved_at=now if status == "resolved" else None,
    )
    if previous is None:
        return GroupPlan(state, (Outgoing("top", TopMessage(state)),))
    notes = tuple(Outgoing("reply", FiringNote(i)) for i in fresh)
    if not notes and previous.status == status and state.counter == previous.counter:
        return GroupPlan(state, ())
    return GroupPlan(state, (Outgoing("update", TopMessage(state)), *notes))


def plan_report(state: GroupState, *, user: str | None) -> GroupPlan:
    """One more person pasted the same failure: count them and say so in the thread."""
    state = replace(state, reports=state.reports + 1)
    return GroupPlan(
        state,
        (
            Outgoing("update", TopMessage(state)),
            Outgoing("reply", ReportNote(user, state.reports)),
        ),
    )
