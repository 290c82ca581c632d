"""Long answers as one message whose page turns with buttons; did-you-mean answers as buttons too.

Every page (embed and chart) is built before the first message goes out, so a button press only
edits the message: each press is a new interaction with its own 3 s window, and no store work
happens inside it (notes/discord.md §5).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import io
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord
from discord.ext import commands

from bot.chart import CHART_NAME, chart_png
from bot.render import Page, as_pages, clip
from commands.reply import GroupView, Reply

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()  # also the bot's default; said again on every send, to be sure
TIMEOUT = 600.0  # under the 15 minutes an interaction token stays valid for edits
MAX_SUGGESTIONS = 5  # one row of buttons
Rerun = Callable[[str], Awaitable[Reply]]


@dataclass(slots=True)
class Prepared:
    """A reply ready to send: its pages and each page's chart (PNG bytes or None)."""

    pages: list[Page]
    charts: list[bytes | None]

    def files(self, index: int) -> list[discord.File]:
        """The attachments of page INDEX; new File objects each time, as a File is consumed by a send."""
        chart = self.charts[index]
        return [discord.File(io.BytesIO(chart), filename=CHART_NAME)] if chart else []


def render_charts(pages: list[Page]) -> list[bytes | None]:
    """Each page's chart, drawn once per group; a chart that fails is dropped (logged), never the answer."""
    drawn: dict[int, bytes | None] = {}
    out: list[bytes | None] = []
    for page in pages:
        group: GroupView | None = page.chart
        if group is None:
            out.append(None)
            continue
        if id(group) not in drawn:
            try:
                drawn[id(group)] = chart_png(group)
            except Exception:  # a chart is a garnish: the figures must still go out
                log.exception("chart failed for group %s", group.id)
                drawn[id(group)] = None
        if drawn[id(group)] is None:
            page.embed.set_image(url=None)
        out.append(drawn[id(group)])
    return out


async def prepare(reply: Reply, *, charts: bool = True) -> Prepared:
    pages = as_pages(reply)
    if not charts:
        for page in pages:
            page.embed.set_image(url=None)
        return Prepared(pages, [None] * len(pages))
    # matplotlib takes tens of milliseconds per chart: off the event loop, like store work.
    return Prepared(pages, await asyncio.to_thread(render_charts, pages))


class AuthorOnly(discord.ui.View):
    """A view only the person who asked may use (others get a quiet ephemeral note)."""

    def __init__(self, author_id: int) -> None:
        super().__init__(timeout=TIMEOUT)
        self.author_id = author_id
        self.message: discord.Message | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.author_id:
            await interaction.response.send_message("Only the person who asked can use these buttons.",
                                                    ephemeral=True)
            return False
        return True

    async def on_timeout(self) -> None:
        if self.message is not None:
            # a deleted message or an expired token: nothing left to tidy
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=None)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]) -> None:
        log.error("button %r failed", getattr(item, "custom_id", item), exc_info=error)
        send = interaction.followup.send if interaction.response.is_done() else interaction.response.send_message
        with contextlib.suppress(discord.HTTPException):
            await send("Something broke on our side; it has been logged.", ephemeral=True)


