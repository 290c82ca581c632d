"""Whether an editor's review still covers a flag whose figures changed: pure, no DB.

A flag's identity is its figures, so a conflict that gains a figure used to become a new open flag
and the editor's "different counts" was lost. A review is of a disagreement: the values the editor
saw. New figures that only repeat those values (any value within the range the reviewed figures
allow) leave the disagreement, and so the review, as it was; a value outside that range changes it,
and the flag reopens, linked to the review it reopens.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from store.figure import StoredFigure
from store.intervals import in_unit, interval_of, value_in


def reviewed_span(reviewed: Sequence[StoredFigure]) -> tuple[str | None, float, float] | None:
    """The unit and the lowest and highest value the REVIEWED figures allow; None when they do not share a unit."""
    if not reviewed:
        return None
    unit = reviewed[0].figure.unit
    low, high = math.inf, -math.inf
    for stored in reviewed:
        span = in_unit(interval_of(stored.figure), stored.figure.unit, unit)
        if span is None:
            return None
        low = min(low, -math.inf if span.low is None else span.low)
        high = max(high, math.inf if span.high is None else span.high)
    return unit, low, high


def still_reviewed(reviewed: Sequence[StoredFigure], current: Sequence[StoredFigure]) -> bool:
    """True when every figure of CURRENT the editor did not review has a value within what REVIEWED allows.

    Reviewed "4,000" against "more than 5,000": another outlet's 4,000, or a third side's 4,500,
    falls inside and keeps the review; "some 2,000" falls outside and reopens the flag.
    """
    span = reviewed_span(reviewed)
    if span is None:
        return False
    unit, low, high = span
    seen = {stored.id for stored in reviewed}
    for stored in current:
        if stored.id in seen:
            continue
        value = value_in(stored.figure, unit)
        if value is None or not low <= value <= high:
            return False
    return True
