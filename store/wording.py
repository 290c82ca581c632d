"""How flags name figures and sources in the one sentence an editor reads aloud."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import datetime

from store.figure import StoredFigure
from store.frames import position_of


def number(value: float) -> str:
    """A computed number the way a reporter would write it.

    >>> number(2583338.5), number(240000), number(0.02316), number(21)
    ('2.58 million', '240,000', '0.0232', '21')
    """
    magnitude = abs(value)
    if magnitude >= 1e6:
        return f"{value / 1e6:.3g} million"
    if magnitude >= 1000:
        digits = math.floor(math.log10(magnitude)) - 2
        return f"{round(value, -digits):,.0f}"
    if magnitude == int(magnitude):
        return f"{int(value)}"
    return f"{value:.3g}"


def unit_words(stored: StoredFigure) -> str:
    """The unit as the article wrote it: "2.6 square feet" -> "square feet"; else pint's name."""
    written = re.sub(r"^[^\d]*[\d.,]+\s*", "", stored.figure.text).strip(" ()")
    if written and not any(c.isdigit() for c in written):
        return written
    return (stored.figure.unit or "").replace("_", " ")


def who(stored: StoredFigure, said_by: str | None = None) -> str:
    """The attribution and the outlet: "Syrian state television in Inquisitr"; the outlet alone.

    An article with no outlet reads as its label ("“Battle for Aleppo over…” (#5)"), never its file name.
    """
    attribution = said_by if said_by is not None else stored.figure.said_by
    outlet = stored.source.label
    return f"{attribution} in {outlet}" if attribution else outlet


def quantity(stored: StoredFigure) -> str:
    """The figure as written, with what it counts when the words do not already say it.

    A position reads with its sequence ("lap 13"). Counts words that start with a capital and do
    not follow the number in the text ("Lap 29 Drivers are left furious") are a name or the next
    sentence's subject, not what is counted: an editor would not read "29 Drivers" aloud.
    """
    figure = stored.figure
    text = figure.text.strip(" ()")
    position = position_of(stored)
    if position is not None:
        return f"{position.noun} {text}"
    counts = (figure.counts or "").strip()
    if counts[:1].isupper() and not _follows(stored, counts):
        return text
    if counts and counts.lower() not in text.lower():
        return f"{text} {counts}"
    return text


def _follows(stored: StoredFigure, counts: str) -> bool:
    figure = stored.figure
    cut = figure.end - figure.sentence_start
    after = figure.sentence[cut:cut + len(counts) + 1] if 0 <= cut <= len(figure.sentence) else ""
    return after.strip().lower().startswith(counts.lower())


def listing(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = list(dict.fromkeys(items))
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def when(moment: datetime | None) -> str:
    """A publication date as an editor says it: "18 December 2016 at 14:05"; "an unknown date"."""
    if moment is None:
        return "an unknown date"
    day = f"{moment.day} {moment:%B %Y}"
    return day if (moment.hour, moment.minute) == (0, 0) else f"{day} at {moment:%H:%M}"
