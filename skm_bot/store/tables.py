"""The store's tables as SQLAlchemy 2.0 typed ORM classes; the migrations create exactly these."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, TypeDecorator, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from skm_bot.store.safe_text import SafeString, SafeText

# A diagnosis someone asked for (an alert's own has no person): the partial indexes' rows.
PERSON_ASKED = '"user" IS NOT NULL'


class UtcDateTime(TypeDecorator[datetime]):
    """
    A timestamp stored as naive UTC and read back as aware UTC.

    SQLite has no time zones; storing naive UTC everywhere keeps comparisons in SQL correct on
    both SQLite (text) and PostgreSQL.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware UTC time")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """The declarative base of every table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
    }


class DiagnosisRow(Base):
    """A diagnosis as kept: the redacted paste and its JSON document."""

    __tablename__ = "diagnoses"
    # A person's newest diagnoses (the Home tab) and a channel's week (the digest). Partial:
    # an alert's own diagnoses (no person) are most of the rows and never read this way, so
    # their inserts pay for neither index.
    __table_args__ = (
        Index(
            "ix_diagnoses_user_created",
            "user",
            "created_at",
            sqlite_where=text(PERSON_ASKED),
            postgresql_where=text(PERSON_ASKED),
        ),
        Index(
            "ix_diagnoses_channel_created",
            "channel",
            "created_at",
            sqlite_where=text(PERSON_ASKED),
            postgresql_where=text(PERSON_ASKED),
        ),
    )

    id: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    created_at: Mapped[datetime]
    language: Mapped[str] = mapped_column(SafeString(8))
    text: Mapped[str] = mapped_column(SafeText)
    document: Mapped[dict[str, Any]]
    primary_error: Mapped[str | None] = mapped_column(SafeString(64))
    profile: Mapped[str | None] = mapped_column(SafeString(128))
    channel: Mapped[str | None] = mapped_column(SafeString(64))
    thread_ts: Mapped[str | None] = mapped_column(SafeString(32))
    user: Mapped[str | None] = mapped_column(SafeString(64))
    # The failure a person picked among the candidates ("Is it one of these?"), and who.
    chosen_error: Mapped[str | None] = mapped_column(SafeString(64))
    chosen_by: Mapped[str | None] = mapped_column(SafeString(64))


class RequestIdRow(Base):
    """One request ID (or alias, or diagnosis id) seen, and the diagnosis that named it."""

    __tablename__ = "request_ids"

    request_id: Mapped[str] = mapped_column(SafeString(128), primary_key=True)
    diagnosis_id: Mapped[str] = mapped_column(
        ForeignKey("diagnoses.id", ondelete="CASCADE"), primary_key=True
    )
    seen_at: Mapped[datetime]


class FeedbackRow(Base):
    """One person's latest verdict on a diagnosis."""

    __tablename__ = "feedback"

    diagnosis_id: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    user: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    verdict: Mapped[str] = mapped_column(SafeString(16))
    at: Mapped[datetime]


class SlackEventRow(Base):
    """A Slack event id already claimed: redeliveries are dropped."""

    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(SafeString(128), primary_key=True)
    claimed_at: Mapped[datetime]


