"""Quantity groups and flags. First the seeds' gold groups (seeds-gold.yaml), then made-up stories of
other kinds, one rule per test; new cases from the wild go in a test named for what broke."""

from __future__ import annotations

from datetime import datetime

import pytest

try:  # tests/ as a package or as a plain folder on sys.path, whichever pytest uses
    from tests.gold_figures import gold, stored_figures
except ImportError:
    from gold_figures import gold, stored_figures  # type: ignore[no-redef]

from store.discrepancy import analyse
from store.figure import Figure, Qualifier, Source, StoredFigure
from store.origins import normalise
from store.quantity import FlagKind, Severity
from store.terms import key_of

KINDS = {"conflict": FlagKind.CONFLICT, "internal_error": FlagKind.INTERNAL_ERROR}


def _gold_groups(*verdicts: str) -> list[dict]:
    return [g for g in gold()["groups"] if g["verdict"] in verdicts]


@pytest.mark.parametrize("dated", [False, True], ids=["undated", "dated"])
@pytest.mark.parametrize("group", _gold_groups("conflict", "internal_error"), ids=lambda g: g["id"])
def test_every_gold_conflict_and_internal_error_is_flagged(group: dict, dated: bool) -> None:
    figures, ids = stored_figures(dated=dated)
    wanted = {ids[g] for g in group["figures"]}
    flags = [f for f in analyse(figures).flags if f.kind is KINDS[group["verdict"]]]
    assert [f for f in flags if wanted <= set(f.figure_ids)] != [], group["why"]


@pytest.mark.parametrize("group", _gold_groups("conflict", "internal_error"), ids=lambda g: g["id"])
def test_every_gold_conflict_and_internal_error_is_flagged_with_confidence(group: dict) -> None:
    figures, ids = stored_figures()
    wanted = {ids[g] for g in group["figures"]}
    flags = [f for f in analyse(figures).flags if f.kind is KINDS[group["verdict"]] and wanted <= set(f.figure_ids)]
    assert [str(f.confidence) for f in flags] == ["high"], group["why"]


@pytest.mark.parametrize("dated", [False, True], ids=["undated", "dated"])
@pytest.mark.parametrize("group", _gold_groups("consistent", "different_scope"), ids=lambda g: g["id"])
def test_no_flag_covers_a_consistent_or_different_scope_group(group: dict, dated: bool) -> None:
    figures, ids = stored_figures(dated=dated)
    members = {ids[g] for g in group["figures"]}
    assert [f.why for f in analyse(figures).flags if len(members & set(f.figure_ids)) >= 2] == []


def test_seed_flags_are_exactly_the_gold_ones_when_undated() -> None:
    figures, ids = stored_figures()
    name = {v: k for k, v in ids.items()}
    flags = {(f.kind, tuple(sorted(name[i] for i in f.figure_ids))) for f in analyse(figures).flags}
    assert flags == {
        (FlagKind.CONFLICT, ("s000-01", "s000-02", "s001-09", "s004-05")),
        (FlagKind.CONFLICT, ("s000-07", "s001-03", "s001-05", "s004-01", "s004-07")),
        (FlagKind.CONFLICT, ("s000-09", "s001-01", "s004-04")),
        (FlagKind.INTERNAL_ERROR, ("s002-09", "s002-10")),
        (FlagKind.INTERNAL_ERROR, ("s003-04", "s003-05")),
    }


def test_seed_g5_is_an_update_naming_the_sunday_figure_not_a_conflict() -> None:
    figures, ids = stored_figures(dated=True)
    flags = analyse(figures).flags
    g5 = {ids["s002-09"], ids["s003-04"]}
    assert [f.kind for f in flags if g5 <= set(f.figure_ids)] == [FlagKind.UPDATE]
    update = next(f for f in flags if g5 <= set(f.figure_ids))
    assert (update.latest_figure_id, update.latest_at) == (ids["s002-09"], datetime(2016, 12, 18))
    assert update.why == (
        "The count grew between reports: some 60,000 square meters cleared area (Russian Defense Ministry "
        "in Press TV, 16 December 2016); then 24 hectares demined area (Russian Center for Reconciliation "
        "in Sputnik, 18 December 2016), the latest figure of a running total rather than a contradiction.")


