"""extract(): article text in, figures out (DESIGN §2). Pure, deterministic, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from ..figure import Change, Figure, Qualifier
from ..terms import key_of
from ..units import dimension_of
from .actions import ASPECTUAL, action_after, action_before, action_noun
from .attribution import attributions
from .concepts import INHERIT, SUBJECT, concept_of, first_phrase, subject_of
from .counts import number_of, phrase_after, phrase_before_of
from .exclusions import excluded_spans, inside, is_not_figure
from .measures import hyphen_unit, money_per, unit_at
from .numbers import FRACTIONS, MULTIPLIERS, VAGUE, WORDS, Number, find_numbers
from .qualifiers import RANGE_OPENERS, change_before, interval, qualifier_after, qualifier_before
from .rules import COUNTS, phrases
from .tokens import Sentence, Token, sentences, tokenize
from .words import nominalised

_NUMBER_WORDS = sorted({*WORDS, *MULTIPLIERS, *FRACTIONS, *VAGUE, "nobody", "none", "no one", "tens"}, key=len)
_DIGIT = re.compile(r"\d")
# Matched on the lower-cased text (much faster than re.I); the lookahead skips every position
# whose letter opens no number word.
assert all(word == word.lower() for word in _NUMBER_WORDS)
_NUMBER_WORD = re.compile(
    r"\b(?=["
    + re.escape("".join(sorted({word[0] for word in _NUMBER_WORDS})))
    + r"])(?:"
    + "|".join(map(re.escape, reversed(_NUMBER_WORDS)))
    + r")\b"
)


# Zero and one written without a number word: "no passengers", "a couple of", "for a year".
_ARTICLE_NUMBER = re.compile(
    r"\b(?:no\s+[a-z]|a\s+couple\b|a\s+(?:full\s+|single\s+|whole\s+)?"
    r"(?:second|minute|hour|day|week|fortnight|month|year|decade)\b)"
)


def _candidate(text: str) -> bool:
    """True when TEXT may hold a figure: a digit (a fast scan) or a number word (a slower one)."""
    if _DIGIT.search(text) is not None:
        return True
    low = text.lower()
    return _NUMBER_WORD.search(low) is not None or _ARTICLE_NUMBER.search(low) is not None


# Matched on the lower-cased sentence (much faster than re.I); every period phrase starts with a
# letter, so the lookahead skips the word ends \b also matches at.
_PERIOD_SOURCE = "|".join(COUNTS["periods"])
assert not re.search(r"\\[A-Z]", _PERIOD_SOURCE), "an upper-case escape would change meaning when lowered"
_PERIODS = re.compile(r"\b(?=[a-z])(?:" + _PERIOD_SOURCE.lower() + r")\b")
PART_MARKERS = phrases(COUNTS["part_markers"])
PART_AFTER = phrases(COUNTS["part_after"])
OF_THOSE = phrases(COUNTS["of_those"])
_COORDINATORS = frozenset({"and", "&", ",", "as", "well", "plus", "or"})
_RANGE_LINKS = frozenset({"-", "–", "—", "to"})
_ONE_DETERMINERS = frozenset({"one", "a", "an"})
_AGE_WORDS = frozenset({"aged", "age", "ages"})


@dataclass(slots=True)
class Draft:
    """A figure being built from one Number in one sentence's tokens."""

    sent: int
    tokens: list[Token]
    num: Number
    start: int  # first token, qualifier and currency included
    end: int  # after the last token, unit included
    value: float
    qualifier: Qualifier
    unit: str | None
    low: float | None = None
    high: float | None = None
    change: Change | None = None
    counts: tuple[int, int] | None = None
    counts_text: str | None = None
    action: tuple[int, int, str] | None = None
    action_text: str | None = None
    part: str | None = None  # "marker", "after", "those"
    parent: Draft | None = None
    vague: bool = False
    concept: tuple[int, int] | None = None
    subject: bool = False  # the figure (with what it counts) is its clause's subject: no concept


