"""`!claim QUERY`: every sourced figure on a subject, grouped by quantity, disagreements first."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from commands.limits import MAX_FIGURES, MAX_GROUPS, MAX_PER_GROUP, MAX_SEARCH_HITS, clean_query
from commands.options import parse_options
from commands.reply import Reply
from commands.serialize import figures_json, flag_json
from commands.views import confident, flag_line, group_view, weak, weak_footer
from store.db import Store
from store.figure import StoredFigure
from store.records import FlagInfo, GroupInfo


@dataclass(frozen=True, slots=True)
class Answer:
    """What a lookup found, before it is shaped into a Reply or JSON."""

    query: str
    groups: tuple[GroupInfo, ...]
    figures: tuple[StoredFigure, ...]
    flags: tuple[FlagInfo, ...]  # confident ones only: a weak disagreement neither flags nor disputes
    suggestions: tuple[str, ...]
    truncated: bool
    weak: int = 0  # weak disagreements among these figures, left out of FLAGS


def find(store: Store, query: str) -> Answer:
    """The groups that figures matching QUERY belong to, with their flags; synchronous (store I/O).

    Groups come by their best match (the score of their best figure), flagged first among
    equals. A group shows its flagged figures and its
    matches first, at most MAX_PER_GROUP of them, so one huge group cannot crowd out the rest.
    """
    text = clean_query(query)
    result = store.search(text, limit=MAX_SEARCH_HITS)
    rank = {figure_id: i for i, figure_id in enumerate(result.figure_ids)}
    score = dict(zip(result.figure_ids, result.scores, strict=False))
    groups = store.groups_of(result.figure_ids, limit=MAX_GROUPS + 1)
    truncated = result.truncated or len(groups) > MAX_GROUPS
    groups = groups[:MAX_GROUPS]
    flags = [f for f in store.flags(group_ids=[g.id for g in groups]) if f.status != "dismissed"]
    weak_flags = weak(flags)
    flags = confident(flags)
    flagged = {i for f in flags for i in f.figure_ids}

    def shown_first(figure_id: int) -> tuple[bool, bool, int, int]:
        return (figure_id not in flagged, figure_id not in rank, rank.get(figure_id, 0), figure_id)

    def order(group: GroupInfo) -> tuple[float, bool, int]:
        best = min((rank[i] for i in group.figure_ids if i in rank), default=len(rank))
        matched = max((score.get(i, 0.0) for i in group.figure_ids), default=0.0)
        return (-matched, not flagged & set(group.figure_ids), best)

    kept: list[GroupInfo] = []
    shown: list[int] = []
    for group in sorted(groups, key=order):
        ids = sorted(group.figure_ids, key=shown_first)[:MAX_PER_GROUP]
        if kept and len(shown) + len(ids) > MAX_FIGURES:
            truncated = True
            break
        truncated = truncated or len(ids) < len(group.figure_ids)
        kept.append(group)
        shown.extend(ids)
    figures = store.figures(shown)
    names = {f.id for f in figures}
    known = {f.id for f in [*flags, *weak_flags]}
    extra = [f for f in store.flags(figure_ids=names) if f.status != "dismissed" and f.id not in known]
    weak_flags += weak(extra)
    return Answer(
        query=text, groups=tuple(kept), figures=tuple(figures),
        flags=tuple(f for f in [*flags, *confident(extra)] if set(f.figure_ids) & names),
        suggestions=result.suggestions, truncated=truncated,
        weak=sum(bool(set(f.figure_ids) & names) for f in weak_flags),
    )


def as_reply(answer: Answer) -> Reply:
    if not answer.groups:
        hint = (f" Did you mean {', '.join(f'`{s}`' for s in answer.suggestions)}?" if answer.suggestions
                else " Try a broader word, or `!sources` to see what is in the store.")
        return Reply.problem(f"No figures found for “{answer.query}”.{hint}", suggestions=answer.suggestions)
    by_id = {f.id: f for f in answer.figures}
    views = tuple(
        group_view(g, [by_id[i] for i in g.figure_ids if i in by_id], answer.flags) for g in answer.groups
    )
    figures = sum(len(v.figures) for v in views)
    title = f"{answer.query}: {figures} figure{'s' * (figures != 1)} in {len(views)} group{'s' * (len(views) != 1)}"
    if answer.flags:
        title += f", {len(answer.flags)} flag{'s' * (len(answer.flags) != 1)}"
    notes = ["More matched than fits here; narrow the query to see the rest."] if answer.truncated else []
    notes += [line for line in (weak_footer(answer.weak),) if line]
    return Reply(title=title, flags=tuple(flag_line(f) for f in answer.flags), groups=views,
                 note=" ".join(notes) or None)


def as_json(answer: Answer) -> dict[str, Any]:
    """The `claimbot claim QUERY --json` contract: {"query", "figures", "flags"}."""
    return {
        "query": answer.query,
        "figures": figures_json(answer.figures),
        "flags": [flag_json(f, answer.figures) for f in answer.flags],
        "suggestions": list(answer.suggestions),
        "truncated": answer.truncated,
    }


async def claim(store: Store, query: str) -> Reply:
    """Every sourced figure for QUERY, disagreements first; `before:`/`after:`/`story:` answer as of then."""
    options = parse_options(query)
    if options.as_of:
        from commands.asof import claim_as_of  # asof builds on this module's Answer

        return await claim_as_of(store, options)
    return as_reply(await asyncio.to_thread(find, store, query))