def test_every_seed_why_names_each_figure_as_written() -> None:
    figures, _ = stored_figures()
    by_id = {f.id: f for f in figures}
    for flag in analyse(figures).flags:
        assert [i for i in flag.figure_ids if by_id[i].figure.text.strip(" ()") not in flag.why] == [], flag.why


def test_seed_g1_why_reads_aloud_with_numbers_sources_and_reason() -> None:
    figures, ids = stored_figures()
    flag = next(f for f in analyse(figures).flags if ids["s001-09"] in f.figure_ids)
    assert flag.why == (
        "Syrian state television in Inquisitr says 4,000 rebels and their families, but Russian General Staff "
        "in RT says 5,000 militants with families and more than 5,000 militants and their families and Russia "
        "in Euronews says 5,000 rebels and family members: 20% apart, more than rounding or hedging allows "
        "(1 against 2 independent origins).")
    assert (flag.severity, flag.origins) == (Severity.MEDIUM, (1, 2))


def test_seed_g4_says_the_icrc_stands_on_both_sides() -> None:
    figures, ids = stored_figures()
    flag = next(f for f in analyse(figures).flags if ids["s000-09"] in f.figure_ids)
    assert flag.origins == (2, 1)
    assert flag.why.endswith("(2 against 1 independent origins; ICRC stands on both sides).")


def test_seed_g2_counts_the_icrc_tweet_quoted_twice_as_one_origin() -> None:
    figures, ids = stored_figures()
    flag = next(f for f in analyse(figures).flags if ids["s000-07"] in f.figure_ids)
    assert flag.origins == (2, 1)


def test_every_seed_figure_is_in_exactly_one_group() -> None:
    figures, _ = stored_figures()
    placed = [i for g in analyse(figures).groups for i in g.figure_ids]
    assert sorted(placed) == sorted(f.id for f in figures)


def test_seed_ambulances_provided_crossing_and_in_a_convoy_are_one_group() -> None:
    figures, ids = stored_figures()
    wanted = {ids[i] for i in ("s000-07", "s001-03", "s001-05", "s004-01", "s004-07")}
    assert [set(g.figure_ids) for g in analyse(figures).groups if wanted & set(g.figure_ids)] == [wanted]


# ---- made-up stories -------------------------------------------------------------------------------

OUTLETS = ["AP", "Reuters", "BBC", "AFP"]


def fig(i: int, article: int, sentence: str, text: str, value: float, counts: str, *,
        qualifier: Qualifier = Qualifier.EXACT, action: str | None = None, said_by: str | None = None,
        unit: str | None = None, published: datetime | None = None, part_of: int | None = None,
        period: str | None = None) -> StoredFigure:
    """A figure of a one-sentence article: TEXT is where it sits in SENTENCE."""
    start = sentence.index(text)
    figure = Figure(start=start, end=start + len(text), text=text, value=value, low=value, high=value,
                    qualifier=qualifier, unit=unit, counts=counts, counts_key=key_of(counts), action=action,
                    action_key=key_of(action) if action else None, said_by=said_by, sentence=sentence,
                    period=period)
    source = Source(article_id=article, outlet=OUTLETS[article % len(OUTLETS)], published=published)
    return StoredFigure(id=i, figure=figure, source=source, part_of_id=part_of)


