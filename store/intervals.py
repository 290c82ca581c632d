"""Intervals a written figure allows, whether two figures agree, and how far apart they are.

DESIGN §3: compare intervals, not numbers. "at least 17 buses" agrees with 20, "around 8,000"
with "around 8,500"; "as many as 200" disagrees with "around 250", "more than 5,000" with 4,000.
The widths come from store/rules/comparison.toml and, for "about", the `approx` of
store/rules/tolerances.toml that extraction uses too; both are read once.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from store.figure import Figure, Qualifier
from store.quantity import Severity
from store.units import convert

RULES = Path(__file__).parent / "rules"


@cache
def tolerances() -> dict[str, Any]:
    """The comparison table, with the shared `approx` width, parsed once per process."""
    with (RULES / "comparison.toml").open("rb") as handle:
        table = tomllib.load(handle)
    with (RULES / "tolerances.toml").open("rb") as handle:
        table["approx"] = {"width": float(tomllib.load(handle).get("approx", 0.10))}
    return table


@dataclass(frozen=True, slots=True)
class Interval:
    """The values a figure allows; None is an open end ("more than 5,000" has no high)."""

    low: float | None
    high: float | None

    def __post_init__(self) -> None:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"interval {self.low}..{self.high} is empty")

    def overlaps(self, other: Interval) -> bool:
        """True when some value lies in both intervals."""
        low = max(_low(self), _low(other))
        high = min(_high(self), _high(other))
        return low <= high

    def contains(self, value: float) -> bool:
        return _low(self) <= value <= _high(self)


def _low(interval: Interval) -> float:
    return -math.inf if interval.low is None else interval.low


def _high(interval: Interval) -> float:
    return math.inf if interval.high is None else interval.high


def rounding(value: float) -> float:
    """Half a unit of the last non-zero digit a round number shows, capped by tolerances.toml.

    "5,000" may stand for 4,750..5,250 but not for 4,000; "2,124" and "13" stand for themselves.

    >>> rounding(5000), rounding(20), rounding(2124), rounding(13), rounding(2.5)
    (250.0, 1.0, 0.0, 0.0, 0.0)
    """
    magnitude = abs(value)
    if magnitude == 0 or magnitude != int(magnitude):
        return 0.0
    place = 1
    whole = int(magnitude)
    while whole % (place * 10) == 0:
        place *= 10
    if place == 1:
        return 0.0
    return float(min(place / 2, magnitude * tolerances()["exact"]["round_cap"]))


def interval_of(figure: Figure) -> Interval:
    """The interval FIGURE's words allow, widened by its qualifier and its rounding.

    >>> from store.figure import Figure, Qualifier
    >>> interval_of(Figure(0, 1, "around 250", 250, 250, 250, Qualifier.APPROX))
    Interval(low=225.0, high=275.0)
    >>> interval_of(Figure(0, 1, "more than 5,000", 5000, 5000, None, Qualifier.MORE_THAN))
    Interval(low=5000.0, high=None)
    """
    if figure.qualifier is Qualifier.APPROX and _BELOW.match(figure.text):
        # "nearly 160,000 pounds" is a little under 160,000, never above it
        around = _interval(figure.value, figure.qualifier, figure.low, figure.high)
        return Interval(around.low, float(figure.value))
    return _interval(figure.value, figure.qualifier, figure.low, figure.high)


_BELOW = re.compile(r"\s*(?:nearly|almost|just\s+(?:under|below|shy\s+of)|not\s+quite)\b", re.I)


@lru_cache(maxsize=65536)
def _interval(value: float, qualifier: Qualifier, low: float | None, high: float | None) -> Interval:
    """`interval_of` by the four fields it reads: regrouping a long story asks for the same ones often."""
    value = float(value)
    slack = rounding(value)
    match qualifier:
        case Qualifier.APPROX:
            width = abs(value) * tolerances()["approx"]["width"]
            return Interval(value - max(width, slack), value + max(width, slack))
        case Qualifier.MORE_THAN | Qualifier.AT_LEAST:
            # "more than 5,000" is above 5,000, whatever rounding 5,000 itself carries
            return Interval(value, None)
        case Qualifier.UP_TO | Qualifier.LESS_THAN:
            return Interval(min(0.0, value), value + slack)
        case Qualifier.RANGE:
            low = low if low is not None else value
            high = high if high is not None else value
            return Interval(float(low) - rounding(float(low)), float(high) + rounding(float(high)))
        case _:
            return Interval(value - slack, value + slack)


def in_unit(interval: Interval, unit: str | None, target: str | None) -> Interval | None:
    """INTERVAL, measured in UNIT, expressed in TARGET; None when pint cannot convert."""
    if unit == target:
        return interval
    if unit is None or target is None:
        return None
    low = None if interval.low is None else convert(interval.low, unit, target)
    high = None if interval.high is None else convert(interval.high, unit, target)
    if (interval.low is not None and low is None) or (interval.high is not None and high is None):
        return None
    return Interval(low, high)


def value_in(figure: Figure, target: str | None) -> float | None:
    """FIGURE's value in TARGET units (pint); None when the units measure different things."""
    if figure.unit == target:
        return float(figure.value)
    if figure.unit is None or target is None:
        return None
    return convert(figure.value, figure.unit, target)


def relative_gap(a: float, b: float) -> float:
    """|a - b| over the larger magnitude: 250 against 200 is 0.2; 0 when both are 0.

    >>> relative_gap(250, 200), relative_gap(0, 0)
    (0.2, 0.0)
    """
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


def severity_of(gap: float) -> Severity:
    """LOW, MEDIUM or HIGH from a relative gap, with the cut-offs of tolerances.toml."""
    table = tolerances()["severity"]
    if gap >= table["high"]:
        return Severity.HIGH
    if gap >= table["medium"]:
        return Severity.MEDIUM
    return Severity.LOW


def close_enough(stated: float, computed: float, relative: float) -> bool:
    """True when STATED restates COMPUTED within RELATIVE or within the rounding STATED shows.

    "21km (13 miles)": 21 km is 13.05 miles, and "13" is a fair rounding of it.
    """
    if abs(stated - computed) <= abs(computed) * relative:
        return True
    if abs(stated - computed) <= rounding(stated):
        return True
    # a stated 2.6 can stand for 2.55..2.65: allow half a unit of its last written decimal
    text = f"{stated:.10g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(stated - computed) <= 0.5 * 10 ** (-decimals) if decimals else abs(stated - computed) <= 0.5
