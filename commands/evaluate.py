"""`claimbot eval GOLD.yaml ARTICLES_DIR` and `claimbot eval-corpus DIR`: the product scored against gold.

The articles are ingested into a fresh temporary store, exactly as `claimbot ingest` would, so the
score is the product's, not the extractor's alone.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path

import yaml

from commands.claim import find
from store.db import Store
from store.evaluation.corpus import (
    CorpusScores,
    LookupAnswer,
    StoryGold,
    corpus_json,
    format_corpus_report,
    score_corpus,
)
from store.evaluation.figures import evaluate_figures, format_figure_report
from store.evaluation.lookups import StoreScores, format_store_report, locate, score_groups, score_queries
from store.ingest import ArticleInput, article_paths, read_file
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


class CorpusMissing(Exception):
    """The corpus folder is not there (../shared is not mounted beside the clone)."""


def read_corpus(corpus: Path) -> tuple[list[StoryGold], list[list[ArticleInput]], list[dict]]:
    """Each story folder's gold and texts, its articles as a user would ingest them, the lookups."""
    if not corpus.is_dir():
        raise CorpusMissing(f"../shared not found: {corpus} is not a folder")
    stories: list[StoryGold] = []
    batches: list[list[ArticleInput]] = []
    for folder in sorted(p for p in corpus.iterdir() if (p / "gold-std.yaml").is_file()):
        gold = yaml.safe_load((folder / "gold-std.yaml").read_text("utf-8")) or {}
        # no story names: the store must find the stories itself, as it would for a user
        articles = [replace(read_file(path), story=None) for path in article_paths(folder)]
        texts = {Path(a.file or "").name: a.text for a in articles}
        stories.append(StoryGold(name=folder.name, gold=gold, texts=texts))
        batches.append(articles)
    if not stories:
        raise CorpusMissing(f"../shared not found: no story folder with a gold-std.yaml in {corpus}")
    queries_file = corpus / "queries.yaml"
    queries = (yaml.safe_load(queries_file.read_text("utf-8")) or {}) if queries_file.is_file() else {}
    return stories, batches, list(queries.get("queries") or [])


def score_corpus_store(corpus: Path, url: str) -> CorpusScores:
    """Ingest every story folder of CORPUS into the empty store at URL and score it."""
    stories, batches, queries = read_corpus(corpus)
    store = Store.open(url)
    try:
        for batch in batches:  # one folder at a time, as `claimbot ingest DIR/*/` does
            store.add_articles(batch)
        story_ids = sorted({a.story_id or 0 for a in store.articles()})
        figures = [f for story in story_ids for f in store.story_figures(story)]
        lookups = []
        for item in queries:
            answer = find(store, str(item["query"]))
            lookups.append((item, LookupAnswer(
                query=answer.query, groups=tuple(g.figure_ids for g in answer.groups),
                figure_ids=frozenset(f.id for f in answer.figures), flags=answer.flags)))
        return score_corpus(stories, figures, store.flags(), lookups)
    finally:
        store.close()


def evaluate_corpus(corpus: Path, *, as_json: bool = False) -> str:
    """The eval-corpus report (text or JSON) for the corpus folder CORPUS; CorpusMissing without it."""
    with tempfile.TemporaryDirectory() as tmp:
        scores = score_corpus_store(corpus, f"sqlite:///{Path(tmp) / 'corpus.db'}")
    if as_json:
        return json.dumps(corpus_json(scores), ensure_ascii=False, indent=1)
    return format_corpus_report(scores)
