"""StoredFigures built straight from the expected figures of the seeds, for discrepancy tests.

tests/data/seeds_expected.yaml (made from the hand-made gold by tests/data/regenerate.py) gives
each figure's quote, value, qualifier, unit, counts, action, attribution and part_of; this module
finds the number as written inside the quote, its sentence in the seed article, and keys the
counts and action with store.terms.key_of, as extraction does.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from store.figure import Figure, Qualifier, Source, StoredFigure
from store.terms import key_of

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EXPECTED = ROOT / "tests" / "data" / "seeds_expected.yaml"

# the pint names extraction gives (store/rules/unit_phrases.toml)
UNITS = {"km": "kilometer", "km2": "kilometer ** 2", "ha": "hectare", "m2": "meter ** 2",
         "sq_ft": "foot ** 2", "sq_mi": "mile ** 2", "percent": "percent"}
# made-up outlet names, one per seed file, so flags can name them
OUTLETS = {"000": "RT", "001": "Inquisitr", "002": "Sputnik", "003": "Press TV", "004": "Euronews"}
# publication dates for the dated variant: three reports on Thursday 15 December 2016, Press TV
# on Friday, Sputnik on Sunday (002 quotes Konashenkov "on Sunday")
DATES = {"000": datetime(2016, 12, 15), "001": datetime(2016, 12, 15), "004": datetime(2016, 12, 15),
         "003": datetime(2016, 12, 16), "002": datetime(2016, 12, 18)}

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "twenty": 20}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\b(?:" + "|".join(_WORDS) + r")\b", re.I)
_HEDGE = re.compile(r"(?:more than|over|around|about|some|at least|as many as|up to|nearly)\s+$", re.I)
_UNIT = re.compile(r"^\s*(?:km\b|square \w+|hectares|kilometers|percent)", re.I)


@cache
def gold() -> dict[str, Any]:
    """The parsed expectations of the seeds. Cached: never modify."""
    return yaml.safe_load(EXPECTED.read_text("utf-8"))


@cache
def seed_text(name: str) -> str:
    return (SEEDS / name).read_text("utf-8")


def _parse(token: str) -> float:
    return float(_WORDS[token.lower()]) if token.lower() in _WORDS else float(token.replace(",", ""))


def _span(quote: str, value: float) -> tuple[int, int]:
    """Where the figure as written ("more than 5,000", "21km") sits inside QUOTE."""
    for match in _NUMBER.finditer(quote):
        if _parse(match.group()) == value:
            start, end = match.span()
            hedge = _HEDGE.search(quote[:start])
            start = hedge.start() if hedge else start
            unit = _UNIT.match(quote[end:])
            end = end + unit.end() if unit else end
            return start, end
    raise ValueError(f"{value} not in {quote!r}")


def _sentence(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence around START..END: from the last stop or line break before it to the next."""
    left = max(text.rfind(stop, 0, start) for stop in (". ", "\n", "? ", "! ", "” "))
    left = 0 if left < 0 else left + 1
    while left < start and text[left].isspace():
        left += 1
    ends = [i for i in (text.find(stop, end) for stop in (". ", "\n")) if i >= 0]
    right = min(ends) + 1 if ends else len(text)
    return text[left:right], left


def _interval(value: float, qualifier: str) -> tuple[float | None, float | None]:
    if qualifier in ("more_than", "at_least"):
        return value, None
    if qualifier == "up_to":
        return None, value
    return value, value


def stored_figures(*, dated: bool = False) -> tuple[list[StoredFigure], dict[str, int]]:
    """Every gold figure as a StoredFigure, and the map from gold id to figure id."""
    rows = gold()["figures"]
    ids = {row["id"]: i + 1 for i, row in enumerate(rows)}
    out = []
    for row in rows:
        name, quote = row["file"], row["quote"]
        text = seed_text(name)
        at = text.find(quote)
        assert at >= 0, quote
        lo, hi = _span(quote, float(row["value"]))
        start, end = at + lo, at + hi
        sentence, sentence_start = _sentence(text, start, end)
        low, high = _interval(float(row["value"]), row["qualifier"])
        figure = Figure(
            start=start, end=end, text=text[start:end], value=float(row["value"]), low=low, high=high,
            qualifier=Qualifier(row["qualifier"]), unit=UNITS.get(row["unit"] or ""),
            counts=row["counts"], counts_key=key_of(row["counts"]), action=row["action"],
            action_key=key_of(row["action"]) if row["action"] else None, said_by=row["said_by"],
            sentence=sentence, sentence_start=sentence_start,
        )
        prefix = name[:3]
        source = Source(article_id=int(prefix) + 1, outlet=OUTLETS[prefix], file=name,
                        published=DATES[prefix] if dated else None)
        out.append(StoredFigure(id=ids[row["id"]], figure=figure, source=source, story_id=1,
                                part_of_id=ids.get(row.get("part_of") or "")))
    return out, ids