def test_a_death_toll_rising_through_the_day_is_an_update_naming_the_latest() -> None:
    figures = [
        fig(1, 1, "At least 10 people were killed in the blast, the health ministry said.", "At least 10", 10,
            "people", qualifier=Qualifier.AT_LEAST, action="killed", said_by="the health ministry",
            published=datetime(2024, 3, 1, 9, 0)),
        fig(2, 2, "The death toll rose to 25, the Health Ministry said.", "25", 25, "people", action="killed",
            said_by="the Health Ministry", published=datetime(2024, 3, 1, 14, 0)),
        fig(3, 3, "The health ministry said 32 people had died.", "32", 32, "people", action="died",
            said_by="The health ministry", published=datetime(2024, 3, 1, 21, 30)),
    ]
    flags = analyse(figures).flags
    assert [(f.kind, f.figure_ids, f.latest_figure_id, f.latest_at) for f in flags] == [
        (FlagKind.UPDATE, (1, 2, 3), 3, datetime(2024, 3, 1, 21, 30))]
    assert flags[0].why == (
        "The count grew between reports: At least 10 people (the health ministry in Reuters, "
        "1 March 2024 at 09:00); then 25 people (the Health Ministry in BBC, 1 March 2024 at 14:00); then 32 "
        "people (The health ministry in AFP, 1 March 2024 at 21:30), the latest figure of a running total "
        "rather than a contradiction.")


def test_the_same_death_toll_undated_is_a_conflict() -> None:
    figures = [
        fig(1, 1, "Police said 12 people were killed.", "12", 12, "people", action="killed", said_by="Police"),
        fig(2, 2, "Hospital officials said 30 people were killed.", "30", 30, "people", action="killed",
            said_by="Hospital officials"),
    ]
    flags = analyse(figures).flags
    assert [(f.kind, f.figure_ids, f.severity, f.origins) for f in flags] == [
        (FlagKind.CONFLICT, (1, 2), Severity.HIGH, (1, 1))]
    assert flags[0].why == ("Police in Reuters says 12 people, but Hospital officials in BBC says 30 people: "
                            "60% apart, more than rounding or hedging allows (1 against 1 independent origins).")


def test_two_polls_for_different_parties_are_different_quantities() -> None:
    figures = [
        fig(1, 1, "The poll puts voters backing Labour at 52%.", "52%", 52, "voters backing Labour",
            unit="percent"),
        fig(2, 2, "Voters backing the Conservatives stand at 48%.", "48%", 48, "voters backing the Conservatives",
            unit="percent"),
    ]
    analysis = analyse(figures)
    assert (len(analysis.groups), analysis.flags) == (2, ())


def test_dollars_and_euros_are_never_compared() -> None:
    figures = [
        fig(1, 1, "The ministry pledged $5m in aid.", "$5m", 5e6, "aid", action="pledged", unit="USD"),
        fig(2, 2, "The ministry pledged €7m in aid.", "€7m", 7e6, "aid", action="pledged", unit="EUR"),
    ]
    analysis = analyse(figures)
    assert (sorted(g.dimension or "" for g in analysis.groups), analysis.flags) == (
        ["[currency_EUR]", "[currency_USD]"], ())


def test_units_are_converted_before_comparing() -> None:
    figures = [
        fig(1, 1, "The fire burned 2,000 hectares of forest.", "2,000 hectares", 2000, "forest",
            action="burned", unit="hectare"),
        fig(2, 2, "The fire burned 20 square kilometers of forest.", "20 square kilometers", 20, "forest",
            action="burned", unit="kilometer ** 2"),
        fig(3, 3, "The fire burned 35 square kilometers of forest.", "35 square kilometers", 35, "forest",
            action="burned", unit="kilometer ** 2"),
    ]
    flags = analyse(figures).flags
    assert [(f.kind, f.figure_ids) for f in flags] == [(FlagKind.CONFLICT, (1, 2, 3))]
    assert flags[0].origins == (2, 1)


def test_overnight_and_in_total_are_not_compared() -> None:
    figures = [
        fig(1, 1, "Overnight, 300 people were arrested, police said.", "300", 300, "people", action="arrested"),
        fig(2, 2, "In total, 1,200 people were arrested, police said.", "1,200", 1200, "people",
            action="arrested"),
    ]
    assert analyse(figures).flags == ()


