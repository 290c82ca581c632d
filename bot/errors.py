"""The one error funnel: any failure of a command -> a short Reply; tracebacks go to the log only."""

from __future__ import annotations

import logging
import re

from discord import app_commands
from discord.ext import commands

from commands.reply import Reply
from store.errors import ClaimbotError, NotFound, StoreBusy, is_busy

log = logging.getLogger(__name__)

BROKEN = "Something broke on our side; it has been logged."


def unwrap(error: BaseException) -> BaseException:
    """The error that really happened, under discord.py's wrappers (so !claim and /claim agree)."""
    while isinstance(error, (commands.CommandInvokeError, commands.HybridCommandError,
                             app_commands.CommandInvokeError)) and error.original is not None:
        error = error.original
    return error


def unknown_command(name: str, near: str | None, *, prefix: str = "!") -> Reply | None:
    """A short answer to `!NAME` that is no command; None (silence) unless NAME looks like a word.

    Newsroom channels are full of "!!!" and "!5": answering those would be noise, but "!clam" or
    "!flgs" is someone trying to use the bot, and the nearest command is the friendliest answer.
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z_-]{1,19}", name):
        return None
    hint = f" Did you mean `{prefix}{near}`?" if near else ""
    return Reply.problem(f"There is no `{prefix}{name}` command.{hint} Type `{prefix}help` for the list.")


def reply_for(error: BaseException, *, prefix: str = "!", usage: str | None = None) -> Reply | None:
    """What to tell the user about ERROR; None when silence is right (an unknown command).

    USAGE ("!claim <query>") makes the missing-argument answer show how the command is typed.
    """
    match error:
        case NotFound():
            return Reply.problem(str(error), suggestions=error.suggestions)
        case ClaimbotError():
            return Reply.problem(str(error))
        case commands.CommandNotFound():
            return None
        case commands.MissingRequiredArgument():
            shown = f" Usage: `{usage}`." if usage else ""
            return Reply.problem(f"Missing {error.param.name}.{shown} Try `{prefix}help` for examples.")
        case commands.BadArgument() | commands.ArgumentParsingError():
            shown = f" Usage: `{usage}`." if usage else ""
            return Reply.problem(f"I could not read that: {error}.{shown} Try `{prefix}help`.")
        case commands.CommandOnCooldown():
            return Reply.problem(f"Slow down: try again in {error.retry_after:.0f} s.")
        case commands.MaxConcurrencyReached():
            return Reply.problem("Busy with your previous request; try again in a moment.")
        case commands.NoPrivateMessage() | commands.PrivateMessageOnly():
            return Reply.problem("That works in a server channel, not in direct messages.")
        case commands.NotOwner():
            return Reply.problem("Only the bot's owner can do that.")
        case commands.MissingRole() | commands.MissingAnyRole() | commands.MissingPermissions():
            return Reply.problem("You do not have permission for that.")
        case commands.CheckFailure():
            return Reply.problem(str(error) or "You do not have permission for that.")
        case commands.UserInputError():
            return Reply.problem(f"{error} Try `{prefix}help`.")
    if is_busy(error):  # a long ingest holds SQLite's write lock: not a fault, and it passes
        log.warning("store busy: %s", error)
        return Reply.problem(StoreBusy.MESSAGE)
    log.error("command failed: %s", type(error).__name__, exc_info=error)
    return Reply.problem(BROKEN)
