"""
Alert groups and alerts: one transaction stores one or many deliveries and queues their Slack calls.

The write path is SQLAlchemy Core with one statement per table for the whole transaction
(executemany), not per alert: upsert the groups, lock them, insert the alerts, upsert the
diagnoses and their request IDs, update the groups, write the outbox. Groups are created and
locked in one order, (source, group_key) by code point, so two replicas' transactions over the
same groups queue behind each other instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Row, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from skm_bot.core.alert_groups import GroupState, OpenAlert, ThreadRenderer, plan_report
from skm_bot.store.batch_plan import (
    AlertIntake,
    BatchPlan,
    Delivery,
    GroupKey,
    IngestResult,
    LockedGroup,
    Message,
)
from skm_bot.store.diagnoses import DiagnosisStore, diagnosis_row
from skm_bot.store.storable import storable_intake
from skm_bot.store.tables import AlertGroupRow, AlertRow, OutboxRow

__all__ = ["AlertIntake", "AlertStore", "Delivery", "IngestResult"]

GROUPS = AlertGroupRow.__table__
# What a group's plan changes; the rest of the row is fixed when it is created.
STATE_COLUMNS = (
    "status",
    "counter",
    "reports",
    "summary",
    "error_id",
    "diagnosis_id",
    "last_seen",
    "resolved_at",
)


class AlertStore(DiagnosisStore):
    """Alert groups, alerts and the outbox rows that show them in Slack."""

    async def record_alerts(
        self, intakes: Sequence[AlertIntake], *, now: datetime, render: ThreadRenderer
    ) -> IngestResult:
        """Store one delivery and queue its Slack calls, all in one transaction."""
        return (await self.record_deliveries([Delivery(intakes, now)], render=render))[0]

    async def record_deliveries(
        self, deliveries: Sequence[Delivery], *, render: ThreadRenderer
    ) -> list[IngestResult]:
        """
        Store many deliveries in ONE transaction (one commit), each as if it had its own.

        `render` turns each planned thread message into the Slack message queued for it.
        All or nothing: if this raises, none of them is stored.
        """
        deliveries = [Delivery([storable_intake(i) for i in d.intakes], d.now) for d in deliveries]
        async with self.writing() as connection:
            groups = await self._lock_groups(connection, deliveries)
            inserted = await self._insert_alerts(connection, deliveries, groups)
            plan = BatchPlan(groups, render, inserted)
            results = [plan.add(delivery) for delivery in deliveries]
            await self._write(connection, plan)
        return results

    async def find_open_alert(self, error_id: str, profile: str | None) -> OpenAlert | None:
        """The most recently seen firing group about `error_id` (and `profile`, when given)."""
        query = select(GROUPS).where(
            AlertGroupRow.status == "firing", AlertGroupRow.error_id == error_id
        )
        if profile is not None:
            query = query.where(AlertGroupRow.profile == profile)
        query = query.order_by(AlertGroupRow.last_seen.desc()).limit(1)
        async with self.engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else _open_alert(row.id, _state(row), row.thread_ts)

    async def record_report(
        self, group_id: int, *, user: str | None, at: datetime, render: ThreadRenderer
    ) -> OpenAlert | None:
        """Count one more person reporting an open group; update its top message and thread."""
        query = select(GROUPS).where(AlertGroupRow.id == group_id).with_for_update()
        async with self.writing() as connection:
            row = (await connection.execute(query)).first()
            if row is None:
                return None
            group = LockedGroup(row.id, row.channel, _state(row))
            plan = BatchPlan({(row.source, row.group_key): group}, render)
            plan.apply(group, plan_report(_state(row), user=user), at)
            await self._write(connection, plan)
        return _open_alert(row.id, plan.states[row.id], row.thread_ts)

    async def alert_group(self, group_id: int) -> OpenAlert | None:
        """A group as the Slack app sees it, whatever its status."""
        query = select(GROUPS).where(AlertGroupRow.id == group_id)
        async with self.engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else _open_alert(row.id, _state(row), row.thread_ts)

    async def _lock_groups(
        self, connection: AsyncConnection, deliveries: Sequence[Delivery]
    ) -> dict[GroupKey, LockedGroup]:
        firsts: dict[GroupKey, tuple[AlertIntake, datetime]] = {}
        for delivery in deliveries:
            for intake in delivery.intakes:
                firsts.setdefault(intake.group, (intake, delivery.now))
        if not firsts:
            return {}
        keys = sorted(firsts)
        created = await connection.execute(
            self.built(
                "create_groups",
                lambda: (
                    self.insert(AlertGroupRow)
                    .on_conflict_do_nothing()
                    .returning(
                        AlertGroupRow.id,
                        AlertGroupRow.source,
                        AlertGroupRow.group_key,
                        AlertGroupRow.channel,
                    )
                ),
            ),
            [_new_group(*firsts[key]) for key in keys],
        )
        # A group this transaction created is new (no state) and already its own: no other
        # transaction sees it, or can insert its key, before this one commits.
        groups = {
            (row.source, row.group_key): LockedGroup(row.id, row.channel, None)
            for row in created.all()
        }
        older = [key for key in keys if key not in groups]
        if older:
            groups.update(await self._lock_existing(connection, older))
        return groups

    async def _lock_existing(
        self, connection: AsyncConnection, keys: list[GroupKey]
    ) -> dict[GroupKey, LockedGroup]:
        """Lock the groups stored before (`keys` sorted) and read their state."""
        # The row locks serialise deliveries for one group across replicas (PostgreSQL). One
        # query a source (a batch has one or two), each naming its source: SQLite reads
        # `(source, group_key) IN (...)` by scanning every group ever stored, a cost that grew
        # with the table on every batch; `source = ? AND group_key IN (...)` is an index search.
        # Sources in code point order, then keys: the same lock order as one query would take.
        query = self.built(
            "lock_groups",
            lambda: (
                select(GROUPS)
                .where(
                    AlertGroupRow.source == bindparam("source"),
                    AlertGroupRow.group_key.in_(bindparam("keys", expanding=True)),
                )
                .order_by(*self._by_code_point(AlertGroupRow.group_key))
                .with_for_update()
            ),
        )
        rows: list[Row[Any]] = []
        for source, group_keys in groupby(keys, key=itemgetter(0)):
            values = {"source": source, "keys": [key for _, key in group_keys]}
            rows += (await connection.execute(query, values)).all()
        return {
            (row.source, row.group_key): LockedGroup(row.id, row.channel, _state(row))
            for row in rows
        }

    def _by_code_point(self, *columns: Any) -> list[ColumnElement[Any]]:
        # Python sorts str by code point; PostgreSQL's "C" collation is the same order.
        return [column.collate("C") if self.is_postgresql else column for column in columns]

    async def _insert_alerts(
        self,
        connection: AsyncConnection,
        deliveries: Sequence[Delivery],
        groups: dict[GroupKey, LockedGroup],
    ) -> set[str]:
        rows: dict[str, dict[str, Any]] = {}
        for delivery in deliveries:
            for intake in delivery.intakes:
                row = _alert_row(intake, groups[intake.group].id, delivery.now)
                rows.setdefault(row["dedup_key"], row)
        if not rows:
            return set()
        inserted = await connection.execute(
            self.built(
                "insert_alerts",
                lambda: (
                    self.insert(AlertRow).on_conflict_do_nothing().returning(AlertRow.dedup_key)
                ),
            ),
            list(rows.values()),
        )
        return set(inserted.scalars())

    async def _write(self, connection: AsyncConnection, plan: BatchPlan) -> None:
        await self.add_diagnoses(
            connection,
            [
                (d, diagnosis_row(d, document=document, profile=profile))
                for d, document, profile in plan.diagnoses.values()
            ],
        )
        if plan.states:
            states = [
                {"group": gid, **{name: getattr(s, name) for name in STATE_COLUMNS}}
                for gid, s in plan.states.items()
            ]
            await connection.execute(_UPDATE_GROUP, states)
        await self._queue(connection, plan)

    async def _queue(self, connection: AsyncConnection, plan: BatchPlan) -> None:
        await self.queue_messages(connection, list(plan.messages), plan.updates_of_existing())

    async def queue_messages(
        self, connection: AsyncConnection, messages: list[Message], updates: dict[int, int]
    ) -> None:
        """
        Write thread messages to the outbox. `updates` maps a group that existed before this
        transaction to the index of its update in `messages`.
        """
        pending = await self._pending_updates(connection, updates)
        if pending:
            # A queued update not yet picked up just takes the newer content: one edit, not many.
            await connection.execute(
                update(OutboxRow)
                .where(OutboxRow.id == bindparam("row"))
                .values(payload=bindparam("newer")),
                [{"row": row, "newer": messages[at].payload} for row, at in pending],
            )
            for at in sorted({at for _, at in pending}, reverse=True):
                del messages[at]
        if messages:
            await connection.execute(
                self.built("queue_messages", lambda: self.insert(OutboxRow)),
                list(_outbox_rows(messages)),
            )

    async def _pending_updates(
        self, connection: AsyncConnection, updates: dict[int, int]
    ) -> list[tuple[int, int]]:
        """(outbox row, message index) for each unsent update row of a group with a new update."""
        if not updates:
            return []
        query = (
            select(OutboxRow.id, OutboxRow.group_id)
            .where(
                OutboxRow.group_id.in_(updates),
                OutboxRow.role == "update",
                OutboxRow.status == "pending",
                OutboxRow.in_flight.is_(False),
            )
            .order_by(OutboxRow.id)
            .with_for_update()
        )
        rows = (await connection.execute(query)).all()
        return [(row.id, updates[row.group_id]) for row in rows]


_UPDATE_GROUP = update(AlertGroupRow).where(AlertGroupRow.id == bindparam("group"))


def _new_group(intake: AlertIntake, now: datetime) -> dict[str, Any]:
    alert = intake.alert
    return {
        "source": alert.source,
        "group_key": alert.group_key,
        "status": alert.status,
        "counter": 0,
        "reports": 0,
        "title": alert.title,
        "summary": alert.summary,
        "profile": alert.profile,
        "channel": intake.channel,
        "first_seen": now,
        "last_seen": now,
    }


def _alert_row(intake: AlertIntake, group_id: int, now: datetime) -> dict[str, Any]:
    alert, diagnosis = intake.alert, intake.diagnosis
    return {
        "group_id": group_id,
        "dedup_key": alert.dedup_key,
        "source": alert.source,
        "fingerprint": alert.fingerprint,
        "status": alert.status,
        "labels": dict(alert.labels),
        "annotations": dict(alert.annotations),
        "text": alert.error_text,
        "diagnosis_id": diagnosis.diagnosis_id if diagnosis else None,
        "starts_at": alert.starts_at,
        "ends_at": alert.ends_at,
        "received_at": now,
    }


def _outbox_rows(messages: Iterable[Message]) -> Iterable[dict[str, Any]]:
    for message in messages:
        yield {
            "kind": "update" if message.role == "update" else "post",
            "role": message.role,
            "channel": message.channel,
            "payload": message.payload,
            "thread_key": f"group:{message.group_id}",
            "group_id": message.group_id,
            "status": "pending",
            "attempts": 0,
            "in_flight": False,
            "doubtful": False,
            "next_attempt_at": message.now,
            "created_at": message.now,
        }


def _state(row: Row[Any]) -> GroupState:
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


def _open_alert(group_id: int, state: GroupState, thread_ts: str | None) -> OpenAlert:
    return OpenAlert(
        group_id=group_id,
        title=state.title,
        error_id=state.error_id,
        profile=state.profile,
        channel=state.channel,
        thread_ts=thread_ts,
        counter=state.counter,
        reports=state.reports,
        first_seen=state.first_seen,
    )
