"""store.frames and the rules of store.discrepancy that read frames, on made-up sentences in the shape
of real ones: two stations' masses, a writer's list of different counts, "other" and "more"."""

from __future__ import annotations

from store.discrepancy import analyse
from store.figure import Qualifier
from store.frames import Frame, compatible, names_in, same, setting_of
from store.quantity import FlagKind
from tests.test_discrepancy import fig


def test_names_are_mid_sentence_capitals_less_the_source_with_runs_joined() -> None:
    sentence = "Engineers say the old station Orbi Lab weighed 40 tonnes, the agency Astrel said."
    assert names_in(sentence, "the agency Astrel") == {"orbi", "lab", "orbilab"}
    assert names_in("The 9-tonne Orbilab fell to Earth on Monday.") == {"orbilab"}  # Earth, days: setting
    assert names_in("Height: 50 Meters Boosters: 2 Cores: 3 Engines: 27") == frozenset()  # a fact box


def test_frames_that_name_different_things_are_not_compatible() -> None:
    orbilab, vexa, nothing = Frame(frozenset({"orbilab"})), Frame(frozenset({"vexa"})), Frame(frozenset())
    assert not compatible(orbilab, vexa)
    assert compatible(orbilab, nothing) and compatible(orbilab, Frame(frozenset({"orbilab", "nasa"})))
    assert same(orbilab, Frame(frozenset({"orbilab", "nasa"}))) and same(nothing, nothing)
    assert not same(orbilab, nothing)  # unknown is not agreement


def test_the_story_setting_is_the_names_most_of_its_articles_write() -> None:
    figures = [fig(i, i, f"Crews in Dravia counted {n} {'boats near Kesh' if i == 1 else 'boats'}.", str(n), n,
                   "boats") for i, n in ((1, 5), (2, 6), (3, 7), (4, 8))]
    assert setting_of(figures) == {"dravia"}
    assert setting_of(figures[:2]) == frozenset()  # two articles are too few to tell a setting


def test_masses_of_two_named_stations_are_not_compared() -> None:
    figures = [
        fig(1, 1, "Back in 1979 the 77-tonne Orbilab station fell into the ocean.", "77-tonne", 77, "weight",
            unit="tonne"),
        fig(2, 2, "The doomed Vexa-2 module weighs 8.5 tonnes, officials said.", "8.5 tonnes", 8.5, "weight",
            unit="tonne", said_by="officials"),
    ]
    assert analyse(figures).flags == ()


def test_one_station_named_two_ways_is_compared() -> None:
    figures = [
        fig(1, 1, "Back in 1979 the 77-tonne Orbilab station fell into the ocean.", "77-tonne", 77, "weight",
            unit="tonne"),
        fig(2, 2, "The old station Orbi Lab also fell, and it weighed 160,000 pounds at the time.",
            "160,000 pounds", 160000, "weight", unit="pound"),
    ]
    assert [f.kind for f in analyse(figures).flags] == [FlagKind.CONFLICT]


def test_an_article_listing_different_counts_on_one_word_is_held_against_no_one() -> None:
    figures = [
        fig(1, 1, "The leak names 900 shell firms set up by Banca Ostra, 1,400 by Veltro and 3,000 by Krell.",
            "900", 900, "shell firms", said_by="the paper"),
        fig(2, 1, "The leak names 900 shell firms set up by Banca Ostra, 1,400 by Veltro and 3,000 by Krell.",
            "1,400", 1400, "shell firms", said_by="the paper"),
        fig(3, 2, "Files describe some 200,000 shell firms.", "some 200,000", 200000, "shell firms",
            qualifier=Qualifier.APPROX),
    ]
    assert analyse(figures).flags == ()


def test_an_article_quoting_two_sources_who_disagree_still_reports_both() -> None:
    figures = [
        fig(1, 1, "Police said 12 trucks crossed, while the aid group counted 20 trucks.", "12", 12, "trucks",
            said_by="Police"),
        fig(2, 1, "Police said 12 trucks crossed, while the aid group counted 20 trucks.", "20", 20, "trucks",
            said_by="the aid group"),
        fig(3, 2, "Some 12 trucks crossed the border, police said.", "12", 12, "trucks", said_by="police"),
    ]
    assert [(f.kind, f.figure_ids) for f in analyse(figures).flags] == [(FlagKind.CONFLICT, (3, 2))]


