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
