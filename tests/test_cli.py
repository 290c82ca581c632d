"""The `claimbot` command's contracts (DESIGN §6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import _wants_demo, main
from tests.conftest import SEEDS


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
