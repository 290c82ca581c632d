"""Query understanding: question words dropped, paraphrases from rules/query_synonyms.toml, typos."""

from __future__ import annotations

import pytest

from store.query_words import PARAPHRASES, content_words, paraphrases
from store.search import SearchIndex
from store.terms import term


def _found(query: str, counts: str | None, action: str | None = None, unit: str | None = None) -> bool:
    index = SearchIndex()
    index.add_rows([(1, 1, counts, action, None, unit), (2, 1, "goats", "herded", None, None)])
    return 1 in index.search(query).figure_ids


# One case per entry of the table: what an editor types, and how an article wrote the quantity.
ENTRY_CASES = {
    "casualties": ("casualties", "civilians", "killed", None),
    "displaced": ("refugees", "villagers", "displaced", None),
    "hurt": ("people hurt", "people", "injured", None),
    "weight": ("weight of the station", "station", None, "metric_ton"),
    "cost": ("cost", "repairs", "priced", None),
    "moved": ("money moved", "money", "funnelled", None),
    "documents": ("documents", "internal files", None, None),
    "leaked": ("documents leaked", "emails", "stolen", None),
    "affected": ("customers affected", "customers", "exposed", None),
    "consumers": ("consumers", "customers", "notified", None),
    "passengers": ("passengers", "riders", "stranded", None),
    "distance": ("distance", "route", None, "mile"),
    "speed": ("speed", "winds", None, "mph"),
    "height": ("height", "tower", None, "foot"),
    "duration": ("duration", "outage", None, "hour"),
    "workers": ("workers", "employees", "laid off", None),
}


def test_every_entry_of_the_table_has_a_case() -> None:
    assert {name for name, *_ in PARAPHRASES} == set(ENTRY_CASES)


@pytest.mark.parametrize("name", sorted(ENTRY_CASES))
def test_each_paraphrase_entry_finds_the_articles_wording(name: str) -> None:
    query, counts, action, unit = ENTRY_CASES[name]
    assert _found(query, counts, action, unit)


def test_a_paraphrase_never_merges_terms_in_the_store() -> None:
    # grouping keeps "price" and "bill" apart; only the lookup widens
    assert term("price") != term("bill")
    assert term("bill") in paraphrases(term("cost"))


def test_hurt_finds_the_injured_not_the_dead() -> None:
    assert not _found("people hurt", "people", "killed")


def test_question_words_are_dropped() -> None:
    assert content_words("how many evacuees?") == "evacuees?"
    assert _found("how many evacuees", "evacuees", "bused out")


def test_a_query_of_question_words_only_is_kept() -> None:
    assert content_words("how many") == "how many"


@pytest.mark.parametrize("typo", ["evacuess", "evaucees"])
def test_typos_of_one_word_are_found(typo: str) -> None:
    assert _found(typo, "evacuees", "bused out")


def test_a_word_the_store_knows_nowhere_does_not_empty_the_answer() -> None:
    assert _found("zorblax weight", "weight", None, "pound")


def test_a_word_known_elsewhere_still_narrows() -> None:
    # "goats" is a stored word, so the figure about a station's weight does not match "goats weight"
    assert not _found("goats weight", "station", "weighed", "pound")


def test_the_editors_own_word_ranks_above_a_paraphrase() -> None:
    index = SearchIndex()
    index.add_rows([(1, 1, "station", None, None, "metric_ton"), (2, 1, "station weight", None, None, None)])
    assert index.search("weight").figure_ids == (2, 1)
