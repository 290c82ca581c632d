"""/claim and !claim, with autocomplete from the in-memory index."""

from __future__ import annotations

import asyncio
import logging

from discord import Interaction, app_commands
from discord.ext import commands

from bot.client import ClaimBot, user_cooldown
from commands import claim as claim_command
from commands.reply import Reply

log = logging.getLogger(__name__)
AUTOCOMPLETE_BUDGET = 1.5  # seconds; Discord drops an autocomplete answer after 3


class Claims(commands.Cog):
    def __init__(self, bot: ClaimBot) -> None:
        self.bot = bot

    @commands.hybrid_command(name="claim", description="Every sourced figure on a subject, disagreements first")
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    @app_commands.describe(query="What to look up, e.g. evacuees, ambulances, killed")
    async def claim(self, ctx: commands.Context[ClaimBot], *, query: str) -> None:
        """Every sourced figure for QUERY, disagreements first."""
        async with self.bot.working(ctx):
            reply = await claim_command.claim(self.bot.store, query)
            await self.bot.send_reply(ctx, reply, rerun=self.lookup)

    async def lookup(self, query: str) -> Reply:
        """The answer to a suggested query (a "did you mean" button)."""
        return await claim_command.claim(self.bot.store, query)

    @claim.autocomplete("query")
    async def query_autocomplete(self, _interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        # Autocomplete cannot be deferred (3 s): answer from the in-memory index, and rather with
        # nothing than late or with an error (the user can still type the query).
        try:
            phrases = await asyncio.wait_for(
                asyncio.to_thread(self.bot.store.index.complete, current[:100], limit=25), AUTOCOMPLETE_BUDGET)
        except Exception:
            log.warning("autocomplete failed for %r", current[:100], exc_info=True)
            return []
        choices = dict.fromkeys(p.strip()[:100] for p in phrases if p and p.strip())
        return [app_commands.Choice(name=p, value=p) for p in list(choices)[:25]]


async def setup(bot: ClaimBot) -> None:
    await bot.add_cog(Claims(bot))
