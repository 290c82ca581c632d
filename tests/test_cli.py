"""The `claimbot` command's contracts (DESIGN §6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
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
    assert main(["--db", f"sqlite:///{tmp_path / 'c.db'}", "claim", "ambulances", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "ambulances"
    assert {10.0, 13.0} <= {f["value"] for f in data["figures"]}
    assert any(flag["kind"] == "conflict" for flag in data["flags"])


def test_flags_json_lists_every_flag_with_its_claims(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", f"sqlite:///{tmp_path / 'c.db'}", "flags", "--json"]) == 0
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
