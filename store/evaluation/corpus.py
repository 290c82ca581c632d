"""Scoring a store built from a whole corpus (../shared/corpus layout) against each story's gold.

Pure functions: the caller ingests the corpus and hands over the stored figures, the flags and the
lookups' answers. Figures are matched per file by the seed rules (store.evaluation.figures: the
gold's offsets, equal values). Then:

- a problem group (gold verdict conflict or internal_error) is found when a flag of that kind
  names two or more of its figures (store.evaluation.lookups.covering);
- each flag is judged once: `cross-story` when its figures come from more than one story folder
  (always false); otherwise, leaving out figures on optional or lenient words, `neutral` when fewer
  than two figures remain, `right` when it covers a problem group of its kind, `borderline` when it
  covers a borderline group (counted neither way), else `false`. Flags of low confidence are
  shown to the editor as only worth a look (store.confidence): they are counted apart, neither
  finding a problem group nor judged as flags;
- a flag is `impure` when its figures fall in more than one gold group; a gold figure outside every
  group is a group of its own, and so is each figure that matches no gold figure;
- a lookup's rank is the 1-based place of the first answer group that holds an expected figure; it
  is `complete` when every must_include figure and every must_flag group is in the answer and that
  rank is 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..figure import StoredFigure
from ..records import FlagInfo
from .figures import FIELDS, FigureScores, score_predictions
from .lookups import FLAG_KIND, covering

CORPUS_FIELDS = ("qualifier", "value", "counts", "said_by")
PROBLEMS = tuple(FLAG_KIND)


@dataclass(frozen=True, slots=True)
class StoryGold:
    """One story folder: its parsed gold-std.yaml and its texts (file name -> text)."""

    name: str
    gold: dict[str, Any]
    texts: dict[str, str]


@dataclass(frozen=True, slots=True)
class LookupAnswer:
    """What one lookup returned: its groups' figure ids in the order shown, every figure and flag."""

    query: str
    groups: tuple[tuple[int, ...], ...]
    figure_ids: frozenset[int]
    flags: tuple[FlagInfo, ...]


@dataclass(frozen=True, slots=True)
class FlagJudgement:
    flag: FlagInfo
    stories: tuple[str, ...]
    verdict: str  # right, false, borderline, neutral, cross-story
    impure: bool
    gold: tuple[str, ...]  # STORY/ID of the gold figures it names ("?" for a false figure)
    why: str


@dataclass(frozen=True, slots=True)
class ProblemOutcome:
    story: str
    id: str
    verdict: str
    found: bool
    located: int
    size: int


@dataclass(frozen=True, slots=True)
class LookupOutcome:
    query: str
    expected: int
    found: int
    missing: tuple[str, ...]
    flags_expected: int
    unflagged: tuple[str, ...]
    rank: int | None
    groups: int

    @property
    def complete(self) -> bool:
        return self.found == self.expected and not self.unflagged and self.rank == 1


@dataclass
class StoryScores:
    name: str
    figures: FigureScores
    problems: list[ProblemOutcome] = field(default_factory=list)
    flags: list[FlagJudgement] = field(default_factory=list)
    worth_a_look: int = 0  # low-confidence flags, not judged

    def count(self, verdict: str) -> int:
        return sum(j.verdict == verdict for j in self.flags)

    @property
    def wrong(self) -> int:
        """False flags, cross-story ones included."""
        return self.count("false") + self.count("cross-story")

    @property
    def impure(self) -> int:
        return sum(j.impure for j in self.flags)

    @property
    def problems_found(self) -> int:
        return sum(p.found for p in self.problems)

    def field_accuracy(self, name: str) -> float:
        return self.figures.value_accuracy if name == "value" else self.figures.accuracy(name)


@dataclass
class CorpusScores:
    stories: list[StoryScores]
    total: StoryScores
    lookups: list[LookupOutcome]
    articles: int
    stored_figures: int


def story_of(stored: StoredFigure) -> tuple[str, str]:
    """(story folder, file name) of a stored figure, from the path its article was read from."""
    path = Path(stored.source.file or "")
    return path.parent.name, path.name


