"""The extraction rule files of store/rules, loaded once at import."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

RULES = Path(__file__).resolve().parent.parent / "rules"


def load(name: str) -> dict[str, Any]:
    """The parsed TOML file NAME in store/rules."""
    with open(RULES / name, "rb") as handle:
        return tomllib.load(handle)


NUMBERS = load("numbers.toml")
QUALIFIERS = load("qualifiers.toml")
UNIT_PHRASES = load("unit_phrases.toml")
TOLERANCES = load("tolerances.toml")
ATTRIBUTION = load("attribution.toml")
COUNTS = load("counts.toml")


def phrases(words: list[str]) -> dict[tuple[str, ...], str]:
    """Split each phrase into a word tuple, mapping it back to the phrase."""
    return {tuple(w.split()): w for w in words}
