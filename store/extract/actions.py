"""What happened to what a figure counts: the verb it is subject or object of, lemmatised.

"5,000 rebels ... were being brought out" (subject), "killed at least 82 civilians" (object),
"Evacuation of 5,000 militants" (a nominalisation in a headline).
"""

from __future__ import annotations

from ..terms import CANONICAL
from .rules import ATTRIBUTION
from .tokens import Token
from .words import (
    AUXILIARIES,
    DETERMINERS,
    NP_STOPS,
    PARTICLES,
    can_be_verb,
    nominalised,
    pos_of,
    verb_lemma,
    verb_only,
)

_QUOTES = frozenset("“”\"‘’'")
_REPORTING = frozenset(ATTRIBUTION["verbs"])
_LEFT_STOPS = frozenset(
    [
        "in",
        "at",
        "on",
        "from",
        "with",
        "by",
        "for",
        "into",
        "across",
        "through",
        "during",
        "since",
        "near",
        "under",
        "after",
        "before",
        "that",
        "which",
        "who",
        "because",
        "while",
        "when",
        "if",
        "whereas",
        "although",
        "than",
        "as",
    ]
)
_LEFT_PUNCT_OK = frozenset({",", "[", "]", "(", ")", *_QUOTES})
_GET = frozenset(["get", "gets", "got", "getting"])
_FIGURE_OPENERS = frozenset(
    ["the", "a", "an", "some", "about", "around", "nearly", "over", "more", "up", "as", "at", "least", "almost"]
)


def action_key(verb: str, particle: str | None) -> str:
    """The canonical key of an action: the verb's lemma, mapped through synonyms, with its particle.

    >>> action_key("laid", "down"), action_key("evacuated", None), action_key("Evacuation", None)
    ('lay down', 'evacuate', 'evacuate')
    >>> action_key("brought", "out")
    'evacuate'
    """
    low = verb.lower()
    base = nominalised(low) or verb_lemma(low)
    if particle:
        phrasal = CANONICAL.get(f"{base} {particle.lower()}")  # "brought out" -> evacuate
        if phrasal is not None:
            return phrasal
    base = CANONICAL.get(base, base)
    return f"{base} {particle.lower()}" if particle else base


def action_after(tokens: list[Token], k: int) -> tuple[int, int, str] | None:
    """The verb after a counted phrase ending at K ("have been evacuated", "crossing"), as a span."""
    n = len(tokens)
    aux = 0
    while k < n:
        low = tokens[k].low
        if low in _QUOTES:
            k += 1
        elif (
            low == ","
            and k + 2 < n
            and tokens[k + 1].low in {"said", "reported", "believed"}
            and tokens[k + 2].low == "to"
        ):
            k += 1  # "17 green buses, said to be carrying": the verb comes after the hearsay
        elif (
            low in {"said", "reported", "believed", "thought", "expected"} and k + 1 < n and tokens[k + 1].low == "to"
        ) or (low in {"among", "of"} and k + 1 < n and tokens[k + 1].low in {"those", "them", "whom"}):
            k += 2
            aux += 1
        elif low in AUXILIARIES or (low.endswith("ly") and k + 1 < n and tokens[k + 1].kind == "word"):
            k += 1
            aux += 1
        else:
            break
    if k >= n or tokens[k].kind != "word":
        return None
    low = tokens[k].low
    if low in _REPORTING or (low in NP_STOPS and low not in PARTICLES):
        return None
    ok = verb_only(low) or (can_be_verb(low) and (aux > 0 or low.endswith(("ed", "ing")) or low.endswith("s") is False))
    if not ok:
        return None
    end = k + 1
    if end < n and tokens[end].low in PARTICLES:
        end += 1
    return k, end, action_key(low, tokens[k + 1].low if end == k + 2 else None)


def _verb_on_left(tokens: list[Token], k: int, figure_start: int) -> bool:
    low = tokens[k].low
    prev = tokens[k - 1].low if k > 0 else ""
    nxt = tokens[k + 1].low if k + 1 < len(tokens) else ""
    if low in _GET and (k + 1 == figure_start or nxt in _FIGURE_OPENERS):
        return True  # "to get around 200 people out": "get" with an object is no auxiliary
    if low in AUXILIARIES or low in NP_STOPS or low in DETERMINERS:
        return False
    if low.endswith("ing"):
        # "restored the water pumping station, two power plants": a gerund before a noun is a modifier.
        return prev in AUXILIARIES or k + 1 == figure_start or nxt in _FIGURE_OPENERS
    if verb_only(low):
        return True
    if not can_be_verb(low):
        return False
    if low.endswith("ed"):
        return True
    # "controls 93 percent", "to restore over 20 buildings": a verb right before the figure.
    return (k + 1 == figure_start or nxt in _FIGURE_OPENERS) and prev not in DETERMINERS


def action_before(tokens: list[Token], start: int, stops: frozenset[int]) -> tuple[int, int, str] | None:
    """The verb or nominalisation before a figure starting at START ("evacuated around 1,000")."""
    k = start - 1
    steps = 0
    while k >= 0 and steps < 9 and k not in stops:
        tok = tokens[k]
        if tok.kind == "punct":
            if tok.low not in _LEFT_PUNCT_OK:
                return None
        elif tok.kind != "word":
            return None
        else:
            low = tok.low
            if low in _REPORTING or low in _LEFT_STOPS:
                return None
            if k + 1 < len(tokens) and tokens[k + 1].low == "of" and nominalised(low):
                return k, k + 1, action_key(low, None)
            if _verb_on_left(tokens, k, start):
                return k, k + 1, action_key(low, None)
        k -= 1
        steps += 1
    return None


# Verbs that say a thing began or ended, not what it did: "the operation to free 200 hostages had
# started" is about freeing them.
ASPECTUAL = frozenset(["start", "begin", "continue", "resume", "end", "finish", "stop", "complete", "commence"])


# nominalised() of a word that is a noun, else None; a plain dict keyed by the word is the fastest memo
_NOMINAL: dict[str, str | None] = {}
_UNSEEN = ""


def action_noun(tokens: list[Token], start: int, end: int) -> tuple[int, int, str] | None:
    """The nominalised action nearest a figure that no verb governs, in the same sentence.

    "the evacuation of the old town goes on - a line of some 900 people" -> evacuate. Only
    listed derivations count (rules/synonyms.toml [derivations]), used as nouns: followed by "of",
    or after "of" or a determiner ("the evacuation", "a mass operation of evacuation of ...").
    """
    best: tuple[int, int, str] | None = None
    distance = 0
    for k, tok in enumerate(tokens):
        if start <= k < end or tok.kind != "word":
            continue
        verb = _NOMINAL.get(tok.low, _UNSEEN)
        if verb is _UNSEEN:
            if len(_NOMINAL) > 65536:
                _NOMINAL.clear()
            verb = _NOMINAL[tok.low] = nominalised(tok.low) if "NOUN" in pos_of(tok.low) else None
        if verb is None:
            continue
        prev = tokens[k - 1].low if k else ""
        nxt = tokens[k + 1].low if k + 1 < len(tokens) else ""
        if not (nxt == "of" or prev == "of" or prev in DETERMINERS):
            continue
        gap = start - k if k < start else k - end + 1
        if best is None or gap < distance:
            best, distance = (k, k + 1, verb), gap
    return best
