"""Fuzz the extractor with atheris: it never raises, and every figure it returns quotes its text.

Run: `make fuzz` (bounded: FUZZ_SECONDS, 60 by default), or
`.venv/bin/python fuzz/fuzz_extract.py -max_total_time=60 -max_len=4096`.
The invariants are those of tests/test_properties.py, checked on inputs libFuzzer grows by coverage.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from store.extract import extract
    from store.figure import Qualifier

SEEDS = [
    "More than 5,000 militants and their families were evacuated, the ICRC said.",
    "About 2.5 million people (21km) fled; up to 300 ambulances, including 40 buses, left on 12 Dec 2016.",
    "Between 10 and 20 children, some 1,007 civilians, a 42-year-old driver, $121 billion, 93 percent.",
]


def check(text: str) -> None:
    figures = extract(text)
    for figure in figures:
        assert 0 <= figure.start < figure.end <= len(text), (figure, len(text))
        assert text[figure.start : figure.end] == figure.text, (figure.text, text[figure.start : figure.end])
        assert isinstance(figure.qualifier, Qualifier)
        assert figure.low is None or figure.high is None or figure.low <= figure.high
        assert figure.part_of is None or 0 <= figure.part_of < len(figures)


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    choice = provider.ConsumeIntInRange(0, 3)
    if choice == 0:  # arbitrary unicode
        text = provider.ConsumeUnicodeNoSurrogates(4096)
    else:  # a real sentence with fuzzed bytes spliced in, so the number paths are reached often
        seed = SEEDS[choice - 1]
        cut = provider.ConsumeIntInRange(0, len(seed))
        text = seed[:cut] + provider.ConsumeUnicodeNoSurrogates(256) + seed[cut:]
    check(text)


def main() -> None:
    for seed in SEEDS:
        check(seed)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
