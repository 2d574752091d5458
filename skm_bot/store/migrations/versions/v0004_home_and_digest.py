"""The Home tab and the weekly digest: indexes for a person's and a channel's diagnoses, and
each channel's digest slot."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from skm_bot.store.tables import PERSON_ASKED, UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Partial: only the diagnoses a person asked for (an alert's own are never read this way).
    for column in ("user", "channel"):
        op.create_index(
            f"ix_diagnoses_{column}_created",
            "diagnoses",
            [column, "created_at"],
            sqlite_where=sa.text(PERSON_ASKED),
            postgresql_where=sa.text(PERSON_ASKED),
        )
    op.create_table(
        "digest_slots",
        sa.Column("channel", sa.String(64), primary_key=True),
        sa.Column("slot", UtcDateTime()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("locked_by", sa.String(64)),
        sa.Column("locked_until", UtcDateTime()),
        sa.Column("posted_at", UtcDateTime()),
        sa.Column("file_id", sa.String(64)),
        sa.Column("last_error", sa.Text()),
    )


def downgrade() -> None:
    op.drop_table("digest_slots")
    op.drop_index("ix_diagnoses_channel_created", table_name="diagnoses")
    op.drop_index("ix_diagnoses_user_created", table_name="diagnoses")