def _figure_drafts(sent_index: int, tokens: list[Token], text: str, spans: tuple[list[int], list[int]]) -> list[Draft]:
    drafts: list[Draft] = []
    skipped_to = -1  # the end of the last number read as a name or a clock: what continues it is one too
    for num in find_numbers(tokens):
        if num.kind != "fraction" and inside(spans, tokens[num.i].start, tokens[num.j - 1].end):
            continue  # a date or a time; a fraction ("3/4 of a cup") is read before the date patterns
        if num.kind == "digit" and _continues(tokens, skipped_to, num.i):
            skipped_to = num.j  # "Landing Zones 1 and 2", "Hen 2-427", "T+8 minutes, 19 seconds"
            continue
        if _countdown(tokens, num.i) or _on_a_scale(tokens, num.i) or _period_half(tokens, num):
            # a clock reading goes on past its unit: "T+plus 8 minutes, 19 seconds"
            unit_word = num.j < len(tokens) and tokens[num.j].low.rstrip("s") in TIME_UNITS
            skipped_to = num.j + 1 if unit_word else num.j
            continue
        unit = num.currency
        end = num.j
        if unit is None and end < len(tokens):
            found = unit_at(tokens, end, not tokens[end].space) or hyphen_unit(tokens, end)
            if found is not None:
                unit, end = found
        elif unit is not None and end < len(tokens):
            found = money_per(tokens, end)  # "$61 a barrel", "$12.99 a month", "$95 per sq m"
            if found is not None:
                unit, end = f"{unit} / {found[0]}", found[1]
        if unit in {"year", None} and num.i >= 2 and tokens[num.i - 2].low == "age" and tokens[num.i - 1].low == "of":
            unit = "year_of_age"  # "pupils under the age of 7 (years)"
        if unit is None and num.i >= 1 and tokens[num.i - 1].low in _AGE_WORDS:
            unit = "year_of_age"  # "aged 35", "at age 35"
        if unit is None and num.kind == "digit" and _appositive_age(tokens, num):
            unit = "year_of_age"  # "Rivera, 41, has said"
        first = num.cur if num.cur is not None else num.i
        qualifier, start = qualifier_before(tokens, first)
        after = qualifier_after(tokens, end)
        if after is not None and qualifier is Qualifier.EXACT:
            qualifier, end = after
        if (
            num.kind == "word"
            and num.i >= 2
            and tokens[num.i].text[:1].isupper()
            and tokens[num.i - 1].kind == "word"
            and tokens[num.i - 1].text[:1].isupper()
            and unit is None
            and start == first
        ):
            continue  # "the Big Ten", "Formula One", "the Big Ten": a capitalised number word in a name
        if num.kind == "digit" and is_not_figure(
            tokens, num.i, num.j, unit is not None, start < first, num.currency is not None
        ):
            skipped_to = num.j
            continue
        if unit in TIME_UNITS and _time_reference(tokens, end):
            continue  # "16 years ago", "two weeks from now": when, not how long
        if (
            num.kind == "word"
            and tokens[num.i].low in _ONE_DETERMINERS
            and num.value == 1
            and unit is None
            and qualifier is Qualifier.EXACT
            and not _one_to(tokens, num.j)
            and (_one_of(tokens, num.j) or not _one_counts(tokens, num.j))
        ):
            # "one goal", "one ceasefire deal": a determiner; "one of the best parks" picks a member
            # of a group and states no amount. "injuring one person", "one race remaining" count.
            continue
        value = num.value
        if unit in YEARS_PER:
            value, unit = value * YEARS_PER[unit], "year"  # "four decades" is 40 years, as "40 years" is
        draft = Draft(sent_index, tokens, num, start, end, value, qualifier, unit)
        if num.kind == "vague":
            draft.vague = True
            draft.qualifier = Qualifier.RANGE
            draft.low, draft.high = num.low, num.high
        else:
            draft.low, draft.high = interval(value, qualifier)
        draft.change = change_before(tokens, start)
        if draft.change is None:
            draft.change = _signed(tokens, num, unit)
        drafts.append(draft)
    return _carry(_merge_ranges(drafts))


TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})
YEARS_PER = {"decade": 10, "century": 100}
_LINKED = frozenset({"and", ",", "&", "or", "to", "-", "–"})


def _continues(tokens: list[Token], skipped_to: int, i: int) -> bool:
    """True when the number at I goes on from a number just left out as a name or a clock.

    "Landing Zones 1 and 2", "the star Hen 2-427", "T+plus 8 minutes, 19 seconds": the second
    number belongs to the same name or the same clock reading.
    """
    if skipped_to < 0 or i - skipped_to != 1:
        return False
    link = tokens[skipped_to]
    if link.low in {"-", "–"}:
        return not link.space and not tokens[i].space  # "2-427", not "lap 20 - 40 cars"
    return link.low in _LINKED


