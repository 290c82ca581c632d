"""Fetching an article from a URL, safely: public http(s) only, bounded in time, size and redirects.

The bot fetches URLs that chat users paste, so a URL must never reach the machine itself or the
private network it sits in (file://, 127.0.0.1, 10.x, 169.254.169.254...).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from store.errors import FetchError

log = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
MAX_REDIRECTS = 5
MAX_BYTES = 5 * 1024 * 1024
TEXT_TYPES = ("text/html", "text/plain", "application/xhtml+xml")
USER_AGENT = "claimbot/0.1 (newsroom figure checker)"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    data: bytes
    content_type: str


def check_url(url: str) -> str:
    """URL if it is an http(s) URL of a public host; FetchError otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"}:
        raise FetchError("Only http:// and https:// links can be ingested.")
    host = parts.hostname
    if not host:
        raise FetchError("That link has no host name.")
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"The host {host!r} cannot be found.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise FetchError("Links to private, local or reserved addresses are refused.")
    return url.strip()


def fetch(url: str, *, client: httpx.Client | None = None) -> Fetched:
    """The body of URL, following at most MAX_REDIRECTS redirects, each one checked again."""
    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=False, headers={"User-Agent": USER_AGENT})
    try:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current)
            with client.stream("GET", current) as response:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError("The site sent a redirect without a destination.")
                    current = urljoin(current, location)
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"The site answered {response.status_code}.")
                content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if content_type and not content_type.startswith(TEXT_TYPES):
                    raise FetchError(f"That link is {content_type}, not an article page.")
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > MAX_BYTES:
                        raise FetchError(f"The page is larger than {MAX_BYTES // (1024 * 1024)} MB.")
                return Fetched(url=current, data=bytes(data), content_type=content_type)
        raise FetchError(f"More than {MAX_REDIRECTS} redirects; giving up.")
    except httpx.TimeoutException:
        raise FetchError("The site took too long to answer.") from None
    except httpx.HTTPError as error:
        log.info("fetch of %s failed: %s", url, error)
        raise FetchError("The page could not be fetched.") from None
    finally:
        if own:
            client.close()
