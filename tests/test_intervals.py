"""Interval comparisons, rounding and severity. Rows quote DESIGN §3 and issue 4 first; add new
rows from the wild at the top of the table they belong to."""

from __future__ import annotations

import pytest

from store.figure import Figure, Qualifier
from store.intervals import Interval, close_enough, interval_of, relative_gap, rounding, severity_of
from store.quantity import Severity


def figure(text: str, value: float, qualifier: Qualifier = Qualifier.EXACT, unit: str | None = None) -> Figure:
    return Figure(0, len(text), text, value, value, value, qualifier, unit)


A = Qualifier
PAIRS = [
    # (first as written, value, qualifier, second as written, value, qualifier, agree)
    ("at least 17", 17, A.AT_LEAST, "20", 20, A.EXACT, True),
    ("around 8,000", 8000, A.APPROX, "around 8,500", 8500, A.APPROX, True),
    ("as many as 200", 200, A.UP_TO, "around 250", 250, A.APPROX, False),
    ("more than 5,000", 5000, A.MORE_THAN, "4,000", 4000, A.EXACT, False),
    ("up to 100,000", 100000, A.UP_TO, "more than 78,000", 78000, A.MORE_THAN, True),
    ("around 200", 200, A.APPROX, "as many as 200", 200, A.UP_TO, True),
    ("around 200", 200, A.APPROX, "around 250", 250, A.APPROX, False),
    ("5,000", 5000, A.EXACT, "4,000", 4000, A.EXACT, False),
    ("5,000", 5000, A.EXACT, "more than 5,000", 5000, A.MORE_THAN, True),
    ("10", 10, A.EXACT, "13", 13, A.EXACT, False),
    ("2,124", 2124, A.EXACT, "2,130", 2130, A.EXACT, False),
    ("5,000", 5000, A.EXACT, "5,200", 5200, A.EXACT, True),
]


@pytest.mark.parametrize(("a", "va", "qa", "b", "vb", "qb", "agree"), PAIRS,
                         ids=[f"{row[0]} vs {row[3]}" for row in PAIRS])
def test_intervals_agree_as_an_editor_reads_them(
    a: str, va: float, qa: Qualifier, b: str, vb: float, qb: Qualifier, agree: bool
) -> None:
    assert interval_of(figure(a, va, qa)).overlaps(interval_of(figure(b, vb, qb))) is agree
    assert interval_of(figure(b, vb, qb)).overlaps(interval_of(figure(a, va, qa))) is agree


INTERVALS = [
    ("5,000", 5000, A.EXACT, Interval(4750.0, 5250.0)),
    ("2,124", 2124, A.EXACT, Interval(2124.0, 2124.0)),
    ("around 250", 250, A.APPROX, Interval(225.0, 275.0)),
    ("more than 5,000", 5000, A.MORE_THAN, Interval(5000.0, None)),
    ("at least 17", 17, A.AT_LEAST, Interval(17.0, None)),
    ("as many as 200", 200, A.UP_TO, Interval(0.0, 210.0)),
]


@pytest.mark.parametrize(("text", "value", "qualifier", "expected"), INTERVALS, ids=[r[0] for r in INTERVALS])
def test_interval_of_a_written_figure(text: str, value: float, qualifier: Qualifier, expected: Interval) -> None:
    assert interval_of(figure(text, value, qualifier)) == expected


def test_a_range_keeps_its_own_ends() -> None:
    between = Figure(0, 20, "between 10 and 20", 10, 10, 20, Qualifier.RANGE)
    assert interval_of(between) == Interval(9.5, 21.0)


def test_round_numbers_carry_their_rounding_and_others_none() -> None:
    assert [rounding(v) for v in (5000, 100000, 20, 10, 13, 2124, 2.5, 0)] == [
        250.0, 5000.0, 1.0, 0.5, 0.0, 0.0, 0.0, 0.0]


GAPS = [(250, 200, 0.2, Severity.MEDIUM), (5000, 4000, 0.2, Severity.MEDIUM), (13, 10, 3 / 13, Severity.MEDIUM),
        (8500, 8000, 500 / 8500, Severity.LOW), (2583338, 2.6, (2583338 - 2.6) / 2583338, Severity.HIGH),
        (100, 50, 0.5, Severity.HIGH)]


@pytest.mark.parametrize(("a", "b", "gap", "severity"), GAPS, ids=[f"{r[0]} vs {r[1]}" for r in GAPS])
def test_severity_follows_the_relative_gap(a: float, b: float, gap: float, severity: Severity) -> None:
    assert relative_gap(a, b) == pytest.approx(gap)
    assert severity_of(relative_gap(a, b)) is severity


CONVERSIONS = [
    (13, 13.0488, True),  # "21km (13 miles)"
    (2.6, 2583338.0, False),  # "24 hectares (2.6 square feet)"
    (37, 0.0232, False),  # "60,000 square meters (37 square miles)"
    (2.6, 2.59, True),  # "1 square mile (2.6 square kilometers)"
    (240000, 240000.0, True),
]


@pytest.mark.parametrize(("stated", "computed", "ok"), CONVERSIONS, ids=[f"{r[0]} for {r[1]}" for r in CONVERSIONS])
def test_a_restated_number_is_close_enough_within_its_rounding(stated: float, computed: float, ok: bool) -> None:
    assert close_enough(stated, computed, 0.06) is ok
