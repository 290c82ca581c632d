"""Stories: which event an article reports, from its vocabulary and its date. Pure, no DB.

Figures are compared only inside a story, so a store holding many stories never compares an
Aleppo figure with an election figure. An article joins the existing story whose vocabulary is
closest (cosine of term weights) when that closeness passes a threshold, discounted when the
dates are more than a week apart; otherwise it starts a story. Profiles keep their top
`TOP_TERMS` terms, so choosing among thousands of stories stays a few milliseconds.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from store.terms import terms as index_terms

TOP_TERMS = 50
TITLE_WEIGHT = 3.0  # a headline names the event: "Evacuation of 5,000 militants ... from E. Aleppo"
THRESHOLD = 0.2  # seed articles on one evacuation score 0.3-0.6 against each other, other events < 0.1
DATE_GRACE_DAYS = 7.0  # the Aleppo evacuation ran from Thursday to the next week
DATE_HALF_LIFE_DAYS = 7.0  # beyond the grace, closeness halves every week
# Words every news story uses; they say nothing about which event it is.
NEWS_WORDS = frozenset({
    "say", "tell", "report", "add", "accord", "state", "statement", "news", "share", "article", "comment",
    "read", "year", "day", "week", "month", "time", "today", "yesterday", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "people", "also", "like", "include", "new", "first", "last",
    "well", "many", "much", "copy", "link", "video", "photo", "image", "embed", "click", "close", "button",
})


@dataclass(frozen=True, slots=True)
class StoryProfile:
    """A story as clustering sees it: its weighted vocabulary and the dates of its articles."""

    id: int
    name: str
    terms: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
    first_published: datetime | None = None
    last_published: datetime | None = None
    articles: int = 0


def _top(weights: dict[str, float], n: int = TOP_TERMS) -> dict[str, float]:
    """The N heaviest terms, ties broken alphabetically so profiles are stable across runs."""
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return {k: round(v, 6) for k, v in ranked}


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in weights.values()))
    return {k: v / norm for k, v in weights.items()} if norm else {}


PROFILE_CHARS = 100_000  # what a story is about shows in its first pages; a 5 MB text spent 7 s on the rest


def profile_of(text: str, title: str | None = None) -> dict[str, float]:
    """The article's vocabulary: its top terms, weighted 1 + log(count), title words counted thrice.

    >>> sorted(profile_of("Rebels leave Aleppo. Rebels leave.", None))
    ['aleppo', 'leave', 'militant']
    """
    counts: Counter[str] = Counter()
    for word in index_terms(text[:PROFILE_CHARS]):
        counts[word] += 1.0
    for word in index_terms(title or ""):
        counts[word] += TITLE_WEIGHT
    weights = {w: 1.0 + math.log(c) for w, c in counts.items()
               if w not in NEWS_WORDS and len(w) > 2 and not re.fullmatch(r"[\d\W_]+", w)}
    return _unit(_top(weights))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The cosine of two weight vectors; 0 when either is empty."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    if not dot:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)


def _days_apart(published: datetime | None, story: StoryProfile) -> float | None:
    """Days from PUBLISHED to the nearest end of the story's dates; 0 inside them; None if unknown."""
    if published is None or story.first_published is None or story.last_published is None:
        return None

    def naive(moment: datetime) -> datetime:
        return moment.replace(tzinfo=None)

    moment, first, last = naive(published), naive(story.first_published), naive(story.last_published)
    if first <= moment <= last:
        return 0.0
    edge = first if moment < first else last
    return abs((moment - edge).total_seconds()) / 86400


def score(profile: dict[str, float], published: datetime | None, story: StoryProfile) -> float:
    """How well an article fits STORY: vocabulary closeness, halved each week beyond the grace."""
    return cosine(profile, story.terms) * date_discount(published, story)


def date_discount(published: datetime | None, story: StoryProfile) -> float:
    """1 within a week of the story's dates (or when either is unknown), halving each week beyond."""
    days = _days_apart(published, story)
    if days is not None and days > DATE_GRACE_DAYS:
        return 0.5 ** ((days - DATE_GRACE_DAYS) / DATE_HALF_LIFE_DAYS)
    return 1.0


def choose_story(
    profile: dict[str, float], published: datetime | None, stories: Sequence[StoryProfile], *,
    threshold: float = THRESHOLD,
) -> int | None:
    """The id of the story the article belongs to; None when none is close enough (a new story)."""
    best_id, best = None, threshold
    for story in stories:
        if not story.terms:
            continue
        fit = score(profile, published, story)
        if fit >= best:
            best_id, best = story.id, fit
    return best_id