def test_a_figure_with_its_period_from_extraction_is_not_compared_with_another_window() -> None:
    figures = [
        fig(1, 1, "Some 40 people were arrested, police said.", "40", 40, "people", action="arrested",
            period="over the past night"),
        fig(2, 2, "Some 90 people were arrested, police said.", "90", 90, "people", action="arrested",
            period="this week"),
    ]
    assert analyse(figures).flags == ()


def test_another_group_adds_to_a_count_and_is_not_compared() -> None:
    figures = [
        fig(1, 1, "Rescuers evacuated 500 residents.", "500", 500, "residents", action="evacuated"),
        fig(2, 2, "Rescuers evacuated another group of 900 residents.", "900", 900, "residents",
            action="evacuated"),
    ]
    assert analyse(figures).flags == ()


def test_running_totals_at_unknown_times_are_not_a_conflict() -> None:
    figures = [
        fig(1, 1, "So far 400 families have been evacuated.", "400", 400, "families", action="evacuated"),
        fig(2, 2, "Officials have evacuated 1,500 families.", "1,500", 1500, "families", action="evacuated"),
    ]
    assert analyse(figures).flags == ()


def test_an_operation_that_has_begun_states_its_size_and_can_conflict() -> None:
    figures = [
        fig(1, 1, "The evacuation of 3,000 families has begun.", "3,000", 3000, "families", action="evacuated"),
        fig(2, 2, "State radio said 6,000 families would be evacuated.", "6,000", 6000, "families",
            action="evacuated", said_by="State radio"),
    ]
    assert [f.kind for f in analyse(figures).flags] == [FlagKind.CONFLICT]


def test_two_figures_of_one_article_are_not_a_conflict() -> None:
    sentence = "Some 120 fighters surrendered overnight; 900 fighters have surrendered in all."
    figures = [
        fig(1, 1, sentence, "Some 120", 120, "fighters", action="surrendered", qualifier=Qualifier.APPROX),
        fig(2, 1, sentence, "900", 900, "fighters", action="surrendered"),
    ]
    assert analyse(figures).flags == ()


def test_killed_and_evacuated_civilians_are_different_groups() -> None:
    figures = [
        fig(1, 1, "Shelling killed 40 civilians.", "40", 40, "civilians", action="killed"),
        fig(2, 2, "Buses evacuated 400 civilians.", "400", 400, "civilians", action="evacuated"),
        fig(3, 3, "About 400 civilians were there.", "About 400", 400, "civilians", qualifier=Qualifier.APPROX),
    ]
    analysis = analyse(figures)
    assert (sorted(g.figure_ids for g in analysis.groups), analysis.flags) == ([(1,), (2,), (3,)], ())


def test_a_figure_without_action_joins_its_only_group() -> None:
    figures = [
        fig(1, 1, "Buses evacuated 400 civilians.", "400", 400, "civilians", action="evacuated"),
        fig(2, 2, "Some 420 civilians, officials said.", "Some 420", 420, "civilians", qualifier=Qualifier.APPROX),
    ]
    assert [g.figure_ids for g in analyse(figures).groups] == [(1, 2)]


def test_a_part_larger_than_its_whole_is_an_internal_error() -> None:
    sentence = "Police detained 2,124 protesters, including 3,007 students."
    figures = [
        fig(1, 1, sentence, "2,124", 2124, "protesters", action="detained"),
        fig(2, 1, sentence, "3,007", 3007, "students", action="detained", part_of=1),
    ]
    flags = analyse(figures).flags
    assert [(f.kind, f.figure_ids) for f in flags] == [(FlagKind.INTERNAL_ERROR, (1, 2))]
    assert flags[0].why == ("Reuters gives 3,007 students as part of 2,124 protesters, "
                            "but a part cannot be larger than its whole.")


