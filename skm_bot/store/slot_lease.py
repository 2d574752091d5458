"""
A slot lease: which replica does a piece of scheduled work (a profile's watch, a channel's
digest) in one schedule slot.

The work's row carries `slot`, `status`, `locked_by` and `locked_until`. A replica claims
(key, slot) with one conditional UPDATE: the row must be at an older slot, or at this slot with
a lease that ran out (its replica died mid-run). PostgreSQL's row lock makes a second claimer
wait and then find the row taken; SQLite runs the UPDATE under its one-writer lock. So a slot is
worked on by one replica, and a slot already done is never done again, restarts included.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, update

from skm_bot.store.base import StoreBase

RUNNING = "running"


def _taken(table: Any, slot: datetime, now: datetime) -> ColumnElement[bool]:
    """The row may be claimed for `slot`: it is behind, or its lease at `slot` ran out."""
    return or_(
        table.slot.is_(None),
        table.slot < slot,
        and_(table.slot == slot, table.status == RUNNING, table.locked_until < now),
    )


def _idle(table: Any, now: datetime) -> ColumnElement[bool]:
    """No lease is running on the row (none taken, or the one taken ran out)."""
    return or_(table.status != RUNNING, table.locked_until.is_(None), table.locked_until < now)


class SlotLease(StoreBase):
    """Claim, hold and give up the slot of one row of a table that has the lease columns."""

    async def claim_slot(
        self,
        table: Any,
        key: Mapping[str, Any],
        *,
        slot: datetime,
        worker: str,
        now: datetime,
        lease: timedelta,
        defaults: Mapping[str, Any],
        when_idle: bool = False,
    ) -> bool:
        """
        True when `worker` now holds `key`'s row for `slot` until `now + lease`.

        The row is created first from `key` and `defaults` when missing. `when_idle` also
        refuses while another lease on the row is still running, whatever its slot: a slot
        made on demand (a button) must not cut into a run in progress.
        """
        wanted = [getattr(table, name) == value for name, value in key.items()]
        wanted.append(_taken(table, slot, now))
        if when_idle:
            wanted.append(_idle(table, now))
        claim = (
            update(table)
            .where(*wanted)
            .values(slot=slot, status=RUNNING, locked_by=worker, locked_until=now + lease)
            .returning(*(getattr(table, name) for name in key))
        )
        async with self.engine.begin() as connection:
            await connection.execute(
                self.insert(table).values(**key, **defaults).on_conflict_do_nothing()
            )
            claimed = (await connection.execute(claim)).first()
        return claimed is not None

    async def end_slot(
        self,
        table: Any,
        key: Mapping[str, Any],
        *,
        slot: datetime,
        worker: str,
        status: str,
        values: Mapping[str, Any],
    ) -> bool:
        """
        Leave the slot at `status` with `values` written, if `worker` still holds it; True
        when it did (a lease another replica took over is left alone).
        """
        held = [getattr(table, name) == value for name, value in key.items()]
        held += [table.slot == slot, table.locked_by == worker, table.status == RUNNING]
        statement = (
            update(table)
            .where(*held)
            .values(status=status, locked_until=None, **values)
            .returning(*(getattr(table, name) for name in key))
        )
        async with self.engine.begin() as connection:
            ended = (await connection.execute(statement)).first()
        return ended is not None
