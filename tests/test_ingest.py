"""Reading articles: what is refused, with which message, and what a sidecar adds."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from store.errors import BadInput
from store.ingest import MAX_BYTES, article_from_bytes, article_paths, decode, read_file

BAD_FILES = [
    pytest.param(b"", "is empty", id="empty"),
    pytest.param(b"   \n\t ", "is empty", id="whitespace"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary", id="binary"),
    pytest.param(b"caf\xe9 au lait, 3 cups", "not UTF-8", id="latin-1"),
    pytest.param(b"x" * (MAX_BYTES + 1), "refused", id="too-large"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_bad_files_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        decode(data, "article.txt")


def test_plain_text_is_kept_exactly_as_it_decodes() -> None:
    text = "Evacuation of 5,000 militants\r\nbegins – “quoted” as the last buses leave the old city for the north.\n"
    assert article_from_bytes(text.encode(), "000.txt").text == text


def test_html_is_reduced_to_its_article_text_and_the_original_kept() -> None:
    html = ("<html><head><title>Convoy leaves</title></head><body><nav>Home | World</nav><article>"
            "<h1>Convoy leaves</h1><p>Twenty buses and 13 ambulances crossed the frontline on Thursday, "
            "the ICRC said in a statement to reporters in the city.</p>"
            "<p>About 1,000 civilians were evacuated, including 300 children, according to officials.</p>"
            "</article><footer>© 2016</footer></body></html>")
    article = article_from_bytes(html.encode(), "page.html")
    assert "13 ambulances" in article.text and "<p>" not in article.text
    assert article.original == html
    assert article.title == "Convoy leaves"


def test_sidecar_gives_outlet_url_and_date(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("About 100 cars left. Rescuers said the north road stayed shut all night.", "utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps(
        {"outlet": "BBC News", "url": "https://bbc.example/a", "published": "2016-12-15T09:30:00Z"}), "utf-8")
    article = read_file(path)
    assert (article.outlet, article.url, article.published) == (
        "BBC News", "https://bbc.example/a", datetime(2016, 12, 15, 9, 30, tzinfo=UTC))


def test_without_sidecar_the_outlet_is_unknown_not_the_file_name(tmp_path: Path) -> None:
    # issue 11 §3: a file name is no outlet; store.labels names the article by its title instead
    path = tmp_path / "reuters-aleppo.txt"
    path.write_text("About 100 cars left. Rescuers said the north road stayed shut all night.", "utf-8")
    assert (read_file(path).outlet, read_file(path).published) == (None, None)


def test_a_folder_yields_articles_but_never_sidecars(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "a.meta.json", "notes.csv"):
        (tmp_path / name).write_text("{}" if name.endswith("json") else "12 buses", "utf-8")
    assert [p.name for p in article_paths(tmp_path)] == ["a.txt", "b.txt"]


def test_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="does not exist"):
        list(article_paths(tmp_path / "nope.txt"))
