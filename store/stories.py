"""Stories: which event an article reports, from its vocabulary and its date. Pure, no DB.

Figures are compared only inside a story, so a store holding many stories never compares an
Aleppo figure with an election figure. An article joins the existing story whose vocabulary is
closest (cosine of term weights) when that closeness passes a threshold, discounted when the
dates are more than a week apart; otherwise it starts a story. Profiles keep their top
`TOP_TERMS` terms, so choosing among thousands of stories stays a few milliseconds.

Topic words alone merge events of one kind (two space stories a month apart share "space",
"orbit", "earth"), and dates alone split one event reported over months. So a profile also keeps
the names its article writes (capitalised words mid-sentence that the text never writes in lower
case: "Tiangong-1", "Equifax", "Horomanski"), under keys starting with `NAME_MARK`. Articles whose
names barely overlap report different events whatever their vocabulary; articles that share most
of their names report one event, and months between them count for much less.
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
NAME_MARK = "@"  # a profile key that is a name, not a vocabulary term
TOP_NAMES = 15
# Cosine of two articles' names: one event's reports share 0.4-0.8 of them (a falling space station
# in October and in January: 0.77); a rocket launch against that station, in the same weeks, 0.1-0.2.
NAMES_APART = 0.2
NAMES_SAME = 0.5
SAME_NAMES_HALF_LIFE_DAYS = 90.0  # an event followed for months under the same names
# Capitalised words that are not names of an event's people, places or things.
NOT_NAMES = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mr", "mrs", "ms",
    "dr", "the", "a", "an", "i", "it", "he", "she", "we", "they", "this", "that", "in", "on", "at", "but",
})
# A capitalised word after a lower-case word or a comma: not the first word of a sentence or a line.
_NAME = re.compile(r"(?<=[a-z0-9,;:)]\s)[A-Z][\w’'-]*[\w]")
_LOWER = re.compile(r"\b[a-z][\w’'-]*")
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


def names_of(text: str) -> dict[str, float]:
    """The names an article writes at least twice mid-sentence, weighted 1 + log(count), unit length.

    Headlines are left out: title case capitalises every word.

    >>> sorted(names_of("Crews said Zorvan-2 fell. They said Zorvan-2 and the Moon met the moon."))
    ['@zorvan-2']
    """
    lower = {w for w in _LOWER.findall(text)}
    counts: Counter[str] = Counter()
    for match in _NAME.finditer(text):
        word = match.group(0)
        folded = word.lower()
        if folded in lower or folded in NOT_NAMES or len(folded) < 2:
            continue
        counts[folded] += 1
    weights = {NAME_MARK + w: 1.0 + math.log(c) for w, c in counts.items() if c >= 2}
    return _unit(_top(weights, TOP_NAMES))


def split(terms: dict[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """A profile's vocabulary and its names."""
    vocabulary = {k: v for k, v in terms.items() if not k.startswith(NAME_MARK)}
    names = {k: v for k, v in terms.items() if k.startswith(NAME_MARK)}
    return vocabulary, names


PROFILE_CHARS = 100_000  # what a story is about shows in its first pages; a 5 MB text spent 7 s on the rest


