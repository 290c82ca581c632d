"""When "one" (and its zero) is a count (issue 12 §6) and when it is not (§5), on made-up sentences."""

from __future__ import annotations

import pytest

from store.extract import extract


def _figures(sentence: str) -> list[tuple[str, float]]:
    return [(f.text, f.value) for f in extract(f"Title\n\n{sentence}")]


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("A lorry hit the bus shelter, injuring one person.", "one"),
        ("The council says one depot worker is being treated for burns.", "one"),
        ("Rescuers pulled one injured rail worker from the carriage.", "one"),
        ("The champion leads by 8 points with one race remaining.", "one"),
        ("She leads the table by 8 points with one to go.", "one"),
    ],
)
def test_one_that_counts(sentence: str, text: str) -> None:
    assert (text, 1.0) in _figures(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The harbour is one of the busiest in the region.",
        "It was one of the toughest seasons the club has had.",
        "Ms Vale, one of its founders, left in spring.",
        "He gave the keys to one of his neighbours.",
        "The mayor has only one aim for the summer.",
        "The talks ended with one truce broken.",
    ],
)
def test_one_that_does_not_count(sentence: str) -> None:
    assert all(value != 1.0 for _, value in _figures(sentence))


def test_one_of_a_number_is_still_read() -> None:
    assert _figures("The bridge is one of four crossings on the river.") != []


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("There were no customers in the shop when the roof fell.", "customers"),
        ("The coach said there were no errors, no fouls, no injuries.", "errors"),
        ("Officials expect no other Dutch riders in the final.", "Dutch riders"),
        ("No known climber has ever crossed it in winter.", "known climber"),
    ],
)
def test_no_before_a_plural_or_a_person_is_a_count_of_zero(sentence: str, counts: str) -> None:
    found = [(f.value, f.counts) for f in extract(f"Title\n\n{sentence}")]
    assert (0.0, counts) in found


@pytest.mark.parametrize(
    "sentence",
    [
        "The council has no plans to close the library.",
        "Inspectors found no safety breach at the plant.",
        "Nobody can say when the bridge will reopen.",
        "The result should surprise no one, the coach said.",
        "None of the ministers could explain the delay.",
        "There was no official response to the report.",
    ],
)
def test_zero_words_that_count_nothing(sentence: str) -> None:
    assert extract(f"Title\n\n{sentence}") == []


@pytest.mark.parametrize(
    "sentence", ["Nobody was hurt in the blaze.", "No one was injured, police said.", "None were killed in the crash."]
)
def test_nobody_hurt_is_a_count_of_zero(sentence: str) -> None:
    assert [f.value for f in extract(f"Title\n\n{sentence}")] == [0.0]


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("The shop stayed shut for a year after the fire.", 1, "year"),
        ("The firm waited at least a month to tell its clients.", 1, "month"),
        ("The leak lasted a single week, inspectors said.", 1, "week"),
        ("The gates open for a two-and-a-half hour slot.", 2.5, "hour"),
        ("The talks took three and a half days.", 3.5, "day"),
        ("Exports may not exceed a half million tonnes.", 500000, None),
        ("She has a couple of paying tenants.", 2, None),
        ("Profit for the last two quarters fell.", 2, None),
    ],
)
def test_durations_and_values_written_in_words(sentence: str, value: float, unit: str | None) -> None:
    figure = extract(f"Title\n\n{sentence}")[0]
    assert figure.value == value
    if unit is not None:
        assert figure.unit == unit


def test_a_year_that_dates_or_prices_is_no_duration() -> None:
    assert extract("Title\n\nA year ago the shop was shut.") == []
    assert extract("Title\n\nThe club lost for a second time this week.") == []
    assert extract("Title\n\nThe paper printed its story after a year-long inquiry.") == []
    assert [f.unit for f in extract("Title\n\nThe flat costs $900 a year.")] == ["USD / year"]


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("There is a 1 in 5,000 chance the dam fails.", "1 in 5,000", 0.0002),
        ("One in four pupils walks to school.", "One in four", 0.25),
    ],
)
def test_odds_are_one_figure(sentence: str, text: str, value: float) -> None:
    figures = extract(f"Title\n\n{sentence}")
    assert [(f.text, f.value) for f in figures] == [(text, value)]


def test_a_count_in_a_time_is_two_figures() -> None:
    assert [f.value for f in extract("Title\n\nShe scored 2 in 10 minutes.")] == [2, 10]
