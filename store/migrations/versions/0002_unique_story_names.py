"""One story per editor-given name: a unique index over the names of explicit stories.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Stories that two racing ingests created under one name are merged into the older one first.
    bind = op.get_bind()
    duplicates = bind.execute(sa.text(
        "SELECT name, MIN(id) FROM story WHERE explicit GROUP BY name HAVING COUNT(*) > 1"
    )).all()
    for name, keep in duplicates:
        others = [row[0] for row in bind.execute(
            sa.text("SELECT id FROM story WHERE explicit AND name = :name AND id <> :keep"),
            {"name": name, "keep": keep})]
        for table in ("article", "figure", "quantity_group", "flag"):
            bind.execute(sa.text(f"UPDATE {table} SET story_id = :keep WHERE story_id = :other"),
                         [{"keep": keep, "other": other} for other in others])
        bind.execute(sa.text("DELETE FROM story WHERE id = :other"), [{"other": other} for other in others])
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.create_index("uq_story_explicit_name", ["name"], unique=True,
                              sqlite_where=sa.text("explicit"), postgresql_where=sa.text("explicit"))


def downgrade() -> None:
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.drop_index("uq_story_explicit_name")
