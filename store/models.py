"""The SQLModel tables. Only store/db.py and the migrations use them; everything above sees dataclasses."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class StoryRow(SQLModel, table=True):
    """An event that several articles report; figures are compared only inside one."""

    __tablename__ = "story"
    # an editor's story name means one story, even when two ingests name it at the same moment
    __table_args__ = (
        Index("uq_story_explicit_name", "name", unique=True, sqlite_where=text("explicit"),
              postgresql_where=text("explicit")),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=200)
    explicit: bool = False  # named by an editor at ingest, never merged automatically
    terms_json: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    first_published: datetime | None = None
    last_published: datetime | None = None
    articles: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class ArticleRow(SQLModel, table=True):
    """One ingested article, stored exactly as its text decodes so offsets point into it."""

    __tablename__ = "article"

    id: int | None = Field(default=None, primary_key=True)
    content_hash: str = Field(max_length=64, unique=True, index=True)
    outlet: str = Field(default="", max_length=200)  # empty when nothing names it: see store.labels
    title: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=2000)
    published: datetime | None = Field(default=None, index=True)
    file: str | None = Field(default=None, max_length=1000)
    text: str = Field(sa_column=Column(Text, nullable=False))
    original: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True)
    ingested_at: datetime = Field(default_factory=utcnow)
    # the same article across edits (its URL, or its file path with its sidecar), hashed
    source_key: str | None = Field(default=None, max_length=64, index=True)
    # a newer version of the article arrived; this row keeps the old text, its figures left the story
    superseded_by: int | None = None  # no foreign key: see migration 0005
    superseded_at: datetime | None = None
    # an editor removed it (name, Discord id, why); kept for history, its figures left the story
    removed_at: datetime | None = None
    removed_by: str | None = Field(default=None, max_length=200)
    removed_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    removed_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class GroupRow(SQLModel, table=True):
    """Figures of one story that report the same quantity."""

    __tablename__ = "quantity_group"

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id", index=True)
    key: str = Field(max_length=500)
    label: str = Field(max_length=500)
    dimension: str | None = Field(default=None, max_length=200)


class FigureRow(SQLModel, table=True):
    """One extracted figure with its offsets into its article's text."""

    __tablename__ = "figure"
    __table_args__ = (Index("ix_figure_article_idx", "article_id", "idx", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True)
    group_id: int | None = Field(default=None, foreign_key="quantity_group.id", index=True)
    idx: int  # position in the article's extraction, which part_of refers to
    start: int
    end: int
    text: str = Field(max_length=1000)
    value: float
    low: float | None = None
    high: float | None = None
    qualifier: str = Field(max_length=20)
    unit: str | None = Field(default=None, max_length=100)
    dimension: str | None = Field(default=None, max_length=200)
    counts: str | None = Field(default=None, max_length=1000)
    counts_key: str | None = Field(default=None, max_length=500, index=True)
    action: str | None = Field(default=None, max_length=500)
    action_key: str | None = Field(default=None, max_length=200)
    said_by: str | None = Field(default=None, max_length=500)
    part_of_idx: int | None = None
    sentence: str = Field(sa_column=Column(Text, nullable=False))
    sentence_start: int = 0
    change: str | None = Field(default=None, max_length=10)
    period: str | None = Field(default=None, max_length=200)
    vague: bool = False


class FlagRow(SQLModel, table=True):
    """A discrepancy among a story's figures, with the editor's review of it."""

    __tablename__ = "flag"
    __table_args__ = (UniqueConstraint("fingerprint", name="uq_flag_fingerprint"),)

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id", index=True)
    group_id: int | None = Field(default=None, foreign_key="quantity_group.id", index=True)
    fingerprint: str = Field(max_length=64)
    kind: str = Field(max_length=20)
    severity: str = Field(max_length=10)
    why: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="open", max_length=12, index=True)
    active: bool = True  # False when a recompute no longer finds it; kept for its review history
    latest_figure_id: int | None = None
    latest_at: datetime | None = None
    reviewed_by: str | None = Field(default=None, max_length=200)
    reviewed_at: datetime | None = None
    review_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # the reviewed flag this one reopens: new figures changed the disagreement an editor ruled on
    # (no foreign key: SQLite could add one only by rebuilding this table; store.consistency checks it)
    reopens_id: int | None = None
    # store.confidence: "low" flags are shown as worth a look, not as conflicts
    confidence: str = Field(default="high", max_length=10)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class FlagReviewRow(SQLModel, table=True):
    """One editor's verdict on a flag; every step is kept, the flag row holds only the latest."""

    __tablename__ = "flag_review"

    id: int | None = Field(default=None, primary_key=True)
    flag_id: int = Field(foreign_key="flag.id", index=True)
    status: str = Field(max_length=12)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    by_name: str = Field(max_length=200)
    by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))  # a Discord user id
    at: datetime = Field(default_factory=utcnow)


