"""Property tests: extract() never raises and every figure points into the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from store.extract import extract

NEWSY = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "more than",
                "about",
                "up to",
                "including",
                "2,124",
                "21km",
                "Twenty",
                "-",
                "$5m",
                "people",
                "said",
                "he added",
                "“",
                "”",
                ",",
                ".",
                "\n",
                "two-thirds",
                "37%",
                "of",
            ]
        ),
        st.text(max_size=8),
        st.integers(min_value=-(10**9), max_value=10**9).map(str),
    ),
    max_size=40,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), NEWSY))
def test_extract_never_raises_and_offsets_stay_inside(text: str) -> None:
    figures = extract(text, vague=True)
    for figure in figures:
        assert 0 <= figure.start < figure.end <= len(text)
        assert text[figure.start : figure.end] == figure.text
        assert text[figure.sentence_start : figure.sentence_start + len(figure.sentence)] == figure.sentence
        assert figure.part_of is None or 0 <= figure.part_of < len(figures)