def _countdown(tokens: list[Token], i: int) -> bool:
    """True for a mission clock: "T+8 minutes", "T-minus 10 seconds", "T+plus 3 minutes"."""
    k = i - 1
    if k >= 0 and tokens[k].low in {"plus", "minus"}:
        k -= 1
    return k >= 1 and tokens[k].low in {"+", "-", "–"} and tokens[k - 1].text == "T" and not tokens[k].space


def _on_a_scale(tokens: list[Token], i: int) -> bool:
    """True for "on a scale of one to 10": the ends of a rating scale count nothing."""
    return i >= 2 and tokens[i - 1].low in {"of", "from"} and tokens[i - 2].low == "scale"


def _period_half(tokens: list[Token], num: Number) -> bool:
    """True for "the first half of this year", "the second half": a period, not a share."""
    return (
        num.kind == "fraction"
        and tokens[num.i].low == "half"
        and num.i >= 1
        and tokens[num.i - 1].low in {"first", "second", "latter", "last", "final"}
    )


def _time_reference(tokens: list[Token], end: int) -> bool:
    """True when a duration ending at END dates something: "ago", "from now"."""
    if end >= len(tokens):
        return False
    if tokens[end].low == "ago":
        return True
    return tokens[end].low == "from" and end + 1 < len(tokens) and tokens[end + 1].low == "now"


def _appositive_age(tokens: list[Token], num: Number) -> bool:
    """True for "Rivera, 41, has ...": a whole number of 1-119 set off by commas after a name."""
    i, j = num.i, num.j
    return (
        j - i == 1
        and i >= 2
        and j < len(tokens)
        and tokens[i - 1].low == ","
        and tokens[j].low in {",", "."}
        and tokens[i - 2].text[:1].isupper()
        and tokens[i - 2].kind == "word"
        and tokens[i].text.isdigit()
        and 0 < int(tokens[i].text) < 120
    )


def _signed(tokens: list[Token], num: Number, unit: str | None) -> Change | None:
    """UP for "+0.2%", DOWN for "-1.3%" or "$-12.5bn": a sign on a market move states its direction.

    Temperatures and other measures keep their sign as a value only ("minus 5 degrees").
    """
    if unit is not None and unit != "percent" and not unit.split(" / ")[0].isupper():
        return None
    if num.kind == "digit" and num.value < 0:
        return Change.DOWN
    first = num.cur if num.cur is not None else num.i
    if first > 0 and tokens[first - 1].low == "+" and not tokens[first].space:
        return Change.UP
    return None


_SHARED_UNIT_GAPS = (["or"], ["to"], ["and"], ["-", "or"], ["-", "to"], ["-", "and"], ["-", ","])
_BOUNDS = frozenset({Qualifier.MORE_THAN, Qualifier.AT_LEAST, Qualifier.UP_TO, Qualifier.LESS_THAN})


def _carry(drafts: list[Draft]) -> list[Draft]:
    """Hand a bound or a direction on to the figure that restates or continues another.

    A bracketed conversion takes the bound of its original ("more than 200 km (124
    miles)") but not an approximation ("some 60,000 square meters (37 square miles)" is exact in
    the seed gold, and NewsQuant agrees on "some 40 hectares (99 acres)"). "lost 52
    points, or 1.4%", "down 1.2%, BP by 0.8%": the restatement and the elided item share
    the direction. The level reached ("slid 3.1 percent to 9,640") does not: it is a level.
    """
    for a, b in pairwise(drafts):
        gap = [t.low for t in a.tokens[a.end : b.start]]
        if not gap:
            continue
        if a.unit is None and b.unit is not None and gap in _SHARED_UNIT_GAPS and a.num.kind in {"digit", "word"}:
            # "about 7 or $8", "a 5- or 6-litre tank": the first number shares the second's unit
            a.unit = b.unit
        if gap in (["("], ["/"]) and b.qualifier is Qualifier.EXACT and a.qualifier in _BOUNDS:
            # "more than 200 km (124 miles)": a conversion keeps the bound; an approximate
            # figure's conversion stays exact ("some 60,000 square meters (37 square miles)", seed gold)
            b.qualifier = a.qualifier
            b.low, b.high = interval(b.value, b.qualifier)
        if b.change is not None or a.change is None:
            continue
        restated = gap[-1] == "or" and len(gap) <= 4  # "lost 52 points, or 1.4%"
        elided = gap[-1] == "by" and len(gap) <= 5 and "," in gap
        if restated or elided or gap == ["("]:
            b.change = a.change
    return drafts


