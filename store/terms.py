"""Normalised index terms: the one word normalisation shared by extraction, grouping and lookup.

"evacuees", "evacuated" and "evacuation" all become "evacuate"; "rebels", "militants" and
"fighters" become "militant"; "kids" become "child". Lemmas come from lemminflect (its data ships
with the package, nothing is fetched); synonym and derivation sets live in rules/synonyms.toml.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from lemminflect import getAllLemmas, getAllLemmasOOV

RULES = Path(__file__).parent / "rules"

_WORD = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")


def _load() -> tuple[dict[str, str], frozenset[str]]:
    with open(RULES / "synonyms.toml", "rb") as handle:
        data = tomllib.load(handle)
    canonical: dict[str, str] = {}
    for section in ("synonyms", "derivations"):
        for name, words in data[section].items():
            for word in (name, *words):
                canonical[word.lower()] = name
    return canonical, frozenset(data["stopwords"]["words"])


CANONICAL, STOPWORDS = _load()


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of one lower-case WORD, preferring a noun reading.

    >>> lemma("buses"), lemma("evacuated"), lemma("children")
    ('bus', 'evacuate', 'child')
    """
    lemmas = getAllLemmas(word)
    for pos in ("NOUN", "VERB", "ADJ", "PROPN"):
        if pos in lemmas:
            return lemmas[pos][0]
    if not word.isalpha():
        return word
    guess = getAllLemmasOOV(word, "VERB" if word.endswith("ed") else "NOUN")
    for forms in guess.values():
        return forms[0]
    return word


@lru_cache(maxsize=65536)
def term(word: str) -> str | None:
    """The canonical term of one WORD; None for stopwords and bare punctuation.

    >>> term("Rebels"), term("kids"), term("injured"), term("evacuees"), term("the"), term("2,124")
    ('militant', 'child', 'wounded', 'evacuate', None, None)
    """
    low = word.lower().replace("’", "'")
    # Digits are the figure itself, not what it counts, so they never make a term.
    if low in STOPWORDS or not any(ch.isalpha() for ch in low):
        return None
    if low in CANONICAL:
        return CANONICAL[low]
    base = lemma(low)
    if base in STOPWORDS:
        return None
    return CANONICAL.get(base, base)


def terms(text: str) -> list[str]:
    """The normalised index terms of the content words of TEXT, in order, repeats kept.

    >>> terms("Evacuation of 5,000 militants with their families")
    ['evacuate', 'militant', 'family']
    """
    out = []
    words = [m.group() for m in _WORD.finditer(text)]
    skip = False
    for k, word in enumerate(words):
        if skip:
            skip = False
            continue
        if k + 1 < len(words):
            phrasal = _phrasal(word.lower(), words[k + 1].lower())
            if phrasal is not None:
                out.append(phrasal)  # "brought out" -> "bring out" -> evacuate
                skip = True
                continue
        found = term(word)
        if found is not None:
            out.append(found)
    return out


@lru_cache(maxsize=65536)
def _phrasal(word: str, particle: str) -> str | None:
    """The canonical term of a listed phrasal verb ("brought out" -> evacuate), else None.

    Only a particle (a stopword such as "out") can finish one, so noun phrases keep their words.
    """
    if particle not in STOPWORDS or word in STOPWORDS:
        return None
    for base in (word, lemma(word)):
        found = CANONICAL.get(f"{base} {particle}")
        if found is not None:
            return found
    forms = getAllLemmas(word).get("VERB")
    if forms:
        return CANONICAL.get(f"{forms[0]} {particle}")
    return None


@lru_cache(maxsize=65536)
def key_of(phrase: str) -> str:
    """A stable key for PHRASE: its distinct terms, sorted, joined by spaces.

    >>> key_of("militants and their families") == key_of("fighters and families")
    True
    """
    return " ".join(sorted(set(terms(phrase))))
