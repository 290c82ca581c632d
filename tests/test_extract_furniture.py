"""Page furniture a crawler keeps with the article is not figures (issue 12 §5), on made-up pages."""

from __future__ import annotations

import pytest

from store.extract import extract


def _values(text: str) -> list[float]:
    return [f.value for f in extract(text)]


@pytest.mark.parametrize(
    "line",
    [
        "MOST READ IN NEWS ZOO PANIC Keepers chase 3 escaped llamas TAX SHOCK Pensioner billed £9k for a shed",
        "Most popular: 12 dogs adopted in one day",
        "READ MORE: 3 bears escape from zoo",
        "Related stories: 40 homes flooded in the valley",
        "Harbour pictures Play slideshow Reuters 1 of 24 A crane lifts 30 containers at dawn",
        "7/30 Comet flyby The probe passed 80 kilometres above the comet's surface",
        "+ show all 25 pictures of the harbour",
        "Got a story? Email us at news@example.org or call 0161 496 0734 today.",
    ],
)
def test_a_furniture_line_gives_no_figure(line: str) -> None:
    text = f"Harbour crane falls\n\nA crane fell on 4 cars at the harbour, police said.\n{line}\nThe port reopened."
    assert _values(text) == [4]


def test_a_gallery_index_must_lie_inside_its_gallery() -> None:
    # "24/7" opens a line but is no caption number: the line is text like any other
    text = "Shops\n\n24/7 shops sold 300 umbrellas on Monday."
    assert 300 in _values(text)


def test_the_article_around_the_furniture_keeps_its_figures() -> None:
    text = ("Storm\n\nThe storm cut power to 12,000 homes.\nREAD MORE: Storm closes 8 schools\n"
            "Engineers restored 9,000 of them by night.")
    assert _values(text) == [12000, 9000]
