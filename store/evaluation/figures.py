"""How well extraction matches a gold file in the seeds-gold.yaml format.

A predicted figure matches a gold figure when the file is the same, the values are equal
(to 0.1%, as gold writes a third 0.333) and the character spans overlap; the gold span is the first occurrence of its
`quote` in the article, or its `start`/`end` offsets when the gold gives them (a corpus quote
"one" occurs many times). Each gold figure matches at most one prediction and vice versa. Gold
`optional` figures are neither true nor false positives: a prediction overlapping an optional quote
is ignored, and so is one inside a match of a gold `lenient` regex (a gold figure there is not
required either). A prediction overlapping a `not_claims` quote counts as a not-claim hit. A
prediction over a gold figure's words with another value is a miss and a false figure; the value
accuracy is the share of such overlaps that give the gold value.

Field accuracy is measured over matched figures only:
- qualifier: equal names.
- unit: the predicted pint unit converted to the gold's short name (km, km2, ha, m2, sq_ft,
  sq_mi, percent); None must equal None.
- counts: the head of a noun phrase is the last term (store.terms) before the first "of", "and",
  "with", relative pronoun or preposition ("demined area" -> area, "militants with families" ->
  militant). Right when the gold head is among the predicted phrase's terms or the predicted head
  is among the gold's terms; None matches only None. So "militants and their families" matches
  "fighters with families" but "cars" does not match "ambulances".
- action: the same, with the head of a verb phrase being its first term ("laid down their
  weapons" -> lay).
- said_by: rapidfuzz token_set_ratio >= 80 on the two strings; None == None is right.
- part_of: the predicted parent figure matches the gold parent (or both are None).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, utils

from ..extract import extract
from ..figure import Figure
from ..terms import terms
from ..units import convert, parse_unit

FIELDS = ("qualifier", "unit", "counts", "action", "said_by", "part_of")
GOLD_UNITS = {
    "km": "kilometer",
    "km2": "kilometer ** 2",
    "ha": "hectare",
    "m2": "meter ** 2",
    "sq_ft": "foot ** 2",
    "sq_mi": "mile ** 2",
    "percent": "percent",
    "m": "meter",
    "mi": "mile",
}


@dataclass
class FigureScores:
    """Precision, recall and F1 of figures, per-field accuracy over matches, and what went wrong."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    field_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[tuple[str, Figure]] = field(default_factory=list)
    not_claims_hit: list[tuple[str, Figure]] = field(default_factory=list)
    field_errors: list[tuple[str, str, Any, Any]] = field(default_factory=list)
    # a prediction over a gold figure's words with another value: (gold id, gold value, prediction)
    wrong_values: list[tuple[str, float, Figure]] = field(default_factory=list)
    matched: dict[str, tuple[str, int]] = field(default_factory=dict)  # gold id -> (file, prediction index)
    ignored: list[tuple[str, int]] = field(default_factory=list)  # predictions on optional/lenient words

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value_accuracy(self) -> float:
        """Share of predictions over a gold figure's words that give its value."""
        seen = self.tp + len(self.wrong_values)
        return self.tp / seen if seen else 0.0

    def accuracy(self, name: str) -> float:
        """Share of matched figures whose field NAME is right."""
        return self.field_right[name] / self.tp if self.tp else 0.0


# Gold files write a third as 0.333: values agree to the gold's three decimals.
VALUE_TOLERANCE = 1e-3


