"""`!ingest URL` or an attached .txt/.html file: add an article to the store (editors)."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath

from commands.actor import Actor
from commands.alerts import watched_ingest
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
    replaced = f" It replaces article #{result.supersedes}, an earlier version." if result.supersedes else ""
    story = f" in story “{result.story_name}”" if result.story_name else ""
    flags = f"; {result.flags} flag{'s' * (result.flags != 1)} in that story" if result.flags else ""
    clipped = (f" Only its first {MAX_FIGURES:,} figures were read: no article holds more."
               if result.figures >= MAX_FIGURES else "")
    return Reply(title=f"Stored article #{result.article_id} ({result.label}): "
                       f"{result.figures} figure{'s' * (result.figures != 1)}{story}{flags}.{replaced}{clipped}")


_OPTION = re.compile(r"(?:^|\s)(outlet|date|story):", re.I)


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """What the editor says about an article at ingest: `outlet:`, `date:` and `story:`."""

    outlet: str | None = None
    published: datetime | None = None
    story: str | None = None


def parse_date(value: str) -> datetime:
    """An editor's `date:` (2016-12-15, or with a time); UTC when no zone is given."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(f"`{value[:40]}` is not a date; write it as 2016-12-15 (or 2016-12-15T09:30).") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def make_options(outlet: str | None = None, date: str | None = None, story: str | None = None) -> IngestOptions:
    def clean(value: str | None) -> str | None:
        return " ".join(value.strip().strip("\"“”'").split()) or None if value is not None else None

    return IngestOptions(outlet=clean(outlet), published=parse_date(date) if clean(date) else None,
                         story=clean(story))


def split_options(text: str) -> tuple[str, IngestOptions]:
    """`URL outlet: Reuters date: 2016-12-15 story: Aleppo` as the URL (or "") and the options."""
    parts = _OPTION.split(text)
    named: dict[str, str] = {}
    for name, value in zip(parts[1::2], parts[2::2], strict=True):
        if not value.strip():
            raise BadInput(f"`{name.lower()}:` needs a value, e.g. `{name.lower()}: Reuters`.")
        named[name.lower()] = value
    return parts[0].strip(), make_options(**named)


def ingest_bytes(store: Store, data: bytes, name: str, *, outlet: str | None = None,
                 url: str | None = None, story: str | None = None,
                 published: datetime | None = None) -> IngestResult:
    article = article_from_bytes(data, name, outlet=outlet, url=url, story=story, published=published)
    return watched_ingest(store)([article])[0]


def ingest_url(store: Store, url: str, *, outlet: str | None = None, story: str | None = None,
               published: datetime | None = None) -> IngestResult:
    page = fetch(url)
    host = PurePath(page.url.split("//", 1)[-1].split("/", 1)[0]).name
    return ingest_bytes(store, page.data, page.url if page.content_type == "text/html" else host,
                        outlet=outlet or host.removeprefix("www."), url=page.url, story=story, published=published)


async def ingest(store: Store, actor: Actor, *, url: str | None = None,
                 attachment: tuple[str, bytes] | None = None, story: str | None = None,
                 options: IngestOptions | None = None) -> Reply:
    """Add an article from a link or an attached .txt/.html file (editors).

    Without `outlet:` an attachment's outlet stays unknown (never "message" or its file name):
    store.labels names it by its title and number.
    """
    actor.require_editor("add articles")
    options = options or IngestOptions()
    known = {"outlet": options.outlet, "story": options.story or story, "published": options.published}
    if attachment is not None:
        name, data = attachment
        if PurePath(name).suffix.lower() not in ATTACHMENT_SUFFIXES:
            raise BadInput("Attach a .txt or .html file.")
        result = await asyncio.to_thread(ingest_bytes, store, data, name, **known)
    elif url:
        result = await asyncio.to_thread(ingest_url, store, url.strip("<> "), **known)
    else:
        raise BadInput("Give a link (`!ingest https://...`) or attach a .txt or .html file.")
    return result_reply(result)
