"""The first schema: diagnoses, request IDs, feedback, Slack events, alerts and the outbox."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from skm_bot.store.tables import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _diagnoses() -> None:
    op.create_table(
        "diagnoses",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("primary_error", sa.String(64)),
        sa.Column("profile", sa.String(128)),
        sa.Column("channel", sa.String(64)),
        sa.Column("thread_ts", sa.String(32)),
        sa.Column("user", sa.String(64)),
    )
    op.create_table(
        "request_ids",
        sa.Column("request_id", sa.String(128), primary_key=True),
        sa.Column(
            "diagnosis_id",
            sa.String(64),
            sa.ForeignKey("diagnoses.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seen_at", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "feedback",
        sa.Column("diagnosis_id", sa.String(64), primary_key=True),
        sa.Column("user", sa.String(64), primary_key=True),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "slack_events",
        sa.Column("event_id", sa.String(128), primary_key=True),
        sa.Column("claimed_at", UtcDateTime(), nullable=False),
    )


def _alerts() -> None:
    op.create_table(
        "alert_groups",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("group_key", sa.String(512), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("error_id", sa.String(64)),
        sa.Column("profile", sa.String(128)),
        sa.Column("diagnosis_id", sa.String(64)),
        sa.Column("channel", sa.String(64)),
        sa.Column("thread_ts", sa.String(32)),
        sa.Column("first_seen", UtcDateTime(), nullable=False),
        sa.Column("last_seen", UtcDateTime(), nullable=False),
        sa.Column("resolved_at", UtcDateTime()),
    )
    op.create_index(
        "uq_alert_groups_source_key", "alert_groups", ["source", "group_key"], unique=True
    )
    op.create_index("ix_alert_groups_open", "alert_groups", ["status", "error_id"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "group_id",
            sa.Integer(),
            sa.ForeignKey("alert_groups.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("dedup_key", sa.String(128), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("fingerprint", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("annotations", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("diagnosis_id", sa.String(64)),
        sa.Column("starts_at", UtcDateTime()),
        sa.Column("ends_at", UtcDateTime()),
        sa.Column("received_at", UtcDateTime(), nullable=False),
    )
    op.create_index("uq_alerts_dedup_key", "alerts", ["dedup_key"], unique=True)


def _outbox() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("thread_key", sa.String(64)),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("alert_groups.id", ondelete="CASCADE")),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("in_flight", sa.Boolean(), nullable=False),
        sa.Column("doubtful", sa.Boolean(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=False),
        sa.Column("locked_by", sa.String(64)),
        sa.Column("locked_until", UtcDateTime()),
        sa.Column("last_error", sa.Text()),
        sa.Column("ts", sa.String(32)),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("sent_at", UtcDateTime()),
    )
    op.create_index("ix_outbox_pending", "outbox", ["status", "channel", "id"])


def upgrade() -> None:
    _diagnoses()
    _alerts()
    _outbox()


def downgrade() -> None:
    for table in ("outbox", "alerts", "alert_groups", "slack_events", "feedback"):
        op.drop_table(table)
    op.drop_table("request_ids")
    op.drop_table("diagnoses")
