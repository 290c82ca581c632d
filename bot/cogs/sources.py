"""!sources, !source ID and !remove ID reason (editors)."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import ClaimBot, user_cooldown
from bot.conventions import editor_only
from commands import remove as remove_commands
from commands import sources as source_commands


class Sources(commands.Cog):
    def __init__(self, bot: ClaimBot) -> None:
        self.bot = bot

    @commands.hybrid_command(name="sources", description="Articles in the store with outlet, date and figures")
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def sources(self, ctx: commands.Context[ClaimBot]) -> None:
        """Articles in the store with outlet, date and number of figures."""
        async with self.bot.working(ctx):
            reply = await source_commands.sources(self.bot.store)
        await self.bot.send_reply(ctx, reply)

    @commands.hybrid_command(name="source", description="One article and its figures")
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    @app_commands.describe(article_id="The article's number, as in !sources (e.g. 2 or #2)")
    async def source(self, ctx: commands.Context[ClaimBot], article_id: str) -> None:
        """One article and its figures."""
        async with self.bot.working(ctx):
            reply = await source_commands.source(self.bot.store, article_id)
        await self.bot.send_reply(ctx, reply)

    @commands.hybrid_command(name="remove", description="Editors: take an article out of the answers, with the reason")
    @commands.guild_only()
    @editor_only("remove articles")
    @app_commands.describe(article_id="The article's number, as in !sources (e.g. 4 or #4)",
                           reason="Why it leaves the answers (kept with your name and id)")
    async def remove(self, ctx: commands.Context[ClaimBot], article_id: str, *, reason: str) -> None:
        """Editors: take an article out of the answers, with the reason (kept with your name and id)."""
        actor = await self.bot.actor(ctx)
        async with self.bot.working(ctx):
            reply = await remove_commands.remove(self.bot.store, actor, article_id, reason)
        await self.bot.send_reply(ctx, reply)


async def setup(bot: ClaimBot) -> None:
    await bot.add_cog(Sources(bot))
