"""!sources and !source ID."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import ClaimBot, user_cooldown
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


async def setup(bot: ClaimBot) -> None:
    await bot.add_cog(Sources(bot))
