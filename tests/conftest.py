"""Shared fixtures. Store tests run on SQLite and on PostgreSQL (CLAIMBOT_TEST_PG), each in a fresh schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy

from store.db import Store
from store.engine import drop_schema, scratch_schema

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
# what the tests expect of the seeds (tests/data/regenerate.py writes it from the gold beside the clone)
EXPECTED = ROOT / "tests" / "data" / "seeds_expected.yaml"
PG_URL = os.environ.get("CLAIMBOT_TEST_PG")


def _pg_reachable(url: str) -> str | None:
    """None when PostgreSQL answers at URL, else why not."""
    try:
        engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text("select 1"))
        engine.dispose()
    except Exception as error:  # any driver or network failure means "not here"
        return f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    return None


def _backends() -> list[str]:
    return ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_base_url() -> str:
    """The PostgreSQL URL for tests. In CI its absence or failure is an error, never a skip."""
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must set CLAIMBOT_TEST_PG: the PostgreSQL half of the store tests cannot vanish")
        pytest.skip("CLAIMBOT_TEST_PG is not set")
    problem = _pg_reachable(PG_URL)
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at CLAIMBOT_TEST_PG is unreachable in CI: {problem}")
        pytest.skip(f"PostgreSQL unreachable: {problem}")
    return PG_URL


@pytest.fixture(params=_backends())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database per test, on each backend; the test id names the backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'claims.db'}"
        return
    base = request.getfixturevalue("pg_base_url")
    url, schema = scratch_schema(base, "t")
    yield url
    drop_schema(base, schema)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An empty, migrated store on each backend."""
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def seeded_store(store: Store) -> Store:
    """The store with the five seed articles, on each backend."""
    from store.ingest import article_paths, read_file

    for path in article_paths(SEEDS):
        store.add_article(read_file(path))
    return store


@pytest.fixture
def sqlite_seeded(tmp_path: Path) -> Iterator[Store]:
    """The seeded store on SQLite only, for tests about rendering rather than storage."""
    from store.ingest import article_paths, read_file

    opened = Store.open(f"sqlite:///{tmp_path / 'seeded.db'}")
    for path in article_paths(SEEDS):
        opened.add_article(read_file(path))
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed articles exactly as they decode. Shared: never modify."""
    return {path.name: path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt"))}
