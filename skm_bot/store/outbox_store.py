"""
The outbox table as a queue: claim with a lease, mark sent with the Slack ts, release to retry.

Only the oldest pending row of each channel can be claimed, so a channel has at most one call in
flight across every replica and its messages keep their order (a thread's top before its
replies). PostgreSQL claims with `FOR UPDATE SKIP LOCKED`; SQLite runs the same single UPDATE
under its one-writer lock. A lease that runs out (the worker died) makes the row claimable again,
flagged `doubtful`: the earlier attempt may have reached Slack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import BindParameter, Table, and_, bindparam, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased

from skm_bot.store.base import StoreBase
from skm_bot.store.tables import AlertGroupRow, OutboxRow, UtcDateTime

OUTBOX = cast(Table, OutboxRow.__table__)
GROUPS = cast(Table, AlertGroupRow.__table__)


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
    # The ts of its group's top message when claimed (None: not posted yet, or no group). One
    # row per channel is in flight, so no other call of this group can set it meanwhile.
    thread_ts: str | None = None


@dataclass(frozen=True)
class Delivered:
    """A call Slack answered: the row, the message's ts, whether it is its group's top."""

    item: OutboxItem
    ts: str | None
    top: bool


# The columns a claim returns, in OutboxItem's order: rows, not ORM objects, come back.
ITEM_COLUMNS = tuple(
    OUTBOX.c[name]
    for name in (
        "id",
        "kind",
        "role",
        "channel",
        "payload",
        "group_id",
        "attempts",
        "doubtful",
        "created_at",
    )
)


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
        return int(row.id)

    async def claim_outbox(
        self, worker: str, *, now: datetime, lease: timedelta, limit: int = 20
    ) -> list[OutboxItem]:
        """Lease up to `limit` rows, at most one per channel (each channel's oldest pending)."""
        statement = self.built(f"claim_outbox:{limit}", lambda: _claim(limit))
        values = {"now": now, "worker": worker, "until": now + lease}
        async with self.writing() as connection:
            rows = (await connection.execute(statement, values)).all()
            items = [OutboxItem(*row) for row in rows]
            groups = {item.group_id for item in items if item.group_id is not None}
            threads = await self._thread_ts(connection, groups) if groups else {}
        items = [
            replace(item, thread_ts=threads.get(item.group_id)) if item.group_id else item
            for item in items
        ]
        return sorted(items, key=lambda item: item.id)

    async def _thread_ts(self, connection: AsyncConnection, groups: set[int]) -> dict[int, str]:
        # One read for the whole claim, where a read per call cost a connection each.
        query = select(GROUPS.c.id, GROUPS.c.thread_ts).where(
            GROUPS.c.id.in_(groups), GROUPS.c.thread_ts.is_not(None)
        )
        return {gid: ts for gid, ts in (await connection.execute(query)).all()}

    async def thread_ts_of(self, group_id: int) -> str | None:
        """The ts of a group's top message, once posted."""
        query = select(AlertGroupRow.thread_ts).where(AlertGroupRow.id == group_id)
        async with self.engine.connect() as connection:
            return (await connection.execute(query)).scalar_one_or_none()

    async def mark_sent(
        self, item: OutboxItem, *, ts: str | None, now: datetime, pace: timedelta, top: bool
    ) -> None:
        """Record delivery; a top message's ts becomes its group's thread in the same commit."""
        await self.mark_all_sent([Delivered(item, ts, top)], now=now, pace=pace)

    async def mark_all_sent(
        self, delivered: Sequence[Delivered], *, now: datetime, pace: timedelta
    ) -> None:
        """
        Record many deliveries in one commit (three statements, however many rows): each
        top message's ts becomes its group's thread in that same commit.
        """
        if not delivered:
            return
        tops = [
            {"group": d.item.group_id, "thread": d.ts}
            for d in delivered
            if d.top and d.item.group_id is not None and d.ts is not None
        ]
        async with self.writing() as connection:
            await connection.execute(
                _MARK_SENT,
                [{"row": d.item.id, "sent_ts": d.ts, "at": now} for d in delivered],
            )
            if tops:
                await connection.execute(_SET_THREAD, tops)
            # With no pace, holding a channel until now changes nothing: skip the statement.
            if pace > timedelta(0):
                channels = sorted({d.item.channel for d in delivered})
                await self._hold_channels(connection, channels, now + pace)

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
        async with self.writing() as session:
            await session.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id == item.id, OUTBOX.c.status == "pending")
                .values(
                    status="dead" if dead else "pending",
                    attempts=OUTBOX.c.attempts + (1 if failed else 0),
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
        async with self.engine.connect() as connection:
            return {status: count for status, count in (await connection.execute(query)).all()}

    async def outbox_depth(self) -> int:
        """Rows still to send."""
        return (await self.outbox_counts()).get("pending", 0)

    async def _hold_channel(
        self, connection: AsyncConnection, channel: str, until: datetime
    ) -> None:
        await self._hold_channels(connection, [channel], until)

    async def _hold_channels(
        self, connection: AsyncConnection, channels: Sequence[str], until: datetime
    ) -> None:
        # Pacing and Retry-After hold the whole channel, whichever replica sends next. Only a
        # channel's oldest pending row can be claimed, so holding it holds the channel: one row
        # written, where holding every pending row made each send cost the channel's whole
        # backlog (a storm of N alerts drained in N² row writes).
        await connection.execute(
            _HOLD_HEAD, [{"held": channel, "until": until} for channel in channels]
        )


def _claim(limit: int) -> Any:
    """The claim's UPDATE … RETURNING, its time, worker and lease end bound as parameters."""
    older = aliased(OutboxRow)
    now: BindParameter[datetime] = bindparam("now", type_=UtcDateTime())
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
    return (
        update(OUTBOX)
        .where(OUTBOX.c.id.in_(heads.scalar_subquery()), OUTBOX.c.status == "pending")
        .values(
            locked_by=bindparam("worker"),
            locked_until=bindparam("until", type_=UtcDateTime()),
            # SET reads the old row: still in flight means the last attempt never reported.
            doubtful=OUTBOX.c.in_flight,
            in_flight=True,
        )
        .returning(*ITEM_COLUMNS)
    )


# Built once: a statement reused keeps its cache key, where one built per call computes it anew.
_MARK_SENT = (
    update(OUTBOX)
    .where(OUTBOX.c.id == bindparam("row"))
    .values(
        status="sent",
        ts=bindparam("sent_ts"),
        sent_at=bindparam("at", type_=UtcDateTime()),
        in_flight=False,
        locked_by=None,
        locked_until=None,
        last_error=None,
    )
)
_SET_THREAD = (
    update(GROUPS)
    .where(GROUPS.c.id == bindparam("group"), GROUPS.c.thread_ts.is_(None))
    .values(thread_ts=bindparam("thread"))
)
_HOLD_HEAD = (
    update(OUTBOX)
    .where(
        OUTBOX.c.id
        == select(func.min(OUTBOX.c.id))
        .where(OUTBOX.c.channel == bindparam("held"), OUTBOX.c.status == "pending")
        .scalar_subquery(),
        OUTBOX.c.next_attempt_at < bindparam("until", type_=UtcDateTime()),
    )
    .values(next_attempt_at=bindparam("until", type_=UtcDateTime()))
)
