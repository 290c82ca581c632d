"""Reading articles from files, folders and HTML into ArticleInput, ready for Store.add_article.

This is the file-system edge of the store. A plain-text article is kept exactly as its file decodes
(UTF-8), so offsets into the stored text are offsets into the file; HTML is reduced to its article
text by trafilatura and the original is kept beside it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from store import prose
from store.errors import BadInput

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024  # a long feature is ~100 KB; anything past this is not an article
# the column widths of store/models.py ArticleRow: PostgreSQL refuses a longer value, SQLite would not
MAX_OUTLET, MAX_TITLE, MAX_URL, MAX_FILE = 200, 500, 2000, 1000
ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}
_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article about to be stored: its text and what is known about where it came from."""

    text: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    file: str | None = None
    original: str | None = None
    story: str | None = None
    # what makes a later text "a new version of this article": see `source_key`
    source_key: str | None = None


def source_key(article: ArticleInput) -> str | None:
    """The identity an edited article keeps: its URL, else the key its file gave; None for pasted text."""
    if article.url:
        return hashlib.sha256(f"url\0{article.url.strip()}".encode()).hexdigest()
    return article.source_key


def parse_published(value: object) -> datetime | None:
    """A sidecar's "published" as an aware datetime (UTC when no zone is given); None when missing."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        log.warning("unreadable published date %r ignored", value)
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def decode(data: bytes, name: str) -> str:
    """DATA as UTF-8 text, or a BadInput that says why it is not an article."""
    if not data.strip():
        raise BadInput(f"{name} is empty.")
    if len(data) > MAX_BYTES:
        raise BadInput(f"{name} is {len(data) // 1024:,} KB; articles over {MAX_BYTES // 1024:,} KB are refused.")
    if b"\x00" in data:  # anywhere, not only up front: PostgreSQL cannot store a NUL in text
        raise BadInput(f"{name} looks like a binary file, not an article.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"{name} is not UTF-8 text (byte {error.start} cannot be read).") from None
    if not any(ch.isprintable() and not ch.isspace() for ch in text):  # zero-width characters are no text
        raise BadInput(f"{name} has no text.")
    return text


def html_to_text(html: str, name: str) -> tuple[str, str | None]:
    """The article text and title of an HTML page, through trafilatura."""
    import trafilatura  # slow to import; only HTML needs it

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise BadInput(f"{name}: no article text could be found in the HTML.")
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata is not None else None
    return text, title


def looks_like_html(data: bytes, name: str) -> bool:
    return Path(name).suffix.lower() in {".html", ".htm"} or bool(_HTML_SNIFF.match(data[:512]))


def article_from_bytes(data: bytes, name: str, **known: object) -> ArticleInput:
    """An ArticleInput from raw bytes (a file, an attachment, a fetched page)."""
    text = decode(data, name)
    original = None
    title = known.pop("title", None)
    if looks_like_html(data, name):
        original = text
        text, html_title = html_to_text(text, name)
        title = title or html_title
    reason = prose.refusal(text)  # the text that would be stored, so HTML is judged by its article
    if reason is not None:
        raise BadInput(f"{name} is not an article: {reason}")
    if title is None:
        first_line = text.strip().splitlines()[0].strip()
        title = first_line[:300] if first_line else None
    # no outlet named: None, never the file name ("017_9a8b7c6d", Discord's "message"); see store.labels
    outlet = " ".join(str(known.pop("outlet", None) or "").split())[:MAX_OUTLET] or None
    url = known.get("url")
    if url is not None and (not isinstance(url, str) or len(url) > MAX_URL):
        raise BadInput(f"{name}: the url must be text of at most {MAX_URL:,} characters.")
    story = known.get("story")
    if story is not None and not isinstance(story, str):
        raise BadInput(f"{name}: the story must be text, not {type(story).__name__}.")
    if isinstance(known.get("file"), str):
        known["file"] = str(known["file"])[-MAX_FILE:]  # the end of a long path says the most
    title = " ".join(str(title).split())[:MAX_TITLE] if title else None
    article = ArticleInput(text=text, outlet=outlet, title=title or None, original=original)
    return replace(article, **{k: v for k, v in known.items() if v is not None})  # type: ignore[arg-type]


def file_key(path: Path, meta: dict[str, object]) -> str:
    """The same file path with the same sidecar is the same article, whatever its text now says."""
    described = json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"file\0{path.resolve()}\0{described}".encode()).hexdigest()


def read_sidecar(path: Path) -> dict[str, object]:
    """What NAME.meta.json beside PATH says about the article; empty when there is none."""
    sidecar = path.with_name(path.stem + ".meta.json")
    if not sidecar.is_file():
        return {}
    try:
        meta = json.loads(sidecar.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise BadInput(f"{sidecar.name} is not valid JSON: {error}") from None
    if not isinstance(meta, dict):
        raise BadInput(f"{sidecar.name} must hold a JSON object.")
    return meta


def _read_bounded(path: Path) -> bytes:
    """The bytes of PATH, never more than MAX_BYTES + 1 read: a 20 GB file or /dev/zero is refused, not loaded."""
    try:
        if not path.is_file():
            raise BadInput(f"{path} is not a regular file.")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise BadInput(f"{path} cannot be read: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise BadInput(f"{path.name} is over {MAX_BYTES // 1024:,} KB; articles over {MAX_BYTES // 1024:,} KB "
                       "are refused.")
    return data


def read_file(path: Path, *, outlet: str | None = None, story: str | None = None) -> ArticleInput:
    """One article file with its sidecar; options given here win over the sidecar."""
    data = _read_bounded(path)
    meta = read_sidecar(path)
    return article_from_bytes(
        data,
        path.name,
        outlet=outlet or meta.get("outlet"),
        title=meta.get("title"),
        url=meta.get("url"),
        published=parse_published(meta.get("published")),
        file=str(path),
        story=story or meta.get("story"),
        source_key=file_key(path, meta),
    )


def article_paths(path: Path) -> list[Path]:
    """PATH itself, or the article files under a folder, subfolders included, in path order.

    A newsroom keeps one folder per story; sidecars (NAME.meta.json) and hidden files are not
    articles. A folder with no article in it is a BadInput, not a silent success.
    """
    if path.is_dir():
        found = sorted(
            child for child in path.rglob("*")
            if child.suffix.lower() in ARTICLE_SUFFIXES and child.is_file()
            and not any(part.startswith(".") for part in child.relative_to(path).parts)
        )
        if not found:
            suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
            raise BadInput(f"{path} holds no article ({suffixes} files), in it or in its folders.")
        return found
    if path.exists():
        return [path]
    raise BadInput(f"{path} does not exist.")
