"""Hostile text and broken files: each refused with a short clear message, nothing stored half-way.

Issue 7, first item. Every bad input here goes through the same door a user would use (the command
layer or the console), and every test ends by checking that the store holds exactly what it held
before and is consistent (store.consistency.check).
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import discord
import pytest

from bot.console import Console
from bot.errors import BROKEN
from bot.render import as_embeds, as_text
from commands import claim as claim_command
from commands import ingest as ingest_command
from commands.actor import CONSOLE
from commands.limits import MAX_QUERY_CHARS, clean_query
from store import consistency
from store.db import Store
from store.errors import BadInput, ClaimbotError
from store.ingest import MAX_BYTES, ArticleInput, article_from_bytes, read_file

PINGS = re.compile(r"(?<!\u200b)@(everyone|here)|<@[!&]?\d+>")

HOSTILE_QUERIES = [
    "evacuees \u202eseeuqave\u202c",  # right-to-left override
    "\u0645\u062f\u0646\u064a\u064a\u0646 evacuees",  # Arabic
    "ev\u200bacu\u200cees\u200d\ufeff",  # zero-width space, joiners, BOM
    "evacuees 🚌🚑🔥",
    "e\u0301vacue\u0301es",  # combining acute accents
    "Z̸̢̛̛̙͍͎̭̜̗̜̫̰̲͔͙͔͙̓͊̆̂̅̿̈́̓̆̈̽̕͝a̷l̶g̵o̵",  # stacked combining marks
    "**evacuees** _now_ `code` ```block``` ||spoiler|| > quote",
    "@everyone evacuees",
    "@here",
    "<@123> evacuees",
    "<@!123>",
    "<@&456> ambulances",
    "<#789>",
    "[click](https://example.org) evacuees",
    "'; DROP TABLE figure; --",
    "% _ \\ evacuees",
    "\x00\x01\x1b[31mevacuees",
    "\ud800",  # a lone surrogate, as a broken client may send
    "evacuees\n!ingest https://example.org",
    "9" * 150,
]

BAD_QUERIES = [
    pytest.param("", "Tell me what to look up", id="empty"),
    pytest.param("   \t\n  ", "Tell me what to look up", id="whitespace"),
    pytest.param("\u200b\u200c\u200d\ufeff\u2060", "Tell me what to look up", id="zero-width-only"),
    pytest.param("x" * 10_000, f"keep it under {MAX_QUERY_CHARS}", id="10000-chars"),
    pytest.param("evacuees " * 1_200, f"keep it under {MAX_QUERY_CHARS}", id="10000-words"),
]


def _snapshot(store: Store) -> dict[str, int]:
    return store.counts()


@pytest.mark.parametrize(("query", "message"), BAD_QUERIES)
def test_bad_queries_get_a_short_clear_message(sqlite_seeded: Store, query: str, message: str) -> None:
    # guards: commands.limits.clean_query (emptiness after removing invisibles, the 200-char cap)
    with pytest.raises(BadInput, match=message) as caught:
        claim_command.find(sqlite_seeded, query)
    assert len(str(caught.value)) < 120


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_queries_are_answered_not_crashed(sqlite_seeded: Store, query: str) -> None:
    # guards: the query cleaning and the error funnel; any uncaught error shows as BROKEN
    before = _snapshot(sqlite_seeded)
    answer = asyncio.run(Console(sqlite_seeded).handle(f"!claim {query}"))
    assert answer is not None and BROKEN not in answer
    assert _snapshot(sqlite_seeded) == before


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_queries_never_ping_when_rendered(sqlite_seeded: Store, query: str) -> None:
    # guards: bot.render.safe on everything user- or article-supplied that reaches an embed
    try:
        reply = claim_command.as_reply(claim_command.find(sqlite_seeded, query))
    except ClaimbotError as error:
        from commands.reply import Reply

        reply = Reply.problem(str(error))
    for embed in as_embeds(reply):
        assert not PINGS.search(_embed_text(embed)), _embed_text(embed)


def test_clean_query_removes_invisible_and_control_characters() -> None:
    assert clean_query("ev\u200bacu\u200dees\x00 \u202e now ") == "evacuees now"


# ---------------------------------------------------------------- hostile article text

MENTION_ARTICLE = (
    "More than 5,000 militants were evacuated from Aleppo on Thursday, @everyone said. "
    "About 300 ambulances left the city, <@123> and <@&456> told <#789> reporters. "
    "Some 1,200 **civilians** crossed ||at night||, according to @here `officials`. "
    "\u202eAbout 40 buses\u202c waited while 12 e\u0301vacuees 🚑 boarded, state TV said."
)


def _embed_text(embed: discord.Embed) -> str:
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    parts += [f"{field.name}\n{field.value}" for field in embed.fields]
    return "\n".join(parts)


def test_mentions_in_article_text_never_ping(store: Store) -> None:
    # guards: bot.render.safe (escape_mentions + zero-width after "<@") on quoted article text
    store.add_article(ArticleInput(text=MENTION_ARTICLE, outlet="@everyone <@123> News", story="Aleppo"))
    assert consistency.check(store) == []
    for query in ("militants", "ambulances", "buses"):
        reply = claim_command.as_reply(claim_command.find(store, query))
        assert reply.groups, query
        shown = "\n".join(_embed_text(e) for e in as_embeds(reply))
        assert "everyone" in shown or "ambulances" in shown  # the text is shown, only made inert
        assert not PINGS.search(shown), shown


def test_mention_ids_are_not_figures() -> None:
    from store.extract import extract

    assert [f.text for f in extract("About 300 <@&456> ambulances left, <@123> said.")] == ["About 300"]


def test_the_bot_allows_no_mentions_at_all() -> None:
    # guards: ClaimBot(..., allowed_mentions=AllowedMentions.none()); the second line of defence
    from bot.client import ClaimBot
    from bot.settings import Settings

    bot = ClaimBot(Store.__new__(Store), Settings(discord_token=None))
    mentions = bot.allowed_mentions
    assert mentions is not None
    assert (mentions.everyone, mentions.users, mentions.roles, mentions.replied_user) == (False, False, False, False)


def test_offsets_of_unicode_article_text_point_at_the_figures(store: Store) -> None:
    # guards: the text is stored exactly as decoded (no normalisation that would shift offsets)
    result = store.add_article(article_from_bytes(MENTION_ARTICLE.encode(), "mentions.txt"))
    _info, figures = store.article(result.article_id)
    assert figures
    for stored in figures:
        f = stored.figure
        assert MENTION_ARTICLE[f.start : f.end] == f.text


# ---------------------------------------------------------------- broken files

TRUNCATED_UTF8 = "Around 2,000 people fled — ".encode()[:-2]  # cut inside the dash
BAD_FILES = [
    pytest.param("a.txt", b"", "is empty", id="empty"),
    pytest.param("a.txt", b" \n\t\r\n ", "is empty", id="whitespace"),
    pytest.param("a.txt", "\u200b\ufeff".encode(), "no text|is empty", id="zero-width-only"),
    pytest.param("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", id="png"),
    pytest.param("a.txt", b"PK\x03\x04\x14\x00\x00\x00", "binary", id="zip"),
    pytest.param("a.txt", "About 5,000 left.".encode("utf-16"), "binary", id="utf-16"),
    pytest.param("a.txt", b"About 5,000 people fled. " * 400 + b"\x00tail", "binary", id="nul-after-8kb"),
    pytest.param("a.txt", b"caf\xe9: 3,000 people", "not UTF-8", id="latin-1"),
    pytest.param("a.txt", TRUNCATED_UTF8, "not UTF-8", id="truncated-utf8"),
    pytest.param("a.txt", b"\xff\xfe\xfd garbage", "not UTF-8", id="garbage"),
    pytest.param("a.txt", b"x" * (MAX_BYTES + 1), "refused", id="just-over-5mb"),
    pytest.param("a.txt", b"About 5,000 left. " * (21 * 1024 * 1024 // 18), "refused", id="21mb"),
    pytest.param("a.html", b"<html><body></body></html>", "no article text", id="html-empty-body"),
    pytest.param("a.html", b"<html><script>var x = 5000;</script></html>", "no article text", id="html-script-only"),
    pytest.param("a.pdf", b"%PDF-1.4 About 5,000", "Attach a .txt or .html", id="pdf-suffix"),
    pytest.param("a.exe", b"MZ\x90\x00", "Attach a .txt or .html", id="exe-suffix"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES)
def test_broken_files_are_refused_and_nothing_is_stored(store: Store, name: str, data: bytes, message: str) -> None:
    # guards: store.ingest.decode (size, binary, UTF-8, emptiness) and the attachment suffix check
    before = store.counts()
    with pytest.raises(BadInput, match=message) as caught:
        asyncio.run(ingest_command.ingest(store, CONSOLE, attachment=(name, data)))
    assert len(str(caught.value)) < 160
    assert store.counts() == before
    assert consistency.check(store) == []


MALFORMED_HTML = [
    b"<html><body><article><p>About 1,000 civilians were evacuated, the ICRC said in a long statement "
    b"to reporters gathered at the crossing point near the city on Thursday.<p>Twenty buses left",  # truncated
    b"<p>About 1,000 <b>civilians</p></i></div> were <evacuated>, the ICRC <said in a long statement to "
    b"reporters gathered at the crossing point near the city on Thursday morning.</span></html>",
    b"<html>" + b"<div>" * 5000 + b"<p>More than 5,000 militants were evacuated from the eastern districts "
    b"of the city, officials said on Thursday evening.</p>" + b"</div>" * 10,  # deep nesting, unbalanced
    b"<html><head><meta charset='latin-1'><title>\xc3\xa9vacu\xc3\xa9s</title></head><body><article><p>"
    b"Some 300 ambulances left &amp; &#x41; &#99999999; &bogus; the city, the Red Cross said to reporters "
    b"on Thursday in a statement.</p></article></body></html>",  # broken entities
    b"<!doctype html><html><body><article><p>@everyone <@123> About 40 buses <script>alert(1)</script>"
    b"left the city on Thursday, the ICRC said in a statement to the press.</p></article></body></html>",
]


@pytest.mark.parametrize("data", MALFORMED_HTML, ids=["truncated", "unbalanced", "deep-nesting", "entities",
                                                      "script-and-mentions"])
def test_malformed_html_is_stored_whole_or_refused_cleanly(store: Store, data: bytes) -> None:
    # guards: ingest never fails outside the ClaimbotError family, and never stores half an article
    before = store.counts()
    try:
        result = asyncio.run(ingest_command.ingest(store, CONSOLE, attachment=("page.html", data)))
    except BadInput:
        assert store.counts() == before
    else:
        assert result.title.startswith("Stored article #")
        assert store.counts()["articles"] == before["articles"] + 1
    assert consistency.check(store) == []


def test_a_21mb_file_on_disk_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    # guards: store.ingest._read_bounded (reads at most MAX_BYTES + 1)
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: 21 MB of NULs, written in no time
    with pytest.raises(BadInput, match="refused"):
        read_file(path)


def test_an_endless_device_is_refused(tmp_path: Path) -> None:
    # guards: the regular-file check in store.ingest._read_bounded; /dev/zero would never end
    with pytest.raises(BadInput, match="not a regular file"):
        read_file(Path("/dev/zero"))


@pytest.mark.parametrize(("meta", "message"), [
    ({"story": 5}, "story must be text"),
    ({"url": ["x"]}, "url must be text"),
    ({"url": "https://example.org/" + "a" * 3000}, "url must be text of at most"),
])
def test_sidecars_with_wrong_types_are_refused(tmp_path: Path, meta: dict[str, object], message: str) -> None:
    # guards: the type checks in store.ingest.article_from_bytes (a number as story crashed the store)
    path = tmp_path / "a.txt"
    path.write_text("About 100 cars left. Rescuers said the north road stayed shut all night.", "utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(BadInput, match=message):
        read_file(path)


def test_long_metadata_fits_the_columns_on_every_backend(store: Store, tmp_path: Path) -> None:
    # guards: the clipping to ArticleRow widths; PostgreSQL refuses a 600-character title outright
    path = tmp_path / "a.txt"
    path.write_text("About 100 cars left the city, officials said. Rescuers said the north road stayed shut.",
                    "utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"title": "T" * 600, "outlet": "O" * 300}), "utf-8")
    result = store.add_article(read_file(path))
    info, _ = store.article(result.article_id)
    assert (len(info.title or ""), len(info.outlet)) == (500, 200)
    assert consistency.check(store) == []


def test_an_article_with_a_300_letter_word_is_stored_on_every_backend(store: Store) -> None:
    # guards: the story name clipped to its column (store/db.py _story_for); PostgreSQL refused it
    text = "About 300 ambulances left Aleppo, the ICRC said. " + "A" * 300 + " " + "B" * 250
    result = store.add_article(ArticleInput(text=text, outlet="Wire"))
    assert (result.duplicate, store.counts()["articles"]) == (False, 1)
    assert consistency.check(store) == []


def test_a_failure_inside_the_ingest_transaction_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # guards: Store.add_article's single transaction; if the article and its figures were committed
    # before the flags, the failure below would leave an article behind
    import store.db as db

    store.add_article(ArticleInput(text="About 300 ambulances left Aleppo, the ICRC said.", outlet="A", story="S"))
    before = store.counts()

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("discrepancy blew up mid-ingest")

    monkeypatch.setattr(db, "analyse", broken)
    with pytest.raises(RuntimeError):
        store.add_article(ArticleInput(text="Some 280 ambulances left Aleppo, officials said.", outlet="B", story="S"))
    assert store.counts() == before
    assert consistency.check(store) == []


def test_console_reports_broken_files_in_one_line(tmp_path: Path, sqlite_seeded: Store) -> None:
    # guards: the console's ingest path and the funnel; a ClaimbotError is answered, never BROKEN
    console = Console(sqlite_seeded)
    for name, data in [("e.txt", b""), ("b.txt", b"\x00\x01"), ("l.txt", b"caf\xe9")]:
        (tmp_path / name).write_bytes(data)
        answer = asyncio.run(console.handle(f"!ingest {tmp_path / name}"))
        assert answer is not None and BROKEN not in answer and len(answer.splitlines()) == 1, answer


def test_text_rendering_keeps_hostile_text_intact(store: Store) -> None:
    # the console shows article text as it is (nothing pings in a terminal); it must not crash on it
    store.add_article(ArticleInput(text=MENTION_ARTICLE, outlet="Outlet", story="Aleppo"))
    text = as_text(claim_command.as_reply(claim_command.find(store, "ambulances")))
    assert "ambulances" in text
