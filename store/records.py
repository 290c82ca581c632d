"""What the store hands out: plain frozen dataclasses, never live ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.labels import article_label


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    id: int
    outlet: str | None
    title: str | None
    url: str | None
    published: datetime | None
    file: str | None
    story_id: int | None
    story_name: str | None
    figures: int
    ingested_at: datetime
    superseded_by: int | None = None  # the newer version of this article, when an edit arrived
    removed_by: str | None = None  # the editor who removed it, with why (removed articles leave answers)
    removed_reason: str | None = None
    removed_at: datetime | None = None

    @property
    def label(self) -> str:
        return article_label(self.outlet, self.title, self.id)


@dataclass(frozen=True, slots=True)
class GroupInfo:
    id: int
    story_id: int
    key: str
    label: str
    dimension: str | None
    figure_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class FlagInfo:
    id: int
    story_id: int
    group_id: int | None
    kind: str
    severity: str
    status: str
    why: str
    figure_ids: tuple[int, ...]
    active: bool
    latest_figure_id: int | None
    latest_at: datetime | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str | None
    created_at: datetime
    updated_at: datetime
    reopens_id: int | None = None  # the reviewed flag whose disagreement this one changed
    reopened: ReviewInfo | None = None  # the last review of that flag, for the reader
    confidence: str = "high"  # store.confidence.Confidence: "low" is worth a look, not a conflict


@dataclass(frozen=True, slots=True)
class ReviewInfo:
    """One step of a flag's review: who (name and Discord id), when, the verdict and its note."""

    flag_id: int
    status: str
    note: str | None
    by_name: str
    by_id: int | None  # the Discord user id; None from the console
    at: datetime


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one ingest did. `duplicate` means the same text was already stored (nothing changed)."""

    article_id: int
    figures: int
    story_id: int | None
    story_name: str | None
    duplicate: bool = False
    flags: int = 0
    label: str = ""
    supersedes: int | None = None  # the article this one is a new version of (same URL, or same file and sidecar)
