"""Every review step kept, flags that reopen a reviewed one, and outlets left unknown instead of file names.

- flag_review: one row per verdict (flag, status, note, by name, by Discord id, when). The flags'
  existing reviews become their first step.
- flag.reopens_id: the reviewed flag a changed disagreement reopens (no foreign key, see below;
  store.consistency checks it).
- article.outlet: an article nobody named an outlet for was given its file name
  ("017_9a8b7c6d", Discord's "message"); those outlets become empty (unknown) and the
  article is labelled by its title (store.labels). Empty rather than NULL: on SQLite a nullable
  column means rebuilding the article table, which the figures' foreign keys forbid inside the
  migration's transaction. A downgrade writes the file name back.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from pathlib import PurePath

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0002"  # no 0003 landed: revisions are numbered by branch, chained in the order they landed
branch_labels = None
depends_on = None

# what ingest wrote when nothing named the outlet: the file's stem, Discord's name for pasted text
_PLACEHOLDERS = ("unknown", "message")


def upgrade() -> None:
    op.create_table(
        "flag_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("by_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("by_id", sa.BigInteger(), nullable=True),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["flag_id"], ["flag.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("flag_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flag_review_flag_id"), ["flag_id"], unique=False)
    # a plain ADD COLUMN without a foreign key: SQLite adds or drops a constraint only by rebuilding
    # the table, and it cannot rebuild the flag table that flag_figure points at in a transaction
    op.add_column("flag", sa.Column("reopens_id", sa.Integer(), nullable=True))

    bind = op.get_bind()
    bind.execute(sa.text(
        "INSERT INTO flag_review (flag_id, status, note, by_name, at) "
        "SELECT id, status, review_note, reviewed_by, COALESCE(reviewed_at, updated_at) FROM flag "
        "WHERE status <> 'open' AND reviewed_by IS NOT NULL ORDER BY id"))
    unknown = [{"id": article_id} for article_id, outlet, file, url in bind.execute(
        sa.text("SELECT id, outlet, file, url FROM article"))
        if (file and outlet == PurePath(file).stem) or (not file and not url and outlet in _PLACEHOLDERS)]
    if unknown:
        bind.execute(sa.text("UPDATE article SET outlet = '' WHERE id = :id"), unknown)


def downgrade() -> None:
    bind = op.get_bind()
    named = [{"id": article_id, "outlet": (PurePath(file).stem if file else "unknown")[:200]}
             for article_id, file in bind.execute(sa.text("SELECT id, file FROM article WHERE outlet = ''"))]
    if named:
        bind.execute(sa.text("UPDATE article SET outlet = :outlet WHERE id = :id"), named)
    op.drop_column("flag", "reopens_id")
    with op.batch_alter_table("flag_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flag_review_flag_id"))
    op.drop_table("flag_review")
