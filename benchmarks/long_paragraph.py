"""Ingest time of one paragraph as it grows: 50 KB, 500 KB, 5 MB (issue 11 §2).

`python -m benchmarks.long_paragraph [--sizes 50000 500000 5000000]` builds, for each size, one
line of text with no sentence end until its last character (a run-on list of figures, the shape
of a one-line table that used to take 87 s at 52 KB) and ingests it through the whole path an
upload takes: `article_from_bytes` (decode, prose check) and `Store.add_article` on a new SQLite
store. It prints the seconds per size and, against the smallest size in the same run, the ratio
of times beside the ratio of sizes: time linear in length shows as time ratio <= size ratio.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from store.db import Store
from store.ingest import article_from_bytes

PLACES = ("Harbor", "Lakeside", "Pine Ridge", "Mill Creek", "Old Town", "Riverside")


def run_on_paragraph(size: int, seed: int = 7) -> str:
    """One line of about SIZE characters: clauses with two figures each, one full stop at the end."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        part = (f"{rng.choice(PLACES)} reported {rng.randint(2, 9_000):,} homes without power and "
                f"{rng.randint(2, 99)} crews at work, ")
        parts.append(part)
        length += len(part)
    return "".join(parts).rstrip(", ") + "."


def ingest_seconds(text: str, folder: Path, name: str) -> tuple[float, int]:
    store = Store.open(f"sqlite:///{folder / name}.db")
    try:
        start = time.perf_counter()
        result = store.add_article(article_from_bytes(text.encode(), f"{name}.txt"))
        return time.perf_counter() - start, result.figures
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.long_paragraph", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 500_000, 5_000_000])
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sorted(args.sizes):
            seconds, figures = ingest_seconds(run_on_paragraph(size), Path(tmp), f"p{size}")
            rows.append((size, seconds, figures))
    base_size, base_seconds, _ = rows[0]
    print(f"{'paragraph':>12} {'seconds':>8} {'figures':>8} {'size ratio':>11} {'time ratio':>11}")
    for size, seconds, figures in rows:
        print(f"{size / 1000:>10,.0f}KB {seconds:>8.2f} {figures:>8,} {size / base_size:>11.1f} "
              f"{seconds / base_seconds:>11.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
