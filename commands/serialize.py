"""The JSON forms of figures and flags (DESIGN §6 contracts), shared by the CLI and `claimbot eval`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from store.figure import StoredFigure
from store.records import FlagInfo, ReviewInfo


def figures_json(figures: Sequence[StoredFigure]) -> list[dict[str, Any]]:
    """Figure objects with `file` as stored at ingest; `part_of` indexes this same list."""
    position = {f.id: i for i, f in enumerate(figures)}
    out = []
    for stored in figures:
        data = stored.figure.to_json(file=stored.source.file or stored.source.label)
        data["part_of"] = position.get(stored.part_of_id) if stored.part_of_id is not None else None
        data.update(id=stored.id, outlet=stored.source.outlet, label=stored.source.label,
                    article_id=stored.source.article_id, group_id=stored.group_id, story_id=stored.story_id,
                    published=stored.source.published.isoformat() if stored.source.published else None)
        out.append(data)
    return out


def review_json(step: ReviewInfo) -> dict[str, Any]:
    return {"status": step.status, "note": step.note, "by": step.by_name, "by_id": step.by_id,
            "at": step.at.isoformat()}


def flag_json(flag: FlagInfo, figures: Sequence[StoredFigure], reviews: Sequence[ReviewInfo] = ()) -> dict[str, Any]:
    by_id = {f.id: f for f in figures}
    claims = [by_id[i] for i in flag.figure_ids if i in by_id]
    return {
        "id": flag.id, "kind": flag.kind, "status": flag.status, "severity": flag.severity,
        "confidence": flag.confidence, "why": flag.why,
        "claims": figures_json(claims), "group_id": flag.group_id, "story_id": flag.story_id,
        "reviewed_by": flag.reviewed_by, "review_note": flag.review_note,
        "reviewed_at": flag.reviewed_at.isoformat() if flag.reviewed_at else None,
        "reviews": [review_json(step) for step in reviews], "reopens": flag.reopens_id,
        "latest_figure_id": flag.latest_figure_id,
        "latest_at": flag.latest_at.isoformat() if flag.latest_at else None,
    }
