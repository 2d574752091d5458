"""A diagnosis keeps the failure a person picked among its candidates, and who picked it."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("diagnoses") as table:
        table.add_column(sa.Column("chosen_error", sa.String(64)))
        table.add_column(sa.Column("chosen_by", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("diagnoses") as table:
        table.drop_column("chosen_by")
        table.drop_column("chosen_error")
