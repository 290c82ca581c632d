"""The unit written after a number ("21km", "2.5 square kilometers", "93 per cent", "$61 a barrel").

Written forms map to names store.units.parse_unit accepts (rules/unit_phrases.toml).
"""

from __future__ import annotations

from .rules import UNIT_PHRASES
from .tokens import Token, tokenize

_AFTER: dict[str, str] = {k.lower(): v for k, v in UNIT_PHRASES["after"].items()}
# The first token of every unit phrase, as the tokenizer splits it: a token that starts none is
# answered at once.
_FIRST = frozenset(
    tokenize(form)[0].low
    for form in (*UNIT_PHRASES["after"], *UNIT_PHRASES["case_sensitive"]["units"])
    if tokenize(form)
)
# The most tokens a unit phrase starting with a given token spans: most are one or two, so the
# longest-first search below starts there instead of at six.
_SPAN: dict[str, int] = {}
for _form in (*UNIT_PHRASES["after"], *UNIT_PHRASES["case_sensitive"]["units"]):
    _toks = tokenize(_form)
    if _toks:
        _SPAN[_toks[0].low] = max(_SPAN.get(_toks[0].low, 0), len(_toks))
_EXACT_CASE: dict[str, frozenset[str]] = {}
for _form in UNIT_PHRASES["case_sensitive"]["exact"]:
    _EXACT_CASE.setdefault(_form.lower(), frozenset())
    _EXACT_CASE[_form.lower()] = _EXACT_CASE[_form.lower()] | {_form}
_GLUED_ONLY = frozenset(UNIT_PHRASES["glued_only"]["symbols"])
_CLOSED_ONLY = frozenset(UNIT_PHRASES["closed_only"]["symbols"])
_CASED: dict[str, str] = UNIT_PHRASES["case_sensitive"]["units"]
_PER_NOUNS: dict[str, str] = UNIT_PHRASES["per_only"]
# What may follow a [closed_only] symbol written after a space ("down 6p at 140p").
_CLOSERS = frozenset({"at", "to", "from", "on", "in", "a", "an", "per", "and", "or", "down", "up", "higher", "lower"})
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
    if j >= n or tokens[j].low not in _FIRST:
        return None
    for size in range(min(_SPAN[tokens[j].low], n - j), 0, -1):
        text, low = _joined(tokens, j, size) if size > 1 else (tokens[j].text, tokens[j].low)
        unit = _CASED.get(text) or _AFTER.get(low)
        if unit is None:
            continue
        if text not in _CASED and low in _EXACT_CASE and text not in _EXACT_CASE[low]:
            continue
        if low in _GLUED_ONLY and not glued and text not in _CASED:
            continue
        end = j + size
        if (
            low in _CLOSED_ONLY
            and not glued
            and end < n
            and tokens[end].kind == "word"
            and tokens[end].low not in _CLOSERS
        ):
            continue
        # A symbol glued to the digits must not run on into a word ("5min" yes, "5 minutes" yes,
        # "3D" no): the token after it must not be glued letters.
        if end < n and not tokens[end].space and tokens[end].kind == "word":
            continue
        per = _per_unit(tokens, end)
        if per is None and (unit.isupper() or unit in {"cent", "penny"}):
            per = _per_noun(tokens, end)  # "47 cents per share"
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


def _per_noun(tokens: list[Token], j: int) -> tuple[str, int] | None:
    """A [per_only] noun after "per" or "a" from token J ("per share")."""
    if j + 1 < len(tokens) and tokens[j].low in _PER and tokens[j + 1].low in _PER_NOUNS:
        return _PER_NOUNS[tokens[j + 1].low], j + 2
    return None


def hyphen_unit(tokens: list[Token], j: int) -> tuple[str, int] | None:
    """A unit joined to the number by a hyphen ("a 42-year-old", "a 21-km corridor")."""
    if j + 1 < len(tokens) and tokens[j].low == "-" and not tokens[j].space and not tokens[j + 1].space:
        found = unit_at(tokens, j + 1, True)
        if found is not None:
            return found
    return None


def money_per(tokens: list[Token], j: int) -> tuple[str, int] | None:
    """The unit money is paid per, written from token J: "a barrel", "per sq m", "a-year", "/month"."""
    n = len(tokens)
    if j + 1 >= n or tokens[j].low not in _PER:
        return None
    k = j + 1
    if tokens[k].low == "-" and not tokens[k].space and k + 1 < n:
        k += 1  # "£30 a-year"
    per_noun = _PER_NOUNS.get(tokens[k].low)
    if per_noun is not None:
        return per_noun, k + 1  # "47 cents per share"
    found = unit_at(tokens, k, False)
    if found is None or "/" in found[0] or found[0].isupper() or found[0] in {"cent", "penny", "percent"}:
        return None
    return found
