"""The Discord bot: wiring only (intents, mentions, extensions, the error funnel, shutdown)."""

from __future__ import annotations

import contextlib
import difflib
import logging

import discord
from discord.ext import commands

from bot.conventions import apply_editor_permissions, used_prefix, with_prefix, working
from bot.errors import reply_for, unknown_command, unwrap
from bot.pages import Rerun, send_pages
from bot.settings import Settings
from commands.actor import Actor
from commands.reply import Reply
from store.db import Store

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.cogs.claims", "bot.cogs.flags", "bot.cogs.sources", "bot.cogs.admin", "bot.cogs.feeds",
              "bot.cogs.watches", "bot.cogs.newsroom")


def user_cooldown(ctx: commands.Context[ClaimBot]) -> commands.Cooldown:
    """Each user's allowance of lookups, from the settings (COOLDOWN_USES per COOLDOWN_SECONDS)."""
    settings = ctx.bot.settings
    return commands.Cooldown(settings.cooldown_uses, settings.cooldown_seconds)


def make_intents(*, members: bool = False, message_content: bool = True) -> discord.Intents:
    intents = discord.Intents.default()
    # privileged, and needed only to read "!claim ..." (PREFIX_COMMANDS): slash commands and
    # "@claimbot claim ..." work without it
    intents.message_content = message_content
    intents.members = members
    return intents


class ClaimBot(commands.Bot):
    """claimbot on Discord; every command calls the same functions as the console."""

    def __init__(self, store: Store, settings: Settings, *, intents: discord.Intents | None = None,
                 **options: object) -> None:
        prefix = (commands.when_mentioned_or(settings.command_prefix) if settings.prefix_commands
                  else commands.when_mentioned)
        super().__init__(
            command_prefix=prefix,
            intents=intents or make_intents(message_content=settings.prefix_commands),
            case_insensitive=True,  # "!Claim" from a phone's capital letter
            allowed_mentions=discord.AllowedMentions.none(),  # article text may contain @everyone
            help_command=None,
            owner_ids=set(settings.owner_ids) or None,
            max_ratelimit_timeout=30.0,
            **options,
        )
        self.store = store
        self.settings = settings

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        apply_editor_permissions(self.tree, self.settings.editor_permission)
        self.store.index  # noqa: B018  warm the lookup index before the first query

    async def close(self) -> None:
        await super().close()
        self.store.close()

    async def actor(self, ctx: commands.Context[ClaimBot]) -> Actor:
        """The author as the command layer sees them: editor when they hold the editor role."""
        author = ctx.author
        roles = {role.name for role in getattr(author, "roles", [])} | {
            str(role.id) for role in getattr(author, "roles", [])
        }
        is_owner = await self.is_owner(author)
        return Actor(name=str(author), is_editor=self.settings.editor_role in roles, is_owner=is_owner,
                     id=author.id)

    def working(self, ctx: commands.Context[ClaimBot], *, ephemeral: bool | None = None
                ) -> contextlib.AbstractAsyncContextManager[None]:
        """Defer a slash command (private when EPHEMERAL_SLASH, or EPHEMERAL) / show typing for a prefix one."""
        return working(ctx, ephemeral=self.settings.ephemeral_slash if ephemeral is None else ephemeral)

    async def send_reply(self, ctx: commands.Context[ClaimBot], reply: Reply, *, rerun: Rerun | None = None) -> None:
        """Render and send REPLY: pages get buttons, charts attach, errors are ephemeral on the slash side.

        RERUN answers a suggested query; with it, "did you mean" suggestions become buttons.
        """
        ephemeral = reply.error or reply.ephemeral or (ctx.interaction is not None and self.settings.ephemeral_slash)
        reply = with_prefix(reply, used_prefix(ctx, self.settings.command_prefix))
        await send_pages(ctx, reply, ephemeral=ephemeral, rerun=rerun, charts=self.settings.charts)

    def command_names(self) -> list[str]:
        return sorted({name for c in self.commands if not c.hidden for name in (c.name, *c.aliases)})

    async def on_command_error(self, ctx: commands.Context[ClaimBot], error: commands.CommandError) -> None:
        cause = unwrap(error)
        prefix = used_prefix(ctx, self.settings.command_prefix)
        if isinstance(cause, commands.CommandNotFound):
            near = difflib.get_close_matches((ctx.invoked_with or "").lower(), self.command_names(), n=1, cutoff=0.6)
            reply = unknown_command(ctx.invoked_with or "", near[0] if near else None, prefix=prefix)
        else:
            usage = f"{prefix}{ctx.command.qualified_name} {ctx.command.signature}".strip() if ctx.command else None
            reply = reply_for(cause, prefix=prefix, usage=usage)
        if reply is None:
            return
        try:
            await self.send_reply(ctx, reply)
        except discord.HTTPException:
            log.warning("could not send the error reply", exc_info=True)

    async def bot_check(self, ctx: commands.Context[ClaimBot]) -> bool:  # type: ignore[override]
        if ctx.guild is None and not self.settings.allow_dms and not await self.is_owner(ctx.author):
            raise commands.NoPrivateMessage()
        return True


class ShardedClaimBot(ClaimBot, commands.AutoShardedBot):
    """claimbot over several gateway shards in one process (SHARDS=auto or a number).

    Every shard shares the one store; other processes (more shard ranges, ingest workers) reach
    the same PostgreSQL, and each lookup syncs the index from it first.
    """


def make_bot(store: Store, settings: Settings) -> ClaimBot:
    """The bot the settings ask for: sharded when SHARDS is set, plain otherwise."""
    if settings.shards is None:
        return ClaimBot(store, settings)
    count = None if settings.shards == "auto" else int(settings.shards)
    return ShardedClaimBot(store, settings, shard_count=count)
