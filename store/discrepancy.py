"""Quantity groups and discrepancy flags for the figures of one story: pure, no DB, no I/O.

`analyse` is what the store calls after each ingest, with every figure of the story. It groups the
figures (store.grouping), checks each article against itself (store.internal), then compares
figures of one group across articles, on intervals (store.intervals), and raises
- `conflict` when figures that report the same quantity cannot both be right,
- `update` when dated reports of a count that only grows rose between them,
never when the figures count different things: another window of time ("Over the past night,
2,124 civilians" against "since the operation began, more than 78,000"), an extra batch ("another
group of about 8,000"), running totals taken at unknown times ("we’ve evacuated around 1,000"),
or two figures of one article, which a writer sets side by side because they differ (291
militants surrendered overnight, 1,324 in all).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from store.confidence import NEUTRAL, Confidence, strong_pair
from store.figure import StoredFigure
from store.frames import Frame, compatible, frame_of, position_of, same, setting_of
from store.grouping import group, is_cumulative, is_neutral
from store.internal import conversion_flags, part_flags, restatements
from store.intervals import Interval, in_unit, interval_of, relative_gap, severity_of, tolerances, value_in
from store.origins import origins_of, resolve, rules
from store.quantity import FlagDraft, FlagKind, GroupDraft
from store.wording import listing, quantity, when, who

__all__ = ["Analysis", "analyse"]


@dataclass(frozen=True, slots=True)
class Analysis:
    """A story's quantity groups and the flags raised on them."""

    groups: tuple[GroupDraft, ...]
    flags: tuple[FlagDraft, ...]


@dataclass(frozen=True, slots=True)
class _Signals:
    """What a figure's sentence says about the quantity it reports."""

    window: str | None  # "night", "day"...: a stated window the count covers
    day: str | None  # "thursday": the named day a count was made, from Figure.period
    running: bool  # a running total at the time of writing ("so far", "have been evacuated")
    increment: bool  # an extra batch ("another group of about 8,000")


def _matches(patterns: Sequence[str], text: str) -> bool:
    return any(re.search(p, text, re.I) for p in patterns)


def _window(text: str) -> str | None:
    for name, patterns in rules()["periods"].items():
        if _matches(patterns, text):
            return name
    return None


def _before(stored: StoredFigure) -> str:
    figure = stored.figure
    cut = figure.start - figure.sentence_start
    return figure.sentence[:cut] if 0 <= cut <= len(figure.sentence) else ""


def _after(stored: StoredFigure) -> str:
    figure = stored.figure
    cut = figure.end - figure.sentence_start
    return figure.sentence[cut:cut + 40] if 0 <= cut <= len(figure.sentence) else ""


def _signals(stored: StoredFigure) -> _Signals:
    figure = stored.figure
    return _signals_of(figure.period, figure.sentence, _before(stored), figure.text, _after(stored))


@lru_cache(maxsize=65536)
def _signals_of(period: str | None, sentence: str, before: str, text: str, after: str = "") -> _Signals:
    """Window, named day, running total and increment, from Figure.period and the sentence.

    A period the rules do not know ("during the day") is ignored rather than taken as a window of its
    own: "We expect that during the day there will be around 250 wounded ... to be evacuated" is the
    size of the same operation that "as many as 200 wounded civilians" describes.
    """
    running_rules = rules()["running"]
    period = (period or "").strip()
    window = _window(period) or _window(sentence)
    day = next((m.group(1).lower() for p in rules()["days"]["names"] if (m := re.search(p, period, re.I))), None)
    running = _matches(running_rules["markers"], f"{period} {sentence}") or any(
        verb.lower() not in running_rules["not_a_count"]
        for verb in re.findall(running_rules["perfect"], sentence, re.I))
    increments = rules()["increments"]
    before = before[-increments["window"]:]
    increment = (_matches(increments["before"], before) or _matches(increments["before"], text)
                 or _matches(increments["after"], after))
    return _Signals(window, day, running, increment)


