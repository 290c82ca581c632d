"""Attribution names a source, never a clause, a dateline or a place (issue 12 §4), on made-up text."""

from __future__ import annotations

import pytest

from store.extract import extract
from store.extract.attribution import own_attribution


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("OSLO - The Norwegian ministry on Monday said 300 homes were empty.", "The Norwegian ministry"),
        ("LIMA (AFP) - The port authority said 40 boats sank.", "The port authority"),
        ("The storm hit 200 homes, says Hull, England, Councillor Ann Reeve.", "Councillor Ann Reeve"),
        ("As the river rose, it covered the road, she says.", "she"),
        ("Engineers fitted a spare pump, and Ms. Ortega said 3 pumps had failed.", "Ms. Ortega"),
        ("The agency estimates 300 people left.", "The agency"),
    ],
)
def test_the_source_as_an_editor_would_name_it(sentence: str, speaker: str) -> None:
    assert own_attribution(sentence) == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        "The 1998 Water Act, amended by Governor Hale, says utilities may charge $40.",
        "The quota is 2 million tonnes per year to the northern ports.",
        "The theft happened in May, but it was reported only after 20 bikes were found.",
        "Rain forecasts call for a 70 percent chance of showers.",
        "The ruling led a court to throw out 12 claims against the insurer.",
    ],
)
def test_no_source_in_a_modifier_a_passive_or_a_plural_noun(sentence: str) -> None:
    assert own_attribution(sentence) is None


def test_a_new_paragraph_is_the_outlet_speaking_again() -> None:
    text = ("Ferry sinks\n\nThe coastguard said 30 people were rescued from the ferry.\n\n"
            "So far, divers have found 4 cars.\n\nThe ferry, built in 1990, carried 200 cars.")
    said = {f.text: f.said_by for f in extract(text)}
    assert said["30"] == "The coastguard"
    assert said["4"] == "The coastguard"  # "So far" goes on with the coastguard's account
    assert said["200"] is None  # the reporter's own background


def test_an_honorific_resolves_to_the_name_the_article_gave() -> None:
    text = ("Dam plan\n\nEngineer Lena Ortiz designed the dam.\n\n"
            "Mr. Brandt, her partner, agreed. Ms. Ortiz said 12 turbines would be fitted.")
    said = {f.text: f.said_by for f in extract(text)}
    assert said["12"] == "Engineer Lena Ortiz"


def test_he_added_is_the_last_named_person() -> None:
    text = ("Port\n\nHarbour master Tom Reyes said 9 ships were waiting. "
            "The port was shut, the council said. About 40 crew stayed aboard, he added.")
    said = {f.text: f.said_by for f in extract(text)}
    assert said["About 40"] == "Harbour master Tom Reyes"