_ONE_OF_NOT = frozenset({"them", "us", "you", "these", "those", "which", "whom", "it"})


def _one_to(tokens: list[Token], j: int) -> bool:
    """True for "one to two years", "one or two": "one" opening a range is a number."""
    return (
        j + 1 < len(tokens)
        and tokens[j].low in {"to", "or", "-", "–"}
        and (tokens[j + 1].kind == "num" or tokens[j + 1].low in WORDS)
    )


def _one_of(tokens: list[Token], j: int) -> bool:
    """True for "one of the best speakers", "one of its users", "one of Airbnb's investments".

    "one" followed by "of" and a noun phrase picks one member out of a group: it counts, as
    "one goal" does not (there "one" is a determiner, as "a" would be). A pronoun after "of"
    ("one of them") refers back and is left alone.
    """
    return (
        j + 1 < len(tokens)
        and tokens[j].low == "of"
        and tokens[j + 1].kind == "word"
        and tokens[j + 1].low not in _ONE_OF_NOT
    )


ONE_COUNTS = frozenset(COUNTS["one_counts"])
_LEFT = frozenset({"remaining", "left"})


def _one_counts(tokens: list[Token], j: int) -> bool:
    """True when "one" ending at J counts: a person ("one MTA worker"), or what is left ("one to go").

    Up to two modifiers may stand between "one" and the person ("one injured rail worker").
    """
    n = len(tokens)
    if j < n and tokens[j].low == "to" and j + 1 < n and tokens[j + 1].low == "go":
        return True  # "a 12 point lead with one to go"
    for k in range(j, min(j + 3, n)):
        tok = tokens[k]
        if tok.kind != "word":
            return False
        if tok.low in ONE_COUNTS:
            return True
        if k + 1 < n and tokens[k + 1].low in _LEFT and tok.text.islower():
            return True  # "with one race remaining", "one seat left"
    return False


def _merge_ranges(drafts: list[Draft]) -> list[Draft]:
    """Join "2-3 days", "10 to 20", "between 10 and 20", "three to four thousand", "from 6.2 to 5.9
    percent", "to 140 flats from 210 flats" and "$40/$45" into one figure each."""
    out: list[Draft] = []
    k = 0
    while k < len(drafts):
        a = drafts[k]
        if k + 1 < len(drafts) and not a.vague and _join_range(a, drafts[k + 1]):
            out.append(a)
            k += 2
            continue
        out.append(a)
        k += 1
    return out


_FROM_GAP = 4  # "from 30 mpg combined to 34": words allowed between the ends of a from-to pair


def _join_range(a: Draft, b: Draft) -> bool:
    """Make A the range A..B when the words between them link them; False when they do not.

    A "from X to Y" (or "to Y from X") pair states where a quantity went, in either direction, and
    NewsQuant's convention is to read it as the range it spans; low <= high whichever came first.
    A bare "X to Y" must rise and, when only X carries a unit ("0.8 per cent to 7,412.5"), it is a
    change and a new level, not a range.
    """
    if b.vague or a.vague:
        return False
    tokens = a.tokens
    gap = [t.low for t in tokens[a.end : b.start]]
    if not gap and a.start > 0 and tokens[a.start - 1].low == "from" and b.qualifier is Qualifier.UP_TO:
        gap = ["to"]  # "flats range from 40 sq m up to 90 sq m"
    if not gap or any(t.kind == "num" for t in tokens[a.end : b.start]):
        return False
    before = tokens[a.start - 1].low if a.start > 0 else ""
    if a.unit is not None and b.unit is not None and a.unit != b.unit and not b.unit.startswith(a.unit + " / "):
        return False  # "between $50,000 and $70,000 a year" is a yearly range
    low = a.value
    if b.num.scaled and not a.num.scaled and a.value * b.num.scale <= b.value:
        low = a.value * b.num.scale  # "three to four thousand"
    either_way = False
    if before == "from" and gap[-1] == "to" and len(gap) <= _FROM_GAP:
        either_way = True
    elif (
        before == "to"
        and gap[-1] == "from"
        and len(gap) <= _FROM_GAP
        and (a.unit is not None or len(gap) > 1)
        and not any(w in {"up", "down"} for w in gap)
    ):
        either_way = True  # "slipped to 1,200 lots from 1,500 lots"; not "3.9 million, up from 2.4"
    elif before == "between" and gap == ["and"]:
        pass
    elif gap == ["-", "to", "-"] and not any(t.space for t in tokens[a.end : b.start + 1]):
        pass  # "0-to-100-kph", "a 10-to-12-week course"
    elif len(gap) == 1 and gap[0] in _RANGE_LINKS:
        if a.unit is not None and a.num.currency is None and b.unit is None:
            return False
        if a.change is not None and b.value > 2 * low:
            return False  # "fell 6p to 140p": a change, then the level it reached
    elif (
        gap == ["/"] and a.num.currency is not None and (a.unit == b.unit or (b.unit or "").startswith(f"{a.unit} / "))
    ):
        pass  # "$40/$45"
    elif gap == ["or"] and a.qualifier is Qualifier.EXACT and a.unit is None:
        pass  # "three or four days"
    else:
        return False
    if not either_way and not b.value > low:
        return False
    if before in RANGE_OPENERS and before != "to":
        a.start -= 1
    a.end = b.end
    a.value, a.low, a.high = min(low, b.value), min(low, b.value), max(low, b.value)
    a.qualifier = Qualifier.RANGE
    a.unit = b.unit or a.unit  # "aged 20 to 29" keeps the age of its first end
    return True


