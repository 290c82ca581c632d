"""Score store.extract on NewsQuant (CQE, EMNLP 2023) and time it against quantulum3.

Run:  python -m benchmarks.newsquant [--data PATH]
The data stays in ../shared/benchmarks/newsquant (FORMAT.md there); nothing is copied here.

Scoring follows FORMAT.md: a gold quantity is found when some prediction has a close value
(np.isclose, rtol 1e-5; a range matches a range by both ends); P = TP / #predictions,
R = TP / #gold. value+unit also needs the normalised unit: ours is mapped from pint names to
CQE's names (UNIT_NAMES); for plain counts our unit is None and NewsQuant keeps the counted noun
("people", "customer"), so we compare the lemma of our counted head noun with the last word of
the gold's normalized_unit. value+change maps our qualifier/change to = ~ > < up down (a change
direction wins over a bound). value+concept compares the gold's referred_concepts words with the
terms of our counted phrase plus the sentence's subject (partial: sets intersect; complete: equal).
Vague words ("thousands of job cuts") are asked for, since NewsQuant annotates them as ranges.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.extract import extract
from store.extract.counts import subject_of
from store.extract.tokens import tokenize
from store.figure import Change, Figure, Qualifier
from store.terms import lemma, terms

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "newsquant"

# pint name (as store/rules/unit_phrases.toml writes it) -> CQE normalized_unit
UNIT_NAMES = {
    "percent": "percentage",
    "percentage_point": "percentage point",
    "USD": "dollar",
    "EUR": "euro",
    "GBP": "pound sterling",
    "JPY": "japanese yen",
    "CNY": "chinese yuan",
    "INR": "indian rupee",
    "AUD": "australian dollar",
    "CAD": "canadian dollar",
    "HKD": "hong kong dollar",
    "ILS": "shekel",
    "MYR": "malaysian ringgit",
    "RUB": "russian ruble",
    "CHF": "swiss franc",
    "cent": "cent",
    "kilometer": "kilometre",
    "meter": "metre",
    "centimeter": "centimetre",
    "millimeter": "millimetre",
    "micrometer": "micrometre",
    "nanometer": "nanometre",
    "mile": "mile",
    "yard": "yard",
    "foot": "foot",
    "inch": "inch",
    "kilometer ** 2": "square kilometre",
    "meter ** 2": "square metre",
    "mile ** 2": "square mile",
    "foot ** 2": "square foot",
    "foot ** 3": "cubic foot",
    "meter ** 3": "cubic metre",
    "hectare": "hectare",
    "acre": "acre",
    "liter": "litre",
    "milliliter": "millilitre",
    "gallon": "gallon",
    "oil_barrel": "barrel",
    "oil_barrel / day": "barrel per day",
    "metric_ton": "tonne",
    "ton": "ton",
    "kilogram": "kilogram",
    "gram": "gram",
    "milligram": "milligram",
    "pound": "pound-mass",
    "ounce": "ounce",
    "second": "second",
    "minute": "minute",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "decade": "decade",
    "mile / hour": "mile per hour",
    "kilometer / hour": "kilometre per hour",
    "knot": "knot",
    "mile / gallon": "mile per gallon",
    "degree_Celsius": "celsius",
    "degree_Fahrenheit": "fahrenheit",
    "degree": "degree",
    "watt": "watt",
    "kilowatt": "kilowatt",
    "megawatt": "megawatt",
    "gigawatt": "gigawatt",
    "kilowatt_hour": "kilowatt hour",
    "volt": "volt",
    "milliampere_hour": "milliampere-hour",
    "hertz": "hertz",
    "gigahertz": "gigahertz",
    "megahertz": "megahertz",
    "horsepower": "horsepower",
    "revolutions_per_minute": "revolutions per minute",
    "gigabyte": "gigabyte",
    "megabyte": "megabyte",
    "terabyte": "terabyte",
    "ppm": "parts-per-million",
    "ppb": "parts-per-billion",
    "farad": "farad",
    "USD / oil_barrel": "dollar per barrel",
}
CHANGE_OF = {
    Qualifier.EXACT: "=",
    Qualifier.APPROX: "~",
    Qualifier.MORE_THAN: ">",
    Qualifier.AT_LEAST: ">",
    Qualifier.UP_TO: "<",
    Qualifier.LESS_THAN: "<",
    Qualifier.RANGE: "=",
}


@dataclass
class Tally:
    """True positives, predictions and gold quantities for one scoring mode."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return 100 * p, 100 * r, (200 * p * r / (p + r) if p + r else 0.0)


def gold_value(text: str) -> tuple[float, float | None]:
    """A gold value string as (value, None) or a range as (low, high)."""
    cut = text.find("-", 1)
    if cut > 0 and text[cut - 1] not in "eE":
        return float(text[:cut]), float(text[cut + 1 :])
    return float(text), None