def test_parts_that_add_up_to_more_than_the_whole_are_an_internal_error() -> None:
    sentence = "The quake killed 50 people, including 30 children and 28 women."
    figures = [
        fig(1, 1, sentence, "50", 50, "people", action="killed"),
        fig(2, 1, sentence, "30", 30, "children", action="killed", part_of=1),
        fig(3, 1, sentence, "28", 28, "women", action="killed", part_of=1),
    ]
    flags = analyse(figures).flags
    assert [(f.kind, f.figure_ids, f.severity) for f in flags] == [(FlagKind.INTERNAL_ERROR, (1, 2, 3),
                                                                    Severity.LOW)]
    assert "add up to 58" in flags[0].why


def test_parts_within_their_whole_are_fine() -> None:
    sentence = "The ICRC evacuated around 1,000 civilians, including 300 children and 28 wounded."
    figures = [
        fig(1, 1, sentence, "around 1,000", 1000, "civilians", action="evacuated", qualifier=Qualifier.APPROX),
        fig(2, 1, sentence, "300", 300, "children", action="evacuated", part_of=1),
        fig(3, 1, sentence, "28", 28, "wounded", action="evacuated", part_of=1),
    ]
    assert analyse(figures).flags == ()


@pytest.mark.parametrize(("rest", "flagged"), [(15, False), (12, True)], ids=["6+15=21", "6+12!=21"])
def test_stated_parts_must_make_their_stated_total(rest: int, flagged: bool) -> None:
    sentence = f"A 21km road was built; of those, 6km run through the city and the other {rest}km cross the hills."
    figures = [
        fig(1, 1, sentence, "21km", 21, "road", action="built", unit="kilometer"),
        fig(2, 1, sentence, "6km", 6, "road through the city", unit="kilometer", part_of=1),
        fig(3, 1, sentence, f"{rest}km", rest, "road across the hills", unit="kilometer", part_of=1),
    ]
    flags = analyse(figures).flags
    assert [(f.kind, f.figure_ids) for f in flags] == ([(FlagKind.INTERNAL_ERROR, (1, 2, 3))] if flagged else [])
    if flagged:
        assert flags[0].why == "Reuters gives 21km road made of 6km and 12km, but these add up to 18 km, not 21."


def test_parts_without_the_rest_need_not_make_the_whole() -> None:
    sentence = "A 21km road was built, 6km of it through the city."
    figures = [
        fig(1, 1, sentence, "21km", 21, "road", action="built", unit="kilometer"),
        fig(2, 1, sentence, "6km", 6, "road through the city", unit="kilometer", part_of=1),
    ]
    assert analyse(figures).flags == ()


@pytest.mark.parametrize(("bracketed", "value", "flagged"), [("13 miles", 13, False), ("31 miles", 31, True)])
def test_bracketed_conversion_is_checked_with_pint(bracketed: str, value: float, flagged: bool) -> None:
    sentence = f"The march covered 21km ({bracketed}) in a day."
    figures = [
        fig(1, 1, sentence, "21km", 21, "march", unit="kilometer"),
        fig(2, 1, sentence, bracketed, value, "march", unit="mile"),
    ]
    flags = analyse(figures).flags
    assert [(f.kind, f.figure_ids) for f in flags] == ([(FlagKind.INTERNAL_ERROR, (1, 2))] if flagged else [])
    if flagged:
        assert flags[0].why == "Reuters writes 21km (31 miles), but 21km is about 13 miles, not 31."


def test_a_bracketed_restatement_is_not_compared_with_other_articles() -> None:
    first = "Crews cleared 5 hectares (12 acres) of mines."
    figures = [
        fig(1, 1, first, "5 hectares", 5, "land", action="cleared", unit="hectare"),
        fig(2, 1, first, "12 acres", 12, "land", action="cleared", unit="acre"),
        fig(3, 2, "Crews cleared 5 hectares of mines, officials said.", "5 hectares", 5, "land",
            action="cleared", unit="hectare"),
    ]
    assert analyse(figures).flags == ()


