"""The term index: fuzzy answers, autocomplete, and staying in step with other processes' ingests."""

from __future__ import annotations

from sqlalchemy import text

from store.db import Store
from store.search import SearchIndex


def _index(rows: list[tuple[int, int | None, str | None, str | None, str | None]]) -> SearchIndex:
    index = SearchIndex()
    index.add_rows([(*row, None) for row in rows])
    return index


ROWS = [
    (1, 1, "militants and their families", "evacuated", "Russian General Staff"),
    (2, 1, "ambulances", "provided", "Valery Gerasimov"),
    (3, 2, "evacuees", "bused out", "the ICRC"),
    (4, 2, "children", "killed", "UN"),
    (5, None, "passenger busses", "provided", None),
]


def test_a_typo_finds_the_word_as_written() -> None:
    assert _index(ROWS).search("ambulence").figure_ids == (2,)


def test_a_typo_closer_to_the_written_word_than_to_its_term_is_found() -> None:
    # "evacuess" scores 75 against the term "evacuate" but 87.5 against "evacuees" as written
    assert set(_index(ROWS).search("evacuess").figure_ids) == {1, 3}


def test_every_query_word_must_match() -> None:
    assert _index(ROWS).search("evacuated militants").figure_ids == (1,)


def test_a_limit_keeps_the_best_and_says_it_cut() -> None:
    found = _index(ROWS).search("evacuated", limit=1)
    assert (len(found.figure_ids), found.truncated) == (1, True)


def test_nothing_found_suggests_close_words() -> None:
    found = _index(ROWS).search("ambulanxxxx")
    assert (found.figure_ids, "ambulances" in found.suggestions) == ((), True)


def test_adding_a_figure_twice_indexes_it_once() -> None:
    index = _index(ROWS)
    assert index.add(2, 1, "ambulances", "provided", None, None) == 0
    assert index.search("ambulances").figure_ids == (2,)


def test_autocomplete_offers_prefixes_then_close_words() -> None:
    index = _index(ROWS)
    assert index.complete("amb") == ["ambulances"]
    assert "ambulances" in index.complete("ambulence")


def test_remembered_matches_see_words_added_later() -> None:
    index = _index(ROWS)
    assert index.search("hostages").figure_ids == ()
    index.add(6, None, "hostages", "released", None, None)
    assert index.search("hostages").figure_ids == (6,)


def test_another_process_ingest_is_seen_at_the_next_lookup(seeded_store: Store, db_url: str) -> None:
    other = Store.open(db_url)
    try:
        before = len(other.search("ambulances").figure_ids)
        with seeded_store.engine.begin() as connection:  # a figure written by someone else
            article = connection.execute(text("SELECT id, story_id FROM article LIMIT 1")).one()
            connection.execute(text(
                "INSERT INTO figure (article_id, story_id, idx, start, \"end\", text, value, qualifier, counts, "
                "sentence, sentence_start, vague) VALUES (:a, :s, 999, 0, 5, 'x', 7, 'exact', 'ambulances', 'x', 0, "
                ":f)"), {"a": article[0], "s": article[1], "f": False})
        assert len(other.search("ambulances").figure_ids) == before + 1
    finally:
        other.close()


def test_a_late_commit_below_the_loaded_ids_is_picked_up() -> None:
    index = SearchIndex()
    index._figures.saw([1, 2, 5], top=5)  # 3 and 4 were handed out but not yet committed
    assert index._figures.pending() == [3, 4]
    index._figures.saw([], top=5)
    index._figures.gaps.pop(3)
    assert index._figures.pending() == [4]
