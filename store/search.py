"""Fuzzy lookup without scanning figures: query words -> store vocabulary -> postings -> figures.

A query like "ambulence" or "evacuees" is normalised with the same `terms()` the index uses, each
query term is matched fuzzily against the vocabulary (distinct normalised words of what figures
count, what happened to them and who said so), and postings lead to the figures. The cost follows
the vocabulary, not the number of figures (notes/lookup.md, design b).

A query term may also be satisfied by the figure's story ("percent of Aleppo" finds "85 percent of
the eastern part" in the Aleppo story), but at least one term must match the figure itself.

Sizes at a million figures (docs/performance.md): postings are one `array('i')` per term (4 bytes
per posting instead of a 28-byte Python int), the story of each figure is one `array('i')` indexed
by figure id, and a query scores figures in dense numpy arrays, so no per-figure Python object
exists at query time. The vocabulary scan is cut down, without losing a match, by the length of
each term and a 64-bit letter mask (see `_LetterFilter`), and remembered per query word.
"""

from __future__ import annotations

import bisect
import json
import re
import threading
import time
from array import array
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy import Connection, Engine, func, select
from sqlmodel import col

from store.models import ArticleRow, FigureRow, StoryRow
from store.query_words import content_words, paraphrases
from store.terms import term as term_of
from store.terms import terms

