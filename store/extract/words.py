"""What kind of word a token is, from lemminflect's dictionary (shipped with the package).

There is no tagger here: a word is "noun-capable" when the dictionary knows a noun reading of it,
and so on. Callers combine that with position to decide ("plants" after "power" is a noun).
"""

from __future__ import annotations

from functools import lru_cache

from lemminflect import getAllLemmas, getLemma

from ..terms import CANONICAL
from .rules import COUNTS, load

NOMINAL_PARTICIPLES = frozenset(COUNTS["nominal_participles"])
AUXILIARIES = frozenset(COUNTS["auxiliaries"])
PARTICLES = frozenset(COUNTS["particles"])
NP_STOPS = frozenset(COUNTS["np_stops"])
# Only verbs of [derivations] stand for an action; "people" is a verb in the dictionary too.
DERIVED_VERBS = frozenset(load("synonyms.toml")["derivations"])
DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "their",
        "its",
        "his",
        "her",
        "our",
        "my",
        "your",
        "this",
        "these",
        "those",
        "that",
        "another",
        "some",
    ]
)


@lru_cache(maxsize=65536)
def pos_of(word: str) -> frozenset[str]:
    """The parts of speech the dictionary gives lower-case WORD (NOUN, VERB, ADJ...); empty if unknown."""
    return frozenset(getAllLemmas(word))


@lru_cache(maxsize=65536)
def verb_lemma(word: str) -> str:
    """The verb lemma of WORD ("laid" -> "lay", "demined" -> "demine")."""
    forms = getLemma(word, "VERB", lemmatize_oov=True)
    return forms[0] if forms else word


def nounish(word: str) -> bool:
    """True when WORD can be a noun or adjective, or is unknown to the dictionary."""
    pos = pos_of(word)
    return not pos or bool(pos & {"NOUN", "ADJ", "PROPN"}) or word in NOMINAL_PARTICIPLES


def verb_only(word: str) -> bool:
    """True when WORD has a verb reading and no noun or adjective one ("laid", "flee")."""
    pos = pos_of(word)
    if not pos:
        return word.endswith("ed") and len(word) > 4
    return "VERB" in pos and not pos & {"NOUN", "ADJ", "PROPN"}


def can_be_verb(word: str) -> bool:
    """True when WORD has a verb reading, or is an unknown word ending like a past participle."""
    pos = pos_of(word)
    return "VERB" in pos or (not pos and word.endswith("ed") and len(word) > 4)


@lru_cache(maxsize=65536)
def nominalised(word: str) -> str | None:
    """The verb a noun stands for when it is a listed derivation ("evacuation" -> "evacuate")."""
    canon = CANONICAL.get(word)
    if canon is None:
        lemmas = pos_of(word)
        if "NOUN" in lemmas:
            canon = CANONICAL.get(getAllLemmas(word)["NOUN"][0])
    if canon is not None and canon in DERIVED_VERBS:
        return canon
    return None
