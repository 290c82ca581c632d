"""`!watch QUERY`, `!unwatch ID`, `!watches`: the subjects a channel follows."""

from __future__ import annotations

import asyncio

from commands.actor import Actor
from commands.limits import clean_query
from commands.reply import Reply
from store.errors import BadInput
from store.watch_book import WatchBook


def watch_id(text: str) -> int:
    cleaned = text.strip().lstrip("#")
    if not cleaned.isdigit() or len(cleaned) > 12:
        raise BadInput("Give the watch's number, e.g. `!unwatch 2` (`!watches` lists them).")
    return int(cleaned)


async def watch(book: WatchBook, actor: Actor, channel_id: int, query: str) -> Reply:
    """Editors: post here when an ingest adds a figure or a flag to what QUERY finds."""
    actor.require_editor("add watches")
    added = await asyncio.to_thread(book.add, channel_id, clean_query(query), by=actor.name)
    return Reply(title=f"Watch #{added.id}: this channel hears when new figures or flags touch “{added.query}”.")


async def unwatch(book: WatchBook, actor: Actor, channel_id: int, text: str) -> Reply:
    """Editors: stop a watch of this channel."""
    actor.require_editor("remove watches")
    removed = await asyncio.to_thread(book.remove, watch_id(text), channel_id)
    return Reply(title=f"Stopped watch #{removed.id} “{removed.query}”.")


async def watches(book: WatchBook, channel_id: int) -> Reply:
    """The watches of this channel."""
    found = await asyncio.to_thread(book.watches, channel_id)
    if not found:
        return Reply(title="This channel watches nothing yet.", lines=("Editors add one with `!watch evacuees`.",))
    return Reply(title=f"{len(found)} watch{'es' * (len(found) != 1)} in this channel",
                 lines=tuple(f"#{w.id} “{w.query}” (by {w.created_by or 'unknown'})" for w in found))