@dataclass(frozen=True, slots=True)
class _Story:
    """What the comparisons need to know about every figure of the story."""

    by_id: dict[int, StoredFigure]
    signals: dict[int, _Signals]
    origin: dict[int, str]
    skip: set[int]  # bracketed restatements: they only repeat the figure before them
    origin_name: dict[int, str]  # the origin as an editor reads it: an attribution or an outlet
    frames: dict[int, Frame] = field(default_factory=dict)
    ambiguous: set[int] = field(default_factory=set)  # see `_ambiguous`


def _interval(stored: StoredFigure, unit: str | None) -> Interval | None:
    return in_unit(interval_of(stored.figure), stored.figure.unit, unit)


def _agree(a: StoredFigure, b: StoredFigure) -> bool:
    if position_of(a) is not None and position_of(b) is not None:
        # "lap 20" is no rounding of lap 21: positions are exact whatever their roundness
        return a.figure.value == b.figure.value
    other = _interval(b, a.figure.unit)
    return other is None or interval_of(a.figure).overlaps(other)


def _comparable(story: _Story, a: StoredFigure, b: StoredFigure) -> bool:
    """True when A and B claim the same quantity, so that differing values would be a discrepancy.

    Parts are compared only as parts of two wholes that agree: "including 40,000 children" of up
    to 100,000 and "including 1,007 children" of the 2,124 evacuated overnight are not one count.
    """
    if a.source.article_id == b.source.article_id:
        return False
    if a.id in story.skip or b.id in story.skip:
        return False
    if a.id in story.ambiguous or b.id in story.ambiguous:
        return False
    if not _same_frame(story, a, b):
        return False
    if a.part_of_id is None and b.part_of_id is None:
        return True
    pa, pb = story.by_id.get(a.part_of_id or -1), story.by_id.get(b.part_of_id or -1)
    if pa is None or pb is None:
        return False
    return _comparable(story, pa, pb) and _agree(pa, pb)


def _same_frame(story: _Story, a: StoredFigure, b: StoredFigure, *, strict: bool = False) -> bool:
    """True when nothing in A's and B's sentences says they count different things; STRICT, when
    their sentences name the same things (or neither names any)."""
    sa, sb = story.signals[a.id], story.signals[b.id]
    # "another red flag on lap 29" says which stoppage a position dates (Position.ordinal), not a
    # batch added to a count
    positions = position_of(a) is not None and position_of(b) is not None
    if ((sa.increment or sb.increment) and not positions) or sa.window != sb.window:
        return False
    if sa.day and sb.day and sa.day != sb.day:
        return False
    fa, fb = story.frames.get(a.id), story.frames.get(b.id)
    if fa is None or fb is None:
        return not strict
    return same(fa, fb) if strict else compatible(fa, fb)


def _ambiguous(story: _Story, members: Sequence[StoredFigure]) -> set[int]:
    """Figures of a group whose own article, on the same source's word, gives another value for it.

    A writer who sets "979", "1,100" and "2,300 offshore companies" side by side, or "four ships"
    beside "10 ships", is counting different things that grouping took for one; which of them
    another outlet's figure reports is unknown, so none of them is held against it. An article that
    quotes two sources who disagree ("10 ambulances, state TV said; the ICRC counted 13") is not
    ambiguous: it reports the disagreement. Bracketed restatements are checked as conversions.
    """
    by_article: dict[int, list[StoredFigure]] = {}
    for stored in members:
        if stored.id not in story.skip:
            by_article.setdefault(stored.source.article_id, []).append(stored)
    found: set[int] = set()
    for figures in by_article.values():
        for i, a in enumerate(figures):
            for b in figures[i + 1:]:
                if (story.origin[a.id] == story.origin[b.id] and _same_frame(story, a, b, strict=True)
                        and not _agree(a, b) and _values_differ(a, b)):
                    found.update((a.id, b.id))
    return found


def _values_differ(a: StoredFigure, b: StoredFigure) -> bool:
    """True when the numbers themselves differ: "more than 5,000" then "5,000" restates one count."""
    va, vb = value_in(a.figure, a.figure.unit), value_in(b.figure, a.figure.unit)
    return va is not None and vb is not None and relative_gap(va, vb) > 0.01


