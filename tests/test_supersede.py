"""Edited articles supersede their earlier version; editors remove articles (issue 11 §2). Both backends."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.console import Console
from commands import claim as claim_command
from commands import ingest as ingest_command
from commands import remove as remove_command
from commands.actor import Actor
from store import consistency
from store.db import Store
from store.errors import BadInput, Forbidden
from store.ingest import ArticleInput, read_file

FIRST = ("Three people died when the footbridge over the canal collapsed on Friday, the fire brigade said. "
         "Divers searched the water until dark while police closed both banks.")
EDITED = FIRST.replace("Three people", "Nine people")
OTHER = ("Rescuers said four people died when the footbridge over the canal collapsed on Friday. "
         "Divers searched the water until dark while police closed both banks.")
EDITOR = Actor(name="Dana", is_editor=True, id=1234567890123456789)


def _died(store: Store) -> list[float]:
    answer = claim_command.find(store, "died")
    return sorted(f.figure.value for f in answer.figures)


def test_a_new_version_of_the_same_url_supersedes_the_old_one(store: Store) -> None:
    url = "https://news.example/footbridge"
    first = store.add_article(ArticleInput(text=FIRST, outlet="Canal Post", url=url, story="Footbridge"))
    store.add_article(ArticleInput(text=OTHER, outlet="Wire", story="Footbridge"))
    assert _died(store) == [3.0, 4.0]
    assert any(f.kind == "conflict" for f in store.flags())
    edited = store.add_article(ArticleInput(text=EDITED, outlet="Canal Post", url=url, story="Footbridge"))
    assert not edited.duplicate and edited.supersedes == first.article_id
    assert _died(store) == [4.0, 9.0]
    assert {f.figure_ids for f in store.flags()} and all(
        not set(f.figure_ids) & {x.id for x in store.article(first.article_id)[1]} for f in store.flags())
    old, _ = store.article(first.article_id)
    assert old.superseded_by == edited.article_id
    assert store.article_text(first.article_id) == FIRST  # the old text stays in history
    assert [a.id for a in store.articles()] == [edited.article_id, first.article_id + 1]
    assert consistency.check(store) == []


def test_the_same_file_and_sidecar_supersede_a_different_sidecar_does_not(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "footbridge.txt"
    path.write_text(FIRST, "utf-8")
    path.with_name("footbridge.meta.json").write_text(json.dumps({"outlet": "Canal Post"}), "utf-8")
    first = store.add_article(read_file(path))
    path.write_text(EDITED, "utf-8")
    edited = store.add_article(read_file(path))
    assert edited.supersedes == first.article_id
    assert _died(store) == [9.0]
    path.with_name("footbridge.meta.json").write_text(json.dumps({"outlet": "Other Post"}), "utf-8")
    path.write_text(OTHER, "utf-8")
    assert store.add_article(read_file(path)).supersedes is None
    assert _died(store) == [4.0, 9.0]


def test_pasted_text_without_url_or_file_never_supersedes(store: Store) -> None:
    store.add_article(ArticleInput(text=FIRST, story="Footbridge"))
    assert store.add_article(ArticleInput(text=EDITED, story="Footbridge")).supersedes is None
    assert _died(store) == [3.0, 9.0]


def test_an_editor_removes_an_article_with_who_and_why(store: Store) -> None:
    first = store.add_article(ArticleInput(text=FIRST, outlet="Canal Post", story="Footbridge"))
    store.add_article(ArticleInput(text=OTHER, outlet="Wire", story="Footbridge"))
    assert store.flags()
    reply = asyncio.run(remove_command.remove(store, EDITOR, f"#{first.article_id}", "wrong story"))
    assert "Removed article" in reply.title
    assert _died(store) == [4.0]
    assert store.flags() == []  # one source left: nothing disagrees
    info, _ = store.article(first.article_id)
    assert (info.removed_by, info.removed_reason) == ("Dana", "wrong story")
    assert first.article_id not in {a.id for a in store.articles()}
    assert consistency.check(store) == []
    with pytest.raises(BadInput, match="already removed"):
        store.remove_article(first.article_id, by="Dana", reason="again")


def test_removing_needs_an_editor_and_a_reason(store: Store) -> None:
    first = store.add_article(ArticleInput(text=FIRST, story="Footbridge"))
    with pytest.raises(Forbidden):
        asyncio.run(remove_command.remove(store, Actor(name="reader"), first.article_id, "no"))
    with pytest.raises(BadInput, match="Say why"):
        asyncio.run(remove_command.remove(store, EDITOR, first.article_id, " "))
    with pytest.raises(BadInput, match="not an article number"):
        asyncio.run(remove_command.remove(store, EDITOR, "abc", "typo"))
    assert _died(store) == [3.0]


def test_ingest_options_name_outlet_date_and_story(store: Store) -> None:
    url, options = ingest_command.split_options("https://news.example/a outlet: “Canal Post” date: 2026-03-04 "
                                                "story: Footbridge collapse")
    assert url == "https://news.example/a"
    assert (options.outlet, options.story) == ("Canal Post", "Footbridge collapse")
    assert options.published is not None and options.published.isoformat() == "2026-03-04T00:00:00+00:00"
    reply = asyncio.run(ingest_command.ingest(store, EDITOR, attachment=("message.txt", FIRST.encode()),
                                              options=options))
    assert "Canal Post" in reply.title and "Footbridge collapse" in reply.title
    info = store.articles()[0]
    assert (info.outlet, info.story_name, info.published is not None) == ("Canal Post", "Footbridge collapse", True)


def test_pasted_text_without_an_outlet_stays_unnamed(store: Store) -> None:
    asyncio.run(ingest_command.ingest(store, EDITOR, attachment=("message.txt", FIRST.encode())))
    assert store.articles()[0].outlet is None


@pytest.mark.parametrize(("text", "message"), [("date: soon", "not a date"), ("outlet: ", "needs a value")])
def test_bad_ingest_options_are_clear_errors(text: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        ingest_command.split_options(text)


def test_console_and_cli_remove(sqlite_seeded: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer = asyncio.run(Console(sqlite_seeded).handle("!remove 2 duplicate of #1"))
    assert answer is not None and answer.startswith("Removed article #2")
    assert 2 not in {a.id for a in sqlite_seeded.articles()}
    db = ["--db", f"sqlite:///{tmp_path / 'r.db'}", "--demo"]
    assert main([*db, "flags"]) == 0
    assert main([*db, "remove", "3", "--reason", "wrong story"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("Removed article #3")
    assert main([*db, "remove", "3", "--reason", "again"]) == 1
    assert "already removed" in capsys.readouterr().err


def test_a_held_write_lock_answers_busy_not_broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    import store.engine

    monkeypatch.setattr(store.engine, "SQLITE_BUSY_MS", 50)
    opened = Store.open(f"sqlite:///{tmp_path / 'busy.db'}")
    first = opened.add_article(ArticleInput(text=FIRST, story="Footbridge"))
    holder = sqlite3.connect(tmp_path / "busy.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # what a long ingest holds on SQLite
    try:
        answer = asyncio.run(Console(opened).handle(f"!remove {first.article_id} wrong story"))
        assert answer is not None and "The store is busy, try again in a moment." in answer
        assert main(["--db", f"sqlite:///{tmp_path / 'busy.db'}", "remove", "1", "--reason", "x"]) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        opened.close()
    assert _died(Store.open(f"sqlite:///{tmp_path / 'busy.db'}")) == [3.0]
