"""Editors' corrections of figures: what a correction changes, pure, no DB.

A correction is kept by the figure's stable key (its article's content hash and offsets), so it
outlives a recompute and a re-ingest of the same text, and it is applied wherever the store reads
figures: groups, flags, lookups and exports see the corrected value like any other figure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from store.figure import Figure, Qualifier, StoredFigure
from store.terms import key_of


class CorrectionAction(StrEnum):
    FIX = "fix"
    UNFIX = "unfix"


@dataclass(frozen=True, slots=True)
class CorrectionInfo:
    """One step of a figure's corrections: who (name, Discord id), when, what was set and why."""

    figure_id: int
    action: str
    value: float | None
    counts: str | None
    why: str | None
    by_name: str
    by_id: int | None
    at: datetime


def stable_key(stored: StoredFigure) -> str:
    """What identifies a figure across recomputes and re-ingests: its article's text and its place in it."""
    return f"{stored.extra.get('hash', stored.source.article_id)}:{stored.figure.start}:{stored.figure.end}"


def current(steps: list[CorrectionInfo]) -> CorrectionInfo | None:
    """The correction in force after these steps (oldest first): the last fix, unless undone since."""
    last = steps[-1] if steps else None
    return last if last is not None and last.action == CorrectionAction.FIX else None


def as_written(value: float) -> str:
    """4500.0 -> "4,500"; 2.5 -> "2.5"."""
    return f"{value:,.0f}" if value.is_integer() else f"{value:,g}"


def corrected(stored: StoredFigure, correction: CorrectionInfo | None) -> StoredFigure:
    """STORED as the editor corrected it; as extracted when CORRECTION is None.

    The figure as extracted stays in `extra["original"]`, so a figure read once can be corrected
    again or restored without reading it anew. A corrected value is exact: the editor checked it.
    """
    original: StoredFigure = stored.extra.get("original", stored)
    if correction is None:
        return original
    figure: Figure = original.figure
    if correction.value is not None:
        figure = replace(figure, value=correction.value, low=correction.value, high=correction.value,
                         qualifier=Qualifier.EXACT, text=as_written(correction.value))
    if correction.counts:
        figure = replace(figure, counts=correction.counts, counts_key=key_of(correction.counts))
    extra = {**original.extra, "original": original, "correction": correction}
    return replace(original, figure=figure, extra=extra)


def correction_note(stored: StoredFigure) -> str | None:
    """"corrected by Ana from “more than 5,000”: the agency's release" beside a corrected figure."""
    correction: CorrectionInfo | None = stored.extra.get("correction")
    if correction is None:
        return None
    original: StoredFigure = stored.extra.get("original", stored)
    was = original.figure.text.strip()
    if correction.counts and correction.counts != original.figure.counts:
        was += f" {original.figure.counts or ''}".rstrip()
    why = f": {correction.why}" if correction.why else ""
    return f"corrected by {correction.by_name} from “{was}”{why}"
