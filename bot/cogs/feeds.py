"""!feed add|list|remove (editors add and remove), and the background task that polls due feeds."""

from __future__ import annotations

import asyncio
import logging

from discord import app_commands
from discord.ext import commands, tasks

from bot.client import ClaimBot
from bot.conventions import editor_only
from commands import feeds as feed_commands
from commands.alerts import watched_ingest
from store.feed_book import FeedBook
from store.poller import poll_due

log = logging.getLogger(__name__)


class Feeds(commands.Cog):
    def __init__(self, bot: ClaimBot) -> None:
        self.bot = bot
        self.book = FeedBook(bot.store.engine)

    @commands.hybrid_group(name="feed", fallback="list", description="RSS/Atom feeds the bot ingests")
    async def feed(self, ctx: commands.Context[ClaimBot]) -> None:
        """The feeds followed, with status, last error and items seen."""
        async with self.bot.working(ctx):
            reply = await feed_commands.listing(self.book)
        await self.bot.send_reply(ctx, reply)

    @feed.command(name="add", description="Editors: follow an RSS or Atom feed (story:NAME puts items in a story)")
    @commands.guild_only()
    @editor_only("follow feeds")
    @app_commands.describe(url="The RSS or Atom feed's address", story="Put every item in this story (story:NAME)")
    async def add(self, ctx: commands.Context[ClaimBot], url: str, *, story: str = "") -> None:
        """Editors: follow an RSS or Atom feed; `story:NAME` puts its items in one story."""
        actor = await self.bot.actor(ctx)
        story = story.strip()
        rest = f"{url} {story if story.lower().startswith('story:') else f'story:{story}' if story else ''}"
        async with self.bot.working(ctx):
            reply = await feed_commands.add(self.book, actor, rest.strip())
        await self.bot.send_reply(ctx, reply)

    @feed.command(name="remove", description="Editors: stop following a feed")
    @commands.guild_only()
    @editor_only("stop following feeds")
    @app_commands.describe(feed_id="The feed's number, as in !feed list (e.g. 2 or #2)")
    async def remove(self, ctx: commands.Context[ClaimBot], feed_id: str) -> None:
        """Editors: stop following a feed; its articles stay."""
        actor = await self.bot.actor(ctx)
        async with self.bot.working(ctx):
            reply = await feed_commands.remove(self.book, actor, feed_id)
        await self.bot.send_reply(ctx, reply)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        # started here, not in cog_load: a bot that never connects (tests, dpytest) never polls
        if self.bot.settings.feed_poll_seconds > 0 and not self.poller.is_running():
            self.poller.change_interval(seconds=self.bot.settings.feed_poll_seconds)
            self.poller.start()

    async def cog_unload(self) -> None:
        self.poller.cancel()

    @tasks.loop(seconds=60)
    async def poller(self) -> None:
        await self.poll_once()

    async def poll_once(self) -> int:
        """Poll the due feeds off the event loop; the number of articles stored."""
        try:
            reports = await asyncio.to_thread(poll_due, self.book, watched_ingest(self.bot.store))
        except Exception:  # the loop must survive a database hiccup; the next round tries again
            log.exception("feed polling failed")
            return 0
        for report in reports:
            log.info("%s", report.line())
        return sum(len(r.stored) for r in reports)


async def setup(bot: ClaimBot) -> None:
    await bot.add_cog(Feeds(bot))
