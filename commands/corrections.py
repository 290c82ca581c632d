"""`!fix FIGURE_ID value=... [counts=...] [because ...]`, `!unfix FIGURE_ID`, `!history`: editors' corrections."""

from __future__ import annotations

import asyncio
import math
import re
from dataclasses import dataclass

from commands.actor import Actor
from commands.flags import parse_id, review_step
from commands.reply import Reply
from commands.views import figure_line
from store.corrections import CorrectionInfo, as_written
from store.db import Store
from store.errors import BadInput
from store.extract.numbers import parse_digits

MAX_WHY = 500
_BECAUSE = re.compile(r"(?:^|\s)because\s+", re.IGNORECASE)
_FIELD = re.compile(r"(?:^|\s)(value|counts)=", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Fix:
    figure_id: int
    value: float | None
    counts: str | None
    why: str | None


def parse_fix(text: str) -> Fix:
    """`12 value=4,500 counts=residents evacuated because the agency's release` -> Fix.

    >>> parse_fix("#7 value=4,500 because the release says so")
    Fix(figure_id=7, value=4500.0, counts=None, why='the release says so')
    """
    head, _, rest = text.strip().partition(" ")
    figure_id = parse_id(head, "figure")
    body, why = rest, None
    because = _BECAUSE.search(rest)
    if because:
        body, why = rest[: because.start()], rest[because.end():].strip() or None
    fields: dict[str, str] = {}
    matches = list(_FIELD.finditer(body))
    if body.strip() and (not matches or body[: matches[0].start()].strip()):
        raise BadInput("Write the correction as `!fix ID value=4500 counts=residents evacuated because ...`.")
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        fields[match.group(1).lower()] = body[match.end():end].strip()
    value = None
    if "value" in fields:
        value = parse_digits(fields["value"])
        if value is None or not math.isfinite(value):
            raise BadInput(f"`value={fields['value'][:30]}` is not a number; write it as `value=4500`.")
    counts = fields.get("counts") or None
    if value is None and counts is None:
        raise BadInput("Say what to correct: `!fix ID value=4500` and/or `counts=residents evacuated`.")
    if why and len(why) > MAX_WHY:
        raise BadInput(f"Keep the reason under {MAX_WHY} characters.")
    if counts and len(counts) > 200:
        raise BadInput("Keep `counts=` under 200 characters.")
    return Fix(figure_id=figure_id, value=value, counts=counts, why=why)


def correction_step(step: CorrectionInfo) -> str:
    """"2026-12-02 09:14 UTC fix by ed (Discord id 42): value 4,500: the agency's release"."""
    who = step.by_name + (f" (Discord id {step.by_id})" if step.by_id else "")
    what = [f"value {as_written(step.value)}" if step.value is not None else "",
            f"counts “{step.counts}”" if step.counts else ""]
    changed = ", ".join(w for w in what if w)
    return (f"{step.at:%Y-%m-%d %H:%M} UTC figure #{step.figure_id} {step.action} by {who}"
            + (f": {changed}" if changed else "") + (f" ({step.why})" if step.why else ""))


def fix_reply(store: Store, actor: Actor, text: str) -> Reply:
    actor.require_editor("correct figures")
    fix = parse_fix(text)
    stored = store.fix(fix.figure_id, by=actor.name, by_id=actor.id, value=fix.value, counts=fix.counts,
                       why=fix.why)
    line = figure_line(stored)
    return Reply(title=f"Corrected figure #{stored.id}: {line.text} {line.counts or ''}".rstrip() + ".",
                 lines=(line.corrected or "", "Its group and flags were recomputed; `!unfix "
                        f"{stored.id}` undoes it."))


def unfix_reply(store: Store, actor: Actor, text: str) -> Reply:
    actor.require_editor("undo corrections")
    head, _, rest = text.strip().partition(" ")
    why = _BECAUSE.sub("", rest, count=1).strip() or None
    stored = store.unfix(parse_id(head, "figure"), by=actor.name, by_id=actor.id, why=why)
    return Reply(title=f"Figure #{stored.id} reads as extracted again: {stored.figure.text}.")


def history_reply(store: Store, text: str) -> Reply:
    """Every review and correction step of a flag (`!history 3`) or of a figure (`!history figure 12`)."""
    words = text.split()
    if words and words[0].lower() == "figure":
        figure_id = parse_id(" ".join(words[1:2]) or "?", "figure")
        figures = store.figures([figure_id])
        if not figures:
            raise BadInput(f"No figure #{figure_id}.")
        flags = store.flags(figure_ids=[figure_id], include_inactive=True)
        title = f"History of figure #{figure_id}: {figures[0].figure.text}"
    else:
        flag = store.flag(parse_id(" ".join(words[:1]) or "?"))
        flags = [flag]
        figures = store.figures(flag.figure_ids)
        title = f"History of flag #{flag.id}: {flag.kind} ({flag.status})"
    steps: list[tuple[object, str]] = []
    for history in store.corrections([f.id for f in figures]).values():
        steps.extend((step.at, correction_step(step)) for step in history)
    for flag_id, history in store.review_history(f.id for f in flags).items():
        steps.extend((step.at, review_step(step).replace(" UTC ", f" UTC flag #{flag_id} ", 1)) for step in history)
    steps.sort(key=lambda s: s[0])  # type: ignore[arg-type, return-value]
    lines = tuple(f"· {line}" for _, line in steps) or ("No reviews or corrections yet.",)
    return Reply(title=title, lines=lines)


async def fix(store: Store, actor: Actor, text: str) -> Reply:
    """Editors: correct a figure's value or what it counts, with the reason."""
    return await asyncio.to_thread(fix_reply, store, actor, text)


async def unfix(store: Store, actor: Actor, text: str) -> Reply:
    """Editors: undo a figure's correction."""
    return await asyncio.to_thread(unfix_reply, store, actor, text)


async def history(store: Store, text: str) -> Reply:
    """Every review and correction of a flag or a figure, oldest first."""
    return await asyncio.to_thread(history_reply, store, text)
