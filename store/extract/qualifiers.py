"""How a figure hedges ("more than", "about", "up to", ranges) and whether it states a change.

The words come from rules/qualifiers.toml; the interval an approximate figure allows comes from
rules/tolerances.toml.
"""

from __future__ import annotations

from lemminflect import getAllInflections, getAllLemmas

from ..figure import Change, Qualifier
from .rules import QUALIFIERS, TOLERANCES
from .tokens import Token

APPROX = float(TOLERANCES["approx"])


def _table(section: dict[str, list[str]], keys: list[str]) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for key in keys:
        for phrase in section[key]:
            # "approx." is two tokens ("approx", "."), so split punctuation off like the tokenizer.
            words = phrase.replace(".", " .").split()
            out[tuple(words)] = key
    return out


BEFORE = _table(QUALIFIERS, ["approx", "more_than", "at_least", "up_to", "less_than"])
AFTER = _table(QUALIFIERS["after"], ["at_least", "up_to", "approx"])
EXACT = _table({"exact": QUALIFIERS["exact"]["words"]}, ["exact"])
CHANGE = _table(QUALIFIERS["change"], ["up", "down"])


def _inflected(table: dict[tuple[str, ...], str]) -> dict[tuple[str, ...], str]:
    """TABLE with every inflection of its one-word verbs ("plummeted" brings "plummeting")."""
    out = dict(table)
    for words, key in table.items():
        if len(words) != 1 or words[0] in _LITERAL:
            continue
        for base in getAllLemmas(words[0]).get("VERB", ()):
            for forms in getAllInflections(base, upos="VERB").values():
                for form in forms:
                    out.setdefault((form,), key)
    return out


_LITERAL = frozenset(QUALIFIERS["change"]["literal"])
CHANGE = _inflected(CHANGE)
PHRASAL = frozenset(tuple(p.split()) for p in QUALIFIERS["change"]["phrasal"])
RANGE_CONNECTORS = frozenset(QUALIFIERS["range"]["connectors"])
RANGE_OPENERS = frozenset(QUALIFIERS["range"]["between"])
_LONGEST = max(len(k) for k in (*BEFORE, *AFTER, *EXACT, *CHANGE))


_LAST_WORDS: dict[int, frozenset[str]] = {}
_AFTER_FIRST = frozenset(words[0] for words in AFTER)


def _match_before(table: dict[tuple[str, ...], str], tokens: list[Token], i: int) -> tuple[str, int] | None:
    """The longest phrase of TABLE that ends right before token I, and the index it starts at."""
    last = _LAST_WORDS.get(id(table))
    if last is None:
        last = _LAST_WORDS[id(table)] = frozenset(words[-1] for words in table)
    if i == 0 or tokens[i - 1].low not in last:
        return None  # most tokens end no phrase: answer without building any tuple
    for size in range(min(_LONGEST, i), 0, -1):
        words = tuple(t.low for t in tokens[i - size : i])
        if words in table:
            return table[words], i - size
    return None


def qualifier_before(tokens: list[Token], i: int) -> tuple[Qualifier, int]:
    """The qualifier written before the number at token I, and the index the figure starts at.

    >>> from .tokens import tokenize
    >>> tokens = tokenize("pullout of more than 5,000 militants")
    >>> qualifier_before(tokens, 4)
    (<Qualifier.MORE_THAN: 'more_than'>, 2)
    """
    found = _match_before(BEFORE, tokens, i)
    if found is not None and tokens[found[1]].low == ">" and found[1] > 0 and not tokens[found[1]].space:
        found = None  # "<@123> 5 buses": the ">" closes a tag glued to the word before, no bound
    if found is not None:
        name, start = found
        # "just over 20" keeps "just" with the hedge; "about the" never reaches a number.
        return Qualifier(name), start
    exact = _match_before(EXACT, tokens, i)
    if exact is not None:
        inner = _match_before(BEFORE, tokens, exact[1])
        if inner is not None:
            return Qualifier(inner[0]), inner[1]
        return Qualifier.EXACT, exact[1]
    return Qualifier.EXACT, i


def qualifier_after(tokens: list[Token], j: int) -> tuple[Qualifier, int] | None:
    """A qualifier written after the figure ending at token J ("5,000 or more"), and its end."""
    if j >= len(tokens) or tokens[j].low not in _AFTER_FIRST:
        return None
    for size in range(min(_LONGEST, len(tokens) - j), 0, -1):
        words = tuple(t.low for t in tokens[j : j + size])
        if words in AFTER:
            return Qualifier(AFTER[words]), j + size
    return None


_CHANGE_GAP = frozenset(
    [
        "by",
        "about",
        "around",
        "nearly",
        "some",
        "almost",
        "roughly",
        "an",
        "a",
        "estimated",
        "over",
        "more",
        "than",
        "just",
    ]
)


def change_before(tokens: list[Token], i: int) -> Change | None:
    """Up or down when a change verb or adverb governs the figure starting at token I.

    "rose 3%", "fell by 200", "up about 12 per cent"; "rose to 5%" is a level, not a change.
    """
    k = i
    while k > 0 and tokens[k - 1].low in _CHANGE_GAP and i - k < 4:
        k -= 1
    found = _match_before(CHANGE, tokens, k)
    if found is None:
        return None
    start = found[1]
    if start > 0 and (tokens[start - 1].low, tokens[start].low) in PHRASAL:
        return None  # "gave up 410 yards": a phrasal verb, not a rise
    return Change.UP if found[0] == "up" else Change.DOWN


def interval(value: float, qualifier: Qualifier) -> tuple[float | None, float | None]:
    """The interval VALUE allows under QUALIFIER.

    >>> interval(100, Qualifier.APPROX), interval(5000, Qualifier.MORE_THAN)
    ((90.0, 110.0), (5000, None))
    """
    if qualifier is Qualifier.APPROX:
        a, b = round(value * (1 - APPROX), 9), round(value * (1 + APPROX), 9)
        return (min(a, b), max(a, b))
    if qualifier in (Qualifier.MORE_THAN, Qualifier.AT_LEAST):
        return value, None
    if qualifier in (Qualifier.UP_TO, Qualifier.LESS_THAN):
        return None, value
    return value, value
