"""`claimbot bench`: lookups, autocomplete, ingest, extraction and memory at N figures, in one run.

    python -m benchmarks.lookup [--figures 1000000] [--pg URL | --no-pg] [--naive-queries 10]

Builds a synthetic store (benchmarks/synthetic.py) in a temporary SQLite file and, when
PostgreSQL answers, in a throw-away schema `bench_<random>` (dropped at the end), then measures
in the same run:
- lookup latency p50/p99 over the 50 queries of `synthetic.QUERIES`, each cold (vocabulary
  matches forgotten first) through `Store.search`, i.e. with the per-query sync check, and the
  naive way (rapidfuzz `partial_ratio` over every figure's text) on a subset, as a ratio;
- recall of typo and inflection queries against the ground truth of each query;
- autocomplete latency over every prefix of the queries, cold;
- ingest through `Store.add_article` (the real extractor, stories, groups, flags) into the
  N-figure store, on each backend;
- extraction throughput on one core; resident memory of a fresh process holding the store.
Timings are per run and machine; compare ratios, not absolute numbers across machines.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import sqlalchemy

from benchmarks import synthetic
from commands.limits import MAX_SEARCH_HITS
from store.db import Store
from store.engine import drop_schema, scratch_schema

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


BATCH = 50  # as `claimbot ingest` does


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(np.array(values), p)) if values else float("nan")


def timed_lookups(store: Store, queries: list[str], runs: int = 3) -> list[float]:
    """Milliseconds per query (median of RUNS), each run cold: remembered matches forgotten."""
    store.search("warm up the connection pool")
    out = []
    for q in queries:
        samples = []
        for _ in range(runs):
            store.index.forget_matches()
            start = time.perf_counter()
            store.search(q, limit=MAX_SEARCH_HITS)
            samples.append((time.perf_counter() - start) * 1000)
        out.append(statistics.median(samples))
    return out


def timed_warm_lookups(store: Store, queries: list[str]) -> list[float]:
    for q in queries:
        store.search(q, limit=MAX_SEARCH_HITS)
    out = []
    for q in queries:
        start = time.perf_counter()
        store.search(q, limit=MAX_SEARCH_HITS)
        out.append((time.perf_counter() - start) * 1000)
    return out


def timed_answers(store: Store, queries: list[str]) -> list[float]:
    """Milliseconds of the whole `!claim` answer (lookup, groups, figures, flags), warm."""
    from commands.claim import find

    out = []
    for q in queries:
        start = time.perf_counter()
        find(store, q)
        out.append((time.perf_counter() - start) * 1000)
    return out


def timed_completions(store: Store, queries: list[str]) -> list[float]:
    """Milliseconds per autocomplete call over each prefix of each query, cold."""
    out = []
    for q in queries:
        for end in range(1, min(len(q), 12) + 1):
            store.index.forget_matches()
            start = time.perf_counter()
            store.index.complete(q[:end], limit=25)
            out.append((time.perf_counter() - start) * 1000)
    return out


def recall(store: Store) -> tuple[dict[str, float], list[float]]:
    """Mean recall per query kind, and recall per query, against each query's ground truth."""
    fields: list[dict[str, int]] = [{}, {}, {}]
    ids, refs = [], [[], [], []]
    with store.engine.connect() as connection:
        rows = connection.execute(sqlalchemy.text("SELECT id, counts, action, said_by FROM figure")).all()
    for figure_id, *values in rows:
        ids.append(figure_id)
        for k, value in enumerate(values):
            refs[k].append(fields[k].setdefault((value or "").lower(), len(fields[k])))
    del rows
    ids_arr = np.array(ids)
    ref_arrs = [np.array(r) for r in refs]
    by_kind: dict[str, list[float]] = {}
    per_query: list[float] = []
    for query in synthetic.QUERIES:
        relevant = np.ones(len(ids_arr), dtype=bool)
        for pattern in query.truth:
            regex = re.compile(pattern)
            any_field = np.zeros(len(ids_arr), dtype=bool)
            for k in range(3):
                hit = np.array([bool(regex.search(text)) for text in fields[k]], dtype=bool)
                any_field |= hit[ref_arrs[k]]
            relevant &= any_field
        truth = set(ids_arr[relevant].tolist())
        found = set(store.index.search(query.text).figure_ids)
        score = len(truth & found) / len(truth) if truth else 1.0
        by_kind.setdefault(query.kind, []).append(score)
        per_query.append(score)
    return {kind: statistics.mean(scores) for kind, scores in by_kind.items()}, per_query


