"""Fetching URLs: what is refused before any connection, and how hostile servers are survived.

Issue 7: "URLs that time out, redirect in loops, return huge or non-text bodies, or point at file://
or private and loopback addresses (refused)". Nothing here leaves this machine: a real server runs on
127.0.0.1 (reached only with allow_private=True, which production never passes), and the rest runs
through httpx.MockTransport, which records what would have been sent.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from functools import partial
from typing import ClassVar

import httpx
import pytest

from store import fetch as fetch_module
from store.errors import FetchError
from store.fetch import MAX_BYTES, MAX_REDIRECTS, check_url, fetch, is_public

ARTICLE = (b"<html><head><title>Convoy leaves</title></head><body><article><h1>Convoy leaves</h1>"
           b"<p>Twenty buses and 13 ambulances crossed the frontline on Thursday, the ICRC said in a "
           b"statement to reporters in the city.</p><p>About 1,000 civilians were evacuated, including "
           b"300 children, according to officials.</p></article></body></html>")


class Handler(http.server.BaseHTTPRequestHandler):
    """The hostile web: each path is one way a site can misbehave."""

    hits: ClassVar[list[str]] = []

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        Handler.hits.append(self.path)
        path = self.path
        try:
            if path == "/good":
                self._send(200, ARTICLE, "text/html; charset=utf-8")
            elif path == "/slow":
                time.sleep(3)  # longer than the test's read timeout
                self._send(200, ARTICLE)
            elif path == "/drip":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(100):  # one byte at a time, each well inside the read timeout
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            elif path == "/loop":
                self._send(302, location="/loop")
            elif path.startswith("/chain/"):
                left = int(path.rsplit("/", 1)[1])
                if left:
                    self._send(302, location=f"/chain/{left - 1}")
                else:
                    self._send(200, ARTICLE)
            elif path == "/no-location":
                self._send(302)
            elif path == "/huge-declared":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(20 * 1024 * 1024))
                self.end_headers()
                self.wfile.write(b"x" * 1024)
            elif path == "/huge-undeclared":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()  # no length: read until the server closes, 20 MB later
                chunk = b"12 dead. " * 7282
                for _ in range(20 * 1024 * 1024 // len(chunk) + 1):
                    self.wfile.write(chunk)
            elif path == "/png":
                self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
            elif path == "/missing":
                self._send(404, b"gone")
            elif path == "/to-file":
                self._send(302, location="file:///etc/passwd")
            else:
                self._send(500, b"?")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A misbehaving web site on 127.0.0.1; its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# tests reach the local server only through this door; production code never opens it
local = partial(fetch, allow_private=True, timeout=httpx.Timeout(2.0, connect=2.0))


def test_a_good_page_is_fetched_with_its_content_type(server: str) -> None:
    page = local(f"{server}/good")
    assert (page.url, page.data, page.content_type) == (f"{server}/good", ARTICLE, "text/html")


def test_a_server_that_never_answers_times_out(server: str) -> None:
    # guards: the read timeout (TIMEOUT); without it the fetch hangs for the server's 3 s and succeeds
    with pytest.raises(FetchError, match="too long"):
        fetch(f"{server}/slow", allow_private=True, timeout=httpx.Timeout(0.3))


def test_a_server_that_drips_bytes_hits_the_overall_deadline(server: str) -> None:
    # guards: DEADLINE; each byte arrives inside the read timeout, so only the deadline stops it
    with pytest.raises(FetchError, match="too long"):
        fetch(f"{server}/drip", allow_private=True, timeout=httpx.Timeout(2.0), deadline=0.2)


def test_a_redirect_loop_gives_up_after_five_redirects(server: str) -> None:
    # guards: MAX_REDIRECTS; without the cap the loop never ends
    Handler.hits.clear()
    with pytest.raises(FetchError, match=f"More than {MAX_REDIRECTS} redirects"):
        local(f"{server}/loop")
    assert Handler.hits == ["/loop"] * (MAX_REDIRECTS + 1)


def test_five_redirects_are_followed(server: str) -> None:
    assert local(f"{server}/chain/{MAX_REDIRECTS}").url == f"{server}/chain/0"


def test_a_redirect_without_destination_is_refused(server: str) -> None:
    with pytest.raises(FetchError, match="without a destination"):
        local(f"{server}/no-location")


@pytest.mark.parametrize("path", ["/huge-declared", "/huge-undeclared"])
def test_a_20mb_body_is_refused(server: str, path: str) -> None:
    # guards: MAX_BYTES, both the declared Content-Length and the running count of what arrives
    with pytest.raises(FetchError, match="larger than 5 MB"):
        local(f"{server}{path}")


def test_an_image_is_refused_as_not_an_article(server: str) -> None:
    # guards: TEXT_TYPES
    with pytest.raises(FetchError, match="image/png, not an article page"):
        local(f"{server}/png")


def test_an_error_status_is_reported(server: str) -> None:
    with pytest.raises(FetchError, match="answered 404"):
        local(f"{server}/missing")


def test_a_redirect_to_a_file_url_is_refused(server: str) -> None:
    # guards: each redirect hop is checked again, scheme included
    with pytest.raises(FetchError, match="Only http"):
        local(f"{server}/to-file")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "0.0.0.0", "2130706433", "[::ffff:127.0.0.1]",
                                  "127.1"])
def test_loopback_is_refused_without_reaching_the_server(server: str, host: str) -> None:
    # guards: the private-address check in production (allow_private defaults to False); the server
    # is really listening on 127.0.0.1, so any connection would show in its hits
    port = server.rsplit(":", 1)[1]
    Handler.hits.clear()
    with pytest.raises(FetchError):
        fetch(f"http://{host}:{port}/good")
    assert Handler.hits == []


def _refusing_client(sent: list[httpx.Request]) -> httpx.Client:
    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, text="should never be reached")

    return httpx.Client(transport=httpx.MockTransport(record))


REFUSED = [
    ("file:///etc/passwd", "Only http"),
    ("ftp://example.org/article.txt", "Only http"),
    ("gopher://example.org/", "Only http"),
    ("javascript:alert(1)", "Only http"),
    ("http:///nohost", "no host"),
    ("http://127.0.0.1/", "private"),
    ("http://10.0.0.1/", "private"),
    ("http://192.168.1.1/admin", "private"),
    ("http://172.16.0.5/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "private"),
    ("http://[::1]/", "private"),
    ("http://[fd00::1]/", "private"),
    ("http://[fe80::1]/", "private"),
    ("http://[::ffff:10.0.0.1]/", "private"),
    ("http://0.0.0.0/", "private"),
    ("http://100.64.0.1/", "private"),
    ("http://224.0.0.1/", "private"),
    ("http://example.org:99999/", "invalid port"),
    ("http://" + "a" * 3000 + ".org/", "longer than"),
]


@pytest.mark.parametrize(("url", "message"), REFUSED, ids=[u[:40] for u, _ in REFUSED])
def test_unsafe_urls_are_refused_before_any_connection(url: str, message: str) -> None:
    # guards: the scheme and address checks in check_url, applied before the first request
    sent: list[httpx.Request] = []
    with _refusing_client(sent) as client, pytest.raises(FetchError, match=message):
        fetch(url, client=client)
    assert sent == []


def test_a_name_with_one_private_address_among_public_ones_is_refused() -> None:
    # guards: every resolved address is checked, not only the first
    with pytest.raises(FetchError, match="private"):
        check_url("http://news.example/", resolver=lambda host, port: ["93.184.216.34", "10.0.0.7"])


def test_a_name_that_cannot_be_resolved_is_reported() -> None:
    def nowhere(host: str, port: int) -> list[str]:
        raise OSError("no such host")

    with pytest.raises(FetchError, match="cannot be found"):
        check_url("http://no-such-host.example/", resolver=nowhere)


def test_the_request_goes_to_the_address_that_was_checked() -> None:
    # guards: DNS pinning. A rebinding resolver answers public first, loopback afterwards; the
    # request must carry the checked address and keep the name in the Host header.
    answers = iter([["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"]])
    sent: list[httpx.Request] = []

    def respond(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, content=ARTICLE, headers={"content-type": "text/html"})

    with httpx.Client(transport=httpx.MockTransport(respond)) as client:
        page = fetch("http://news.example/story?id=1", client=client, resolver=lambda h, p: next(answers))
    assert [(r.url.host, r.url.path, r.url.query, r.headers["host"]) for r in sent] == [
        ("93.184.216.34", "/story", b"id=1", "news.example")]
    assert page.url == "http://news.example/story?id=1"


def test_https_keeps_the_name_for_tls() -> None:
    # guards: SNI and certificate checks use the host name, not the pinned address
    sent: list[httpx.Request] = []

    def respond(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, content=ARTICLE, headers={"content-type": "text/html"})

    with httpx.Client(transport=httpx.MockTransport(respond)) as client:
        fetch("https://news.example:8443/a", client=client, resolver=lambda h, p: ["93.184.216.34"])
    assert [(r.url.host, r.url.port, r.headers["host"], r.extensions.get("sni_hostname")) for r in sent] == [
        ("93.184.216.34", 8443, "news.example:8443", "news.example")]


def test_a_redirect_to_a_private_address_is_refused_at_the_hop() -> None:
    # guards: the address check on every redirect hop; only the first request may be sent
    sent: list[httpx.Request] = []
    addresses = {"news.example": ["93.184.216.34"], "internal.example": ["10.1.2.3"]}

    def respond(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(302, headers={"location": "http://internal.example/secrets"})

    with httpx.Client(transport=httpx.MockTransport(respond)) as client, pytest.raises(FetchError, match="private"):
        fetch("http://news.example/a", client=client, resolver=lambda h, p: addresses[h])
    assert [r.headers["host"] for r in sent] == ["news.example"]


def test_a_client_that_follows_redirects_itself_is_not_trusted_to() -> None:
    # guards: follow_redirects=False on every request, even with a caller's client
    sent: list[httpx.Request] = []

    def respond(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(302, headers={"location": "http://10.0.0.1/"})

    transport = httpx.MockTransport(respond)
    with httpx.Client(transport=transport, follow_redirects=True) as client, pytest.raises(FetchError):
        fetch("http://news.example/", client=client, resolver=lambda h, p: ["93.184.216.34"])
    assert len(sent) == 1


def test_proxies_from_the_environment_are_ignored(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # guards: trust_env=False; a proxy would make the connection for us and undo the pinning
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there: using it fails
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    created: list[httpx.Client] = []
    real = httpx.Client

    def spy(*args: object, **kwargs: object) -> httpx.Client:
        client = real(*args, **kwargs)  # type: ignore[arg-type]
        created.append(client)
        return client

    monkeypatch.setattr(fetch_module.httpx, "Client", spy)
    assert local(f"{server}/good").data == ARTICLE
    assert [c.trust_env for c in created] == [False]


@pytest.mark.parametrize(("address", "public"), [
    ("93.184.216.34", True), ("2606:4700::1111", True), ("127.0.0.1", False), ("::1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:93.184.216.34", True), ("fe80::1%eth0", False), ("not-an-ip", False),
])
def test_is_public(address: str, public: bool) -> None:
    assert is_public(address) is public


def test_maxbytes_matches_ingest() -> None:
    from store import ingest

    assert MAX_BYTES == ingest.MAX_BYTES
