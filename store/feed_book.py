"""The feeds and feed items in the database: what to poll, what each poll learnt, which items are left.

An item is recorded (pending) in the same transaction that saves the feed's ETag and Last-Modified,
before its article is fetched. A poller killed after that finds the item pending and fetches it
again; one killed before it polls without validators and lists the item again. Either way nothing
is lost, and the article's content hash makes the second store of a text a duplicate, never a copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store.engine import writer
from store.errors import BadInput, NotFound
from store.feeds import ParsedFeed, failure_status, link_hash, next_poll
from store.fetch import check_url
from store.models import FeedItemRow, FeedRow, utcnow

MAX_ATTEMPTS = 3  # an item whose page fails this often is given up (status failed), with its error
LEASE = timedelta(minutes=5)  # a poll claims its feed for this long, so the bot and a worker never both poll it


@dataclass(frozen=True, slots=True)
class FeedInfo:
    id: int
    url: str
    story: str | None
    title: str | None
    added_by: str
    etag: str | None
    last_modified: str | None
    status: str
    last_error: str | None
    failures: int
    next_poll_at: datetime
    last_polled_at: datetime | None
    items: int = 0


@dataclass(frozen=True, slots=True)
class ItemInfo:
    id: int
    feed_id: int
    link: str
    title: str | None
    published: datetime | None
    status: str
    attempts: int
    article_id: int | None


class FeedBook:
    """Feeds and their items, on the store's engine (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.writer = writer(engine)

    def add(self, url: str, *, story: str | None = None, by: str = "", allow_private: bool = False) -> FeedInfo:
        """A new feed at URL; BadInput when the URL cannot be polled or is followed already."""
        url = check_url(url.strip("<> "), allow_private=allow_private)
        story = " ".join((story or "").split())[:200] or None
        try:
            with Session(self.writer) as session, session.begin():
                row = FeedRow(url=url, story=story, added_by=by[:200], next_poll_at=utcnow())
                session.add(row)
                session.flush()
                return _feed_info(row)
        except IntegrityError:
            existing = self.by_url(url)
            raise BadInput(f"That feed is followed already as #{existing.id if existing else '?'}.") from None

    def by_url(self, url: str) -> FeedInfo | None:
        with Session(self.engine) as session:
            row = session.exec(select(FeedRow).where(FeedRow.url == url)).first()
            return _feed_info(row) if row else None

    def get(self, feed_id: int) -> FeedInfo:
        with Session(self.engine) as session:
            row = session.get(FeedRow, feed_id)
            if row is None:
                raise NotFound(f"There is no feed #{feed_id}; `!feed list` shows them.")
            return _feed_info(row)

    def feeds(self) -> list[FeedInfo]:
        """Every feed, oldest first, with how many items each has listed."""
        from sqlalchemy import func

        with Session(self.engine) as session:
            counts = dict(session.exec(select(FeedItemRow.feed_id, func.count()).group_by(col(FeedItemRow.feed_id))
                                       ).all())
            rows = session.exec(select(FeedRow).order_by(col(FeedRow.id))).all()
            return [_feed_info(row, counts.get(row.id, 0)) for row in rows]

    def remove(self, feed_id: int) -> FeedInfo:
        """Stop following a feed; its articles stay in the store."""
        with Session(self.writer) as session, session.begin():
            row = session.get(FeedRow, feed_id)
            if row is None:
                raise NotFound(f"There is no feed #{feed_id}; `!feed list` shows them.")
            info = _feed_info(row)
            session.exec(delete(FeedItemRow).where(col(FeedItemRow.feed_id) == feed_id))  # type: ignore[call-overload]
            session.delete(row)
        return info

    def due(self, now: datetime | None = None) -> list[FeedInfo]:
        now = now or utcnow()
        with Session(self.engine) as session:
            rows = session.exec(select(FeedRow).where(col(FeedRow.next_poll_at) <= now)
                                .order_by(col(FeedRow.next_poll_at), col(FeedRow.id))).all()
            return [_feed_info(row) for row in rows]

    def claim(self, feed: FeedInfo, now: datetime) -> bool:
        """Whether this poller may poll FEED now: it moves the feed's next poll past a lease, if nobody did."""
        with Session(self.writer) as session, session.begin():
            result = session.exec(  # type: ignore[call-overload]
                update(FeedRow).where(col(FeedRow.id) == feed.id, col(FeedRow.next_poll_at) <= now)
                .values(next_poll_at=now + LEASE))
            return bool(result.rowcount)

    def record_listing(self, feed_id: int, parsed: ParsedFeed, *, etag: str | None, last_modified: str | None,
                       now: datetime) -> int:
        """Record the items PARSED lists that no feed listed before, and the validators; the number new."""
        for attempt in range(3):
            try:
                with Session(self.writer) as session, session.begin():
                    keys = {link_hash(e.link): e for e in parsed.entries}
                    known = set(session.exec(select(FeedItemRow.link_hash).where(
                        col(FeedItemRow.link_hash).in_(list(keys)))).all()) if keys else set()
                    fresh = [(key, entry) for key, entry in keys.items() if key not in known]
                    for key, entry in fresh:
                        session.add(FeedItemRow(feed_id=feed_id, link_hash=key, link=entry.link, title=entry.title,
                                                published=entry.published, seen_at=now))
                    row = session.get(FeedRow, feed_id)
                    if row is not None:
                        row.etag = etag[:500] if etag else None
                        row.last_modified = last_modified[:200] if last_modified else None
                        row.title = parsed.title or row.title
                        _succeeded(row, now)
                        session.add(row)
                return len(fresh)
            except IntegrityError:
                if attempt == 2:  # another poller keeps recording the same links: a fault, not a race
                    raise
        return 0

    def record_not_modified(self, feed_id: int, now: datetime) -> None:
        with Session(self.writer) as session, session.begin():
            row = session.get(FeedRow, feed_id)
            if row is not None:
                _succeeded(row, now, status="not modified")
                session.add(row)

    def record_failure(self, feed_id: int, error: Exception, now: datetime) -> None:
        """The feed failed: its status and error for `!feed list`, and a longer wait before the next try."""
        with Session(self.writer) as session, session.begin():
            row = session.get(FeedRow, feed_id)
            if row is None:
                return
            row.failures += 1
            row.status = failure_status(error)
            row.last_error = str(error)[:500] or type(error).__name__
            row.last_polled_at = now
            row.next_poll_at = next_poll(now, row.failures)
            session.add(row)

    def pending(self, feed_id: int, limit: int) -> list[ItemInfo]:
        """The feed's items still to fetch, oldest seen first."""
        with Session(self.engine) as session:
            rows = session.exec(select(FeedItemRow).where(FeedItemRow.feed_id == feed_id,
                                                          FeedItemRow.status == "pending")
                                .order_by(col(FeedItemRow.id)).limit(limit)).all()
            return [_item_info(row) for row in rows]

    def items(self, feed_id: int | None = None) -> list[ItemInfo]:
        with Session(self.engine) as session:
            query = select(FeedItemRow).order_by(col(FeedItemRow.id))
            if feed_id is not None:
                query = query.where(FeedItemRow.feed_id == feed_id)
            return [_item_info(row) for row in session.exec(query).all()]

    def finish_item(self, item_id: int, *, article_id: int, duplicate: bool, now: datetime) -> None:
        with Session(self.writer) as session, session.begin():
            row = session.get(FeedItemRow, item_id)
            if row is not None:
                row.status, row.article_id, row.done_at, row.error = ("duplicate" if duplicate else "stored",
                                                                      article_id, now, None)
                session.add(row)

    def fail_item(self, item_id: int, error: Exception, now: datetime) -> None:
        """One failed fetch of the item's page; the item is given up after MAX_ATTEMPTS."""
        with Session(self.writer) as session, session.begin():
            row = session.get(FeedItemRow, item_id)
            if row is not None:
                row.attempts += 1
                row.error = str(error)[:500] or type(error).__name__
                if row.attempts >= MAX_ATTEMPTS:
                    row.status, row.done_at = "failed", now
                session.add(row)


def _succeeded(row: FeedRow, now: datetime, *, status: str = "ok") -> None:
    row.status, row.last_error, row.failures = status, None, 0
    row.last_polled_at = now
    row.next_poll_at = next_poll(now, 0)


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _feed_info(row: FeedRow, items: int = 0) -> FeedInfo:
    return FeedInfo(id=row.id or 0, url=row.url, story=row.story, title=row.title, added_by=row.added_by,
                    etag=row.etag, last_modified=row.last_modified, status=row.status, last_error=row.last_error,
                    failures=row.failures, next_poll_at=row.next_poll_at,
                    last_polled_at=_aware(row.last_polled_at), items=items)


def _item_info(row: FeedItemRow) -> ItemInfo:
    return ItemInfo(id=row.id or 0, feed_id=row.feed_id, link=row.link, title=row.title,
                    published=_aware(row.published), status=row.status, attempts=row.attempts,
                    article_id=row.article_id)
