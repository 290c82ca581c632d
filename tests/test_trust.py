"""Issue 11 §3, trust: reviews that stick to their disagreement, every review step kept, unnamed
officials as their own origin per outlet, and articles without an outlet labelled by their title.

Every article here is written for these tests; none comes from the seeds or the corpus.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from commands import flags as flag_commands
from commands import sources as source_commands
from commands.actor import Actor
from commands.views import figure_line, flag_line, group_view
from store.db import Store
from store.figure import Figure, Source, StoredFigure
from store.ingest import ArticleInput, article_from_bytes, read_file
from store.labels import article_label, fit_label
from store.origins import is_unnamed, origins_of, resolve
from store.quantity import FlagKind, FlagStatus
from store.reviews import still_reviewed

STORY = "harbour fire"
FIRST = "Harbour fire forces evacuations\n\nAbout 4,000 residents were evacuated from the harbour district on " \
        "Tuesday, the fire brigade said."
SECOND = "Thousands leave harbour\n\nMore than 6,000 residents were evacuated from the harbour district, the " \
         "mayor said."
REPEAT = "Harbour blaze\n\nAbout 4,000 residents were evacuated from the harbour district, a union leader said."
OUTSIDE = "Harbour blaze grows\n\nSome 1,500 residents were evacuated from the harbour district, the council said."


def _add(store: Store, text: str, outlet: str | None) -> int:
    return store.add_article(ArticleInput(text=text, outlet=outlet, story=STORY)).article_id


def _conflict(store: Store) -> int:
    _add(store, FIRST, "Coast Herald")
    _add(store, SECOND, "Bay Times")
    (flag,) = [f for f in store.flags() if f.kind == FlagKind.CONFLICT]
    return flag.id


# ---- 1. a review sticks ----------------------------------------------------------------------------


def test_a_dismissal_survives_an_article_that_repeats_a_reviewed_value(store: Store) -> None:
    # guards: Store._successors; before it, the repeat made flag #1 inactive and opened a new flag
    flag_id = _conflict(store)
    store.review(flag_id, FlagStatus.DISMISSED, by="desk", note="different districts")
    _add(store, REPEAT, "Port News")
    flags = store.flags(include_inactive=True)
    assert [(f.id, f.status, f.active, f.review_note) for f in flags] == [
        (flag_id, "dismissed", True, "different districts")]
    figures = store.figures(flags[0].figure_ids)
    assert sorted(f.source.outlet for f in figures) == ["Bay Times", "Coast Herald", "Port News"]
    assert "Port News" in flags[0].why
    assert store.flags(status=FlagStatus.OPEN) == []


def test_a_new_value_outside_the_reviewed_ones_reopens_the_flag_with_the_old_reason(store: Store) -> None:
    # guards: a reopened flag links the review it reopens and shows its reason in !flags and !flag N
    flag_id = _conflict(store)
    store.review(flag_id, FlagStatus.DISMISSED, by="desk", note="different districts")
    _add(store, OUTSIDE, "Evening Post")
    (reopened,) = store.flags(status=FlagStatus.OPEN)
    assert reopened.id != flag_id and reopened.reopens_id == flag_id
    assert not store.flag(flag_id).active and store.flag(flag_id).status == "dismissed"
    line = flag_line(reopened)
    assert f"Reopens #{flag_id}, dismissed by desk: “different districts”" in line.why
    listed = flag_commands.flags_reply(store)
    assert "different districts" in listed.flags[0].why
    shown = flag_commands.flag_reply(store, reopened.id)
    assert "different districts" in shown.flags[0].why
    old = flag_commands.flag_reply(store, flag_id)
    assert f"New figures changed this disagreement: see `!flag {reopened.id}`." in old.lines


def test_a_reopened_flag_that_changes_again_still_names_the_first_review(store: Store) -> None:
    # guards: the reopens link passed on by an open successor, so a second change does not drop the reason
    flag_id = _conflict(store)
    store.review(flag_id, FlagStatus.CONFIRMED, by="desk", note="checked with both desks")
    _add(store, OUTSIDE, "Evening Post")
    _add(store, "Harbour count\n\nAround 9,000 residents were evacuated from the harbour district, a charity "
                "said.", "Night Wire")
    (latest,) = store.flags(status=FlagStatus.OPEN)
    assert latest.reopens_id == flag_id
    assert "checked with both desks" in flag_line(latest).why


def test_still_reviewed_reads_values_not_figures() -> None:
    # guards: store.reviews.still_reviewed, the rule deciding between keeping and reopening
    reviewed = [_stored(1, "about 4,000", 4000, "approx"), _stored(2, "more than 6,000", 6000, "more_than")]
    assert still_reviewed(reviewed, [*reviewed, _stored(3, "4,000", 4000)])
    assert still_reviewed(reviewed, [*reviewed, _stored(3, "some 12,000", 12000, "approx")])  # "more than" is open
    assert not still_reviewed(reviewed, [*reviewed, _stored(3, "1,500", 1500)])
    assert still_reviewed(reviewed, reviewed[:1])  # a figure gone narrows the disagreement
    assert not still_reviewed([], reviewed)


# ---- 2. review history ----------------------------------------------------------------------------


def test_every_review_step_is_kept_with_the_discord_id(store: Store) -> None:
    # guards: flag_review rows; before, confirm overwrote the dismissal and no id was kept
    flag_id = _conflict(store)
    editor = Actor(name="desk#7", is_editor=True, id=381029384756)
    asyncio.run(flag_commands.dismiss(store, editor, flag_id, "different districts"))
    asyncio.run(flag_commands.confirm(store, Actor(name="chief", is_editor=True, id=99), flag_id, "same district"))
    steps = store.reviews(flag_id)
    assert [(s.status, s.note, s.by_name, s.by_id) for s in steps] == [
        ("dismissed", "different districts", "desk#7", 381029384756), ("confirmed", "same district", "chief", 99)]
    assert steps[0].at <= steps[1].at and steps[0].at.tzinfo is not None
    assert store.flag(flag_id).status == "confirmed"
    shown = flag_commands.flag_reply(store, flag_id)
    history = [line for line in shown.lines if line.startswith("· ")]
    assert len(history) == 2
    assert "dismissed by desk#7 (Discord id 381029384756): different districts" in history[0]
    assert "confirmed by chief (Discord id 99): same district" in history[1]


def test_flags_json_carries_the_review_history_and_the_reopened_flag(store: Store) -> None:
    # guards: the `claimbot flags --json` contract gaining "reviews" and "reopens"
    flag_id = _conflict(store)
    store.review(flag_id, FlagStatus.DISMISSED, by="desk", note="different districts", by_id=7)
    _add(store, OUTSIDE, "Evening Post")
    (data,) = flag_commands.flags_json(store)
    assert data["reopens"] == flag_id and data["reviews"] == []
    store.review(data["id"], FlagStatus.CONFIRMED, by="chief", note=None, by_id=8)
    (data,) = flag_commands.flags_json(store)
    assert [(r["status"], r["by"], r["by_id"]) for r in data["reviews"]] == [("confirmed", "chief", 8)]


def test_the_console_reviews_without_a_discord_id(store: Store) -> None:
    flag_id = _conflict(store)
    asyncio.run(flag_commands.confirm(store, Actor(name="console", is_editor=True), flag_id))
    assert [(s.status, s.note, s.by_id) for s in store.reviews(flag_id)] == [("confirmed", None, None)]


# ---- 3. unnamed officials -------------------------------------------------------------------------

WEST = ("Valley fire spreads\n\nSheriff Mara Quill said crews saved 40 homes on Monday. Officials said 12,000 "
        "people were evacuated from the valley.")
EAST = ("Valley fire latest\n\nChief Tom Birch said 50 roads were closed. Officials said 20,000 people were "
        "evacuated from the valley.")


def test_unnamed_officials_are_their_own_origin_per_outlet_and_never_a_named_person(store: Store) -> None:
    # guards: "officials" out of the pronouns; before, the flag read "Sheriff Mara Quill ... says 12,000" and
    # the group headline counted one origin where the flag counted 1 against 1
    store.add_article(ArticleInput(text=WEST, outlet="Valley Daily", story="valley fire"))
    store.add_article(ArticleInput(text=EAST, outlet="Ridge Herald", story="valley fire"))
    (flag,) = [f for f in store.flags() if f.kind == FlagKind.CONFLICT]
    assert "Quill" not in flag.why and "Birch" not in flag.why
    assert "Officials in Valley Daily says 12,000" in flag.why
    assert "(1 against 1 independent origins)" in flag.why
    (group,) = store.groups_of(flag.figure_ids)
    figures = store.figures(group.figure_ids)
    view = group_view(group, figures, [flag])
    assert view.origins == 2 and "2 origins" in view.headline


def test_pronouns_still_take_the_last_named_speaker_and_skip_unnamed_sources() -> None:
    figures = [_stored(1, "40", 40, said_by="Sheriff Mara Quill", start=10),
               _stored(2, "12,000", 12000, said_by="Officials", start=60),
               _stored(3, "5", 5, said_by="she", start=120),
               _stored(4, "300", 300, said_by="police", start=160, article_id=2, outlet="Ridge Herald"),
               _stored(5, "200", 200, said_by="Police", start=20, article_id=3, outlet="Ridge Herald")]
    said = resolve(figures)
    assert said == {1: "Sheriff Mara Quill", 2: "Officials", 3: "Sheriff Mara Quill", 4: "police", 5: "Police"}
    origin = origins_of(figures, said)
    assert origin[1] == origin[3] != origin[2]
    assert origin[4] == origin[5]  # one outlet's unnamed police, in two of its articles
    elsewhere = _stored(6, "12,000", 12000, said_by="Officials", article_id=4, outlet="Ridge Herald")
    both = origins_of([figures[1], elsewhere])
    assert both[2] != both[6]  # two outlets' unnamed officials are two origins


def test_a_pronoun_with_nobody_before_it_is_no_origin_shared_across_articles() -> None:
    # guards: a group headline resolves only the group's figures; two articles' bare "he" were one origin
    a = _stored(1, "4,000", 4000, said_by="he", article_id=1, outlet="Coast Herald")
    b = _stored(2, "6,000", 6000, said_by="He", article_id=2, outlet="Bay Times")
    assert len(set(origins_of([a, b]).values())) == 2


@pytest.mark.parametrize(("said_by", "unnamed"), [
    ("Officials", True), ("the local authorities", True), ("a police spokesman", True), ("an official", True),
    ("officials at the scene", True), ("a source familiar with the talks", True),
    ("officials at the Pentagon", False), ("Sheriff Mara Quill", False), ("the Red Cross", False),
    ("Police Chief Tom Birch", False), ("he", False)])
def test_which_attributions_name_nobody(said_by: str, unnamed: bool) -> None:
    assert is_unnamed(said_by) is unnamed


# ---- 4. sources without sidecars ------------------------------------------------------------------

UNSIGNED = "Storm cuts power across the coast tonight\n\nAbout 30,000 homes lost power, the utility said."


def test_an_article_without_an_outlet_reads_as_its_title_and_number(store: Store, tmp_path: Path) -> None:
    # guards: store.labels everywhere; before, the outlet was the file name "017_9a8b7c6d"
    path = tmp_path / "017_9a8b7c6d.txt"
    path.write_text(UNSIGNED, "utf-8")
    article = read_file(path)
    assert article.outlet is None
    result = store.add_article(article)
    label = f"“Storm cuts power across…” (#{result.article_id})"
    assert result.label == label
    info, figures = store.article(result.article_id)
    assert (info.outlet, info.label) == (None, label)
    assert all(figure_line(f).outlet == label for f in figures)
    listing = source_commands.sources_reply(store)
    assert listing.lines[0].startswith(f"#{result.article_id} {label} · ")
    assert not any("017_9a8b7c6d" in line for line in listing.lines)


def test_a_flag_names_an_unknown_outlet_by_its_label(store: Store) -> None:
    # guards: wording.who and discrepancy's origin names reading Source.label
    first = store.add_article(article_from_bytes(FIRST.encode(), "message.txt", story=STORY)).article_id
    _add(store, SECOND, "Bay Times")
    (flag,) = store.flags()
    assert f"the fire brigade in “Harbour fire forces evacuations” (#{first}) says" in flag.why


def test_pasted_discord_text_has_no_outlet() -> None:
    # guards: Discord names pasted text "message.txt"; every such upload became the outlet "message"
    assert article_from_bytes(UNSIGNED.encode(), "message.txt").outlet is None
    assert article_from_bytes(UNSIGNED.encode(), "message.txt", outlet="Coast Herald").outlet == "Coast Herald"


def test_two_unknown_outlets_are_two_origins() -> None:
    a = _stored(1, "4,000", 4000, outlet=None, article_id=1)
    b = _stored(2, "6,000", 6000, outlet=None, article_id=2)
    assert len(set(origins_of([a, b]).values())) == 2


def test_labels() -> None:
    assert article_label("Reuters", "Anything", 2) == "Reuters"
    assert article_label("", "Syria's battle for Aleppo over, the evacuation", 5) == "“Syria's battle for Aleppo…” (#5)"
    assert article_label(None, None, 9) == "article #9"
    assert article_label(None, "Short", 1) == "“Short” (#1)"


def test_a_chart_row_keeps_the_number_of_an_article_without_an_outlet(store: Store) -> None:
    # guards: bot.chart rows through store.labels.fit_label; cutting at 26 characters dropped "(#N)"
    from bot.chart import rows_of

    first = store.add_article(article_from_bytes(FIRST.encode(), "message.txt", story=STORY)).article_id
    _add(store, SECOND, "Bay Times")
    (flag,) = store.flags()
    (group,) = store.groups_of(flag.figure_ids)
    rows, _ = rows_of(group_view(group, store.figures(group.figure_ids), [flag]))
    labels = sorted(row.label.split("\n")[0] for row in rows)
    assert labels == ["Bay Times", f"“Harbour fire…” (#{first})"]
    assert all(len(label) <= 26 for label in labels)


def test_fit_label_shortens_the_title_not_the_number() -> None:
    assert fit_label("“Syria's battle for Aleppo…” (#5)", 26) == "“Syria's battle for…” (#5)"
    assert fit_label("“Supercalifragilisticexpialidocious…” (#3)", 26) == "“Supercalifragilist…” (#3)"
    assert fit_label("Reuters", 26) == "Reuters"
    assert fit_label("The Very Long Name of a Regional Weekly", 26) == "The Very Long Name of a R…"


def _stored(figure_id: int, text: str, value: float, qualifier: str = "exact", *, said_by: str | None = None,
            start: int = 0, article_id: int = 1, outlet: str | None = "Valley Daily") -> StoredFigure:
    from store.figure import Qualifier

    figure = Figure(start=start, end=start + len(text), text=text, value=value, low=value, high=value,
                    qualifier=Qualifier(qualifier), counts="people", said_by=said_by, sentence=text,
                    sentence_start=start)
    return StoredFigure(id=figure_id, figure=figure, source=Source(article_id=article_id, outlet=outlet))


# ---- migration 0004 -------------------------------------------------------------------------------


def _before_0004() -> str:
    from alembic.script import ScriptDirectory

    from store import migrate

    down = ScriptDirectory.from_config(migrate.alembic_config()).get_revision("0004").down_revision
    assert isinstance(down, str)
    return down


OLD_ROWS = (
    "INSERT INTO story (id, name, explicit, terms_json, articles, created_at) "
    "VALUES (1, 'harbour fire', true, '{}', 3, '2026-11-30 09:00:00')",
    "INSERT INTO article (id, content_hash, outlet, title, file, text, story_id, ingested_at) VALUES "
    "(1, 'h1', '017_9a8b7c6d', 'Storm cuts power', '/news/017_9a8b7c6d.txt', 'About 30,000 homes.', 1, "
    "'2026-11-30 09:00:00'), "
    "(2, 'h2', 'message', 'Pasted note', NULL, '12 buses left.', 1, '2026-11-30 09:00:00'), "
    "(3, 'h3', 'Coast Herald', 'Harbour fire', '/news/herald.txt', '40 homes burned.', 1, '2026-11-30 09:00:00')",
    "INSERT INTO flag (id, story_id, fingerprint, kind, severity, why, status, active, reviewed_by, reviewed_at, "
    "review_note, created_at, updated_at) VALUES "
    "(1, 1, 'fp1', 'conflict', 'low', 'Two counts.', 'dismissed', true, 'desk', '2026-11-30 10:00:00', "
    "'different districts', '2026-11-30 09:00:00', '2026-11-30 09:00:00'), "
    "(2, 1, 'fp2', 'conflict', 'low', 'Two more.', 'open', true, NULL, NULL, NULL, "
    "'2026-11-30 09:00:00', '2026-11-30 09:00:00')",
)


def test_migration_0004_clears_file_name_outlets_and_keeps_old_reviews_as_steps(db_url: str) -> None:
    # guards: 0004's data steps (outlets that were file names become unknown; a review becomes step one)
    from sqlalchemy import text

    from store import migrate
    from store.engine import make_engine

    engine = make_engine(db_url)
    migrate.upgrade(engine, _before_0004())
    with engine.begin() as connection:
        for statement in OLD_ROWS:
            connection.execute(text(statement))
        if engine.dialect.name == "postgresql":  # explicit ids leave the sequences behind
            for table in ("story", "article", "flag"):
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 10)"))
    migrate.upgrade(engine)
    engine.dispose()
    opened = Store.open(db_url)
    try:
        assert [(a.id, a.outlet, a.label) for a in sorted(opened.articles(), key=lambda a: a.id)] == [
            (1, None, "“Storm cuts power” (#1)"), (2, None, "“Pasted note” (#2)"), (3, "Coast Herald", "Coast Herald")]
        assert [(s.status, s.note, s.by_name, s.by_id) for s in opened.reviews(1)] == [
            ("dismissed", "different districts", "desk", None)]
        assert opened.reviews(2) == []
    finally:
        opened.close()
    engine = make_engine(db_url)
    migrate.downgrade(engine, _before_0004())
    with engine.connect() as connection:
        outlets = connection.execute(text("SELECT id, outlet FROM article ORDER BY id")).all()
    engine.dispose()
    assert [tuple(row) for row in outlets] == [(1, "017_9a8b7c6d"), (2, "unknown"), (3, "Coast Herald")]
