"""Fuzzy lookup without scanning figures: query words -> store vocabulary -> postings -> figures.

A query like "ambulence" or "evacuees" is normalised with the same `terms()` the index uses, each
query term is matched fuzzily against the vocabulary (distinct normalised words of what figures
count, what happened to them and who said so), and postings lead to the figures. The cost follows
the vocabulary, not the number of figures (notes/lookup.md, design b).

A query term may also be satisfied by the figure's story ("percent of Aleppo" finds "85 percent of
the eastern part" in the Aleppo story), but at least one term must match the figure itself.
"""

from __future__ import annotations

import bisect
import json
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from store.models import FigureRow, StoryRow
from store.terms import terms

FUZZY_CUTOFF = 80  # notes/lookup.md: ratio >= 80 on stems keeps precision ~0.95 and finds typos
SHORT_TERM_CUTOFF = 88  # three- and four-letter words collide too easily ("bus" ~ "but")
SUGGEST_CUTOFF = 60
STORY_TERMS = 25  # the words that say what a story is about; more would match everything in it
MAX_QUERY_TERMS = 8


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Figures matching a query, best first, with what each query word matched."""

    query: str
    figure_ids: tuple[int, ...]
    matched: dict[str, tuple[str, ...]] = field(default_factory=dict)
    suggestions: tuple[str, ...] = ()
    truncated: bool = False


class SearchIndex:
    """Vocabulary and postings of every figure in the store, loaded incrementally."""

    def __init__(self) -> None:
        self.postings: dict[str, array[int]] = {}
        self.story_of: dict[int, int] = {}
        self.story_postings: dict[str, set[int]] = defaultdict(set)
        self.surface: dict[str, Counter[str]] = defaultdict(Counter)
        self.phrases: Counter[str] = Counter()
        self._buckets: dict[int, list[str]] = defaultdict(list)
        self._sorted_phrases: list[str] = []
        self._phrase_display: dict[str, str] = {}
        self.last_figure_id = 0
        self._story_marker: tuple[int, int] = (0, 0)
        self._phrases_dirty = False

    # ---- building -------------------------------------------------------------------------------

    def load(self, engine: Engine) -> int:
        """Add figures stored since the last load and refresh story words; returns figures added."""
        added = 0
        with Session(engine) as session:
            marker = session.exec(select(func.count(), func.coalesce(func.sum(StoryRow.articles), 0))).one()
            if tuple(marker) != self._story_marker:
                self._load_stories(session.exec(select(StoryRow.id, StoryRow.terms_json)).all())
                self._story_marker = (int(marker[0]), int(marker[1]))
            while True:
                rows = session.exec(
                    select(FigureRow.id, FigureRow.story_id, FigureRow.counts, FigureRow.action,
                           FigureRow.said_by, FigureRow.unit)
                    .where(FigureRow.id > self.last_figure_id)
                    .order_by(col(FigureRow.id))
                    .limit(50_000)
                ).all()
                if not rows:
                    break
                for figure_id, story_id, counts, action, said_by, unit in rows:
                    self.add(figure_id or 0, story_id, counts, action, said_by, unit)
                added += len(rows)
        return added

    def add(self, figure_id: int, story_id: int | None, counts: str | None, action: str | None,
            said_by: str | None, unit: str | None) -> None:
        """Index one figure under the normalised words of what it counts, its action, source and unit."""
        words: set[str] = set()
        for text in (counts, action, said_by, _unit_words(unit)):
            if text:
                for surface, term in _surfaces(text):
                    words.add(term)
                    self.surface[term][surface] += 1
        for term in words:
            postings = self.postings.get(term)
            if postings is None:
                postings = self.postings[term] = array("q")
                self._buckets[len(term)].append(term)
            postings.append(figure_id)
        if story_id is not None:
            self.story_of[figure_id] = story_id
        if counts:
            self.phrases[counts.strip().lower()[:100]] += 1
            self._phrases_dirty = True
        self.last_figure_id = max(self.last_figure_id, figure_id)

    def _load_stories(self, rows: Iterable[tuple[int | None, str]]) -> None:
        self.story_postings = defaultdict(set)
        for story_id, terms_json in rows:
            weights: dict[str, float] = json.loads(terms_json or "{}")
            for term in sorted(weights, key=lambda t: -weights[t])[:STORY_TERMS]:
                self.story_postings[term].add(story_id or 0)

    # ---- querying -------------------------------------------------------------------------------

    def vocabulary_matches(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary terms close to WORD, best first; exact matches score 100."""
        cutoff = SHORT_TERM_CUTOFF if len(word) <= 4 else FUZZY_CUTOFF
        found: dict[str, float] = {}
        if word in self.postings:
            found[word] = 100.0
        # ratio >= cutoff needs the longer word to be at most (200 / cutoff - 1) times the shorter
        spread = 200 / cutoff - 1
        low, high = math.ceil(len(word) / spread), math.floor(len(word) * spread)
        for length in range(low, high + 1):
            bucket = self._buckets.get(length)
            if bucket:
                for term, score, _ in process.extract(word, bucket, scorer=fuzz.ratio, score_cutoff=cutoff,
                                                      limit=None):
                    found[term] = max(found.get(term, 0.0), score)
        return sorted(found.items(), key=lambda item: (-item[1], item[0]))

    def search(self, query: str, *, limit: int | None = None) -> SearchResult:
        """Figures matching every word of QUERY (by themselves or through their story), best first."""
        words = list(dict.fromkeys(terms(query)))[:MAX_QUERY_TERMS]
        if not words:
            return SearchResult(query=query, figure_ids=())
        own: list[dict[int, float]] = []
        story_sets: list[set[int]] = []
        matched: dict[str, tuple[str, ...]] = {}
        for word in words:
            scores: dict[int, float] = {}
            stories: set[int] = set()
            matches = self.vocabulary_matches(word)
            for term, score in matches:
                for figure_id in self.postings[term]:
                    if scores.get(figure_id, 0.0) < score:
                        scores[figure_id] = score
                stories |= self.story_postings.get(term, set())
            stories |= self.story_postings.get(word, set())
            matched[word] = tuple(self.display(t) for t, _ in matches[:5])
            own.append(scores)
            story_sets.append(stories)
        candidates = set().union(*(set(s) for s in own))
        ranked: list[tuple[float, int]] = []
        for figure_id in candidates:
            total = 0.0
            for scores, stories in zip(own, story_sets, strict=True):
                score = scores.get(figure_id)
                if score is not None:
                    total += score
                elif self.story_of.get(figure_id) in stories:
                    total += 50.0  # matched through the story only: weaker than the figure's own words
                else:
                    break
            else:
                ranked.append((total, figure_id))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        ids = tuple(figure_id for _, figure_id in ranked)
        truncated = limit is not None and len(ids) > limit
        if truncated:
            ids = ids[:limit]
        suggestions = () if ids else self.suggest(query)
        return SearchResult(query=query, figure_ids=ids, matched=matched, suggestions=suggestions,
                            truncated=truncated)

    def suggest(self, query: str, *, limit: int = 5) -> tuple[str, ...]:
        """Words of the store close to QUERY's words, for a "did you mean"."""
        found: dict[str, float] = {}
        for word in terms(query)[:MAX_QUERY_TERMS]:
            for length in range(max(1, len(word) // 2), len(word) * 2 + 1):
                bucket = self._buckets.get(length)
                if bucket:
                    for term, score, _ in process.extract(word, bucket, scorer=fuzz.ratio,
                                                          score_cutoff=SUGGEST_CUTOFF, limit=limit):
                        found[term] = max(found.get(term, 0.0), score)
        best = sorted(found.items(), key=lambda item: (-item[1], -len(self.postings.get(item[0], ()))))
        return tuple(dict.fromkeys(self.display(term) for term, _ in best))[:limit]

    def complete(self, current: str, *, limit: int = 25) -> list[str]:
        """What the store counts that starts with or resembles CURRENT, for autocomplete."""
        if self._phrases_dirty:
            self._sorted_phrases = sorted(self.phrases)
            self._phrases_dirty = False
        text = current.strip().lower()[:100]
        if not text:
            return [phrase for phrase, _ in self.phrases.most_common(limit)]
        out: list[str] = []
        start = bisect.bisect_left(self._sorted_phrases, text)
        for phrase in self._sorted_phrases[start:]:
            if not phrase.startswith(text) or len(out) >= limit:
                break
            out.append(phrase)
        if len(out) < limit:
            last = text.split()[-1] if text.split() else text
            for normalised in terms(last)[:1]:
                for term, _ in self.vocabulary_matches(normalised):
                    display = self.display(term)
                    if display not in out:
                        out.append(display)
                    if len(out) >= limit:
                        break
        return sorted(out[:limit], key=lambda phrase: -self.phrases.get(phrase, 0))

    def display(self, term: str) -> str:
        """The most common way the store writes TERM ("evacuated" for the term "evacuate")."""
        forms = self.surface.get(term)
        return forms.most_common(1)[0][0] if forms else term

    def __len__(self) -> int:
        return len(self.story_of) or sum(len(p) for p in self.postings.values())


def _surfaces(text: str) -> list[tuple[str, str]]:
    """Each word of TEXT as written (lower-cased) with its normalised term."""
    out = []
    for word in text.lower().replace("-", " ").split():
        cleaned = word.strip(".,;:!?\"'()[]“”‘’")
        for term in terms(cleaned)[:1]:
            out.append((cleaned, term))
    return out


def _unit_words(unit: str | None) -> str | None:
    """The words of a pint unit name ("kilometer ** 2" -> "square kilometer")."""
    if not unit:
        return None
    words = unit.replace("_", " ")
    if "** 2" in words:
        words = "square " + words.replace("** 2", "")
    if "** 3" in words:
        words = "cubic " + words.replace("** 3", "")
    return words


def figures_in_groups(groups: Sequence[tuple[int, ...]]) -> list[int]:
    return sorted({figure_id for group in groups for figure_id in group})
