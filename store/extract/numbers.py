"""Numbers as news writes them: digits with separators, scale words, number words, fractions.

Every reader here works on the tokens of one sentence and returns `Number`s: the token range of
the number as written (without qualifier or unit) and its value. Whether a number is a figure at
all (not a date, a name, a phone number) is decided in exclusions.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .rules import COUNTS, NUMBERS, UNIT_PHRASES
from .tokens import Token

WORDS: dict[str, float] = {k: float(v) for k, v in NUMBERS["words"].items()}
MULTIPLIERS: dict[str, float] = {k: float(v) for k, v in NUMBERS["multipliers"].items()}
GLUED_SCALES: dict[str, float] = {k: float(v) for k, v in NUMBERS["glued_scales"].items()}
FRACTIONS: dict[str, float] = {k: float(v) for k, v in NUMBERS["fractions"].items()}
VAGUE: dict[str, tuple[float, float]] = {k: (float(v[0]), float(v[1])) for k, v in NUMBERS["vague"].items()}
DETERMINERS = frozenset(NUMBERS["determiners"]["words"])
CURRENCY_BEFORE: dict[str, str] = UNIT_PHRASES["before"]
# Words that name a unit after a fraction ("1/4 pound", "half a mile"): the [after] phrases of one word.
_UNIT_WORDS = frozenset(k.lower() for k in UNIT_PHRASES["after"] if " " not in k and k.isalpha() and len(k) > 2)
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

    >>> parse_digits("2,124"), parse_digits("2.5"), parse_digits("41,250.75"), parse_digits("1.2.3")
    (2124.0, 2.5, 41250.75, None)
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


_SPACED_PREFIXES = frozenset({"us", "hk", "s", "a", "nz", "c", "au", "ca", "sg"})
_LONGEST_CURRENCY = max(len(k) for k in CURRENCY_BEFORE)
_CURRENCY_ENDS = frozenset(form[cut:] for form in CURRENCY_BEFORE for cut in range(len(form)))


def _currency_before(tokens: list[Token], i: int) -> tuple[str | None, int | None]:
    """The currency written right before token I ("$", "US$", "HK $", "$US", "€", "USD"), and where it starts.

    Glued tokens are joined and the longest form in rules/unit_phrases.toml [before] wins, so
    "$US42m", "A$5" and "PS3.5m" (how unidecode spells "£3.5m") all read. Codes of one or two
    letters must not be lower case ("rm", "ps" and "y" are words); a country prefix may stand
    one space before its sign ("HK $8.1 billion", "US $1.04 billion").
    """
    if i < 1 or tokens[i - 1].low not in _CURRENCY_ENDS:
        return None, None  # every form found below ends with the token right before I
    best: tuple[str, int] | None = None
    joined = ""
    k = i
    while k >= 1 and len(joined) < _LONGEST_CURRENCY:
        prev = tokens[k - 1]
        if prev.kind not in {"word", "punct"}:
            break
        joined = prev.low + joined
        if joined in CURRENCY_BEFORE:
            best = (joined, k - 1)
        if prev.space:
            break
        k -= 1
    if best is None:
        return None, None
    form, start = best
    letters = "".join(t.text for t in tokens[start:i] if t.kind == "word")
    if letters and len(letters) <= 2 and letters.islower():
        return None, None
    # "HK $8.1 billion": a country prefix one space before the sign.
    if form == "$" and start >= 1 and tokens[start - 1].low in _SPACED_PREFIXES and tokens[start - 1].text.isupper():
        spaced = tokens[start - 1].low + "$"
        if spaced in CURRENCY_BEFORE:
            return CURRENCY_BEFORE[spaced], start - 1
    return CURRENCY_BEFORE[form], start


def _scale_after(tokens: list[Token], j: int, currency: bool) -> tuple[float, int]:
    """A scale word or abbreviation at token J ("million", "bn", glued "m"), and the next index.

    Scale words chain upward ("3 hundred million" is 300 million).
    """
    if j >= len(tokens) or tokens[j].kind != "word":
        return 1.0, j
    tok = tokens[j]
    if tok.low in MULTIPLIERS:
        scale, k = MULTIPLIERS[tok.low], j + 1
        while k < len(tokens) and tokens[k].low in MULTIPLIERS and MULTIPLIERS[tokens[k].low] > scale:
            scale *= MULTIPLIERS[tokens[k].low]
            k += 1
        return scale, k
    if tok.low in GLUED_SCALES and not tok.space:
        if tok.low in _AMBIGUOUS_SCALES and not currency:
            # "20m devices", "20m of its users" are millions; "100m sprint", "5m deep", "5m of rope" are metres.
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            after = tokens[j + 2].low if j + 2 < len(tokens) else ""
            if tok.low == "m" and (
                nxt is None
                or nxt.kind != "word"
                or (nxt.low in _METRE_WORDS and not (nxt.low == "of" and after in _OWNERS))
            ):
                return 1.0, j
        return GLUED_SCALES[tok.low], j + 1
    if tok.low in _SPACED_SCALES:
        return GLUED_SCALES.get(tok.low, MULTIPLIERS.get(tok.low, 1.0)), j + 1
    return 1.0, j


_SPACED_SCALES = frozenset({"bn", "mn", "tn", "trn", "mln", "bln", "mil"})
_OWNERS = frozenset({"its", "their", "his", "her", "our", "my", "your"})
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


def _word_number(tokens: list[Token], i: int, implicit_one: bool = False) -> tuple[float, int] | None:
    """A number written in words from token I ("twenty-five", "two hundred and fifty thousand").

    IMPLICIT_ONE reads a scale word at I as one of it ("a million", "a hundred").

    >>> from .tokens import tokenize
    >>> _word_number(tokenize("twenty-five buses"), 0), _word_number(tokenize("two dozen eggs"), 0)
    ((25.0, 3), (24.0, 2))
    >>> _word_number(tokenize("forty-one thousand two hundred thirty-five voters"), 0)
    (41235.0, 9)
    """
    total = 0.0
    current = 1.0 if implicit_one else 0.0
    k = i
    seen = implicit_one
    n = len(tokens)
    while k < n:
        tok = tokens[k]
        low = tok.low
        if low in WORDS and tok.kind == "word":
            rest = current % 100
            if low == "dozen" and seen:
                current *= 12
            elif (
                not seen
                # "forty-two", "two hundred thirty-five": units after tens
                or (rest % 10 == 0 and 20 <= rest < 100 and WORDS[low] < 10)
                # "two hundred fifty", "thousand six": a smaller number after a scale
                or (rest == 0 and (current > 0 or total > 0) and WORDS[low] < 100)
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
    if not seen or k == i:
        return None
    return total + current, k


# Words a number in words can start with (_read_word answers None for any other word).
_STARTERS = frozenset(
    {*WORDS, *MULTIPLIERS, *FRACTIONS, *VAGUE, "a", "an", "one", "no", "nobody", "none", "half", "tens"}
)
_MINUS = frozenset({"-", "−"})
_ARTICLES = frozenset({"a", "an"})
_AFTER_ARTICLE = frozenset({*MULTIPLIERS, "dozen", *FRACTIONS, "couple", "full", "single", "whole",
                            "second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade"})
_TIMES = frozenset({"×", "x", "*"})
_SLASHES = frozenset({"/", "⁄"})


def _exponent(tokens: list[Token], j: int) -> tuple[int, int] | None:
    """The power of ten written from token J ("× 10−30", "x10^6"), and the index after it."""
    n = len(tokens)
    if j + 1 >= n or tokens[j].low not in _TIMES or tokens[j + 1].text != "10":
        return None
    k = j + 2
    if k < n and tokens[k].low == "^":
        k += 1
    sign = 1
    if k < n and tokens[k].low in {*_MINUS, "+"} and not tokens[k].space:
        sign = -1 if tokens[k].low in _MINUS else 1
        k += 1
    if k >= n or tokens[k].kind != "num" or not tokens[k].text.isdigit() or tokens[k].space or len(tokens[k].text) > 3:
        return None
    return sign * int(tokens[k].text), k + 1


def _slash_fraction(tokens: list[Token], i: int) -> tuple[float, int] | None:
    """A fraction "1/16", "1⁄32" at token I: a smaller integer over a larger one, glued.

    "24/7" and "9/11" are not fractions; "1/4 pound" and "3/4 of a cup" are. The fraction
    slash "⁄" is always a fraction; "/" only when "of" or a unit word follows (checked by the caller).
    """
    n = len(tokens)
    if i + 2 >= n or tokens[i + 1].low not in _SLASHES or tokens[i + 1].space or tokens[i + 2].space:
        return None
    a, b = tokens[i].text, tokens[i + 2].text
    if not (a.isdigit() and b.isdigit()) or int(b) == 0 or int(a) >= int(b):
        return None
    return int(a) / int(b), i + 3


def find_numbers(tokens: list[Token]) -> list[Number]:
    """Every number in the tokens of one sentence, left to right, not yet filtered."""
    out: list[Number] = []
    i = 0
    # Only digits and number words can start a number: one pass in a comprehension finds them.
    starts = [k for k, tok in enumerate(tokens) if tok.kind == "num" or tok.low in _STARTERS]
    for k in starts:
        if k < i:
            continue  # inside the number read before
        i = k
        tok = tokens[i]
        found: Number | None = None
        if tok.kind == "num":
            found = _read_digits(tokens, i)
        elif tok.kind == "word":
            if tok.low in _ARTICLES and (i + 1 >= len(tokens) or tokens[i + 1].low not in _AFTER_ARTICLE):
                continue  # "a", "an": a number only before a scale word or a fraction ("a million", "a third of")
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
    return _out_of(tokens, out) if len(out) > 1 else out


def _read_digits(tokens: list[Token], i: int) -> Number | None:
    """A number written in digits at token I, with its sign, currency, scale or power of ten."""
    tok = tokens[i]
    value = parse_digits(tok.text)
    if value is None:
        return None
    fraction = _slash_fraction(tokens, i)
    if fraction is not None:
        slash = tokens[i + 1].low
        nxt = tokens[fraction[1]] if fraction[1] < len(tokens) else None
        if slash == "⁄" or (nxt is not None and nxt.kind == "word" and (nxt.low == "of" or nxt.low in _UNIT_WORDS)):
            return Number(i, fraction[1], fraction[0], "fraction")
    negative = False
    i0 = i
    if i >= 1 and tokens[i - 1].low in _MINUS and not tok.space:
        before = tokens[i - 2].low if i >= 2 else ""
        # "-1.3", "(-5)", "minus -2", "$-12.5bn"; not "2016-17" or "COVID-19".
        if i == 1 or tokens[i - 1].space or before in {"(", "minus"} or before in CURRENCY_BEFORE:
            negative, i0 = True, i - 1
            if before == "minus":
                i0 = i - 2
    elif i >= 1 and tokens[i - 1].low == "minus":
        negative, i0 = True, i - 1
    currency, cur = _currency_before(tokens, i0 if negative and i0 == i - 1 else i)
    scale, j = _scale_after(tokens, i + 1, currency is not None)
    power = _exponent(tokens, j) if scale == 1.0 else None
    if power is not None:
        # "1.6×10−19": through the decimal string, so 1.6e-19 comes out exact.
        value, j = float(f"{tok.text.replace(',', '')}e{power[0]}"), power[1]
    elif scale != 1.0:
        # through the decimal string, so "4.1 million" is 4100000 and not 4099999.999...
        value = float(Decimal(tok.text.replace(",", "")) * Decimal(int(scale)))
    return Number(
        i0, j, -value if negative else value, "digit", currency=currency, cur=cur, scaled=scale != 1, scale=scale
    )


def _out_of(tokens: list[Token], numbers: list[Number]) -> list[Number]:
    """Join "two out of five" into the fraction it states."""
    out: list[Number] = []
    k = 0
    while k < len(numbers):
        a = numbers[k]
        if k + 1 < len(numbers):
            b = numbers[k + 1]
            gap = [t.low for t in tokens[a.j : b.i]]
            if (
                gap == ["out", "of"]
                and a.kind in {"word", "digit"}
                and b.kind in {"word", "digit"}
                and 0 < a.value < b.value
            ) or _odds(tokens, a, b, gap):
                out.append(Number(a.i, b.j, a.value / b.value, "fraction"))
                k += 2
                continue
        out.append(a)
        k += 1
    return out


def _odds(tokens: list[Token], a: Number, b: Number, gap: list[str]) -> bool:
    """True for "a 1 in 10,000 chance", "one in five adults": odds, one figure (1/10,000).

    Not "2 in 10 minutes" (a unit after the second number) nor "1 in 2016" (a year).
    """
    if gap != ["in"] or a.kind not in {"word", "digit"} or b.kind not in {"word", "digit"}:
        return False
    if not (0 < a.value < b.value) or a.value != int(a.value) or b.value < 2:
        return False
    if b.kind == "digit" and 1800 <= b.value <= 2100 and "," not in tokens[b.i].text:
        return False
    nxt = tokens[b.j] if b.j < len(tokens) else None
    return nxt is None or nxt.kind != "word" or nxt.low not in _UNIT_WORDS


def _read_word(tokens: list[Token], i: int) -> Number | None:
    """A number that starts with a word at token I: number words, fractions, zero, vague words."""
    n = len(tokens)
    tok = tokens[i]
    low = tok.low
    nxt = tokens[i + 1].low if i + 1 < n else ""
    if low in {"no", "nobody", "none"}:
        # Zero only when it answers a count: "nobody was hurt", "none were injured", "there were
        # no passengers"; not "nobody can say", "it should surprise no one".
        if low == "nobody" and _harm_follows(tokens, i + 1):
            return Number(i, i + 1, 0.0, "zero")
        if low == "no" and nxt == "one" and (i + 2 >= n or tokens[i + 2].low != "of") and _harm_follows(tokens, i + 2):
            return Number(i, i + 2, 0.0, "zero")
        if low == "none" and _harm_follows(tokens, i + 1):
            return Number(i, i + 1, 0.0, "zero")
        if low == "no" and _counted_after_no(tokens, i + 1):
            return Number(i, i + 1, 0.0, "zero")
        return None
    if low in {"a", "an"} and nxt == "couple":
        return Number(i, i + 2, 2.0, "word")  # "a couple of years", "a couple of paying customers"
    if low in {"a", "an"} and _duration_after_article(tokens, i):
        return Number(i, i + 1 + (nxt in _DURATION_ADJECTIVES), 1.0, "word")  # "for a year", "a full year"
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
            parsed = _word_number(tokens, i + 1, implicit_one=True)
            if parsed is not None:
                value, j = parsed
                return Number(i, j, value, "word", scaled=True, scale=value)
        if nxt in FRACTIONS and i + 2 < n and tokens[i + 2].low == "of":
            return Number(i, i + 2, FRACTIONS[nxt], "fraction")
        if low == "one" and nxt == "-" and i + 2 < n and tokens[i + 2].low in FRACTIONS:
            return Number(i, i + 3, FRACTIONS[tokens[i + 2].low], "fraction")
        if low != "one":
            return None
    if low == "half":
        return _half(tokens, i)
    if low in WORDS:
        if low in {"dozen", "score"}:
            return None  # "a baker's dozen", "score a goal": only "a dozen" or "two dozen" count
        parsed = _word_number(tokens, i)
        if parsed is None:
            return None
        value, j = parsed
        if j + 1 < n and tokens[j].low == "-" and not tokens[j].space and tokens[j + 1].low in FRACTIONS:
            return Number(i, j + 2, value * FRACTIONS[tokens[j + 1].low], "fraction")
        if j < n and tokens[j].low in FRACTIONS and tokens[j].low.endswith("s") and value > 1:
            if tokens[j].low == "quarters" and (j + 1 >= n or tokens[j + 1].low != "of"):
                return Number(i, j, value, "word")  # "the most recent two quarters": periods, not 2/4
            return Number(i, j + 1, value * FRACTIONS[tokens[j].low], "fraction")
        half = _and_a_half(tokens, j)
        if half is not None:
            return Number(i, half, value + 0.5, "word")  # "two-and-a-half hours", "three and a half"
        return Number(i, j, value, "word")
    return None


_HARM = frozenset(COUNTS["zero_predicates"])
_NO_HEADS_NOT = frozenset(COUNTS["no_not_counts"])
_PEOPLE = frozenset(COUNTS["one_counts"])
_NP_STOPS = frozenset(COUNTS["np_stops"])
_CLAUSE_END = frozenset({".", ";", ":", "!", "?", "but", "because", "although"})
_NO_MODIFIERS = frozenset({"other", "known", "further", "more", "new", "reported", "confirmed"})


def _harm_follows(tokens: list[Token], k: int) -> bool:
    """True when the clause from K says what happened to the people a zero counts ("was hurt")."""
    for m in range(k, min(k + 10, len(tokens))):
        low = tokens[m].low
        if low in _CLAUSE_END:
            return False
        if low in _HARM:
            return True
    return False


def _counted_after_no(tokens: list[Token], k: int) -> bool:
    """True for "no passengers", "no other Brazilian drivers", "no known person": a count of zero.

    The noun phrase after "no" (at most three words) must end in a plural noun written in lower
    case, or in a person noun; abstract plurals ("no plans", "no signs") state no count.
    """
    n = len(tokens)
    last = None
    for m in range(k, min(k + 3, n)):
        tok = tokens[m]
        if tok.kind != "word" or tok.low in _CLAUSE_END or (m > k and tok.low in _NP_STOPS):
            break
        last = tok
        if tok.low in _PEOPLE:
            nxt = tokens[m + 1] if m + 1 < n else None
            if nxt is not None and nxt.kind == "word" and nxt.text.islower() and nxt.low not in _NP_STOPS:
                return False  # "no official reaction": the person word modifies another noun
            break
        if tok.text.islower() and tok.low not in _NO_MODIFIERS and not _plural(tok.low):
            break  # a lower-case singular noun or adjective ends the phrase ("no sanctions violation")
    if last is None or last.low in _NO_HEADS_NOT:
        return False
    return last.low in _PEOPLE or (last.text.islower() and _plural(last.low))


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))


_DURATIONS = frozenset({"second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade"})
_DURATION_ADJECTIVES = frozenset({"full", "single", "whole"})
_DURATION_OPENERS = frozenset(
    {"for", "within", "over", "after", "than", "least", "about", "nearly", "almost", "around", "roughly",
     "barely", "just", "only", "another", "lasted", "took", "spent", "waited", "last"}
)


def _duration_after_article(tokens: list[Token], i: int) -> bool:
    """True for "waited at least a month", "for a single month", "a full year to pay": one of it."""
    n = len(tokens)
    k = i + 1
    if k < n and tokens[k].low in _DURATION_ADJECTIVES:
        k += 1
    if k >= n or tokens[k].low not in _DURATIONS or i == 0:
        return False
    if k + 1 < n and (tokens[k + 1].low in {"ago", "earlier", "later", "before", "time"} or tokens[k + 1].low == "-"):
        return False  # "a year ago", "for a second time", "a year-long probe"
    return tokens[i - 1].low in _DURATION_OPENERS or tokens[k - 1].low in _DURATION_ADJECTIVES


def _and_a_half(tokens: list[Token], j: int) -> int | None:
    """The end of "-and-a-half" / " and a half" after a whole number ending at J, else None."""
    words = [t.low for t in tokens[j : j + 7] if t.low != "-"]
    if words[:3] != ["and", "a", "half"]:
        return None
    k, seen = j, 0
    while k < len(tokens) and seen < 3:
        if tokens[k].low != "-":
            seen += 1
        k += 1
    return k


_HALF_OF = frozenset({"of", "the", "its", "their", "his", "her", "our", "my", "your", "this", "that", "these", "those"})


def _half(tokens: list[Token], i: int) -> Number | None:
    """ "half of", "half the flats" (0.5), "half a million" (500,000), "half a mile" (0.5 mile)."""
    n = len(tokens)
    nxt = tokens[i + 1].low if i + 1 < n else ""
    if nxt in _HALF_OF:
        return Number(i, i + 1, 0.5, "fraction")
    if nxt in MULTIPLIERS and (i == 0 or tokens[i - 1].low in {"a", "an", "one"}):
        parsed = _word_number(tokens, i + 1, implicit_one=True)  # "a half million barrels"
        if parsed is not None:
            start = i - 1 if i > 0 else i
            return Number(start, parsed[1], 0.5 * parsed[0], "word", scaled=True, scale=parsed[0])
    if nxt in {"a", "an"} and i + 2 < n:
        parsed = (
            _word_number(tokens, i + 2, implicit_one=True)
            if tokens[i + 2].low in MULTIPLIERS or tokens[i + 2].low == "dozen"
            else None
        )
        if parsed is not None:
            return Number(i, parsed[1], 0.5 * parsed[0], "word", scaled=True, scale=parsed[0])
        if tokens[i + 2].low in _UNIT_WORDS:
            return Number(i, i + 2, 0.5, "fraction")
    return None
