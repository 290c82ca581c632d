"""One family of errors. A ClaimbotError is a problem the user can fix: its message is the reply."""

from __future__ import annotations


class ClaimbotError(Exception):
    """A problem an editor can fix; its message is the reply. Anything else is a bug."""


class BadInput(ClaimbotError, ValueError):
    """The article, file, URL or query cannot be used as it is."""


class NotFound(ClaimbotError, LookupError):
    """Nothing in the store answers the request."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class Forbidden(ClaimbotError, PermissionError):
    """The user may not do this (editors only, owner only)."""


class FetchError(BadInput):
    """A URL could not be fetched safely. STATUS is the HTTP status when the site answered with an error."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class StoreBusy(ClaimbotError):
    """Another writer holds the database (a long ingest on SQLite) past the busy timeout."""

    MESSAGE = "The store is busy, try again in a moment."

    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)


_BUSY_WORDS = ("database is locked", "database table is locked", "database is busy", "lock timeout",
               "could not obtain lock")


def is_busy(error: BaseException) -> bool:
    """ERROR (the driver's, under SQLAlchemy's wrapper) says another writer holds the lock: retry later."""
    if isinstance(error, StoreBusy):
        return True
    from sqlalchemy.exc import OperationalError  # the store's errors stay importable without a database

    return isinstance(error, OperationalError) and any(word in str(error.orig).lower() for word in _BUSY_WORDS)
