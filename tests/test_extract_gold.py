"""The seed articles against their expected figures (tests/data/seeds_expected.yaml; DESIGN §2 targets)."""

from __future__ import annotations

from pathlib import Path

import yaml

from commands.evaluate import TARGET_F1, TARGET_FIELD
from store.evaluation.figures import FIELDS, evaluate_figures, format_figure_report

DATA = Path(__file__).resolve().parent / "data"
EXPECTED = DATA / "seeds_expected.yaml"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_seed_figures_reach_the_targets() -> None:
    scores = evaluate_figures(EXPECTED, SEEDS)
    report = format_figure_report(scores)
    assert scores.f1 >= TARGET_F1, report
    assert scores.not_claims_hit == [], report
    for name in FIELDS:
        if name != "part_of":
            assert scores.accuracy(name) >= TARGET_FIELD, report


def test_the_expectations_fit_the_seed_articles() -> None:
    """Every quote is in its seed file and every id named by a group or lookup is a figure."""
    import sys

    sys.path.insert(0, str(DATA))
    try:
        from regenerate import problems_in
    finally:
        sys.path.remove(str(DATA))
    data = yaml.safe_load(EXPECTED.read_text("utf-8"))
    assert problems_in(data) == []
    assert len(data["figures"]) > 50 and len(data["groups"]) > 10 and len(data["queries"]) > 5


def test_seed_store_flags_every_group_as_expected_and_answers_every_lookup(db_url: str) -> None:
    """The product on the seeds, ingested like `claimbot ingest`: groups and lookups of the expectations."""
    from commands.evaluate import score_store
    from store.evaluation.lookups import format_store_report

    expected = yaml.safe_load(EXPECTED.read_text("utf-8"))
    scores = score_store(expected, SEEDS, db_url)
    assert scores.ok and scores.unmatched_gold == (), format_store_report(scores)
