"""Initial schema: stories, articles, quantity groups, figures, flags and the figures each flag names.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('story',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('explicit', sa.Boolean(), nullable=False),
    sa.Column('terms_json', sa.Text(), nullable=False),
    sa.Column('first_published', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_published', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_name'), ['name'], unique=False)

    op.create_table('article',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('outlet', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('published', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('file', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('original', sa.Text(), nullable=True),
    sa.Column('story_id', sa.Integer(), nullable=True),
    sa.Column('ingested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_content_hash'), ['content_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_article_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_story_id'), ['story_id'], unique=False)

    op.create_table('quantity_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('dimension', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quantity_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quantity_group_story_id'), ['story_id'], unique=False)

    op.create_table('figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.Column('qualifier', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('dimension', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('counts', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('counts_key', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('action_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('said_by', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('part_of_idx', sa.Integer(), nullable=True),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('change', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('vague', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['group_id'], ['quantity_group.id'], ),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figure_article_id'), ['article_id'], unique=False)
        batch_op.create_index('ix_figure_article_idx', ['article_id', 'idx'], unique=True)
        batch_op.create_index(batch_op.f('ix_figure_counts_key'), ['counts_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_figure_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_figure_story_id'), ['story_id'], unique=False)

    op.create_table('flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('severity', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('latest_figure_id', sa.Integer(), nullable=True),
    sa.Column('latest_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('reviewed_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('reviewed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['quantity_group.id'], ),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fingerprint', name='uq_flag_fingerprint')
    )
    with op.batch_alter_table('flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flag_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flag_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_flag_story_id'), ['story_id'], unique=False)

    op.create_table('flag_figure',
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('figure_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['figure_id'], ['figure.id'], ),
    sa.ForeignKeyConstraint(['flag_id'], ['flag.id'], ),
    sa.PrimaryKeyConstraint('flag_id', 'figure_id')
    )
    with op.batch_alter_table('flag_figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flag_figure_figure_id'), ['figure_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('flag_figure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flag_figure_figure_id'))

    op.drop_table('flag_figure')
    with op.batch_alter_table('flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flag_story_id'))
        batch_op.drop_index(batch_op.f('ix_flag_status'))
        batch_op.drop_index(batch_op.f('ix_flag_group_id'))

    op.drop_table('flag')
    with op.batch_alter_table('figure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figure_story_id'))
        batch_op.drop_index(batch_op.f('ix_figure_group_id'))
        batch_op.drop_index(batch_op.f('ix_figure_counts_key'))
        batch_op.drop_index('ix_figure_article_idx')
        batch_op.drop_index(batch_op.f('ix_figure_article_id'))

    op.drop_table('figure')
    with op.batch_alter_table('quantity_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quantity_group_story_id'))

    op.drop_table('quantity_group')
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_story_id'))
        batch_op.drop_index(batch_op.f('ix_article_published'))
        batch_op.drop_index(batch_op.f('ix_article_content_hash'))

    op.drop_table('article')
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_name'))

    op.drop_table('story')
