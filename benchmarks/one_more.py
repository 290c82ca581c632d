"""Time to ingest one more article into a store of many stories (issue 4's measurement).

`python -m benchmarks.one_more [--stories 1000] [--articles 30]` fills a temporary SQLite store
with synthetic stories (benchmarks/synthetic.py, ~500 figures each) and then ingests articles one
by one through `Store.add_article`: extraction, story choice among all stories, insertion, the
regrouping and reflagging of the story the article joins, and the index refresh. It prints the
median and slowest time per article, first for articles new to this process and then for a second
article into each of the same stories (the comparisons of that story are remembered by then).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import FIGURES_PER_ARTICLE, articles, fill
from store.db import Store
from store.ingest import ArticleInput

FIGURES_PER_STORY = 500  # matches synthetic.py: ~25 articles of ~20 figures


def timed(store: Store, batch: list[ArticleInput]) -> list[float]:
    out = []
    for article in batch:
        start = time.perf_counter()
        store.add_article(article)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.one_more", description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{Path(tmp) / 'stories.db'}")
        counts = fill(store.engine, args.stories * FIGURES_PER_STORY)
        store.search("civilians")  # the bot builds its index at start
        fresh = articles(args.articles, seed=2024)
        first = timed(store, fresh)
        again = timed(store, [ArticleInput(text=a.text + " Officials gave no new figure.", outlet=a.outlet,
                                           title=a.title, published=a.published) for a in fresh])
        print(f"store: {counts}; {FIGURES_PER_ARTICLE} figures per article on average")
        for label, times in (("first article into a story in this process", first),
                             ("another article into the same story", again)):
            print(f"{label}: median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms "
                  f"({len(times)} articles)")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
