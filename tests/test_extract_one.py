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
