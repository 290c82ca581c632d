"""The `claimbot` command's contracts (DESIGN §6)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import USES_DB, _wants_demo, main, parser
from store.db import Store
from store.ingest import read_file
from tests.conftest import ROOT, SEEDS


def test_extract_json_offsets_point_at_the_figure_in_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    assert main(["extract", *paths, "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) > 40
    for row in rows:
        text = Path(row["file"]).read_text("utf-8")
        assert text[row["start"]:row["end"]] == row["text"]
        assert row["qualifier"] in {"exact", "approx", "more_than", "at_least", "up_to", "less_than", "range"}
        assert row["part_of"] is None or 0 <= row["part_of"] < len(rows)


def test_claim_json_answers_the_gold_lookup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", f"sqlite:///{tmp_path / 'c.db'}", "--demo", "claim", "ambulances", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "ambulances"
    assert {10.0, 13.0} <= {f["value"] for f in data["figures"]}
    assert any(flag["kind"] == "conflict" for flag in data["flags"])


def test_flags_json_lists_every_flag_with_its_claims(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", f"sqlite:///{tmp_path / 'c.db'}", "--demo", "flags", "--json"]) == 0
    flags = json.loads(capsys.readouterr().out)
    assert flags and all(len(flag["claims"]) >= 2 and flag["why"] for flag in flags)


def test_a_bad_database_url_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "mysql://nobody@nowhere/x", "flags"]) == 1
    assert "Unsupported database" in capsys.readouterr().err


def test_flags_weak_lists_only_the_weak_disagreements(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from store.db import Store
    from store.ingest import ArticleInput

    url = f"sqlite:///{tmp_path / 'w.db'}"
    store = Store.open(url)
    store.add_articles([
        ArticleInput(text="Police said 12 people were killed in the Orsk crash. The side scored 12 points.",
                     outlet="Outlet A", title="Orsk crash", story="crash"),
        ArticleInput(text="Medics said 15 people were killed in the Orsk crash. This season he has 51 points.",
                     outlet="Outlet B", title="Orsk crash toll", story="crash"),
    ])
    store.close()
    assert main(["--db", url, "flags", "--json"]) == 0
    assert [f["confidence"] for f in json.loads(capsys.readouterr().out)] == ["high"]
    assert main(["--db", url, "flags", "--weak", "--json"]) == 0
    assert [f["confidence"] for f in json.loads(capsys.readouterr().out)] == ["low"]
    assert main(["--db", url, "flags"]) == 0
    assert "1 weak disagreement not shown: `!flags weak`." in capsys.readouterr().out


# ------------------------------------------------------------------ help texts and --db placement

def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted((*USES_DB, "extract", "eval", "eval-corpus")))
def test_every_subcommand_help_describes_its_arguments_with_an_example(name: str) -> None:
    command = _subcommands()[name]
    text = command.format_help()
    assert f"claimbot {name}" in text.partition("\nexamples:\n")[2], text
    assert command.description and "DESIGN" not in text
    for action in command._actions:  # every argument says what it is
        assert action.help, f"{name} {action.dest} has no help"


def test_db_is_offered_exactly_by_the_subcommands_that_open_the_store() -> None:
    offered = {name for name, command in _subcommands().items()
               if any("--db" in action.option_strings for action in command._actions)}
    assert offered == set(USES_DB)


def test_db_before_a_subcommand_that_ignores_it_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "sqlite:///x.db", "extract", str(SEEDS)]) == 2
    assert "--db is not used by extract" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["extract", "--db", "sqlite:///x.db", str(SEEDS)])


# ------------------------------------------------------------------ extract previews ingest

PAGE = ("<html><head><title>Convoy leaves</title><script>var ids = [4521, 98765];</script></head><body>"
        "<nav>Home | World | 24 new stories</nav><article><h1>Convoy leaves</h1>"
        "<p>Twenty buses and 13 ambulances crossed the frontline on Thursday, the aid agency said in a "
        "statement to reporters in the city.</p>"
        "<p>About 1,000 civilians were evacuated, including 300 children, according to officials.</p>"
        "</article><footer>© 2016 Example News, 3,500 subscribers</footer></body></html>")


def test_extract_of_html_shows_what_ingest_stores_not_the_page_furniture(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    assert main(["extract", str(page), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    values = {row["value"] for row in rows}
    assert {13.0, 1000.0, 300.0} <= values
    assert not values & {4521.0, 98765.0, 24.0, 3500.0, 2016.0}
    text = read_file(page).text  # offsets point into the text ingest stores
    assert all(text[row["start"]:row["end"]] == row["text"] for row in rows)

    assert main(["--db", f"sqlite:///{tmp_path / 'c.db'}", "ingest", str(page)]) == 0
    capsys.readouterr()
    store = Store.open(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        (article,) = [a for a in store.articles() if a.file and a.file.endswith("page.html")]
        stored = sorted(f.figure.value for f in store.article(article.id)[1])
    finally:
        store.close()
    assert stored == sorted(row["value"] for row in rows)


def test_extract_of_a_folder_reads_it_like_ingest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("About 400 families left the town on Monday after the river burst its banks, "
                                    "officials said.", "utf-8")
    (tmp_path / "a.meta.json").write_text('{"outlet": "Example News"}', "utf-8")  # a sidecar is no article
    (tmp_path / "b.html").write_text(PAGE, "utf-8")
    assert main(["extract", str(tmp_path), "--json"]) == 0
    files = {Path(json.loads(line)["file"]).name for line in capsys.readouterr().out.splitlines()}
    assert files == {"a.txt", "b.html"}


def test_extract_of_a_missing_path_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "no/such/file.txt"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "does not exist" in err


# ------------------------------------------------------------------ a closed pipe (`| head`)

@pytest.mark.parametrize("command", [["extract", str(SEEDS), "--json"], ["flags", "--json"], ["claim", "evacuees"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path, command: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line, as with `| head -0`
    database = ["--db", f"sqlite:///{tmp_path / 'c.db'}"] if command[0] != "extract" else []
    try:
        done = subprocess.run([sys.executable, "-m", "bot.cli", *database, *command], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=300, cwd=ROOT)
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.returncode == 128 + signal.SIGPIPE


# ------------------------------------------------------------------ ../shared beside the clone

def test_eval_without_the_gold_file_says_so_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "shared" / "seeds-gold.yaml"
    assert main(["eval", str(missing), str(SEEDS)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"../shared not found: {missing} (the evaluation data lives beside the clone)"


def test_newsquant_without_its_data_says_so_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.newsquant import main as newsquant

    assert newsquant(["--data", str(tmp_path / "newsquant"), "--no-timing"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("../shared not found: ") and len(err.splitlines()) == 1
def test_a_new_database_is_not_filled_with_the_demo_articles(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", f"sqlite:///{tmp_path / 'new.db'}", "flags", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", f"sqlite:///{tmp_path / 'new.db'}", "claim", "evacuees", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["figures"] == []


def test_only_the_default_store_or_demo_seeds() -> None:
    assert _wants_demo(False, None, None)
    assert _wants_demo(True, "sqlite:///x.db", None)
    assert not _wants_demo(False, "sqlite:///x.db", None)
    assert not _wants_demo(False, None, "postgresql://newsroom/claims")


def _article(folder: Path, name: str, body: str, **meta: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, "utf-8")
    if meta:
        path.with_name(path.stem + ".meta.json").write_text(json.dumps(meta), "utf-8")
    return path


FLOOD = ("Floodwaters forced 1,200 residents from their homes in the river valley on Monday, the county "
         "emergency office said. Rescue crews with 14 boats worked through the night to reach farms "
         "cut off by the water.")
QUAKE = ("A strong earthquake shook the coastal province before dawn, and officials said 37 buildings collapsed "
         "in the old town. About 800 people spent the night in school gyms while engineers checked the bridges.")


def test_ingest_walks_story_folders_and_ends_with_one_summary(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    news = tmp_path / "news"
    _article(news / "flood", "a.txt", FLOOD, outlet="Valley Herald")
    _article(news / "quake" / "day1", "b.txt", QUAKE)
    _article(news / "quake", "notes.txt", "todo")
    db = ["--db", f"sqlite:///{tmp_path / 'n.db'}"]
    assert main([*db, "ingest", str(news)]) == 1  # one file refused
    out = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("article #") for line in out) == 2
    assert out[-1].startswith("2 stored, 0 already stored, 1 refused (")
    assert "notes.txt" in out[-1] and "per story" in out[-1]
    assert main([*db, "ingest", str(news / "flood"), str(news / "quake" / "day1")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 stored, 2 already stored, 0 refused."


def test_ingest_of_a_folder_with_no_article_fails_with_one_line(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    assert main(["--db", f"sqlite:///{tmp_path / 'n.db'}", "ingest", str(tmp_path / "empty")]) == 1
    out = capsys.readouterr().out
    assert "holds no article" in out and "Traceback" not in out


def test_ingest_of_one_file_stores_exactly_that_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _article(tmp_path, "flood.txt", FLOOD)
    assert main(["--db", f"sqlite:///{tmp_path / 'new.db'}", "ingest", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("1 stored, 0 already stored, 0 refused;")
    assert main(["--db", f"sqlite:///{tmp_path / 'new.db'}", "flags", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
