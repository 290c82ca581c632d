"""`!ingest URL` or an attached .txt/.html file: add an article to the store (editors)."""

from __future__ import annotations

import asyncio
from pathlib import PurePath

from commands.actor import Actor
from commands.reply import Reply
from store.db import Store
from store.errors import BadInput
from store.extract.pipeline import MAX_FIGURES
from store.fetch import fetch
from store.ingest import article_from_bytes
from store.records import IngestResult

ATTACHMENT_SUFFIXES = {".txt", ".html", ".htm"}


def result_reply(result: IngestResult) -> Reply:
    if result.duplicate:
        return Reply(title=f"Already in the store as article #{result.article_id}; nothing changed.")
    story = f" in story “{result.story_name}”" if result.story_name else ""
    flags = f"; {result.flags} flag{'s' * (result.flags != 1)} in that story" if result.flags else ""
    clipped = (f" Only its first {MAX_FIGURES:,} figures were read: no article holds more."
               if result.figures >= MAX_FIGURES else "")
    return Reply(title=f"Stored article #{result.article_id} ({result.label}): "
                       f"{result.figures} figure{'s' * (result.figures != 1)}{story}{flags}.{clipped}")


def ingest_bytes(store: Store, data: bytes, name: str, *, outlet: str | None = None,
                 url: str | None = None, story: str | None = None) -> IngestResult:
    article = article_from_bytes(data, name, outlet=outlet, url=url, story=story)
    return store.add_article(article)


def ingest_url(store: Store, url: str, *, outlet: str | None = None, story: str | None = None) -> IngestResult:
    page = fetch(url)
    host = PurePath(page.url.split("//", 1)[-1].split("/", 1)[0]).name
    return ingest_bytes(store, page.data, page.url if page.content_type == "text/html" else host,
                        outlet=outlet or host.removeprefix("www."), url=page.url, story=story)


async def ingest(store: Store, actor: Actor, *, url: str | None = None,
                 attachment: tuple[str, bytes] | None = None, story: str | None = None) -> Reply:
    """Add an article from a link or an attached .txt/.html file (editors)."""
    actor.require_editor("add articles")
    if attachment is not None:
        name, data = attachment
        if PurePath(name).suffix.lower() not in ATTACHMENT_SUFFIXES:
            raise BadInput("Attach a .txt or .html file.")
        result = await asyncio.to_thread(ingest_bytes, store, data, name, story=story)
    elif url:
        result = await asyncio.to_thread(ingest_url, store, url.strip("<> "), story=story)
    else:
        raise BadInput("Give a link (`!ingest https://...`) or attach a .txt or .html file.")
    return result_reply(result)