def same_value(predicted: float, gold: float) -> bool:
    """True when PREDICTED is the gold value as far as the gold writes it (0.333 for a third)."""
    return math.isclose(predicted, gold, rel_tol=VALUE_TOLERANCE, abs_tol=1e-9)


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """The span of the first occurrence of QUOTE in TEXT; None when it is not there."""
    at = text.find(quote)
    return (at, at + len(quote)) if at >= 0 else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def unit_matches(predicted: str | None, gold: str | None) -> bool:
    """True when the predicted pint unit is the gold's short unit name (None for plain counts)."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    target = GOLD_UNITS.get(gold, gold)
    if parse_unit(predicted) is None or parse_unit(target) is None:
        return False
    factor = convert(1.0, predicted, target)
    return factor is not None and math.isclose(factor, 1.0, rel_tol=1e-9)


_CHUNK_END = frozenset(
    [
        "of",
        "and",
        "&",
        "with",
        "that",
        "which",
        "who",
        "whom",
        "from",
        "to",
        "across",
        "through",
        "by",
        "in",
        "on",
        "at",
        "for",
    ]
)


def noun_head(phrase: str) -> str | None:
    """The head term of a noun phrase: the last term before its first preposition or conjunction.

    >>> noun_head("demined area"), noun_head("militants with families"), noun_head("area of Aleppo")
    ('area', 'militant', 'area')
    """
    words = phrase.split()
    for cut, word in enumerate(words):
        if word.lower() in _CHUNK_END and cut > 0:
            words = words[:cut]
            break
    found = terms(" ".join(words))
    return found[-1] if found else None


def phrase_matches(predicted: str | None, gold: str | None, *, verb: bool = False) -> bool:
    """True when the two phrases share a head term (see the module docstring)."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    ours, theirs = terms(predicted), terms(gold)
    if not ours or not theirs:
        return False
    if verb:
        return theirs[0] in ours or ours[0] in theirs
    return noun_head(gold) in ours or noun_head(predicted) in theirs


def speaker_matches(predicted: str | None, gold: str | None) -> bool:
    """True when the attributions agree by token_set_ratio >= 80, or are both None."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return fuzz.token_set_ratio(predicted, gold, processor=utils.default_process) >= 80


def gold_span(text: str, item: dict[str, Any]) -> tuple[int, int] | None:
    """The gold item's span: its start/end offsets when they hold its quote, else the first occurrence."""
    start, end = item.get("start"), item.get("end")
    if isinstance(start, int) and isinstance(end, int) and text[start:end] == item["quote"]:
        return (start, end)
    return locate(text, item["quote"])


def lenient_spans(text: str, patterns: Sequence[str]) -> list[tuple[int, int]]:
    """The spans of TEXT that a gold `lenient` regex matches (figures there may be taken or not)."""
    return [m.span() for pattern in patterns for m in re.finditer(pattern, text)]


