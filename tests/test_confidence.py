"""Flag confidence: a conflict is confident only with evidence both figures report one quantity;
the rest are shown as worth a look. Made-up sentences in the shape of real disagreements."""

from __future__ import annotations

from commands.flags import flags_reply
from commands.views import WORTH_A_LOOK, group_view
from store.confidence import Confidence, strong_pair, values_close
from store.db import Store
from store.discrepancy import analyse
from store.ingest import ArticleInput
from store.quantity import FlagKind
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


def test_the_store_keeps_confidence_and_lists_confident_flags_first(store: Store) -> None:
    store.add_articles([
        _article("Police said 12 people were killed in the Varno crash. The team scored 12 points.", "Outlet A"),
        _article("Medics said 15 people were killed in the Varno crash. In the season he has 51 points.",
                 "Outlet B"),
    ])
    found = store.flags()
    assert sorted(f.confidence for f in found) == ["high", "low"]
    reply = flags_reply(store)
    assert [line.confidence for line in reply.flags] == ["high", "low"]
    assert reply.flags[1].why.startswith(WORTH_A_LOOK) and not reply.flags[0].why.startswith(WORTH_A_LOOK)
    weak = next(f for f in found if f.confidence == "low")
    group = next(g for g in store.groups_of(weak.figure_ids))
    view = group_view(group, store.figures(group.figure_ids), found)
    assert not view.flagged and "disputed" not in view.headline
