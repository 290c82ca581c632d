"""`claimbot eval-corpus`: scoring a whole corpus of story folders, on a tiny corpus written here."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from commands.evaluate import CorpusMissing, evaluate_corpus
from store.evaluation.corpus import LookupAnswer, StoryGold, format_corpus_report, score_corpus
from store.evaluation.figures import score_predictions
from store.extract import extract
from store.figure import Figure, Source, StoredFigure
from store.records import FlagInfo

NOW = datetime(2024, 5, 1, tzinfo=UTC)


def _figure(text: str, quote: str, value: float, nth: int = 0) -> Figure:
    at = -1
    for _ in range(nth + 1):
        at = text.index(quote, at + 1)
    return Figure(start=at, end=at + len(quote), text=quote, value=value, low=value, high=value, sentence=text)


def _gold(item_id: str, file: str, text: str, quote: str, value: float, nth: int = 0, **extra: object) -> dict:
    fig = _figure(text, quote, value, nth)
    return {"id": item_id, "file": file, "quote": quote, "start": fig.start, "end": fig.end, "value": value,
            "qualifier": "exact", "counts": None, "said_by": None} | extra


def test_offsets_pick_the_occurrence_the_gold_names() -> None:
    text = "Title\n\nAt one point the ferry sank. Rescuers saved one woman and 12 men."
    gold = {"figures": [_gold("F1", "a.txt", text, "one", 1, nth=1, counts="women rescued"),
                        _gold("F2", "a.txt", text, "12", 12, counts="men rescued")]}
    first_one = _figure(text, "one", 1)
    second_one = _figure(text, "one", 1, nth=1)
    scores = score_predictions(gold, {"a.txt": text}, {"a.txt": [first_one, _figure(text, "12", 12)]})
    assert (scores.tp, scores.fp, scores.fn) == (1, 1, 1)  # the first "one" is not the gold's "one"
    scores = score_predictions(gold, {"a.txt": text}, {"a.txt": [second_one, _figure(text, "12", 12)]})
    assert (scores.tp, scores.fp, scores.fn) == (2, 0, 0)
    assert scores.matched == {"F1": ("a.txt", 0), "F2": ("a.txt", 1)}


def test_optional_and_lenient_words_count_neither_way_and_wrong_values_are_named() -> None:
    text = "Title\n\nThe 44-year-old pilot flew hundreds of hours and carried 300 kg, not 30."
    gold = {
        "figures": [_gold("F1", "a.txt", text, "44", 44), _gold("F2", "a.txt", text, "300 kg", 300)],
        "optional": [{"file": "a.txt", "quote": "hundreds", "start": text.index("hundreds"),
                      "end": text.index("hundreds") + 8}],
        "lenient": [r"\b\d+-year-old\b"],
    }
    predicted = [_figure(text, "hundreds", 100), _figure(text, "300 kg", 3000), _figure(text, "30", 30, nth=1)]
    scores = score_predictions(gold, {"a.txt": text}, {"a.txt": predicted})
    # F1 sits on lenient words: not required; "hundreds" is optional: not a false figure
    assert (scores.tp, scores.fn) == (0, 1)
    assert [f.text for _, f in scores.false_positives] == ["300 kg", "30"]
    assert [(gid, want) for gid, want, _ in scores.wrong_values] == [("F2", 300.0)]
    assert scores.value_accuracy == 0.0
    assert scores.ignored == [("a.txt", 0)]


def test_a_value_matches_as_far_as_the_gold_writes_it() -> None:
    text = "Title\n\nA third of the town lost power."
    gold = {"figures": [_gold("F1", "a.txt", text, "A third", 0.333)]}
    scores = score_predictions(gold, {"a.txt": text}, {"a.txt": [_figure(text, "A third", 1 / 3)]})
    assert (scores.tp, scores.fp, scores.fn) == (1, 0, 0)


def _stored(fid: int, story: str, file: str, fig: Figure) -> StoredFigure:
    return StoredFigure(id=fid, figure=fig, source=Source(article_id=fid, outlet=None, file=f"/c/{story}/{file}"))


def _flag(fid: int, kind: str, figure_ids: tuple[int, ...]) -> FlagInfo:
    return FlagInfo(id=fid, story_id=1, group_id=None, kind=kind, severity="high", status="open", why="w",
                    figure_ids=figure_ids, active=True, latest_figure_id=None, latest_at=None, reviewed_by=None,
                    reviewed_at=None, review_note=None, created_at=NOW, updated_at=NOW)


def _two_stories() -> tuple[list[StoryGold], list[StoredFigure]]:
    a = "Title\n\nThe flood forced 200 families out; officials later said 350 families left. 9 roads shut."
    b = "Title\n\nThe flood forced 400 families out, and 12 roads shut."
    c = "Title\n\nThe quake destroyed 30 homes; a later count said 31 homes."
    gold_flood = {
        "figures": [_gold("F1", "a.txt", a, "200", 200), _gold("F2", "a.txt", a, "350", 350),
                    _gold("F3", "b.txt", b, "400", 400), _gold("F4", "a.txt", a, "9", 9),
                    _gold("F5", "b.txt", b, "12", 12)],
        "groups": [{"id": "D1", "verdict": "conflict", "figures": ["F1", "F3"]},
                   {"id": "D2", "verdict": "consistent", "figures": ["F4", "F5"]}],
    }
    gold_quake = {"figures": [_gold("F1", "c.txt", c, "30", 30), _gold("F2", "c.txt", c, "31", 31)],
                  "groups": [{"id": "D1", "verdict": "borderline", "figures": ["F1", "F2"]}]}
    stories = [StoryGold("flood", gold_flood, {"a.txt": a, "b.txt": b}), StoryGold("quake", gold_quake, {"c.txt": c})]
    figures = [
        _stored(1, "flood", "a.txt", _figure(a, "200", 200)), _stored(2, "flood", "a.txt", _figure(a, "350", 350)),
        _stored(3, "flood", "a.txt", _figure(a, "9", 9)), _stored(4, "flood", "b.txt", _figure(b, "400", 400)),
        _stored(5, "flood", "b.txt", _figure(b, "12", 12)), _stored(6, "quake", "c.txt", _figure(c, "30", 30)),
        _stored(7, "quake", "c.txt", _figure(c, "31", 31)),
    ]
    return stories, figures


def test_flags_are_judged_right_false_borderline_impure_and_cross_story() -> None:
    stories, figures = _two_stories()
    flags = [
        _flag(1, "conflict", (1, 4)),  # the real conflict
        _flag(2, "conflict", (3, 5)),  # a consistent group: false alarm
        _flag(3, "conflict", (6, 7)),  # borderline: neither way
        _flag(4, "conflict", (2, 4)),  # 350 is in no group: false and impure
        _flag(5, "conflict", (4, 6)),  # across two stories
        _flag(6, "internal_error", (1, 4)),  # the right figures, the wrong kind
    ]
    scores = score_corpus(stories, figures, flags)
    verdicts = {j.flag.id: (j.verdict, j.impure) for j in scores.total.flags}
    assert verdicts == {1: ("right", False), 2: ("false", False), 3: ("borderline", False), 4: ("false", True),
                        5: ("cross-story", True), 6: ("false", False)}
    flood, quake = scores.stories
    assert (flood.problems_found, len(flood.problems)) == (1, 1)
    assert (flood.count("right"), flood.count("false"), flood.count("cross-story")) == (1, 3, 1)
    assert (quake.count("borderline"), quake.count("cross-story")) == (1, 1)
    assert scores.total.count("cross-story") == 1  # counted once in the total
    assert (scores.total.count("right"), scores.total.wrong) == (1, 4)
    report = format_corpus_report(scores)
    assert "FLAG #5 cross-story" in report and "FLAG #2 false" in report


def test_flags_worth_a_look_are_counted_apart_and_find_nothing() -> None:
    from dataclasses import replace

    stories, figures = _two_stories()
    weak = [replace(_flag(1, "conflict", (1, 4)), confidence="low"), replace(_flag(2, "conflict", (3, 5)),
                                                                             confidence="low")]
    scores = score_corpus(stories, figures, weak)
    flood = scores.stories[0]
    assert (flood.problems_found, flood.worth_a_look, scores.total.worth_a_look) == (0, 2, 2)
    assert scores.total.flags == [] and scores.total.wrong == 0
    assert "worth a look (low confidence, not judged) 2" in format_corpus_report(scores)


def test_a_missed_conflict_is_a_line_of_its_own() -> None:
    stories, figures = _two_stories()
    scores = score_corpus(stories, figures, [_flag(1, "update", (1, 4))])
    assert scores.stories[0].problems_found == 0
    assert "MISSED GROUP flood/D1 conflict" in format_corpus_report(scores)


def test_lookups_report_recall_flags_and_the_rank_of_the_first_useful_group() -> None:
    stories, figures = _two_stories()
    flag = _flag(1, "conflict", (1, 4))
    item = {"query": "families", "must_include": ["flood/F1", "flood/F3"], "must_flag": ["flood/D1"]}
    second = LookupAnswer("families", groups=((3, 5), (1, 4)), figure_ids=frozenset({1, 3, 4, 5}), flags=(flag,))
    first = LookupAnswer("families", groups=((1, 4),), figure_ids=frozenset({1, 4}), flags=(flag,))
    partial = LookupAnswer("families", groups=((1,),), figure_ids=frozenset({1}), flags=())
    outcomes = score_corpus(stories, figures, [flag], [(item, second), (item, first), (item, partial)]).lookups
    assert [(o.found, o.rank, o.complete) for o in outcomes] == [(2, 2, False), (2, 1, True), (1, 1, False)]
    assert outcomes[2].missing == ("flood/F3",) and outcomes[2].unflagged == ("flood/D1",)


def _write_story(root: Path, name: str, articles: dict[str, str], groups: list[dict]) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    figures = []
    for file, text in articles.items():
        outlet = file[3:-4].title()
        (folder / file).write_text(text, "utf-8")
        (folder / file.replace(".txt", ".meta.json")).write_text(
            json.dumps({"outlet": outlet, "published": "2024-04-02T10:00:00", "story": "a name the tool ignores"}))
        for i, fig in enumerate(extract(text)):
            figures.append({"id": f"{file[:2]}{i}", "file": file, "quote": fig.text, "start": fig.start,
                            "end": fig.end, "value": fig.value, "qualifier": str(fig.qualifier),
                            "counts": fig.counts, "said_by": fig.said_by})
    gold = {"figures": figures, "groups": [{"id": g["id"], "verdict": g["verdict"],
                                           "figures": g["figures"]} for g in groups]}
    (folder / "gold-std.yaml").write_text(yaml.safe_dump(gold), "utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    _write_story(root, "harbour-fire", {
        "01_gazette.txt": ("Harbour warehouse fire\n\nFirefighters said 40 people were evacuated from the harbour "
                           "warehouse fire on Tuesday.\n"),
        "02_herald.txt": ("Warehouse blaze at the harbour\n\nThe fire brigade said 40 people were evacuated from "
                          "the burning harbour warehouse on Tuesday.\n"),
    }, [{"id": "D1", "verdict": "consistent", "figures": ["010", "020"]}])
    _write_story(root, "chess-final", {
        "01_gazette.txt": ("Chess final\n\nThe grandmaster won the chess final after 61 moves in the city hall, "
                           "the organisers said.\n"),
    }, [])
    (root / "queries.yaml").write_text(yaml.safe_dump({"queries": [
        {"query": "evacuated", "must_include": ["harbour-fire/010", "harbour-fire/020"], "must_flag": []}]}))
    return root


def test_eval_corpus_ingests_the_folders_without_story_names_and_scores_them(corpus: Path) -> None:
    report = evaluate_corpus(corpus)
    assert report.startswith("2 stories, 3 articles")
    lines = {line.split()[0]: line.split() for line in report.splitlines() if line.split()}
    assert lines["harbour-fire"][1:4] == ["1.00", "1.00", "1.00"]  # the gold was written from the extraction
    assert lines["TOTAL"][1:4] == ["1.00", "1.00", "1.00"]
    assert "ok  'evacuated': figures 2/2, flags 0/0, rank 1" in report
    data = json.loads(evaluate_corpus(corpus, as_json=True))
    assert [s["story"] for s in data["stories"]] == ["chess-final", "harbour-fire"]
    assert data["total"]["flags"]["cross-story"] == 0
    assert data["lookups"][0]["complete"] is True


def test_eval_corpus_counts_a_figure_the_gold_does_not_have(corpus: Path) -> None:
    gold_file = corpus / "chess-final" / "gold-std.yaml"
    gold = yaml.safe_load(gold_file.read_text("utf-8"))
    gold["figures"] = []
    gold_file.write_text(yaml.safe_dump(gold), "utf-8")
    report = evaluate_corpus(corpus)
    assert "FALSE chess-final/01_gazette.txt:55 '61' in " in report


def test_eval_corpus_without_the_folder_says_so_in_one_line_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(CorpusMissing):
        evaluate_corpus(tmp_path / "nowhere")
    assert main(["eval-corpus", str(tmp_path / "nowhere")]) == 2
    out = capsys.readouterr().out
    assert out.startswith("../shared not found: ") and out.count("\n") == 1


def test_eval_corpus_cli_prints_json(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval-corpus", str(corpus), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 3
