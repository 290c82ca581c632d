"""Page buttons and did-you-mean buttons, pressed without Discord (the views' callbacks are coroutines)."""

from __future__ import annotations

from unittest.mock import AsyncMock, MagicMock

import discord
from test_render import FLAG, group, line

from bot.chart import CHART_NAME
from bot.pages import TIMEOUT, ReplyPages, Suggestions, prepare
from bot.render import embed_problems
from commands.reply import Reply

AUTHOR, STRANGER = 1, 2


def press(user_id: int = AUTHOR) -> MagicMock:
    interaction = MagicMock(spec=discord.Interaction)
    interaction.user = MagicMock(id=user_id)
    interaction.response = MagicMock()
    interaction.response.edit_message = AsyncMock()
    interaction.response.send_message = AsyncMock()
    interaction.response.defer = AsyncMock()
    interaction.edit_original_response = AsyncMock()
    return interaction


def big_reply() -> Reply:
    figures = tuple(line(i, f"{i:,}", i, f"Outlet {i % 9}", quote="q" * 300 + f" {i:,} " + "z" * 300)
                    for i in range(1, 201))
    return Reply(title="evacuees: 200 figures", flags=(FLAG,), groups=(group(figures[:120], flagged=True),
                                                                        group(figures[120:])))


async def test_200_figures_turn_pages_in_one_message() -> None:
    prepared = await prepare(big_reply())
    view = ReplyPages(prepared, AUTHOR)
    assert len(view.pages) > 1 and view.timeout == TIMEOUT < 15 * 60
    assert view.first.disabled and view.previous.disabled and not view.next.disabled
    interaction = press()
    await view.next.callback(interaction)
    kwargs = interaction.response.edit_message.call_args.kwargs
    assert kwargs["embed"] is view.pages[1].embed and kwargs["view"] is view
    assert view.counter.label == f"2/{len(view.pages)}"
    await view.last.callback(interaction)
    assert view.index == len(view.pages) - 1 and view.next.disabled and view.last.disabled
    assert interaction.response.edit_message.call_args.kwargs["embed"].footer.text.startswith(
        f"Page {len(view.pages)}/{len(view.pages)}")
    await view.first.callback(interaction)
    assert view.index == 0
    assert all(embed_problems(p.embed) == [] for p in view.pages)


async def test_each_page_carries_its_own_chart() -> None:
    prepared = await prepare(big_reply())
    assert prepared.charts[0] is not None
    assert [f.filename for f in prepared.files(0)] == [CHART_NAME]
    for index, page in enumerate(prepared.pages):  # an image link only where a chart is attached
        assert bool(page.embed.image.url) == bool(prepared.charts[index])


async def test_only_the_author_turns_pages() -> None:
    view = ReplyPages(await prepare(big_reply()), AUTHOR)
    stranger = press(STRANGER)
    assert not await view.interaction_check(stranger)
    assert stranger.response.send_message.call_args.kwargs["ephemeral"] is True
    assert await view.interaction_check(press())


async def test_a_suggestion_button_runs_the_suggested_query() -> None:
    asked: list[str] = []

    async def rerun(query: str) -> Reply:
        asked.append(query)
        return Reply(title=f"{query}: 1 figure in 1 group", groups=(group((line(),)),))

    view = Suggestions(("ambulances", "buses"), AUTHOR, rerun)
    buttons = [item for item in view.children if isinstance(item, discord.ui.Button)]
    assert [b.label for b in buttons] == ["ambulances", "buses"]
    interaction = press()
    await buttons[0].callback(interaction)
    assert asked == ["ambulances"]
    interaction.response.defer.assert_awaited()
    assert interaction.edit_original_response.call_args.kwargs["embed"].title == "ambulances: 1 figure in 1 group"