class StoryIndex:
    """Story profiles with an inverted index from each term to the stories that weigh it.

    Scoring every story that shares a word with the article cost 20 ms per article at two
    thousand stories, since common words ("evacuate", a country) reach most of them. Summing the
    products term by term along the postings gives every dot product in one pass; only stories
    whose score comes within rounding of the best are scored again exactly, so the choice is the
    same as `choose_story` over every story.
    """

    # Dot products summed in another order differ in the last bits; the margin keeps a story the
    # exact score would take.
    _MARGIN = 1e-9

    def __init__(self) -> None:
        self.profiles: dict[int, StoryProfile] = {}
        self._postings: dict[str, dict[int, float]] = {}
        self._norms: dict[int, float] = {}

    def __len__(self) -> int:
        return len(self.profiles)

    def put(self, profile: StoryProfile) -> None:
        """Add PROFILE, or replace the story's earlier profile."""
        self.remove(profile.id)
        self.profiles[profile.id] = profile
        norm = math.sqrt(sum(v * v for v in profile.terms.values()))
        if not norm:
            return
        self._norms[profile.id] = norm
        for term, weight in profile.terms.items():
            self._postings.setdefault(term, {})[profile.id] = weight

    def remove(self, story_id: int) -> None:
        old = self.profiles.pop(story_id, None)
        self._norms.pop(story_id, None)
        for term in old.terms if old else ():
            posting = self._postings.get(term)
            if posting is not None:
                posting.pop(story_id, None)
                if not posting:
                    del self._postings[term]

    def choose(self, profile: dict[str, float], published: datetime | None, *,
               extra: Sequence[StoryProfile] = (), threshold: float = THRESHOLD) -> int | None:
        """`choose_story` over the indexed stories, EXTRA standing in for any with the same id."""
        replaced = {story.id for story in extra}
        norm = math.sqrt(sum(v * v for v in profile.values()))
        if threshold <= 0:  # a story sharing no word scores 0 and passes: there is nothing to prune
            near = sorted(i for i in self.profiles if i not in replaced)
            return choose_story(profile, published, [self.profiles[i] for i in near] + list(extra),
                                threshold=threshold)
        dots: dict[int, float] = {}
        for term, weight in profile.items():
            for story_id, story_weight in self._postings.get(term, {}).items():
                dots[story_id] = dots.get(story_id, 0.0) + weight * story_weight
        bar = (threshold - self._MARGIN) * norm
        near = {i: dot / (norm * self._norms[i]) for i, dot in dots.items()
                if i not in replaced and dot >= bar * self._norms[i]}
        fits = {i: closeness * date_discount(published, self.profiles[i]) for i, closeness in near.items()}
        best = max([*fits.values(), *(score(profile, published, story) for story in extra)], default=0.0)
        # only stories within rounding of the best can win once scored exactly as choose_story does
        finalists = sorted(i for i, fit in fits.items() if fit >= max(best, threshold) - self._MARGIN)
        return choose_story(profile, published, [self.profiles[i] for i in finalists] + list(extra),
                            threshold=threshold)


def story_name(profile: dict[str, float]) -> str:
    """A short readable name from the heaviest terms: "aleppo evacuate militant"."""
    top = [term for term, _ in sorted(profile.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
    return " ".join(top) or "untitled story"


def merge(profile: dict[str, float], published: datetime | None, story: StoryProfile) -> StoryProfile:
    """STORY with one more article: the sum of its articles' unit profiles, cut to the top terms.

    Each article counts once whatever its length, so a long wire story does not drown the
    vocabulary of the short ones.
    """
    weights = _unit(story.terms) if story.terms else {}
    scale = float(max(story.articles, 1)) if story.terms else 0.0
    summed = {k: v * scale for k, v in weights.items()}
    for term, weight in profile.items():
        summed[term] = summed.get(term, 0.0) + weight
    dates = [d for d in (story.first_published, story.last_published, published) if d is not None]
    first = min(dates, key=lambda d: d.replace(tzinfo=None)) if dates else None
    last = max(dates, key=lambda d: d.replace(tzinfo=None)) if dates else None
    return StoryProfile(id=story.id, name=story.name, terms=_top(summed), first_published=first,
                        last_published=last, articles=story.articles + 1)
