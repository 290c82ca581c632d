"""The chart: a valid PNG of the promised size, only when there is something to compare."""

from __future__ import annotations

import asyncio
import io
from dataclasses import replace

import matplotlib.image
from test_render import AMBULANCES, group, line

from bot.chart import MAX_ROWS, chart_png, png_size, rows_of, spread
from commands.claim import claim
from commands.reply import GroupView
from store.db import Store


def test_chart_is_a_png_of_800_by_120_plus_40_per_row() -> None:
    data = chart_png(AMBULANCES.groups[0])
    assert data is not None
    assert png_size(data) == (800, 120 + 40 * 2)
    pixels = matplotlib.image.imread(io.BytesIO(data), format="png")
    assert pixels.shape[:2] == (200, 800)


def test_one_outlet_gets_no_chart() -> None:
    assert chart_png(group((line(1), line(2, "13", 13)))) is None


def test_intervals_and_open_ends_draw() -> None:
    figures = (line(1, "more than 5,000", 5000, qualifier="more_than"), line(2, "about 4,000", 4000, "BBC",
               qualifier="approx"), line(3, "up to 100,000", 100000, "AJ", qualifier="up_to"))
    data = chart_png(group(figures))
    assert data is not None and png_size(data) == (800, 240)


def test_a_huge_group_is_capped_and_keeps_its_flagged_rows() -> None:
    figures = tuple(line(i, str(i), i, f"Outlet {i}", flagged=i == 150) for i in range(1, 201))
    rows, dropped = rows_of(group(figures))
    assert len(rows) == MAX_ROWS and dropped == 200 - MAX_ROWS and any(r.flagged for r in rows)
    data = chart_png(group(figures))
    assert data is not None and png_size(data) == (800, 120 + 40 * MAX_ROWS)


def test_seeded_ambulances_chart_shows_10_against_13(sqlite_seeded: Store) -> None:
    reply = asyncio.run(claim(sqlite_seeded, "ambulances"))
    ambulances: GroupView = next(g for g in reply.groups if {f.value for f in g.figures} >= {10, 13})
    rows, _ = rows_of(ambulances)
    assert ambulances.flagged and spread(rows) == "10 vs 13"
    data = chart_png(ambulances)
    assert data is not None and png_size(data) == (800, 120 + 40 * len(rows))


def test_mixed_units_get_no_chart() -> None:
    mixed = group((replace(line(1), unit="hectare"), replace(line(2, outlet="BBC"), unit="square_foot")))
    assert chart_png(mixed) is None
