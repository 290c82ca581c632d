"""What a figure is: one mention of a number that states an amount, and where it was published.

These frozen dataclasses are the contract between extraction, the store, discrepancy and the
commands. Their JSON form is the `claimbot extract --json` contract (DESIGN §6).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from store.labels import article_label


class Qualifier(StrEnum):
    """How a figure hedges. The values are part of the `claimbot extract --json` contract."""

    EXACT = "exact"
    APPROX = "approx"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    UP_TO = "up_to"
    LESS_THAN = "less_than"
    RANGE = "range"


class Change(StrEnum):
    """The direction of a figure that states a change ("rose 3%", "fell by 200")."""

    UP = "up"
    DOWN = "down"


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure found in an article's text.

    `start`/`end` are character offsets into the article text of the figure as written (qualifier,
    number and unit: "more than 5,000", "21km"). `low`/`high` is the interval the words allow, None
    for an open end ("more than 5,000" is low=5000, high=None). `unit` is a name pint's registry in
    `store.units` parses ("kilometer", "hectare", "percent", "USD"), None for plain counts.
    `part_of` is the index, in the same extraction, of the figure this one is a subset of.
    """

    start: int
    end: int
    text: str
    value: float
    low: float | None
    high: float | None
    qualifier: Qualifier = Qualifier.EXACT
    unit: str | None = None
    counts: str | None = None
    counts_key: str | None = None
    action: str | None = None
    action_key: str | None = None
    said_by: str | None = None
    part_of: int | None = None
    sentence: str = ""
    sentence_start: int = 0
    change: Change | None = None
    period: str | None = None
    vague: bool = False
    concept: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span {self.start}..{self.end} for {self.text!r}")
        if not math.isfinite(self.value):
            raise ValueError(f"value must be finite, got {self.value!r}")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} > high {self.high} for {self.text!r}")

    def to_json(self, file: str | None = None) -> dict[str, Any]:
        """The DESIGN §6 object; `file` is the path as given, added first when known."""
        data = asdict(self)
        data["qualifier"] = str(self.qualifier)
        data["change"] = str(self.change) if self.change else None
        return {"file": file, **data} if file is not None else data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        names = {f for f in cls.__dataclass_fields__}
        kwargs = {k: v for k, v in data.items() if k in names}
        kwargs["qualifier"] = Qualifier(kwargs.get("qualifier", "exact"))
        kwargs["change"] = Change(kwargs["change"]) if kwargs.get("change") else None
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Source:
    """Where an article came from: the outlet that published it, not who it quotes."""

    article_id: int
    outlet: str | None  # None when nothing names it; readers see `label`
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    file: str | None = None

    @property
    def label(self) -> str:
        """The outlet, else a short title and the article's number (store.labels)."""
        return article_label(self.outlet, self.title, self.article_id)


@dataclass(frozen=True, slots=True)
class StoredFigure:
    """A figure as the store holds it: with its id, its article's source and its story."""

    id: int
    figure: Figure
    source: Source
    story_id: int | None = None
    group_id: int | None = None
    part_of_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