_MARKER_LAST: dict[int, frozenset[str]] = {}


def _marker_before(tokens: list[Token], start: int, table: dict[tuple[str, ...], str]) -> bool:
    """True when a phrase of TABLE ends right before token START."""
    last = _MARKER_LAST.get(id(table))
    if last is None:
        last = _MARKER_LAST[id(table)] = frozenset(words[-1] for words in table)
    if start < 1 or start > len(tokens) or tokens[start - 1].low not in last:
        return False
    return any(start - size >= 0 and tuple(t.low for t in tokens[start - size : start]) in table for size in (1, 2, 3))


def _dimension(unit: str | None) -> str | None:
    return dimension_of(unit) if unit else None


def _concept_text(d: Draft, first: dict[int, tuple[int, int] | None], figures: dict[int, frozenset[int]]) -> str | None:
    """The figure's concept as written: the nearest phrase, then the sentence's subject.

    FIRST caches each sentence's first phrase, by sentence index.
    """
    if d.num.value == 1 and d.num.kind == "word" and _one_of(d.tokens, d.num.j):
        return None  # "one of the best speakers": what it counts is all it names
    if d.subject:
        return None  # "Two sisters helped ...": what it counts is all it names
    parts = [_span_text(d.tokens, *d.concept)] if d.concept else []
    if d.sent not in first:
        first[d.sent] = first_phrase(d.tokens, figures[d.sent])
    subject = subject_of(d.tokens, d.start, d.end, d.concept, first[d.sent])
    if subject is not None:
        parts.append(_span_text(d.tokens, *subject))
    return ", ".join(parts) or None


def _hyphened(tokens: list[Token], j: int) -> bool:
    """True when a word is hyphened to the number ending at J ("12-page"), as a compound modifier."""
    return (
        j + 2 < len(tokens)
        and tokens[j].low == "-"
        and not tokens[j].space
        and not tokens[j + 1].space
        and tokens[j + 1].kind == "word"
        and tokens[j + 2].kind == "word"
        and tokens[j + 2].space
    )


