"""`!claim QUERY before:DATE`: the answer as it stood then, groups and flags computed on what was known.

Only reports published inside the window count; their story's groups and flags are recomputed on
them alone (store.discrepancy.analyse, in memory), so a conflict that a later article opened is not
shown, and one a later article settled is. In each group the latest figure of each outlet comes
first; an outlet's older figure with another value is marked superseded by its own update.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from commands.claim import Answer, as_json, as_reply
from commands.limits import MAX_GROUPS, MAX_PER_GROUP, MAX_SEARCH_HITS, clean_query
from commands.options import Options, in_window
from commands.reply import Reply
from commands.views import confident
from store.db import Store
from store.discrepancy import analyse
from store.figure import StoredFigure
from store.quantity import FlagStatus
from store.records import FlagInfo, GroupInfo

MAX_STORIES = 20  # each story is re-analysed in memory; an as-of question is about a few


def superseded(figures: Sequence[StoredFigure]) -> set[int]:
    """Ids of figures whose outlet later reported a different value for the same quantity."""
    out: set[int] = set()
    by_outlet: dict[str, list[StoredFigure]] = {}
    for stored in figures:
        if stored.source.published is not None:
            by_outlet.setdefault(stored.source.label, []).append(stored)
    for reports in by_outlet.values():
        for stored in reports:
            if any(later.source.published > stored.source.published  # type: ignore[operator]
                   and later.figure.value != stored.figure.value for later in reports):
                out.add(stored.id)
    return out


def latest_first(figures: Sequence[StoredFigure], old: set[int]) -> list[StoredFigure]:
    """Current figures before superseded ones, newest first, then in article order."""
    def key(stored: StoredFigure) -> tuple[bool, float, int, int]:
        published = stored.source.published
        stamp = published.timestamp() if published else float("-inf")
        return (stored.id in old, -stamp, stored.source.article_id, stored.figure.start)
    return sorted(figures, key=key)


def _flag_then(draft_ids: tuple[int, ...], kind: str, severity: str, why: str, story_id: int,
               stored: dict[frozenset[int], FlagInfo], confidence: str = "high") -> FlagInfo:
    """The flag the analysis of then found; the stored flag of the same figures lends its id and review."""
    known = stored.get(frozenset(draft_ids))
    if known is not None:
        return replace(known, why=why, confidence=confidence)
    now = datetime.now(UTC)
    return FlagInfo(id=0, story_id=story_id, group_id=None, kind=kind, severity=severity,
                    status=str(FlagStatus.OPEN), why=why, figure_ids=tuple(sorted(draft_ids)), active=False,
                    latest_figure_id=None, latest_at=None, reviewed_by=None, reviewed_at=None, review_note=None,
                    created_at=now, updated_at=now, confidence=confidence)


def find_as_of(store: Store, options: Options) -> tuple[Answer, set[int]]:
    """The answer to OPTIONS.query in its window, and the ids of the superseded figures in it."""
    text = clean_query(options.query)
    result = store.search(text, limit=MAX_SEARCH_HITS)
    rank = {figure_id: i for i, figure_id in enumerate(result.figure_ids)}
    hits = store.figures(result.figure_ids)
    allowed = set(store.stories_named(options.story)) if options.story else None
    story_ids = list(dict.fromkeys(s.story_id for s in sorted(hits, key=lambda s: rank[s.id])
                                   if s.story_id is not None and (allowed is None or s.story_id in allowed)))
    truncated = result.truncated or len(story_ids) > MAX_STORIES
    groups: list[tuple[bool, int, GroupInfo]] = []
    figures: dict[int, StoredFigure] = {}
    flags: list[FlagInfo] = []
    old: set[int] = set()
    for story_id in story_ids[:MAX_STORIES]:
        known = [f for f in store.story_figures(story_id) if in_window(f.source.published, options)]
        if not known:
            continue
        by_id = {f.id: f for f in known}
        analysis = analyse(known)
        stored = {frozenset(f.figure_ids): f for f in store.flags(figure_ids=list(by_id), include_inactive=True)}
        story_flags = [_flag_then(d.figure_ids, str(d.kind), str(d.severity), d.why, story_id, stored,
                                  str(d.confidence))
                       for d in analysis.flags]
        # a weak disagreement is no flag then either (commands.views.confident)
        story_flags = confident(f for f in story_flags if f.status != str(FlagStatus.DISMISSED))
        flagged = {i for f in story_flags for i in f.figure_ids}
        for draft in analysis.groups:
            if not any(i in rank for i in draft.figure_ids):
                continue
            members = [by_id[i] for i in draft.figure_ids]
            gone = superseded(members)
            ordered = latest_first(members, gone)[:MAX_PER_GROUP]
            truncated = truncated or len(ordered) < len(members)
            current_group = next((m.group_id for m in members if m.group_id), 0) or 0
            info = GroupInfo(id=current_group, story_id=story_id, key=draft.key, label=draft.label,
                             dimension=draft.dimension, figure_ids=tuple(f.id for f in ordered))
            best = min(rank.get(i, len(rank)) for i in draft.figure_ids)
            groups.append((not flagged & set(draft.figure_ids), best, info))
            figures.update((f.id, f) for f in ordered)
            old |= gone & set(info.figure_ids)
        shown = set(figures)
        flags.extend(f for f in story_flags if set(f.figure_ids) & shown)
    groups.sort(key=lambda g: g[:2])
    truncated = truncated or len(groups) > MAX_GROUPS
    kept = tuple(g for *_, g in groups[:MAX_GROUPS])
    shown_ids = {i for g in kept for i in g.figure_ids}
    answer = Answer(query=text, groups=kept, figures=tuple(figures[i] for i in sorted(shown_ids)),
                    flags=tuple(f for f in flags if set(f.figure_ids) & shown_ids),
                    suggestions=result.suggestions, truncated=truncated)
    return answer, old


def as_of_reply(answer: Answer, old: set[int], options: Options) -> Reply:
    reply = as_reply(answer)
    if reply.error:
        return replace(reply, title=f"{reply.title} ({options.describe()})")
    groups = tuple(replace(g, figures=tuple(replace(line, superseded=line.id in old) for line in g.figures))
                   for g in reply.groups)
    head, _, rest = reply.title.partition(":")
    return replace(reply, title=f"{head} ({options.describe()}):{rest}", groups=groups)


def as_of_json(answer: Answer, old: set[int], options: Options) -> dict[str, object]:
    data = as_json(answer)
    for figure in data["figures"]:
        figure["superseded"] = figure["id"] in old
    data["before"] = options.before.isoformat() if options.before else None
    data["after"] = options.after.isoformat() if options.after else None
    data["story"] = options.story
    return data


async def claim_as_of(store: Store, options: Options) -> Reply:
    """`!claim QUERY before:DATE after:DATE story:NAME`: what was known in that window."""
    answer, old = await asyncio.to_thread(find_as_of, store, options)
    return as_of_reply(answer, old, options)
