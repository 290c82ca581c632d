"""`claimbot eval GOLD.yaml ARTICLES_DIR`: figures, groups and lookups scored against a gold file.

The articles are ingested into a fresh temporary store, exactly as `claimbot ingest` would, so the
score is the product's, not the extractor's alone.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from commands.claim import find
from store.db import Store
from store.evaluation.figures import evaluate_figures, format_figure_report
from store.evaluation.lookups import StoreScores, format_store_report, locate, score_groups, score_queries
from store.ingest import article_paths, read_file
from store.records import FlagInfo

TARGET_F1 = 0.97
TARGET_FIELD = 0.90


def score_store(gold: dict, articles: Path, url: str) -> StoreScores:
    store = Store.open(url)
    try:
        texts = {}
        for path in article_paths(articles):
            texts[path.name] = read_file(path).text
            store.add_article(read_file(path))
        figures = [f for story in {a.story_id for a in store.articles()} for f in store.story_figures(story or 0)]
        located = locate(gold, texts, figures)
        flags = store.flags()

        def lookup(query: str) -> tuple[set[int], list[FlagInfo]]:
            answer = find(store, query)
            return {f.id for f in answer.figures}, list(answer.flags)

        unmatched = tuple(g["id"] for g in gold.get("figures", []) if g["id"] not in located)
        return StoreScores(groups=tuple(score_groups(gold, located, flags)),
                           queries=tuple(score_queries(gold, located, lookup)), unmatched_gold=unmatched)
    finally:
        store.close()


def evaluate(gold_path: Path, articles: Path) -> tuple[str, bool]:
    """The printed report and whether every target was met."""
    gold = yaml.safe_load(gold_path.read_text("utf-8"))
    figure_scores = evaluate_figures(gold_path, articles)
    with tempfile.TemporaryDirectory() as tmp:
        store_scores = score_store(gold, articles, f"sqlite:///{Path(tmp) / 'eval.db'}")
    report = "\n\n".join([format_figure_report(figure_scores), format_store_report(store_scores)])
    ok = figure_scores.f1 >= TARGET_F1 and store_scores.ok
    return report, ok