class ReplyPages(AuthorOnly):
    """First/previous/next/last over pre-built pages of one message, which is edited in place."""

    def __init__(self, prepared: Prepared, author_id: int) -> None:
        super().__init__(author_id)
        self.prepared, self.index = prepared, 0
        self._sync()

    @property
    def pages(self) -> list[Page]:
        return self.prepared.pages

    def _sync(self) -> None:
        last = len(self.pages) - 1
        self.first.disabled = self.previous.disabled = self.index == 0
        self.next.disabled = self.last.disabled = self.index >= last
        self.counter.label = f"{self.index + 1}/{len(self.pages)}"

    async def _show(self, interaction: discord.Interaction, index: int) -> None:
        self.index = max(0, min(len(self.pages) - 1, index))
        self._sync()
        await interaction.response.edit_message(embed=self.pages[self.index].embed, allowed_mentions=NO_PINGS,
                                                attachments=self.prepared.files(self.index), view=self)

    @discord.ui.button(label="«", style=discord.ButtonStyle.secondary)
    async def first(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        await self._show(interaction, 0)

    @discord.ui.button(label="‹ Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        await self._show(interaction, self.index - 1)

    @discord.ui.button(label="1/1", style=discord.ButtonStyle.secondary, disabled=True)
    async def counter(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        await interaction.response.defer()  # a label, not a control; disabled, so never pressed

    @discord.ui.button(label="Next ›", style=discord.ButtonStyle.primary)
    async def next(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        await self._show(interaction, self.index + 1)

    @discord.ui.button(label="»", style=discord.ButtonStyle.secondary)
    async def last(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        await self._show(interaction, len(self.pages) - 1)


class Suggestions(AuthorOnly):
    """"Did you mean" as buttons: a press runs the suggested query and shows its answer in place."""

    def __init__(self, suggestions: tuple[str, ...], author_id: int, rerun: Rerun, *, charts: bool = True) -> None:
        super().__init__(author_id)
        self.rerun, self.charts = rerun, charts
        for suggestion in suggestions[:MAX_SUGGESTIONS]:
            button: discord.ui.Button[Suggestions] = discord.ui.Button(
                label=clip(suggestion, 80), style=discord.ButtonStyle.primary)
            button.callback = self._runner(suggestion)  # type: ignore[method-assign]
            self.add_item(button)

    def _runner(self, query: str) -> Callable[[discord.Interaction], Awaitable[None]]:
        async def run(interaction: discord.Interaction) -> None:
            await interaction.response.defer()  # the lookup may take longer than a button's 3 s
            prepared = await prepare(await self.rerun(query), charts=self.charts)
            view = ReplyPages(prepared, self.author_id) if len(prepared.pages) > 1 else None
            message = await interaction.edit_original_response(
                embed=prepared.pages[0].embed, attachments=prepared.files(0), view=view, allowed_mentions=NO_PINGS)
            if view is not None:
                view.message = message
            self.stop()

        return run


async def send_prepared(ctx: commands.Context[Any], prepared: Prepared, *, ephemeral: bool = False,
                        view: discord.ui.View | None = None) -> None:
    """Send the first page; attach the page buttons (or VIEW) when there is more to see."""
    pager = ReplyPages(prepared, ctx.author.id) if len(prepared.pages) > 1 else None
    view = pager or view
    extra: dict[str, Any] = {"files": prepared.files(0)} if prepared.charts[0] else {}
    if view is not None:
        extra["view"] = view
    message = await ctx.send(embed=prepared.pages[0].embed, ephemeral=ephemeral, allowed_mentions=NO_PINGS, **extra)
    if isinstance(view, AuthorOnly):
        view.message = message


async def send_pages(ctx: commands.Context[Any], reply: Reply, *, ephemeral: bool = False,
                     rerun: Rerun | None = None, charts: bool = True) -> None:
    """Render REPLY and send it: pages with buttons, a chart per page, suggestions as buttons with RERUN.

    Where the bot may not embed, the reply goes out as plain text; where it may not attach, without
    charts; each with a one-line hint saying which permission is missing.
    """
    embeds, files = can_embed_and_attach(ctx)
    if not embeds:
        await send_text(ctx, reply, ephemeral=ephemeral)
        return
    if not files and charts and reply.groups:
        charts = False
        reply = dataclasses.replace(reply, note=f"{reply.note} · {NO_FILES_HINT}" if reply.note else NO_FILES_HINT)
    prepared = await prepare(reply, charts=charts)
    view = Suggestions(reply.suggestions, ctx.author.id, rerun, charts=charts) if (
        rerun is not None and reply.suggestions) else None
    await send_prepared(ctx, prepared, ephemeral=ephemeral, view=view)


# ---------------------------------------------------------------- channels without Embed Links / Attach Files

NO_EMBEDS_HINT = "(Plain text: I lack the Embed Links permission here; an admin can grant it for the full view.)"
NO_FILES_HINT = "No chart: I lack the Attach Files permission here."
TEXT_PAGE = 1900  # under Discord's 2,000 characters, with room for the hint


def text_pages(reply: Reply) -> list[str]:
    """REPLY as plain-text pages of at most TEXT_PAGE characters, article text made inert."""
    from bot.render import as_text, safe

    pages: list[str] = [""]
    for line in safe(as_text(reply)).splitlines():
        line = clip(line, TEXT_PAGE)
        if pages[-1] and len(pages[-1]) + 1 + len(line) > TEXT_PAGE:
            pages.append("")
        pages[-1] = f"{pages[-1]}\n{line}" if pages[-1] else line
    return pages


class TextPages(AuthorOnly):
    """Previous/next over plain-text pages (buttons need no Embed Links)."""

    def __init__(self, pages: list[str], author_id: int) -> None:
        super().__init__(author_id)
        self.pages, self.index = pages, 0
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def _show(self, interaction: discord.Interaction, index: int) -> None:
        self.index = max(0, min(len(self.pages) - 1, index))
        self._sync()
        await interaction.response.edit_message(content=self.pages[self.index], allowed_mentions=NO_PINGS, view=self)

    @discord.ui.button(label="‹ Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        await self._show(interaction, self.index - 1)

    @discord.ui.button(label="Next ›", style=discord.ButtonStyle.primary)
    async def next(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        await self._show(interaction, self.index + 1)


def can_embed_and_attach(ctx: commands.Context[Any]) -> tuple[bool, bool]:
    """Whether the bot may send embeds and files where CTX is answered (app permissions for a slash command)."""
    if ctx.guild is None:
        return True, True  # direct messages allow both
    perms = ctx.bot_permissions
    return perms.embed_links, perms.attach_files


async def send_text(ctx: commands.Context[Any], reply: Reply, *, ephemeral: bool = False) -> None:
    pages = text_pages(reply)
    pages = [f"{page}\n{NO_EMBEDS_HINT}" for page in pages]
    view = TextPages(pages, ctx.author.id) if len(pages) > 1 else None
    extra: dict[str, Any] = {"view": view} if view is not None else {}
    message = await ctx.send(pages[0], ephemeral=ephemeral, allowed_mentions=NO_PINGS, **extra)
    if view is not None:
        view.message = message
