"""The console end to end: a feed added and polled from a local server, and a watch that fires."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.console import Console
from store.db import Store

try:
    from tests.feed_server import FeedServer, Page, article_html, rss, serve
except ImportError:  # pytest run from inside tests/
    from feed_server import FeedServer, Page, article_html, rss, serve  # type: ignore[no-redef]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    yield from serve()


async def test_console_feed_poll_and_a_watch_that_fires(tmp_path: Path, server: FeedServer,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Console, "allow_private", True)
    server.routes["/a"] = Page(article_html("Dam alert", [
        "About 300 families were evacuated below the dam on Friday, the mayor said."]))
    server.routes["/b"] = Page(article_html("Dam alert grows", [
        "More than 700 families were evacuated below the dam on Friday, a police spokesman said."]))
    server.routes["/rss"] = Page(rss("Dam Wire", [("Dam alert", server.url("/a"))]),
                                 content_type="application/rss+xml")
    store = Store.open(f"sqlite:///{tmp_path / 'c.db'}")
    console = Console(store)
    answers = [await console.handle("!watch families evacuated"),
               await console.handle(f"!feed add {server.url('/rss')} story:Dam"),
               await console.handle("!poll")]
    server.routes["/rss"] = Page(rss("Dam Wire", [("Dam alert", server.url("/a")),
                                                  ("Dam alert grows", server.url("/b"))]),
                                 content_type="application/rss+xml")
    store.engine.dispose()
    with store.engine.begin() as connection:
        from sqlalchemy import text
        connection.execute(text("UPDATE feed SET next_poll_at = '2000-01-01 00:00:00.000000'"))
    answers += [await console.handle("!poll"), await console.handle("!feed list")]
    transcript = "\n\n".join(a or "" for a in answers)
    print(transcript)
    assert "Watch #1" in answers[0]
    assert "Following feed #1" in answers[1]
    assert "1 articles stored" in answers[2] and "Watch #1 “families evacuated”: 1 new figure" in answers[2]
    assert " opened: " in answers[3] and "about 300 → about 300 to more than 700" in answers[3]
    assert "#1 Dam Wire" in answers[4] and "story “Dam”: ok; 2 items" in answers[4]
    assert server.hits["/a"] == 1
    store.close()