def _add(total: FigureScores, part: FigureScores) -> None:
    total.tp += part.tp
    total.fp += part.fp
    total.fn += part.fn
    for name in FIELDS:
        total.field_right[name] += part.field_right[name]
    total.misses += part.misses
    total.false_positives += part.false_positives
    total.not_claims_hit += part.not_claims_hit
    total.field_errors += part.field_errors
    total.wrong_values += part.wrong_values


def score_corpus(
    stories: Sequence[StoryGold],
    figures: Sequence[StoredFigure],
    flags: Sequence[FlagInfo],
    lookups: Sequence[tuple[dict[str, Any], LookupAnswer]] = (),
) -> CorpusScores:
    """Every measure of the module docstring, per story and in total."""
    by_file: dict[tuple[str, str], list[StoredFigure]] = {}
    for stored in sorted(figures, key=lambda s: s.id):  # id order is each article's extraction order
        by_file.setdefault(story_of(stored), []).append(stored)
    located: dict[str, int] = {}  # STORY/ID -> stored figure id
    gold_of: dict[int, str] = {}  # stored figure id -> STORY/ID
    neutral: set[int] = set()
    story_of_id = {s.id: story_of(s)[0] for s in figures}
    results: list[StoryScores] = []
    for story in stories:
        predicted = {name: [s.figure for s in by_file.get((story.name, name), [])] for name in story.texts}
        scores = score_predictions(story.gold, story.texts, predicted)
        for gold_id, (name, index) in scores.matched.items():
            stored_id = by_file[(story.name, name)][index].id
            located[f"{story.name}/{gold_id}"] = stored_id
            gold_of[stored_id] = f"{story.name}/{gold_id}"
        neutral.update(by_file[(story.name, name)][index].id for name, index in scores.ignored)
        results.append(StoryScores(name=story.name, figures=scores))
    group_of: dict[str, str] = {}  # STORY/ID -> STORY/group id
    verdicts: dict[str, str] = {}
    members: dict[str, set[int]] = {}
    for story in stories:
        for group in story.gold.get("groups", []) or []:
            key = f"{story.name}/{group['id']}"
            verdicts[key] = group["verdict"]
            members[key] = {located[f"{story.name}/{g}"] for g in group["figures"] if f"{story.name}/{g}" in located}
            for g in group["figures"]:
                group_of.setdefault(f"{story.name}/{g}", key)
    by_name = {s.name: s for s in results}
    for story in stories:
        for group in story.gold.get("groups", []) or []:
            key = f"{story.name}/{group['id']}"
            if group["verdict"] not in PROBLEMS:
                continue
            hit = bool(covering(flags, members[key], FLAG_KIND[group["verdict"]]))
            by_name[story.name].problems.append(ProblemOutcome(
                story=story.name, id=group["id"], verdict=group["verdict"], found=hit,
                located=len(members[key]), size=len(group["figures"])))
    total = StoryScores(name="TOTAL", figures=FigureScores())
    for scores in results:
        _add(total.figures, scores.figures)
        total.problems += scores.problems
    for flag in flags:
        if flag.confidence == "low":
            total.worth_a_look += 1
            for name in {story_of_id.get(i, "?") for i in flag.figure_ids} & set(by_name):
                by_name[name].worth_a_look += 1
            continue
        judgement = judge_flag(flag, story_of_id, gold_of, group_of, verdicts, members, neutral)
        total.flags.append(judgement)
        for name in judgement.stories:
            if name in by_name:
                by_name[name].flags.append(judgement)
    outcomes = [score_lookup(item, answer, located, members) for item, answer in lookups]
    articles = sum(len(s.texts) for s in stories)
    return CorpusScores(stories=results, total=total, lookups=outcomes, articles=articles,
                        stored_figures=len(figures))


