"""Scoring the store against the groups and queries of a gold file (seeds-gold.yaml format).

Gold figures are found among stored figures by file, value and overlapping span, the same rule as
the figure score. A flag "covers" a gold group when it names at least two of the group's figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.evaluation.figures import same_value
from store.figure import StoredFigure
from store.records import FlagInfo

FLAG_KIND = {"conflict": "conflict", "internal_error": "internal_error"}
MUST_NOT_FLAG = {"consistent", "different_scope"}


@dataclass(frozen=True, slots=True)
class GroupOutcome:
    id: str
    verdict: str
    found: int  # gold figures of the group found in the store
    size: int
    flagged_by: tuple[int, ...]  # flags covering the group
    ok: bool
    why: str


@dataclass(frozen=True, slots=True)
class QueryOutcome:
    query: str
    missing: tuple[str, ...]
    expected: int
    unflagged: tuple[str, ...]  # must_flag groups without a covering flag in the answer
    wrongly_flagged: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unflagged or self.wrongly_flagged)


@dataclass(frozen=True, slots=True)
class StoreScores:
    groups: tuple[GroupOutcome, ...]
    queries: tuple[QueryOutcome, ...]
    unmatched_gold: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return all(g.ok for g in self.groups) and all(q.ok for q in self.queries)


def locate(gold: dict[str, Any], texts: dict[str, str], figures: Sequence[StoredFigure]) -> dict[str, int]:
    """Gold figure id -> stored figure id, by file, value and overlapping span."""
    by_file: dict[str, list[StoredFigure]] = {}
    for stored in figures:
        by_file.setdefault(Path(stored.source.file or "").name, []).append(stored)
    found: dict[str, int] = {}
    for item in gold.get("figures", []):
        text = texts.get(item["file"], "")
        start = text.find(item["quote"])
        if start < 0:
            continue
        end = start + len(item["quote"])
        for stored in by_file.get(item["file"], []):
            f = stored.figure
            if f.start < end and start < f.end and same_value(f.value, float(item["value"])):
                found[item["id"]] = stored.id
                break
    return found


def covering(flags: Iterable[FlagInfo], figure_ids: set[int], kind: str | None = None) -> list[FlagInfo]:
    """The confident flags naming two or more of FIGURE_IDS: a flag of low confidence is shown to
    the editor as only worth a look (store.confidence), so it neither finds nor raises a problem."""
    return [f for f in flags if len(figure_ids & set(f.figure_ids)) >= 2 and (kind is None or f.kind == kind)
            and f.confidence != "low"]


def score_groups(gold: dict[str, Any], located: dict[str, int], flags: Sequence[FlagInfo]) -> list[GroupOutcome]:
    outcomes = []
    for group in gold.get("groups", []):
        ids = {located[g] for g in group["figures"] if g in located}
        verdict = group["verdict"]
        if verdict in FLAG_KIND:
            hits = covering(flags, ids, FLAG_KIND[verdict])
            ok, why = bool(hits), "flagged" if hits else f"no {verdict} flag covers it"
        elif verdict in MUST_NOT_FLAG:
            hits = covering(flags, ids)
            ok, why = not hits, "no flag" if not hits else "false alarm: " + "; ".join(f.why for f in hits)
        else:  # update: a flag of kind update is welcome, a conflict is not required
            hits = covering(flags, ids)
            ok = all(f.kind != "conflict" for f in hits)
            why = ", ".join(sorted({f.kind for f in hits})) or "no flag"
        outcomes.append(
            GroupOutcome(
                id=group["id"],
                verdict=verdict,
                found=len(ids),
                size=len(group["figures"]),
                flagged_by=tuple(f.id for f in hits),
                ok=ok,
                why=why,
            )
        )
    return outcomes


def score_queries(
    gold: dict[str, Any], located: dict[str, int], lookup: Callable[[str], tuple[set[int], list[FlagInfo]]]
) -> list[QueryOutcome]:
    groups = {g["id"]: {located[i] for i in g["figures"] if i in located} for g in gold.get("groups", [])}
    outcomes = []
    for item in gold.get("queries", []):
        figure_ids, flags = lookup(item["query"])
        missing = tuple(g for g in item.get("must_include", []) if located.get(g) not in figure_ids)
        unflagged = tuple(g for g in item.get("must_flag", []) if not covering(flags, groups.get(g, set())))
        wrong = tuple(g for g in item.get("must_not_flag", []) if covering(flags, groups.get(g, set())))
        outcomes.append(
            QueryOutcome(
                query=item["query"],
                missing=missing,
                expected=len(item.get("must_include", [])),
                unflagged=unflagged,
                wrongly_flagged=wrong,
            )
        )
    return outcomes


def format_store_report(scores: StoreScores) -> str:
    lines = ["Groups (flags against the editor's verdicts):"]
    for g in scores.groups:
        mark = "ok " if g.ok else "BAD"
        lines.append(f"  {mark} {g.id:<4} {g.verdict:<15} {g.found}/{g.size} figures found; {g.why}")
    passed = sum(g.ok for g in scores.groups)
    lines.append(f"  {passed}/{len(scores.groups)} groups as the editor would have them")
    lines.append("Lookups (claimbot claim QUERY):")
    for q in scores.queries:
        found = q.expected - len(q.missing)
        detail = "".join(
            [
                f"; missing {', '.join(q.missing)}" if q.missing else "",
                f"; not flagged {', '.join(q.unflagged)}" if q.unflagged else "",
                f"; wrongly flagged {', '.join(q.wrongly_flagged)}" if q.wrongly_flagged else "",
            ]
        )
        lines.append(f"  {'ok ' if q.ok else 'BAD'} {q.query!r}: {found}/{q.expected} figures{detail}")
    lines.append(f"  {sum(q.ok for q in scores.queries)}/{len(scores.queries)} lookups complete")
    if scores.unmatched_gold:
        lines.append(f"Gold figures not in the store: {', '.join(scores.unmatched_gold)}")
    return "\n".join(lines)
