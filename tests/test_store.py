"""The store on SQLite and PostgreSQL: migrations, one transaction per article, reviews that survive."""

from __future__ import annotations

import pytest

import store.db as db_module
from store import migrate
from store.db import Store
from store.ingest import ArticleInput, read_file
from store.quantity import FlagStatus
from tests.conftest import SEEDS

ARTICLE = ArticleInput(
    text="Twenty buses and 13 ambulances crossed the frontline, the ICRC said. "
         "Syrian state TV said 10 ambulances were in the convoy.",
    outlet="Wire",
)


def test_opening_a_store_applies_every_migration(store: Store) -> None:
    assert migrate.current(store.engine) == migrate.head()


def test_an_article_is_stored_with_its_figures(store: Store) -> None:
    result = store.add_article(ARTICLE)
    info, figures = store.article(result.article_id)
    assert (info.outlet, result.duplicate, result.figures) == ("Wire", False, len(figures))
    assert {f.figure.value for f in figures} >= {20, 13, 10}
    for stored in figures:
        assert ARTICLE.text[stored.figure.start:stored.figure.end] == stored.figure.text


def test_the_same_text_is_stored_once(store: Store) -> None:
    first = store.add_article(ARTICLE)
    again = store.add_article(ArticleInput(text=ARTICLE.text, outlet="Another outlet"))
    assert (again.duplicate, again.article_id) == (True, first.article_id)
    assert store.counts()["articles"] == 1


def test_a_failure_mid_ingest_leaves_nothing_half_written(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_figures: object) -> object:
        raise RuntimeError("discrepancy crashed")

    monkeypatch.setattr(db_module, "analyse", broken)
    with pytest.raises(RuntimeError):
        store.add_article(ARTICLE)
    assert store.counts() == {"articles": 0, "figures": 0, "stories": 0, "open_flags": 0}


def test_seeds_are_one_story_with_flags(seeded_store: Store) -> None:
    counts = seeded_store.counts()
    assert (counts["articles"], counts["stories"]) == (5, 1)
    assert counts["open_flags"] >= 4


def test_every_figure_belongs_to_exactly_one_group(seeded_store: Store) -> None:
    story_id = seeded_store.articles()[0].story_id
    figures = seeded_store.story_figures(story_id or 0)
    groups = seeded_store.groups_of(f.id for f in figures)
    members = [i for g in groups for i in g.figure_ids]
    assert sorted(members) == sorted(f.id for f in figures)


def test_a_review_survives_reingest_and_recompute(seeded_store: Store) -> None:
    flag = seeded_store.flags(status=FlagStatus.OPEN)[0]
    seeded_store.review(flag.id, FlagStatus.DISMISSED, by="desk", note="different days")
    assert seeded_store.add_article(read_file(SEEDS / "000_6f81d29c26181403.txt")).duplicate
    seeded_store.recompute_all()
    again = seeded_store.flag(flag.id)
    assert (again.status, again.reviewed_by, again.review_note, again.figure_ids) == (
        "dismissed", "desk", "different days", flag.figure_ids)


def test_search_finds_typos_and_brings_figures(seeded_store: Store) -> None:
    hits = seeded_store.search("ambulence")
    values = {f.figure.value for f in seeded_store.figures(hits.figure_ids)}
    assert {10, 13} <= values


def test_a_second_store_on_the_same_database_sees_new_articles(store: Store, db_url: str) -> None:
    other = Store.open(db_url)
    try:
        assert other.search("ambulances").figure_ids == ()
        store.add_article(ARTICLE)
        assert len(other.search("ambulances").figure_ids) >= 2
    finally:
        other.close()


def test_a_batch_stores_each_text_once_and_reports_the_repeats(store: Store) -> None:
    other = ArticleInput(text="Some 40 trucks of aid entered the town, the UN said.", outlet="Wire B")
    results = store.add_articles([ARTICLE, other, ArticleInput(text=ARTICLE.text, outlet="Wire C")])
    assert [r.duplicate for r in results] == [False, False, True]
    assert results[2].article_id == results[0].article_id
    assert store.counts()["articles"] == 2
    again = store.add_articles([other])
    assert again[0].duplicate and again[0].article_id == results[1].article_id


def test_a_failing_batch_stores_none_of_its_articles(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real = db_module.analyse

    def second_story_breaks(figures: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("regrouping crashed")
        return real(figures)  # type: ignore[arg-type]

    monkeypatch.setattr(db_module, "analyse", second_story_breaks)
    batch = [ARTICLE, ArticleInput(text="Polls gave the ruling party 41 percent of the vote.", outlet="Poll desk",
                                   story="Election")]
    with pytest.raises(RuntimeError):
        store.add_articles(batch)
    assert store.counts() == {"articles": 0, "figures": 0, "stories": 0, "open_flags": 0}
    monkeypatch.setattr(db_module, "analyse", real)
    assert [r.duplicate for r in store.add_articles(batch)] == [False, False]