def judge_flag(
    flag: FlagInfo,
    story_of_id: dict[int, str],
    gold_of: dict[int, str],
    group_of: dict[str, str],
    verdicts: dict[str, str],
    members: dict[str, set[int]],
    neutral: set[int],
) -> FlagJudgement:
    """One flag's verdict (see the module docstring)."""
    stories = tuple(sorted({story_of_id.get(i, "?") for i in flag.figure_ids}))
    ids = [i for i in flag.figure_ids if i not in neutral]
    named = tuple(gold_of.get(i, "?") for i in ids)
    groups = {group_of.get(g, g) if g != "?" else f"?{i}" for g, i in zip(named, ids, strict=True)}
    impure = len(groups) > 1
    if len(stories) > 1:
        return FlagJudgement(flag, stories, "cross-story", impure, named, "figures of " + " and ".join(stories))
    if len(ids) < 2:
        return FlagJudgement(flag, stories, "neutral", impure, named, "fewer than two scored figures")
    covered = [key for key, ids_of in members.items() if len(ids_of & set(ids)) >= 2]
    if any(verdicts[k] in PROBLEMS and FLAG_KIND[verdicts[k]] == flag.kind for k in covered):
        key = next(k for k in covered if verdicts[k] in PROBLEMS and FLAG_KIND[verdicts[k]] == flag.kind)
        return FlagJudgement(flag, stories, "right", impure, named, f"covers {key} ({verdicts[key]})")
    if any(verdicts[k] == "borderline" for k in covered):
        key = next(k for k in covered if verdicts[k] == "borderline")
        return FlagJudgement(flag, stories, "borderline", impure, named, f"covers {key} (borderline)")
    if covered:
        key = covered[0]
        return FlagJudgement(flag, stories, "false", impure, named, f"{flag.kind} on {key} ({verdicts[key]})")
    return FlagJudgement(flag, stories, "false", impure, named, "covers no gold group")


def score_lookup(
    item: dict[str, Any], answer: LookupAnswer, located: dict[str, int], members: dict[str, set[int]]
) -> LookupOutcome:
    """Recall of must_include, must_flag groups covered, rank of the first useful group."""
    expected = list(item.get("must_include", []) or [])
    missing = tuple(g for g in expected if located.get(g) not in answer.figure_ids)
    wanted = {located[g] for g in expected if g in located}
    must_flag = list(item.get("must_flag", []) or [])
    unflagged = tuple(g for g in must_flag if not covering(answer.flags, members.get(g, set())))
    rank = next((i for i, ids in enumerate(answer.groups, 1) if wanted & set(ids)), None)
    return LookupOutcome(query=str(item["query"]), expected=len(expected), found=len(expected) - len(missing),
                         missing=missing, flags_expected=len(must_flag), unflagged=unflagged, rank=rank,
                         groups=len(answer.groups))


def _row(s: StoryScores) -> str:
    f = s.figures
    problems = f"{s.problems_found}/{len(s.problems)}"
    fields = " ".join(f"{s.field_accuracy(n):.2f}" for n in CORPUS_FIELDS)
    flags = f"{s.count('right')}/{s.wrong}/{s.count('borderline')}"
    return (f"{s.name:<30} {f.precision:.2f} {f.recall:.2f} {f.f1:.2f} {f.tp:>4} {f.fp:>4} {f.fn:>4}  {fields}"
            f"  {problems:>5}  {flags:>8}  {s.impure:>3}  {s.count('cross-story'):>3}")


def format_corpus_report(scores: CorpusScores) -> str:
    """The plain-text report: a table per story and in total, lookups, then one line per problem."""
    t = scores.total
    lines = [
        f"{len(scores.stories)} stories, {scores.articles} articles, {scores.stored_figures} figures stored, "
        f"{len(t.flags)} flags",
        f"{'story':<30} P    R    F1     tp   fp   fn  qual valu cnts said  probl  flags r/f/b  imp  x-s",
    ]
    lines += [_row(s) for s in scores.stories]
    lines.append(_row(t))
    judged = t.count("right") + t.wrong
    lines.append(
        f"problem groups found {t.problems_found}/{len(t.problems)}; flags right {t.count('right')}/{judged} "
        f"(false ones cross-story included; borderline {t.count('borderline')}, neutral {t.count('neutral')}); "
        f"impure {t.impure}/{len(t.flags)}; "
        f"cross-story {t.count('cross-story')}; worth a look (low confidence, not judged) {t.worth_a_look}")
    if scores.lookups:
        lines.append("Lookups (rank = first group holding an expected figure):")
        for q in scores.lookups:
            rank = q.rank if q.rank is not None else "-"
            detail = "".join([f"; missing {', '.join(q.missing)}" if q.missing else "",
                              f"; not flagged {', '.join(q.unflagged)}" if q.unflagged else ""])
            lines.append(f"  {'ok ' if q.complete else 'BAD'} {q.query!r}: figures {q.found}/{q.expected}, "
                         f"flags {q.flags_expected - len(q.unflagged)}/{q.flags_expected}, rank {rank} "
                         f"of {q.groups}{detail}")
        lines.append(f"  {sum(q.complete for q in scores.lookups)}/{len(scores.lookups)} lookups complete")
    lines.append("Problems:")
    for s in scores.stories:
        lines += problem_lines(s)
    return "\n".join(lines)


