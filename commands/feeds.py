"""`!feed add URL [story:NAME]`, `!feed list`, `!feed remove ID` (editors): the feeds the poller reads."""

from __future__ import annotations

import asyncio
from datetime import datetime

from commands.actor import Actor
from commands.reply import Reply
from store.errors import BadInput
from store.feed_book import FeedBook, FeedInfo


def parse_add(rest: str) -> tuple[str, str | None]:
    """(URL, story) from "URL [story:NAME]"; the story name may have spaces."""
    url, _, tail = rest.strip().partition(" ")
    tail = tail.strip()
    if not url:
        raise BadInput("Give the feed's link: `!feed add https://example.org/rss [story:NAME]`.")
    if tail and not tail.lower().startswith("story:"):
        raise BadInput("After the link only `story:NAME` is understood.")
    story = tail[len("story:"):].strip()
    return url, story or None


def feed_id(text: str) -> int:
    cleaned = text.strip().lstrip("#")
    if not cleaned.isdigit() or len(cleaned) > 12:
        raise BadInput("Give the feed's number, e.g. `!feed remove 2` (`!feed list` shows them).")
    return int(cleaned)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def feed_line(feed: FeedInfo) -> str:
    story = f", story “{feed.story}”" if feed.story else ""
    name = f"{feed.title} " if feed.title else ""
    state = feed.status
    if feed.last_error:
        state += f" ({feed.failures} failure{'s' * (feed.failures != 1)} in a row: {feed.last_error})"
    return (f"#{feed.id} {name}<{feed.url}>{story}: {state}; {feed.items} items; "
            f"last polled {_when(feed.last_polled_at)}")


async def add(book: FeedBook, actor: Actor, rest: str, *, allow_private: bool = False) -> Reply:
    """Editors: follow an RSS or Atom feed; its new items are ingested as they appear."""
    actor.require_editor("add feeds")
    url, story = parse_add(rest)
    feed = await asyncio.to_thread(book.add, url, story=story, by=actor.name, allow_private=allow_private)
    story_note = f" into story “{feed.story}”" if feed.story else ""
    return Reply(title=f"Following feed #{feed.id} <{feed.url}>{story_note}; it is polled within minutes.")


async def listing(book: FeedBook) -> Reply:
    """The feeds followed, with status, last error and items seen."""
    feeds = await asyncio.to_thread(book.feeds)
    if not feeds:
        return Reply(title="No feeds yet.", lines=("Editors add one with `!feed add https://example.org/rss`.",))
    return Reply(title=f"{len(feeds)} feed{'s' * (len(feeds) != 1)}", lines=tuple(feed_line(f) for f in feeds))


async def remove(book: FeedBook, actor: Actor, text: str) -> Reply:
    """Editors: stop following a feed; its articles stay."""
    actor.require_editor("remove feeds")
    feed = await asyncio.to_thread(book.remove, feed_id(text))
    return Reply(title=f"Stopped following feed #{feed.id} <{feed.url}>; its articles stay in the store.")


async def feed(book: FeedBook, actor: Actor, rest: str, *, allow_private: bool = False) -> Reply:
    """`!feed add|list|remove ...` as one line (the console)."""
    word, _, tail = rest.strip().partition(" ")
    match word.lower():
        case "add":
            return await add(book, actor, tail, allow_private=allow_private)
        case "list" | "":
            return await listing(book)
        case "remove" | "rm" | "delete":
            return await remove(book, actor, tail)
    raise BadInput("Use `!feed add URL [story:NAME]`, `!feed list` or `!feed remove ID`.")
