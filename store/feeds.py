"""Feeds, the pure part: what a feed body lists, when to poll again, what a failure is called.

No I/O here: store/feed_book.py keeps feeds and items in the database and store/poller.py does the
fetching; both lean on these functions so the rules can be tested without a network.
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

from store.errors import BadInput, FetchError

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml", "text/html", "text/plain")  # many servers label feeds text/html
MAX_FEED_BYTES = 2 * 1024 * 1024  # a busy wire feed is ~200 KB; beyond this is not a feed worth parsing
MAX_ENTRIES = 200  # entries read from one body; the rest of a runaway feed is ignored
ITEMS_PER_POLL = 20  # articles fetched from one feed per poll; the rest wait for the next poll
POLL_EVERY = timedelta(minutes=10)
BACKOFF_MAX = timedelta(hours=6)
GONE = {404, 410}


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a feed: the article's link and what the feed says about it."""

    link: str
    title: str | None
    published: datetime | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: tuple[Entry, ...]


def parse_feed(data: bytes, base_url: str) -> ParsedFeed:
    """The entries of an RSS or Atom body, newest as the feed orders them; BadInput when it is no feed.

    feedparser forgives a lot (a stray ampersand sets `bozo` but keeps the entries); a body with
    no entries and a parse error is what "malformed" means here.
    """
    import feedparser  # slow to import; only the poller needs it

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise BadInput(f"The feed cannot be read: {str(problem)[:200] or 'not RSS or Atom'}.")
    if not parsed.entries and not parsed.feed.get("title"):
        raise BadInput("The feed cannot be read: not RSS or Atom.")
    entries: list[Entry] = []
    seen: set[str] = set()
    for item in parsed.entries[:MAX_ENTRIES]:
        link = _link(item, base_url)
        if link is None or link in seen:
            continue
        seen.add(link)
        title = " ".join(str(item.get("title") or "").split())[:500] or None
        entries.append(Entry(link=link, title=title, published=_published(item)))
    if parsed.get("bozo") and not entries:  # a broken body whose "entries" have no link to fetch
        raise BadInput(f"The feed cannot be read: {str(parsed.get('bozo_exception'))[:200]}.")
    title = " ".join(str(parsed.feed.get("title") or "").split())[:200] or None
    return ParsedFeed(title=title, entries=tuple(entries))


def _link(item: dict, base_url: str) -> str | None:
    link = item.get("link") or next((ln.get("href") for ln in item.get("links", []) if ln.get("href")), None)
    if not link:
        guid = item.get("id") or ""
        link = guid if guid.startswith(("http://", "https://")) else None
    if not link:
        return None
    link = urljoin(base_url, str(link).strip())
    if urlsplit(link).scheme not in {"http", "https"} or len(link) > 2000:
        return None
    return link


def _published(item: dict) -> datetime | None:
    when = item.get("published_parsed") or item.get("updated_parsed")
    if not when:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(when), UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def link_hash(link: str) -> str:
    """The key an item is known by: its link, without a #fragment (the same article either way)."""
    return hashlib.sha256(link.split("#", 1)[0].encode("utf-8")).hexdigest()


def next_poll(now: datetime, failures: int, *, every: timedelta = POLL_EVERY) -> datetime:
    """When to poll a feed next: on schedule while it works, doubling the wait with each failure in a row."""
    if failures <= 0:
        return now + every
    return now + min(every * 2 ** min(failures, 20), BACKOFF_MAX)


def failure_status(error: Exception) -> str:
    """What a failed poll is called in `!feed list`: gone (404/410), malformed, or error."""
    if isinstance(error, FetchError) and error.status in GONE:
        return "gone"
    if isinstance(error, FetchError):
        return "error"
    if isinstance(error, BadInput):
        return "malformed"
    return "error"
