"""Qualifiers, intervals, ranges and changes. Rows are phrases from news copy."""

from __future__ import annotations

import pytest

from store.extract import extract
from store.extract.rules import QUALIFIERS

QUALIFIED = [
    ("more than 5,000 militants left", 5000.0, "more_than", 5000.0, None),
    ("as many as 200 wounded civilians", 200.0, "up_to", None, 200.0),
    ("about 8,000 civilians", 8000.0, "approx", 7200.0, 8800.0),
    ("at least 17 green buses", 17.0, "at_least", 17.0, None),
    ("fewer than 30 soldiers", 30.0, "less_than", None, 30.0),
    ("it will take 2-3 days", 2.0, "range", 2.0, 3.0),
    ("between 10 and 20 trucks", 10.0, "range", 10.0, 20.0),
    ("three to four thousand people", 3000.0, "range", 3000.0, 4000.0),
    ("upwards of 300 families", 300.0, "more_than", 300.0, None),
]


@pytest.mark.parametrize(("text", "value", "qualifier", "low", "high"), QUALIFIED, ids=[r[0] for r in QUALIFIED])
def test_qualifier_comes_from_the_words_around_the_number(
    text: str, value: float, qualifier: str, low: float | None, high: float | None
) -> None:
    [figure] = extract(text)
    assert (figure.value, str(figure.qualifier), figure.low, figure.high) == (value, qualifier, low, high)


CHANGES = [("Shares rose 3% on Monday", "up"), ("Exports fell by 200 tonnes", "down"), ("Prices rose to 5%", None)]


@pytest.mark.parametrize(("text", "change"), CHANGES, ids=[r[0] for r in CHANGES])
def test_change_direction_only_when_the_figure_is_the_change(text: str, change: str | None) -> None:
    [figure] = extract(text)
    assert (str(figure.change) if figure.change else None) == change


def test_no_qualifier_word_belongs_to_two_qualifiers() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for name in ("approx", "more_than", "at_least", "up_to", "less_than"):
        for phrase in QUALIFIERS[name]:
            if phrase in seen and seen[phrase] != name:
                clashes.append((phrase, seen[phrase], name))
            seen[phrase] = name
    assert clashes == []
