"""Numbers that state no amount (issue 12 §5): when something happened, names, clocks, scales."""

from __future__ import annotations

import pytest

from store.extract import extract


def _texts(sentence: str) -> list[str]:
    return [f.text for f in extract(f"Title\n\n{sentence}")]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("The bakery opened 12 years ago on this street.", []),
        ("She moved to the coast nearly three decades ago.", []),
        ("The bridge will reopen two weeks from now.", []),
        ("The ferry reaches the island at T+plus 4 minutes, 10 seconds.", []),
        ("Stage separation comes at T+9 minutes and the engine cuts at T-minus 30 seconds.", []),
        ("The tanker Orion No. 7 was seized with its cargo.", []),
        ("It was registered as barge no. 12 in the port.", []),
        ("The barges docked at Piers 3 and 4 overnight.", []),
        ("The nebula Sh 2-106 glows in the picture.", []),
        ("The crane can lift a 747 off the ground.", []),
        ("On a scale of one to 10, the storm was a 9 for the coast.", ["9"]),
        ("The plant should close in the second half of next year.", []),
    ],
)
def test_not_an_amount(sentence: str, kept: list[str]) -> None:
    assert _texts(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("The firm has traded for four decades in the city.", "four decades", 40, "year"),
        ("The airline grounded 737 planes last week.", "737", 737, None),
        ("The city's 14 main bridges were closed.", "14", 14, None),
        ("Harbour Fire Destroyed 23 Fishing Boats", "23", 23, None),
        ("The storm ended three years of drought.", "three years", 3, "year"),
    ],
)
def test_still_an_amount(sentence: str, text: str, value: float, unit: str | None) -> None:
    found = [(f.text, f.value, f.unit) for f in extract(f"Title\n\n{sentence}")]
    assert (text, value, unit) in found
