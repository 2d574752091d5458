"""Alert groups and alerts: one transaction stores a delivery and queues its Slack calls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from skm_bot.diagnosis import Diagnosis
from skm_bot.store.diagnoses import DiagnosisStore
from skm_bot.store.models import AlertGroupRow, AlertRow, OutboxRow
from skm_bot.webhooks.alerts import Alert
from skm_bot.webhooks.threads import (
    GroupPlan,
    GroupState,
    Incoming,
    OpenAlert,
    Outgoing,
    plan_group,
    plan_report,
)


@dataclass(frozen=True)
class AlertIntake:
    """An alert ready to store: already redacted, diagnosed offline and routed to a channel."""

    alert: Alert
    diagnosis: Diagnosis | None
    channel: str | None


@dataclass(frozen=True)
class IngestResult:
    """What a delivery did: alerts accepted as new, repeats recognised, groups touched."""

    accepted: int
    deduplicated: int
    groups: tuple[int, ...]


class AlertStore(DiagnosisStore):
    """Alert groups, alerts and the outbox rows that show them in Slack."""

    async def record_alerts(self, intakes: Sequence[AlertIntake], *, now: datetime) -> IngestResult:
        """Store one delivery and queue its Slack calls, all in one transaction."""
        by_group: dict[tuple[str, str], list[AlertIntake]] = {}
        for intake in intakes:
            by_group.setdefault((intake.alert.source, intake.alert.group_key), []).append(intake)
        accepted, groups = 0, []
        async with self.sessions.begin() as session:
            for items in by_group.values():
                group, created = await self._lock_group(session, items[0], now)
                incoming = [await self._add_alert(session, group.id, item, now) for item in items]
                accepted += sum(1 for i in incoming if i.new)
                previous = None if created else _state(group)
                plan = plan_group(previous, incoming, channel=items[0].channel, now=now)
                await self._apply(session, group, plan, now)
                groups.append(group.id)
        return IngestResult(accepted, len(intakes) - accepted, tuple(groups))

    async def find_open_alert(self, error_id: str, profile: str | None) -> OpenAlert | None:
        """The most recently seen firing group about `error_id` (and `profile`, when given)."""
        query = select(AlertGroupRow).where(
            AlertGroupRow.status == "firing", AlertGroupRow.error_id == error_id
        )
        if profile is not None:
            query = query.where(AlertGroupRow.profile == profile)
        query = query.order_by(AlertGroupRow.last_seen.desc()).limit(1)
        async with self.sessions() as session:
            row = (await session.execute(query)).scalar_one_or_none()
        return None if row is None else _open_alert(row)

    async def record_report(
        self, group_id: int, *, user: str | None, at: datetime
    ) -> OpenAlert | None:
        """Count one more person reporting an open group; update its top message and thread."""
        async with self.sessions.begin() as session:
            query = select(AlertGroupRow).where(AlertGroupRow.id == group_id).with_for_update()
            group = (await session.execute(query)).scalar_one_or_none()
            if group is None:
                return None
            await self._apply(session, group, plan_report(_state(group), user=user), at)
            return _open_alert(group)

    async def alert_group(self, group_id: int) -> OpenAlert | None:
        """A group as the Slack app sees it, whatever its status."""
        async with self.sessions() as session:
            row = await session.get(AlertGroupRow, group_id)
        return None if row is None else _open_alert(row)

    async def _lock_group(
        self, session: AsyncSession, intake: AlertIntake, now: datetime
    ) -> tuple[AlertGroupRow, bool]:
        alert = intake.alert
        created = await session.execute(
            self.insert(AlertGroupRow)
            .values(
                source=alert.source,
                group_key=alert.group_key,
                status=alert.status,
                counter=0,
                reports=0,
                title=alert.title,
                summary=alert.summary,
                profile=alert.profile,
                channel=intake.channel,
                first_seen=now,
                last_seen=now,
            )
            .on_conflict_do_nothing()
            .returning(AlertGroupRow.id)
        )
        is_new = created.scalar_one_or_none() is not None
        # The row lock serialises deliveries for one group across replicas (PostgreSQL).
        query = (
            select(AlertGroupRow)
            .where(AlertGroupRow.source == alert.source, AlertGroupRow.group_key == alert.group_key)
            .with_for_update()
        )
        return (await session.execute(query)).scalar_one(), is_new

    async def _add_alert(
        self, session: AsyncSession, group_id: int, intake: AlertIntake, now: datetime
    ) -> Incoming:
        alert, diagnosis = intake.alert, intake.diagnosis
        inserted = await session.execute(
            self.insert(AlertRow)
            .values(
                group_id=group_id,
                dedup_key=alert.dedup_key,
                source=alert.source,
                fingerprint=alert.fingerprint,
                status=alert.status,
                labels=dict(alert.labels),
                annotations=dict(alert.annotations),
                text=alert.error_text,
                diagnosis_id=diagnosis.diagnosis_id if diagnosis else None,
                starts_at=alert.starts_at,
                ends_at=alert.ends_at,
                received_at=now,
            )
            .on_conflict_do_nothing()
            .returning(AlertRow.id)
        )
        new = inserted.scalar_one_or_none() is not None
        if new and diagnosis is not None:
            await self.add_diagnosis(session, diagnosis, profile=alert.profile)
        error_id = diagnosis.matches[0].error_id if diagnosis and diagnosis.matches else None
        return Incoming(
            alert,
            new,
            error_id=error_id,
            diagnosis_id=diagnosis.diagnosis_id if new and diagnosis else None,
        )

    async def _apply(
        self, session: AsyncSession, group: AlertGroupRow, plan: GroupPlan, now: datetime
    ) -> None:
        state = plan.state
        group.status = state.status
        group.counter = state.counter
        group.reports = state.reports
        group.summary = state.summary
        group.error_id = state.error_id
        group.diagnosis_id = state.diagnosis_id
        group.last_seen = state.last_seen
        group.resolved_at = state.resolved_at
        if group.channel is None:
            return
        for message in plan.messages:
            await self._queue(session, group, message, now)
        await session.flush()

    async def _queue(
        self, session: AsyncSession, group: AlertGroupRow, message: Outgoing, now: datetime
    ) -> None:
        if message.role == "update":
            # A queued update not yet picked up just takes the newer content: one edit, not many.
            coalesced = await session.execute(
                update(OutboxRow)
                .where(
                    OutboxRow.group_id == group.id,
                    OutboxRow.role == "update",
                    OutboxRow.status == "pending",
                    OutboxRow.in_flight.is_(False),
                )
                .values(payload=message.payload)
                .returning(OutboxRow.id)
            )
            if coalesced.first() is not None:
                return
        session.add(
            OutboxRow(
                kind="update" if message.role == "update" else "post",
                role=message.role,
                channel=group.channel,
                payload=message.payload,
                thread_key=f"group:{group.id}",
                group_id=group.id,
                status="pending",
                attempts=0,
                in_flight=False,
                doubtful=False,
                next_attempt_at=now,
                created_at=now,
            )
        )


def _state(row: AlertGroupRow) -> GroupState:
    return GroupState(
        source=row.source,
        group_key=row.group_key,
        status="resolved" if row.status == "resolved" else "firing",
        title=row.title,
        summary=row.summary,
        counter=row.counter,
        reports=row.reports,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        error_id=row.error_id,
        profile=row.profile,
        diagnosis_id=row.diagnosis_id,
        channel=row.channel,
        resolved_at=row.resolved_at,
    )


def _open_alert(row: AlertGroupRow) -> OpenAlert:
    return OpenAlert(
        group_id=row.id,
        title=row.title,
        error_id=row.error_id,
        profile=row.profile,
        channel=row.channel,
        thread_ts=row.thread_ts,
        counter=row.counter,
        reports=row.reports,
        first_seen=row.first_seen,
    )
