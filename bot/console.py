"""The offline console: type the chat commands, read the replies as text. Same commands, same funnel."""

from __future__ import annotations

import asyncio
import difflib
import logging
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from bot.errors import reply_for, unknown_command
from bot.render import as_text
from commands import claim, corrections, export, feeds, flags, ingest, remove, sources, watches
from commands.actor import CONSOLE, Actor
from commands.alerts import alert_reply, deliveries, watched_ingest
from commands.help import help_reply
from commands.ingest_summary import IngestSummary
from commands.reply import Reply
from store.db import Store
from store.errors import BadInput
from store.feed_book import FeedBook
from store.ingest import article_paths, read_file
from store.poller import default_fetcher, poll_due
from store.watch_book import WatchBook

log = logging.getLogger(__name__)

Handler = Callable[[Store, Actor, str], Awaitable[Reply]]


async def _ingest(store: Store, actor: Actor, rest: str) -> Reply:
    """`!ingest PATH_OR_URL [outlet: X] [date: 2016-12-15] [story: Y]`; a folder is read like `claimbot ingest`."""
    target, options = ingest.split_options(rest)
    if target and not target.startswith(("http://", "https://")) and Path(target).exists():
        actor.require_editor("add articles")
        return await asyncio.to_thread(_ingest_paths, store, Path(target), options)
    return await ingest.ingest(store, actor, url=target or None, options=options)


def _ingest_paths(store: Store, target: Path, options: ingest.IngestOptions) -> Reply:
    summary = IngestSummary()
    results = []
    for path in article_paths(target):
        try:
            article = read_file(path, outlet=options.outlet, story=options.story)
        except BadInput as error:
            summary.refuse(path.name, str(error))
            continue
        if options.published is not None:
            article = replace(article, published=options.published)
        result = watched_ingest(store)([article])[0]
        summary.record(result)
        results.append(result)
    if len(results) == 1 and not summary.refused:
        return ingest.result_reply(results[0])
    if not results:
        raise BadInput(summary.refused[0][1] if len(summary.refused) == 1 else summary.line())
    return Reply(title=summary.line())


def _split_first(rest: str) -> tuple[str, str]:
    parts = rest.strip().split(maxsplit=1)
    if not parts:
        raise BadInput("Which one? Give its number, e.g. `!flag 3`.")
    return parts[0], parts[1] if len(parts) > 1 else ""


async def _help(_store: Store, _actor: Actor, _rest: str) -> Reply:
    return help_reply()


CONSOLE_CHANNEL = 0  # the console's watches live in a channel of their own


async def _poll(store: Store, actor: Actor, _rest: str) -> Reply:
    """`!poll`: poll the due feeds now (the console has no background task)."""
    actor.require_editor("poll feeds")
    book = FeedBook(store.engine)
    reports = await asyncio.to_thread(poll_due, book, watched_ingest(store),
                                      fetcher=default_fetcher(allow_private=Console.allow_private))
    return Reply(title=f"Polled {len(reports)} feed{'s' * (len(reports) != 1)}.",
                 lines=tuple(r.line() for r in reports))


def console_alerts(store: Store) -> list[Reply]:
    """The console channel's pending alerts, each watch's merged into one; marked sent."""
    book = WatchBook(store.engine)
    pending = book.pending(CONSOLE_CHANNEL)
    out = deliveries(pending, {}, datetime.now(UTC), quiet=timedelta(0), per_channel=len(pending) or 1)
    for delivery in out:
        book.mark_sent(list(delivery.alert_ids))
    return [alert_reply(d.body) for d in out]


HANDLERS: dict[str, Handler] = {
    "claim": lambda store, _actor, rest: claim.claim(store, rest),
    "flags": lambda store, _actor, rest: flags.flags(store, rest),
    "flag": lambda store, _actor, rest: flags.flag(store, _split_first(rest)[0]),
    "confirm": lambda store, actor, rest: flags.confirm(store, actor, *_split_first(rest)),
    "dismiss": lambda store, actor, rest: flags.dismiss(store, actor, *_split_first(rest)),
    "sources": lambda store, _actor, _rest: sources.sources(store),
    "source": lambda store, _actor, rest: sources.source(store, _split_first(rest)[0]),
    "ingest": _ingest,
    "remove": lambda store, actor, rest: remove.remove(store, actor, *_split_first(rest)),
    "export": lambda store, _actor, rest: export.export(store, rest),
    "fix": lambda store, actor, rest: corrections.fix(store, actor, rest),
    "unfix": lambda store, actor, rest: corrections.unfix(store, actor, rest),
    "history": lambda store, _actor, rest: corrections.history(store, rest),
    "help": _help,
    "feed": lambda store, actor, rest: feeds.feed(FeedBook(store.engine), actor, rest,
                                                  allow_private=Console.allow_private),
    "poll": _poll,
    "watch": lambda store, actor, rest: watches.watch(WatchBook(store.engine), actor, CONSOLE_CHANNEL, rest),
    "unwatch": lambda store, actor, rest: watches.unwatch(WatchBook(store.engine), actor, CONSOLE_CHANNEL, rest),
    "watches": lambda store, _actor, _rest: watches.watches(WatchBook(store.engine), CONSOLE_CHANNEL),
}


class Console:
    """Reads `!command args` lines and answers with the text rendering of the same Reply.

    Alerts of the console's watches are printed after the answer that raised them.
    """

    allow_private = False  # `claimbot console --allow-private`: feeds on the newsroom's own network

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
        alerts = await asyncio.to_thread(console_alerts, self.store)
        return "\n\n".join(as_text(r) for r in [reply, *alerts])

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
