"""The watch as other screens read it: each profile's last run, the open findings, the lists."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from skm_bot.core.watch.model import ordered
from skm_bot.core.watch.record import WatchRecord
from skm_bot.core.watch.threads import Tracked
from skm_bot.store.base import StoreBase
from skm_bot.store.tables import WatchAuthListRow, WatchFindingRow, WatchProfileRow
from skm_bot.store.watch_rows import AuthLists, auth_lists_from, tracked_from


class WatchReads(StoreBase):
    """Reads over the watch's tables, for an App Home tab, a digest, the command line."""

    async def auth_lists(self, profile: str) -> AuthLists:
        """The IPv4 / MAC / certificate lists last seen for `profile` (empty: never watched)."""
        async with self.engine.connect() as connection:
            return await self._auth_lists(connection, profile)

    async def open_findings(self, profile: str | None = None) -> list[Tracked]:
        """Every open finding (of one profile, when given), most urgent first."""
        query = select(WatchFindingRow.__table__).where(WatchFindingRow.status == "open")
        if profile is not None:
            query = query.where(WatchFindingRow.profile == profile)
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return _urgent_first(tracked_from(row) for row in rows)

    async def last_watch(self, profile: str) -> WatchRecord | None:
        """The last run of `profile`'s watch, None when it never ran."""
        records = await self._records(WatchProfileRow.profile == profile)
        return records[0] if records else None

    async def last_watches(self) -> list[WatchRecord]:
        """The last run of every profile watched, by profile name."""
        return await self._records(WatchProfileRow.last_run_at.is_not(None))

    async def _records(self, where: ColumnElement[bool]) -> list[WatchRecord]:
        query = select(WatchProfileRow.__table__).where(
            where, WatchProfileRow.last_run_at.is_not(None)
        )
        async with self.engine.connect() as connection:
            runs = (await connection.execute(query.order_by(WatchProfileRow.profile))).all()
            ids = [i for run in runs for i in run.last_findings]
            found = select(WatchFindingRow.__table__).where(WatchFindingRow.id.in_(ids))
            rows = (await connection.execute(found)).all() if ids else []
        tracked = by_id(tracked_from(row) for row in rows)
        return [
            WatchRecord(
                profile=run.profile,
                checked_at=run.last_run_at,
                findings=tuple(tracked[i] for i in run.last_findings if i in tracked),
                gaps=tuple(run.gaps),
            )
            for run in runs
        ]

    async def _auth_lists(self, connection: AsyncConnection, profile: str) -> AuthLists:
        query = select(WatchAuthListRow.__table__).where(WatchAuthListRow.profile == profile)
        return auth_lists_from((await connection.execute(query)).all())


def by_id(tracked: Iterable[Tracked]) -> dict[str, Tracked]:
    """Tracked findings by their id."""
    return {t.finding.id: t for t in tracked}


def _urgent_first(tracked: Iterable[Tracked]) -> list[Tracked]:
    found = by_id(tracked)
    return [found[f.id] for f in ordered(t.finding for t in found.values())]
