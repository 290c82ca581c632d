"""!watch QUERY, !unwatch ID, !watches, and the background task that posts pending alerts."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.client import ClaimBot
from bot.conventions import editor_only
from bot.render import as_embeds
from commands import watches as watch_commands
from commands.alerts import RATE_WINDOW, alert_reply, deliveries
from store.watch_book import WatchBook

log = logging.getLogger(__name__)

DELIVER_EVERY = 10.0  # seconds between looks at the alert table (alerts from workers arrive through it)


class Watches(commands.Cog):
    def __init__(self, bot: ClaimBot) -> None:
        self.bot = bot
        self.book = WatchBook(bot.store.engine)
        self._delivering = asyncio.Lock()

    @commands.hybrid_command(name="watch", description="Editors: post here when new figures or flags touch a subject")
    @commands.guild_only()
    @editor_only("watch subjects")
    @app_commands.describe(query="The subject to watch, as you would ask !claim (e.g. evacuees)")
    async def watch(self, ctx: commands.Context[ClaimBot], *, query: str) -> None:
        """Editors: post in this channel when an ingest adds a figure or a flag to QUERY's groups."""
        actor = await self.bot.actor(ctx)
        async with self.bot.working(ctx):
            reply = await watch_commands.watch(self.book, actor, ctx.channel.id, query)
        await self.bot.send_reply(ctx, reply)

    @commands.hybrid_command(name="unwatch", description="Editors: stop a watch of this channel")
    @commands.guild_only()
    @editor_only("stop watches")
    @app_commands.describe(watch_id="The watch's number, as in !watches (e.g. 1 or #1)")
    async def unwatch(self, ctx: commands.Context[ClaimBot], watch_id: str) -> None:
        """Editors: stop a watch of this channel."""
        actor = await self.bot.actor(ctx)
        async with self.bot.working(ctx):
            reply = await watch_commands.unwatch(self.book, actor, ctx.channel.id, watch_id)
        await self.bot.send_reply(ctx, reply)

    @commands.hybrid_command(name="watches", description="The watches of this channel")
    @commands.guild_only()
    async def watches(self, ctx: commands.Context[ClaimBot]) -> None:
        """The watches of this channel."""
        async with self.bot.working(ctx):
            reply = await watch_commands.watches(self.book, ctx.channel.id)
        await self.bot.send_reply(ctx, reply)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if not self.deliverer.is_running():
            self.deliverer.start()

    async def cog_unload(self) -> None:
        self.deliverer.cancel()

    @tasks.loop(seconds=DELIVER_EVERY)
    async def deliverer(self) -> None:
        try:
            await self.deliver()
        except Exception:  # a database or Discord hiccup: the alerts stay pending for the next round
            log.exception("alert delivery failed")

    async def deliver(self, now: datetime | None = None) -> int:
        """Post the alerts that are due, one message per watch; each marked sent once Discord took it."""
        async with self._delivering:  # the loop and a test never post the same alert twice
            now = now or discord.utils.utcnow()
            pending = await asyncio.to_thread(self.book.pending)
            if not pending:
                return 0
            recent = await asyncio.to_thread(self.book.sent_since, now - RATE_WINDOW)
            quiet = timedelta(seconds=self.bot.settings.alert_quiet_seconds)
            posted = 0
            for delivery in deliveries(pending, recent, now, quiet=quiet,
                                       per_channel=self.bot.settings.alert_per_channel):
                channel = self.bot.get_channel(delivery.channel_id)
                if channel is None:
                    try:  # not cached is not gone: ask Discord before dropping anything
                        channel = await self.bot.fetch_channel(delivery.channel_id)
                    except (discord.NotFound, discord.Forbidden):
                        channel = None
                    except discord.HTTPException:
                        continue  # Discord is unwell: the alerts stay pending
                if channel is None or not hasattr(channel, "send"):
                    log.warning("alert channel %s is gone; %d alerts dropped", delivery.channel_id,
                                len(delivery.alert_ids))
                else:
                    embed = as_embeds(alert_reply(delivery.body))[0]
                    try:
                        await channel.send(embed=embed, allowed_mentions=discord.AllowedMentions.none())
                    except discord.HTTPException:
                        log.warning("could not post an alert in %s; it stays pending", delivery.channel_id,
                                    exc_info=True)
                        continue
                    posted += 1
                await asyncio.to_thread(self.book.mark_sent, list(delivery.alert_ids), now)
            return posted


async def setup(bot: ClaimBot) -> None:
    await bot.add_cog(Watches(bot))