def test_other_and_more_after_a_number_count_something_besides() -> None:
    figures = [
        fig(1, 1, "The files name 140 politicians.", "140", 140, "politicians"),
        fig(2, 2, "They list nine presidents and 128 other politicians.", "128", 128, "politicians"),
        fig(3, 3, "Another 2.5 million more people may be exposed.", "2.5 million", 2500000, "people"),
        fig(4, 4, "The breach exposed 140 million people.", "140 million", 140000000, "people"),
    ]
    assert analyse(figures).flags == ()


def test_a_lap_number_is_a_position_of_the_event_it_dates() -> None:
    from store.frames import Position, position_in

    assert position_in("Lap 14 Dario Venn has a big smash.", 4, 6) == Position("lap", "crash", None)
    sentence = "The opening six laps ran behind the pace car and Venn crashed on lap 12."
    assert position_in(sentence, sentence.index("12"), sentence.index("12") + 2) == Position("lap", "crash", None)
    assert position_in(sentence, sentence.index("six"), sentence.index("six") + 3) is None  # a count of laps
    sentence = "Officials halted the race with another red flag on lap 30."
    assert position_in(sentence, sentence.index("30"), sentence.index("30") + 2) == Position("lap", "stoppage", 2)


def _lap(i: int, article: int, sentence: str, text: str) -> object:
    return fig(i, article, sentence, text, float(text), "laps")


def test_laps_of_one_crash_that_differ_by_one_are_a_conflict_read_as_laps() -> None:
    figures = [
        _lap(1, 1, "Then Venn brought the pace car out on lap 12 when he smashed into the wall.", "12"),
        _lap(2, 2, "Lap 13 Dario Venn has a heavy crash and the pace car comes out.", "13"),
        _lap(3, 2, "Lap 40 Kai Orlo crashes at the hairpin.", "40"),
    ]
    flags = analyse(figures).flags
    assert [(f.kind, f.figure_ids) for f in flags] == [(FlagKind.CONFLICT, (1, 2))]
    assert flags[0].why.startswith("Reuters says lap 12, but BBC says lap 13:")


def test_the_second_stoppage_is_not_compared_with_the_first() -> None:
    figures = [
        _lap(1, 1, "The race was halted after 20 of 60 laps.", "20"),
        _lap(2, 2, "Lap 31 Drivers fume as officials stop the race with another red flag.", "31"),
        _lap(3, 3, "There was another long delay on lap 30 before racing resumed.", "30"),
    ]
    assert [(f.kind, f.figure_ids) for f in analyse(figures).flags] == [(FlagKind.CONFLICT, (3, 2))]
    assert "31 Drivers" not in analyse(figures).flags[0].why


def test_extract_json_shows_each_figure_frame(tmp_path, capsys) -> None:
    import json

    from bot.cli import main

    path = tmp_path / "race.txt"
    path.write_text("Race report\n\nThen Dario Venn crashed on lap 12 at the Orvi circuit.\n", "utf-8")
    assert main(["extract", "--json", str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    lap = next(r for r in rows if r["text"] == "12")
    assert lap["frame"]["position"] == {"noun": "lap", "event": "crash", "ordinal": None}
    assert {"dario", "venn", "dariovenn", "orvi"} <= set(lap["frame"]["names"])


def test_the_members_listed_after_a_count_are_not_its_frame() -> None:
    from store.frames import without_members

    dashed = "The board fined four firms — Acme, Brill and Corto — on Monday, Reuters said."
    assert without_members(dashed, dashed.index("four") + 4) == "The board fined four firms  on Monday, Reuters said."
    including = "It banned 10 boats (including the Sea Lark and the Vela 2) from its ports."
    assert without_members(including, including.index("10") + 2) == "It banned 10 boats  from its ports."
    # a dash that does not open a list right after the count leaves the sentence whole
    later = "Two boats met, officials said, naming the Vela 2 — and more."
    assert without_members(later, 3) == later
