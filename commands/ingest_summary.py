"""The one line that ends every ingest: what was stored, already stored, superseded, refused and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from store.records import IngestResult

MAX_REASONS = 5  # a folder of 500 broken files must not print a 500-reason line


@dataclass
class IngestSummary:
    """What an ingest of many articles did, counted as the results come."""

    stored: int = 0
    duplicates: int = 0
    superseded: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    stories: Counter[str] = field(default_factory=Counter)

    def record(self, result: IngestResult) -> None:
        if result.duplicate:
            self.duplicates += 1
            return
        self.stored += 1
        self.superseded += result.supersedes is not None
        self.stories[result.story_name or "no story"] += 1

    def refuse(self, name: str, reason: str) -> None:
        self.refused.append((name, reason))

    @property
    def total(self) -> int:
        return self.stored + self.duplicates + len(self.refused)

    def line(self) -> str:
        """'3 stored (1 superseding an older version), 1 already stored, 1 refused (a.txt: ...); stories: ...'"""
        stored = f"{self.stored} stored"
        if self.superseded:
            stored += f" ({self.superseded} replacing an older version)"
        parts = [stored, f"{self.duplicates} already stored"]
        refused = f"{len(self.refused)} refused"
        if self.refused:
            reasons = "; ".join(f"{name}: {reason.rstrip('.')}" for name, reason in self.refused[:MAX_REASONS])
            more = len(self.refused) - MAX_REASONS
            refused += f" ({reasons}{f'; and {more} more' if more > 0 else ''})"
        parts.append(refused)
        line = ", ".join(parts)
        if self.stories:
            line += "; per story: " + ", ".join(f"“{name}” {count}" for name, count in self.stories.most_common())
        return line + "."