class AlertGroupRow(Base):
    """One alert group (a groupKey or fingerprint) and the Slack thread that follows it."""

    __tablename__ = "alert_groups"
    __table_args__ = (
        Index("uq_alert_groups_source_key", "source", "group_key", unique=True),
        Index("ix_alert_groups_open", "status", "error_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(SafeString(32))
    group_key: Mapped[str] = mapped_column(SafeString(512))
    status: Mapped[str] = mapped_column(SafeString(16))
    counter: Mapped[int] = mapped_column(Integer, default=0)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(SafeText)
    summary: Mapped[str] = mapped_column(SafeText)
    error_id: Mapped[str | None] = mapped_column(SafeString(64))
    profile: Mapped[str | None] = mapped_column(SafeString(128))
    diagnosis_id: Mapped[str | None] = mapped_column(SafeString(64))
    channel: Mapped[str | None] = mapped_column(SafeString(64))
    thread_ts: Mapped[str | None] = mapped_column(SafeString(32))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    resolved_at: Mapped[datetime | None]


class AlertRow(Base):
    """One accepted alert (a new firing or a resolution), stored before the webhook answers."""

    __tablename__ = "alerts"
    __table_args__ = (Index("uq_alerts_dedup_key", "dedup_key", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("alert_groups.id", ondelete="CASCADE"))
    dedup_key: Mapped[str] = mapped_column(SafeString(128))
    source: Mapped[str] = mapped_column(SafeString(32))
    fingerprint: Mapped[str] = mapped_column(SafeString(128))
    status: Mapped[str] = mapped_column(SafeString(16))
    labels: Mapped[dict[str, Any]]
    annotations: Mapped[dict[str, Any]]
    text: Mapped[str] = mapped_column(SafeText)
    diagnosis_id: Mapped[str | None] = mapped_column(SafeString(64))
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    received_at: Mapped[datetime]


class OutboxRow(Base):
    """One Slack call to make: a post or an update, retried until sent or given up."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "status", "channel", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(SafeString(16))  # post | update
    role: Mapped[str] = mapped_column(SafeString(16))  # top | reply | update
    channel: Mapped[str] = mapped_column(SafeString(64))
    payload: Mapped[dict[str, Any]]
    thread_key: Mapped[str | None] = mapped_column(SafeString(64))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("alert_groups.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(SafeString(16))  # pending | sent | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    in_flight: Mapped[bool] = mapped_column(default=False)
    doubtful: Mapped[bool] = mapped_column(default=False)
    next_attempt_at: Mapped[datetime]
    locked_by: Mapped[str | None] = mapped_column(SafeString(64))
    locked_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(SafeText)
    ts: Mapped[str | None] = mapped_column(SafeString(32))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class WatchProfileRow(Base):
    """
    One profile's watch: the schedule slot it last ran (the lease that lets one replica run a
    slot) and what that run found.
    """

    __tablename__ = "watch_profiles"

    profile: Mapped[str] = mapped_column(SafeString(128), primary_key=True)
    slot: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(SafeString(16))  # idle | running | done | failed
    locked_by: Mapped[str | None] = mapped_column(SafeString(64))
    locked_until: Mapped[datetime | None]
    last_run_at: Mapped[datetime | None]
    last_findings: Mapped[list[str]] = mapped_column(JSON)
    gaps: Mapped[list[str]] = mapped_column(JSON)
    last_error: Mapped[str | None] = mapped_column(SafeText)


class WatchFindingRow(Base):
    """One watch finding as kept: open, ended (resolved or lapsed), or a closed event."""

    __tablename__ = "watch_findings"
    __table_args__ = (Index("ix_watch_findings_profile_status", "profile", "status"),)

    id: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    profile: Mapped[str] = mapped_column(SafeString(128))
    check_id: Mapped[str] = mapped_column(SafeString(32))
    kind: Mapped[str] = mapped_column(SafeString(32))
    subject: Mapped[str] = mapped_column(SafeText)
    keystore: Mapped[int | None] = mapped_column(Integer)
    severity: Mapped[str] = mapped_column(SafeString(16))
    scope: Mapped[str] = mapped_column(SafeString(64))
    due: Mapped[datetime | None]
    params: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(SafeString(16))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    group_id: Mapped[int | None] = mapped_column(ForeignKey("alert_groups.id", ondelete="SET NULL"))


class WatchAuthListRow(Base):
    """The last seen IPv4 / MAC / certificate list of a keystore, for the next run's diff."""

    __tablename__ = "watch_auth_lists"

    profile: Mapped[str] = mapped_column(SafeString(128), primary_key=True)
    keystore_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(SafeString(16), primary_key=True)
    entries: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    seen_at: Mapped[datetime]


class DigestSlotRow(Base):
    """
    One channel's weekly digest: the week (slot) it was last posted for, and the slot lease
    that lets one replica post it.
    """

    __tablename__ = "digest_slots"

    channel: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    slot: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(SafeString(16))  # idle | running | posted | failed
    locked_by: Mapped[str | None] = mapped_column(SafeString(64))
    locked_until: Mapped[datetime | None]
    posted_at: Mapped[datetime | None]
    file_id: Mapped[str | None] = mapped_column(SafeString(64))
    last_error: Mapped[str | None] = mapped_column(SafeText)