def profile_of(text: str, title: str | None = None) -> dict[str, float]:
    """The article's vocabulary: its top terms, weighted 1 + log(count), title words counted thrice;
    and its names (`names_of`). Each part has unit length.

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
    return {**_unit(_top(weights)), **names_of(text[:PROFILE_CHARS])}


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
    """How well an article fits STORY: vocabulary closeness, halved each week beyond the grace.

    Never above the vocabulary closeness alone, which `StoryIndex` prunes on. When both name
    things, names shared below `NAMES_APART` make it another event (0); names shared from
    `NAMES_SAME` on stretch the half-life of the date discount to `SAME_NAMES_HALF_LIFE_DAYS`.
    """
    vocabulary, names = split(profile)
    story_vocabulary, story_names = split(story.terms)
    closeness = cosine(vocabulary, story_vocabulary)
    if not closeness:
        return 0.0
    half_life = DATE_HALF_LIFE_DAYS
    if names and story_names:
        shared = cosine(names, story_names)
        if shared < NAMES_APART:
            return 0.0
        if shared >= NAMES_SAME:
            half_life = SAME_NAMES_HALF_LIFE_DAYS
    return closeness * date_discount(published, story, half_life)


def date_discount(published: datetime | None, story: StoryProfile,
                  half_life: float = DATE_HALF_LIFE_DAYS) -> float:
    """1 within a week of the story's dates (or when either is unknown), halving every HALF_LIFE
    days beyond."""
    days = _days_apart(published, story)
    if days is not None and days > DATE_GRACE_DAYS:
        return 0.5 ** ((days - DATE_GRACE_DAYS) / half_life)
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
        vocabulary, _ = split(profile.terms)
        norm = math.sqrt(sum(v * v for v in vocabulary.values()))
        if not norm:
            return
        self._norms[profile.id] = norm
        for term, weight in vocabulary.items():
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
        vocabulary, _ = split(profile)
        norm = math.sqrt(sum(v * v for v in vocabulary.values()))
        if threshold <= 0:  # a story sharing no word scores 0 and passes: there is nothing to prune
            near = sorted(i for i in self.profiles if i not in replaced)
            return choose_story(profile, published, [self.profiles[i] for i in near] + list(extra),
                                threshold=threshold)
        if not norm:
            return choose_story(profile, published, list(extra), threshold=threshold)
        dots: dict[int, float] = {}
        for term, weight in vocabulary.items():
            for story_id, story_weight in self._postings.get(term, {}).items():
                dots[story_id] = dots.get(story_id, 0.0) + weight * story_weight
        bar = (threshold - self._MARGIN) * norm
        near = {i: dot / (norm * self._norms[i]) for i, dot in dots.items()
                if i not in replaced and dot >= bar * self._norms[i]}
        # names and dates only ever lower the vocabulary closeness, so pruning on it loses no story
        fits = {i: score(profile, published, self.profiles[i]) for i in near}
        best = max([*fits.values(), *(score(profile, published, story) for story in extra)], default=0.0)
        # only stories within rounding of the best can win once scored exactly as choose_story does
        finalists = sorted(i for i, fit in fits.items() if fit >= max(best, threshold) - self._MARGIN)
        return choose_story(profile, published, [self.profiles[i] for i in finalists] + list(extra),
                            threshold=threshold)


def story_name(profile: dict[str, float]) -> str:
    """A short readable name from the heaviest terms: "aleppo evacuate militant"."""
    vocabulary, _ = split(profile)
    top = [term for term, _ in sorted(vocabulary.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
    return " ".join(top) or "untitled story"


def merge(profile: dict[str, float], published: datetime | None, story: StoryProfile) -> StoryProfile:
    """STORY with one more article: the sum of its articles' unit profiles, cut to the top terms.

    Each article counts once whatever its length, so a long wire story does not drown the
    vocabulary of the short ones.
    """
    vocabulary, names = split(story.terms)
    new_vocabulary, new_names = split(profile)
    terms = {**_summed(vocabulary, new_vocabulary, story.articles, TOP_TERMS),
             **_summed(names, new_names, story.articles, TOP_NAMES)}
    dates = [d for d in (story.first_published, story.last_published, published) if d is not None]
    first = min(dates, key=lambda d: d.replace(tzinfo=None)) if dates else None
    last = max(dates, key=lambda d: d.replace(tzinfo=None)) if dates else None
    return StoryProfile(id=story.id, name=story.name, terms=terms, first_published=first,
                        last_published=last, articles=story.articles + 1)


def _summed(old: dict[str, float], new: dict[str, float], articles: int, top: int) -> dict[str, float]:
    weights = _unit(old) if old else {}
    scale = float(max(articles, 1)) if old else 0.0
    summed = {k: v * scale for k, v in weights.items()}
    for term, weight in new.items():
        summed[term] = summed.get(term, 0.0) + weight
    return _top(summed, top)
