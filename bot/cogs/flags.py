"""!flags, !flag ID, !confirm ID [note], !dismiss ID reason."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import ClaimBot, user_cooldown
from bot.conventions import editor_only
from commands import flags as flag_commands


class Flags(commands.Cog):
    def __init__(self, bot: ClaimBot) -> None:
        self.bot = bot

    @commands.hybrid_command(name="flags", description="Open discrepancy flags, newest first; `weak` for the weak ones")
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    @app_commands.describe(which="Optional: `weak` lists the weak disagreements instead")
    async def flags(self, ctx: commands.Context[ClaimBot], which: str | None = None) -> None:
        """Open discrepancy flags, newest first; `!flags weak` lists the weak disagreements."""
        async with self.bot.working(ctx):
            reply = await flag_commands.flags(self.bot.store, which)
        await self.bot.send_reply(ctx, reply)

    @commands.hybrid_command(name="flag", description="One flag with every figure and quote")
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    @app_commands.describe(flag_id="The flag's number, as in !flags (e.g. 3 or #3)")
    async def flag(self, ctx: commands.Context[ClaimBot], flag_id: str) -> None:
        """One flag with every figure and quote."""
        async with self.bot.working(ctx):
            reply = await flag_commands.flag(self.bot.store, flag_id)
        await self.bot.send_reply(ctx, reply)

    @commands.hybrid_command(name="confirm", description="Editors: mark a flag as a real discrepancy")
    @commands.guild_only()
    @editor_only("review flags")
    @app_commands.describe(flag_id="The flag's number, as in !flags (e.g. 3 or #3)",
                           note="Optional: why it is a real discrepancy")
    async def confirm(self, ctx: commands.Context[ClaimBot], flag_id: str, *, note: str | None = None) -> None:
        """Editors: mark a flag as a real discrepancy."""
        async with self.bot.working(ctx):  # a review can wait on SQLite's busy timeout past 3 s
            reply = await flag_commands.confirm(self.bot.store, await self.bot.actor(ctx), flag_id, note)
        await self.bot.send_reply(ctx, reply)

    @commands.hybrid_command(name="dismiss", description="Editors: mark a flag as a false alarm, with the reason")
    @commands.guild_only()
    @editor_only("review flags")
    @app_commands.describe(flag_id="The flag's number, as in !flags (e.g. 3 or #3)",
                           reason="Why it is a false alarm, e.g. different dates")
    async def dismiss(self, ctx: commands.Context[ClaimBot], flag_id: str, *, reason: str) -> None:
        """Editors: mark a flag as a false alarm, with the reason."""
        async with self.bot.working(ctx):
            reply = await flag_commands.dismiss(self.bot.store, await self.bot.actor(ctx), flag_id, reason)
        await self.bot.send_reply(ctx, reply)


async def setup(bot: ClaimBot) -> None:
    await bot.add_cog(Flags(bot))
