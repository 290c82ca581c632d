"""Start-up problems as one clear line each (bad token, no network, missing intent, no database).

A newsroom admin starting the bot needs to know what to fix, not discord.py's or SQLAlchemy's
traceback (an unreachable database used to print 123 lines). The full error still goes to the log
at DEBUG.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TextIO

import aiohttp
import discord

from store.open_errors import database_problem

log = logging.getLogger(__name__)

INTENT = ("Discord refused the Message Content intent: turn it on in the Developer Portal "
          "(your app → Bot → Privileged Gateway Intents), or set PREFIX_COMMANDS=false to run with "
          "slash commands only.")
TOKEN = ("Discord refused DISCORD_TOKEN (wrong, reset or not a bot token): copy it again from the "
         "Developer Portal (your app → Bot → Reset Token).")


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return (text.splitlines() or [type(error).__name__])[0][:200]


def discord_problem(error: BaseException) -> str | None:
    """One line for a failed connection to Discord; None when ERROR is something else (a bug)."""
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return INTENT
    if isinstance(error, discord.LoginFailure):
        return TOKEN
    if isinstance(error, (aiohttp.ClientError, discord.GatewayNotFound, asyncio.TimeoutError, OSError)):
        return f"Cannot reach Discord ({_first_line(error) or type(error).__name__}); check the network and try again."
    if isinstance(error, discord.HTTPException) and error.status >= 500:
        return f"Discord is having trouble ({error.status}); try again in a few minutes."
    return None


def open_store(open_: Callable[[], Any], url: str | None, *, out: TextIO = sys.stderr) -> Any | None:
    """OPEN_() the store, or print one line saying why it cannot be opened and return None."""
    try:
        return open_()
    except Exception as error:
        problem = database_problem(url, error)
        if problem is None:
            raise
        log.debug("opening the store failed", exc_info=error)
        print(f"claimbot: {problem}", file=out)
        return None


def run_bot(main: Callable[[], Coroutine[Any, Any, None]], *, out: TextIO = sys.stderr) -> int:
    """Run MAIN (which starts the bot); a start-up problem prints one line and returns 1."""
    try:
        asyncio.run(main())
    except Exception as error:
        problem = discord_problem(error) or database_problem(None, error)
        if problem is None:
            raise
        log.debug("the bot could not start", exc_info=error)
        print(f"claimbot: {problem}", file=out)
        return 1
    return 0
