"""red-flag clearance: who saw the person, on what day, for which answers (on acknowledgements)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable: the rows already there (clinician approvals) have no clearance
    with op.batch_alter_table("acknowledgements") as batch_op:
        batch_op.add_column(sa.Column("seen_by", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("seen_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("red_flag_ids", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("acknowledgements") as batch_op:
        batch_op.drop_column("red_flag_ids")
        batch_op.drop_column("seen_on")
        batch_op.drop_column("seen_by")
