"""How sure a conflict is: whether the figures that disagree are known to report one thing. Pure.

Grouping and comparison already keep apart what the text says is different. What is left can
still be two quantities that nothing told apart ("three boosters" against a fact box's "Boosters:
2"; "12 current or former leaders" against "eight current members"), and an editor who is shown
those as conflicts stops reading flags. So a conflict is `HIGH` only when some disagreeing pair
has positive evidence of sameness:
- both figures date the same event by its position ("lap 13 when he crashed"), or
- their sentences name the same things or neither names any (store.frames.same), and their actions
  are of one known class ("evacuated", "brought out"), or else agree (both unknown, or one neutral)
  with values within `MAX_RATIO` of each other: sources that report one count rarely differ
  twofold, while different things that nothing tells apart often do.
Everything else is `LOW`: shown under "worth a look", never as a conflict.
"""

from __future__ import annotations

from enum import StrEnum


class Confidence(StrEnum):
    """How much a flag can be trusted. The values are part of the `claimbot flags --json` contract."""

    HIGH = "high"
    LOW = "low"  # "worth a look": weaker evidence that the figures report one quantity


MAX_RATIO = 2.0


def values_close(a: float, b: float) -> bool:
    """True when A and B are within MAX_RATIO of each other (and of one sign).

    >>> values_close(20, 21), values_close(2, 18), values_close(0, 0)
    (True, False, True)
    """
    if a == b:
        return True
    low, high = sorted((abs(a), abs(b)))
    return a * b > 0 and high <= MAX_RATIO * low


NEUTRAL = "neutral"  # an action known to describe the counted thing from another angle ("provided")


def same_action(a: str | None, b: str | None) -> bool:
    """True when both actions are unknown or of one class ("evacuated", "brought out"), or either is
    NEUTRAL. An unknown action against a known one is not agreement.

    >>> same_action("movement", "movement"), same_action(NEUTRAL, "movement"), same_action(None, "movement")
    (True, True, False)
    """
    return a == b or NEUTRAL in (a, b)


def strong_pair(*, positions: bool, same_frame: bool, actions: tuple[str | None, str | None],
                values: tuple[float, float]) -> bool:
    """True when two disagreeing figures are known to report one quantity (see the module doc)."""
    if positions:
        return True
    if not same_frame or not same_action(*actions):
        return False
    # both saying what happened ("evacuated", "evacuated") is evidence enough, however far apart
    # the numbers; without it, a twofold gap more likely means two different counts
    told = actions[0] == actions[1] and actions[0] not in (None, NEUTRAL)
    return told or values_close(*values)
