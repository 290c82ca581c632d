"""Watchlists: one alert per watch per ingest batch, for new figures and opened flags; kept until posted.

The articles are written for these tests: two outlets disagree about one evacuation, a third
reports something unrelated.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from commands.alerts import alert_reply, deliveries, watched_ingest
from store.db import Store
from store.ingest import ArticleInput
from store.watch_book import AlertInfo, WatchBook

SHERIFF = ArticleInput(text="Valley flood: hundreds leave their homes\n\nAbout 400 residents were evacuated from "
                            "the valley on Tuesday, the county sheriff said.\n", outlet="Valley Times",
                       story="Valley flood")
CHIEF = ArticleInput(text="Valley flood worsens\n\nMore than 900 residents were evacuated from the valley on "
                          "Tuesday, the fire chief said.\n", outlet="County Post", story="Valley flood")
FAIR = ArticleInput(text="Harbour fair opens\n\nThe harbour fair sold 3,000 tickets on its first day, organisers "
                         "said.\n", outlet="Harbour News", story="Harbour fair")


def test_an_ingest_that_adds_a_figure_raises_one_alert_with_outlet_quote_and_range(store: Store) -> None:
    book = WatchBook(store.engine)
    watch = book.add(42, "residents evacuated", by="editor")
    ingest = watched_ingest(store, book)
    ingest([SHERIFF])
    [alert] = book.pending()
    assert (alert.watch_id, alert.channel_id) == (watch.id, 42)
    [group] = alert.body["groups"]
    assert (group["before"], group["after"]) == (None, "about 400")
    assert [(f["text"], f["outlet"]) for f in group["figures"]] == [("About 400", "Valley Times")]
    assert "county sheriff" in group["figures"][0]["quote"]
    assert alert.body["flags"] == []


def test_a_conflicting_report_raises_one_alert_with_the_opened_flag(store: Store) -> None:
    book = WatchBook(store.engine)
    book.add(42, "residents evacuated")
    ingest = watched_ingest(store, book)
    ingest([SHERIFF])
    book.mark_sent([a.id for a in book.pending()])
    ingest([CHIEF])
    [alert] = book.pending()
    [group] = alert.body["groups"]
    assert (group["before"], group["after"]) == ("about 400", "about 400 to more than 900")
    [flag] = alert.body["flags"]
    assert (flag["kind"], flag["change"]) == ("conflict", "opened")
    assert "fire chief" in flag["why"]
    text = "\n".join(alert_reply(alert.body).lines)
    assert "about 400 → about 400 to more than 900" in text and "conflict opened" in text


def test_unrelated_ingests_and_repeats_raise_no_alert(store: Store) -> None:
    book = WatchBook(store.engine)
    book.add(42, "residents evacuated")
    ingest = watched_ingest(store, book)
    ingest([FAIR])
    assert book.pending() == []
    ingest([SHERIFF])
    book.mark_sent([a.id for a in book.pending()])
    ingest([SHERIFF])  # the same text again: a duplicate changes nothing
    assert book.pending() == []


def test_one_batch_raises_one_alert_per_watch(store: Store) -> None:
    book = WatchBook(store.engine)
    book.add(1, "residents evacuated")
    book.add(2, "residents evacuated")
    book.add(2, "tickets")
    watched_ingest(store, book)([SHERIFF, CHIEF, FAIR])
    assert sorted((a.channel_id, a.body["query"]) for a in book.pending()) == [
        (1, "residents evacuated"), (2, "residents evacuated"), (2, "tickets")]


def _alert(alert_id: int, watch_id: int, channel: int, at: datetime) -> AlertInfo:
    body = {"watch_id": watch_id, "query": "q", "flags": [],
            "groups": [{"label": "x", "before": None, "after": str(alert_id), "figures": [], "more": 0}]}
    return AlertInfo(alert_id, watch_id, channel, "pending", body, at, None)


def test_deliveries_wait_for_the_quiet_period_and_merge_a_burst() -> None:
    now = datetime(2026, 12, 2, 12, tzinfo=UTC)
    burst = [_alert(1, 7, 5, now - timedelta(seconds=50)), _alert(2, 7, 5, now - timedelta(seconds=40))]
    assert deliveries(burst, {}, now - timedelta(seconds=30), quiet=timedelta(seconds=30)) == []
    [one] = deliveries(burst, {}, now, quiet=timedelta(seconds=30))
    assert one.alert_ids == (1, 2)
    assert one.body["groups"][0]["after"] == "2"


def test_deliveries_keep_each_channel_within_its_rate_limit() -> None:
    now = datetime(2026, 12, 2, 12, tzinfo=UTC)
    old = now - timedelta(minutes=1)
    pending = [_alert(i, i, 5, old) for i in range(1, 5)] + [_alert(9, 9, 6, old)]
    chosen = deliveries(pending, {5: 1}, now, quiet=timedelta(0), per_channel=3)
    assert [(d.channel_id, d.alert_ids) for d in chosen] == [(5, (1,)), (5, (2,)), (6, (9,))]


def test_sent_alerts_are_counted_per_message_for_the_rate_limit(store: Store) -> None:
    book = WatchBook(store.engine)
    watch = book.add(5, "anything")
    ids = book.add_alerts([(watch, {"n": 1}), (watch, {"n": 2})])
    now = datetime.now(UTC)
    book.mark_sent(ids, now)
    assert book.sent_since(now - timedelta(minutes=10)) == {5: 1}
    assert book.pending() == []


def test_a_weak_disagreement_raises_no_flag_alert(store: Store) -> None:
    # 12 and 51 points: nothing shows they count one thing, so the alert carries the figure only
    book = WatchBook(store.engine)
    book.add(42, "points")
    ingest = watched_ingest(store, book)
    ingest([ArticleInput(text="Derby report\n\nThe Rovers scored 12 points in the derby on Sunday.\n",
                         outlet="Valley Times", story="Derby")])
    book.mark_sent([a.id for a in book.pending()])
    ingest([ArticleInput(text="Derby report\n\nThis season the Rovers have 51 points after the derby.\n",
                         outlet="County Post", story="Derby")])
    assert [f.confidence for f in store.flags()] == ["low"]
    [alert] = book.pending()
    assert alert.body["groups"] and alert.body["flags"] == []
