"""Counts, actions, attribution, part_of and periods on short news sentences."""

from __future__ import annotations

from store.extract import extract


def test_counts_and_action_of_a_subject_figure() -> None:
    [figure] = extract("Some 291 militants laid down their weapons on Sunday.")
    assert (figure.counts, figure.counts_key, figure.action_key) == ("militants", "militant", "lay down")


def test_counts_after_of_and_left_verb() -> None:
    [figure] = extract("The army now controls 93 percent of Aleppo.")
    assert (figure.unit, figure.counts, figure.action_key) == ("percent", "Aleppo", "control")


def test_nominalisation_in_a_headline_gives_the_action() -> None:
    [figure] = extract("Evacuation of 5,000 militants with families begins")
    assert (figure.action, figure.action_key) == ("Evacuation", "evacuate")


def test_including_makes_a_part_and_shares_the_verb() -> None:
    figures = extract("Up to 100,000 people, including 40,000 children, have been evacuated.")
    assert [(f.value, f.part_of, f.action_key) for f in figures] == [
        (100000.0, None, "evacuate"),
        (40000.0, 0, "evacuate"),
    ]


def test_attribution_after_a_quote_and_he_added() -> None:
    text = (
        "Chief of Staff Valery Gerasimov told reporters on Thursday that the corridor was open.\n"
        "Twenty buses and 10 ambulances have been provided, he added."
    )
    figures = extract(text)
    assert [(f.value, f.said_by) for f in figures] == [
        (20.0, "Chief of Staff Valery Gerasimov"),
        (10.0, "Chief of Staff Valery Gerasimov"),
    ]


def test_according_to_and_period() -> None:
    [figure] = extract("Over the past night, 2,124 civilians were evacuated, according to the ministry.")
    assert (figure.said_by, figure.period) == ("the ministry", "Over the past night")
