"""Conventions every cog follows (README, developer section): use these instead of raw discord.py calls.

- `async with working(ctx, ephemeral=...)`: a slash command defers at once *with* the private/public
  choice (Discord ignores `ephemeral` on the first followup after a public defer); a prefix command
  shows typing. `ClaimBot.working(ctx)` passes the configured choice (EPHEMERAL_SLASH).
- `@editor_only("add articles")` under the hybrid decorator: hides the slash command from members
  without the editor permission (`default_permissions`, EDITOR_PERMISSION, applied at start-up) and
  checks the editor role on both sides before the body runs; the body still calls `require_editor`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from commands.reply import Reply

T = TypeVar("T")
EDITOR_ONLY = "__claimbot_editor_only__"


@contextlib.asynccontextmanager
async def working(ctx: commands.Context[Any], *, ephemeral: bool = False) -> AsyncIterator[None]:
    """Acknowledge CTX while the answer is prepared: a deferral for a slash command, typing otherwise."""
    if ctx.interaction is not None:
        if not ctx.interaction.response.is_done():
            await ctx.defer(ephemeral=ephemeral)
        yield
        return
    async with ctx.typing():
        yield


class NotEditor(commands.CheckFailure):
    """A member without the editor role tried an editor command; the message says what they cannot do."""


def editor_only(action: str) -> Callable[[T], T]:
    """Mark a hybrid command as editors-only: hidden by default_permissions and checked on both sides."""

    async def predicate(ctx: commands.Context[Any]) -> bool:
        actor = await ctx.bot.actor(ctx)
        if not (actor.is_editor or actor.is_owner):
            raise NotEditor(f"Only editors can {action}.")
        return True

    def decorate(func: T) -> T:
        setattr(func, EDITOR_ONLY, True)
        # a placeholder Discord replaces at start-up with the configured permission (apply_editor_permissions)
        func = app_commands.default_permissions(manage_messages=True)(func)  # type: ignore[arg-type]
        return commands.check(predicate)(func)  # type: ignore[return-value]

    return decorate


def editor_permissions(name: str) -> discord.Permissions:
    """The permission that lets a member see editor slash commands, by its discord.py name."""
    if name not in discord.Permissions.VALID_FLAGS:
        raise ValueError(f"unknown permission {name!r}")
    return discord.Permissions(**{name: True})


def apply_editor_permissions(tree: app_commands.CommandTree[Any], permission: str) -> list[str]:
    """Set default_permissions of every editor-only slash command to PERMISSION; returns their names."""
    names = []
    for command in walk(tree):
        if isinstance(command, app_commands.Command) and getattr(command.callback, EDITOR_ONLY, False):
            command.default_permissions = editor_permissions(permission)
            names.append(command.qualified_name)
    return names


def walk(tree: app_commands.CommandTree[Any]) -> list[app_commands.Command[Any, ..., Any] | app_commands.Group]:
    """Every slash command and group of TREE, subcommands included."""
    out: list[Any] = []
    pending: list[Any] = list(tree.get_commands())
    while pending:
        command = pending.pop(0)
        out.append(command)
        if isinstance(command, app_commands.Group):
            pending.extend(command.commands)
    return out


def undescribed_options(tree: app_commands.CommandTree[Any]) -> list[str]:
    """"command option" for every slash option that has no description of its own."""
    missing = []
    for command in walk(tree):
        if isinstance(command, app_commands.Command):
            missing.extend(f"{command.qualified_name} {p.name}" for p in command.parameters
                           if not p.description or p.description == "…")
    return missing


def used_prefix(ctx: commands.Context[Any], default: str = "!") -> str:
    """The prefix the user typed ("/" for a slash command), for error texts."""
    if ctx.interaction is not None:
        return "/"
    prefix = ctx.clean_prefix if ctx.prefix else default
    return prefix or default


_COMMAND_SPAN = re.compile(r"`!(?=[a-z])")


def with_prefix(reply: Reply, prefix: str) -> Reply:
    """REPLY with the command layer's `!cmd` code spans written with PREFIX (the one the user typed)."""
    if prefix == "!":
        return reply

    def fix(text: str | None) -> str | None:
        return _COMMAND_SPAN.sub(lambda _m: "`" + prefix, text) if text else text

    return dataclasses.replace(reply, title=fix(reply.title) or reply.title, note=fix(reply.note),
                               lines=tuple(fix(line) or line for line in reply.lines))