def _analyse(drafts: list[Draft]) -> None:
    """Counts, action and part markers of the drafts of one sentence."""
    starts = {d.start: d for d in drafts}
    for d in drafts:
        tokens = d.tokens
        if d.unit is None and _hyphened(tokens, d.end):
            d.counts = (d.end + 1, d.end + 2)  # "a 12-page document", "a four-cylinder engine"
        elif d.unit is None or d.unit.isupper():
            d.counts = phrase_after(tokens, d.end)
        elif d.unit == "percent":
            # "93 percent of Aleppo", "a 35 per cent stake"; not "Dow +0.4% Nikkei +0.7%"
            found = phrase_after(tokens, d.end)
            if found is not None and (tokens[d.end].low == "of" or tokens[found[0]].text.islower()):
                d.counts = found
        elif (d.end < len(tokens) and tokens[d.end].low == "of") or (
            d.start > 0 and tokens[d.start - 1].low in {"a", "an"}
        ):
            # "11 kilometers of roads", "a 21km corridor"; but "6km lie across" counts nothing.
            d.counts = phrase_after(tokens, d.end)
        if d.counts is None and d.unit is not None:
            d.counts = phrase_before_of(tokens, d.start)
        if d.counts is None and d.unit is None:
            d.counts = number_of(tokens, d.start)
        if d.counts is None and d.unit == "year_of_age":
            d.counts = phrase_after(tokens, d.end, allow_of=False)  # "the 16 year-old pupils"
    # "four-, five- and six-cylinder engines": a suspended hyphen counts what the last one does
    for n in range(len(drafts) - 2, -1, -1):
        a, b = drafts[n], drafts[n + 1]
        if (
            a.counts is None
            and a.unit is None
            and a.end + 1 < len(a.tokens)
            and a.tokens[a.end].low == "-"
            and a.tokens[a.end + 1].low in {",", "or", "and", "to"}
        ):
            a.counts = b.counts
    occupied = {m for d in drafts for m in range(d.start, d.end)}
    occupied |= {m for d in drafts if d.counts for m in range(*d.counts)}
    previous: Draft | None = None
    for d in drafts:
        if d.num.value == 1 and d.num.kind == "word" and _one_of(d.tokens, d.num.j):
            previous = d
            continue  # "one of the best speakers": what it counts is all it names
        own = set(range(*d.counts)) if d.counts else set()
        d.concept = concept_of(d.tokens, d.start, d.end, d.counts, d.unit, frozenset(occupied - own))
        if d.concept == SUBJECT:
            d.concept = None
            d.subject = True
        elif d.concept == INHERIT:
            d.concept = previous.concept if previous is not None else None
        elif d.concept is None and previous is not None and previous.concept is not None and _listed(previous, d):
            d.concept = previous.concept  # "2.4 billion ($3.1bn)", "120 flats for sale and 45 for rent"
        previous = d
    for d in drafts:
        tokens = d.tokens
        if _marker_before(tokens, d.start, PART_MARKERS):
            d.part = "marker"
        elif _marker_before(tokens, d.start, OF_THOSE) or (d.start <= 3 and _marker_before(tokens, 2, OF_THOSE)):
            d.part = "those"
        k = d.counts[1] if d.counts and d.counts[0] >= d.end else d.end
        if k + 1 < len(tokens) and (tokens[k].low, tokens[k + 1].low) in PART_AFTER:
            d.part = "after"
        # Skip what sits between the figure and its verb: ", including 1,007 children," and
        # coordinated figures ("20 buses & 13 ambulances crossing").
        seen = 0
        while k < len(tokens) and seen < 4:
            seen += 1
            if tokens[k].low == "," and k + 1 < len(tokens) and _marker_before(tokens, k + 2, PART_MARKERS):
                close = next((m for m in range(k + 1, len(tokens)) if tokens[m].low == ","), None)
                if close is None:
                    break
                k = close + 1
                continue
            nxt = k if k in starts else k + 1 if k + 1 in starts else k + 2 if k + 2 in starts else None
            if nxt is not None and nxt < len(tokens) and nxt > k and all(t.low in _COORDINATORS for t in tokens[k:nxt]):
                other = starts[nxt]
                k = other.counts[1] if other.counts and other.counts[0] >= other.end else other.end
                continue
            break
        d.action = action_after(tokens, k)
        if d.action is None or d.action[2] in ASPECTUAL:
            # "the operation to free 200 hostages had started": the verb that takes the figure wins
            stops = frozenset(m for o in drafts if o is not d for m in range(o.start, o.end))
            d.action = action_before(tokens, d.start, stops) or d.action


_LIST_GAP = frozenset({",", "(", ")", "and", "or", "versus", "vs", "while", "but", "compared", "with"})


def _listed(a: Draft, b: Draft) -> bool:
    """True when B follows A as another item or a conversion: no verb or clause between them."""
    gap = a.tokens[a.end : b.start]
    return len(gap) <= 8 and any(t.low in _LIST_GAP for t in gap) and not any(t.low in {";", ":", "."} for t in gap)


def _coordinated(a: Draft, b: Draft) -> bool:
    """True when B follows A in a list: only commas and "and" between A's phrase and B."""
    if a.sent != b.sent:
        return False
    k = a.counts[1] if a.counts and a.counts[0] >= a.end else a.end
    gap = a.tokens[k : b.start]
    return 0 < len(gap) <= 2 and all(t.low in _COORDINATORS for t in gap)


