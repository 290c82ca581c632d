"""Fetching an article from a URL, safely: public http(s) only, bounded in time, size and redirects.

The bot fetches URLs that chat users paste, so a URL must never reach the machine itself or the
private network it sits in (file://, 127.0.0.1, 10.x, 169.254.169.254...).

Each hop is resolved once, every address it resolves to is checked, and the request then goes to
the checked address itself (the Host header and TLS SNI keep the name), so a DNS answer that
changes between the check and the connection (DNS rebinding) cannot send the request elsewhere.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from store.errors import FetchError

log = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
DEADLINE = 30.0  # a server dripping one byte every 9 s never trips the read timeout; this bounds the whole fetch
MAX_REDIRECTS = 5
MAX_BYTES = 5 * 1024 * 1024
MAX_URL_CHARS = 2000
TEXT_TYPES = ("text/html", "text/plain", "application/xhtml+xml")
USER_AGENT = "claimbot/0.1 (newsroom figure checker)"

Resolver = Callable[[str, int], list[str]]
"""(host, port) -> the IP addresses a connection to host would use."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    data: bytes
    content_type: str
    status: int = 200  # 304 (not modified) has no data: a conditional GET found nothing new
    etag: str | None = None
    last_modified: str | None = None


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses getaddrinfo gives for HOST (an IP literal resolves to itself, without DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def is_public(address: str) -> bool:
    """Whether ADDRESS is a global unicast address (IPv4-mapped IPv6 judged as the IPv4 inside)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback, whatever older Pythons say
    return ip.is_global and not ip.is_multicast


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _port(parts: object) -> int:
    try:
        port = parts.port  # type: ignore[attr-defined]
    except ValueError:
        raise FetchError("That link has an invalid port.") from None
    return port or (443 if parts.scheme == "https" else 80)  # type: ignore[attr-defined]


def _resolve(url: str, resolver: Resolver | None, allow_private: bool) -> tuple[str, str]:
    """(the cleaned URL, the checked address to connect to), or a FetchError saying why not."""
    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        raise FetchError(f"That link is longer than {MAX_URL_CHARS} characters.")
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError("Only http:// and https:// links can be ingested.")
    host = parts.hostname
    if not host:
        raise FetchError("That link has no host name.")
    port = _port(parts)
    try:
        # an address literal is judged as written; a resolver (the tests') is only asked about names
        literal = _is_literal(host)
        addresses = [str(ipaddress.ip_address(host))] if literal else (resolver or system_resolver)(host, port)
    except (OSError, UnicodeError, ValueError):
        raise FetchError(f"The host {host[:100]!r} cannot be found.") from None
    if not addresses:
        raise FetchError(f"The host {host[:100]!r} cannot be found.")
    if not allow_private and not all(is_public(a) for a in addresses):
        # every address is checked: a name with one public and one private answer is refused
        raise FetchError("Links to private, local or reserved addresses are refused.")
    return url, addresses[0]


def check_url(url: str, *, resolver: Resolver | None = None, allow_private: bool = False) -> str:
    """URL if it is an http(s) URL of a public host; FetchError otherwise.

    ALLOW_PRIVATE exists for tests that serve pages from 127.0.0.1; production never sets it.
    """
    return _resolve(url, resolver, allow_private)[0]


def _pinned(url: str, address: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """URL rewritten to connect to ADDRESS, with the Host header and SNI that keep the name."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if ":" in address else address
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    shown_host = f"[{host}]" if ":" in host else host
    headers = {"Host": f"{shown_host}:{parts.port}" if parts.port else shown_host}
    extensions = {"sni_hostname": host} if parts.scheme.lower() == "https" else {}
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, "")), headers, extensions


def fetch(url: str, *, client: httpx.Client | None = None, resolver: Resolver | None = None,
          allow_private: bool = False, timeout: httpx.Timeout | float | None = None,
          deadline: float = DEADLINE, headers: dict[str, str] | None = None,
          types: tuple[str, ...] = TEXT_TYPES, max_bytes: int = MAX_BYTES) -> Fetched:
    """The body of URL, following at most MAX_REDIRECTS redirects, each one checked again.

    RESOLVER and ALLOW_PRIVATE let tests serve pages from 127.0.0.1; production passes neither.
    HEADERS are sent on every hop (a feed's If-None-Match / If-Modified-Since); TYPES are the
    content types accepted (feeds are XML, articles HTML or text).
    """
    own = client is None
    if client is None:
        # trust_env=False: an HTTP(S)_PROXY from the environment would connect on our behalf and undo the pinning
        client = httpx.Client(timeout=timeout or TIMEOUT, follow_redirects=False, trust_env=False,
                              headers={"User-Agent": USER_AGENT})
    give_up = time.monotonic() + deadline
    try:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if time.monotonic() > give_up:
                raise httpx.ConnectTimeout("deadline passed")
            current, address = _resolve(current, resolver, allow_private)
            target, pinned, extensions = _pinned(current, address)
            request = client.build_request("GET", target, headers={**(headers or {}), **pinned},
                                           extensions=extensions)
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if response.status_code == 304:  # is_redirect counts it among the 3xx
                    return Fetched(url=current, data=b"", content_type="", status=304)
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError("The site sent a redirect without a destination.")
                    current = urljoin(current, location)
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"The site answered {response.status_code}.", status=response.status_code)
                content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if content_type and not content_type.startswith(types):
                    raise FetchError(f"That link is {content_type[:60]}, not an article page.")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"The page is larger than {_size(max_bytes)}.")
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk  # counted after decompression, so a gzip bomb stops here too
                    if len(data) > max_bytes:
                        raise FetchError(f"The page is larger than {_size(max_bytes)}.")
                    if time.monotonic() > give_up:
                        raise httpx.ReadTimeout("deadline passed")
                return Fetched(url=current, data=bytes(data), content_type=content_type,
                               status=response.status_code, etag=response.headers.get("etag"),
                               last_modified=response.headers.get("last-modified"))
            finally:
                response.close()
        raise FetchError(f"More than {MAX_REDIRECTS} redirects; giving up.")
    except httpx.TimeoutException:
        raise FetchError("The site took too long to answer.") from None
    except httpx.HTTPError as error:
        log.info("fetch of %s failed: %s", url[:200], error)
        raise FetchError("The page could not be fetched.") from None
    finally:
        if own:
            client.close()


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
