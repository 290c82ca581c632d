"""The one pint registry of the process, and the unit questions the rest of claimbot asks.

pint refuses to mix quantities from two registries, so everything uses `ureg` from here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pint

RULES = Path(__file__).parent / "rules"

ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
ureg.load_definitions(str(RULES / "units.txt"))


@lru_cache(maxsize=4096)
def parse_unit(name: str | None) -> pint.Unit | None:
    """The pint unit NAME stands for; None for plain counts or a name pint does not know."""
    if not name:
        return None
    try:
        return ureg.Unit(name)
    except (pint.errors.PintError, ValueError, TypeError, AttributeError):
        return None


@lru_cache(maxsize=4096)
def dimension_of(name: str | None) -> str | None:
    """A stable text form of the unit's dimension ("[length] ** 2"); None for plain counts."""
    unit = parse_unit(name)
    if unit is None:
        return None
    return str(unit.dimensionality) or "dimensionless"


def convert(value: float, from_unit: str, to_unit: str) -> float | None:
    """VALUE in FROM_UNIT expressed in TO_UNIT; None when they measure different things."""
    source, target = parse_unit(from_unit), parse_unit(to_unit)
    if source is None or target is None:
        return None
    try:
        return float(ureg.Quantity(value, source).to(target).magnitude)
    except pint.errors.DimensionalityError:
        return None
