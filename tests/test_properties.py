"""Property tests (hypothesis) for the number parser and the embed builder.

Issue 7: "hypothesis for the extractor (never raises, offsets valid, value appears in the quoted
text), for the number parser and for the embed builder". The extractor's properties live in
tests/test_extract_properties.py (extraction) and fuzz/fuzz_extract.py (atheris, in CI).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.render import as_embeds, embed_problems
from commands.reply import FigureLine, FlagLine, GroupView, Reply
from store.extract import extract
from store.extract.numbers import parse_digits

PINGS = re.compile(r"(?<!\u200b)@(everyone|here)|<@[!&]?\d+>")
HOSTILE = st.lists(st.sampled_from([*"@everyone<>&!#*_`|~\\ \n\u200b\u202e🚑é\u0301", "@everyone", "@here", "<@123>",
                                     "<@&4>", "<@!5>"]), max_size=400).map("".join)
TEXT = st.one_of(st.text(max_size=3000), HOSTILE, st.just(""), st.just("x" * 10_000))


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_digits_reads_every_grouped_integer(n: int) -> None:
    # guards: thousands separators in store.extract.numbers.parse_digits
    assert parse_digits(f"{n:,}") == n and parse_digits(str(n)) == n


@given(st.text(max_size=50))
def test_parse_digits_never_raises(text: str) -> None:
    value = parse_digits(text)
    assert value is None or isinstance(value, float)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["About", "More than", "Up to", ""]),
       st.sampled_from(["ambulances", "people", "buses"]))
@settings(max_examples=60, deadline=None)
def test_a_written_number_is_extracted_with_its_value(n: int, hedge: str, noun: str) -> None:
    # guards: the extractor's value coming from the quoted text (value appears in the quote)
    sentence = f"{hedge} {n:,} {noun} left the city, officials said.".strip()
    figures = extract(sentence)
    assert any(f.value == n and f"{n:,}" in sentence[f.start : f.end] for f in figures), figures


def _line(i: int, text: str) -> FigureLine:
    return FigureLine(id=i, text=text[:50], value=float(i), low=None, high=None, qualifier="exact", unit=None,
                      counts=text[:80], action=None, outlet=text[:200] or "o", said_by=text[:100] or None,
                      published=None, quote=text, file=None, start=0, end=1, article_id=1, flagged=bool(i % 2))


@given(title=TEXT, quote=TEXT, why=TEXT, groups=st.integers(0, 30), per_group=st.integers(0, 40))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_embeds_stay_within_discord_limits_and_never_ping(title: str, quote: str, why: str, groups: int,
                                                          per_group: int) -> None:
    # guards: bot.render clipping and paging (Discord answers 400 past a limit) and its escaping
    views = tuple(GroupView(id=g, label=quote[:100], headline=title[:300], figures=tuple(
        _line(g * 100 + i, quote) for i in range(per_group)), outlets=1, origins=1, flagged=bool(g % 2))
        for g in range(groups))
    flags = tuple(FlagLine(id=i, kind="conflict", status="open", severity="high", why=why, figure_ids=(1,))
                  for i in range(3))
    reply = Reply(title=title or "t", flags=flags, groups=views, lines=(why,), note=quote[:500] or None)
    for embed in as_embeds(reply):
        assert embed_problems(embed) == []
        shown = "\n".join([embed.title or "", embed.description or "", embed.footer.text or "",
                           *(f"{f.name}\n{f.value}" for f in embed.fields)])
        assert not PINGS.search(shown)
