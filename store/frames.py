"""The frame of a figure: which named thing it is about, as far as its sentence says. Pure, no DB.

Figures with one counts key can still be about different things: "Skylab, the 77-tonne station"
and "the 8.5-tonne Tiangong-1" are both a weight; "the Ariane 5 at 2.9 million pounds of thrust"
and "Falcon Heavy's 5.1 million pounds" are both a thrust. Their sentences name what they are
about. Two figures whose sentences name things, none of them shared, report different quantities;
a figure whose sentence names nothing is not known to differ (unknown is not agreement either:
see `store.discrepancy`, which needs more before it calls two figures a conflict).

Names are capitalised words that do not open the sentence, with each run of them also joined
("Sky Lab" is also "skylab"), less the figure's own attribution and its outlet, which say who
reports the figure, not what it is about.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from store.figure import Figure, StoredFigure
from store.stories import NOT_NAMES

# A capitalised word that follows a lower-case word, a digit or a comma: never the first word of a
# sentence or of a line, where every word is capitalised.
_RUN = re.compile(r"(?<=[a-z0-9,;:’'\"“”)–—-]\s)(?:[A-Z][\w’'-]*\w|[A-Z])(?:\s+(?:[A-Z][\w’'-]*\w|[A-Z]))*")
_WORD = re.compile(r"[\w’'-]+")
SETTING_ARTICLES = 3
STEM = 5  # a name and a setting word this long that one starts with the other are one name
ORDINAL_BEFORE, ORDINAL_AFTER = 50, 90  # characters around a position that say which occurrence
TITLE_CASE = 0.6  # more capitalised words than this share: a headline or a fact box
# Words capitalised mid-sentence that name nothing an event is about.
# The planet and its sky are the setting of any story ("crashed to Earth"), and the channels a
# source speaks through ("reported through its Twitter account") say who speaks: neither is what a
# figure counts.
_GENERIC = NOT_NAMES | frozenset({"no", "mr", "mrs", "ms", "dr", "prof", "st", "he", "she", "they", "we", "us",
                                  "earth", "moon", "sun", "twitter", "facebook", "instagram", "telegram",
                                  "youtube", "whatsapp", "tv", "x"})


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    with open(Path(__file__).parent / "rules" / "frames.toml", "rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True, slots=True)
class Position:
    """A figure that dates an event by its place in a sequence: "on lap 13 when he crashed"."""

    noun: str  # the sequence: "lap"
    event: str | None  # the class of the event word nearest the number: "crash"
    ordinal: int | None  # "another red flag" -> 2; None when unmarked


@dataclass(frozen=True, slots=True)
class Frame:
    """What a figure's sentence says it is about."""

    names: frozenset[str]  # lower-case names and joined runs of names ("sky", "lab", "skylab")
    boxed: bool = False  # from a headline or a fact box, whose words say little about what is counted


def _fold(word: str) -> str:
    return word.lower().replace("’", "'").removesuffix("'s")


@lru_cache(maxsize=65536)
def is_boxed(sentence: str) -> bool:
    """True for a headline or a fact box ("Boosters: 2 Cores: 3"): most of its words capitalised.

    >>> is_boxed("Height: 70 Meters Boosters: 2 Cores: 3"), is_boxed("The rocket has 27 engines.")
    (True, False)
    """
    words = [w for w in _WORD.findall(sentence) if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) > TITLE_CASE * len(words)


@lru_cache(maxsize=65536)
def names_in(sentence: str, said_by: str | None = None, outlet: str | None = None) -> frozenset[str]:
    """The names SENTENCE writes mid-sentence, less those of SAID_BY and OUTLET.

    >>> sorted(names_in("Crews said the 40-tonne Sky Lab fell, NASA said.", "NASA"))
    ['lab', 'sky', 'skylab']
    """
    if is_boxed(sentence):
        return frozenset()  # a headline or a fact box capitalises every word: its names say nothing
    source = {_fold(w) for w in _WORD.findall(f"{said_by or ''} {outlet or ''}")}
    found: set[str] = set()
    for run in _RUN.finditer(sentence):
        words = [_fold(w) for w in run.group(0).split()]
        words = [w for w in words if w not in _GENERIC and w not in source and len(w) > 1]
        found.update(words)
        if len(words) > 1:
            found.add("".join(words))
    return frozenset(found)


# A list set off right after a count ("four ships — the Aral 2, the Vega and the Oka 7 —", "three
# firms (Acme, Brill and Corto)", "including ..."): the names in it are members of the counted set.
# Two different sets can share a member (a ship in one rendezvous and on another list), so a
# shared member is no evidence that two counts are of one set, and it is not part of the frame.
_MEMBERS = re.compile(r"(?P<noun>\s*(?:[\w’'-]+\s+){0,3}?[\w’'-]*)\s*(?:—|–|--|\(|:)\s*(?:including\s+|among them\s+)?"
                      r"(?P<list>[^—–()]*?(?:,|\band\b)[^—–()]*?)(?:—|–|--|\)|\Z|(?=[.;]\s))")


def without_members(sentence: str, end: int) -> str:
    """SENTENCE less the list of members that follows the count ending at END, if one does.

    >>> without_members("The board named three firms (Acme, Brill and Corto) on Monday.", 20)
    'The board named three firms  on Monday.'
    >>> without_members("Two ships met near Vega, Oka said.", 3)
    'Two ships met near Vega, Oka said.'
    """
    match = _MEMBERS.match(sentence, end) if 0 <= end <= len(sentence) else None
    if match is None or not _RUN.search(" x " + match.group("list")):
        return sentence
    return sentence[:end] + match.group("noun") + " " + sentence[match.end():]