PARA_LOOKBACK = 200


def _link(drafts: list[Draft], sents: list[Sentence]) -> None:
    """Inherit what the words leave implicit: parts, list members, ellipsis, conversions."""
    # Earlier drafts by sentence and by paragraph: scanning every earlier draft for each draft made
    # a long paragraph quadratic (a 50 KB one-line table took 87 s). A paragraph is looked back
    # into for its last PARA_LOOKBACK figures, which is further than any "of those" reaches.
    by_sent: dict[int, list[Draft]] = {}
    by_para: dict[int, list[Draft]] = {}
    for index, d in enumerate(drafts):
        prev = drafts[index - 1] if index else None
        same = list(by_sent.get(d.sent, ()))
        earlier = by_para.setdefault(sents[d.sent].paragraph, [])
        para = earlier[-PARA_LOOKBACK:]
        by_sent.setdefault(d.sent, []).append(d)
        earlier.append(d)
        if d.part == "marker":
            for o in reversed(same):
                if o.part is None and _dimension(o.unit) == _dimension(d.unit) and not o.vague:
                    d.parent = o
                    break
        elif d.part == "after":
            for o in reversed([o for k in range(d.sent - 2, d.sent + 1) for o in by_sent.get(k, ()) if o is not d]):
                if o.part is None and o.unit is None and d.action and o.action and o.action[2] == d.action[2]:
                    d.parent = o
                    break
        elif d.part == "those":
            for o in reversed([o for o in para if o.sent < d.sent]):
                if _dimension(o.unit) == _dimension(d.unit):
                    d.parent = o
                    break
        if prev is not None and _coordinated(prev, d):
            if d.parent is None and prev.parent is not None and _dimension(prev.unit) == _dimension(d.unit):
                d.parent = prev.parent
            if d.action is None:
                d.action = prev.action
                d.action_text = prev.action_text
        if (
            d.parent is None
            and prev is not None
            and prev.part is not None
            and d.part is None
            and prev.parent is not None
            and _coordinated(prev, d)
        ):
            d.parent = prev.parent
        if d.part == "those" and d.parent is None:
            for o in reversed(same):
                if o.parent is not None and _dimension(o.unit) == _dimension(d.unit):
                    d.parent = o.parent
                    break
        if d.part is None and d.parent is None and d.unit is not None:
            # "the other 15km": a measure in a sentence opened by "Of those" is a part too.
            head = same[0] if same else None
            if (
                head is not None
                and head.part == "those"
                and head.parent is not None
                and _dimension(head.unit) == _dimension(d.unit)
            ):
                d.parent = head.parent
        if d.action is None:
            # Parts listed with "including" share the whole's verb; "Of those, 6km lie" has its own.
            source = (d.parent if d.part == "marker" else None) or (
                prev if prev is not None and (prev.sent == d.sent) and (d.part or _bracketed(prev, d)) else None
            )
            if source is not None:
                d.action = source.action
                d.action_text = source.action_text
        if d.counts is None:
            if d.unit is None:
                for o in reversed(para):
                    if o.unit is None and o.counts_text and not o.vague:
                        d.counts_text = o.counts_text
                        break
            else:
                for o in reversed(para):
                    if o.unit is not None and o.counts_text and _dimension(o.unit) == _dimension(d.unit):
                        d.counts_text = o.counts_text
                        break
        if d.counts_text is None and d.unit is not None:
            d.counts_text = _DIMENSION_NAMES.get(_dimension(d.unit) or "")
        if d.action is None and d.counts_text:
            # "at least one death": the counted noun is itself the event.
            head = d.counts_text.split()[-1].lower()
            verb = nominalised(head)
            if verb is not None:
                d.action_text, d.action = head, (0, 0, verb)
                continue
        if d.action is None and d.unit is None:
            # "the evacuation of the old town goes on - a line of some 900 people": no verb governs
            # the figure, so it takes the action its sentence names as a noun.
            d.action = action_noun(d.tokens, d.start, d.counts[1] if d.counts else d.end)
        if d.action is not None and d.action_text is None:
            s, e, _ = d.action
            d.action_text = _span_text(d.tokens, s, e)


# What a measure with no counted phrase measures, by dimension: "cleared some 60,000 square meters".
_DIMENSION_NAMES = {"[length] ** 2": "area", "[length]": "distance", "[length] ** 3": "volume", "[mass]": "weight"}