def value_matches(fig: Figure, gold: tuple[float, float | None]) -> bool:
    """True when FIG has the gold value (a range must match both ends)."""
    close = lambda a, b: math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-8)  # noqa: E731
    if gold[1] is not None:
        return (
            fig.qualifier is Qualifier.RANGE
            and fig.low is not None
            and fig.high is not None
            and (close(fig.low, gold[0]) and close(fig.high, gold[1]))
        )
    return close(fig.value, gold[0])


def our_change(fig: Figure) -> str:
    if fig.change is Change.UP:
        return "up"
    if fig.change is Change.DOWN:
        return "down"
    return CHANGE_OF[fig.qualifier]


def unit_matches(fig: Figure, gold: dict[str, Any]) -> bool:
    want = gold["normalized_unit"].lower()
    if fig.unit is not None:
        return UNIT_NAMES.get(fig.unit, fig.unit.lower()) == want
    if want == "-":
        return not fig.counts
    if not fig.counts:
        return False
    head = terms(fig.counts.split()[-1])
    last = want.split()[-1]
    return bool(head) and (head[-1] == lemma(last) or head[-1] == last)


def concept_words(fig: Figure) -> set[str]:
    words = set(terms(fig.counts or ""))
    tokens = tokenize(fig.sentence)
    span = subject_of(tokens)
    if span is not None:
        words |= set(terms(" ".join(t.text for t in tokens[span[0] : span[1]])))
    return words


def gold_concept(text: str) -> set[str]:
    if text.strip() == "-":
        return set()
    return set(terms(text.replace(",", " ")))


def score(data: list[dict[str, Any]]) -> dict[str, Tally]:
    modes = ["value", "value+unit", "value+change", "value+concept (partial)", "value+concept (complete)"]
    tallies = {m: Tally() for m in modes}
    for item in data:
        predicted = extract(item["text"], vague=True)
        for t in tallies.values():
            t.pred += len(predicted)
            t.gold += len(item["quantities"])
        used: set[int] = set()
        for quantity in item["quantities"]:
            try:
                gold = gold_value(quantity["value"])
            except ValueError:
                continue
            hit = next((k for k, f in enumerate(predicted) if k not in used and value_matches(f, gold)), None)
            if hit is None:
                continue
            used.add(hit)
            fig = predicted[hit]
            tallies["value"].tp += 1
            tallies["value+unit"].tp += unit_matches(fig, quantity)
            tallies["value+change"].tp += our_change(fig) == quantity["change"]
            ours, theirs = concept_words(fig), gold_concept(quantity["referred_concepts"])
            tallies["value+concept (partial)"].tp += bool(ours & theirs) or (not ours and not theirs)
            tallies["value+concept (complete)"].tp += ours == theirs
    return tallies


def published(data_dir: Path) -> dict[tuple[str, str], tuple[str, str, str]]:
    out: dict[tuple[str, str], tuple[str, str, str]] = {}
    with open(data_dir / "reported_results" / "NewsQuant.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            out[(row["model"], row["type"])] = (row["P"], row["R"], row["F1"])
    return out


def throughput(texts: list[str], run: Callable[[str], object], seconds: float = 3.0) -> float:
    """KB/s of RUN over TEXTS on this core, repeating the corpus for at least SECONDS."""
    size = sum(len(t.encode("utf-8")) for t in texts)
    done = 0
    began = time.perf_counter()
    while True:
        for text in texts:
            run(text)
        done += size
        elapsed = time.perf_counter() - began
        if elapsed >= seconds:
            return done / 1024 / elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seconds", type=float, default=3.0, help="minimum timing per extractor")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, for both extractors
    data = json.loads((args.data / "NewsQuant.json").read_text("utf-8"))
    tallies = score(data)
    reported = published(args.data)
    names = {
        "value": "value",
        "value+unit": "value+unit",
        "value+change": "value+change",
        "value+concept (partial)": "value+concept_partial",
        "value+concept (complete)": "value+concept_compelete",
    }
    print(f"NewsQuant: {len(data)} sentences, {tallies['value'].gold} gold quantities")
    print(f"{'mode':28} {'claimbot P/R/F1':>20} {'CQE P/R/F1':>20} {'quantulum3 P/R/F1':>20}")
    for mode, tally in tallies.items():
        p, r, f = tally.prf()
        cqe = "/".join(reported.get(("CQE-Numparser", names[mode]), ("-", "-", "-")))
        q3 = "/".join(reported.get(("quantulum3", names[mode]), ("-", "-", "-")))
        print(f"{mode:28} {f'{p:.1f}/{r:.1f}/{f:.1f}':>20} {cqe:>20} {q3:>20}")
    texts = [item["text"] for item in data]
    ours = throughput(texts, extract, args.seconds)
    try:
        from quantulum3 import parser as q3parser
    except ImportError:
        print(f"throughput: claimbot {ours:.1f} KB/s; quantulum3 not installed (pip install claimbot[bench])")
        return
    theirs = throughput(texts, q3parser.parse, args.seconds)
    print(f"throughput (one core): claimbot {ours:.1f} KB/s, quantulum3 {theirs:.1f} KB/s, ratio {ours / theirs:.1f}x")


if __name__ == "__main__":
    main()
