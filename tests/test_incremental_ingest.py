"""Regrouping after an ingest reads only what is new, yet stores what a cold recompute stores.

The store keeps the figures of recent stories in memory and reads from the database only the
articles it has not seen; these tests interleave two stores on one database (two processes), a
batch that rolls back (whose figure ids the next insert reuses on SQLite) and reviews, then check
every group and flag against a store that starts cold and recomputes everything.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session

import store.db as db_module
from store import discrepancy
from store.db import Store
from store.ingest import ArticleInput, article_paths, read_file
from store.quantity import FlagStatus
from tests.conftest import SEEDS

STORY = "Aleppo evacuation"


def _seeds() -> list[ArticleInput]:
    return [read_file(path, story=STORY) for path in article_paths(SEEDS)]


def _state(store: Store) -> dict[str, Any]:
    """Every figure's group key and every flag as stored, ids included."""
    with store.engine.connect() as connection:
        groups = connection.execute(text(
            "SELECT figure.id, quantity_group.key FROM figure "
            "LEFT JOIN quantity_group ON quantity_group.id = figure.group_id ORDER BY figure.id")).all()
        flags = connection.execute(text(
            "SELECT id, fingerprint, kind, severity, why, active, status, group_id FROM flag ORDER BY id")).all()
        links = connection.execute(text("SELECT flag_id, figure_id FROM flag_figure ORDER BY 1, 2")).all()
    return {"groups": [tuple(r) for r in groups], "flags": [tuple(r) for r in flags],
            "links": [tuple(r) for r in links]}


def _story_id(store: Store) -> int:
    with store.engine.connect() as connection:
        return connection.execute(text("SELECT id FROM story WHERE name = :n"), {"n": STORY}).scalar_one()


def _cold_recompute(db_url: str) -> dict[str, Any]:
    discrepancy._COMPARED.clear()  # nothing remembered from the stores under test
    cold = Store.open(db_url)
    try:
        cold.recompute_all()
        return _state(cold)
    finally:
        cold.close()


def test_two_stores_a_rollback_and_a_review_store_what_a_cold_recompute_stores(
    store: Store, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = _seeds()
    other = Store.open(db_url)  # another process on the same database
    try:
        store.add_article(seeds[0])
        other.add_article(seeds[1])
        store.add_article(seeds[2])  # its cache of the story misses the article `other` added

        real = db_module.analyse

        def broken(figures: object) -> object:
            raise RuntimeError("regrouping crashed")

        monkeypatch.setattr(db_module, "analyse", broken)
        with pytest.raises(RuntimeError):
            store.add_article(seeds[3])
        monkeypatch.setattr(db_module, "analyse", real)

        # the rolled-back figures' ids go to these figures on SQLite; the cache must not know them
        store.add_articles([seeds[4], ArticleInput(text="Another 40 buses left Aleppo, the ICRC said.",
                                                   outlet="Wire", story=STORY)])
        flag = next(f for f in store.flags() if f.active)
        store.review(flag.id, FlagStatus.CONFIRMED, by="desk", note="checked")
        other.add_article(seeds[3])
        store.add_article(ArticleInput(text="The ICRC said 13 ambulances and 20 buses crossed.", outlet="Wire 2",
                                       story=STORY))

        story_id = _story_id(store)
        with Session(store.engine) as session:
            assert store._story_figures_since(session, story_id) == store._story_figures(session, story_id)
        warm = _state(store)
        assert any(row[5] for row in warm["flags"]), "the seeds raise flags; a state without any proves nothing"
        assert _cold_recompute(db_url) == warm
    finally:
        other.close()


def test_the_cache_reads_only_articles_it_has_not_seen(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = _seeds()
    store.add_articles(seeds[:3])
    read: list[int] = []
    real = db_module._stored

    def counting(rows: Any) -> Any:
        out = real(rows)
        read.extend(f.id for f in out)
        return out

    monkeypatch.setattr(db_module, "_stored", counting)
    result = store.add_article(seeds[3])
    assert read, "the new article's figures are read"
    with store.engine.connect() as connection:
        mine = {r[0] for r in connection.execute(text("SELECT id FROM figure WHERE article_id = :a"),
                                                  {"a": result.article_id})}
    assert set(read) == mine


def test_the_figure_cache_drops_the_least_recently_used_story_first() -> None:
    from store.db import _StoryFigures
    from tests.gold_figures import stored_figures

    figures, _ = stored_figures()
    cache = _StoryFigures(max_figures=len(figures) * 2)
    cache.put(1, figures)
    cache.put(2, figures)
    assert cache.get(1)  # story 1 is now the most recently used
    cache.put(3, figures)
    assert cache.get(2) == {} and cache.get(1) and cache.get(3)
    cache.put(4, figures * 3)  # larger than the whole cache: not kept, nothing else dropped for it
    assert cache.get(4) == {} and cache.get(1) and cache.get(3)
