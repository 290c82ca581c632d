"""A local HTTP server on 127.0.0.1 serving feeds and article pages that tests change between polls.

Each route is a Page: a status, a body, headers, and optionally an ETag (a request that sends the
same If-None-Match gets 304) or a delay before answering. `hits` counts requests per path.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    location: str | None = None
    delay: float = 0.0


@dataclass
class FeedServer:
    base: str
    routes: dict[str, Page] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    conditional: list[str] = field(default_factory=list)  # paths requested with If-None-Match

    def url(self, path: str) -> str:
        return self.base + path


def article_html(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{escape(title)}</title></head><body><article><h1>{escape(title)}</h1>"
            f"{body}</article></body></html>").encode()


def rss(title: str, items: list[tuple[str, str]], *, start: datetime | None = None) -> bytes:
    """An RSS 2.0 body listing ITEMS as (title, link), one hour apart from START."""
    start = start or datetime(2026, 11, 1, 8, tzinfo=UTC)
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<pubDate>{format_datetime(start + timedelta(hours=i))}</pubDate></item>"
        for i, (t, link) in enumerate(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://example.invalid/</link><description>test</description>{entries}</channel></rss>").encode()


def atom(title: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f'<entry><title>{escape(t)}</title><link href="{escape(link)}"/><id>{escape(link)}</id>'
        f"<updated>2026-11-02T0{i % 10}:00:00Z</updated></entry>" for i, (t, link) in enumerate(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(title)}</title><id>urn:test</id><updated>2026-11-02T00:00:00Z</updated>"
            f"{entries}</feed>").encode()


def serve() -> Iterator[FeedServer]:
    """Start the server in a thread; yields it, then shuts it down."""
    state: FeedServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path
            state.hits[path] = state.hits.get(path, 0) + 1
            page = state.routes.get(path)
            if page is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if page.delay:
                time.sleep(page.delay)
            sent_tag = self.headers.get("If-None-Match")
            if sent_tag:
                state.conditional.append(path)
            if page.etag and sent_tag == page.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            if page.etag:
                self.send_header("ETag", page.etag)
            if page.location:
                self.send_header("Location", page.location)
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client giving up on a huge body
                self.wfile.write(page.body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state = FeedServer(base=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
