"""`!sources` and `!source ID`: the articles in the store and what was found in each."""

from __future__ import annotations

import asyncio

from commands.flags import parse_id
from commands.reply import GroupView, Reply
from commands.views import figure_line
from store.db import Store

MAX_LISTED = 1000  # pages on Discord (buttons); the note says when even that is not all


def _date(value: object) -> str:
    return value.strftime("%Y-%m-%d") if value else "date unknown"  # type: ignore[attr-defined]


def sources_reply(store: Store) -> Reply:
    articles = store.articles()
    if not articles:
        return Reply(title="The store is empty. Editors can add articles with `!ingest URL` or an attachment.")
    lines = tuple(
        f"#{a.id} {a.label} · {_date(a.published)} · {a.figures} figure{'s' * (a.figures != 1)}"
        + (f" · {a.title[:80]}" if a.title and a.outlet else "")  # the label already has it
        for a in articles[:MAX_LISTED]
    )
    note = f"{len(articles) - MAX_LISTED} older articles not shown." if len(articles) > MAX_LISTED else None
    return Reply(title=f"{len(articles)} article{'s' * (len(articles) != 1)} in the store", lines=lines, note=note)


def source_reply(store: Store, article_id: int) -> Reply:
    info, figures = store.article(article_id)
    view = GroupView(id=0, label="figures", headline=f"{len(figures)} figures", outlets=1, origins=0,
                     figures=tuple(figure_line(f) for f in figures))
    lines = (
        f"{info.label} · {_date(info.published)}" + (f" · story: {info.story_name}" if info.story_name else ""),
        *((info.url,) if info.url else ()),
    )
    return Reply(title=f"#{info.id} {info.title or info.label}"[:256], lines=lines, groups=(view,))


async def sources(store: Store) -> Reply:
    """Articles in the store with outlet, date and number of figures."""
    return await asyncio.to_thread(sources_reply, store)


async def source(store: Store, article_id: str | int) -> Reply:
    """One article and its figures."""
    return await asyncio.to_thread(source_reply, store, parse_id(article_id, "source"))
