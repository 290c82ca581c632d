"""Feeds and their items; watches and the alerts they raise.

- feed: an RSS/Atom URL with its conditional-GET validators, status, last error and backoff.
- feed_item: every item a feed listed, one row per link (unique hash), recorded before its article
  is fetched; `status` says whether it was stored, was a duplicate, or failed.
- watch: a channel's query; alert: what an ingest batch changed for a watch, pending until posted.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

String = sqlmodel.sql.sqltypes.AutoString
When = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", String(length=2000), nullable=False),
        sa.Column("story", String(length=200), nullable=True),
        sa.Column("title", String(length=500), nullable=True),
        sa.Column("added_by", String(length=200), nullable=False),
        sa.Column("etag", String(length=500), nullable=True),
        sa.Column("last_modified", String(length=200), nullable=True),
        sa.Column("status", String(length=20), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_poll_at", When(), nullable=False),
        sa.Column("last_polled_at", When(), nullable=True),
        sa.Column("created_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
    )
    op.create_index("ix_feed_next_poll_at", "feed", ["next_poll_at"])
    op.create_table(
        "feed_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("link_hash", String(length=64), nullable=False),
        sa.Column("link", String(length=2000), nullable=False),
        sa.Column("title", String(length=500), nullable=True),
        sa.Column("published", When(), nullable=True),
        sa.Column("status", String(length=20), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("seen_at", When(), nullable=False),
        sa.Column("done_at", When(), nullable=True),
        sa.ForeignKeyConstraint(["feed_id"], ["feed.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("link_hash"),
    )
    op.create_index("ix_feed_item_feed_id", "feed_item", ["feed_id"])
    op.create_index("ix_feed_item_status", "feed_item", ["status"])
    op.create_table(
        "watch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("query", String(length=200), nullable=False),
        sa.Column("created_by", String(length=200), nullable=False),
        sa.Column("created_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_watch_channel_id", "watch", ["channel_id"])
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("status", String(length=10), nullable=False),
        sa.Column("body_json", sa.Text(), nullable=False),
        sa.Column("created_at", When(), nullable=False),
        sa.Column("sent_at", When(), nullable=True),
        sa.ForeignKeyConstraint(["watch_id"], ["watch.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_alert_watch_id", "alert", ["watch_id"])
    op.create_index("ix_alert_channel_id", "alert", ["channel_id"])
    op.create_index("ix_alert_status", "alert", ["status"])


def downgrade() -> None:
    op.drop_table("alert")
    op.drop_table("watch")
    op.drop_table("feed_item")
    op.drop_table("feed")