def _inherit_windows(figures: Sequence[StoredFigure], signals: dict[int, _Signals]) -> None:
    """A whole takes the window its parts state: "2,934 children among those evacuated ... over the
    past 24 hours" dates the "around 8,500 civilians evacuated" it belongs to."""
    for stored in figures:
        parent = stored.part_of_id
        if parent in signals and signals[parent].window is None and signals[stored.id].window:
            old = signals[parent]
            signals[parent] = _Signals(signals[stored.id].window, old.day, old.running, old.increment)


def _hours_apart(a: StoredFigure, b: StoredFigure) -> float | None:
    if a.source.published is None or b.source.published is None:
        return None
    try:
        return abs((b.source.published - a.source.published).total_seconds()) / 3600
    except TypeError:  # one aware, one naive: compare as wall-clock times
        naive_a = a.source.published.replace(tzinfo=None)
        naive_b = b.source.published.replace(tzinfo=None)
        return abs((naive_b - naive_a).total_seconds()) / 3600


class _Components:
    """Union-find over figure ids: each connected set of disagreeing figures is one flag."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.gap: dict[int, float] = {}

    def find(self, i: int) -> int:
        self.parent.setdefault(i, i)
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, gap: float) -> None:
        ra, rb = self.find(a), self.find(b)
        self.parent[ra] = rb
        self.gap[rb] = max(self.gap.get(rb, 0.0), self.gap.pop(ra, 0.0), gap)

    def sets(self) -> list[tuple[list[int], float]]:
        out: dict[int, list[int]] = {}
        for i in self.parent:
            out.setdefault(self.find(i), []).append(i)
        # by smallest member, not by root: roots depend on the order pairs were compared in
        return sorted((sorted(ids), self.gap.get(root, 0.0)) for root, ids in out.items())


def _sides(members: list[StoredFigure]) -> list[list[StoredFigure]]:
    """The figures split into sides that agree within themselves, lowest values first."""
    unit = members[0].figure.unit
    ordered = sorted(members, key=lambda s: (value_in(s.figure, unit) or 0.0, s.id))
    sides: list[list[StoredFigure]] = []
    for stored in ordered:
        if sides and all(_agree(stored, other) for other in sides[-1]):
            sides[-1].append(stored)
        else:
            sides.append([stored])
    return sides


def _side_text(side: list[StoredFigure], said: dict[int, str | None]) -> str:
    """ "Syrian state television in Inquisitr says 4,000 rebels and their families"."""
    voices: dict[str, list[str]] = {}
    for stored in side:
        voices.setdefault(who(stored, said.get(stored.id)), []).append(quantity(stored))
    parts = [f"{voice} says {listing(texts)}" for voice, texts in voices.items()]
    return listing(parts)


def _conflict(story: _Story, ids: list[int], gap: float, key: str, said: dict[int, str | None]) -> FlagDraft:
    sides = _sides([story.by_id[i] for i in ids])
    origins = [{story.origin[s.id] for s in side} for side in sides]
    shared = set.intersection(*origins)
    counts = " against ".join(str(len(o)) for o in origins)
    reason = f"{counts} independent origins"
    if shared:
        # "Ingy Sedky (ICRC)" on one side, "the ICRC" on the other: the editor must know the
        # disagreement is inside one source, not between two
        names = listing(sorted({story.origin_name[s.id] for side in sides for s in side
                                if story.origin[s.id] in shared}))
        reason += f"; {names} stands on both sides"
    why = (f"{', but '.join(_side_text(side, said) for side in sides)}: "
           f"{round(gap * 100)}% apart, more than rounding or hedging allows ({reason}).")
    return FlagDraft(kind=FlagKind.CONFLICT, why=why, figure_ids=tuple(s.id for side in sides for s in side),
                     severity=severity_of(gap), group_key=key, origins=tuple(len(o) for o in origins))


def _update(story: _Story, ids: list[int], gap: float, key: str, said: dict[int, str | None]) -> FlagDraft:
    """The steps of a running total: for each report date the highest figure then, up to the latest.

    One figure per date keeps the flag readable: "around 8,000" and "around 8,500" on one Friday are
    one step, not two.
    """
    unit = story.by_id[ids[0]].figure.unit
    steps: dict[object, StoredFigure] = {}
    for stored in (story.by_id[i] for i in ids):
        day = stored.source.published
        best = steps.get(day)
        if best is None or (value_in(stored.figure, unit) or 0.0) > (value_in(best.figure, unit) or 0.0):
            steps[day] = stored
    ordered = [steps[day] for day in sorted(steps)]  # type: ignore[type-var]
    latest = ordered[-1]
    top = value_in(latest.figure, unit) or 0.0
    earlier = [s for s in ordered[:-1] if (value_in(s.figure, unit) or 0.0) < top]
    chain = "; then ".join(f"{quantity(s)} ({who(s, said.get(s.id))}, {when(s.source.published)})"
                           for s in [*earlier, latest])
    why = (f"The count grew between reports: {chain}, the latest figure of a running total rather "
           f"than a contradiction.")
    return FlagDraft(kind=FlagKind.UPDATE, why=why, figure_ids=tuple(s.id for s in [*earlier, latest]),
                     severity=severity_of(gap), group_key=key,
                     origins=(len({story.origin[s.id] for s in earlier}), 1),
                     latest_figure_id=latest.id, latest_at=latest.source.published)


def _strong(story: _Story, a: StoredFigure, b: StoredFigure, cls_of: dict[int, str | None],
            va: float, vb: float) -> bool:
    """True when A and B, which disagree, are known to report one quantity (store.confidence)."""
    ca, cb = cls_of.get(a.id), cls_of.get(b.id)
    return strong_pair(positions=position_of(a) is not None and position_of(b) is not None,
                       same_frame=_same_frame(story, a, b, strict=True),
                       actions=(_action_of(ca), _action_of(cb)), values=(va, vb))


def _absorb(story: _Story, conflicts: _Components, weak: _Components) -> list[tuple[list[int], float]]:
    """Weak components, less what joins a confident conflict: a figure a weak edge ties to a
    conflict that agrees with one of its sides is one more report of that side ("the operation to
    get around 200 wounded" beside "as many as 200 wounded civilians evacuated"). A weak component
    left with nothing outside the conflict it joined is gone."""
    strong_sets = conflicts.sets()
    if not strong_sets:
        return weak.sets()
    # components named by their smallest id, not their union-find root, which depends on the order
    # pairs were compared in: the result must not
    root_of = {i: ids[0] for ids, _ in strong_sets for i in ids}
    members = {ids[0]: ids for ids, _ in strong_sets}
    left = []
    for ids, gap in weak.sets():
        roots = {root_of[i] for i in ids if i in root_of}
        joined = set()
        for i in ids:
            if i in root_of:
                continue
            for root in sorted(roots):
                if any(_agree(story.by_id[i], story.by_id[m]) and _same_frame(story, story.by_id[i], story.by_id[m])
                       for m in members[root]):
                    conflicts.join(i, members[root][0], 0.0)
                    joined.add(i)
                    break
        if not all(i in root_of or i in joined for i in ids):
            left.append((ids, gap))
    return left


def _action_of(cls: str | None) -> str | None:
    return NEUTRAL if cls is not None and is_neutral(cls) else cls


def _grew(earlier: StoredFigure, later: StoredFigure) -> bool:
    """True when LATER is above all EARLIER allowed: "at least 10 killed" by morning, 32 by night.

    An open "at least 10" counts as 10 here: a running total is read at its stated value.
    """
    span = interval_of(earlier.figure)
    top = span.high if span.high is not None else float(earlier.figure.value)
    later_value = value_in(later.figure, earlier.figure.unit)
    return later_value is not None and later_value > top


@dataclass(slots=True)
class _Compared:
    """What comparing one group's figures found, which figures (as they were) it covered, and the
    flags written from it, by everything their wording reads (see `_drafted`)."""

    fingerprints: dict[int, int]
    conflicts: _Components
    updates: _Components
    weak: _Components  # conflicts without evidence that the figures report one quantity
    drafts: dict[tuple[object, ...], FlagDraft] = field(default_factory=dict)


_COMPARED: OrderedDict[tuple[int | None, str], _Compared] = OrderedDict()
_COMPARED_GROUPS = 20_000  # groups remembered per process; a few MB even for long stories


def _fingerprint(story: _Story, stored: StoredFigure, cls_of: dict[int, str | None]) -> int:
    """Everything a pair comparison reads about STORED, hashed: a change to any of it forgets the pair."""
    whole = story.by_id.get(stored.part_of_id or -1)
    # Not the StoredFigure itself: its group_id changes when the ingest that brought it stores its
    # group, which would forget every group the last article joined.
    return hash((_compared_fields(stored), story.signals[stored.id], stored.id in story.skip,
                 stored.id in story.ambiguous, story.frames.get(stored.id), cls_of.get(stored.id),
                 whole and _compared_fields(whole),
                 story.signals.get(whole.id) if whole else None))


def _compared_fields(stored: StoredFigure) -> tuple[object, ...]:
    return stored.id, stored.figure, stored.source, stored.story_id, stored.part_of_id


def _copy(components: _Components) -> _Components:
    copy = _Components()
    copy.parent, copy.gap = dict(components.parent), dict(components.gap)
    return copy


def _compare_group(
    story: _Story, members: list[StoredFigure], cls_of: dict[int, str | None], key: str = ""
) -> tuple[_Components, _Components, _Components, dict[tuple[object, ...], FlagDraft]]:
    """Conflict, update and weak-conflict edges between the comparable figures of one group.

    A disagreement is a conflict only with evidence that both figures report one quantity
    (`_strong`, store.confidence); without it, it is a weak edge, and its flag is worth a look.

    A count that only grows, reported at two times at least `update.min_hours` apart, rising:
    update. The same count, falling, or undated: a conflict, unless either report is a running total
    at the time of writing, since two snapshots of a running total taken at unknown times differ
    without anyone being wrong ("it has evacuated around 1,000" and "around 8,500 have been
    evacuated"). A count only grows when both figures' actions say so: "10 ambulances have been
    provided" is not a running total, even beside "13 ambulances crossing the frontline".

    Comparing every pair made each ingest into a long story cost the square of its size. A pair's
    verdict depends only on the two figures (and their wholes), so the components found for a group
    are remembered with a fingerprint of each figure, and an ingest compares only the figures it
    adds. The result is the same as comparing every pair: union-find keeps the components and the
    largest gap whatever order the pairs come in. The third value holds the group's flags as
    last written, valid for these figures.
    """
    fingerprints = {m.id: _fingerprint(story, m, cls_of) for m in members}
    cache_key = (members[0].story_id, key)
    known = _COMPARED.get(cache_key) if key else None
    drafts: dict[tuple[object, ...], FlagDraft] = {}
    if known is not None and all(fingerprints.get(i) == fp for i, fp in known.fingerprints.items()):
        conflicts, updates, weak = _copy(known.conflicts), _copy(known.updates), _copy(known.weak)
        fresh = [m for m in members if m.id not in known.fingerprints]
        drafts = known.drafts
    else:
        conflicts, updates, weak = _Components(), _Components(), _Components()
        fresh = members
    fresh_ids = {m.id for m in fresh}
    min_hours = tolerances()["update"]["min_hours"]
    for new in fresh:
        for other in members:
            if other.id == new.id or (other.id in fresh_ids and other.id < new.id):
                continue  # each pair once
            a, b = (new, other) if new.id < other.id else (other, new)  # the order comparing all pairs uses
            if not _comparable(story, a, b):
                continue
            va, vb = value_in(a.figure, a.figure.unit), value_in(b.figure, a.figure.unit)
            if va is None or vb is None:
                continue
            gap = relative_gap(va, vb)
            cumulative = is_cumulative(cls_of.get(a.id)) and is_cumulative(cls_of.get(b.id))
            hours = _hours_apart(a, b)
            if cumulative and hours is not None and hours >= min_hours:
                earlier, later = (a, b) if a.source.published <= b.source.published else (b, a)  # type: ignore[operator]
                if _grew(earlier, later):
                    updates.join(a.id, b.id, gap)
                    continue
            if _agree(a, b):
                continue
            running = story.signals[a.id].running or story.signals[b.id].running
            if cumulative and running:
                continue
            (conflicts if _strong(story, a, b, cls_of, va, vb) else weak).join(a.id, b.id, gap)
    if key:
        _COMPARED[cache_key] = _Compared(fingerprints, _copy(conflicts), _copy(updates), _copy(weak), drafts)
        _COMPARED.move_to_end(cache_key)
        while len(_COMPARED) > _COMPARED_GROUPS:
            _COMPARED.popitem(last=False)
    return conflicts, updates, weak, drafts


def _drafted(
    build: Callable[[_Story, list[int], float, str, dict[int, str | None]], FlagDraft],
    story: _Story, ids: list[int], gap: float, key: str, said: dict[int, str | None],
    drafts: dict[tuple[object, ...], FlagDraft], used: dict[tuple[object, ...], FlagDraft],
) -> FlagDraft:
    """BUILD's flag for the component IDS, reused from DRAFTS when nothing it reads has changed.

    Writing the why of every flag of a long story on each ingest cost more than comparing its new
    figures. A flag reads its figures (unchanged while the group's fingerprints hold, which is
    when DRAFTS is kept), the component and its gap, and each figure's attribution and origin.
    """
    context = (build, tuple(ids), gap,
               tuple((said.get(i), story.origin[i], story.origin_name[i]) for i in ids))
    draft = drafts.get(context)
    if draft is None:
        draft = build(story, ids, gap, key, said)
    used[context] = draft
    return draft


def analyse(figures: Sequence[StoredFigure]) -> Analysis:
    """The quantity groups of one story's figures and the flags raised on them.

    Every figure lands in exactly one group; every flag names its figures, its group and the number
    of independent origins on each side, and says why in one sentence with the numbers as written.
    """
    grouped = group(figures)
    pairs = restatements(figures)
    skip = {pair.bracketed.id for pair in pairs}
    signals = {s.id: _signals(s) for s in figures}
    _inherit_windows(figures, signals)
    said = resolve(figures)
    origin = origins_of(figures, said)
    setting = setting_of(figures)
    story = _Story(by_id={s.id: s for s in figures}, signals=signals, origin=origin, skip=skip,
                   origin_name=_origin_names(figures, origin, said),
                   frames={s.id: frame_of(s, setting) for s in figures})
    for draft in grouped.groups:
        if len(draft.figure_ids) > 1:
            story.ambiguous.update(_ambiguous(story, [story.by_id[i] for i in draft.figure_ids]))
    flags: list[FlagDraft] = [*conversion_flags(pairs, grouped.key_of),
                              *part_flags(figures, grouped.key_of, skip)]
    for draft in grouped.groups:
        members = [story.by_id[i] for i in draft.figure_ids]
        if len(members) < 2:
            continue
        conflicts, updates, weak, drafts = _compare_group(story, members, grouped.cls_of, draft.key)
        weak_sets = _absorb(story, conflicts, weak)
        used: dict[tuple[object, ...], FlagDraft] = {}
        flags.extend(_drafted(_conflict, story, ids, gap, draft.key, said, drafts, used)
                     for ids, gap in conflicts.sets())
        # disagreements nothing shows to be about one quantity: worth a look, not a conflict
        flags.extend(replace(_drafted(_conflict, story, ids, gap, draft.key, said, drafts, used),
                             confidence=Confidence.LOW)
                     for ids, gap in weak_sets)
        flags.extend(_drafted(_update, story, ids, gap, draft.key, said, drafts, used)
                     for ids, gap in updates.sets())
        drafts.clear()  # keep only what this analysis wrote: components that changed are gone
        drafts.update(used)
    return Analysis(groups=grouped.groups, flags=tuple(flags))


def _origin_names(figures: Sequence[StoredFigure], origin: dict[int, str],
                  said: dict[int, str | None]) -> dict[int, str]:
    """For each figure, the shortest way its origin is written in the story ("ICRC")."""
    written: dict[str, str] = {}
    for stored in figures:
        name = said.get(stored.id) or stored.source.label
        key = origin[stored.id]
        if key not in written or len(name) < len(written[key]):
            written[key] = name
    return {s.id: written[origin[s.id]] for s in figures}
