"""`claimbot extract`: the figures ingest would store from a file, storing nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from store.extract import extract
from store.figure import Figure
from store.ingest import read_file


def stored_figures(text: str) -> list[Figure]:
    """The figures of TEXT that ingest keeps (vague ones are dropped), part_of renumbered to match."""
    figures = extract(text)
    kept = [i for i, f in enumerate(figures) if not f.vague]
    position = {old: new for new, old in enumerate(kept)}
    return [replace(figures[i], part_of=position.get(figures[i].part_of) if figures[i].part_of is not None else None)
            for i in kept]


def preview(path: Path) -> list[Figure]:
    """What `claimbot ingest PATH` would store: the file read as ingest reads it (HTML to text, sidecar)."""
    return stored_figures(read_file(path).text)
