"""Editors' corrections of figures: figure_correction, one row per fix or undo, keyed by the figure's stable key.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0005"  # revisions are numbered by branch, chained in the order they landed
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figure_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("figure_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("figure_id", sa.Integer(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("counts", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("why", sa.Text(), nullable=True),
        sa.Column("by_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("by_id", sa.BigInteger(), nullable=True),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("figure_correction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_figure_correction_figure_key"), ["figure_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_figure_correction_figure_id"), ["figure_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("figure_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_figure_correction_figure_id"))
        batch_op.drop_index(batch_op.f("ix_figure_correction_figure_key"))
    op.drop_table("figure_correction")
