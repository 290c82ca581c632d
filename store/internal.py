"""Internal errors: an article that contradicts itself.

Three shapes, each from a seed: a wrong conversion in brackets ("24 hectares (2.6 square feet)"),
a part larger than its whole or parts that add up to more than it ("2,124 civilians, including
1,007 children"), and stated parts that do not make their stated total ("a 21km corridor ... Of
those, 6km ... and the other 15km").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from store.figure import StoredFigure
from store.intervals import (
    close_enough,
    interval_of,
    relative_gap,
    rounding,
    severity_of,
    tolerances,
    value_in,
)
from store.origins import rules
from store.quantity import FlagDraft, FlagKind
from store.units import dimension_of
from store.wording import listing, number, quantity, unit_words, who


@dataclass(frozen=True, slots=True)
class Restatement:
    """A figure in brackets that restates the figure before it in another unit."""

    first: StoredFigure
    bracketed: StoredFigure


def _before(stored: StoredFigure, chars: int | None = None) -> str:
    """The words of its sentence before the figure (all, or the last CHARS)."""
    figure = stored.figure
    cut = figure.start - figure.sentence_start
    if not 0 <= cut <= len(figure.sentence):
        return ""
    text = figure.sentence[:cut]
    return text if chars is None else text[-chars:]


def _between(first: StoredFigure, second: StoredFigure) -> str | None:
    a, b = first.figure, second.figure
    lo, hi = a.end - a.sentence_start, b.start - a.sentence_start
    if a.sentence_start != b.sentence_start or not 0 <= lo <= hi <= len(a.sentence):
        return None
    return a.sentence[lo:hi]


def restatements(figures: Sequence[StoredFigure]) -> list[Restatement]:
    """The pairs "X (Y)" where Y gives X again in another unit of the same dimension.

    Seed 002 prints "24 hectares (2.6 square feet)": keeping the pair lets discrepancy check the
    conversion instead of trusting it, and keeps Y out of comparisons with other articles, since it
    only repeats X.
    """
    found = []
    by_article: dict[int, list[StoredFigure]] = {}
    for stored in figures:
        by_article.setdefault(stored.source.article_id, []).append(stored)
    for members in by_article.values():
        ordered = sorted(members, key=lambda s: s.figure.start)
        for first, second in itertools.pairwise(ordered):
            a, b = first.figure, second.figure
            if not (a.unit and b.unit and a.unit != b.unit and dimension_of(a.unit) == dimension_of(b.unit)):
                continue
            gap = _between(first, second)
            opened = gap is not None and (re.fullmatch(r"\s*\(\s*", gap) or
                                          (re.fullmatch(r"\s*", gap) and b.text.startswith("(")))
            if opened:
                found.append(Restatement(first, second))
    return found


def conversion_flags(pairs: Sequence[Restatement], group_of: dict[int, str]) -> list[FlagDraft]:
    """An internal_error for each bracketed conversion pint does not confirm."""
    flags = []
    relative = tolerances()["conversion"]["relative"]
    for pair in pairs:
        first, second = pair.first, pair.bracketed
        computed = value_in(first.figure, second.figure.unit)
        if computed is None or close_enough(second.figure.value, computed, relative):
            continue
        a, b = first.figure.text.strip(" ()"), second.figure.text.strip(" ()")
        why = (f"{who(first)} writes {a} ({b}), but {a} is about {number(computed)} {unit_words(second)}, "
               f"not {number(second.figure.value)}.")
        flags.append(FlagDraft(
            kind=FlagKind.INTERNAL_ERROR, why=why, figure_ids=(first.id, second.id),
            severity=severity_of(relative_gap(computed, second.figure.value)),
            group_key=group_of.get(first.id), origins=(1,),
        ))
    return flags


def _is_rest(stored: StoredFigure) -> bool:
    """True for a part introduced as the rest ("the other 15km"): the parts then make the whole."""
    table = rules()["parts"]
    words = _before(stored, table["window"])
    return any(re.search(p, words, re.I) for p in table["rest"]) or bool(
        re.match(r"\s*(?:the\s+)?(?:other|remaining)\b", stored.figure.text, re.I))


def part_flags(figures: Sequence[StoredFigure], group_of: dict[int, str], skip: set[int]) -> list[FlagDraft]:
    """internal_error flags for parts larger than their whole and parts that do not make it.

    "2,124 civilians, including 1,007 children" is fine; "2,124 civilians, including 3,007 children"
    is not. Parts add up only when the article says they are all of it ("the other 15km"), and may
    never add up to more than the whole. Figures in SKIP (bracketed restatements) are ignored.
    """
    by_id = {s.id: s for s in figures}
    children: dict[int, list[StoredFigure]] = {}
    for stored in figures:
        if stored.part_of_id in by_id and stored.id not in skip:
            children.setdefault(stored.part_of_id, []).append(stored)
    relative = tolerances()["parts"]["relative"]
    flags = []
    for whole_id, parts in children.items():
        whole = by_id[whole_id]
        unit = whole.figure.unit
        span = interval_of(whole.figure)
        values = [(p, value_in(p.figure, unit)) for p in parts]
        values = [(p, v) for p, v in values if v is not None]
        if not values:
            continue
        whole_text = quantity(whole)
        high = (span.high if span.high is not None else float("inf"))
        slack = max(abs(whole.figure.value) * relative, rounding(whole.figure.value))
        bigger = [(p, v) for p, v in values if v - rounding(v) > high + slack]
        total = sum(v for _, v in values)
        ids = (whole.id, *sorted(p.id for p, _ in values))
        unit_text = f" {unit_words(whole)}" if unit else ""
        if bigger:
            part, value = bigger[0]
            why = (f"{who(part)} gives {quantity(part)} as part of {whole_text}, "
                   f"but a part cannot be larger than its whole.")
            gap = relative_gap(value, whole.figure.value)
        elif len(values) > 1 and total > high + slack:
            why = (f"{who(whole)} gives {whole_text} including {listing([quantity(p) for p, _ in values])}, "
                   f"but these parts add up to {number(total)}{unit_text}, more than the whole.")
            gap = relative_gap(total, whole.figure.value)
        elif (len(values) > 1 and any(_is_rest(p) for p, _ in values) and span.low is not None
              and not close_enough(whole.figure.value, total, relative)):
            why = (f"{who(whole)} gives {whole_text} made of "
                   f"{listing([p.figure.text.strip() for p, _ in values])}, but these add up to "
                   f"{number(total)}{unit_text}, not {number(whole.figure.value)}.")
            gap = relative_gap(total, whole.figure.value)
        else:
            continue
        flags.append(FlagDraft(kind=FlagKind.INTERNAL_ERROR, why=why, figure_ids=ids,
                               severity=severity_of(gap), group_key=group_of.get(whole.id), origins=(1,)))
    return flags
