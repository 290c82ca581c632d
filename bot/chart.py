"""One quantity group as a small PNG: a row per source, so an editor sees a disagreement before reading.

A dot (on a thin stem from zero) is an exact figure; a bar is an interval: "about 250" spans its
low..high, "more than 5,000" runs on to the right with an arrow, "up to 100,000" comes in from the
left. Flagged figures are drawn in the flag colour and the title says "disputed".
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot: the bot has no display
# Figures are built with matplotlib.figure.Figure, not pyplot: no global state, so chart_png can run
# in worker threads (asyncio.to_thread) and nothing has to be closed afterwards.

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from commands.reply import FigureLine, GroupView
from store.labels import fit_label

CHART_NAME = "claim-chart.png"
WIDTH_PX, BASE_PX, ROW_PX, DPI = 800, 120, 40, 100
MAX_ROWS = 14  # past this a chart is a wall; the embed lists every figure anyway
FLAG, PLAIN, MUTED = "#C0392B", "#2E86C1", "#7F8C8D"
OPEN_UP = {"more_than", "at_least", "over"}
OPEN_DOWN = {"up_to", "less_than", "at_most", "under"}


@dataclass(frozen=True, slots=True)
class Row:
    """One drawn figure: where its marker (value) and bar (low..high) sit, and how it is labelled."""

    label: str
    text: str
    value: float
    low: float | None
    high: float | None
    open_up: bool
    open_down: bool
    flagged: bool


def sources(group: GroupView) -> int:
    """How many outlets report figures in GROUP: a chart is worth it from two."""
    return len({line.outlet.strip().lower() for line in group.figures})


def has_chart(group: GroupView) -> bool:
    """True when GROUP gets a chart: two or more outlets, all in one unit (a mixed axis would mislead)."""
    return sources(group) >= 2 and len({line.unit for line in group.figures}) == 1


def rows_of(group: GroupView) -> tuple[list[Row], int]:
    """The rows to draw, lowest value at the top, and how many were left out (flagged ones are kept)."""
    seen: dict[tuple[str, str, str], FigureLine] = {}
    for line in group.figures:  # one outlet repeating one figure is one row
        seen.setdefault((line.outlet, line.said_by or "", line.text.strip()), line)
    lines = sorted(seen.values(), key=lambda line: not line.flagged)
    kept, dropped = lines[:MAX_ROWS], max(0, len(lines) - MAX_ROWS)
    rows = [_row(line) for line in kept]
    rows.sort(key=lambda row: (row.value, row.open_up))
    return rows, dropped


def _row(line: FigureLine) -> Row:
    # two short lines (outlet, then who said it) fit a 40 px row and leave the plot its width
    said = f"\n{_short(line.said_by, 26)}" if line.said_by else ""
    qualifier = line.qualifier.lower()
    low, high = line.low, line.high
    if low == high == line.value:  # the store gives an exact figure a zero-width interval
        low = high = None
    if qualifier in {"approx", "about", "around"} and low is None and high is None:
        low, high = line.value * 0.9, line.value * 1.1  # "about 250": draw ±10 % when the text gives no range
    return Row(label=fit_label(line.outlet, 26) + said, text=_short(line.text.strip(), 24), value=line.value,
               low=low, high=high, open_up=qualifier in OPEN_UP and high is None,
               open_down=qualifier in OPEN_DOWN and low is None, flagged=line.flagged)


def spread(rows: list[Row]) -> str:
    """"10 vs 13": the distinct values as written, low to high (or just the two ends when many)."""
    texts = list(dict.fromkeys(row.text for row in sorted(rows, key=lambda row: row.value)))
    return " vs ".join(texts) if len(texts) <= 4 else f"{texts[0]} to {texts[-1]}"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def chart_png(group: GroupView) -> bytes | None:
    """GROUP drawn as a PNG of 800 x (120 + 40 per row) pixels; None when it has fewer than two sources."""
    if not has_chart(group):
        return None
    rows, dropped = rows_of(group)
    height = BASE_PX + ROW_PX * len(rows)
    fig = Figure(figsize=(WIDTH_PX / DPI, height / DPI), dpi=DPI)  # no pyplot state: safe in threads
    ax = fig.add_axes((200 / WIDTH_PX, 45 / height, 1 - 300 / WIDTH_PX, 1 - 100 / height))
    top = max([row.high or row.value * (1.25 if row.open_up else 1.0) for row in rows]) or 1.0
    span = top * 1.18
    for y, row in enumerate(rows):
        colour = FLAG if row.flagged else PLAIN
        ax.axhline(y, color="#ECF0F1", linewidth=1, zorder=0)
        if row.low is not None or row.high is not None or row.open_up or row.open_down:
            low = row.low if row.low is not None else (row.value * 0.8 if row.open_down else row.value)
            reach = max(row.value * 0.2, top * 0.04)  # "more than": an arrow, long enough to be seen
            high = row.high if row.high is not None else (row.value + reach if row.open_up else row.value)
            ax.plot([low, high], [y, y], color=colour, linewidth=9, alpha=0.35, solid_capstyle="butt", zorder=2)
            if row.open_up:
                ax.plot(high, y, marker=">", color=colour, markersize=11, zorder=3)
            if row.open_down:
                ax.plot(low, y, marker="<", color=colour, markersize=11, zorder=3)
            ax.plot(row.value, y, marker="o", markersize=10, markerfacecolor="white", markeredgecolor=colour,
                    markeredgewidth=2.5, zorder=4)
        else:
            ax.plot([0, row.value], [y, y], color=colour, linewidth=1.5, alpha=0.5, zorder=1)
            ax.plot(row.value, y, marker="o", markersize=11, color=colour, zorder=4)
        ax.annotate(row.text, (row.value, y), xytext=(10, 7), textcoords="offset points", fontsize=12,
                    fontweight="bold", color=colour, va="bottom")
    ax.set_yticks(range(len(rows)), [row.label for row in rows], fontsize=9, linespacing=1.1)
    ax.set_ylim(len(rows) - 0.4, -0.6)  # lowest value on top, like a table read downwards
    ax.set_xlim(0, span)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}" if span >= 10
                                                                 else f"{x:,.1f}"))
    ax.tick_params(axis="x", labelsize=9, colors=MUTED)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    title = _short(group.label[:1].upper() + group.label[1:], 60) + (f" ({group.unit})" if group.unit else "")
    status = f"DISPUTED: {spread(rows)}" if group.flagged else spread(rows)
    fig.text(10 / WIDTH_PX, 1 - 12 / height, title, fontsize=13, fontweight="bold", va="top")
    fig.text(10 / WIDTH_PX, 1 - 34 / height, f"{status} · {sources(group)} outlets, {group.origins} origins"
             + (f" · {dropped} more in the list" if dropped else ""), fontsize=10, va="top",
             color=FLAG if group.flagged else MUTED, fontweight="bold" if group.flagged else "normal")
    fig.text(1 - 10 / WIDTH_PX, 8 / height, "● exact   ▬ interval (about, at least, up to)", fontsize=8,
             ha="right", va="bottom", color=MUTED)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR header; ValueError when DATA is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
