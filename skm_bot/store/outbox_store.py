"""
The outbox table as a queue: claim with a lease, mark sent with the Slack ts, release to retry.

Only the oldest pending row of each channel can be claimed, so a channel has at most one call in
flight across every replica and its messages keep their order (a thread's top before its
replies). PostgreSQL claims with `FOR UPDATE SKIP LOCKED`; SQLite runs the same single UPDATE
under its one-writer lock. A lease that runs out (the worker died) makes the row claimable again,
flagged `doubtful`: the earlier attempt may have reached Slack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import aliased

from skm_bot.store.base import StoreBase
from skm_bot.store.tables import AlertGroupRow, OutboxRow


@dataclass(frozen=True)
class OutboxItem:
    """One claimed Slack call."""

    id: int
    kind: str
    role: str
    channel: str
    payload: dict[str, Any]
    group_id: int | None
    attempts: int
    doubtful: bool
    created_at: datetime


class OutboxStore(StoreBase):
    """Queue operations over the outbox table."""

    async def enqueue(
        self, channel: str, payload: dict[str, Any], *, now: datetime, kind: str = "post"
    ) -> int:
        """Queue a Slack call not tied to an alert group (payload holds thread_ts/ts itself)."""
        row = OutboxRow(
            kind=kind,
            role="reply" if kind == "post" else "update",
            channel=channel,
            payload=payload,
            status="pending",
            attempts=0,
            in_flight=False,
            doubtful=False,
            next_attempt_at=now,
            created_at=now,
        )
        async with self.sessions.begin() as session:
            session.add(row)
        return row.id

    async def claim_outbox(
        self, worker: str, *, now: datetime, lease: timedelta, limit: int = 20
    ) -> list[OutboxItem]:
        """Lease up to `limit` rows, at most one per channel (each channel's oldest pending)."""
        older = aliased(OutboxRow)
        ready = and_(
            OutboxRow.status == "pending",
            OutboxRow.next_attempt_at <= now,
            or_(OutboxRow.locked_until.is_(None), OutboxRow.locked_until < now),
            ~exists().where(
                older.channel == OutboxRow.channel,
                older.status == "pending",
                older.id < OutboxRow.id,
            ),
        )
        heads = (
            select(OutboxRow.id)
            .where(ready)
            .order_by(OutboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        statement = (
            update(OutboxRow)
            .where(OutboxRow.id.in_(heads.scalar_subquery()), OutboxRow.status == "pending")
            .values(
                locked_by=worker,
                locked_until=now + lease,
                # SET reads the old row: still in flight means the last attempt never reported.
                doubtful=OutboxRow.in_flight,
                in_flight=True,
            )
            .returning(OutboxRow)
            .execution_options(synchronize_session=False)
        )
        async with self.sessions.begin() as session:
            rows = (await session.execute(statement)).scalars().all()
            items = [_item(row) for row in rows]
        return sorted(items, key=lambda item: item.id)

    async def thread_ts_of(self, group_id: int) -> str | None:
        """The ts of a group's top message, once posted."""
        query = select(AlertGroupRow.thread_ts).where(AlertGroupRow.id == group_id)
        async with self.sessions() as session:
            return (await session.execute(query)).scalar_one_or_none()

    async def mark_sent(
        self, item: OutboxItem, *, ts: str | None, now: datetime, pace: timedelta, top: bool
    ) -> None:
        """Record delivery; a top message's ts becomes its group's thread in the same commit."""
        async with self.sessions.begin() as session:
            await session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == item.id)
                .values(
                    status="sent",
                    ts=ts,
                    sent_at=now,
                    in_flight=False,
                    locked_by=None,
                    locked_until=None,
                    last_error=None,
                )
            )
            if top and item.group_id is not None and ts is not None:
                await session.execute(
                    update(AlertGroupRow)
                    .where(AlertGroupRow.id == item.group_id, AlertGroupRow.thread_ts.is_(None))
                    .values(thread_ts=ts)
                )
            await self._hold_channel(session, item.channel, now + pace)

    async def release(
        self,
        item: OutboxItem,
        *,
        error: str,
        retry_at: datetime,
        failed: bool,
        dead: bool = False,
        hold_channel: bool = False,
    ) -> None:
        """Give a row back for a later attempt (or give up on it); `failed` counts the attempt."""
        async with self.sessions.begin() as session:
            await session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == item.id, OutboxRow.status == "pending")
                .values(
                    status="dead" if dead else "pending",
                    attempts=OutboxRow.attempts + (1 if failed else 0),
                    next_attempt_at=retry_at,
                    in_flight=False,
                    locked_by=None,
                    locked_until=None,
                    last_error=error[:500],
                )
            )
            if hold_channel:
                await self._hold_channel(session, item.channel, retry_at)

    async def outbox_counts(self) -> dict[str, int]:
        """Rows by status: pending, sent, dead."""
        query = select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
        async with self.sessions() as session:
            return {status: count for status, count in (await session.execute(query)).all()}

    async def outbox_depth(self) -> int:
        """Rows still to send."""
        return (await self.outbox_counts()).get("pending", 0)

    async def _hold_channel(self, session: Any, channel: str, until: datetime) -> None:
        # Pacing and Retry-After hold the whole channel, whichever replica sends next.
        await session.execute(
            update(OutboxRow)
            .where(
                OutboxRow.channel == channel,
                OutboxRow.status == "pending",
                OutboxRow.next_attempt_at < until,
            )
            .values(next_attempt_at=until)
        )


def _item(row: OutboxRow) -> OutboxItem:
    return OutboxItem(
        id=row.id,
        kind=row.kind,
        role=row.role,
        channel=row.channel,
        payload=row.payload,
        group_id=row.group_id,
        attempts=row.attempts,
        doubtful=row.doubtful,
        created_at=row.created_at,
    )
