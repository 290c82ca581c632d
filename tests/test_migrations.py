"""Upgrades keep the record: every Alembic revision from the first to the newest, with data in place.

Issue 7: "Alembic migrations tested from the first schema to the newest with data in place." Later
revisions are picked up generically from the script directory, so a new migration is tested here
the day it lands.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, inspect, text
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers the tables)
from store import consistency, migrate
from store.db import Store
from store.engine import database_url, make_engine

FIRST = "0001"
ARTICLE = "About 300 ambulances left Aleppo on Thursday, the ICRC said. Some 280 ambulances left, TASS said."
ROWS = {
    "story": "INSERT INTO story (id, name, explicit, terms_json, articles, created_at) "
             "VALUES (1, 'aleppo ambulance', false, '{\"ambulance\": 1.0}', 1, '2016-12-15 09:30:00')",
    "article": "INSERT INTO article (id, content_hash, outlet, title, url, published, file, text, story_id, "
               "ingested_at) VALUES (1, 'h1', 'Reuters', 'Convoy', 'https://example.org/a', "
               "'2016-12-15 09:30:00', 'a.txt', :text, 1, '2016-12-15 10:00:00')",
    "quantity_group": "INSERT INTO quantity_group (id, story_id, key, label, dimension) "
                      "VALUES (1, 1, 'ambulance|leave', 'Ambulances left', NULL)",
    "figure": "INSERT INTO figure (id, article_id, story_id, group_id, idx, start, \"end\", text, value, low, high, "
              "qualifier, counts, counts_key, action, action_key, said_by, sentence, sentence_start, vague) VALUES "
              "(1, 1, 1, 1, 0, 0, 9, 'About 300', 300, 270, 330, 'approx', 'ambulances', 'ambulance', 'left', "
              "'leave', 'the ICRC', :s1, 0, false), "
              "(2, 1, 1, 1, 1, 61, 69, 'Some 280', 280, 250, 310, 'approx', 'ambulances', 'ambulance', 'left', "
              "'leave', 'TASS', :s2, 61, false)",
    "flag": "INSERT INTO flag (id, story_id, group_id, fingerprint, kind, severity, why, status, active, "
            "reviewed_by, reviewed_at, review_note, created_at, updated_at) VALUES (1, 1, 1, 'fp1', 'conflict', "
            "'low', 'The ICRC says about 300, TASS some 280.', 'dismissed', true, 'editor#1', "
            "'2016-12-16 08:00:00', 'same convoy, counted twice', '2016-12-15 10:00:00', '2016-12-15 10:00:00')",
    "flag_figure": "INSERT INTO flag_figure (flag_id, figure_id) VALUES (1, 1), (1, 2)",
}
PARAMS = {"text": ARTICLE, "s1": ARTICLE[:60], "s2": ARTICLE[61:]}
assert (ARTICLE[0:9], ARTICLE[61:69]) == ("About 300", "Some 280")


def _revisions() -> list[str]:
    """Every revision from the first to the head, oldest first."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions("base", "heads")))]


def _fill_first_schema(engine: Engine) -> None:
    migrate.upgrade(engine, FIRST)
    with engine.begin() as connection:
        for statement in ROWS.values():
            connection.execute(text(statement), PARAMS)
        if engine.dialect.name == "postgresql":  # explicit ids leave the sequences behind
            for table in ("story", "article", "quantity_group", "figure", "flag"):
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 10)"))


def _snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    queries = {
        "article": "SELECT id, content_hash, outlet, title, url, file, text, story_id FROM article ORDER BY id",
        "figure": "SELECT id, article_id, group_id, idx, start, \"end\", text, value, qualifier, said_by "
                  "FROM figure ORDER BY id",
        "flag": "SELECT id, kind, status, why, reviewed_by, review_note FROM flag ORDER BY id",
        "flag_figure": "SELECT flag_id, figure_id FROM flag_figure ORDER BY flag_id, figure_id",
        "story": "SELECT id, name FROM story ORDER BY id",
    }
    with engine.connect() as connection:
        return {name: [tuple(row) for row in connection.execute(text(q))] for name, q in queries.items()}


def test_the_revision_chain_starts_at_the_first_schema() -> None:
    revisions = _revisions()
    assert revisions[0] == FIRST and revisions[-1] == migrate.head()


def test_every_upgrade_from_the_first_schema_keeps_the_data(db_url: str) -> None:
    # guards: each migration's data handling; a migration that drops or rewrites rows fails here
    engine = make_engine(db_url)
    _fill_first_schema(engine)
    before = _snapshot(engine)
    for revision in _revisions()[1:]:
        migrate.upgrade(engine, revision)
        assert _snapshot(engine) == before, f"data changed by {revision}"
    assert migrate.current(engine) == migrate.head()
    assert consistency.check(engine) == []
    engine.dispose()


def test_the_app_reads_an_upgraded_store_and_keeps_the_review(db_url: str) -> None:
    # guards: Store.open upgrading an old database in place, and reading what the old schema held
    engine = make_engine(db_url)
    _fill_first_schema(engine)
    engine.dispose()
    opened = Store.open(db_url)
    try:
        info, figures = opened.article(1)
        assert (info.outlet, info.title, [f.figure.text for f in figures]) == ("Reuters", "Convoy",
                                                                              ["About 300", "Some 280"])
        flag = opened.flag(1)
        assert (flag.status, flag.reviewed_by, flag.figure_ids) == ("dismissed", "editor#1", (1, 2))
        assert set(opened.search("ambulances").figure_ids) == {1, 2}
        # a new article after the upgrade must not collide with the old ids
        from store.ingest import ArticleInput

        result = opened.add_article(ArticleInput(text="Up to 40 buses waited at the crossing, officials said.",
                                                 outlet="AP"))
        assert result.article_id != 1
        assert consistency.check(opened) == []
    finally:
        opened.close()


def test_downgrade_and_upgrade_round_trip(db_url: str) -> None:
    # guards: every downgrade() being runnable; a broken one strands a database between versions
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    for revision in reversed(_revisions()[:-1]):
        migrate.downgrade(engine, revision)
        assert migrate.current(engine) == revision
    migrate.downgrade(engine, "base")
    assert migrate.current(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    _ = create_engine(database_url(db_url))  # the URL still resolves after the round trip
    engine.dispose()


def test_data_survives_a_downgrade_to_the_first_schema(db_url: str) -> None:
    # guards: downgrades of later revisions keep the rows the first schema can hold
    engine = make_engine(db_url)
    _fill_first_schema(engine)
    before = _snapshot(engine)
    migrate.upgrade(engine)
    migrate.downgrade(engine, FIRST)
    assert _snapshot(engine) == before
    engine.dispose()


def test_the_newest_migration_matches_the_models(db_url: str) -> None:
    # guards: a change to store/models.py without its migration (the app would write columns that
    # an upgraded database does not have)
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []
