"""!help, !ingest (editors) and the owner-only !sync for slash commands."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import ClaimBot
from commands import ingest as ingest_command
from commands.help import help_reply
from commands.reply import Reply
from store.errors import BadInput

MAX_ATTACHMENT = 5 * 1024 * 1024


class Admin(commands.Cog):
    def __init__(self, bot: ClaimBot) -> None:
        self.bot = bot

    @commands.hybrid_command(name="help", description="What claimbot can do, with examples")
    async def help(self, ctx: commands.Context[ClaimBot]) -> None:
        """What claimbot can do, with examples."""
        await self.bot.send_reply(ctx, help_reply(self.bot.settings.command_prefix))

    @commands.hybrid_command(name="ingest", description="Editors: add an article from a link or an attachment")
    @commands.guild_only()
    @commands.max_concurrency(2, commands.BucketType.guild, wait=False)
    @app_commands.describe(url="a link to the article", file="an attached .txt or .html article",
                           outlet="who published it (left unknown when not given)",
                           date="when it was published, e.g. 2016-12-15", story="put it in this story")
    async def ingest(self, ctx: commands.Context[ClaimBot], url: str | None = None,
                     file: discord.Attachment | None = None, outlet: str | None = None,
                     date: str | None = None, story: str | None = None) -> None:
        """Editors: add an article from a link or an attached .txt/.html file (outlet: date: story: optional)."""
        actor = await self.bot.actor(ctx)
        actor.require_editor("add articles")
        if ctx.interaction is None:  # `!ingest URL outlet: Reuters date: ...`: words, not positions
            url, options = ingest_command.split_options(_after_command(ctx))
            url = url or None
        else:
            options = ingest_command.make_options(outlet, date, story)
        attachment = file or (ctx.message.attachments[0] if ctx.message and ctx.message.attachments else None)
        async with ctx.typing():
            payload = None
            if attachment is not None:
                if attachment.size > MAX_ATTACHMENT:
                    raise BadInput(f"Attachments over {MAX_ATTACHMENT // (1024 * 1024)} MB are refused.")
                payload = (attachment.filename, await attachment.read())
            reply = await ingest_command.ingest(self.bot.store, actor, url=url, attachment=payload, options=options)
        await self.bot.send_reply(ctx, reply)

    @commands.command(name="sync", hidden=True)
    @commands.is_owner()
    async def sync(self, ctx: commands.Context[ClaimBot], scope: str = "guild") -> None:
        """Owner: publish slash commands to this server (default) or everywhere ("global")."""
        if scope == "global":
            synced = await self.bot.tree.sync()
        elif ctx.guild is not None:
            self.bot.tree.copy_global_to(guild=ctx.guild)
            synced = await self.bot.tree.sync(guild=ctx.guild)
        else:
            raise BadInput("Run `!sync` in a server, or `!sync global`.")
        await self.bot.send_reply(ctx, Reply(title=f"Synced {len(synced)} slash commands ({scope})."))


def _after_command(ctx: commands.Context[ClaimBot]) -> str:
    """What the user typed after `!ingest` (the prefix and name as they typed them)."""
    content = ctx.message.content if ctx.message else ""
    head = f"{ctx.prefix or ''}{ctx.invoked_with or ''}"
    return content[len(head):] if content.startswith(head) else content.split(None, 1)[1] if " " in content else ""


async def setup(bot: ClaimBot) -> None:
    await bot.add_cog(Admin(bot))
