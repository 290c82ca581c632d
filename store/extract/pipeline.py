"""extract(): article text in, figures out (DESIGN §2). Pure, deterministic, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..figure import Change, Figure, Qualifier
from ..terms import key_of
from ..units import dimension_of
from .actions import action_after, action_before
from .attribution import attributions
from .counts import number_of, phrase_after, phrase_before_of
from .exclusions import excluded_spans, inside, is_not_figure
from .measures import hyphen_unit, unit_at
from .numbers import FRACTIONS, MULTIPLIERS, VAGUE, WORDS, Number, find_numbers
from .qualifiers import RANGE_OPENERS, change_before, interval, qualifier_after, qualifier_before
from .rules import COUNTS, phrases
from .tokens import Sentence, Token, sentences, tokenize
from .words import nominalised

_NUMBER_WORDS = sorted({*WORDS, *MULTIPLIERS, *FRACTIONS, *VAGUE, "nobody", "none", "no one", "tens"}, key=len)
_CANDIDATE = re.compile(r"\d|\b(?:" + "|".join(map(re.escape, reversed(_NUMBER_WORDS))) + r")\b", re.I)
_PERIODS = re.compile(r"\b(?:" + "|".join(COUNTS["periods"]) + r")\b", re.I)
PART_MARKERS = phrases(COUNTS["part_markers"])
PART_AFTER = phrases(COUNTS["part_after"])
OF_THOSE = phrases(COUNTS["of_those"])
_COORDINATORS = frozenset({"and", "&", ",", "as", "well", "plus", "or"})
_RANGE_LINKS = frozenset({"-", "–", "—", "to"})
_ONE_DETERMINERS = frozenset({"one", "a", "an"})


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


def _figure_drafts(sent_index: int, tokens: list[Token], text: str, spans: tuple[list[int], list[int]]) -> list[Draft]:
    drafts: list[Draft] = []
    for num in find_numbers(tokens):
        unit = num.currency
        end = num.j
        if unit is None and end < len(tokens):
            found = unit_at(tokens, end, not tokens[end].space) or hyphen_unit(tokens, end)
            if found is not None:
                unit, end = found
        elif unit is not None and end < len(tokens):
            # "$52 a barrel": money per unit
            found = unit_at(tokens, end, False)
            if found is not None and found[0].startswith("/ ") is False and tokens[end].low in {"a", "per"}:
                unit, end = f"{unit} / {found[0]}", found[1]
        first = num.cur if num.cur is not None else num.i
        qualifier, start = qualifier_before(tokens, first)
        after = qualifier_after(tokens, end)
        if after is not None and qualifier is Qualifier.EXACT:
            qualifier, end = after
        char_start, char_end = tokens[num.i].start, tokens[num.j - 1].end
        if inside(spans, char_start, char_end):
            continue
        if num.kind == "digit" and is_not_figure(tokens, num.i, num.j, unit is not None, start < first):
            continue
        if (
            num.kind == "word"
            and tokens[num.i].low in _ONE_DETERMINERS
            and num.value == 1
            and unit is None
            and qualifier is Qualifier.EXACT
        ):
            continue  # "one goal", "one ceasefire deal": a determiner, not a count
        draft = Draft(sent_index, tokens, num, start, end, num.value, qualifier, unit)
        if num.kind == "vague":
            draft.vague = True
            draft.qualifier = Qualifier.RANGE
            draft.low, draft.high = num.low, num.high
        else:
            draft.low, draft.high = interval(num.value, qualifier)
        draft.change = change_before(tokens, start)
        drafts.append(draft)
    return _merge_ranges(drafts)


def _merge_ranges(drafts: list[Draft]) -> list[Draft]:
    """Join "2-3 days", "10 to 20", "between 10 and 20", "four to five thousand" into one figure."""
    out: list[Draft] = []
    k = 0
    while k < len(drafts):
        a = drafts[k]
        if k + 1 < len(drafts) and not a.vague:
            b = drafts[k + 1]
            tokens = a.tokens
            gap = [t.low for t in tokens[a.end : b.start]]
            opener = a.start > 0 and tokens[a.start - 1].low in RANGE_OPENERS
            linked = gap and (
                (len(gap) == 1 and gap[0] in _RANGE_LINKS)
                or (opener and gap == ["and"] and tokens[a.start - 1].low == "between")
            )
            low = a.value
            if linked and b.num.scaled and not a.num.scaled and a.value * b.num.scale <= b.value:
                low = a.value * b.num.scale
            if linked and b.value > low and not b.vague and (a.unit is None or b.unit is None or a.unit == b.unit):
                if opener:
                    a.start -= 1
                a.end = b.end
                a.value, a.low, a.high = low, low, b.value
                a.qualifier = Qualifier.RANGE
                a.unit = a.unit or b.unit
                out.append(a)
                k += 2
                continue
        out.append(a)
        k += 1
    return out


def _marker_before(tokens: list[Token], start: int, table: dict[tuple[str, ...], str]) -> bool:
    return any(start - size >= 0 and tuple(t.low for t in tokens[start - size : start]) in table for size in (1, 2, 3))


def _dimension(unit: str | None) -> str | None:
    return dimension_of(unit) if unit else None


def _analyse(drafts: list[Draft]) -> None:
    """Counts, action and part markers of the drafts of one sentence."""
    starts = {d.start: d for d in drafts}
    for d in drafts:
        tokens = d.tokens
        if d.unit is None or d.unit == "percent" or d.unit.isupper():
            d.counts = phrase_after(tokens, d.end)
        elif (d.end < len(tokens) and tokens[d.end].low == "of") or (
            d.start > 0 and tokens[d.start - 1].low in {"a", "an"}
        ):
            # "11 kilometers of roads", "a 21km corridor"; but "6km lie across" counts nothing.
            d.counts = phrase_after(tokens, d.end)
        if d.counts is None and d.unit is not None:
            d.counts = phrase_before_of(tokens, d.start)
        if d.counts is None and d.unit is None:
            d.counts = number_of(tokens, d.start)
    for d in drafts:
        tokens = d.tokens
        if _marker_before(tokens, d.start, PART_MARKERS):
            d.part = "marker"
        elif _marker_before(tokens, d.start, OF_THOSE) or (d.start <= 3 and _marker_before(tokens, 2, OF_THOSE)):
            d.part = "those"
        k = d.counts[1] if d.counts and d.counts[0] >= d.end else d.end
        if k + 1 < len(tokens) and tuple(t.low for t in tokens[k : k + 2]) in PART_AFTER:
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
            nxt = next((m for m in range(k, min(k + 3, len(tokens))) if m in starts), None)
            if nxt is not None and all(t.low in _COORDINATORS for t in tokens[k:nxt]) and nxt > k:
                other = starts[nxt]
                k = other.counts[1] if other.counts and other.counts[0] >= other.end else other.end
                continue
            break
        d.action = action_after(tokens, k)
        if d.action is None:
            stops = frozenset(m for o in drafts if o is not d for m in range(o.start, o.end))
            d.action = action_before(tokens, d.start, stops)


def _coordinated(a: Draft, b: Draft) -> bool:
    """True when B follows A in a list: only commas and "and" between A's phrase and B."""
    if a.sent != b.sent:
        return False
    k = a.counts[1] if a.counts and a.counts[0] >= a.end else a.end
    gap = a.tokens[k : b.start]
    return 0 < len(gap) <= 2 and all(t.low in _COORDINATORS for t in gap)


