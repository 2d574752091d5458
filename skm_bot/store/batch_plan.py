"""
Many webhook deliveries planned as one transaction, with the outcome of one transaction each.

Pure: the SQL side locks the deliveries' groups and inserts their alerts, then hands this module
the groups as it found them and the dedup keys it inserted. `BatchPlan.add` then walks the
deliveries in arrival order, exactly as separate transactions would have: the first copy of an
alert is new, a group created by one delivery is an update for the next, and a queued update
not yet sent takes the newer content instead of queueing another edit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from skm_bot.core.alert_groups import (
    GroupPlan,
    GroupState,
    Incoming,
    Outgoing,
    ThreadRenderer,
    plan_group,
)
from skm_bot.core.alerts import Alert
from skm_bot.core.diagnosis import Diagnosis

GroupKey = tuple[str, str]


@dataclass(frozen=True)
class AlertIntake:
    """
    An alert ready to store: already redacted, diagnosed offline (with the diagnosis's JSON
    document, as every stored diagnosis has) and routed to a channel.
    """

    alert: Alert
    diagnosis: Diagnosis | None
    channel: str | None
    document: dict[str, Any] | None = None

    @property
    def group(self) -> GroupKey:
        """The alert group it belongs to: (source, group key)."""
        return (self.alert.source, self.alert.group_key)


@dataclass(frozen=True)
class IngestResult:
    """What a delivery did: alerts accepted as new, repeats recognised, groups touched."""

    accepted: int
    deduplicated: int
    groups: tuple[int, ...]


@dataclass(frozen=True)
class Delivery:
    """One webhook request's alerts and the time it was received."""

    intakes: Sequence[AlertIntake]
    now: datetime


@dataclass
class LockedGroup:
    """A group row as locked at the start of the transaction; `state` is None if it is new."""

    id: int
    channel: str | None
    state: GroupState | None
    existed: bool = field(init=False)

    def __post_init__(self) -> None:
        self.existed = self.state is not None


@dataclass(frozen=True)
class Message:
    """An outbox row to write: a Slack call for a group's thread."""

    group_id: int
    channel: str
    role: str
    payload: dict[str, Any]
    now: datetime


@dataclass
class BatchPlan:
    """Group states, diagnoses and Slack calls accumulated over a transaction's deliveries."""

    groups: Mapping[GroupKey, LockedGroup]
    render: ThreadRenderer
    inserted: set[str] = field(default_factory=set)
    states: dict[int, GroupState] = field(default_factory=dict)
    diagnoses: dict[str, tuple[Diagnosis, dict[str, Any], str | None]] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    _update_at: dict[int, int] = field(default_factory=dict)

    def add(self, delivery: Delivery) -> IngestResult:
        """Plan one delivery on top of the ones before it; what it did."""
        by_group: dict[GroupKey, list[AlertIntake]] = {}
        for intake in delivery.intakes:
            by_group.setdefault(intake.group, []).append(intake)
        accepted = 0
        for key, items in by_group.items():
            group = self.groups[key]
            incoming = [self._incoming(item) for item in items]
            accepted += sum(1 for i in incoming if i.new)
            plan = plan_group(group.state, incoming, channel=items[0].channel, now=delivery.now)
            self.apply(group, plan, delivery.now)
        return IngestResult(
            accepted,
            len(delivery.intakes) - accepted,
            tuple(self.groups[key].id for key in by_group),
        )

    def apply(self, group: LockedGroup, plan: GroupPlan, now: datetime) -> None:
        """Take a group's new state and queue its Slack calls (none while it has no channel)."""
        group.state = plan.state
        self.states[group.id] = plan.state
        if group.channel is None:
            return
        for message in plan.messages:
            self._queue(group.id, group.channel, message, now)

    def updates_of_existing(self) -> dict[int, int]:
        """Group id -> index in `messages` of its queued update, for groups older than the batch."""
        existing = {group.id for group in self.groups.values() if group.existed}
        return {gid: at for gid, at in self._update_at.items() if gid in existing}

    def _incoming(self, intake: AlertIntake) -> Incoming:
        alert, diagnosis = intake.alert, intake.diagnosis
        # Only the first copy in the batch counts as new: the insert kept that one.
        new = alert.dedup_key in self.inserted
        self.inserted.discard(alert.dedup_key)
        if new and diagnosis is not None:
            document = intake.document or {}
            self.diagnoses[diagnosis.diagnosis_id] = (diagnosis, document, alert.profile)
        error_id = diagnosis.matches[0].error_id if diagnosis and diagnosis.matches else None
        return Incoming(
            alert,
            new,
            error_id=error_id,
            diagnosis_id=diagnosis.diagnosis_id if new and diagnosis else None,
        )

    def _queue(self, group_id: int, channel: str, message: Outgoing, now: datetime) -> None:
        payload = self.render(message.content)
        if message.role == "update":
            at = self._update_at.get(group_id)
            if at is not None:
                # An update queued earlier in this batch just takes the newer content.
                self.messages[at] = replace(self.messages[at], payload=payload)
                return
            self._update_at[group_id] = len(self.messages)
        self.messages.append(Message(group_id, channel, message.role, payload, now))
