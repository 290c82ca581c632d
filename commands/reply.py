"""What a command answers, before anyone decides how it looks (embeds for Discord, text for the console)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FigureLine:
    """One figure as an editor reads it: the value as written, who published it and who said it."""

    id: int
    text: str  # as written: "more than 5,000"
    value: float
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None
    counts: str | None
    action: str | None
    outlet: str
    said_by: str | None
    published: datetime | None
    quote: str  # the sentence it stands in
    file: str | None
    start: int
    end: int
    article_id: int
    flagged: bool = False
    superseded: bool = False  # as-of answers: the same outlet later reported another number
    corrected: str | None = None  # "corrected by Ana: the agency's own release says 4,500"


@dataclass(frozen=True, slots=True)
class FlagLine:
    """One discrepancy flag: its kind, review state and the sentence that explains it."""

    id: int
    kind: str
    status: str
    severity: str
    why: str
    figure_ids: tuple[int, ...]
    reviewed_by: str | None = None
    review_note: str | None = None
    confidence: str = "high"  # "low": worth a look, shown after the confident flags


@dataclass(frozen=True, slots=True)
class GroupView:
    """A quantity group: one pasteable headline, then every figure reporting that quantity."""

    id: int
    label: str  # "militants and their families evacuated"
    headline: str  # "Militants and families evacuated: 4,000 to more than 5,000; 3 outlets, 2 origins; disputed"
    figures: tuple[FigureLine, ...]
    outlets: int
    origins: int
    flagged: bool = False
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """Everything a command answers. `lines` carry plain answers (help, sources); `error` marks a user error."""

    title: str
    flags: tuple[FlagLine, ...] = ()
    groups: tuple[GroupView, ...] = ()
    lines: tuple[str, ...] = ()
    note: str | None = None
    suggestions: tuple[str, ...] = ()
    error: bool = False
    ephemeral: bool = False
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    @classmethod
    def problem(cls, message: str, *, suggestions: tuple[str, ...] = ()) -> Reply:
        """A short answer to a user error: what went wrong and what to try."""
        return cls(title=message, suggestions=suggestions, error=True, ephemeral=True)
