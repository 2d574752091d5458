"""
The facts of a week for the digest: the diagnoses people asked for, the verdicts on them, and
the alert groups opened or closed; and the channels that had any of it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select

from skm_bot.core.digest import DiagnosisFact, DigestFacts, GroupFact, VerdictFact
from skm_bot.store.base import StoreBase
from skm_bot.store.tables import AlertGroupRow, DiagnosisRow, FeedbackRow


def _asked(start: datetime, end: datetime, channel: str | None) -> list[ColumnElement[bool]]:
    """Diagnoses a person asked for in [start, end) (an alert's own have no person)."""
    row = DiagnosisRow
    where = [row.user.is_not(None), row.created_at >= start, row.created_at < end]
    if channel is not None:
        where.append(row.channel == channel)
    return where


def _moved(start: datetime, end: datetime, channel: str | None) -> list[ColumnElement[bool]]:
    """Alert groups opened or closed in [start, end)."""
    group = AlertGroupRow
    where: list[ColumnElement[bool]] = [
        or_(
            and_(group.first_seen >= start, group.first_seen < end),
            and_(group.resolved_at >= start, group.resolved_at < end),
        )
    ]
    if channel is not None:
        where.append(group.channel == channel)
    return where


class DigestReads(StoreBase):
    """The digest's reads: one query per kind of fact."""

    async def digest_facts(
        self, *, start: datetime, end: datetime, channel: str | None = None
    ) -> DigestFacts:
        """Everything the digest of `channel` (None: every channel) over [start, end) counts."""
        row = DiagnosisRow
        diagnoses = select(
            row.id, row.created_at, row.channel, row.thread_ts, row.primary_error, row.chosen_error
        ).where(*_asked(start, end, channel))
        verdicts = (
            select(FeedbackRow.diagnosis_id, FeedbackRow.verdict, FeedbackRow.at)
            .join(row, row.id == FeedbackRow.diagnosis_id)
            .where(*_asked(start, end, channel), FeedbackRow.at < end)
        )
        groups = select(AlertGroupRow.first_seen, AlertGroupRow.resolved_at).where(
            *_moved(start, end, channel)
        )
        async with self.engine.connect() as connection:
            found = (await connection.execute(diagnoses)).all()
            given = (await connection.execute(verdicts)).all()
            moved = (await connection.execute(groups)).all()
        return DigestFacts(
            diagnoses=tuple(
                DiagnosisFact(
                    r.id, r.created_at, r.channel, r.thread_ts, r.chosen_error or r.primary_error
                )
                for r in found
            ),
            verdicts=tuple(VerdictFact(r.diagnosis_id, r.verdict, r.at) for r in given),
            groups=tuple(GroupFact(r.first_seen, r.resolved_at) for r in moved),
        )

    async def digest_channels(self, *, start: datetime, end: datetime) -> list[str]:
        """
        The channels with something to tell over [start, end): a diagnosis asked for there, or
        an alert group opened or closed there. DMs are left out: a digest is for a channel.
        """
        asked = select(DiagnosisRow.channel).where(*_asked(start, end, None)).distinct()
        moved = select(AlertGroupRow.channel).where(*_moved(start, end, None)).distinct()
        async with self.engine.connect() as connection:
            found = {r[0] for r in (await connection.execute(asked)).all()}
            found |= {r[0] for r in (await connection.execute(moved)).all()}
        return sorted(c for c in found if c and not c.startswith("D"))