def score_predictions(
    gold: dict[str, Any],
    texts: dict[str, str],
    predicted: dict[str, Sequence[Figure]],
    scores: FigureScores | None = None,
) -> FigureScores:
    """Score the PREDICTED figures of each file of TEXTS against GOLD; adds to SCORES when given.

    A gold figure inside a `lenient` span is neither required nor credited, and a prediction
    overlapping an optional or lenient span is ignored. A prediction that overlaps a gold figure
    but gives another value is a miss and a false figure, and lowers the value accuracy.
    """
    scores = scores if scores is not None else FigureScores()
    by_file: dict[str, list[dict[str, Any]]] = {}
    for item in gold.get("figures", []) or []:
        by_file.setdefault(item["file"], []).append(item)
    patterns = list(gold.get("lenient", []) or [])
    for name, text in sorted(texts.items()):
        figures = list(predicted.get(name, ()))
        lenient = lenient_spans(text, patterns)
        golds = [g for g in by_file.get(name, []) if not _inside_any(gold_span(text, g), lenient)]
        spans = [gold_span(text, g) for g in golds]
        optional = [s for g in gold.get("optional", []) or [] if g["file"] == name if (s := gold_span(text, g))]
        refuse = [s for g in gold.get("not_claims", []) or [] if g["file"] == name if (s := gold_span(text, g))]
        used: set[int] = set()
        match_of: dict[int, int] = {}
        for gi, g in enumerate(golds):
            span = spans[gi]
            for pi, fig in enumerate(figures):
                if pi in used or span is None:
                    continue
                if same_value(fig.value, float(g["value"])) and _overlap((fig.start, fig.end), span):
                    used.add(pi)
                    match_of[gi] = pi
                    break
        ids = {g["id"]: gi for gi, g in enumerate(golds)}
        for gi, g in enumerate(golds):
            if gi not in match_of:
                scores.fn += 1
                scores.misses.append({**g, "file": name})
                span = spans[gi]
                wrong = next((f for pi, f in enumerate(figures) if pi not in used and span is not None
                              and _overlap((f.start, f.end), span)), None)
                if wrong is not None:
                    scores.wrong_values.append((g["id"], float(g["value"]), wrong))
                continue
            scores.tp += 1
            scores.matched[g["id"]] = (name, match_of[gi])
            fig = figures[match_of[gi]]
            parent_gold = g.get("part_of")
            parent_ok = (
                fig.part_of is None
                if parent_gold is None
                else parent_gold in ids and match_of.get(ids[parent_gold]) == fig.part_of
            )
            checks = {
                "qualifier": str(fig.qualifier) == g.get("qualifier", "exact"),
                "unit": unit_matches(fig.unit, g.get("unit")),
                "counts": phrase_matches(fig.counts, g.get("counts")),
                "action": phrase_matches(fig.action, g.get("action"), verb=True),
                "said_by": speaker_matches(fig.said_by, g.get("said_by")),
                "part_of": parent_ok,
            }
            ours = {
                "qualifier": str(fig.qualifier),
                "unit": fig.unit,
                "counts": fig.counts,
                "action": fig.action,
                "said_by": fig.said_by,
                "part_of": fig.part_of,
            }
            for key, ok in checks.items():
                if ok:
                    scores.field_right[key] += 1
                else:
                    scores.field_errors.append((g["id"], key, g.get(key), ours[key]))
        for pi, fig in enumerate(figures):
            if pi in used:
                continue
            where = (fig.start, fig.end)
            if any(_overlap(where, s) for s in refuse):
                scores.not_claims_hit.append((name, fig))
                scores.fp += 1
            elif any(_overlap(where, s) for s in optional) or any(_overlap(where, s) for s in lenient):
                scores.ignored.append((name, pi))
            else:
                scores.fp += 1
                scores.false_positives.append((name, fig))
    return scores


def _inside_any(span: tuple[int, int] | None, spans: Sequence[tuple[int, int]]) -> bool:
    return span is not None and any(_overlap(span, s) for s in spans)


def score_figures(gold: dict[str, Any], texts: dict[str, str]) -> FigureScores:
    """Score extract() on TEXTS (file name -> article text) against GOLD (a parsed gold file)."""
    return score_predictions(gold, texts, {name: extract(text) for name, text in texts.items()})


def evaluate_figures(gold_path: Path, articles_dir: Path) -> FigureScores:
    """Score extraction on the articles of ARTICLES_DIR named in the gold file at GOLD_PATH."""
    gold = yaml.safe_load(Path(gold_path).read_text("utf-8"))
    names = {g["file"] for key in ("figures", "optional", "not_claims") for g in gold.get(key, []) or []}
    texts = {n: (Path(articles_dir) / n).read_text("utf-8") for n in sorted(names) if (Path(articles_dir) / n).exists()}
    return score_figures(gold, texts)


def format_figure_report(scores: FigureScores) -> str:
    """A plain-text report: P/R/F1, field accuracies, misses, false positives and field errors."""
    lines = [
        f"figures: P {scores.precision:.3f}  R {scores.recall:.3f}  F1 {scores.f1:.3f}  "
        f"(tp {scores.tp}, fp {scores.fp}, fn {scores.fn})",
        "fields over matched figures: " + "  ".join(f"{name} {scores.accuracy(name):.2f}" for name in FIELDS),
        f"not_claims extracted: {len(scores.not_claims_hit)}",
    ]
    for name, fig in scores.not_claims_hit:
        lines.append(f"  NOT A CLAIM {name}: {fig.text!r}")
    for g in scores.misses:
        lines.append(f"  MISSED {g['id']}: {g['quote']!r} ({g['value']})")
    for name, fig in scores.false_positives:
        lines.append(f"  EXTRA {name}: {fig.text!r} in {fig.sentence[:80]!r}")
    for gid, key, want, got in scores.field_errors:
        lines.append(f"  FIELD {gid} {key}: gold {want!r}, ours {got!r}")
    return "\n".join(lines)
