"""!help, !ingest (editors) and the owner-only !sync for slash commands."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import ClaimBot
from bot.conventions import editor_only
from commands import ingest as ingest_command
from commands.help import help_reply
from commands.reply import Reply
from store.errors import BadInput

MAX_ATTACHMENT = 5 * 1024 * 1024
SYNC_SCOPES = ("guild", "global", "clear")


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
    @editor_only("add articles")
    @app_commands.describe(url="Link to the article (or attach a file instead)",
                           file="A .txt or .html file with the article (up to 5 MB)",
                           outlet="Who published it (left unknown when not given)",
                           date="When it was published, e.g. 2016-12-15", story="Put it in this story")
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
        async with self.bot.working(ctx):
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
        """Owner: publish slash commands to this server ("guild", the default, appears at once),
        everywhere ("global", up to an hour), or remove this server's copies ("clear": after a
        global sync, so commands stop showing twice)."""
        scope = scope.lower()
        if scope not in SYNC_SCOPES:
            raise BadInput(f"`!sync` takes one of: {', '.join(SYNC_SCOPES)}.")
        if scope == "global":
            synced = await self.bot.tree.sync()
            await self.bot.send_reply(ctx, Reply(title=f"Synced {len(synced)} slash commands (global)."))
            return
        if ctx.guild is None:
            raise BadInput("Run `!sync` or `!sync clear` in a server, or `!sync global`.")
        if scope == "clear":
            self.bot.tree.clear_commands(guild=ctx.guild)
            await self.bot.tree.sync(guild=ctx.guild)
            await self.bot.send_reply(ctx, Reply(title="Removed this server's copies of the slash commands."))
            return
        self.bot.tree.copy_global_to(guild=ctx.guild)
        synced = await self.bot.tree.sync(guild=ctx.guild)
        await self.bot.send_reply(ctx, Reply(title=f"Synced {len(synced)} slash commands (guild)."))


def _after_command(ctx: commands.Context[ClaimBot]) -> str:
    """What the user typed after `!ingest` (the prefix and name as they typed them)."""
    content = ctx.message.content if ctx.message else ""
    head = f"{ctx.prefix or ''}{ctx.invoked_with or ''}"
    return content[len(head):] if content.startswith(head) else content.split(None, 1)[1] if " " in content else ""


async def setup(bot: ClaimBot) -> None:
    await bot.add_cog(Admin(bot))
