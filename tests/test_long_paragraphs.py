"""Long paragraphs: bounded sentence windows and figure contexts (issue 11 §2). Sizes, never timings."""

from __future__ import annotations

from store.extract import extract
from store.extract.pipeline import MAX_FIGURES
from store.extract.tokens import MAX_WINDOW, sentences

ROW = "Harbor district reported {n:,} homes without power and {c} crews at work, "


def _run_on(rows: int) -> str:
    return "".join(ROW.format(n=1_000 + 7 * i, c=2 + i % 40) for i in range(rows)).rstrip(", ") + "."


def test_sentence_windows_are_bounded_and_tile_the_line() -> None:
    text = _run_on(400)  # one 30 KB line with no sentence end
    windows = sentences(text)
    assert len(text) > 40 * MAX_WINDOW
    assert all(len(w.text) <= MAX_WINDOW for w in windows)
    assert all(text[w.start:w.end] == w.text for w in windows)
    covered = "".join(text[w.start:w.end] for w in windows)
    assert covered.replace(" ", "") == text.replace(" ", "")


def test_a_window_is_cut_after_a_clause_not_inside_a_figure() -> None:
    windows = sentences(_run_on(100))
    assert all(w.text.endswith(",") or w is windows[-1] for w in windows)


def test_a_window_with_no_space_is_still_bounded() -> None:
    text = "x" * (5 * MAX_WINDOW)
    assert all(len(w.text) <= MAX_WINDOW for w in sentences(text))


def test_figures_of_a_long_line_keep_a_bounded_context_and_their_counts() -> None:
    figures = extract(_run_on(300))
    assert len(figures) == 600
    assert all(len(f.sentence) <= MAX_WINDOW for f in figures)
    homes = [f for f in figures if f.counts == "homes"]
    assert len(homes) == 300


def test_a_text_denser_than_any_article_keeps_its_first_figures_only() -> None:
    figures = extract(_run_on(MAX_FIGURES))
    assert len(figures) == MAX_FIGURES
    assert figures[0].value == 1_000 and figures == sorted(figures, key=lambda f: f.start)


def test_short_sentences_are_unchanged() -> None:
    text = "Evacuation from E. Aleppo begins. 20 buses left.\nMore."
    assert [s.text for s in sentences(text)] == ["Evacuation from E. Aleppo begins.", "20 buses left.", "More."]
