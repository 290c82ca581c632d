"""Watchlists: what an ingest changed on the groups a watch finds, and the alert posted for it.

Every ingest path (feeds, `!ingest`, `claimbot ingest`) goes through `watched_ingest`: the
watches' groups are looked up before and after with the same lookup as `!claim`, and each watch
whose groups gained a figure, or whose flags opened or changed, gets one alert for the batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from commands.claim import find
from commands.reply import Reply
from commands.views import flag_why, value_range
from store.db import Store
from store.ingest import ArticleInput
from store.records import IngestResult
from store.watch_book import AlertInfo, WatchBook, WatchInfo

log = logging.getLogger(__name__)

MAX_FIGURES_SHOWN = 5  # per group in one alert; the rest is counted
QUIET = timedelta(seconds=30)  # an alert waits this long, so a burst of ingests becomes one message
PER_CHANNEL = 5  # messages per channel per RATE_WINDOW at most; the rest wait
RATE_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class WatchState:
    """What a watch's lookup found: each group's figures (by story and key) and each flag on them."""

    groups: dict[tuple[int, str], tuple[str, frozenset[int]]]
    flags: dict[int, tuple[str, str, tuple[int, ...], tuple[int, str]]]  # id -> (status, why, figures, group)


def watch_state(store: Store, query: str) -> WatchState:
    answer = find(store, query)
    groups = {(g.story_id, g.key): (g.label, frozenset(g.figure_ids)) for g in answer.groups}
    by_id = {g.id: (g.story_id, g.key) for g in answer.groups}
    flags = {f.id: (f.status, f.why, tuple(sorted(f.figure_ids)), by_id.get(f.group_id or -1, (f.story_id, "")))
             for f in answer.flags if f.active}
    return WatchState(groups=groups, flags=flags)


def alert_body(store: Store, watch: WatchInfo, before: WatchState, after: WatchState) -> dict[str, Any] | None:
    """What changed for WATCH between two states, ready to store and render; None when nothing did."""
    groups = []
    for key, (label, ids) in after.groups.items():
        old = before.groups.get(key, (label, frozenset()))[1]
        new = sorted(ids - old)
        if not new:
            continue
        figures = {f.id: f for f in store.figures(ids | old)}
        groups.append({
            "label": label,
            "before": value_range([figures[i] for i in sorted(old) if i in figures]) if old else None,
            "after": value_range([figures[i] for i in sorted(ids) if i in figures]),
            "figures": [{"id": i, "text": figures[i].figure.text, "outlet": figures[i].source.label,
                         "quote": figures[i].figure.sentence.strip()[:300]}
                        for i in new[:MAX_FIGURES_SHOWN] if i in figures],
            "more": max(0, len(new) - MAX_FIGURES_SHOWN),
        })
    changed = [(i, "opened" if i not in before.flags else "changed") for i, state in after.flags.items()
               if before.flags.get(i) != state]
    flag_rows = {f.id: f for f in store.flags(flag_ids=[i for i, _ in changed])} if changed else {}
    flags = [{"id": i, "kind": flag_rows[i].kind, "change": change, "why": flag_why(flag_rows[i])}
             for i, change in changed if i in flag_rows]
    if not groups and not flags:
        return None
    return {"watch_id": watch.id, "query": watch.query, "groups": groups, "flags": flags}


Ingest = Callable[[Sequence[ArticleInput]], list[IngestResult]]


def watched_ingest(store: Store, book: WatchBook | None = None) -> Ingest:
    """store.add_articles, raising one alert per watch the batch changed."""
    book = book or WatchBook(store.engine)

    def ingest(articles: Sequence[ArticleInput]) -> list[IngestResult]:
        watches = book.watches()
        before = {w.id: watch_state(store, w.query) for w in watches}
        results = store.add_articles(articles)
        if watches and any(not r.duplicate for r in results):
            alerts = []
            for watch in watches:
                body = alert_body(store, watch, before[watch.id], watch_state(store, watch.query))
                if body is not None:
                    alerts.append((watch, body))
            book.add_alerts(alerts)
            if alerts:
                log.info("ingest raised %d alerts", len(alerts))
        return results

    return ingest


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message to post: a watch's pending alerts merged, and the alert ids it carries."""

    channel_id: int
    alert_ids: tuple[int, ...]
    body: dict[str, Any]


def deliveries(pending: Sequence[AlertInfo], sent_recently: dict[int, int], now: datetime, *,
               quiet: timedelta = QUIET, per_channel: int = PER_CHANNEL) -> list[Delivery]:
    """The messages to post now: one per watch, once its newest alert is QUIET old, within each channel's limit."""
    by_watch: dict[int, list[AlertInfo]] = {}
    for alert in pending:
        by_watch.setdefault(alert.watch_id, []).append(alert)
    out: list[Delivery] = []
    used = dict(sent_recently)
    for alerts in by_watch.values():
        if now - max(a.created_at for a in alerts) < quiet:
            continue  # more may be coming: the burst becomes one message
        channel = alerts[0].channel_id
        if used.get(channel, 0) >= per_channel:
            continue
        used[channel] = used.get(channel, 0) + 1
        out.append(Delivery(channel, tuple(a.id for a in alerts), merge([a.body for a in alerts])))
    return out


def merge(bodies: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Several alerts of one watch as one: groups by label (first before, last after), flags by id (last wins)."""
    groups: dict[str, dict[str, Any]] = {}
    flags: dict[int, dict[str, Any]] = {}
    for body in bodies:
        for group in body["groups"]:
            if group["label"] in groups:
                kept = groups[group["label"]]
                kept["after"] = group["after"]
                kept["figures"] = (kept["figures"] + group["figures"])[:MAX_FIGURES_SHOWN]
                kept["more"] += group["more"]
            else:
                groups[group["label"]] = dict(group)
        for flag in body["flags"]:
            earlier = flags.get(flag["id"])
            flags[flag["id"]] = {**flag, "change": earlier["change"]} if earlier else flag
    return {"watch_id": bodies[0]["watch_id"], "query": bodies[0]["query"],
            "groups": list(groups.values()), "flags": list(flags.values())}


def alert_reply(body: dict[str, Any]) -> Reply:
    """An alert as a Reply: what changed, each new figure with outlet and quote, the range, the flag's why."""
    figures = sum(len(g["figures"]) + g["more"] for g in body["groups"])
    parts = []
    if figures:
        parts.append(f"{figures} new figure{'s' * (figures != 1)}")
    opened = sum(f["change"] == "opened" for f in body["flags"])
    changed = len(body["flags"]) - opened
    if opened:
        parts.append(f"{opened} flag{'s' * (opened != 1)} opened")
    if changed:
        parts.append(f"{changed} flag{'s' * (changed != 1)} changed")
    lines: list[str] = []
    for group in body["groups"]:
        before = group["before"] or "nothing"
        lines.append(f"**{group['label']}**: {before} → {group['after']}")
        lines.extend(f"• {f['text']} ({f['outlet']}, #{f['id']}): “{f['quote']}”" for f in group["figures"])
        if group["more"]:
            lines.append(f"• and {group['more']} more")
    for flag in body["flags"]:
        lines.append(f"⚑ flag #{flag['id']} {flag['kind']} {flag['change']}: {flag['why']}")
    return Reply(title=f"Watch #{body['watch_id']} “{body['query']}”: {', '.join(parts)}", lines=tuple(lines),
                 note=f"!unwatch {body['watch_id']} stops these alerts.")