FUZZY_CUTOFF = 80  # notes/lookup.md: ratio >= 80 on stems keeps precision ~0.95 and finds typos
SHORT_TERM_CUTOFF = 88  # three- and four-letter words collide too easily ("bus" ~ "but")
# As typed against as written: one letter swapped or doubled in an 8-letter word scores 87.5, while
# 80 lets "demined" reach "detained" (the term "detainee").
WRITTEN_CUTOFF = 85
SUGGEST_CUTOFF = 60
STORY_TERMS = 25  # the words that say what a story is about; more would match everything in it
MAX_QUERY_TERMS = 8
STORY_ONLY_SCORE = 50.0  # matched through the story only: weaker than the figure's own words
# A paraphrase from rules/query_synonyms.toml ("weight" -> "tonnes"): below any fuzzy match of the
# word itself, so figures using the editor's own word come first.
PARAPHRASE_SCORE = 70.0
PARAPHRASED_MATCHES = 3  # a typo's best vocabulary matches bring their paraphrases too
LOAD_CHUNK = 50_000
MATCH_CACHE = 4096  # query words whose vocabulary matches are remembered (a few hundred KB)
FIELD_CACHE = 200_000  # counts/action/said_by strings repeat (Zipf); their terms are computed once
# PostgreSQL hands out ids before commit, so a transaction that commits late leaves a hole below
# the ids already loaded. Holes are re-read until they fill or this many seconds pass (a rolled
# back ingest never fills its hole).
GAP_TTL = 600.0
MAX_GAPS = 20_000
_WORD = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")  # the words terms() sees; keep in sync with store/terms.py
RECENT_IDS = 10_000


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Figures matching a query, best first, with what each query word matched."""

    query: str
    figure_ids: tuple[int, ...]
    matched: dict[str, tuple[str, ...]] = field(default_factory=dict)
    suggestions: tuple[str, ...] = ()
    truncated: bool = False
    scores: tuple[float, ...] = ()  # of each figure id, in the same order: how well it matched


class _Watermark:
    """The highest id loaded from one table, and the holes below it still worth re-reading."""

    def __init__(self) -> None:
        self.last = 0
        self.gaps: dict[int, float] = {}  # id -> when it was first missed

    def saw(self, ids: Sequence[int], top: int) -> None:
        """Record loaded IDS (ascending); ids skipped between them become gaps.

        Only holes near TOP (the highest id when the load began) can be ingests in flight; older
        ones (a first load of an old store) are deleted or rolled-back rows, not worth re-reading.
        """
        now = time.monotonic()
        previous = self.last
        floor = top - RECENT_IDS
        for i in ids:
            if i > previous + 1 and i > floor and len(self.gaps) < MAX_GAPS:
                previous = max(previous, floor)
                for missing in range(previous + 1, min(i, previous + 1 + MAX_GAPS - len(self.gaps))):
                    self.gaps[missing] = now
            self.gaps.pop(i, None)
            previous = max(previous, i)
        self.last = previous

    def pending(self) -> list[int]:
        """Gaps still young enough to be an ingest in flight."""
        cutoff = time.monotonic() - GAP_TTL
        for stale in [i for i, t in self.gaps.items() if t < cutoff]:
            del self.gaps[stale]
        return sorted(self.gaps)


class _LetterFilter:
    """Lossless pre-filter of the vocabulary for `fuzz.ratio >= cutoff`, vectorised with numpy.

    ratio = 100 * (1 - d / (len(a) + len(b))) with d the insertions plus deletions turning a into
    b. Each insertion or deletion changes a word's length by one and its set of letters by at most
    one, so |len(a) - len(b)| <= d and |letters(a) xor letters(b)| <= d. Terms failing either
    bound cannot reach the cutoff; at a million figures this leaves a few percent of the
    vocabulary for rapidfuzz.
    """

    def __init__(self) -> None:
        self.masks = array("Q")
        self.lengths = array("H")

    def add(self, term: str) -> None:
        self.masks.append(_mask(term))
        self.lengths.append(min(len(term), 65535))

    def candidates(self, word: str, cutoff: float, start: int = 0) -> np.ndarray:
        """Positions (from START) of the vocabulary terms that may reach CUTOFF against WORD."""
        if start >= len(self.masks):
            return np.empty(0, dtype=np.int64)
        masks = np.frombuffer(self.masks, dtype=np.uint64)[start:]
        lengths = np.frombuffer(self.lengths, dtype=np.uint16)[start:].astype(np.int32)
        slack = (1 - cutoff / 100) * (lengths + len(word)) + 1e-9  # the largest d the cutoff allows
        keep = np.abs(lengths - len(word)) <= slack
        keep &= np.bitwise_count(masks ^ np.uint64(_mask(word))) <= slack
        return np.flatnonzero(keep) + start


def _mask(word: str) -> int:
    bits = 0
    for ch in word:
        bits |= 1 << (ord(ch) % 64)
    return bits


class SearchIndex:
    """Vocabulary and postings of every figure in the store, loaded incrementally.

    Thread-safe: loads and queries take one lock, because a numpy view of a postings array must
    not see that array grow.
    """

    def __init__(self) -> None:
        self.vocabulary: list[str] = []  # term id -> term, in the order first seen
        self.term_ids: dict[str, int] = {}
        self.postings: list[array[int]] = []  # term id -> figure ids
        self.story_postings: dict[str, set[int]] = defaultdict(set)
        self.story_terms: dict[int, tuple[str, ...]] = {}
        self.phrases: Counter[str] = Counter()
        self.figure_count = 0
        self._story_of = array("i")  # figure id -> story id (0: none)
        self._seen = bytearray()  # figure id -> 1 once indexed, so a gap re-read never doubles it
        self._letters = _LetterFilter()
        # Words as written, each with its term: a typo is often closer to what was written than to
        # the normalised term ("evacuess" is 87.5 from "evacuees" but 75 from "evacuate").
        self.surfaces: list[str] = []
        self._surface_term = array("i")
        self._surface_letters = _LetterFilter()
        self._surface_ids: dict[str, int] = {}
        self._surface_hits = array("q")  # written-word id -> figures using it
        self._term_surfaces: list[list[int]] = []  # term id -> its written-word ids, first seen first
        self._sorted_phrases: list[str] = []
        self._top_phrases: list[str] | None = None
        self._field_terms: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._matches: OrderedDict[tuple[str, float, bool], tuple[list[tuple[int, float]], int]] = OrderedDict()
        self._figures = _Watermark()
        self._articles = _Watermark()
        self._lock = threading.RLock()

    @property
    def last_figure_id(self) -> int:
        return self._figures.last

    # ---- building -------------------------------------------------------------------------------

    def load(self, engine: Engine) -> int:
        """Add figures stored since the last load and refresh changed stories; returns figures added.

        When nothing changed this costs one query of two index lookups (the highest figure and
        article ids), so it runs before every lookup to pick up other processes' ingests.
        """
        with self._lock, engine.connect() as connection:
            top_figure, top_article = connection.execute(
                select(select(func.max(FigureRow.id)).scalar_subquery(),
                       select(func.max(ArticleRow.id)).scalar_subquery())
            ).one()
            added = 0
            if (top_article or 0) > self._articles.last or self._articles.gaps:
                self._load_stories(connection, top_article or 0)
            if (top_figure or 0) > self._figures.last or self._figures.gaps:
                added = self._load_figures(connection, top_figure or 0)
            return added

    def _load_figures(self, connection: Connection, top: int) -> int:
        columns = (FigureRow.id, FigureRow.story_id, FigureRow.counts, FigureRow.action, FigureRow.said_by,
                   FigureRow.unit)
        added = 0
        gaps = self._figures.pending()
        for chunk in _chunks(gaps, 900):
            rows = connection.execute(select(*columns).where(col(FigureRow.id).in_(chunk))).all()
            added += self.add_rows(rows)
            for row in rows:
                self._figures.gaps.pop(row[0], None)
        while True:
            rows = connection.execute(
                select(*columns).where(FigureRow.id > self._figures.last).order_by(col(FigureRow.id)).limit(LOAD_CHUNK)
            ).all()
            if not rows:
                return added
            added += self.add_rows(rows)
            self._figures.saw([row[0] for row in rows], top)

    def _load_stories(self, connection: Connection, top: int) -> None:
        """Story words of the stories that gained an article since the last load (all, the first time)."""
        if self._articles.last == 0 and not self.story_terms:
            changed = None
        else:
            ids = [*self._articles.pending()]
            changed = set()
            for chunk in _chunks(ids, 900):
                found = connection.execute(
                    select(ArticleRow.id, ArticleRow.story_id).where(col(ArticleRow.id).in_(chunk))
                ).all()
                changed.update(s for _, s in found if s)
                for article_id, _ in found:
                    self._articles.gaps.pop(article_id, None)
        new = connection.execute(
            select(ArticleRow.id, ArticleRow.story_id)
            .where(ArticleRow.id > self._articles.last)
            .order_by(col(ArticleRow.id))
        ).all()
        self._articles.saw([article_id for article_id, _ in new], top)
        statement = select(StoryRow.id, StoryRow.terms_json)
        if changed is not None:
            changed.update(s for _, s in new if s)
            if not changed:
                return
            rows = []
            for chunk in _chunks(sorted(changed), 900):
                rows.extend(connection.execute(statement.where(col(StoryRow.id).in_(chunk))).all())
        else:
            rows = connection.execute(statement).all()
        self.set_stories(rows)

    def set_stories(self, rows: Iterable[tuple[int | None, str | None]]) -> None:
        """Replace the story words of these stories (id, terms_json)."""
        with self._lock:
            for story_id, terms_json in rows:
                sid = story_id or 0
                for old in self.story_terms.get(sid, ()):
                    self.story_postings[old].discard(sid)
                weights: dict[str, float] = json.loads(terms_json or "{}")
                # a story's names (store.stories.NAME_MARK) are for clustering, not for lookups
                weights = {t: w for t, w in weights.items() if not t.startswith("@")}
                top = tuple(sorted(weights, key=lambda t: -weights[t])[:STORY_TERMS])
                self.story_terms[sid] = top
                for term in top:
                    self.story_postings[term].add(sid)

    def add(self, figure_id: int | None, story_id: int | None, counts: str | None, action: str | None,
            said_by: str | None, unit: str | None) -> int:
        """Index one figure under the normalised words of what it counts, its action, source and unit.

        Returns 1, or 0 when the figure was already indexed.
        """
        return self.add_rows([(figure_id, story_id, counts, action, said_by, unit)])

    def add_rows(self, rows: Iterable[Sequence]) -> int:
        """Index (id, story id, counts, action, said_by, unit) rows; returns how many were new.

        The hot loop of a load (a million rows at start-up), so it holds the lock once and
        takes the terms of each counts/action/said_by string from a cache.
        """
        added = 0
        with self._lock:
            seen, postings, hits, story_of = self._seen, self.postings, self._surface_hits, self._story_of
            for figure_id, story_id, counts, action, said_by, unit in rows:
                fid = figure_id or 0
                if fid >= len(seen):
                    self._grow(fid)
                    seen, story_of = self._seen, self._story_of
                elif seen[fid]:
                    continue
                seen[fid] = 1
                tids: set[int] = set()
                for text in (counts, action, said_by, unit and _unit_words(unit)):
                    if text:
                        term_ids, surface_ids = self._terms_of(text)
                        tids.update(term_ids)
                        for sid in surface_ids:
                            hits[sid] += 1
                for tid in tids:
                    postings[tid].append(fid)
                if story_id is not None:
                    story_of[fid] = story_id
                if counts:
                    phrase = counts.strip().lower()[:100]
                    if phrase not in self.phrases:
                        bisect.insort(self._sorted_phrases, phrase)
                    self.phrases[phrase] += 1
                    self._top_phrases = None
                added += 1
            self.figure_count += added
        return added

    def _grow(self, figure_id: int) -> None:
        if figure_id >= len(self._seen):
            more = max(figure_id + 1, len(self._seen) * 3 // 2 + 1024) - len(self._seen)
            self._seen.extend(bytes(more))
            self._story_of.extend(array("i", bytes(4 * more)))

    def _terms_of(self, text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The term ids and written-word ids of TEXT, creating ids for words never seen."""
        found = self._field_terms.get(text)
        if found is None:
            term_ids, surface_ids = [], []
            for surface, term in _surfaces(text):
                tid = self.term_ids.get(term)
                if tid is None:
                    tid = self.term_ids[term] = len(self.vocabulary)
                    self.vocabulary.append(term)
                    self.postings.append(array("i"))
                    self._letters.add(term)
                    self._term_surfaces.append([])
                sid = self._surface_ids.get(surface)
                if sid is None:
                    sid = self._surface_ids[surface] = len(self.surfaces)
                    self.surfaces.append(surface)
                    self._surface_term.append(tid)
                    self._surface_letters.add(surface)
                    self._surface_hits.append(0)
                    self._term_surfaces[tid].append(sid)
                term_ids.append(tid)
                surface_ids.append(sid)
            found = (tuple(term_ids), tuple(surface_ids))
            if len(self._field_terms) >= FIELD_CACHE:
                self._field_terms.clear()
            self._field_terms[text] = found
        return found

    # ---- querying -------------------------------------------------------------------------------

    def _match(self, word: str, cutoff: float | None = None, written: str | None = None) -> list[tuple[int, float]]:
        """(term id, score) of the vocabulary terms within CUTOFF of WORD, best first.

        WRITTEN, the query word as typed, is also matched against the words as the store wrote
        them, each counting for its term. Remembered per word; when the vocabulary has grown
        since, only the new words are scanned.
        """
        if cutoff is None:
            cutoff = SHORT_TERM_CUTOFF if len(word) <= 4 else FUZZY_CUTOFF
        best: dict[int, float] = {}
        for tid, score in self._scan(word, cutoff, self.vocabulary, self._letters, None):
            best[tid] = max(best.get(tid, 0.0), score)
        if written:
            for tid, score in self._scan(written, max(cutoff, WRITTEN_CUTOFF), self.surfaces, self._surface_letters,
                                         self._surface_term):
                best[tid] = max(best.get(tid, 0.0), score)
        return sorted(best.items(), key=lambda item: (-item[1], self.vocabulary[item[0]]))

    def _scan(self, word: str, cutoff: float, words: list[str], letters: _LetterFilter,
              term_of_word: array[int] | None) -> list[tuple[int, float]]:
        key = (word, cutoff, term_of_word is not None)
        cached = self._matches.get(key)
        found, start = ([], 0) if cached is None else (list(cached[0]), cached[1])
        if cached is None or start < len(words):
            positions = letters.candidates(word, cutoff, start)
            if len(positions):
                choices = [words[i] for i in positions.tolist()]
                for _, score, i in process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff,
                                                   limit=None):
                    at = int(positions[i])
                    found.append((term_of_word[at] if term_of_word is not None else at, float(score)))
            self._matches[key] = (found, len(words))
            if len(self._matches) > MATCH_CACHE:
                self._matches.popitem(last=False)
        else:
            self._matches.move_to_end(key)
        return found

    def forget_matches(self) -> None:
        """Drop the remembered vocabulary matches (the benchmark measures lookups without them)."""
        with self._lock:
            self._matches.clear()

    def search(self, query: str, *, limit: int | None = None) -> SearchResult:
        """Figures matching every word of QUERY (by themselves or through their story), best first."""
        written = _query_words(content_words(query))
        words = list(written)[:MAX_QUERY_TERMS]
        if not words:
            return SearchResult(query=query, figure_ids=())
        with self._lock:
            size = len(self._seen)
            own: list[np.ndarray] = []  # per word: dense score of each figure id (0: no match)
            story_sets: list[np.ndarray] = []
            matched: dict[str, tuple[str, ...]] = {}
            hit = np.zeros(size, dtype=bool)
            for word in words:
                scores = np.zeros(size, dtype=np.float32)
                stories: set[int] = set(self.story_postings.get(word, ()))
                matches = self._with_paraphrases(word, self._match(word, written=written[word]))
                # ascending, so a figure reached by several terms keeps its best score
                for tid, score in reversed(matches):
                    posting = np.frombuffer(self.postings[tid], dtype=np.int32)
                    if len(posting):
                        scores[posting] = score
                    stories |= self.story_postings.get(self.vocabulary[tid], set())
                hit |= scores > 0
                matched[word] = tuple(self.display(self.vocabulary[t]) for t, _ in matches[:5])
                own.append(scores)
                story_sets.append(np.fromiter(stories, dtype=np.int32, count=len(stories)))
            # A word the store knows nowhere ("skylab" when no figure or story names it) is
            # dropped rather than emptying the answer, as long as another word matched; not a
            # word of the paraphrase table, which names what is counted ("people hurt").
            known = [k for k, stories in enumerate(story_sets)
                     if len(stories) or matched[words[k]] or paraphrases(words[k])]
            if known and len(known) < len(words):
                own, story_sets = [own[k] for k in known], [story_sets[k] for k in known]
            candidates = np.flatnonzero(hit)
            story_of = np.frombuffer(self._story_of, dtype=np.int32)[candidates]
        total = np.zeros(len(candidates), dtype=np.float64)
        keep = np.ones(len(candidates), dtype=bool)
        for scores, stories in zip(own, story_sets, strict=True):
            mine = scores[candidates].astype(np.float64)
            missing = mine == 0
            if missing.any():
                through_story = missing & np.isin(story_of, stories) & (story_of != 0)
                mine[through_story] = STORY_ONLY_SCORE
                keep &= ~missing | through_story
            total += mine
        candidates, total = candidates[keep], total[keep]
        order = _best_first(candidates, total, limit)
        ids = tuple(candidates[order].tolist())
        truncated = limit is not None and len(candidates) > limit
        suggestions = () if ids else self.suggest(query)
        return SearchResult(query=query, figure_ids=ids, matched=matched, suggestions=suggestions,
                            truncated=truncated, scores=tuple(total[order].tolist()))

    def _with_paraphrases(self, word: str, matches: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """MATCHES (best first) and then the stored paraphrases of WORD and of its best matches."""
        have = {tid for tid, _ in matches}
        out = list(matches)
        sources = dict.fromkeys([word, *(self.vocabulary[t] for t, _ in matches[:PARAPHRASED_MATCHES])])
        for source in sources:
            for alternative in sorted(paraphrases(source)):
                tid = self.term_ids.get(alternative)
                if tid is not None and tid not in have:
                    have.add(tid)
                    out.append((tid, PARAPHRASE_SCORE))
        return out

    def suggest(self, query: str, *, limit: int = 5) -> tuple[str, ...]:
        """Words of the store close to QUERY's words, for a "did you mean"."""
        with self._lock:
            found: dict[int, float] = {}
            for word in terms(query)[:MAX_QUERY_TERMS]:
                for tid, score in self._match(word, SUGGEST_CUTOFF):
                    found[tid] = max(found.get(tid, 0.0), score)
            best = sorted(found.items(), key=lambda item: (-item[1], -len(self.postings[item[0]])))
            return tuple(dict.fromkeys(self.display(self.vocabulary[tid]) for tid, _ in best))[:limit]

    def complete(self, current: str, *, limit: int = 25) -> list[str]:
        """What the store counts that starts with or resembles CURRENT, for autocomplete."""
        with self._lock:
            text = current.strip().lower()[:100]
            if not text:
                if self._top_phrases is None:
                    self._top_phrases = [phrase for phrase, _ in self.phrases.most_common(limit)]
                return self._top_phrases[:limit]
            out: list[str] = []
            start = bisect.bisect_left(self._sorted_phrases, text)
            for phrase in self._sorted_phrases[start : start + limit]:
                if not phrase.startswith(text):
                    break
                out.append(phrase)
            if len(out) < limit:
                last = text.split()[-1] if text.split() else text
                for normalised in terms(last)[:1]:
                    for tid, _ in self._match(normalised):
                        display = self.display(self.vocabulary[tid])
                        if display not in out:
                            out.append(display)
                        if len(out) >= limit:
                            break
            return sorted(out[:limit], key=lambda phrase: -self.phrases.get(phrase, 0))

    def display(self, term: str) -> str:
        """The most common way the store writes TERM ("evacuated" for the term "evacuate")."""
        tid = self.term_ids.get(term)
        if tid is None or not self._term_surfaces[tid]:
            return term
        # max() keeps the first of equal counts, as Counter.most_common did
        return self.surfaces[max(self._term_surfaces[tid], key=self._surface_hits.__getitem__)]

    def __len__(self) -> int:
        return self.figure_count


def _query_words(query: str) -> dict[str, str]:
    """Each distinct term of QUERY with the word as first typed (lower-cased)."""
    out: dict[str, str] = {}
    for match in _WORD.finditer(query):
        found = term_of(match.group())
        if found is not None and found not in out:
            out[found] = match.group().lower().replace("’", "'")
    return out


def _best_first(ids: np.ndarray, total: np.ndarray, limit: int | None) -> np.ndarray:
    """Positions of IDS ordered by (-total, id), only the first LIMIT when given.

    IDS come ascending, so a stable sort on -total breaks ties by id; with a limit, only the
    totals at or above the LIMIT-th best are sorted (a whole tie is kept, then cut).
    """
    if limit is not None and len(ids) > limit:
        threshold = np.partition(-total, limit - 1)[limit - 1]
        top = np.flatnonzero(-total <= threshold)
        return top[np.argsort(-total[top], kind="stable")][:limit]
    return np.argsort(-total, kind="stable")


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _surfaces(text: str) -> list[tuple[str, str]]:
    """Each word of TEXT as written (lower-cased) with its normalised term."""
    out = []
    for word in text.lower().replace("-", " ").split():
        cleaned = word.strip(".,;:!?\"'()[]“”‘’")
        term = _WORD_TERMS.get(cleaned, "")
        if term == "":
            found = terms(cleaned)
            term = _WORD_TERMS[cleaned] = found[0] if found else None
            if len(_WORD_TERMS) > FIELD_CACHE:
                _WORD_TERMS.clear()
        if term is not None:
            out.append((cleaned, term))
    return out


_WORD_TERMS: dict[str, str | None] = {}


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