def _bracketed(a: Draft, b: Draft) -> bool:
    gap = a.tokens[a.end : b.start]
    return len(gap) <= 2 and any(t.low == "(" for t in gap)


def _span_text(tokens: list[Token], s: int, e: int) -> str:
    parts: list[str] = []
    for k in range(s, e):
        if k > s and tokens[k].space:
            parts.append(" ")
        parts.append(tokens[k].text)
    return "".join(parts)


def _periods(sentence: Sentence) -> list[tuple[int, str]]:
    """The period phrases of SENTENCE, with their offsets in the article text."""
    text = sentence.text
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer ("İ"): offsets would shift
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    return [(sentence.start + m.start(), text[m.start() : m.end()]) for m in _PERIODS.finditer(low)]


def _period(found: list[tuple[int, str]], char_start: int) -> str | None:
    """The period phrase nearest to CHAR_START among FOUND."""
    best: tuple[int, str] | None = None
    for at, phrase in found:
        distance = abs(at - char_start)
        if best is None or distance < best[0]:
            best = (distance, phrase)
    return best[1] if best else None


MAX_FIGURES = 1_000  # per text; a long feature has ~200. See `extract`.
ATTRIBUTION_REACH = 10  # sentences read past the last figure for a speaker named after a quote


def extract(text: str, *, vague: bool = False, limit: int = MAX_FIGURES) -> list[Figure]:
    """Every figure in TEXT, in text order, up to LIMIT; vague words ("thousands") only when VAGUE is True.

    A text with more than LIMIT figures is a data dump, not an article: the figures after the
    first LIMIT are not read, which keeps a 5 MB table from taking minutes (and comparing its
    figures pairwise in its story from taking hours).

    >>> [(f.text, f.value, str(f.qualifier), f.counts) for f in extract("More than 5,000 militants left.")]
    [('More than 5,000', 5000.0, 'more_than', 'militants')]
    """
    if not text or not _candidate(text):
        return []
    sents = sentences(text)
    spans = excluded_spans(text)
    drafts: list[Draft] = []
    kept = 0
    candidates = [i for i, s in enumerate(sents) if _candidate(s.text)] if len(sents) > 1 else [0] if sents else []
    for index in candidates:
        sent = sents[index]
        tokens = tokenize(sent.text, sent.start)
        found = _figure_drafts(index, tokens, text, spans)
        _analyse(found)
        for d in found:
            if d.counts is not None:
                d.counts_text = _span_text(d.tokens, *d.counts)
        drafts.extend(found)
        kept += sum(vague or not d.vague for d in found)
        if kept >= limit:
            break
    if not drafts:
        return []
    _link(drafts, sents)
    # a speaker named a few sentences after a quote is looked for; none past that needs reading
    said = attributions(text, sents[: drafts[-1].sent + 1 + ATTRIBUTION_REACH])
    keep = [d for d in drafts if vague or not d.vague][:limit]
    position = {id(d): k for k, d in enumerate(keep)}
    figures: list[Figure] = []
    periods: dict[int, list[tuple[int, str]]] = {}
    subjects: dict[int, tuple[int, int] | None] = {}
    figure_tokens: dict[int, frozenset[int]] = {}
    for d in drafts:
        figure_tokens[d.sent] = figure_tokens.get(d.sent, frozenset()) | frozenset(range(d.start, d.end))
    for d in keep:
        start, end = d.tokens[d.start].start, d.tokens[d.end - 1].end
        sent = sents[d.sent]
        parent = position.get(id(d.parent)) if d.parent is not None else None
        figures.append(
            Figure(
                start=start,
                end=end,
                text=text[start:end],
                value=d.value,
                low=d.low,
                high=d.high,
                qualifier=d.qualifier,
                unit=d.unit,
                counts=d.counts_text,
                counts_key=key_of(d.counts_text) if d.counts_text else None,
                action=d.action_text,
                action_key=d.action[2] if d.action else None,
                said_by=said[d.sent],
                part_of=parent,
                sentence=sent.text,
                sentence_start=sent.start,
                change=d.change,
                period=_period(
                    periods[d.sent] if d.sent in periods else periods.setdefault(d.sent, _periods(sent)), start
                ),
                vague=d.vague,
                concept=_concept_text(d, subjects, figure_tokens),
            )
        )
    return figures
