"""Exports, answers as of a time, and editors' corrections (issue 14 parts 3-5).

The articles are written here, in the shape of wire copy: a count reported by one outlet, then a
larger one by another, then the first outlet's own update.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main as cli
from bot.console import Console
from commands.actor import Actor
from commands.asof import find_as_of, superseded
from commands.claim import find
from commands.corrections import parse_fix
from commands.export import CSV_FIELDS, FIGURE_FIELDS, FLAG_FIELDS, export_files, parse_format
from commands.options import Options, parse_options
from store.db import Store
from store.errors import BadInput, NotFound
from store.ingest import ArticleInput
from store.quantity import FlagStatus

FIRST = ArticleInput(
    text="Officials said 4,000 residents were evacuated from the harbour district after the chemical fire on Friday.",
    outlet="Harbour Times", url="https://harbour.example/fire-1", published=datetime(2031, 5, 2, 9, tzinfo=UTC),
    story="harbour fire")
SECOND = ArticleInput(
    text="The fire brigade said more than 9,000 residents were evacuated from the harbour district after the "
         "chemical fire.",
    outlet="City Radio", url="https://radio.example/fire", published=datetime(2031, 5, 4, 9, tzinfo=UTC),
    story="harbour fire")
UPDATE = ArticleInput(
    text="Officials said on Monday that 9,500 residents had been evacuated from the harbour district since the "
         "chemical fire.",
    outlet="Harbour Times", url="https://harbour.example/fire-2", published=datetime(2031, 5, 5, 7, tzinfo=UTC),
    story="harbour fire")
EDITOR = Actor(name="ana", is_editor=True, id=123456789012345678)


@pytest.fixture
def harbour(store: Store) -> Store:
    """The store with the two first reports of the harbour fire, on each backend."""
    store.add_articles([FIRST, SECOND])
    return store


def _figure(store: Store, value: float) -> int:
    (found,) = [f.id for f in find(store, "residents evacuated").figures if f.figure.value == value]
    return found


# ---- options ----------------------------------------------------------------------------------

def test_options_come_out_of_the_query() -> None:
    assert parse_options('residents evacuated before:2031-05-03 story:"harbour fire"') == Options(
        query="residents evacuated", before=datetime(2031, 5, 3, tzinfo=UTC), story="harbour fire")
    assert parse_options("residents after:2031-05-03T12:00").after == datetime(2031, 5, 3, 12, tzinfo=UTC)
    assert not parse_options("residents evacuated").as_of


@pytest.mark.parametrize("text", ["residents before:yesterday", "residents after:2031-05-04 before:2031-05-03",
                                  "residents before:2031-05-03 before:2031-05-04"])
def test_options_that_make_no_sense_are_a_clear_error(text: str) -> None:
    with pytest.raises(BadInput):
        parse_options(text)


def test_export_format_is_the_last_word_when_it_names_one() -> None:
    assert parse_format("residents evacuated json") == ("residents evacuated", "json")
    assert parse_format("residents") == ("residents", "csv")


def test_fix_reads_value_counts_and_reason() -> None:
    fix = parse_fix("#12 value=4,500 counts=residents evacuated because the agency's release says so")
    assert (fix.figure_id, fix.value, fix.counts, fix.why) == (12, 4500.0, "residents evacuated",
                                                               "the agency's release says so")
    with pytest.raises(BadInput):
        parse_fix("12 value=lots")
    with pytest.raises(BadInput):
        parse_fix("12 because nothing to change")


# ---- exports ----------------------------------------------------------------------------------

def test_csv_export_carries_every_field_of_figures_and_flags(harbour: Store) -> None:
    answer = find(harbour, "residents evacuated")
    (flag,) = answer.flags
    harbour.review(flag.id, FlagStatus.CONFIRMED, by="ana", note="checked with the desk")
    answer = find(harbour, "residents evacuated")
    (part,) = export_files(answer, "csv")
    rows = list(csv.DictReader(io.StringIO(part.data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_FIELDS
    flags = [r for r in rows if r["record"] == "flag"]
    figures = {r["outlet"]: r for r in rows if r["record"] == "figure"}
    assert [(r["id"], r["kind"], r["status"], r["reviewed_by"], r["review_note"]) for r in flags] == [
        (str(flag.id), flag.kind, "confirmed", "ana", "checked with the desk")]
    assert flags[0]["why"] == flag.why and flags[0]["figure_ids"] == " ".join(map(str, flag.figure_ids))
    radio = figures["City Radio"]
    assert {k: radio[k] for k in ("text", "value", "qualifier", "low", "high", "counts", "action", "said_by",
                                  "url", "published", "flag_ids")} == {
        "text": "more than 9,000", "value": "9000", "qualifier": "more_than", "low": "9000", "high": "",
        "counts": "residents", "action": "evacuated", "said_by": "The fire brigade",
        "url": "https://radio.example/fire", "published": "2031-05-04T09:00:00+00:00", "flag_ids": str(flag.id)}
    assert SECOND.text[int(radio["start"]):int(radio["end"])] == "more than 9,000"
    assert radio["quote"] == SECOND.text


def test_json_export_carries_every_field_of_figures_and_flags(harbour: Store) -> None:
    answer = find(harbour, "residents evacuated")
    (part,) = export_files(answer, "json")
    data = json.loads(part.data)
    assert part.name == "residents-evacuated.json" and data["query"] == "residents evacuated"
    assert [set(f) for f in data["figures"]] == [set(FIGURE_FIELDS)] * 2
    assert set(FLAG_FIELDS) <= set(data["flags"][0]) and data["flags"][0]["status"] == "open"
    times = next(f for f in data["figures"] if f["outlet"] == "Harbour Times")
    assert (times["value"], times["low"], times["high"], times["url"]) == (4000.0, 4000.0, 4000.0,
                                                                         "https://harbour.example/fire-1")


def test_export_over_the_attachment_limit_is_split_into_parts_that_each_open(harbour: Store) -> None:
    harbour.add_article(UPDATE)
    answer = find(harbour, "residents evacuated")
    whole = len(export_files(answer, "csv")[0].data)
    parts = export_files(answer, "csv", max_bytes=whole - 1)
    assert len(parts) > 1 and all(len(p.data) < whole for p in parts)
    names = [f"residents-evacuated-part{i}of{len(parts)}.csv" for i in range(1, len(parts) + 1)]
    assert [p.name for p in parts] == names
    ids = [r["id"] for p in parts for r in csv.DictReader(io.StringIO(p.data.decode("utf-8-sig")))
           if r["record"] == "figure"]
    assert sorted(ids) == sorted(str(f.id) for f in answer.figures)


async def test_console_export_names_the_file(harbour: Store) -> None:
    text = await Console(harbour).handle("!export residents evacuated json")
    assert text is not None and text.splitlines()[:2] == [
        "residents evacuated: 2 figures and 1 flag exported", text.splitlines()[1]]
    assert text.splitlines()[1].startswith("residents-evacuated.json (")


def test_cli_export_writes_csv_and_json_files(harbour: Store, db_url: str, tmp_path: Path) -> None:
    assert cli(["--db", db_url, "export", "residents evacuated", "--json", "-o", str(tmp_path / "a.json")]) == 0
    assert len(json.loads((tmp_path / "a.json").read_text("utf-8"))["figures"]) == 2
    assert cli(["--db", db_url, "export", "residents evacuated", "-o", str(tmp_path / "a.csv")]) == 0
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [r["record"] for r in csv.DictReader(handle)] == ["flag", "figure", "figure"]


# ---- as of a time -----------------------------------------------------------------------------

def test_as_of_leaves_out_later_reports_and_the_flags_they_opened(harbour: Store) -> None:
    answer, old = find_as_of(harbour, parse_options("residents evacuated before:2031-05-03"))
    assert [(f.source.outlet, f.figure.text) for f in answer.figures] == [("Harbour Times", "4,000")]
    assert answer.flags == () and old == set()
    later, _ = find_as_of(harbour, parse_options("residents evacuated before:2031-05-05"))
    assert [f.kind for f in later.flags] == ["update"] and later.flags[0].id == find(harbour, "residents").flags[0].id


def test_as_of_shows_latest_per_outlet_first_and_marks_its_older_number_superseded(harbour: Store) -> None:
    harbour.add_article(UPDATE)
    answer, old = find_as_of(harbour, parse_options("residents evacuated after:2031-05-01 story:harbour"))
    (group,) = answer.groups
    by_id = {f.id: f for f in answer.figures}
    assert [(by_id[i].source.outlet, by_id[i].figure.value, i in old) for i in group.figure_ids] == [
        ("Harbour Times", 9500.0, False), ("City Radio", 9000.0, False), ("Harbour Times", 4000.0, True)]
    assert superseded([by_id[i] for i in group.figure_ids]) == old


def test_as_of_story_that_matches_nothing_finds_nothing(harbour: Store) -> None:
    answer, _ = find_as_of(harbour, parse_options("residents story:earthquake"))
    assert answer.groups == ()


async def test_console_as_of_answer_end_to_end(harbour: Store) -> None:
    harbour.add_article(UPDATE)
    console = Console(harbour)
    then = await console.handle("!claim residents evacuated before:2031-05-03")
    assert then is not None and then.splitlines()[0] == (
        "residents evacuated (before 03 May 2031): 1 figure in 1 group")
    assert "9,000" not in then and "Flags:" not in then
    now = await console.handle("!claim residents evacuated before:2031-05-06")
    assert now is not None
    lines = [line for line in now.splitlines() if line.startswith("    ") and " · #" in line]
    assert lines[0].lstrip(" -⚠").startswith("9,500 · Harbour Times")
    assert lines[-1].lstrip(" -⚠").startswith("4,000 · Harbour Times") and "superseded" in lines[-1]
    assert "superseded" not in "".join(lines[:-1])
    bad = await console.handle("!claim residents before:soon")
    assert bad == "`before:soon` is not a date; write it as `before:2016-12-14`."


# ---- corrections ------------------------------------------------------------------------------

def test_a_correction_feeds_groups_and_flags_and_undoing_it_restores_them(harbour: Store) -> None:
    radio = _figure(harbour, 9000.0)
    assert len(harbour.flags(status=FlagStatus.OPEN)) == 1
    fixed = harbour.fix(radio, by="ana", by_id=EDITOR.id, value=4000.0, why="the brigade's release says 4,000")
    assert (fixed.figure.value, fixed.figure.low, fixed.figure.high, fixed.figure.text) == (4000, 4000, 4000, "4,000")
    assert harbour.flags(status=FlagStatus.OPEN) == []  # 4,000 and 4,000 agree
    harbour.unfix(radio, by="ana", by_id=EDITOR.id)
    assert [f.kind for f in harbour.flags(status=FlagStatus.OPEN)] == ["update"]
    assert harbour.figures([radio])[0].figure.text == "more than 9,000"
    steps = harbour.corrections([radio])[radio]
    assert [(s.action, s.value, s.by_name, s.by_id) for s in steps] == [
        ("fix", 4000.0, "ana", EDITOR.id), ("unfix", None, "ana", EDITOR.id)]


def test_a_correction_survives_recompute_and_reingest(harbour: Store) -> None:
    radio = _figure(harbour, 9000.0)
    harbour.fix(radio, by="ana", value=4000.0, counts="residents evacuated")
    harbour.recompute_all()
    assert harbour.add_article(SECOND).duplicate
    harbour.add_article(UPDATE)  # a new report of the story regroups it
    fixed = harbour.figures([radio])[0]
    assert (fixed.figure.value, fixed.figure.counts) == (4000.0, "residents evacuated")
    assert fixed.extra["correction"].by_name == "ana"
    assert [f.id for f in find(harbour, "residents").figures if f.figure.value == 4000.0] == [
        _figure_of(harbour, FIRST), radio]


def _figure_of(store: Store, article: ArticleInput) -> int:
    return next(f.id for f in find(store, "residents").figures if f.source.url == article.url)


def test_unfix_without_a_correction_and_fix_of_a_missing_figure_are_clear_errors(harbour: Store) -> None:
    with pytest.raises(NotFound, match="no correction"):
        harbour.unfix(_figure(harbour, 9000.0), by="ana")
    with pytest.raises(NotFound, match="No figure #999"):
        harbour.fix(999, by="ana", value=1.0)


async def test_console_correction_end_to_end_with_history(harbour: Store) -> None:
    radio = _figure(harbour, 9000.0)
    (flag,) = harbour.flags()
    console = Console(harbour, actor=EDITOR)
    await console.handle(f"!confirm {flag.id} two different counts")
    answer = await console.handle(f"!fix {radio} value=4,000 because the brigade's release says 4,000")
    assert answer is not None and answer.splitlines()[:2] == [
        f"Corrected figure #{radio}: 4,000 residents.",
        "corrected by ana from “more than 9,000”: the brigade's release says 4,000"]
    shown = await console.handle("!claim residents evacuated")
    assert shown is not None and (f"4,000 · City Radio · says The fire brigade · 04 May 2031 · corrected by ana from "
                                  f"“more than 9,000”: the brigade's release says 4,000 · #{radio}") in shown
    history = await console.handle(f"!history {flag.id}")
    assert history is not None
    steps = history.splitlines()[1:]
    assert [s.split(" UTC ", 1)[1] for s in steps] == [
        f"flag #{flag.id} confirmed by ana (Discord id {EDITOR.id}): two different counts",
        f"figure #{radio} fix by ana (Discord id {EDITOR.id}): value 4,000 (the brigade's release says 4,000)"]
    figure = await console.handle(f"!history figure {radio}")
    assert figure is not None and len(figure.splitlines()) == 3
    reader = Console(harbour, actor=Actor(name="reader"))
    assert await reader.handle(f"!unfix {radio}") == "Only editors can undo corrections."


def test_cli_fix_unfix_and_history(harbour: Store, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    radio = _figure(harbour, 9000.0)
    assert cli(["--db", db_url, "fix", str(radio), "--value", "4000", "--because", "release", "--by", "ana"]) == 0
    assert cli(["--db", db_url, "unfix", str(radio), "--by", "ana"]) == 0
    assert cli(["--db", db_url, "history", "figure", str(radio)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-2:][0].endswith(f"figure #{radio} fix by ana: value 4,000 (release)")
    assert out.splitlines()[-1].endswith(f"figure #{radio} unfix by ana")


async def test_as_of_flag_found_only_then_has_no_number(store: Store) -> None:
    store.add_articles([FIRST, SECOND, UPDATE])  # one batch: no flag of two figures was ever stored
    text = await Console(store).handle("!claim residents evacuated before:2031-05-05")
    assert text is not None
    (flag_line,) = [line for line in text.splitlines() if line.startswith("  ⚠")]
    assert flag_line.startswith("  ⚠ update [open]: The count grew between reports: 4,000 residents")
