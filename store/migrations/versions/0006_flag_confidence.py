"""Flag confidence: "high" flags are conflicts an editor can trust, "low" ones are worth a look.

- flag.confidence: store.confidence.Confidence, written by every analysis. Existing flags become
  "high", as they were shown before; the next ingest into their story recomputes them.
  NOT NULL with a server default, so SQLite adds it without rebuilding the table.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("flag", sa.Column("confidence", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False,
                                    server_default="high"))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN, as 0004 does: a batch rebuild of flag would trip the foreign keys
    # of flag_figure and flag_review on SQLite
    op.drop_column("flag", "confidence")
