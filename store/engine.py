"""Engines for SQLite (default, WAL) and PostgreSQL (psycopg 3), from a URL."""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from store.errors import BadInput

DEFAULT_URL = "sqlite:///claims.db"
SQLITE_BUSY_MS = 30_000  # concurrent ingests wait for the writer instead of failing at once


def database_url(url: str | None = None) -> str:
    """The URL to use: the one given, else DATABASE_URL, else claims.db in the working directory."""
    chosen = url or os.environ.get("DATABASE_URL") or DEFAULT_URL
    try:
        parsed = make_url(chosen)
    except Exception:  # sqlalchemy raises ArgumentError and friends for a malformed URL
        raise BadInput(f"The database URL {redact(chosen)!r} is not a valid URL.") from None
    if parsed.drivername in {"postgres", "postgresql"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise BadInput(f"Unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://.")
    return parsed.render_as_string(hide_password=False)


def redact(url: str) -> str:
    """URL with any password hidden, for logs and error messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable URL>"


def make_engine(url: str | None = None) -> Engine:
    """An engine for URL with the settings each backend needs for concurrent use."""
    resolved = database_url(url)
    if resolved.startswith("sqlite"):
        memory = resolved in {"sqlite://", "sqlite:///:memory:"}
        engine = create_engine(
            resolved,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000},
            poolclass=None if memory else NullPool,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(resolved, pool_size=5, max_overflow=10, pool_pre_ping=True, pool_recycle=1800)


def scratch_schema(base: str, prefix: str) -> tuple[str, str]:
    """A URL on the PostgreSQL database BASE whose connections use a new, empty schema; and its name.

    For tests and benchmarks: each gets tables of its own in a shared database; `drop_schema`
    removes them. Raises what the driver raises when PostgreSQL does not answer.
    """
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    _run_once(base, f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options={quote(f'-csearch_path={schema}')}", schema


def drop_schema(base: str, schema: str) -> None:
    _run_once(base, f'DROP SCHEMA "{schema}" CASCADE')


def _run_once(base: str, statement: str) -> None:
    engine = create_engine(database_url(base), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


WRITE = {"claimbot_write": True}  # execution options of a transaction that will write


def writer(engine: Engine) -> Engine:
    """ENGINE for transactions that read and then write (an ingest reads the story it updates).

    On SQLite such a transaction must take the write lock at BEGIN (BEGIN IMMEDIATE): a deferred
    BEGIN lets two ingests read the same story and the later commit silently undo the earlier
    update. PostgreSQL gets the same guarantee from SELECT ... FOR UPDATE.
    """
    return engine.execution_options(**WRITE)


def _sqlite_begin(connection: Connection) -> None:
    # pysqlite's own BEGIN handling is switched off in _sqlite_pragmas so that this one decides
    immediate = connection.get_execution_options().get("claimbot_write")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_pragmas(connection: object, _record: object) -> None:
    connection.isolation_level = None  # type: ignore[attr-defined]
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL keeps commits durable across a process crash
    cursor.close()