def problem_lines(s: StoryScores) -> list[str]:
    """One line per missed figure, false figure, wrong value, missed problem group, wrong flag, field error."""
    out = []
    for g in s.figures.misses:
        out.append(f"  MISSED {s.name}/{g['id']} {g['file']}:{g.get('start')} {g['quote']!r} ({g['value']})"
                   f" counts {g.get('counts')!r}")
    for name, fig in s.figures.false_positives:
        out.append(f"  FALSE {s.name}/{name}:{fig.start} {fig.text!r} in {_snippet(fig.sentence, fig)!r}")
    for gid, want, fig in s.figures.wrong_values:
        out.append(f"  VALUE {s.name}/{gid} {fig.text!r}: gold {want:g}, ours {fig.value:g}")
    for p in s.problems:
        if not p.found:
            out.append(f"  MISSED GROUP {s.name}/{p.id} {p.verdict} ({p.located}/{p.size} figures found)")
    for j in s.flags:
        if j.verdict in ("false", "cross-story") and j.stories[0] == s.name:
            out.append(f"  FLAG #{j.flag.id} {j.verdict} {j.flag.kind}: {j.why}; {', '.join(j.gold)}"
                       f"{' (impure)' if j.impure else ''}: {j.flag.why[:120]!r}")
    for gid, key, want, got in s.figures.field_errors:
        if key in CORPUS_FIELDS:
            out.append(f"  FIELD {s.name}/{gid} {key}: gold {want!r}, ours {got!r}")
    return out


def _snippet(sentence: str, fig: Any) -> str:
    """Up to 90 characters of the sentence around the figure."""
    at = sentence.find(fig.text)
    if at < 0 or len(sentence) <= 90:
        return sentence[:90]
    begin = max(0, at - 40)
    return sentence[begin:begin + 90]


def corpus_json(scores: CorpusScores) -> dict[str, Any]:
    """The `claimbot eval-corpus --json` object: per story, the total, lookups and problem lines."""

    def story(s: StoryScores) -> dict[str, Any]:
        f = s.figures
        return {
            "story": s.name,
            "figures": {"precision": f.precision, "recall": f.recall, "f1": f.f1, "tp": f.tp, "fp": f.fp, "fn": f.fn},
            "fields": {n: s.field_accuracy(n) for n in CORPUS_FIELDS},
            "problems": {"found": s.problems_found, "total": len(s.problems),
                         "missed": [p.id for p in s.problems if not p.found]},
            "flags": {v: s.count(v) for v in ("right", "false", "borderline", "neutral", "cross-story")}
            | {"impure": s.impure, "total": len(s.flags)},
            "flag_details": [{"id": j.flag.id, "kind": j.flag.kind, "verdict": j.verdict, "impure": j.impure,
                              "gold": list(j.gold), "judged": j.why, "why": j.flag.why} for j in s.flags],
            "misses": [f"{g['file']}:{g.get('start')} {g['id']} {g['quote']}" for g in f.misses],
            "false_figures": [f"{name}:{fig.start} {fig.text}" for name, fig in f.false_positives],
        }

    return {
        "articles": scores.articles,
        "stored_figures": scores.stored_figures,
        "total": story(scores.total),
        "stories": [story(s) for s in scores.stories],
        "lookups": [{"query": q.query, "found": q.found, "expected": q.expected, "missing": list(q.missing),
                     "flags_expected": q.flags_expected, "unflagged": list(q.unflagged), "rank": q.rank,
                     "groups": q.groups, "complete": q.complete} for q in scores.lookups],
        "problems": [line.strip() for s in scores.stories for line in problem_lines(s)],
    }
