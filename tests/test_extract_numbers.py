"""Numbers as written -> values. Rows come from the seed articles and wire copy; add new bugs first."""

from __future__ import annotations

import pytest

from store.extract import extract

NUMBERS = [
    ("2,124 civilians were evacuated", 2124.0),
    ("a fee of 2.5 million dollars", 2500000.0),
    ("the deal was worth $5m", 5000000.0),
    ("revenue of 1.2bn euros", 1200000000.0),
    ("Twenty passenger busses left", 20.0),
    ("twenty-five schools closed", 25.0),
    ("a dozen ambulances arrived", 12.0),
    ("two-thirds of the city", 2 / 3),
    ("turnout was 37%", 37.0),
    ("93 per cent of voters", 93.0),
    ("temperatures of minus 5 degrees", -5.0),
    ("no one was injured", 0.0),
    ("two hundred and fifty thousand people", 250000.0),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS, ids=[row[0] for row in NUMBERS])
def test_number_words_and_digits_give_their_value(text: str, value: float) -> None:
    assert [round(f.value, 6) for f in extract(text)] == [round(value, 6)]


NOT_FIGURES = [
    "It happened on December 13, 2016 in the city",
    "The column left at about 12:30 GMT",
    "ICRC Syria @ICRC_sy 5h5 hours ago",
    "Read more at https://t.co/Z9q9wQSjQQ now",
    "the militants have been there since 2011",
    "the sixth test on the 32nd floor",
    "We have only one goal here",
    "Call 555-123-4567 for details",
    "the A42 and the G20 summit",
    "Thousands of people are being moved",
]


@pytest.mark.parametrize("text", NOT_FIGURES, ids=NOT_FIGURES)
def test_dates_times_links_names_and_vague_words_are_not_figures(text: str) -> None:
    assert extract(text) == []


def test_vague_words_come_back_marked_when_asked_for() -> None:
    [figure] = extract("Thousands of people are being moved", vague=True)
    assert (figure.vague, figure.low, figure.high) == (True, 1000.0, 10000.0)


def test_glued_units_and_money_parse() -> None:
    figures = extract("a 21km corridor and $121 billion in aid")
    assert [(f.text, f.value, f.unit) for f in figures] == [
        ("21km", 21.0, "kilometer"),
        ("$121 billion", 121000000000.0, "USD"),
    ]
