"""`before:`, `after:` and `story:` in a query: "what did we know when this went to print"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from store.errors import BadInput

_OPTION = re.compile(r"(?<!\S)(before|after|story):(\"[^\"]*\"|\S+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Options:
    """A query without its options, and the window they ask for (before is exclusive, after inclusive)."""

    query: str
    before: datetime | None = None
    after: datetime | None = None
    story: str | None = None

    @property
    def as_of(self) -> bool:
        return self.before is not None or self.after is not None or self.story is not None

    def describe(self) -> str:
        """"before 14 Dec 2016, story aleppo" for the answer's title."""
        parts = []
        if self.after is not None:
            parts.append(f"from {self.after:%d %b %Y}")
        if self.before is not None:
            parts.append(f"before {self.before:%d %b %Y}")
        if self.story is not None:
            parts.append(f"story “{self.story}”")
        return ", ".join(parts)


def parse_date(text: str, *, name: str) -> datetime:
    """2016-12-14 (midnight UTC) or 2016-12-14T18:00 (UTC unless it names a zone)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadInput(f"`{name}:{text}` is not a date; write it as `{name}:2016-12-14`.") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_options(text: str) -> Options:
    """QUERY with its `before:DATE`, `after:DATE` and `story:NAME` taken out.

    >>> parse_options("evacuees before:2016-12-14").before.isoformat()
    '2016-12-14T00:00:00+00:00'
    >>> parse_options('killed story:"east aleppo"').story
    'east aleppo'
    """
    found: dict[str, str] = {}
    for match in _OPTION.finditer(text):
        name = match.group(1).lower()
        if name in found:
            raise BadInput(f"`{name}:` is given twice.")
        found[name] = match.group(2).strip('"')
    query = " ".join(_OPTION.sub(" ", text).split())
    before = parse_date(found["before"], name="before") if "before" in found else None
    after = parse_date(found["after"], name="after") if "after" in found else None
    if before is not None and after is not None and after >= before:
        raise BadInput("`after:` must come before `before:`.")
    story = found.get("story") or None
    return Options(query=query, before=before, after=after, story=story)


def in_window(published: datetime | None, options: Options) -> bool:
    """Whether a report published then was known in the window; an undated one is not, once a date is asked."""
    if options.before is None and options.after is None:
        return True
    if published is None:
        return False
    moment = published.replace(tzinfo=UTC) if published.tzinfo is None else published
    if options.before is not None and moment >= options.before:
        return False
    return options.after is None or moment >= options.after