def _frame_sentence(figure: Figure) -> str:
    return without_members(figure.sentence, figure.end - figure.sentence_start)


def frame_of(stored: StoredFigure, setting: frozenset[str] = frozenset()) -> Frame:
    """STORED's frame; names of the story's SETTING (`setting_of`) say nothing about one figure, nor
    do the members a list after the count names (`without_members`)."""
    figure = stored.figure
    names = names_in(_frame_sentence(figure), figure.said_by, stored.source.outlet) - setting
    # "Syria" belongs to a setting of "Syrian": one stem
    names = frozenset(n for n in names if not any(_one_stem(n, s) for s in setting))
    return Frame(names=names, boxed=is_boxed(figure.sentence))


def _one_stem(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return len(short) >= STEM and long.startswith(short) and len(long) - len(short) <= 3


def setting_of(figures: Sequence[StoredFigure]) -> frozenset[str]:
    """The names most of a story's articles write beside their figures: where and to whom it
    happens ("Aleppo", "Syria", the station the whole story is about), not what one figure counts.

    Taken from more than half of the articles, and from at least `SETTING_ARTICLES` of them, so that
    "Skylab", written beside figures in two reports of four on another station, stays a frame.
    """
    articles: dict[int, set[str]] = {}
    for stored in figures:
        figure = stored.figure
        articles.setdefault(stored.source.article_id, set()).update(
            names_in(figure.sentence, figure.said_by, stored.source.outlet))
    if len(articles) < SETTING_ARTICLES:
        return frozenset()
    seen = Counter(name for names in articles.values() for name in names)
    return frozenset(name for name, n in seen.items() if n >= SETTING_ARTICLES and n * 2 > len(articles))


def compatible(a: Frame, b: Frame) -> bool:
    """False when both frames name things and share none of them: two different things' figures."""
    return not (a.names and b.names and a.names.isdisjoint(b.names))


def same(a: Frame, b: Frame) -> bool:
    """True when the frames name the same things, or neither names any: evidence of one thing,
    where `compatible` only finds no evidence against it. A headline or fact box is no evidence."""
    if a.boxed or b.boxed:
        return False
    return bool(a.names & b.names) if a.names or b.names else True


@lru_cache(maxsize=1)
def _position_patterns() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    table = rules()["positions"]
    out = []
    for noun in table["nouns"]:
        before = "|".join(p.replace("{noun}", re.escape(noun)) for p in table["before"])
        after = "|".join(p.replace("{noun}", re.escape(noun)) for p in table["after"])
        out.append((noun, re.compile(before, re.I), re.compile(after, re.I)))
    return tuple(out)


def _nearest_event(before: str, after: str) -> str | None:
    """The class of the event word nearest the number, before or after it."""
    best: tuple[int, str] | None = None
    for name, stems in rules()["events"].items():
        for stem in stems:
            pattern = re.compile(r"\b" + re.escape(stem), re.I)
            for match in pattern.finditer(before):
                distance = len(before) - match.end()
                if best is None or distance < best[0]:
                    best = (distance, name)
            match = pattern.search(after)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), name)
    return best[1] if best else None


@lru_cache(maxsize=65536)
def position_in(sentence: str, start: int, end: int) -> Position | None:
    """The position the number at SENTENCE[START:END] states, or None when it is not one.

    >>> position_in("Lap 14 Dario Venn has a big smash.", 4, 6)
    Position(noun='lap', event='crash', ordinal=None)
    >>> position_in("The race was halted after 20 of 71 laps.", 26, 28)
    Position(noun='lap', event='stoppage', ordinal=None)
    >>> position_in("The race saw 71 laps.", 13, 15) is None
    True
    """
    before, after = sentence[:start], sentence[end:]
    for noun, before_pattern, after_pattern in _position_patterns():
        if before_pattern.search(before[-30:]) or after_pattern.search(after[:40]):
            # the clause around the number: "the opening seven laps and ... on lap 13" is not the first
            clause = before[-ORDINAL_BEFORE:] + " " + after[:ORDINAL_AFTER]
            ordinal = next((int(n) for n, patterns in rules()["ordinals"].items()
                            if any(re.search(p, clause, re.I) for p in patterns)), None)
            return Position(noun=noun, event=_nearest_event(before, after), ordinal=ordinal)
    return None


def position_of(stored: StoredFigure) -> Position | None:
    figure = stored.figure
    if figure.unit:
        return None
    offset = figure.start - figure.sentence_start
    if not 0 <= offset <= len(figure.sentence):
        return None
    return position_in(figure.sentence, offset, offset + (figure.end - figure.start))


def frame_json(figure: Figure) -> dict[str, Any]:
    """The frame `claimbot extract --json` shows beside a figure: its sentence's names (before any
    story setting is known) and the position it states, if any."""
    offset = figure.start - figure.sentence_start
    position = (position_in(figure.sentence, offset, offset + figure.end - figure.start)
                if not figure.unit and 0 <= offset <= len(figure.sentence) else None)
    return {"names": sorted(names_in(_frame_sentence(figure), figure.said_by)), "boxed": is_boxed(figure.sentence),
            "position": None if position is None else {"noun": position.noun, "event": position.event,
                                                       "ordinal": position.ordinal}}
