"""Diagnoses, the request IDs that find them, feedback and Slack event dedup, in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.records import StoredDiagnosis, Verdict
from skm_bot.store.base import StoreBase
from skm_bot.store.tables import DiagnosisRow, FeedbackRow, RequestIdRow, SlackEventRow

MAX_REQUEST_ID = 128


def request_keys(diagnosis: Diagnosis) -> list[str]:
    """Every ID a diagnosis can be found by: its own id and each request ID it names."""
    keys = (diagnosis.diagnosis_id, *diagnosis.facts.request_ids)
    if diagnosis.facts.request_id:
        keys = (*keys, diagnosis.facts.request_id)
    return list(
        dict.fromkeys(k.strip().lower() for k in keys if 0 < len(k.strip()) <= MAX_REQUEST_ID)
    )


class DiagnosisStore(StoreBase):
    """
    The DiagnosisRepository protocol, implemented on SQL. Its writes (a Slack message's claim,
    which its first reply waits for, the diagnosis, feedback) go through `writing()`: on
    SQLite they queue in the process with the outbox's and the alerts' writes instead of
    colliding on SQLite's lock, whose losers sleep and poll (fifty mentions at once: a claim
    took 0.4 s at the median and up to 2 s).
    """

    async def save_diagnosis(
        self,
        diagnosis: Diagnosis,
        *,
        document: dict[str, Any],
        profile: str | None = None,
        channel: str | None = None,
        thread_ts: str | None = None,
        user: str | None = None,
        chosen_by: str | None = None,
    ) -> None:
        row = diagnosis_row(
            diagnosis,
            document=document,
            profile=profile,
            channel=channel,
            thread_ts=thread_ts,
            user=user,
            chosen_by=chosen_by,
        )
        async with self.writing() as connection:
            await self.add_diagnoses(connection, [(diagnosis, row)])

    async def add_diagnoses(
        self, connection: AsyncConnection, rows: Sequence[tuple[Diagnosis, dict[str, Any]]]
    ) -> None:
        """
        Keep many diagnoses (rows from `diagnosis_row`) and index their IDs: two statements.

        A diagnosis already kept is overwritten, as a merge would; ids must be distinct.
        """
        if not rows:
            return
        columns = tuple(rows[0][1])
        await connection.execute(
            self.built(f"keep_diagnoses:{','.join(columns)}", lambda: self._upsert(columns)),
            [row for _, row in rows],
        )
        keys = [
            {"request_id": key, "diagnosis_id": d.diagnosis_id, "seen_at": d.created_at}
            for d, _ in rows
            for key in request_keys(d)
        ]
        if keys:
            await connection.execute(
                self.built(
                    "index_request_ids", lambda: self.insert(RequestIdRow).on_conflict_do_nothing()
                ),
                keys,
            )

    def _upsert(self, columns: tuple[str, ...]) -> Any:
        insert = self.insert(DiagnosisRow)
        replace = {name: insert.excluded[name] for name in columns if name != "id"}
        return insert.on_conflict_do_update(index_elements=["id"], set_=replace)

    async def find_by_request_id(self, request_id: str) -> StoredDiagnosis | None:
        query = (
            select(DiagnosisRow)
            .join(RequestIdRow, RequestIdRow.diagnosis_id == DiagnosisRow.id)
            .where(RequestIdRow.request_id == request_id.strip().lower())
            .order_by(DiagnosisRow.created_at.desc())
            .limit(1)
        )
        async with self.sessions() as session:
            row = (await session.execute(query)).scalar_one_or_none()
        return None if row is None else _stored(row)

    async def record_feedback(
        self, diagnosis_id: str, *, user: str, verdict: Verdict, at: datetime
    ) -> None:
        statement = self.insert(FeedbackRow).values(
            diagnosis_id=diagnosis_id, user=user, verdict=verdict, at=at
        )
        statement = statement.on_conflict_do_update(
            index_elements=["diagnosis_id", "user"], set_={"verdict": verdict, "at": at}
        )
        async with self.writing() as connection:
            await connection.execute(statement)

    async def feedback_for(self, diagnosis_id: str) -> dict[str, str]:
        """Each person's verdict on a diagnosis."""
        query = select(FeedbackRow).where(FeedbackRow.diagnosis_id == diagnosis_id)
        async with self.sessions() as session:
            rows = (await session.execute(query)).scalars().all()
        return {row.user: row.verdict for row in rows}

    async def claim_event(self, event_id: str, *, at: datetime) -> bool:
        # The primary key decides: of two concurrent claims, one insert wins and returns a row.
        statement = (
            self.insert(SlackEventRow)
            .values(event_id=event_id, claimed_at=at)
            .on_conflict_do_nothing()
            .returning(SlackEventRow.event_id)
        )
        async with self.writing() as connection:
            claimed = (await connection.execute(statement)).scalar_one_or_none()
        return claimed is not None


def diagnosis_row(
    diagnosis: Diagnosis,
    *,
    document: dict[str, Any],
    profile: str | None = None,
    channel: str | None = None,
    thread_ts: str | None = None,
    user: str | None = None,
    chosen_by: str | None = None,
) -> dict[str, Any]:
    """The `diagnoses` row of a diagnosis, as `add_diagnoses` takes it."""
    primary = diagnosis.reported or diagnosis.matches
    return {
        "id": diagnosis.diagnosis_id,
        "created_at": diagnosis.created_at,
        "language": diagnosis.language,
        "text": diagnosis.text,
        "document": document,
        "primary_error": primary[0].error_id if primary else None,
        "profile": profile,
        "channel": channel,
        "thread_ts": thread_ts,
        "user": user,
        "chosen_error": diagnosis.chosen,
        "chosen_by": chosen_by if diagnosis.chosen else None,
    }


def _stored(row: DiagnosisRow) -> StoredDiagnosis:
    return StoredDiagnosis(
        diagnosis_id=row.id,
        created_at=row.created_at,
        language=row.language,
        text=row.text,
        document=row.document,
        profile=row.profile,
        channel=row.channel,
        thread_ts=row.thread_ts,
        user=row.user,
        chosen=row.chosen_error,
        chosen_by=row.chosen_by,
    )
