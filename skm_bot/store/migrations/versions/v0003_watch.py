"""The watch: each profile's schedule lease and last run, its findings, its last seen auth lists."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from skm_bot.store.tables import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_profiles",
        sa.Column("profile", sa.String(128), primary_key=True),
        sa.Column("slot", UtcDateTime()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("locked_by", sa.String(64)),
        sa.Column("locked_until", UtcDateTime()),
        sa.Column("last_run_at", UtcDateTime()),
        sa.Column("last_findings", sa.JSON(), nullable=False),
        sa.Column("gaps", sa.JSON(), nullable=False),
        sa.Column("last_error", sa.Text()),
    )
    op.create_table(
        "watch_findings",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("profile", sa.String(128), nullable=False),
        sa.Column("check_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("keystore", sa.Integer()),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("scope", sa.String(64), nullable=False),
        sa.Column("due", UtcDateTime()),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("first_seen", UtcDateTime(), nullable=False),
        sa.Column("last_seen", UtcDateTime(), nullable=False),
        sa.Column("ended_at", UtcDateTime()),
        sa.Column(
            "group_id",
            sa.Integer(),
            sa.ForeignKey("alert_groups.id", ondelete="SET NULL"),
        ),
    )
    op.create_index("ix_watch_findings_profile_status", "watch_findings", ["profile", "status"])
    op.create_table(
        "watch_auth_lists",
        sa.Column("profile", sa.String(128), primary_key=True),
        sa.Column("keystore_id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.Column("seen_at", UtcDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in ("watch_auth_lists", "watch_findings", "watch_profiles"):
        op.drop_table(table)
