"""Feeds end to end against a local server on 127.0.0.1: each item ingested exactly once, whatever the feed does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from store.db import Store
from store.feed_book import FeedBook
from store.feeds import link_hash, next_poll, parse_feed
from store.fetch import fetch
from store.poller import poll_due

try:
    from tests.feed_server import FeedServer, Page, article_html, atom, rss, serve
except ImportError:  # pytest run from inside tests/
    from feed_server import FeedServer, Page, article_html, atom, rss, serve  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[1]
LATER = timedelta(hours=7)  # past any schedule or backoff: every feed is due again


def story_page(n: int) -> bytes:
    """An article page of its own: the numbers differ so no two texts are the same."""
    return article_html(f"Valley flood update {n}", [
        f"Rescue crews moved {100 + n} residents out of the flooded valley on day {n}, the county sheriff said.",
        f"The river rose {n + 1} metres overnight and {n * 3 + 2} roads stayed closed, officials added.",
    ])


@pytest.fixture
def server() -> Iterator[FeedServer]:
    yield from serve()


def publish(server: FeedServer, path: str, numbers: list[int], *, kind: str = "rss", etag: str | None = None) -> None:
    items = []
    for n in numbers:
        server.routes[f"/story/{n}"] = Page(story_page(n))
        items.append((f"Valley flood update {n}", server.url(f"/story/{n}")))
    body = rss("Valley Wire", items) if kind == "rss" else atom("Valley Atom", items)
    server.routes[path] = Page(body, content_type=f"application/{kind}+xml", etag=etag)


def poll(store: Store, book: FeedBook, at: datetime, **options: object) -> list:
    fetcher = partial(fetch, allow_private=True, timeout=2.0)
    return poll_due(book, store.add_articles, fetcher=fetcher, now=at, **options)  # type: ignore[arg-type]


def articles_by_url(store: Store) -> dict[str | None, int]:
    counts: dict[str | None, int] = {}
    for article in store.articles():
        counts[article.url] = counts.get(article.url, 0) + 1
    return counts


def test_poller_ingests_each_item_exactly_once_as_the_feed_changes(store: Store, server: FeedServer) -> None:
    book = FeedBook(store.engine)
    publish(server, "/rss", [1, 2], etag='"v1"')
    feed = book.add(server.url("/rss"), story="Valley flood", by="test", allow_private=True)
    now = datetime.now(UTC)
    first = poll(store, book, now)
    assert [(r.status, r.new_items, len(r.stored)) for r in first] == [("ok", 2, 2)]
    publish(server, "/rss", [1, 2, 3], etag='"v2"')  # a new item on top of the old ones
    second = poll(store, book, now + LATER)
    assert [(r.status, r.new_items, len(r.stored)) for r in second] == [("ok", 1, 1)]
    third = poll(store, book, now + 2 * LATER)  # same ETag: 304, nothing fetched
    assert [(r.status, r.new_items, len(r.stored)) for r in third] == [("not modified", 0, 0)]
    assert "/rss" in server.conditional
    assert articles_by_url(store) == {server.url(f"/story/{n}"): 1 for n in (1, 2, 3)}
    assert server.hits["/story/1"] == 1
    stored = store.articles()
    assert {a.outlet for a in stored} == {"Valley Wire"}
    assert {a.story_name for a in stored} == {"Valley flood"}
    assert sorted(a.title for a in stored) == [f"Valley flood update {n}" for n in (1, 2, 3)]
    assert min(a.published for a in stored if a.published) == datetime(2026, 11, 1, 8, tzinfo=UTC)
    assert book.get(feed.id).status == "not modified"


def test_atom_feed_and_a_redirect_are_followed(store: Store, server: FeedServer) -> None:
    book = FeedBook(store.engine)
    publish(server, "/atom", [4, 5], kind="atom")
    server.routes["/moved"] = Page(status=301, location="/atom")
    book.add(server.url("/moved"), allow_private=True)
    reports = poll(store, book, datetime.now(UTC))
    assert [(r.status, len(r.stored)) for r in reports] == [("ok", 2)]
    assert {a.outlet for a in store.articles()} == {"Valley Atom"}


def test_broken_feeds_get_a_status_and_never_stop_the_others(store: Store, server: FeedServer) -> None:
    book = FeedBook(store.engine)
    server.routes["/fails"] = Page(b"oops", status=500)
    server.routes["/garbage"] = Page(b"<rss><channel><item><title>unclosed", content_type="application/xml")
    server.routes["/huge"] = Page(b"<rss>" + b" " * (3 * 1024 * 1024), content_type="application/rss+xml")
    server.routes["/slow"] = Page(rss("Slow", []), delay=5.0, content_type="application/rss+xml")
    publish(server, "/good", [6])
    ids = {path: book.add(server.url(path), allow_private=True).id
           for path in ("/fails", "/gone", "/garbage", "/huge", "/slow", "/good")}
    now = datetime.now(UTC)
    reports = {r.feed_id: r for r in poll(store, book, now)}
    assert len(reports[ids["/good"]].stored) == 1
    feeds = {f.id: f for f in book.feeds()}
    assert {path: feeds[i].status for path, i in ids.items()} == {
        "/fails": "error", "/gone": "gone", "/garbage": "malformed", "/huge": "error", "/slow": "error",
        "/good": "ok"}
    assert feeds[ids["/fails"]].last_error == "The site answered 500."
    assert "larger than 2 MB" in (feeds[ids["/huge"]].last_error or "")
    assert "too long" in (feeds[ids["/slow"]].last_error or "")
    assert feeds[ids["/fails"]].failures == 1
    # a failing feed waits longer before its next try; a working one keeps its schedule
    assert feeds[ids["/fails"]].next_poll_at > feeds[ids["/good"]].next_poll_at


def test_backoff_doubles_with_each_failure_up_to_a_ceiling() -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    waits = [next_poll(now, failures) - now for failures in (0, 1, 2, 3, 30)]
    assert waits == [timedelta(minutes=10), timedelta(minutes=20), timedelta(minutes=40), timedelta(minutes=80),
                     timedelta(hours=6)]


def test_a_failing_feed_recovers_and_its_error_clears(store: Store, server: FeedServer) -> None:
    book = FeedBook(store.engine)
    server.routes["/flaky"] = Page(b"down", status=503)
    feed = book.add(server.url("/flaky"), allow_private=True)
    now = datetime.now(UTC)
    poll(store, book, now)
    assert (book.get(feed.id).status, book.get(feed.id).failures) == ("error", 1)
    assert poll(store, book, now + timedelta(minutes=5)) == []  # backing off: not due yet
    publish(server, "/flaky", [7])
    reports = poll(store, book, now + LATER)
    assert [len(r.stored) for r in reports] == [1]
    assert (book.get(feed.id).status, book.get(feed.id).failures, book.get(feed.id).last_error) == ("ok", 0, None)


def test_same_text_under_two_links_is_stored_once(store: Store, server: FeedServer) -> None:
    book = FeedBook(store.engine)
    publish(server, "/rss", [8])
    server.routes["/mirror/8"] = server.routes["/story/8"]
    server.routes["/rss"] = Page(rss("Valley Wire", [("a", server.url("/story/8")), ("b", server.url("/mirror/8"))]),
                                 content_type="application/rss+xml")
    book.add(server.url("/rss"), allow_private=True)
    reports = poll(store, book, datetime.now(UTC))
    assert [(len(r.stored), r.duplicates) for r in reports] == [(1, 1)]
    assert len(store.articles()) == 1
    assert sorted(i.status for i in book.items()) == ["duplicate", "stored"]


def test_items_per_poll_are_bounded_and_the_rest_follow(store: Store, server: FeedServer) -> None:
    book = FeedBook(store.engine)
    publish(server, "/rss", list(range(10, 15)), etag='"same"')
    book.add(server.url("/rss"), allow_private=True)
    now = datetime.now(UTC)
    counts = [sum(len(r.stored) for r in poll(store, book, now + k * LATER, items=2)) for k in range(4)]
    assert counts == [2, 2, 1, 0]  # later polls are 304s, yet the recorded items still come in
    assert len(store.articles()) == 5


def test_an_item_page_that_keeps_failing_is_given_up_with_its_error(store: Store, server: FeedServer) -> None:
    book = FeedBook(store.engine)
    server.routes["/rss"] = Page(rss("Valley Wire", [("missing", server.url("/nowhere"))]),
                                 content_type="application/rss+xml")
    book.add(server.url("/rss"), allow_private=True)
    now = datetime.now(UTC)
    for k in range(4):
        poll(store, book, now + k * LATER)
    [item] = book.items()
    assert (item.status, item.attempts) == ("failed", 3)
    assert server.hits["/nowhere"] == 3


def test_adding_a_private_or_repeated_feed_is_refused(store: Store) -> None:
    from store.errors import BadInput

    book = FeedBook(store.engine)
    with pytest.raises(BadInput, match="private"):
        book.add("http://127.0.0.1/rss")
    book.add("http://127.0.0.1/rss", allow_private=True)
    with pytest.raises(BadInput, match="followed already as #1"):
        book.add("http://127.0.0.1/rss", allow_private=True)


def test_parse_feed_reads_rss_links_titles_and_dates() -> None:
    parsed = parse_feed(rss("Wire", [("One", "http://example.org/1"), ("Two", "/2")]), "http://example.org/feed")
    assert parsed.title == "Wire"
    assert [(e.link, e.title) for e in parsed.entries] == [("http://example.org/1", "One"),
                                                           ("http://example.org/2", "Two")]
    assert parsed.entries[1].published == datetime(2026, 11, 1, 9, tzinfo=UTC)
    assert link_hash("http://example.org/1#top") == link_hash("http://example.org/1")


def test_sigkill_during_a_poll_loses_and_duplicates_nothing(db_url: str, server: FeedServer) -> None:
    store = Store.open(db_url)
    book = FeedBook(store.engine)
    numbers = list(range(20, 26))
    publish(server, "/rss", numbers, etag='"k"')
    for n in numbers:
        server.routes[f"/story/{n}"].delay = 0.4  # slow pages: the kill lands between two of them
    book.add(server.url("/rss"), allow_private=True)
    command = [sys.executable, "-m", "bot.cli", "--db", db_url, "feeds", "--allow-private", "poll"]
    env = {**os.environ, "DISCORD_TOKEN": ""}
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not book.items() and time.monotonic() < deadline:  # the listing is recorded, the pages not yet
            time.sleep(0.05)
        while server.hits.get(f"/story/{numbers[2]}", 0) == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    assert store.articles() == []  # killed while fetching pages: the batch was not stored
    assert {i.status for i in book.items()} == {"pending"}
    # the restart: the feed answers 304 now, yet the recorded items are fetched and stored once
    with book.writer.begin() as connection:
        from sqlalchemy import text
        connection.execute(text("UPDATE feed SET next_poll_at = :now"), {"now": datetime.now(UTC)})
    reports = poll(store, book, datetime.now(UTC) + timedelta(seconds=1))
    assert [r.status for r in reports] == ["not modified"]
    assert articles_by_url(store) == {server.url(f"/story/{n}"): 1 for n in numbers}
    assert {i.status for i in book.items()} == {"stored"}
    store.close()