ORIGINS = [
    ("ICRC", "icrc"), ("ICRC Syria", "icrc"), ("Ingy Sedky (ICRC)", "icrc"),
    ("the Syrian state television", "syrian state tv"), ("Syrian state TV", "syrian state tv"),
    ("Russian Centre for Reconciliation", "russian center for reconciliation"),
    ("the Ministry of Defence", "defense ministry"),
]


@pytest.mark.parametrize(("said_by", "origin"), ORIGINS, ids=[r[0] for r in ORIGINS])
def test_attributions_normalise_to_one_origin(said_by: str, origin: str) -> None:
    assert normalise(said_by) == origin


def test_one_source_quoted_by_two_outlets_is_one_origin_and_its_long_name_too() -> None:
    figures = [
        fig(1, 1, "The ICRC said 40 trucks crossed.", "40", 40, "trucks", action="crossed", said_by="ICRC"),
        fig(2, 2, "40 trucks crossed, ICRC Syria tweeted.", "40", 40, "trucks", action="crossed",
            said_by="ICRC Syria"),
        fig(3, 3, "The International Committee of the Red Cross counted 40 trucks.", "40", 40, "trucks",
            action="crossed", said_by="the International Committee of the Red Cross"),
        fig(4, 0, "Army officers said 90 trucks crossed.", "90", 90, "trucks", action="crossed",
            said_by="Army officers"),
    ]
    flags = analyse(figures).flags
    assert [(f.kind, f.figure_ids, f.origins) for f in flags] == [(FlagKind.CONFLICT, (1, 2, 3, 4), (1, 1))]


def test_the_organization_stands_for_the_attribution_before_it() -> None:
    sentence = "The ICRC said 40 trucks crossed; the organization later said 40 trucks were empty."
    figures = [
        fig(1, 1, sentence, "40", 40, "trucks", action="crossed", said_by="ICRC"),
        fig(2, 2, "Army officers said 90 trucks crossed.", "90", 90, "trucks", action="crossed",
            said_by="Army officers"),
        fig(3, 3, "Forty trucks crossed, the organization said.", "Forty", 40, "trucks", action="crossed",
            said_by="the organization"),
    ]
    flag = analyse(figures).flags[0]
    assert "the organization" in flag.why and flag.origins == (2, 1)


def test_a_named_day_is_when_a_count_was_made_not_another_quantity() -> None:
    figures = [
        fig(1, 1, "State TV said 4,000 rebels would be evacuated on Thursday.", "4,000", 4000, "rebels",
            action="evacuated", said_by="State TV", period="on Thursday"),
        fig(2, 2, "Russia said 5,000 rebels were being brought out.", "5,000", 5000, "rebels",
            action="brought out", said_by="Russia"),
    ]
    assert [f.kind for f in analyse(figures).flags] == [FlagKind.CONFLICT]


def test_counts_of_two_named_days_are_not_compared() -> None:
    figures = [
        fig(1, 1, "Shelling killed 82 civilians on Wednesday.", "82", 82, "civilians", action="killed",
            period="on Wednesday"),
        fig(2, 2, "Shelling killed 40 civilians on Thursday.", "40", 40, "civilians", action="killed",
            period="on Thursday"),
    ]
    assert analyse(figures).flags == ()


def test_during_the_day_is_not_a_window_of_its_own() -> None:
    figures = [
        fig(1, 1, "We expect that during the day around 250 wounded will be evacuated.", "around 250", 250,
            "wounded", qualifier=Qualifier.APPROX, action="evacuated", period="during the day"),
        fig(2, 2, "The operation to evacuate as many as 200 wounded is underway.", "as many as 200", 200,
            "wounded", qualifier=Qualifier.UP_TO, action="evacuate"),
    ]
    assert [f.kind for f in analyse(figures).flags] == [FlagKind.CONFLICT]


def test_an_acronym_anywhere_in_an_attribution_is_its_origin() -> None:
    assert [normalise(s) for s in ("spokesperson for the ICRC in Syria, Ingy Sedky",
                                   "The delegation of the Red Cross in Syria (ICRC", "US officials")] == [
        "icrc", "icrc", "us officials"]
