"""`claimbot bench` runs end to end on a tiny store (the real run is 1,000,000 figures; see docs/performance.md)."""

from __future__ import annotations

import pytest

from benchmarks import synthetic
from benchmarks.lookup import main


def test_the_benchmark_prints_one_table_with_every_measure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--figures", "300", "--no-pg", "--articles", "2", "--naive-queries", "2"]) == 0
    table = capsys.readouterr().out
    for measure in ("extraction", "bulk load", "lookup, cold", "naive rapidfuzz", "recall", "autocomplete",
                    "RSS", "ingest one by one", "ingest in batches"):
        assert measure in table


def test_every_benchmark_query_has_a_kind_and_a_ground_truth() -> None:
    assert {q.kind for q in synthetic.QUERIES} == {"inflection", "multi", "source", "typo"}
    assert all(q.truth for q in synthetic.QUERIES)
