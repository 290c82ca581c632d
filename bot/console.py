"""The offline console: type the chat commands, read the replies as text. Same commands, same funnel."""

from __future__ import annotations

import asyncio
import difflib
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.errors import reply_for, unknown_command
from bot.render import as_text
from commands import claim, corrections, export, flags, ingest, sources
from commands.actor import CONSOLE, Actor
from commands.help import help_reply
from commands.reply import Reply
from store.db import Store
from store.errors import BadInput
from store.ingest import read_file

log = logging.getLogger(__name__)

Handler = Callable[[Store, Actor, str], Awaitable[Reply]]


async def _ingest(store: Store, actor: Actor, rest: str) -> Reply:
    target = rest.strip()
    if target and not target.startswith(("http://", "https://")) and Path(target).exists():
        actor.require_editor("add articles")
        result = await asyncio.to_thread(lambda: store.add_article(read_file(Path(target))))
        return ingest.result_reply(result)
    return await ingest.ingest(store, actor, url=target or None)


def _split_first(rest: str) -> tuple[str, str]:
    parts = rest.strip().split(maxsplit=1)
    if not parts:
        raise BadInput("Which one? Give its number, e.g. `!flag 3`.")
    return parts[0], parts[1] if len(parts) > 1 else ""


async def _help(_store: Store, _actor: Actor, _rest: str) -> Reply:
    return help_reply()


HANDLERS: dict[str, Handler] = {
    "claim": lambda store, _actor, rest: claim.claim(store, rest),
    "flags": lambda store, _actor, _rest: flags.flags(store),
    "flag": lambda store, _actor, rest: flags.flag(store, _split_first(rest)[0]),
    "confirm": lambda store, actor, rest: flags.confirm(store, actor, *_split_first(rest)),
    "dismiss": lambda store, actor, rest: flags.dismiss(store, actor, *_split_first(rest)),
    "sources": lambda store, _actor, _rest: sources.sources(store),
    "source": lambda store, _actor, rest: sources.source(store, _split_first(rest)[0]),
    "ingest": _ingest,
    "export": lambda store, _actor, rest: export.export(store, rest),
    "fix": lambda store, actor, rest: corrections.fix(store, actor, rest),
    "unfix": lambda store, actor, rest: corrections.unfix(store, actor, rest),
    "history": lambda store, _actor, rest: corrections.history(store, rest),
    "help": _help,
}


class Console:
    """Reads `!command args` lines and answers with the text rendering of the same Reply."""

    def __init__(self, store: Store, *, prefix: str = "!", actor: Actor = CONSOLE) -> None:
        self.store, self.prefix, self.actor = store, prefix, actor

    async def handle(self, line: str) -> str | None:
        """The answer to one line; None for a blank line."""
        text = line.strip()
        if not text:
            return None
        if text.startswith(self.prefix):
            text = text[len(self.prefix):]
        elif text.startswith("/"):
            text = text[1:]
        name, _, rest = text.partition(" ")
        handler = HANDLERS.get(name.lower())
        if handler is None:
            near = difflib.get_close_matches(name.lower(), list(HANDLERS), n=1, cutoff=0.6)
            unknown = unknown_command(name, near[0] if near else None, prefix=self.prefix)
            return as_text(unknown) if unknown else None
        try:
            reply = await handler(self.store, self.actor, rest)
        except Exception as error:  # the funnel decides what the user sees; tracebacks go to the log
            reply = reply_for(error, prefix=self.prefix) or Reply.problem("Unknown command.")
        return as_text(reply)

    async def run(self, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
        interactive = stdin.isatty()
        if interactive:
            stdout.write(f"claimbot console. Type {self.prefix}help, or {self.prefix}claim evacuees. Ctrl-D quits.\n")
        while True:
            if interactive:
                stdout.write("> ")
                stdout.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            if line.strip() in {"quit", "exit", f"{self.prefix}quit"}:
                break
            answer = await self.handle(line)
            if answer is not None:
                stdout.write(answer + "\n\n")
                stdout.flush()
