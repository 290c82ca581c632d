"""Edited articles supersede their earlier version; editors remove articles, recorded with who and why.

- article.source_key: what identifies "the same article" across edits (its URL, or its file path
  with its sidecar), hashed; indexed, since every ingest looks its predecessor up by it.
- article.superseded_by / superseded_at: the newer version of this article and when it arrived.
- article.removed_at / removed_by / removed_by_id / removed_reason: an editor's removal (name,
  Discord id, reason). The row and its text stay for history; its figures leave their story.
Plain ADD COLUMNs without foreign keys: SQLite adds a constraint only by rebuilding the table,
which the figures' foreign keys forbid inside the migration's transaction.

Revision ID: 0005
Revises: 0006 (main gained 0006 first; 0005 follows it)
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0007"  # revisions are numbered by branch, chained in the order they landed
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("article", sa.Column("source_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    op.add_column("article", sa.Column("superseded_by", sa.Integer(), nullable=True))
    op.add_column("article", sa.Column("superseded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.add_column("article", sa.Column("removed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.add_column("article", sa.Column("removed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
    op.add_column("article", sa.Column("removed_by_id", sa.BigInteger(), nullable=True))
    op.add_column("article", sa.Column("removed_reason", sa.Text(), nullable=True))
    op.create_index("ix_article_source_key", "article", ["source_key"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_article_source_key", table_name="article")
    for name in ("removed_reason", "removed_by_id", "removed_by", "removed_at", "superseded_at",
                 "superseded_by", "source_key"):
        op.drop_column("article", name)  # SQLite drops a plain column in place, as 0004 does
