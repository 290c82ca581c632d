"""`!claim QUERY`: every sourced figure on a subject, grouped by quantity, disagreements first."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from commands.limits import MAX_FIGURES, MAX_GROUPS, MAX_SEARCH_HITS, clean_query
from commands.reply import Reply
from commands.serialize import figures_json, flag_json
from commands.views import flag_line, group_view
from store.db import Store
from store.figure import StoredFigure
from store.records import FlagInfo, GroupInfo


@dataclass(frozen=True, slots=True)
class Answer:
    """What a lookup found, before it is shaped into a Reply or JSON."""

    query: str
    groups: tuple[GroupInfo, ...]
    figures: tuple[StoredFigure, ...]
    flags: tuple[FlagInfo, ...]
    suggestions: tuple[str, ...]
    truncated: bool


def find(store: Store, query: str) -> Answer:
    """The groups that figures matching QUERY belong to, with their flags; synchronous (store I/O)."""
    text = clean_query(query)
    result = store.search(text, limit=MAX_SEARCH_HITS)
    rank = {figure_id: i for i, figure_id in enumerate(result.figure_ids)}
    groups = store.groups_of(result.figure_ids)
    figures = store.figures(i for g in groups for i in g.figure_ids)
    flags = [f for f in store.flags(figure_ids=[f.id for f in figures]) if f.status != "dismissed"]
    flagged_groups = {f.group_id for f in flags} | {
        g.id for g in groups for f in flags if set(f.figure_ids) & set(g.figure_ids)
    }

    def order(group: GroupInfo) -> tuple[int, int]:
        best = min((rank[i] for i in group.figure_ids if i in rank), default=len(rank))
        return (0 if group.id in flagged_groups else 1, best)

    ordered = sorted(groups, key=order)
    truncated = result.truncated or len(ordered) > MAX_GROUPS
    kept: list[GroupInfo] = []
    count = 0
    for group in ordered[:MAX_GROUPS]:
        if count + len(group.figure_ids) > MAX_FIGURES and kept:
            truncated = True
            break
        kept.append(group)
        count += len(group.figure_ids)
    kept_ids = {i for g in kept for i in g.figure_ids}
    return Answer(
        query=text, groups=tuple(kept), figures=tuple(f for f in figures if f.id in kept_ids),
        flags=tuple(f for f in flags if set(f.figure_ids) & kept_ids), suggestions=result.suggestions,
        truncated=truncated,
    )


def as_reply(answer: Answer) -> Reply:
    if not answer.groups:
        hint = f" Did you mean {', '.join(f'`{s}`' for s in answer.suggestions)}?" if answer.suggestions else ""
        return Reply.problem(f"No figures found for “{answer.query}”.{hint}", suggestions=answer.suggestions)
    by_id = {f.id: f for f in answer.figures}
    views = tuple(
        group_view(g, [by_id[i] for i in g.figure_ids if i in by_id], answer.flags) for g in answer.groups
    )
    views = tuple(sorted(views, key=lambda v: not v.flagged))
    figures = sum(len(v.figures) for v in views)
    title = f"{answer.query}: {figures} figure{'s' * (figures != 1)} in {len(views)} group{'s' * (len(views) != 1)}"
    if answer.flags:
        title += f", {len(answer.flags)} flag{'s' * (len(answer.flags) != 1)}"
    note = "More matched than fits here; narrow the query to see the rest." if answer.truncated else None
    return Reply(title=title, flags=tuple(flag_line(f) for f in answer.flags), groups=views, note=note)


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
    """Every sourced figure for QUERY, disagreements first."""
    return as_reply(await asyncio.to_thread(find, store, query))