def naive(store: Store, queries: list[str]) -> list[float]:
    """Milliseconds per query of rapidfuzz over every figure's text, written as a bot would."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process

    with store.engine.connect() as connection:
        texts = [
            f"{c or ''} | {a or ''} | {s or ''} | {t}"
            for c, a, s, t in connection.execute(
                sqlalchemy.text("SELECT counts, action, said_by, sentence FROM figure")
            )
        ]
    out = []
    for q in queries:
        start = time.perf_counter()
        process.extract(q, texts, scorer=fuzz.partial_ratio, processor=default_process, limit=20)
        out.append((time.perf_counter() - start) * 1000)
    return out


def ingest(store: Store, articles: list, batch: int = 1) -> tuple[float, float]:
    """(articles/s, figures/s) through Store.add_articles in batches of BATCH, one process."""
    figures = 0
    quiet = logging.getLogger("store.db")
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # a line per article would bury the table
    try:
        start = time.perf_counter()
        for i in range(0, len(articles), batch):
            figures += sum(r.figures for r in store.add_articles(articles[i : i + batch]))
    finally:
        quiet.setLevel(level)
    elapsed = time.perf_counter() - start
    return len(articles) / elapsed, figures / elapsed


def extraction_rate(articles: list) -> float:
    """KB/s of `extract` on one core, over the synthetic articles and the seeds."""
    from store.extract import extract

    texts = [a.text for a in articles] + [p.read_text("utf-8") for p in sorted(Path("seeds").glob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in texts)
    start = time.perf_counter()
    for text in texts:
        extract(text)
    return size / 1024 / (time.perf_counter() - start)


def resident_memory(url: str) -> dict[str, float]:
    """RSS of a fresh process that opens the store and builds the index, as the bot does at start."""
    code = (
        "import ctypes, gc, json, time, psutil\n"
        "from store.db import Store\n"
        "t = time.perf_counter(); s = Store.open(URL); s.index; s.search('evacuees')\n"
        "build = time.perf_counter() - t; gc.collect()\n"
        "try: ctypes.CDLL('libc.so.6').malloc_trim(0)\n"
        "except OSError: pass\n"
        "print(json.dumps({'rss_mb': psutil.Process().memory_info().rss / 2**20, 'build_s': build,\n"
        "                  'vocabulary': len(s.index.vocabulary)}))\n"
    ).replace("URL", repr(url))
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def pg_schema_url(base: str) -> tuple[str, str] | None:
    """A URL on a new schema bench_<random>, or None when PostgreSQL does not answer."""
    try:
        return scratch_schema(base, "bench")
    except Exception as error:  # unreachable or refused: the SQLite half still runs
        print(f"PostgreSQL skipped: {str(error).splitlines()[0][:120]}", file=sys.stderr)
        return None


def run_backend(name: str, url: str, args: argparse.Namespace, articles: list, rows: list[tuple], log) -> None:
    queries = [q.text for q in synthetic.QUERIES]
    store = Store.open(url)
    try:
        t = time.perf_counter()
        counts = synthetic.fill(store.engine, args.figures)
        log(
            f"{name}: wrote {counts['figure']:,} figures, {counts['article']:,} articles, "
            f"{counts['story']:,} stories in {time.perf_counter() - t:.1f} s"
        )
        rows.append(
            (
                f"{name}: bulk load of the synthetic store",
                f"{time.perf_counter() - t:.1f} s",
                f"{counts['figure'] / (time.perf_counter() - t):,.0f} figures/s",
            )
        )
        t = time.perf_counter()
        index = store.index
        rows.append(
            (
                f"{name}: index build (in process)",
                f"{time.perf_counter() - t:.1f} s",
                f"{len(index.vocabulary):,} terms, {len(index.surfaces):,} written words",
            )
        )
        ours = timed_lookups(store, queries)
        p50, p99 = percentile(ours, 50), percentile(ours, 99)
        rows.append(
            (
                f"{name}: lookup, cold (Store.search, 50 queries)",
                f"p50 {p50:.1f} ms / p99 {p99:.1f} ms",
                f"max {max(ours):.1f} ms",
            )
        )
        warm = timed_warm_lookups(store, queries)
        rows.append(
            (
                f"{name}: lookup, warm (matches remembered)",
                f"p50 {percentile(warm, 50):.1f} ms / p99 {percentile(warm, 99):.1f} ms",
                "",
            )
        )
        answers = timed_answers(store, queries)
        rows.append(
            (
                f"{name}: whole !claim answer (find: lookup + groups + figures + flags)",
                f"p50 {percentile(answers, 50):.0f} ms / p99 {percentile(answers, 99):.0f} ms",
                "",
            )
        )
        if name == "SQLite":
            subset = queries[:: max(1, len(queries) // args.naive_queries)][: args.naive_queries]
            slow = naive(store, subset)
            mine = [ours[queries.index(q)] for q in subset]
            rows.append(
                (
                    f"{name}: naive rapidfuzz scan ({len(subset)} of 50 queries)",
                    f"p50 {percentile(slow, 50):,.0f} ms / p99 {percentile(slow, 99):,.0f} ms",
                    f"ours on the same queries: {percentile(slow, 50) / percentile(mine, 50):,.0f}x (p50), "
                    f"{percentile(slow, 99) / percentile(mine, 99):,.0f}x (p99)",
                )
            )
            found, per_query = recall(store)
            typo_infl = [
                s for q, s in zip(synthetic.QUERIES, per_query, strict=True) if q.kind in {"typo", "inflection"}
            ]
            misses = [f"{q.text} {s:.2f}" for q, s in zip(synthetic.QUERIES, per_query, strict=True) if s < 0.95]
            rows.append(
                (
                    f"{name}: recall (typo + inflection queries)",
                    f"{statistics.mean(typo_infl):.3f}",
                    ", ".join(f"{k} {v:.2f}" for k, v in found.items())
                    + (f"; below 0.95: {', '.join(misses)}" if misses else ""),
                )
            )
            completions = timed_completions(store, queries)
            rows.append(
                (
                    f"{name}: autocomplete, cold ({len(completions)} prefixes)",
                    f"p50 {percentile(completions, 50):.1f} ms / p99 {percentile(completions, 99):.1f} ms",
                    f"max {max(completions):.1f} ms",
                )
            )
            memory = resident_memory(url)
            rows.append(
                (
                    f"{name}: bot process RSS with the store loaded",
                    f"{memory['rss_mb']:.0f} MB",
                    f"start-up (open + index) {memory['build_s']:.1f} s",
                )
            )
        half = len(articles) // 2
        for label, batch, chunk in (("one by one (!ingest)", 1, articles[:half]),
                                    (f"in batches of {BATCH} (claimbot ingest)", BATCH, articles[half:])):
            per_article, per_figure = ingest(store, chunk, batch)
            rows.append(
                (
                    f"{name}: ingest {label} into the {args.figures:,}-figure store",
                    f"{per_article:.0f} articles/s",
                    f"{per_figure:.0f} figures/s ({len(chunk)} articles)",
                )
            )
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="claimbot bench", description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=1_000_000)
    parser.add_argument("--pg", default=os.environ.get("CLAIMBOT_TEST_PG", DEFAULT_PG))
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--naive-queries", type=int, default=10, help="queries timed the naive way (2 s each at 1M)")
    parser.add_argument(
        "--articles",
        type=int,
        default=400,
        help="articles ingested through the store: half one by one, half in batches",
    )
    parser.add_argument("--json", help="also write the table as JSON here")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    rows: list[tuple[str, str, str]] = []
    articles = synthetic.articles(args.articles)
    rows.append(("extraction (store.extract.extract, one core)", f"{extraction_rate(articles):.0f} KB/s", ""))
    with tempfile.TemporaryDirectory(prefix="claimbot-bench-") as tmp:
        log("SQLite")
        run_backend("SQLite", f"sqlite:///{tmp}/bench.db", args, articles, rows, log)
    gc.collect()
    if not args.no_pg:
        made = pg_schema_url(args.pg)
        if made:
            url, schema = made
            try:
                log(f"PostgreSQL (schema {schema})")
                run_backend("PostgreSQL", url, args, synthetic.articles(args.articles, seed=8), rows, log)
            finally:
                drop_schema(args.pg, schema)
    machine = f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}"
    print(f"\nclaimbot bench: {args.figures:,} figures; {machine}\n")
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure'.ljust(width)} | result | notes |\n|{'-' * (width + 2)}|---|---|")
    for name, value, note in rows:
        print(f"| {name.ljust(width)} | {value} | {note} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"figures": args.figures, "machine": machine, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
