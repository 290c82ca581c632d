"""Why a store cannot be opened, as one line for the person starting claimbot (bot/startup.py)."""

from __future__ import annotations

import sqlalchemy.exc
from sqlalchemy.engine import make_url


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return (text.splitlines() or [type(error).__name__])[0][:200]


def shown_url(url: str | None) -> str:
    """URL without its password, for messages."""
    if not url:
        return "the default SQLite file"
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sqlalchemy.exc.ArgumentError:
        return "DATABASE_URL (not a database URL)"


def database_problem(url: str | None, error: BaseException) -> str | None:
    """One line for a store that cannot be opened; None when ERROR is not about the database."""
    if isinstance(error, sqlalchemy.exc.ArgumentError):
        return f"DATABASE_URL is not a database URL ({_first_line(error)})."
    if isinstance(error, (sqlalchemy.exc.SQLAlchemyError, ModuleNotFoundError)):
        return f"Cannot open the database at {shown_url(url)}: {_first_line(error)}"
    return None
