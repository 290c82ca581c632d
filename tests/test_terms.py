"""store.terms: the normalisation shared by extraction, grouping and lookup."""

from __future__ import annotations

import tomllib

import pytest

from store.terms import RULES, key_of, terms

SAME = [
    ("evacuees", "evacuated", "evacuation"),
    ("rebels", "militants", "fighters"),
    ("kids", "children", "child"),
    ("injured", "wounded", "injuries"),
    ("buses", "busses", "bus"),
    ("ambulances", "ambulance", "ambulance"),
]


@pytest.mark.parametrize("words", SAME, ids=[" ~ ".join(w) for w in SAME])
def test_variants_share_one_term(words: tuple[str, ...]) -> None:
    assert len({tuple(terms(w)) for w in words}) == 1


def test_stopwords_are_dropped_and_keys_are_stable() -> None:
    assert terms("the militants and their families") == ["militant", "family"]
    assert key_of("fighters with families") == key_of("families of rebels") == "family militant"


def test_no_word_has_two_canonical_terms() -> None:
    with open(RULES / "synonyms.toml", "rb") as handle:
        data = tomllib.load(handle)
    owner: dict[str, str] = {}
    clashes = []
    for section in ("synonyms", "derivations"):
        for name, words in data[section].items():
            for word in (name, *words):
                if owner.get(word, name) != name:
                    clashes.append((word, owner[word], name))
                owner[word] = name
    assert clashes == []
