"""
The watch's results, kept: findings, the last seen auth lists, and each finding's Slack thread.

`record_watch` keeps one run in ONE transaction, and only while the run's lease still holds: it
reads the last seen lists and the findings already known, lets the core evaluate and plan,
then writes the findings, the lists and the outbox rows. A finding's thread is an alert group
(source "watch", keyed by the finding's id), so the outbox worker posts its top once, edits it
in place and notes under it exactly as for alerts, across restarts and replicas.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from skm_bot.core.watch.deletions import RECENT_USE
from skm_bot.core.watch.evaluate import Evaluation, evaluate
from skm_bot.core.watch.facts import WatchFacts
from skm_bot.core.watch.record import WatchRecord
from skm_bot.core.watch.texts import load_texts
from skm_bot.core.watch.threads import (
    FindingTop,
    ThreadPlan,
    Tracked,
    WatchPost,
    WatchRenderer,
    plan_threads,
)
from skm_bot.store.alert_store import AlertStore
from skm_bot.store.batch_plan import Message
from skm_bot.store.tables import (
    AlertGroupRow,
    WatchAuthListRow,
    WatchFindingRow,
    WatchProfileRow,
)
from skm_bot.store.watch_lease import WatchLease
from skm_bot.store.watch_reads import WatchReads, by_id
from skm_bot.store.watch_rows import (
    auth_list_rows,
    finding_row,
    tracked_from,
)

WATCH_SOURCE = "watch"
# A finding's thread: its alert group's id and channel.
Thread = tuple[int, str]


class WatchStore(WatchLease, WatchReads, AlertStore):
    """Watch runs: their findings, last seen lists and threads, kept one run at a time."""

    async def record_watch(
        self,
        facts: WatchFacts,
        *,
        slot: datetime,
        worker: str,
        now: datetime,
        channel: str | None,
        render: WatchRenderer,
        recent_use: timedelta = RECENT_USE,
    ) -> WatchRecord | None:
        """
        Keep one run and queue its Slack calls to `channel`; None when the lease was lost
        (another replica took the slot over), and then nothing is kept.
        """
        profile = facts.profile
        async with self.engine.begin() as connection:
            if not await self._holds_lease(connection, profile, slot, worker):
                return None
            lists = await self._auth_lists(connection, profile)
            evaluation = evaluate(facts, now=now, previous=lists, recent_use=recent_use)
            ids = [f.id for f in evaluation.findings]
            known, threads = await self._known(connection, profile, ids)
            plan = plan_threads(known, evaluation)
            posts = await self._deliverable(connection, plan, threads, channel, now)
            await self._write_findings(connection, plan, threads)
            queued = await self._queue_posts(connection, posts, threads, render, now)
            await self._keep_lists(connection, evaluation, now)
            await self._finish(connection, evaluation, now)
        kept = {**{t.finding.id: t for t in known.values()}, **by_id(plan.writes)}
        return WatchRecord(
            profile=profile,
            checked_at=now,
            findings=tuple(kept[i] for i in ids if i in kept),
            gaps=evaluation.gaps,
            queued=queued,
        )

    async def _holds_lease(
        self, connection: AsyncConnection, profile: str, slot: datetime, worker: str
    ) -> bool:
        # FOR UPDATE: runs of one profile keep their results one after the other (PostgreSQL).
        query = select(WatchProfileRow.__table__).where(WatchProfileRow.profile == profile)
        row = (await connection.execute(query.with_for_update())).first()
        return bool(
            row is not None
            and row.slot == slot
            and row.locked_by == worker
            and row.status == "running"
        )

    async def _known(
        self, connection: AsyncConnection, profile: str, ids: Sequence[str]
    ) -> tuple[dict[str, Tracked], dict[str, Thread]]:
        """The profile's open findings and those found again, with their threads."""
        query = (
            select(WatchFindingRow.__table__, AlertGroupRow.channel.label("thread_channel"))
            .outerjoin(AlertGroupRow, AlertGroupRow.id == WatchFindingRow.group_id)
            .where(
                WatchFindingRow.profile == profile,
                or_(WatchFindingRow.status == "open", WatchFindingRow.id.in_(list(ids))),
            )
        )
        rows = (await connection.execute(query)).all()
        threads = {
            row.id: (row.group_id, row.thread_channel)
            for row in rows
            if row.group_id is not None and row.thread_channel
        }
        return {row.id: tracked_from(row) for row in rows}, threads

    async def _deliverable(
        self,
        connection: AsyncConnection,
        plan: ThreadPlan,
        threads: dict[str, Thread],
        channel: str | None,
        now: datetime,
    ) -> list[WatchPost]:
        """
        The posts that have a thread to go to, opening a thread (an alert group) for each
        finding that needs one. A finding that never had a thread (no channel then) gets its
        top posted now in place of the edit.
        """
        posts: list[WatchPost] = []
        opened: dict[str, Tracked] = {}
        for post in plan.posts:
            if post.finding_id in threads:
                posts.append(post)
            elif channel is not None and post.finding_id not in opened:
                opened[post.finding_id] = post.content.tracked
                posts.append(WatchPost(post.finding_id, "top", FindingTop(post.content.tracked)))
        if opened:
            threads.update(await self._open_threads(connection, opened, channel or "", now))
        return posts

    async def _open_threads(
        self, connection: AsyncConnection, findings: dict[str, Tracked], channel: str, now: datetime
    ) -> dict[str, Thread]:
        texts = load_texts()
        rows = [
            {
                "source": WATCH_SOURCE,
                "group_key": fid,
                "status": _group_status(tracked),
                "counter": 0,
                "reports": 0,
                "title": texts.title(tracked.finding.kind, "en"),
                "summary": texts.summary(tracked.finding, "en"),
                "profile": tracked.finding.profile,
                "channel": channel,
                "first_seen": now,
                "last_seen": now,
            }
            for fid, tracked in findings.items()
        ]
        await connection.execute(self.insert(AlertGroupRow).on_conflict_do_nothing(), rows)
        query = select(AlertGroupRow.id, AlertGroupRow.group_key, AlertGroupRow.channel).where(
            AlertGroupRow.source == WATCH_SOURCE, AlertGroupRow.group_key.in_(list(findings))
        )
        found = (await connection.execute(query)).all()
        return {row.group_key: (row.id, row.channel or channel) for row in found}

    async def _write_findings(
        self, connection: AsyncConnection, plan: ThreadPlan, threads: dict[str, Thread]
    ) -> None:
        if not plan.writes:
            return
        rows = [
            {**finding_row(t), "group_id": threads.get(t.finding.id, (None, ""))[0]}
            for t in plan.writes
        ]
        insert = self.insert(WatchFindingRow)
        keep = {name: insert.excluded[name] for name in rows[0] if name not in ("id", "first_seen")}
        await connection.execute(
            insert.on_conflict_do_update(index_elements=["id"], set_=keep), rows
        )
        states = [
            {
                "group": threads[t.finding.id][0],
                "status": _group_status(t),
                "last_seen": t.last_seen,
                "resolved_at": t.ended_at,
            }
            for t in plan.writes
            if t.finding.id in threads
        ]
        if states:
            query = update(AlertGroupRow).where(AlertGroupRow.id == bindparam("group"))
            await connection.execute(query, states)

    async def _queue_posts(
        self,
        connection: AsyncConnection,
        posts: list[WatchPost],
        threads: dict[str, Thread],
        render: WatchRenderer,
        now: datetime,
    ) -> int:
        messages: list[Message] = []
        updates: dict[int, int] = {}
        for post in posts:
            group_id, channel = threads[post.finding_id]
            if post.role == "update":
                updates[group_id] = len(messages)
            messages.append(Message(group_id, channel, post.role, render(post.content), now))
        if messages:
            await self.queue_messages(connection, messages, updates)
        return len(messages)

    async def _keep_lists(
        self, connection: AsyncConnection, evaluation: Evaluation, now: datetime
    ) -> None:
        profile = evaluation.profile
        if evaluation.keystores is not None:
            # A keystore no longer watched: its lists would make stale changes if it came back.
            await connection.execute(
                delete(WatchAuthListRow).where(
                    WatchAuthListRow.profile == profile,
                    WatchAuthListRow.keystore_id.not_in(list(evaluation.keystores)),
                )
            )
        rows = auth_list_rows(profile, dict(evaluation.snapshot), now=now)
        if not rows:
            return
        insert = self.insert(WatchAuthListRow)
        await connection.execute(
            insert.on_conflict_do_update(
                index_elements=["profile", "keystore_id", "kind"],
                set_={"entries": insert.excluded.entries, "seen_at": insert.excluded.seen_at},
            ),
            rows,
        )

    async def _finish(
        self, connection: AsyncConnection, evaluation: Evaluation, now: datetime
    ) -> None:
        await connection.execute(
            update(WatchProfileRow)
            .where(WatchProfileRow.profile == evaluation.profile)
            .values(
                status="done",
                locked_until=None,
                last_run_at=now,
                last_findings=[f.id for f in evaluation.findings],
                gaps=list(evaluation.gaps),
                last_error=None,
            )
        )


def _group_status(tracked: Tracked) -> str:
    return "firing" if tracked.status == "open" else "resolved"
