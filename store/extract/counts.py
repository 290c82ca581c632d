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
_NUMBER_OF_LAST = frozenset(words[-1] for words in NUMBER_OF)
_POSSESSIVES = frozenset(["their", "its", "his", "her", "our", "my", "your"])
_COLLECTIVE = frozenset(COUNTS["collective_plurals"])


def _is_np_word(tokens: list[Token], k: int, first: bool) -> bool:
    tok = tokens[k]
    if tok.kind != "word" or tok.low in NP_STOPS:
        return False
    low = tok.low
    if low in NOMINAL_PARTICIPLES:
        return True
    if len(tok.text) > 1 and tok.text.isupper() and tok.text.isalpha():
        return True  # an acronym is a name, never a verb ("2.1 WAR", "30 MPs")
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    next_nounish = nxt is not None and nxt.kind == "word" and nxt.low not in NP_STOPS and nounish(nxt.low)
    if low.endswith("ing") and can_be_verb(low):
        return next_nounish  # "pumping stations" yes, "buses crossing the frontline" no
    if first and low.endswith("ed") and next_nounish and nxt is not None and "NOUN" in pos_of(nxt.low):
        return True  # "120 recorded songs", "20 armed men": a participle before its noun
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


def phrase_after(
    tokens: list[Token], k: int, allow_of: bool = True, noun_first: bool = False
) -> tuple[int, int] | None:
    """The token range of the counted phrase that starts at K (after the number or unit).

    NOUN_FIRST reads the first word as a noun even when it could be a verb ("a 40 acre farm.").
    """
    n = len(tokens)
    after_of = False
    if allow_of and k < n and tokens[k].low == "of":
        k += 1
        after_of = True
        while k < n and tokens[k].low in DETERMINERS:
            k += 1
    if (
        k + 1 < n
        and tokens[k].low in _EXTRA
        and tokens[k + 1].kind == "word"
        and tokens[k + 1].low not in NP_STOPS
        and nounish(tokens[k + 1].low)
        and not verb_only(tokens[k + 1].low)
    ):
        k += 1  # "eight more signings", "two other firms": the count is of picks, firms
    start = k
    words = 0
    end = k
    while k < n and words < _MAX_WORDS:
        # After "of the" a word is a noun even when it could be a verb ("60 per cent of the fund will").
        if not _is_np_word(tokens, k, words == 0 and not after_of and not noun_first):
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
    if tokens[start].low in _MULTIPLES:
        return start, start + 1  # "7.5 times earnings" counts times
    # "2 million homes nationwide", "slots available", "diesel burned": a trailing word with no
    # noun reading follows the phrase, it is not part of it
    while end - start > 1 and _trailing_modifier(tokens[end - 1]):
        end -= 1
    return start, end


_MULTIPLES = frozenset({"times", "fold"})
_EXTRA = frozenset({"more", "fewer", "less", "other", "extra", "additional", "further"})


def _trailing_modifier(tok: Token) -> bool:
    if tok.kind != "word" or tok.text[:1].isupper() or tok.low in NOMINAL_PARTICIPLES:
        return False
    pos = pos_of(tok.low)
    return bool(pos) and "NOUN" not in pos


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
        if tokens[k].low not in _NUMBER_OF_LAST:
            continue  # most words end no phrase: no tuple is built for them
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
