"""Re-analysing a story compares only new figures; the answer must equal comparing every pair."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from store import discrepancy
from store.discrepancy import analyse
from store.figure import Figure, Qualifier, Source, StoredFigure

try:
    from tests.gold_figures import stored_figures
except ImportError:  # run from inside tests/
    from gold_figures import stored_figures  # type: ignore[no-redef]

QUALIFIERS = [Qualifier.EXACT, Qualifier.APPROX, Qualifier.MORE_THAN, Qualifier.UP_TO, Qualifier.AT_LEAST]


def _synthetic_story(n: int, seed: int) -> list[StoredFigure]:
    """Figures of one story over few quantities, values that often disagree, dated and undated reports."""
    rng = random.Random(seed)
    things = [("civilians", "evacuated"), ("ambulances", "provided"), ("people", "killed"), ("buses", "crossed")]
    out = []
    for i in range(1, n + 1):
        counts, action = rng.choice(things)
        value = float(rng.choice([10, 13, 20, 200, 250, 1000, 4000, 5000]))
        qualifier = rng.choice(QUALIFIERS)
        text = f"{value:,.0f}"
        sentence = f"Officials said {text} {counts} were {action}."
        start = sentence.index(text)
        low = value * 0.9 if qualifier == Qualifier.APPROX else None if qualifier == Qualifier.UP_TO else value
        high = value * 1.1 if qualifier == Qualifier.APPROX else None if qualifier in (
            Qualifier.MORE_THAN, Qualifier.AT_LEAST) else value
        figure = Figure(start=start, end=start + len(text), text=text, value=value, low=low, high=high,
                        qualifier=qualifier, counts=counts, counts_key=counts.rstrip("s"), action=action,
                        action_key=action.removesuffix("ed"), said_by=rng.choice(["ICRC", "state TV", None]),
                        sentence=sentence)
        article = 1 + i // 3
        published = None if rng.random() < 0.5 else __import__("datetime").datetime(
            2016, 12, 10 + article % 7, tzinfo=__import__("datetime").UTC)
        source = Source(article_id=article, outlet=f"outlet{article % 4}", published=published)
        out.append(StoredFigure(id=i, figure=figure, source=source, story_id=seed))
    return out


def _fresh(figures: list[StoredFigure]) -> discrepancy.Analysis:
    discrepancy._COMPARED.clear()
    return analyse(figures)


@pytest.mark.parametrize("seed", range(8))
def test_growing_a_story_gives_what_comparing_every_pair_gives(seed: int) -> None:
    figures = _synthetic_story(90, seed)
    discrepancy._COMPARED.clear()
    for size in (20, 45, 46, 90):  # each step re-analyses with the earlier comparisons remembered
        incremental = analyse(figures[:size])
        assert incremental == _fresh(figures[:size])
        analyse(figures[:size])


def test_the_seed_flags_are_the_same_with_a_warm_cache() -> None:
    figures, _ = stored_figures()
    cold = _fresh(figures)
    warm = analyse(figures)
    half = analyse(figures[: len(figures) // 2])
    assert warm == cold and analyse(figures) == cold and half == _fresh(figures[: len(figures) // 2])


def test_a_figure_that_changes_is_compared_again() -> None:
    figures = _synthetic_story(40, 99)
    discrepancy._COMPARED.clear()
    analyse(figures)
    changed = [replace(f, figure=replace(f.figure, value=f.figure.value * 7, low=None, high=None,
                                         qualifier=Qualifier.MORE_THAN)) if f.id % 5 == 0 else f for f in figures]
    assert analyse(changed) == _fresh(changed)


def _said(figure_id: int, article: int, value: float, counts: str, said_by: str) -> StoredFigure:
    text = f"{value:,.0f}"
    sentence = f"{said_by} said {text} {counts} crossed."
    start = sentence.index(text)
    figure = Figure(start=start, end=start + len(text), text=text, value=value, low=value, high=value,
                    qualifier=Qualifier.EXACT, counts=counts, counts_key=counts.rstrip("s"), action="crossed",
                    action_key="cross", said_by=said_by, sentence=sentence)
    return StoredFigure(id=figure_id, figure=figure, source=Source(article_id=article, outlet=f"outlet{article}"),
                        story_id=7)


def test_a_flag_is_written_again_when_a_new_article_renames_its_origin() -> None:
    """ "ICRC" in a later article makes the long name's figures one origin written "ICRC", in a
    flag whose figures and group did not change."""
    long_name = "The International Committee of the Red Cross"
    story = [_said(1, 1, 10, "ambulances", long_name), _said(2, 2, 13, "ambulances", long_name)]
    discrepancy._COMPARED.clear()
    before = analyse(story)
    assert any("International Committee" in flag.why for flag in before.flags)
    grown = [*story, _said(3, 3, 20, "buses", "ICRC")]
    after = analyse(grown)
    assert after == _fresh(grown)
    assert after.flags != before.flags
