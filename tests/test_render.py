"""Reply -> embeds and text: compact figure lines, flags first, pages that never break a Discord limit."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.render import (
    FIELD_VALUE,
    as_embeds,
    as_pages,
    as_text,
    embed_problems,
    figure_markdown,
    safe,
    short_quote,
)
from commands.reply import FigureLine, FlagLine, GroupView, Reply


def line(i: int = 1, text: str = "10", value: float = 10, outlet: str = "RT", said_by: str | None = "Gerasimov",
         quote: str = "10 ambulances have been provided, he said.", flagged: bool = False,
         qualifier: str = "exact") -> FigureLine:
    return FigureLine(id=i, text=text, value=value, low=None, high=None, qualifier=qualifier, unit=None,
                      counts="ambulances", action="provided", outlet=outlet, said_by=said_by,
                      published=datetime(2016, 12, 15), quote=quote, file=None, start=0, end=2, article_id=1,
                      flagged=flagged)


def group(figures: tuple[FigureLine, ...], *, flagged: bool = False,
          headline: str = "Ambulances: 10 to 13") -> GroupView:
    return GroupView(id=1, label="ambulances", headline=headline, figures=figures,
                     outlets=len({f.outlet for f in figures}), origins=2, flagged=flagged)


FLAG = FlagLine(id=4, kind="conflict", status="open", severity="high",
                why="RT says 10 ambulances; Al Jazeera says 13.", figure_ids=(1, 2))
AMBULANCES = Reply(
    title="ambulances: 2 figures in 1 group, 1 flag", flags=(FLAG,),
    groups=(group((line(1, flagged=True), line(2, "13", 13, "Al Jazeera", "ICRC", "Some 13 ambulances arrived.",
                                               flagged=True)), flagged=True),),
)


def test_figure_line_is_compact_value_outlet_attribution_date_quote() -> None:
    assert figure_markdown(line()) == (
        "**10** · RT · says Gerasimov · 15 Dec 2016 · “10 ambulances have been provided, he said.”")


def test_text_answer_puts_flags_before_groups() -> None:
    text = as_text(AMBULANCES)
    assert text.splitlines()[:3] == [
        "ambulances: 2 figures in 1 group, 1 flag",
        "Flags:",
        "  ⚠ #4 conflict [open]: RT says 10 ambulances; Al Jazeera says 13.",
    ]
    assert "⚠ 10 · RT · says Gerasimov · 15 Dec 2016 · #1" in text
    assert "⚠ 13 · Al Jazeera · says ICRC · 15 Dec 2016 · #2" in text


def test_embed_answer_has_flags_in_description_and_groups_as_fields() -> None:
    (embed,) = as_embeds(AMBULANCES)
    assert embed.description == "⚠ **#4 conflict** [open]: RT says 10 ambulances; Al Jazeera says 13."
    assert [f.name for f in embed.fields] == ["⚠ Ambulances: 10 to 13"]
    assert embed.fields[0].value.splitlines()[1].startswith("⚠ **13** · Al Jazeera · says ICRC")
    assert embed.image.url == "attachment://claim-chart.png"  # two outlets: the page shows the chart


def test_short_quote_keeps_the_words_around_the_figure() -> None:
    quote = "A" * 200 + " officials said 13 ambulances had arrived at the crossing " + "B" * 200
    short = short_quote(line(text="13", quote=quote), width=60)
    assert "13 ambulances" in short and short.startswith("…") and short.endswith("…") and len(short) <= 62


def test_article_text_cannot_ping_or_format() -> None:
    hostile = line(quote="@everyone look <@123> and <@!123456789012345678> **now**", said_by="@here")
    rendered = figure_markdown(hostile)
    assert "@everyone" not in rendered and "@here" not in rendered
    assert "<@123>" not in rendered and "<@!123456789012345678>" not in rendered
    assert "**now**" not in rendered
    assert safe("<@&123456789012345678>") != "<@&123456789012345678>"


def test_200_figures_page_within_every_limit() -> None:
    figures = tuple(line(i, f"{i:,}", i, f"Outlet {i % 7}", f"Official number {i}", "x" * 400 + f" {i:,} " + "y" * 400)
                    for i in range(1, 201))
    reply = Reply(title="evacuees: 200 figures in 2 groups", flags=(FLAG,) * 30,
                  groups=(group(figures[:150], flagged=True), group(figures[150:])), note="Narrow the query.")
    pages = as_pages(reply)
    assert len(pages) > 1
    assert all(embed_problems(p.embed) == [] for p in pages)
    shown = "\n".join(f.value for p in pages for f in p.embed.fields)
    assert all(f"**{i:,}**" in shown for i in range(1, 201))  # every figure is on some page
    assert pages[0].embed.description.startswith("⚠ **#4 conflict**")  # flags first
    assert pages[-1].embed.footer.text == f"Page {len(pages)}/{len(pages)} · Narrow the query."


def test_did_you_mean_shows_suggestions() -> None:
    reply = Reply.problem("No figures found for “zzz”.", suggestions=("ambulances", "buses"))
    (embed,) = as_embeds(reply)
    assert embed.description == "Did you mean: `ambulances`, `buses`"
    assert "Did you mean: ambulances, buses" in as_text(reply)


# ------------------------------------------------------------------ property: no reply breaks a limit

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=2000)
short_texts = st.text(max_size=300)
figure_lines = st.builds(
    FigureLine, id=st.integers(1, 10**9), text=short_texts, value=st.floats(0, 1e9), low=st.none(), high=st.none(),
    qualifier=st.sampled_from(["exact", "approx", "more_than", "up_to"]), unit=st.none(), counts=st.none(),
    action=st.none(), outlet=short_texts, said_by=st.none() | short_texts, published=st.none() | st.datetimes(),
    quote=texts, file=st.none(), start=st.just(0), end=st.just(1), article_id=st.just(1), flagged=st.booleans(),
)
group_views = st.builds(GroupView, id=st.integers(0, 100), label=short_texts, headline=texts,
                        figures=st.lists(figure_lines, max_size=40).map(tuple), outlets=st.integers(0, 9),
                        origins=st.integers(0, 9), flagged=st.booleans())
flag_lines = st.builds(FlagLine, id=st.integers(1, 10**6), kind=short_texts, status=short_texts, severity=short_texts,
                       why=texts, figure_ids=st.just(()))
replies = st.builds(Reply, title=texts, flags=st.lists(flag_lines, max_size=30).map(tuple),
                    groups=st.lists(group_views, max_size=8).map(tuple), lines=st.lists(texts, max_size=30).map(tuple),
                    note=st.none() | texts, suggestions=st.lists(short_texts, max_size=5).map(tuple),
                    error=st.booleans())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(replies)
def test_no_reply_breaks_a_discord_limit(reply: Reply) -> None:
    pages = as_embeds(reply)
    assert pages
    for embed in pages:
        assert embed_problems(embed) == []
        assert all(len(f.value) <= FIELD_VALUE for f in embed.fields)