class FlagFigureRow(SQLModel, table=True):
    """Which figures a flag names."""

    __tablename__ = "flag_figure"

    flag_id: int = Field(foreign_key="flag.id", primary_key=True)
    figure_id: int = Field(foreign_key="figure.id", primary_key=True, index=True)


class FeedRow(SQLModel, table=True):
    """An RSS or Atom feed the poller reads, with what the last poll learnt (validators, errors, backoff)."""

    __tablename__ = "feed"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000, unique=True)
    story: str | None = Field(default=None, max_length=200)  # every item goes into this story when set
    title: str | None = Field(default=None, max_length=500)  # the feed's own title: the items' outlet
    added_by: str = Field(default="", max_length=200)
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=200)
    status: str = Field(default="new", max_length=20)  # new, ok, not modified, error, gone, malformed
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    failures: int = 0  # errors in a row; the backoff doubles with each
    next_poll_at: datetime = Field(default_factory=utcnow, index=True)
    last_polled_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class FeedItemRow(SQLModel, table=True):
    """One item a feed listed, recorded before it is fetched so that a crash mid-poll loses nothing."""

    __tablename__ = "feed_item"

    id: int | None = Field(default=None, primary_key=True)
    feed_id: int = Field(foreign_key="feed.id", index=True)
    link_hash: str = Field(max_length=64, unique=True)  # one item per link, whichever feed lists it
    link: str = Field(max_length=2000)
    title: str | None = Field(default=None, max_length=500)
    published: datetime | None = None
    status: str = Field(default="pending", max_length=20, index=True)  # pending, stored, duplicate, failed
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    attempts: int = 0
    article_id: int | None = None  # no foreign key: removing an article must not need the feed's history
    seen_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None


class WatchRow(SQLModel, table=True):
    """A query a channel follows: new figures and flags on the groups it finds are posted there."""

    __tablename__ = "watch"

    id: int | None = Field(default=None, primary_key=True)
    channel_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    query: str = Field(max_length=200)
    created_by: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class AlertRow(SQLModel, table=True):
    """What one ingest batch changed for one watch, kept until the bot has posted it."""

    __tablename__ = "alert"

    id: int | None = Field(default=None, primary_key=True)
    watch_id: int = Field(foreign_key="watch.id", index=True)
    channel_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    status: str = Field(default="pending", max_length=10, index=True)  # pending, sent
    body_json: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class FigureCorrectionRow(SQLModel, table=True):
    """One step of an editor's correction of a figure (a fix or its undoing); every step is kept.

    Keyed by the figure's stable key (article content hash and offsets), not only its id, so a
    correction outlives recomputes and a re-ingest of the same article.
    """

    __tablename__ = "figure_correction"

    id: int | None = Field(default=None, primary_key=True)
    figure_key: str = Field(max_length=200, index=True)
    figure_id: int = Field(index=True)  # the figure's id when corrected; the key is the authority
    action: str = Field(max_length=10)  # store.corrections.CorrectionAction
    value: float | None = None
    counts: str | None = Field(default=None, max_length=1000)
    why: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    by_name: str = Field(max_length=200)
    by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))  # a Discord user id
    at: datetime = Field(default_factory=utcnow)
