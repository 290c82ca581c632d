"""Quantity groups and discrepancy flags: what discrepancy computes and the store keeps."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class FlagKind(StrEnum):
    """Why figures were flagged. The values are part of the `claimbot flags --json` contract."""

    CONFLICT = "conflict"  # sources disagree
    INTERNAL_ERROR = "internal_error"  # an article contradicts itself
    UPDATE = "update"  # a running total grew between dated reports


class FlagStatus(StrEnum):
    """Where an editor's review of a flag stands."""

    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class Severity(StrEnum):
    """How far apart the figures are, from the relative gap between their intervals."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True, slots=True)
class GroupDraft:
    """Figures of one story that report the same quantity (same counts key, action, dimension)."""

    key: str
    label: str
    figure_ids: tuple[int, ...]
    dimension: str | None = None


@dataclass(frozen=True, slots=True)
class FlagDraft:
    """A discrepancy found among stored figures, before the store gives it an id."""

    kind: FlagKind
    why: str
    figure_ids: tuple[int, ...]
    severity: Severity = Severity.MEDIUM
    group_key: str | None = None
    origins: tuple[int, ...] = ()  # independent origins on each side, in figure_ids' sides order
    latest_figure_id: int | None = None  # for updates: the newest figure
    latest_at: datetime | None = None
    confidence: str = "high"  # store.confidence.Confidence: "low" is shown as worth a look

    def fingerprint(self, figure_keys: dict[int, str]) -> str:
        """A stable identity across re-ingests: the kind and the figures' stable keys.

        Figure ids change when a story is recomputed; `figure_keys` maps them to keys built from
        the article's content hash and the figure's offsets, so a reviewed flag keeps its review.
        """
        keys = sorted(figure_keys[i] for i in self.figure_ids)
        return hashlib.sha256("|".join([str(self.kind), *keys]).encode()).hexdigest()[:32]
