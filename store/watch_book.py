"""Watches and their alerts in the database.

An alert is written in its own transaction right after the ingest that raised it and stays
`pending` until the bot has posted it, so alerts raised by a CLI ingest or a feed worker reach
the channel through the bot, and a restart neither loses a pending alert nor posts a sent one again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, update
from sqlmodel import Session, col, select

from store.engine import writer
from store.errors import BadInput, NotFound
from store.models import AlertRow, WatchRow, utcnow

MAX_WATCHES_PER_CHANNEL = 25
MAX_QUERY = 200


@dataclass(frozen=True, slots=True)
class WatchInfo:
    id: int
    channel_id: int
    query: str
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AlertInfo:
    id: int
    watch_id: int
    channel_id: int
    status: str
    body: dict[str, Any]
    created_at: datetime
    sent_at: datetime | None


class WatchBook:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.writer = writer(engine)

    def add(self, channel_id: int, query: str, *, by: str = "") -> WatchInfo:
        query = " ".join(query.split())
        if not query:
            raise BadInput("Watch what? Give a subject, e.g. `!watch evacuees`.")
        if len(query) > MAX_QUERY:
            raise BadInput(f"A watch is at most {MAX_QUERY} characters.")
        with Session(self.writer) as session, session.begin():
            count = session.exec(select(func.count()).select_from(WatchRow)
                                 .where(WatchRow.channel_id == channel_id)).one()
            if count >= MAX_WATCHES_PER_CHANNEL:
                raise BadInput(f"This channel has {count} watches already; `!unwatch ID` one first.")
            row = WatchRow(channel_id=channel_id, query=query, created_by=by[:200])
            session.add(row)
            session.flush()
            return _watch_info(row)

    def remove(self, watch_id: int, channel_id: int | None = None) -> WatchInfo:
        """Drop a watch (of CHANNEL_ID only, when given) and its unsent alerts."""
        with Session(self.writer) as session, session.begin():
            row = session.get(WatchRow, watch_id)
            if row is None or (channel_id is not None and row.channel_id != channel_id):
                raise NotFound(f"There is no watch #{watch_id} in this channel; `!watches` lists them.")
            info = _watch_info(row)
            session.exec(delete(AlertRow).where(col(AlertRow.watch_id) == watch_id))  # type: ignore[call-overload]
            session.delete(row)
        return info

    def watches(self, channel_id: int | None = None) -> list[WatchInfo]:
        with Session(self.engine) as session:
            query = select(WatchRow).order_by(col(WatchRow.id))
            if channel_id is not None:
                query = query.where(WatchRow.channel_id == channel_id)
            return [_watch_info(row) for row in session.exec(query).all()]

    def add_alerts(self, alerts: list[tuple[WatchInfo, dict[str, Any]]]) -> list[int]:
        if not alerts:
            return []
        with Session(self.writer) as session, session.begin():
            rows = [AlertRow(watch_id=watch.id, channel_id=watch.channel_id,
                             body_json=json.dumps(body, ensure_ascii=False, default=str)) for watch, body in alerts]
            session.add_all(rows)
            session.flush()
            return [row.id or 0 for row in rows]

    def pending(self, channel_id: int | None = None) -> list[AlertInfo]:
        """Unsent alerts, oldest first."""
        with Session(self.engine) as session:
            query = select(AlertRow).where(AlertRow.status == "pending").order_by(col(AlertRow.id))
            if channel_id is not None:
                query = query.where(AlertRow.channel_id == channel_id)
            return [_alert_info(row) for row in session.exec(query).all()]

    def alerts(self) -> list[AlertInfo]:
        with Session(self.engine) as session:
            return [_alert_info(row) for row in session.exec(select(AlertRow).order_by(col(AlertRow.id))).all()]

    def sent_since(self, since: datetime) -> dict[int, int]:
        """Per channel, how many alerts were posted since SINCE (the rate limit counts messages by these)."""
        with Session(self.engine) as session:
            rows = session.exec(select(AlertRow.channel_id, AlertRow.sent_at)
                                .where(AlertRow.status == "sent", col(AlertRow.sent_at) >= since)).all()
        counts: dict[int, int] = {}
        for channel_id, _ in set(rows):  # one message marks all the alerts it carries at one moment
            counts[channel_id] = counts.get(channel_id, 0) + 1
        return counts

    def mark_sent(self, alert_ids: list[int], now: datetime | None = None) -> None:
        if not alert_ids:
            return
        with Session(self.writer) as session, session.begin():
            session.exec(update(AlertRow).where(col(AlertRow.id).in_(alert_ids))  # type: ignore[call-overload]
                         .values(status="sent", sent_at=now or utcnow()))


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _watch_info(row: WatchRow) -> WatchInfo:
    return WatchInfo(id=row.id or 0, channel_id=row.channel_id, query=row.query, created_by=row.created_by,
                     created_at=_aware(row.created_at) or utcnow())


def _alert_info(row: AlertRow) -> AlertInfo:
    return AlertInfo(id=row.id or 0, watch_id=row.watch_id, channel_id=row.channel_id, status=row.status,
                     body=json.loads(row.body_json), created_at=_aware(row.created_at) or utcnow(),
                     sent_at=_aware(row.sent_at))
