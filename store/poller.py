"""Polling feeds: fetch each due feed (conditionally), record its new items, fetch and ingest a bounded few.

The I/O edge of store/feeds.py. Fetching and ingesting are passed in, so the bot and the worker
can ingest through the watchlists (commands/alerts.py) and tests can fetch from 127.0.0.1. A
feed that fails in any way gets its status and error recorded and never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from urllib.parse import urlsplit

from store.errors import ClaimbotError
from store.feed_book import FeedBook, FeedInfo, ItemInfo
from store.feeds import FEED_TYPES, ITEMS_PER_POLL, MAX_FEED_BYTES, parse_feed
from store.fetch import Fetched, fetch
from store.ingest import ArticleInput, article_from_bytes
from store.models import utcnow
from store.records import IngestResult

log = logging.getLogger(__name__)

Fetcher = Callable[..., Fetched]
"""fetch(url, *, headers=..., types=..., max_bytes=...) -> Fetched, as store.fetch.fetch."""
Ingest = Callable[[Sequence[ArticleInput]], list[IngestResult]]

FEED_DEADLINE = 20.0  # seconds for one feed body: a slow feed gives way to the others


@dataclass(slots=True)
class PollReport:
    """What one poll of one feed did, for the log and `claimbot feeds poll`."""

    feed_id: int
    status: str
    new_items: int = 0
    stored: list[int] = field(default_factory=list)  # article ids
    duplicates: int = 0
    failed: int = 0
    error: str | None = None

    def line(self) -> str:
        if self.error:
            return f"feed #{self.feed_id}: {self.status}: {self.error}"
        return (f"feed #{self.feed_id}: {self.status}, {self.new_items} new items, {len(self.stored)} articles "
                f"stored, {self.duplicates} duplicates, {self.failed} failed")


def default_fetcher(*, allow_private: bool = False) -> Fetcher:
    """store.fetch.fetch; ALLOW_PRIVATE only for tests and a worker polling the newsroom's own network."""
    return partial(fetch, allow_private=allow_private)


def poll_due(book: FeedBook, ingest: Ingest, *, fetcher: Fetcher | None = None, now: datetime | None = None,
             items: int = ITEMS_PER_POLL) -> list[PollReport]:
    """Poll every feed that is due; each on its own, so one broken feed never stops the rest."""
    fetcher = fetcher or default_fetcher()
    reports = []
    for feed in book.due(now):
        at = now or utcnow()
        if not book.claim(feed, at):
            continue  # another poller (the bot, a worker) has it
        try:
            reports.append(poll_feed(book, feed, ingest, fetcher=fetcher, now=at, items=items))
        except Exception as error:  # a bug or a database fault in one feed must not stop the others
            log.exception("polling feed #%s failed", feed.id)
            book.record_failure(feed.id, error, at)
            reports.append(PollReport(feed.id, "error", error=str(error)[:200] or type(error).__name__))
    return reports


def poll_feed(book: FeedBook, feed: FeedInfo, ingest: Ingest, *, fetcher: Fetcher, now: datetime,
              items: int = ITEMS_PER_POLL) -> PollReport:
    """Fetch FEED (conditionally), record its new items, then fetch and ingest at most ITEMS pending ones."""
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    new = 0
    try:
        page = fetcher(feed.url, headers=headers, types=FEED_TYPES, max_bytes=MAX_FEED_BYTES, deadline=FEED_DEADLINE)
        if page.status == 304:
            book.record_not_modified(feed.id, now)
            status = "not modified"
        else:
            parsed = parse_feed(page.data, page.url)
            new = book.record_listing(feed.id, parsed, etag=page.etag, last_modified=page.last_modified, now=now)
            status = "ok"
            feed = book.get(feed.id)  # its title now names the items' outlet
    except ClaimbotError as error:
        book.record_failure(feed.id, error, now)
        refreshed = book.get(feed.id)
        log.info("feed #%s (%s): %s", feed.id, feed.url[:200], error)
        return PollReport(feed.id, refreshed.status, error=str(error))
    report = PollReport(feed.id, status, new_items=new)
    # pending items are fetched even after a 304: a poll killed mid-way left them for this one
    _ingest_pending(book, feed, book.pending(feed.id, items), ingest, fetcher, now, report)
    return report


def _ingest_pending(book: FeedBook, feed: FeedInfo, pending: Sequence[ItemInfo], ingest: Ingest,
                    fetcher: Fetcher, now: datetime, report: PollReport) -> None:
    """Fetch each pending item's page, then store them as one batch (one alert per watch), then mark them."""
    ready: list[tuple[ItemInfo, ArticleInput]] = []
    for item in pending:
        try:
            page = fetcher(item.link)
            ready.append((item, _article(feed, item, page)))
        except ClaimbotError as error:
            book.fail_item(item.id, error, now)
            report.failed += 1
            log.info("feed #%s item %s: %s", feed.id, item.link[:200], error)
    if not ready:
        return
    results = ingest([article for _, article in ready])
    for (item, _), result in zip(ready, results, strict=True):
        book.finish_item(item.id, article_id=result.article_id, duplicate=result.duplicate, now=now)
        if result.duplicate:
            report.duplicates += 1
        else:
            report.stored.append(result.article_id)


def _article(feed: FeedInfo, item: ItemInfo, page: Fetched) -> ArticleInput:
    host = (urlsplit(page.url).hostname or "").removeprefix("www.")
    name = page.url if page.content_type in {"text/html", "application/xhtml+xml"} else f"{host}.txt"
    return article_from_bytes(page.data, name, outlet=feed.title or host, title=item.title, url=item.link,
                              published=item.published, story=feed.story)
