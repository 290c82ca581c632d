"""`!remove ARTICLE_ID reason` (editors): take an article out of the answers, recorded with who and why."""

from __future__ import annotations

import asyncio

from commands.actor import Actor
from commands.reply import Reply
from store.db import Store
from store.errors import BadInput


def parse_article_id(text: str | int) -> int:
    raw = str(text).strip().lstrip("#")
    if not raw.isdigit() or not 0 < int(raw) < 2**31:
        raise BadInput(f"`{str(text)[:20]}` is not an article number; `!sources` lists them.")
    return int(raw)


def remove_reply(store: Store, actor: Actor, article_id: int, reason: str) -> Reply:
    actor.require_editor("remove articles")
    if not reason.strip():
        raise BadInput(f"Say why, e.g. `!remove {article_id} duplicate of another article`.")
    info = store.remove_article(article_id, by=actor.name, by_id=actor.id, reason=reason)
    return Reply(title=f"Removed article #{info.id} ({info.label}): its {info.figures} figure"
                       f"{'s' * (info.figures != 1)} no longer answer and its story's flags were recomputed. "
                       f"Reason: {info.removed_reason}")


async def remove(store: Store, actor: Actor, article_id: str | int, reason: str | None = None) -> Reply:
    """Remove an article from the answers (editors); its text and the removal stay on record."""
    actor.require_editor("remove articles")
    return await asyncio.to_thread(remove_reply, store, actor, parse_article_id(article_id), reason or "")
