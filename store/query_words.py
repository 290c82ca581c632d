"""What a `!claim` query asks for: its content words and the paraphrases articles use for them.

The table lives in rules/query_synonyms.toml. Paraphrases only widen a lookup; they never merge
terms in the store, so grouping keeps "price" and "bill" apart while `!claim cost` finds both.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from store.terms import terms

RULES = Path(__file__).parent / "rules" / "query_synonyms.toml"


def _load() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    with open(RULES, "rb") as handle:
        data = tomllib.load(handle)
    entries = tuple((name, *words) for name, words in data["paraphrases"].items())
    return frozenset(w.lower() for w in data["stopwords"]["words"]), entries


QUESTION_WORDS, PARAPHRASES = _load()


@lru_cache(maxsize=1)
def _by_term() -> dict[str, frozenset[str]]:
    """Index term -> the terms its entry (or, for a word naming none, its entries) lists.

    Named entries win so that "hurt" finds the injured, not also the dead of "casualties", where
    "wounded" is listed too.
    """
    named: dict[str, set[str]] = {}
    listed: dict[str, set[str]] = {}
    for name, *words in PARAPHRASES:
        group = {t for word in words for t in terms(word)}
        for t in terms(name):
            named.setdefault(t, set()).update(group)
        for t in group:
            listed.setdefault(t, set()).update(group)
    return {t: frozenset(named.get(t, listed.get(t, set())) - {t}) for t in {*named, *listed}}


def content_words(query: str) -> str:
    """QUERY without the words of a question ("how many evacuees" -> "evacuees")."""
    kept = [w for w in query.split() if w.lower().strip("?!.,") not in QUESTION_WORDS]
    return " ".join(kept) if kept else query


def paraphrases(term: str) -> frozenset[str]:
    """The index terms an article may use for the query term TERM (never TERM itself)."""
    return _by_term().get(term, frozenset())
