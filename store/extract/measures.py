"""The unit written after a number ("21km", "2.5 square kilometers", "93 per cent", "$52 a barrel").

Written forms map to names store.units.parse_unit accepts (rules/unit_phrases.toml).
"""

from __future__ import annotations

from .rules import UNIT_PHRASES
from .tokens import Token

_AFTER: dict[str, str] = {k.lower(): v for k, v in UNIT_PHRASES["after"].items()}
_EXACT_CASE: dict[str, frozenset[str]] = {}
for _form in UNIT_PHRASES["case_sensitive"]["exact"]:
    _EXACT_CASE.setdefault(_form.lower(), frozenset())
    _EXACT_CASE[_form.lower()] = _EXACT_CASE[_form.lower()] | {_form}
_GLUED_ONLY = frozenset(UNIT_PHRASES["glued_only"]["symbols"])
_LONGEST = 4
_PER = frozenset({"per", "a", "an", "/"})


def _joined(tokens: list[Token], j: int, size: int) -> tuple[str, str]:
    """Tokens [J, J+SIZE) joined as written (a space where the text has one), original and lower."""
    parts: list[str] = []
    for k in range(j, j + size):
        tok = tokens[k]
        if k > j and tok.space:
            parts.append(" ")
        parts.append(tok.text)
    text = "".join(parts)
    return text, text.lower()


def unit_at(tokens: list[Token], j: int, glued: bool) -> tuple[str, int] | None:
    """The unit written from token J, and the index after it; GLUED when no space precedes J.

    >>> from .tokens import tokenize
    >>> unit_at(tokenize("21km road"), 1, True), unit_at(tokenize("2.5 square kilometers of"), 1, False)
    (('kilometer', 2), ('kilometer ** 2', 3))
    """
    n = len(tokens)
    for size in range(min(_LONGEST, n - j), 0, -1):
        text, low = _joined(tokens, j, size)
        unit = _AFTER.get(low)
        if unit is None:
            continue
        if low in _EXACT_CASE and text not in _EXACT_CASE[low]:
            continue
        if low in _GLUED_ONLY and not glued:
            continue
        end = j + size
        # A symbol glued to the digits must not run on into a word ("5min" yes, "5 minutes" yes,
        # "3D" no): the token after it must not be glued letters.
        if end < n and not tokens[end].space and tokens[end].kind == "word":
            continue
        per = _per_unit(tokens, end)
        if per is not None:
            return f"{unit} / {per[0]}", per[1]
        return unit, end
    return None


def _per_unit(tokens: list[Token], j: int) -> tuple[str, int] | None:
    """A denominator after a unit: "per hour", "a barrel", "/ day"."""
    if j + 1 >= len(tokens) or tokens[j].low not in _PER:
        return None
    _, low = _joined(tokens, j + 1, 1)
    unit = _AFTER.get(low)
    if unit is None or low in _GLUED_ONLY or " " in unit:
        return None
    return unit, j + 2


def hyphen_unit(tokens: list[Token], j: int) -> tuple[str, int] | None:
    """A unit joined to the number by a hyphen ("a 42-year-old", "a 21-km corridor")."""
    if j + 1 < len(tokens) and tokens[j].low == "-" and not tokens[j].space and not tokens[j + 1].space:
        found = unit_at(tokens, j + 1, True)
        if found is not None:
            return found
    return None
