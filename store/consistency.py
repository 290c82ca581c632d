"""Whether the store is whole: every problem a crash, a bug or a bad migration could leave behind.

`check(store)` lists problems in words an engineer can act on, empty when the store is consistent.
It reads with plain SQL (no ORM), so it also works on a database a half-finished process left
behind, and it never writes. The crash, concurrency, shutdown and migration tests all end with it.

Foreign keys already refuse most of these on PostgreSQL, and on SQLite while `PRAGMA
foreign_keys=ON` holds; this check does not trust either, since a connection opened without the
pragma (the sqlite3 shell, an old tool) can write orphans that nothing else would notice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Engine, text

from store.figure import Figure

Extractor = Callable[[str], list[Figure]]

# (what is wrong, the query that finds the offending ids); every query returns (id, detail) rows
_ORPHANS: tuple[tuple[str, str], ...] = (
    ("figure #{0} names article #{1}, which does not exist",
     "SELECT f.id, f.article_id FROM figure f LEFT JOIN article a ON a.id = f.article_id WHERE a.id IS NULL"),
    ("figure #{0} names story #{1}, which does not exist",
     "SELECT f.id, f.story_id FROM figure f LEFT JOIN story s ON s.id = f.story_id "
     "WHERE f.story_id IS NOT NULL AND s.id IS NULL"),
    ("figure #{0} names quantity group #{1}, which does not exist",
     "SELECT f.id, f.group_id FROM figure f LEFT JOIN quantity_group g ON g.id = f.group_id "
     "WHERE f.group_id IS NOT NULL AND g.id IS NULL"),
    ("figure #{0} is in story #{1} but its article is not",
     "SELECT f.id, f.story_id FROM figure f JOIN article a ON a.id = f.article_id "
     "WHERE f.story_id IS NOT NULL AND (a.story_id IS NULL OR a.story_id <> f.story_id)"),
    ("figure #{0} is in a quantity group of story #{1}, not of its own story",
     "SELECT f.id, g.story_id FROM figure f JOIN quantity_group g ON g.id = f.group_id "
     "WHERE f.story_id IS NULL OR g.story_id <> f.story_id"),
    ("figure #{0} of story #{1} belongs to no quantity group",
     "SELECT f.id, f.story_id FROM figure f WHERE f.group_id IS NULL AND f.story_id IS NOT NULL"),
    ("figure #{0} is part of figure index {1}, which its article does not have",
     "SELECT f.id, f.part_of_idx FROM figure f LEFT JOIN figure p "
     "ON p.article_id = f.article_id AND p.idx = f.part_of_idx "
     "WHERE f.part_of_idx IS NOT NULL AND p.id IS NULL"),
    ("article #{0} names story #{1}, which does not exist",
     "SELECT a.id, a.story_id FROM article a LEFT JOIN story s ON s.id = a.story_id "
     "WHERE a.story_id IS NOT NULL AND s.id IS NULL"),
    ("quantity group #{0} names story #{1}, which does not exist",
     "SELECT g.id, g.story_id FROM quantity_group g LEFT JOIN story s ON s.id = g.story_id WHERE s.id IS NULL"),
    ("flag #{0} names story #{1}, which does not exist",
     "SELECT x.id, x.story_id FROM flag x LEFT JOIN story s ON s.id = x.story_id WHERE s.id IS NULL"),
    ("flag #{0} names quantity group #{1}, which does not exist",
     "SELECT x.id, x.group_id FROM flag x LEFT JOIN quantity_group g ON g.id = x.group_id "
     "WHERE x.group_id IS NOT NULL AND g.id IS NULL"),
    ("flag #{0} names figure #{1}, which does not exist",
     "SELECT ff.flag_id, ff.figure_id FROM flag_figure ff LEFT JOIN figure f ON f.id = ff.figure_id "
     "WHERE f.id IS NULL"),
    ("a flag_figure row names flag #{0}, which does not exist (figure #{1})",
     "SELECT ff.flag_id, ff.figure_id FROM flag_figure ff LEFT JOIN flag x ON x.id = ff.flag_id WHERE x.id IS NULL"),
    ("active flag #{0} ({1}) names no figure",
     "SELECT x.id, x.kind FROM flag x LEFT JOIN flag_figure ff ON ff.flag_id = x.id "
     "WHERE x.active AND ff.flag_id IS NULL"),
    ("flag #{0} reopens flag #{1}, which does not exist",
     "SELECT x.id, x.reopens_id FROM flag x LEFT JOIN flag r ON r.id = x.reopens_id "
     "WHERE x.reopens_id IS NOT NULL AND r.id IS NULL"),
    ("review step #{0} names flag #{1}, which does not exist",
     "SELECT v.id, v.flag_id FROM flag_review v LEFT JOIN flag x ON x.id = v.flag_id WHERE x.id IS NULL"),
    ("flag #{0} says its latest figure is #{1}, which does not exist",
     "SELECT x.id, x.latest_figure_id FROM flag x LEFT JOIN figure f ON f.id = x.latest_figure_id "
     "WHERE x.latest_figure_id IS NOT NULL AND f.id IS NULL"),
    ("story #{0} has the same editor-given name as story #{1}: one story split in two",
     "SELECT a.id, b.id FROM story a JOIN story b ON a.name = b.name AND a.id > b.id WHERE a.explicit AND b.explicit"),
    ("story #{0} counts {1} articles but holds a different number",
     "SELECT s.id, s.articles FROM story s LEFT JOIN "
     "(SELECT story_id, COUNT(*) AS n FROM article GROUP BY story_id) a ON a.story_id = s.id "
     "WHERE s.articles <> COALESCE(a.n, 0)"),
)

_ARTICLE_FIGURES = (
    "SELECT a.id, COUNT(f.id), COALESCE(MIN(f.idx), 0), COALESCE(MAX(f.idx), -1), "
    "SUM(CASE WHEN f.start < 0 OR f.start >= f.\"end\" OR f.\"end\" > LENGTH(a.text) THEN 1 ELSE 0 END) "
    "FROM article a LEFT JOIN figure f ON f.article_id = a.id GROUP BY a.id ORDER BY a.id"
)


def _engine_of(store_or_engine: Any) -> Engine:
    return store_or_engine if isinstance(store_or_engine, Engine) else store_or_engine.engine


def check(store_or_engine: Any, *, extractor: Extractor | None = None, reextract: bool = True) -> list[str]:
    """Every inconsistency in the store, one sentence each; an empty list when the store is whole.

    An article may rightly hold no figures ("The talks resumed on Monday."), so "an article without
    its figures" is judged two ways: the figures an article holds must be numbered 0..n-1 with no
    gap (a partial write leaves a gap or a tail missing), and, when REEXTRACT is on, an article that
    holds none is run through the extractor (the store's own when a Store is given), which must find
    none either. Counting every article's figures against re-extraction would also catch a rules
    upgrade, which is not damage, so only the zero case is re-extracted.
    """
    engine = _engine_of(store_or_engine)
    if extractor is None and reextract and not isinstance(store_or_engine, Engine):
        extractor = getattr(store_or_engine, "extractor", None)
    if extractor is None and reextract:
        from store.extract import extract

        extractor = extract
    problems: list[str] = []
    with engine.connect() as connection:
        for sentence, query in _ORPHANS:
            for first, second in connection.execute(text(query)).all():
                problems.append(sentence.format(first, second))
        empty: list[int] = []
        for article_id, count, low, high, bad_spans in connection.execute(text(_ARTICLE_FIGURES)).all():
            if count and (low != 0 or high != count - 1):
                problems.append(f"article #{article_id} holds {count} figures numbered {low}..{high}: some are missing")
            if bad_spans:
                problems.append(f"article #{article_id} has {bad_spans} figures whose offsets fall outside its text")
            if not count:
                empty.append(article_id)
        if reextract and extractor is not None and empty:
            problems.extend(_figures_missing(connection, empty, extractor))
    return problems


def _figures_missing(connection: Any, article_ids: Sequence[int], extractor: Extractor) -> list[str]:
    problems = []
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        params = {f"a{i}": a for i, a in enumerate(chunk)}
        placeholders = ", ".join(f":{name}" for name in params)
        rows = connection.execute(text(f"SELECT id, text FROM article WHERE id IN ({placeholders})"), params)
        for article_id, body in rows:
            found = [f for f in extractor(body) if not f.vague]
            if found:
                problems.append(f"article #{article_id} holds no figures, but its text has {len(found)}")
    return problems
