"""Flag confidence: a conflict is confident only with evidence both figures report one quantity;
the rest are shown as worth a look. Made-up sentences in the shape of real disagreements."""

from __future__ import annotations

import asyncio

import pytest

from commands.claim import as_json, as_reply, find
from commands.flags import flags, flags_json, flags_reply
from commands.views import WORTH_A_LOOK
from store.confidence import Confidence, strong_pair, values_close
from store.db import Store
from store.discrepancy import analyse
from store.errors import BadInput
from store.ingest import ArticleInput
from store.quantity import FlagKind
from store.records import IngestResult
from tests.test_discrepancy import fig


def test_values_twofold_apart_are_not_close() -> None:
    assert values_close(4000, 5000) and values_close(200, 250)
    assert not values_close(12, 51) and not values_close(-3, 3)


def test_a_strong_pair_needs_frame_actions_and_close_values_unless_it_is_a_position() -> None:
    kwargs = {"same_frame": True, "actions": ("killing", "killing"), "values": (12.0, 14.0)}
    assert strong_pair(positions=False, **kwargs)
    assert not strong_pair(positions=False, **{**kwargs, "same_frame": False})
    assert not strong_pair(positions=False, **{**kwargs, "actions": ("killing", None)})
    assert strong_pair(positions=False, **{**kwargs, "values": (12.0, 51.0)})  # both killed: told so
    assert not strong_pair(positions=False, **{**kwargs, "actions": (None, None), "values": (12.0, 51.0)})
    assert strong_pair(positions=True, same_frame=False, actions=(None, None), values=(20.0, 21.0))


def _conf(figures: list) -> list[tuple[FlagKind, tuple[int, ...], str]]:
    return [(f.kind, f.figure_ids, str(f.confidence)) for f in analyse(figures).flags]


def test_two_close_tolls_of_one_crash_are_a_confident_conflict() -> None:
    figures = [
        fig(1, 1, "Police said 12 people were killed.", "12", 12, "people", action="killed", said_by="Police"),
        fig(2, 2, "Medics said 15 people were killed.", "15", 15, "people", action="killed", said_by="Medics"),
    ]
    assert _conf(figures) == [(FlagKind.CONFLICT, (1, 2), Confidence.HIGH)]


def test_counts_fourfold_apart_are_only_worth_a_look() -> None:
    figures = [
        fig(1, 1, "The team scored 12 points in the final.", "12", 12, "points"),
        fig(2, 2, "In the season he has 51 points.", "51", 51, "points"),
    ]
    assert _conf(figures) == [(FlagKind.CONFLICT, (1, 2), Confidence.LOW)]


def test_a_known_action_against_an_unknown_one_is_only_worth_a_look() -> None:
    figures = [
        fig(1, 1, "Two prototypes were destroyed in tests.", "Two", 2, "prototypes", action="destroyed"),
        fig(2, 2, "The craft is three prototypes bolted together.", "three", 3, "prototypes"),
    ]
    assert _conf(figures) == [(FlagKind.CONFLICT, (1, 2), Confidence.LOW)]


def test_a_figure_agreeing_with_one_side_joins_the_confident_conflict() -> None:
    figures = [
        fig(1, 1, "Around 250 wounded will be evacuated.", "Around 250", 250, "wounded", action="evacuated"),
        fig(2, 2, "Medics evacuated 200 wounded.", "200", 200, "wounded", action="evacuated"),
        fig(3, 3, "The effort to reach 200 wounded began.", "200", 200, "wounded", action="reach"),
    ]
    assert _conf(figures) == [(FlagKind.CONFLICT, (2, 3, 1), Confidence.HIGH)]


def _article(text: str, outlet: str) -> ArticleInput:
    return ArticleInput(text=text, outlet=outlet, title=text.split(".")[0], story="crash")


def _two_outlets(store: Store) -> list[IngestResult]:
    return store.add_articles([
        _article("Police said 12 people were killed in the Varno crash. The team scored 12 points.", "Outlet A"),
        _article("Medics said 15 people were killed in the Varno crash. In the season he has 51 points.",
                 "Outlet B"),
    ])


def test_the_store_keeps_confidence_and_flags_lists_only_confident_ones(store: Store) -> None:
    results = _two_outlets(store)
    found = store.flags()
    assert sorted(f.confidence for f in found) == ["high", "low"]
    assert results[-1].flags == 1  # ingest reports the confident flag only
    reply = flags_reply(store)
    assert [line.confidence for line in reply.flags] == ["high"]
    assert reply.title.startswith("1 open flag,")
    assert reply.note == "1 weak disagreement not shown: `!flags weak`."
    weak = flags_reply(store, show_weak=True)
    assert [line.confidence for line in weak.flags] == ["low"] and weak.flags[0].why.startswith(WORTH_A_LOOK)
    assert weak.note is None and "weak disagreement" in weak.title


def test_flags_json_lists_confident_flags_and_weak_ones_only_when_asked(store: Store) -> None:
    _two_outlets(store)
    assert [f["confidence"] for f in flags_json(store)] == ["high"]
    assert [f["confidence"] for f in flags_json(store, show_weak=True)] == ["low"]


def test_a_weak_disagreement_neither_flags_nor_disputes_a_claim(store: Store) -> None:
    _two_outlets(store)
    answer = find(store, "points")
    assert answer.flags == () and answer.weak == 1
    reply = as_reply(answer)
    assert reply.flags == () and "flag" not in reply.title
    assert all(not view.flagged and "disputed" not in view.headline for view in reply.groups)
    assert all(not line.flagged for view in reply.groups for line in view.figures)
    assert reply.note == "1 weak disagreement not shown: `!flags weak`."
    assert as_json(answer)["flags"] == []
    killed = as_reply(find(store, "killed"))
    assert [line.confidence for line in killed.flags] == ["high"] and killed.groups[0].flagged


def test_the_flags_command_takes_weak_or_nothing(store: Store) -> None:
    _two_outlets(store)
    assert [line.confidence for line in asyncio.run(flags(store)).flags] == ["high"]
    assert [line.confidence for line in asyncio.run(flags(store, " Weak ")).flags] == ["low"]
    with pytest.raises(BadInput):
        asyncio.run(flags(store, "everything"))


def test_two_sets_sharing_one_listed_member_are_not_a_conflict() -> None:
    # the trucks of one meeting, and another list that happens to include one of them: without the
    # listed members, the sentences name different things
    figures = [
        fig(1, 1, "When customs released photos of a May 3 meeting between two trucks, officials named one "
                  "as the Arvo Lanta 4.", "two", 2, "trucks"),
        fig(2, 2, "On Monday, the Trade Board did add four trucks — Kestrel 9, Moss Dune 2, and Arvo Lanta 4 — "
                  "to a list of vehicles banned from the border.", "four", 4, "trucks", action="add"),
    ]
    assert _conf(figures) == []


def test_a_shared_name_outside_any_list_still_makes_a_confident_conflict() -> None:
    figures = [
        fig(1, 1, "Customs said two trucks of Arvo Lanta crossed at dawn.", "two", 2, "trucks"),
        fig(2, 2, "Officials said three trucks of Arvo Lanta crossed at dawn.", "three", 3, "trucks"),
    ]
    assert _conf(figures) == [(FlagKind.CONFLICT, (1, 2), Confidence.HIGH)]


def test_an_answer_as_of_a_time_leaves_weak_disagreements_out(store: Store) -> None:
    from commands.asof import find_as_of
    from commands.options import Options

    _two_outlets(store)
    answer, _ = find_as_of(store, Options(query="points", story="crash"))
    assert answer.groups and answer.flags == ()
