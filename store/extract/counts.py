"""What a figure counts: the noun phrase after the number (or after "of"), as written.

"11 kilometers of roads" counts roads, "93 percent of Aleppo" Aleppo, "4,000 rebels and their
families" rebels and their families, "a total area of 24 hectares" total area.
"""

from __future__ import annotations

from .numbers import WORDS
from .rules import COUNTS, phrases
from .tokens import Token
from .words import (
    DETERMINERS,
    NOMINAL_PARTICIPLES,
    NP_STOPS,
    can_be_verb,
    nounish,
    pos_of,
    verb_lemma,
    verb_only,
)

_MAX_WORDS = 6
NUMBER_OF = phrases(COUNTS["number_of"])
_POSSESSIVES = frozenset(["their", "its", "his", "her", "our", "my", "your"])
_COLLECTIVE = frozenset(COUNTS["collective_plurals"])


def _is_np_word(tokens: list[Token], k: int, first: bool) -> bool:
    tok = tokens[k]
    if tok.kind != "word" or tok.low in NP_STOPS:
        return False
    low = tok.low
    if low in NOMINAL_PARTICIPLES:
        return True
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    next_nounish = nxt is not None and nxt.kind == "word" and nxt.low not in NP_STOPS and nounish(nxt.low)
    if low.endswith("ing") and can_be_verb(low):
        return next_nounish  # "pumping stations" yes, "buses crossing the frontline" no
    if low.endswith("ly") and not pos_of(low) & {"NOUN"}:
        return next_nounish  # "critically wounded"
    if tok.text[:1].isupper() and not first:
        return True
    if verb_only(low):
        return False
    ends = nxt is None or nxt.kind != "word" or nxt.low in NP_STOPS
    if not first and can_be_verb(low) and verb_lemma(low) != low and not low.endswith("s") and ends:
        return False  # "5,000 militants left.": a past tense ends the phrase
    if first and can_be_verb(low) and low not in _COLLECTIVE and not low.endswith("s") and ends:
        return False  # "6km lie across", "1,270 surrender to": a bare form before a function word
    return nounish(low) or tok.text[:1].isupper()


def _noun_lemma_is_word(low: str) -> bool:
    """True when LOW is a singular noun that is also a verb ("lie", "report"): a verb after a count."""
    return True


def _word_end(tokens: list[Token], k: int) -> int:
    """The index after the word at K, taking hyphenated compounds ("government-held") whole."""
    n = len(tokens)
    end = k + 1
    while end + 1 < n and tokens[end].low == "-" and not tokens[end].space and not tokens[end + 1].space:
        if tokens[end + 1].kind != "word":
            break
        end += 2
    return end


def phrase_after(tokens: list[Token], k: int, allow_of: bool = True) -> tuple[int, int] | None:
    """The token range of the counted phrase that starts at K (after the number or unit)."""
    n = len(tokens)
    if allow_of and k < n and tokens[k].low == "of":
        k += 1
        while k < n and tokens[k].low in DETERMINERS:
            k += 1
    start = k
    words = 0
    end = k
    while k < n and words < _MAX_WORDS:
        if not _is_np_word(tokens, k, words == 0):
            break
        k = _word_end(tokens, k)
        end = k
        words += 1
        if k < n and tokens[k].low in {"and", "&"}:
            m = k + 1
            while m < n and tokens[m].low in _POSSESSIVES:
                m += 1
            # "two schools and two mosques": a number after "and" starts the next figure.
            if m < n and tokens[m].kind == "word" and tokens[m].low not in WORDS and _is_np_word(tokens, m, False):
                k = m
    if end == start:
        return None
    return start, end


def phrase_before_of(tokens: list[Token], start: int) -> tuple[int, int] | None:
    """The phrase in "<phrase> of <figure>" ("a total area of 24 hectares"), for measures."""
    if start < 2 or tokens[start - 1].low != "of":
        return None
    end = start - 1
    k = end
    while k > 0 and end - k < 3:
        tok = tokens[k - 1]
        if tok.kind != "word" or tok.low in NP_STOPS or tok.low in DETERMINERS or not nounish(tok.low):
            break
        k -= 1
    if k == end:
        return None
    return k, end


def number_of(tokens: list[Token], before: int) -> tuple[int, int] | None:
    """The phrase X in "the number of X ..." before token BEFORE ("...has reached 1055")."""
    for k in range(before - 1, 0, -1):
        for size in (3, 2):
            if k - size + 1 < 0:
                continue
            words = tuple(t.low for t in tokens[k - size + 1 : k + 1])
            if words in NUMBER_OF:
                return phrase_after(tokens, k + 1, allow_of=False)
    return None


def subject_of(tokens: list[Token]) -> tuple[int, int] | None:
    """The first noun phrase of a sentence, before its first verb: what the sentence is about."""
    k = 0
    n = len(tokens)
    while k < n and (tokens[k].kind != "word" or tokens[k].low in DETERMINERS or tokens[k].low in NP_STOPS):
        if tokens[k].kind == "num":
            return None
        k += 1
    start = k
    while k < n and tokens[k].kind == "word" and tokens[k].low not in NP_STOPS:
        if not tokens[k].text[:1].isupper() and verb_only(tokens[k].low):
            break
        k += 1
    return (start, k) if k > start else None
