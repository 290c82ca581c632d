"""`!flags`, `!flag ID`, `!confirm ID [note]`, `!dismiss ID reason`: the editor's review of discrepancies."""

from __future__ import annotations

import asyncio
from typing import Any

from commands.actor import Actor
from commands.reply import GroupView, Reply
from commands.serialize import flag_json
from commands.views import confident, figure_line, flag_line, weak, weak_footer
from store.db import Store
from store.errors import BadInput
from store.quantity import FlagStatus
from store.records import ReviewInfo

MAX_LISTED = 1000  # pages on Discord (buttons); the note says when even that is not all
MAX_NOTE = 500


def parse_id(text: str | int, what: str = "flag") -> int:
    """A positive id from "12" or "#12"; BadInput otherwise."""
    raw = str(text).strip().lstrip("#")
    if not raw.isdigit() or not 0 < int(raw) < 2**31:
        raise BadInput(f"`{str(text)[:20]}` is not a {what} number; try `!{what}s` for the list.")
    return int(raw)


def flags_reply(store: Store, *, status: FlagStatus | None = FlagStatus.OPEN, show_weak: bool = False) -> Reply:
    """Confident flags, with a footer counting the weak ones; with SHOW_WEAK, only the weak ones."""
    every = store.flags(status=status)
    found = weak(every) if show_weak else confident(every)
    hidden = 0 if show_weak else len(every) - len(found)
    open_ = "open " if status == FlagStatus.OPEN else ""
    if not found:
        if show_weak:
            return Reply(title=f"No {open_}weak disagreements.")
        return Reply(title=f"No {open_}flags." if status is not None else "No flags.", note=weak_footer(hidden))
    shown = found[:MAX_LISTED]
    notes = [f"{len(found) - len(shown)} more not shown."] if len(found) > len(shown) else []
    notes += [line for line in (weak_footer(hidden),) if line]
    noun = "weak disagreement" if show_weak else "flag"
    title = f"{len(found)} {open_}{noun}{'s' * (len(found) != 1)}, newest first"
    return Reply(title=title, flags=tuple(flag_line(f) for f in shown), note=" ".join(notes) or None)


def flag_reply(store: Store, flag_id: int) -> Reply:
    flag = store.flag(flag_id)
    figures = store.figures(flag.figure_ids)
    lines = [f"Status: {flag.status}" + (f" by {flag.reviewed_by}" if flag.reviewed_by else "")
             + (f" ({flag.review_note})" if flag.review_note else "")]
    history = store.reviews(flag.id)
    if history:
        lines.append("Review history:")
        lines.extend(f"· {review_step(step)}" for step in history)
    if not flag.active:
        lines.append("This flag no longer applies to the current figures; kept for its review history.")
        successors = store.reopened_as(flag.id)
        if successors:
            lines.append("New figures changed this disagreement: see "
                         + ", ".join(f"`!flag {i}`" for i in successors) + ".")
    view = GroupView(
        id=flag.group_id or 0, label="figures involved", headline="Figures involved",
        figures=tuple(figure_line(f, flagged=True) for f in figures), outlets=len({f.source.label for f in figures}),
        origins=0, flagged=True,
    )
    return Reply(title=f"Flag #{flag.id}: {flag.kind} ({flag.severity})", flags=(flag_line(flag),),
                 groups=(view,), lines=tuple(lines))


def review_step(step: ReviewInfo) -> str:
    """ "2026-12-02 09:14 UTC dismissed by ed (Discord id 42): different counts"."""
    who = step.by_name + (f" (Discord id {step.by_id})" if step.by_id else "")
    return f"{step.at:%Y-%m-%d %H:%M} UTC {step.status} by {who}" + (f": {step.note}" if step.note else "")


def review_reply(store: Store, actor: Actor, flag_id: int, status: FlagStatus, note: str | None) -> Reply:
    actor.require_editor("review flags")
    note = (note or "").strip() or None
    if status == FlagStatus.DISMISSED and not note:
        raise BadInput("Say why you dismiss it: `!dismiss ID reason`.")
    if note and len(note) > MAX_NOTE:
        raise BadInput(f"Keep the note under {MAX_NOTE} characters.")
    flag = store.review(flag_id, status, by=actor.name, by_id=actor.id, note=note)
    verb = "Confirmed" if status == FlagStatus.CONFIRMED else "Dismissed"
    return Reply(title=f"{verb} flag #{flag.id}.", flags=(flag_line(flag),))


def flags_json(store: Store, *, show_weak: bool = False) -> list[dict[str, Any]]:
    """The `claimbot flags --json` contract: every active confident flag with its figures; with
    SHOW_WEAK (`--weak`), the weak disagreements instead."""
    every = store.flags(status=None)
    found = weak(every) if show_weak else confident(every)
    figures = store.figures(i for f in found for i in f.figure_ids)
    history = store.review_history(f.id for f in found)
    return [flag_json(f, figures, history.get(f.id, ())) for f in found]


WEAK_WORDS = frozenset({"weak", "--weak"})


async def flags(store: Store, which: str | None = None) -> Reply:
    """Open discrepancy flags, newest first; `weak` lists the weak disagreements instead."""
    which = (which or "").strip().lower()
    if which and which not in WEAK_WORDS:
        raise BadInput(f"`!flags` takes nothing or `weak`, not `{which[:20]}`.")
    return await asyncio.to_thread(flags_reply, store, show_weak=bool(which))


async def flag(store: Store, flag_id: str | int) -> Reply:
    """One flag with every figure and quote."""
    return await asyncio.to_thread(flag_reply, store, parse_id(flag_id))


async def confirm(store: Store, actor: Actor, flag_id: str | int, note: str | None = None) -> Reply:
    """Mark a flag as a real discrepancy (editors)."""
    return await asyncio.to_thread(review_reply, store, actor, parse_id(flag_id), FlagStatus.CONFIRMED, note)


async def dismiss(store: Store, actor: Actor, flag_id: str | int, reason: str | None = None) -> Reply:
    """Mark a flag as a false alarm, with the reason (editors)."""
    return await asyncio.to_thread(review_reply, store, actor, parse_id(flag_id), FlagStatus.DISMISSED, reason)
