"""!export QUERY [json], !fix, !unfix (editors), !history: the newsroom's records of an answer."""

from __future__ import annotations

import io

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import ClaimBot, user_cooldown
from bot.conventions import editor_only
from commands import corrections, export
from commands.export import ExportFile


class Newsroom(commands.Cog):
    def __init__(self, bot: ClaimBot) -> None:
        self.bot = bot

    @commands.hybrid_command(name="export", description="The answer to a lookup as a CSV (add json for JSON) file")
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    @app_commands.describe(query="What to look up, as for /claim; end with json for a JSON file")
    async def export(self, ctx: commands.Context[ClaimBot], *, query: str) -> None:
        """The answer to a lookup as a CSV file; `json` last for JSON."""
        async with self.bot.working(ctx):
            reply = await export.export(self.bot.store, query)
            await self.bot.send_reply(ctx, reply)
            files: list[ExportFile] = list(reply.extra.get("files", []))  # type: ignore[call-overload]
            # one part per message: Discord's size limit is per message, not per file
            for part in files:
                await ctx.send(file=discord.File(io.BytesIO(part.data), filename=part.name),
                               allowed_mentions=discord.AllowedMentions.none())

    @commands.hybrid_command(name="fix", description="Editors: correct a figure: ID value=... counts=... because ...")
    @commands.guild_only()
    @editor_only("correct figures")
    @app_commands.describe(correction="The figure's number and the correction, e.g. 12 value=4500 because ...")
    async def fix(self, ctx: commands.Context[ClaimBot], *, correction: str) -> None:
        """Editors: correct a figure: `!fix 12 value=4500 because ...`."""
        actor = await self.bot.actor(ctx)
        async with self.bot.working(ctx):
            reply = await corrections.fix(self.bot.store, actor, correction)
        await self.bot.send_reply(ctx, reply)

    @commands.hybrid_command(name="unfix", description="Editors: undo a figure's correction")
    @commands.guild_only()
    @editor_only("undo corrections")
    @app_commands.describe(figure="The figure's number (e.g. 12), optionally followed by because ...")
    async def unfix(self, ctx: commands.Context[ClaimBot], *, figure: str) -> None:
        """Editors: undo a figure's correction."""
        actor = await self.bot.actor(ctx)
        async with self.bot.working(ctx):
            reply = await corrections.unfix(self.bot.store, actor, figure)
        await self.bot.send_reply(ctx, reply)

    @commands.hybrid_command(name="history", description="Every review and correction of a flag (or: figure ID)")
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    @app_commands.describe(target="A flag's number (e.g. 3), or figure and a figure's number (figure 12)")
    async def history(self, ctx: commands.Context[ClaimBot], *, target: str) -> None:
        """Every review and correction of a flag, or of a figure (`!history figure 12`)."""
        async with self.bot.working(ctx):
            reply = await corrections.history(self.bot.store, target)
        await self.bot.send_reply(ctx, reply)


async def setup(bot: ClaimBot) -> None:
    await bot.add_cog(Newsroom(bot))
