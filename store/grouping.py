"""Quantity groups: the figures of one story that report the same quantity.

DESIGN §3: same counts key, compatible action, same unit dimension. The counts key comes from
extraction (store.terms: lemmas and synonyms); this module decides what "the same" and
"compatible" mean, with the word lists of store/rules/discrepancy.toml.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from store.figure import StoredFigure
from store.frames import Position, position_of
from store.origins import rules
from store.quantity import GroupDraft
from store.units import dimension_of


def _singular(word: str) -> str:
    """A crude singular, only for figures that arrive without a counts key."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def action_class(words: str | None) -> str | None:
    """The class of an action ("evacuated" -> movement, "killed" -> killing); None when unknown.

    >>> action_class("laid down their weapons"), action_class("cleared of mines"), action_class("set up")
    ('surrender', 'demining', None)
    """
    if not words:
        return None
    text = words.lower()
    tokens = re.findall(r"[a-z]+", text)
    for name, stems in rules()["actions"].items():
        if name in ("neutral", "cumulative"):
            continue
        for stem in stems:
            if (" " in stem and stem in text) or any(t.startswith(stem) for t in tokens):
                return name
    return None


def is_neutral(cls: str | None) -> bool:
    """True for actions that describe the counted thing without making it another quantity."""
    return cls is None or cls in rules()["actions"]["neutral"]


def is_cumulative(cls: str | None) -> bool:
    """True for counts that only grow while an event lasts (evacuated, killed, arrested)."""
    return cls is not None and cls in rules()["actions"]["cumulative"]


def figure_action_class(stored: StoredFigure) -> str | None:
    figure = stored.figure
    return action_class(figure.action_key) or action_class(figure.action)


def core_of(stored: StoredFigure) -> frozenset[str]:
    f = stored.figure
    return _core(f.counts_key, f.counts, f.action_key, f.action)


@lru_cache(maxsize=65536)
def _core(counts_key: str | None, counts: str | None, action_key: str | None, action: str | None) -> frozenset[str]:
    """The words of what a figure counts that narrow it: "as many as 200 wounded civilians" -> wounded.

    Dropped: stopwords; descriptive words ("green buses", "passenger busses"); words that restate
    the figure's own action ("demined area" of a figure whose action is demined); generic nouns
    for people when another word is left ("wounded people" counts the wounded).
    """
    words = rules()["counts"]
    if counts_key:
        tokens = [t for t in re.findall(r"[\w’'-]+", counts_key.lower()) if t]
    else:
        tokens = [_singular(t) for t in re.findall(r"[\w’'-]+", (counts or "").lower())]
    tokens = [t for t in tokens if t not in words["stopwords"] and t not in words["descriptive"]]
    cls = action_class(action_key) or action_class(action)
    if cls is not None:
        narrowed = [t for t in tokens if action_class(t) != cls]
        tokens = narrowed or tokens
    specific = [t for t in tokens if _singular(t) not in words["generic"] and t not in words["generic"]]
    if specific:
        tokens = specific
    elif tokens:
        tokens = ["people"]
    return frozenset(tokens)


@dataclass(frozen=True, slots=True)
class Grouped:
    """The groups of a story and, for each figure id, the key of its group."""

    groups: tuple[GroupDraft, ...]
    key_of: dict[int, str]
    cls_of: dict[int, str | None]


def _label(members: Sequence[StoredFigure]) -> str:
    counts = Counter(m.figure.counts.strip() for m in members if m.figure.counts)
    actions = Counter(m.figure.action.strip() for m in members if m.figure.action)
    label = counts.most_common(1)[0][0] if counts else members[0].figure.text
    if actions:
        label = f"{label} {actions.most_common(1)[0][0]}"
    return label[:1].upper() + label[1:]


_ORDINAL_WORDS = {1: "first ", 2: "second ", 3: "third "}


def _position_label(position: Position) -> str:
    """ "Lap of the crash", "Lap of the second stoppage", "Lap" when no event word is near."""
    noun = position.noun[:1].upper() + position.noun[1:]
    if position.event is None:
        return noun
    event = position.event.replace("_", " ")
    return f"{noun} of the {_ORDINAL_WORDS.get(position.ordinal or 0, '')}{event}"


def group(figures: Sequence[StoredFigure]) -> Grouped:
    """Every figure in exactly one group, keyed by what it counts, its action class and dimension.

    A figure that states a position in a sequence ("on lap 13 when he crashed") joins the positions
    of the same event (store.frames.position_of), whatever its counts words say.

    Within one counted thing and dimension, each action class of its own is a quantity of its own
    (82 civilians killed, 1,000 civilians evacuated). Neutral and unknown actions ("10 ambulances
    have been provided", figures with no action) join the one class present; when several
    classes compete they stay together in a group of their own rather than guess.
    """
    buckets: dict[tuple[frozenset[str], str | None], list[StoredFigure]] = {}
    uncounted: list[StoredFigure] = []
    positions: dict[Position, list[StoredFigure]] = {}
    cls_of: dict[int, str | None] = {}
    for stored in figures:
        cls_of[stored.id] = figure_action_class(stored)
        position = position_of(stored)
        if position is not None:
            # "on lap 13 when he crashed" dates an event: grouped with the positions of that event
            positions.setdefault(position, []).append(stored)
            continue
        core = core_of(stored)
        if not core:
            uncounted.append(stored)
            continue
        buckets.setdefault((core, dimension_of(stored.figure.unit)), []).append(stored)
    drafts: list[GroupDraft] = []
    key_of: dict[int, str] = {}

    def emit(key: str, members: list[StoredFigure], dimension: str | None) -> None:
        drafts.append(GroupDraft(key=key, label=_label(members), figure_ids=tuple(m.id for m in members),
                                 dimension=dimension))
        key_of.update((m.id, key) for m in members)

    for (core, dimension), members in buckets.items():
        by_class: dict[str, list[StoredFigure]] = {}
        neutral: list[StoredFigure] = []
        for stored in members:
            cls = cls_of[stored.id]
            if is_neutral(cls):
                neutral.append(stored)
            else:
                by_class.setdefault(cls or "", []).append(stored)
        if len(by_class) == 1:
            only = next(iter(by_class))
            by_class[only].extend(neutral)
            neutral = []
        base = f"{' '.join(sorted(core))}|{dimension or 'count'}"
        for cls, chosen in sorted(by_class.items()):
            emit(f"{base}|{cls}", sorted(chosen, key=lambda s: s.id), dimension)
        if neutral:
            emit(f"{base}|-", sorted(neutral, key=lambda s: s.id), dimension)
    for position, members in positions.items():
        key = f"{position.noun}|{position.event or '-'}|{position.ordinal or '-'}|position"
        members = sorted(members, key=lambda s: s.id)
        drafts.append(GroupDraft(key=key, label=_position_label(position), figure_ids=tuple(m.id for m in members)))
        key_of.update((m.id, key) for m in members)
    for stored in uncounted:
        # nothing says what these count, so they are compared with nothing
        key = f"?|{stored.source.article_id}:{stored.figure.start}"
        emit(key, [stored], dimension_of(stored.figure.unit))
    return Grouped(groups=tuple(drafts), key_of=key_of, cls_of=cls_of)
