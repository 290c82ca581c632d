"""Numbers as news writes them: digits with separators, scale words, number words, fractions.

Every reader here works on the tokens of one sentence and returns `Number`s: the token range of
the number as written (without qualifier or unit) and its value. Whether a number is a figure at
all (not a date, a name, a phone number) is decided in exclusions.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import NUMBERS, UNIT_PHRASES
from .tokens import Token

WORDS: dict[str, float] = {k: float(v) for k, v in NUMBERS["words"].items()}
MULTIPLIERS: dict[str, float] = {k: float(v) for k, v in NUMBERS["multipliers"].items()}
GLUED_SCALES: dict[str, float] = {k: float(v) for k, v in NUMBERS["glued_scales"].items()}
FRACTIONS: dict[str, float] = {k: float(v) for k, v in NUMBERS["fractions"].items()}
VAGUE: dict[str, tuple[float, float]] = {k: (float(v[0]), float(v[1])) for k, v in NUMBERS["vague"].items()}
DETERMINERS = frozenset(NUMBERS["determiners"]["words"])
CURRENCY_BEFORE: dict[str, str] = UNIT_PHRASES["before"]
# Abbreviated scales that are also units ("5m" = 5 metres or 5 million); glued only.
_AMBIGUOUS_SCALES = frozenset({"m", "b", "k"})


@dataclass(slots=True)
class Number:
    """A number in a sentence's tokens: tokens [i, j) as written, its value and what it is.

    `kind` is digit, word, zero, fraction or vague; `low`/`high` are set for vague words.
    `currency` is the unit of a sign or code before the number, starting at token `cur`.
    """

    i: int
    j: int
    value: float
    kind: str
    low: float | None = None
    high: float | None = None
    currency: str | None = None
    cur: int | None = None
    scaled: bool = False
    scale: float = 1.0


def parse_digits(text: str) -> float | None:
    """The value of a digit string with thousands separators and a decimal point.

    >>> parse_digits("2,124"), parse_digits("2.5"), parse_digits("27,349.19"), parse_digits("1.2.3")
    (2124.0, 2.5, 27349.19, None)
    """
    if text.count(".") > 1:
        return None
    whole, _, decimals = text.partition(".")
    groups = whole.split(",")
    if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
        return None
    try:
        return float("".join(groups) + ("." + decimals if decimals else ""))
    except ValueError:
        return None


def _currency_before(tokens: list[Token], i: int) -> tuple[str | None, int | None]:
    """The currency written right before token I ("$", "US$", "€", "USD"), and where it starts."""
    if (i >= 2 and not tokens[i - 1].space) or i >= 1:
        prev = tokens[i - 1] if i >= 1 else None
        if prev is None:
            return None, None
        if prev.low in CURRENCY_BEFORE and (prev.kind == "punct" or prev.kind == "word"):
            if prev.kind == "punct" and i >= 2 and not prev.space and tokens[i - 2].kind == "word":
                glued = tokens[i - 2].low + prev.low
                if glued in CURRENCY_BEFORE:
                    return CURRENCY_BEFORE[glued], i - 2
            if prev.kind == "word" and prev.text.islower() and prev.low in {"rs", "rm", "rs."}:
                return None, None
            return CURRENCY_BEFORE[prev.low], i - 1
        if prev.kind == "punct" and i >= 2 and not prev.space:
            glued = tokens[i - 2].low + prev.low
            if glued in CURRENCY_BEFORE:
                return CURRENCY_BEFORE[glued], i - 2
    return None, None


def _scale_after(tokens: list[Token], j: int, currency: bool) -> tuple[float, int]:
    """A scale word or abbreviation at token J ("million", "bn", glued "m"), and the next index."""
    if j >= len(tokens) or tokens[j].kind != "word":
        return 1.0, j
    tok = tokens[j]
    if (tok.low in MULTIPLIERS and tok.low != "hundred") or tok.low == "hundred":
        return MULTIPLIERS[tok.low], j + 1
    if tok.low in GLUED_SCALES and not tok.space:
        if tok.low in _AMBIGUOUS_SCALES and not currency:
            # "35m devices", "5m of its users" are millions; "100m sprint", "5m deep" are metres.
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            if tok.low == "m" and (nxt is None or nxt.kind != "word" or nxt.low in _METRE_WORDS):
                return 1.0, j
        return GLUED_SCALES[tok.low], j + 1
    if tok.low in {"bn", "mn", "tn", "trn", "mln", "bln"}:
        return GLUED_SCALES.get(tok.low, MULTIPLIERS.get(tok.low, 1.0)), j + 1
    return 1.0, j


_METRE_WORDS = frozenset(
    [
        "deep",
        "high",
        "tall",
        "long",
        "wide",
        "away",
        "above",
        "below",
        "under",
        "sprint",
        "race",
        "freestyle",
        "hurdles",
        "relay",
        "dash",
        "in",
        "at",
        "on",
        "from",
        "of",
        "to",
        "and",
        "or",
    ]
)


def _word_number(tokens: list[Token], i: int) -> tuple[float, int] | None:
    """A number written in words from token I ("twenty-five", "two hundred and fifty thousand").

    >>> from .tokens import tokenize
    >>> _word_number(tokenize("twenty-five buses"), 0), _word_number(tokenize("two dozen eggs"), 0)
    ((25.0, 3), (24.0, 2))
    """
    total = current = 0.0
    k = i
    seen = False
    n = len(tokens)
    while k < n:
        tok = tokens[k]
        low = tok.low
        if low in WORDS and tok.kind == "word":
            if low == "dozen" and seen:
                current *= 12
            elif (
                (seen and current % 10 == 0 and 0 < current < 100 and WORDS[low] < 10)
                or not seen
                or (seen and current >= 100 and current % 100 == 0 and WORDS[low] < 100)
            ):
                current += WORDS[low]
            else:
                break
            seen = True
        elif low in MULTIPLIERS and seen and tok.kind == "word":
            scale = MULTIPLIERS[low]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total += current
                current = 0.0
        elif (
            seen
            and low in {"-", "and"}
            and k + 1 < n
            and tokens[k + 1].low in WORDS
            and (
                (low == "-" and not tok.space and not tokens[k + 1].space) or (low == "and" and total + current >= 100)
            )
        ):
            pass
        else:
            break
        k += 1
    if not seen:
        return None
    return total + current, k


def find_numbers(tokens: list[Token]) -> list[Number]:
    """Every number in the tokens of one sentence, left to right, not yet filtered."""
    out: list[Number] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        found: Number | None = None
        if tok.kind == "num":
            value = parse_digits(tok.text)
            if value is not None:
                currency, cur = _currency_before(tokens, i)
                scale, j = _scale_after(tokens, i + 1, currency is not None)
                if (
                    i >= 1
                    and tokens[i - 1].low in {"-", "−"}
                    and not tok.space
                    and (i == 1 or tokens[i - 1].space or tokens[i - 2].low in {"(", "minus"})
                ):
                    value, i0 = -value, i - 1
                    if i >= 2 and tokens[i - 2].low == "minus":
                        i0 = i - 2
                elif i >= 1 and tokens[i - 1].low == "minus":
                    value, i0 = -value, i - 1
                else:
                    i0 = i
                found = Number(
                    i0, j, value * scale, "digit", currency=currency, cur=cur, scaled=scale != 1, scale=scale
                )
        elif tok.kind == "word":
            found = _read_word(tokens, i)
            if found is not None and found.kind == "word":
                scales = [MULTIPLIERS[t.low] for t in tokens[found.i : found.j] if t.low in MULTIPLIERS]
                if scales:
                    found.scaled, found.scale = True, max(scales)
        if found is not None:
            out.append(found)
            i = max(found.j, i + 1)
        else:
            i += 1
    return out


def _read_word(tokens: list[Token], i: int) -> Number | None:
    """A number that starts with a word at token I: number words, fractions, zero, vague words."""
    n = len(tokens)
    tok = tokens[i]
    low = tok.low
    nxt = tokens[i + 1].low if i + 1 < n else ""
    if low in {"no", "nobody", "none"}:
        # Zero only when it answers a count: "no one was injured", "none of the passengers".
        if low == "nobody":
            return Number(i, i + 1, 0.0, "zero")
        if low == "no" and nxt == "one" and (i + 2 >= n or tokens[i + 2].low != "of"):
            return Number(i, i + 2, 0.0, "zero")
        if low == "none" and nxt == "of":
            return Number(i, i + 1, 0.0, "zero")
        return None
    if low in VAGUE:
        if low in {"hundreds", "thousands", "millions"} and i >= 2 and tokens[i - 1].low == "of":
            return None  # "tens of thousands" is read from "tens"
        lo, hi = VAGUE[low]
        j = i + 1
        if nxt == "of" and i + 2 < n and tokens[i + 2].low in {"thousands", "millions", "billions"}:
            inner = VAGUE[tokens[i + 2].low]
            lo, hi = lo * inner[0], hi * inner[1]
            j = i + 3
        return Number(i, j, lo, "vague", low=lo, high=hi)
    if low == "tens" and nxt == "of" and i + 2 < n and tokens[i + 2].low in VAGUE:
        inner = VAGUE[tokens[i + 2].low]
        return Number(i, i + 3, inner[0] * 10, "vague", low=inner[0] * 10, high=inner[1] * 10)
    if low in {"a", "an", "one"}:
        if nxt in MULTIPLIERS or nxt == "dozen":
            parsed = _word_number(tokens, i + 1)
            if parsed is not None:
                value, j = parsed
                return Number(i, j, value, "word", scaled=True, scale=value)
        if nxt in FRACTIONS and i + 2 < n and tokens[i + 2].low == "of":
            return Number(i, i + 2, FRACTIONS[nxt], "fraction")
        if low == "one" and nxt == "-" and i + 2 < n and tokens[i + 2].low in FRACTIONS:
            return Number(i, i + 3, FRACTIONS[tokens[i + 2].low], "fraction")
        if low != "one":
            return None
    if low == "half" and nxt == "of":
        return Number(i, i + 1, 0.5, "fraction")
    if low in WORDS:
        parsed = _word_number(tokens, i)
        if parsed is None:
            return None
        value, j = parsed
        if j + 1 < n and tokens[j].low == "-" and not tokens[j].space and tokens[j + 1].low in FRACTIONS:
            return Number(i, j + 2, value * FRACTIONS[tokens[j + 1].low], "fraction")
        if j < n and tokens[j].low in FRACTIONS and tokens[j].low.endswith("s") and value > 1:
            return Number(i, j + 1, value * FRACTIONS[tokens[j].low], "fraction")
        return Number(i, j, value, "word")
    return None
