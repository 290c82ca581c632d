"""Action, attribution and exclusion rules from the seed-gold review (issue 3), as tables.

Every sentence here is made up for the test; none comes from NewsQuant or the seed articles.
"""

from __future__ import annotations

import logging

import pytest

from store.extract import extract
from store.extract.attribution import own_attribution
from store.terms import terms

# (id, text, figure text, action text, action key)
ACTIONS = [
    # A figure no verb governs takes the action its sentence names as a noun.
    (
        "noun-1",
        "The evacuation of the old town goes on - a line of some 900 people, he said.",
        "some 900",
        "evacuation",
        "evacuate",
    ),
    ("noun-2", "A vast operation of evacuation is under way: a convoy of 60 trucks.", "60", "evacuation", "evacuate"),
    ("noun-verb-2", "After the evacuation, a queue of 45 cars waited at the border.", "45", "waited", "wait"),
    # A verb still wins over a noun elsewhere in the sentence.
    ("noun-verb", "During the evacuation, 30 medics treated the sick.", "30", "treated", "treat"),
    # Phrasal verbs of the evacuate set share its key.
    ("phrasal-1", "The agency said 700 villagers were being brought out.", "700", "brought out", "evacuate"),
    ("phrasal-2", "Some 120 patients were ferried out overnight.", "Some 120", "ferried out", "evacuate"),
    ("phrasal-3", "Crews carried out 14 inspections.", "14", "carried", "carry"),
    # An aspectual verb ("had started") leaves the action to the verb that takes the figure.
    ("aspect-1", "The mission to free 40 hostages has begun.", "40", "free", "free"),
    (
        "aspect-2",
        "Officials said the drive to get around 300 families housed had started.",
        "around 300",
        "housed",
        "house",
    ),
    ("aspect-get", "They began a push to get around 300 families to safety.", "around 300", "get", "get"),
    ("aspect-3", "Work on 12 bridges has started.", "12", "started", "start"),
]


@pytest.mark.parametrize(("text", "quote", "action", "key"), [row[1:] for row in ACTIONS], ids=[r[0] for r in ACTIONS])
def test_actions(text: str, quote: str, action: str, key: str) -> None:
    found = {f.text: (f.action, f.action_key) for f in extract(text)}
    assert found[quote] == (action, key)


def test_phrasal_verbs_index_as_their_canonical_term() -> None:
    assert terms("were being brought out") == ["evacuate"]
    assert terms("bused out") == ["evacuate"]
    assert terms("carried out") == ["carry"]  # "carry out" means perform as often as it means evacuate
    assert terms("family members") == ["family", "member"]  # only a particle makes a phrase


# (id, sentence, attribution): a bracket is never left open at the end of a speaker
SPEAKERS = [
    (
        "closed",
        "The office of the Harbour Safety Board in Dover (HSB) reported that 20 boats sank.",
        "The office of the Harbour Safety Board in Dover (HSB)",
    ),
    ("unclosed", "The aid group (MSF said 20 people left.", "The aid group"),
    ("stray-close", "The agency) said 5 left.", "The agency"),
    ("plain", "According to the ministry (MoD), 4 died.", "the ministry"),
]


@pytest.mark.parametrize(("text", "speaker"), [row[1:] for row in SPEAKERS], ids=[r[0] for r in SPEAKERS])
def test_attribution_brackets(text: str, speaker: str) -> None:
    found = own_attribution(text)
    assert found == speaker
    assert found.count("(") == found.count(")")


# Discord syntax pasted with an article is never a figure.
MENTIONS = [
    ("role", "About 300 <@&456> ambulances left.", ["About 300"]),
    ("user", "<@123> said 12 buses came.", ["12"]),
    ("nick", "<@!99887766> counted 7 trucks.", ["7"]),
    ("channel", "See <#789> for the 40 photos.", ["40"]),
    ("emoji", "<:flag:991> 5 flags flew.", ["5"]),
    ("timestamp", "At <t:1700000000:R> 8 boats docked.", ["8"]),
]


@pytest.mark.parametrize(("text", "figures"), [row[1:] for row in MENTIONS], ids=[r[0] for r in MENTIONS])
def test_discord_mentions_are_not_figures(text: str, figures: list[str]) -> None:
    assert [f.text for f in extract(text)] == figures


def test_unit_definitions_do_not_warn(caplog: pytest.LogCaptureFixture) -> None:
    import pint

    from store.units import RULES

    with caplog.at_level(logging.WARNING):
        registry = pint.UnitRegistry()
        registry.load_definitions(str(RULES / "units.txt"))
    assert not [r for r in caplog.records if "Redefining" in r.getMessage()]
    assert registry.Unit("percentage_point") and registry.Unit("basis_point")