def _link(drafts: list[Draft], sents: list[Sentence]) -> None:
    """Inherit what the words leave implicit: parts, list members, ellipsis, conversions."""
    for index, d in enumerate(drafts):
        prev = drafts[index - 1] if index else None
        same = [o for o in drafts[:index] if o.sent == d.sent]
        para = [o for o in drafts[:index] if sents[o.sent].paragraph == sents[d.sent].paragraph]
        if d.part == "marker":
            for o in reversed(same):
                if o.part is None and _dimension(o.unit) == _dimension(d.unit) and not o.vague:
                    d.parent = o
                    break
        elif d.part == "after":
            for o in reversed([o for o in drafts[:index] if d.sent - o.sent <= 2]):
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


def _period(sentence: Sentence, char_start: int) -> str | None:
    best: tuple[int, str] | None = None
    for match in _PERIODS.finditer(sentence.text):
        distance = abs(sentence.start + match.start() - char_start)
        if best is None or distance < best[0]:
            best = (distance, match.group())
    return best[1] if best else None


def extract(text: str, *, vague: bool = False) -> list[Figure]:
    """Every figure in TEXT, in text order; vague words ("thousands") only when VAGUE is True.

    >>> [(f.text, f.value, str(f.qualifier), f.counts) for f in extract("More than 5,000 militants left.")]
    [('More than 5,000', 5000.0, 'more_than', 'militants')]
    """
    if not text or not _CANDIDATE.search(text):
        return []
    sents = sentences(text)
    spans = excluded_spans(text)
    drafts: list[Draft] = []
    candidates = [i for i, s in enumerate(sents) if _CANDIDATE.search(s.text)]
    for index in candidates:
        sent = sents[index]
        tokens = tokenize(sent.text, sent.start)
        found = _figure_drafts(index, tokens, text, spans)
        _analyse(found)
        for d in found:
            if d.counts is not None:
                d.counts_text = _span_text(d.tokens, *d.counts)
        drafts.extend(found)
    if not drafts:
        return []
    _link(drafts, sents)
    said = attributions(text, sents)
    keep = [d for d in drafts if vague or not d.vague]
    position = {id(d): k for k, d in enumerate(keep)}
    figures: list[Figure] = []
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
                period=_period(sent, start),
                vague=d.vague,
            )
        )
    return figures
