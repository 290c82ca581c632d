"""Who a figure's attribution stands for, so one source quoted by several outlets counts once.

Issue 4: "the same attributed source repeated by several outlets (one ICRC tweet quoted by two
sites) is one origin, not corroboration". An origin is a normalised name; a figure with no
attribution is its outlet's own claim, so the outlet is its origin. Unnamed sources ("officials",
"police", "a spokesman") name nobody: they are their outlet's own unnamed source, one origin per
outlet, and never stand for the person named before them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from store.figure import StoredFigure

RULES = Path(__file__).parent / "rules" / "discrepancy.toml"

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_BRACKETED = re.compile(r"^(?P<name>.*?)\s*\((?P<inner>[^()]+)\)\s*$")


@cache
def rules() -> dict[str, Any]:
    """The word rules of store/rules/discrepancy.toml, parsed once per process."""
    with RULES.open("rb") as handle:
        return tomllib.load(handle)


def _words(name: str) -> list[str]:
    return re.findall(r"[\w&’'-]+", name)


def _acronym(words: Sequence[str]) -> str | None:
    """The initials of a multi-word proper name: "International Committee of the Red Cross" -> ICRC."""
    skip = set(rules()["origins"]["acronym_stopwords"])
    kept = [w for w in words if w.lower() not in skip]
    if len(kept) < 3 or not all(w[:1].isupper() for w in kept):
        return None
    return "".join(w[0] for w in kept).lower()


@lru_cache(maxsize=65536)
def normalise(said_by: str) -> str:
    """The comparable form of an attribution.

    >>> normalise("Ingy Sedky (ICRC)"), normalise("ICRC Syria"), normalise("the Syrian state television")
    ('icrc', 'icrc', 'syrian state tv')
    """
    text = said_by.strip().strip(".,;:\"'“”")
    acronyms = [w for w in _words(text) if _ACRONYM.match(w) and len(w) >= 3
                and w.lower() not in rules()["origins"]["not_organisations"]]
    if acronyms:
        # "spokesperson for the ICRC in Syria, Ingy Sedky", "The delegation of the International
        # Committee of the Red Cross in Syria (ICRC": whoever speaks, the organisation is the origin
        return acronyms[0].lower()
    bracketed = _BRACKETED.match(text)
    if bracketed and _ACRONYM.match(bracketed["inner"].strip()):
        # "Ingy Sedky (ICRC)": a spokesperson speaks for the organisation in brackets
        return bracketed["inner"].strip().lower()
    if bracketed:
        text = bracketed["name"]
    words = _words(text)
    if words and words[0].lower() == "the":
        words = words[1:]
    if words and _ACRONYM.match(words[0]) and words[0].lower() not in rules()["origins"]["not_organisations"]:
        # "ICRC Syria", "ICRC in Syria": an organisation's desk speaks for the organisation
        return words[0].lower()
    lowered = " ".join(w.lower() for w in words)
    for old, new in rules()["origins"]["same_words"].items():
        lowered = re.sub(rf"\b{re.escape(old)}\b", new, lowered)
    return lowered


def is_reference(said_by: str) -> bool:
    """True for "the organization", "it", "he": words that stand for an earlier attribution."""
    return said_by.strip().lower() in _pronouns()


@cache
def _pronouns() -> frozenset[str]:
    return frozenset(rules()["origins"]["pronouns"])


@lru_cache(maxsize=65536)
def is_unnamed(said_by: str) -> bool:
    """True for "Officials", "the local authorities", "a police spokesman": sources that name nobody."""
    table = rules()["origins"]
    written = _words(said_by)
    # "officials at the scene" names nobody; "officials at the Pentagon" names where they speak from
    cut = next((i for i, w in enumerate(written) if i and w.lower() in table["unnamed_places"]), len(written))
    if any(w[:1].isupper() for w in written[cut + 1:]):
        return False
    words = [w.lower() for w in written[:cut]]
    if words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    if not words or words[-1] not in table["unnamed_heads"]:
        return False
    return all(w in table["unnamed_modifiers"] or w in table["unnamed_heads"] for w in words[:-1])


def outlet_key(stored: StoredFigure) -> str:
    """Whose own claim an unattributed figure is: its outlet, else its article (two unknown outlets are two)."""
    outlet = (stored.source.outlet or "").strip().lower()
    return f"outlet:{outlet}" if outlet else f"article:{stored.source.article_id}"


def resolve(figures: Sequence[StoredFigure]) -> dict[int, str | None]:
    """Each figure's attribution as written, with "the organization" replaced by the name before it.

    "The delegation of the International Committee of the Red Cross ... the organization tweeted":
    a reference takes the nearest named attribution before it in the same article. An unnamed
    source ("Officials said") stays as written and is no antecedent: "he" after it is still the
    last person named.
    """
    resolved: dict[int, str | None] = {}
    by_article: dict[int, list[StoredFigure]] = {}
    for stored in figures:
        by_article.setdefault(stored.source.article_id, []).append(stored)
    for members in by_article.values():
        last: str | None = None
        for stored in sorted(members, key=lambda s: s.figure.start):
            said_by = (stored.figure.said_by or "").strip()
            if said_by and is_reference(said_by):
                resolved[stored.id] = last or said_by
            elif said_by and is_unnamed(said_by):
                resolved[stored.id] = said_by
            elif said_by:
                resolved[stored.id] = last = said_by
            else:
                resolved[stored.id] = None
    return resolved


@lru_cache(maxsize=65536)
def _initials(said_by: str) -> str | None:
    return _acronym(_words(re.sub(r"^the\s+", "", said_by.strip(), flags=re.I)))


def origins_of(figures: Sequence[StoredFigure], resolved: dict[int, str | None] | None = None) -> dict[int, str]:
    """Each figure's origin: its attribution normalised, resolved and matched by initials.

    - "the organization tweeted" takes the nearest attribution before it (see `resolve`).
    - "the International Committee of the Red Cross" and "ICRC" are one origin because the
      initials of the long name spell the short one, wherever the short one appears in the story.
    - no attribution: the outlet speaks for itself ("Over 78,000 civilians have escaped Aleppo").
    - unnamed sources ("Officials said"): the outlet's unnamed officials, one origin per outlet.

    RESOLVED is `resolve(figures)` when the caller has it already.
    """
    resolved = resolve(figures) if resolved is None else resolved
    unnamed = {i for i, s in resolved.items() if s and is_unnamed(s)}
    # "he said" with nobody named before it (in these figures) is someone of that article only:
    # two articles' unresolved "he" are not one origin
    dangling = {i for i, s in resolved.items() if s and i not in unnamed and is_reference(s)}
    names = {i: normalise(s) for i, s in resolved.items() if s and i not in unnamed and i not in dangling}
    short = set(names.values())
    initials: dict[str, str] = {}
    for i, said_by in resolved.items():
        if said_by and i in names:
            acronym = _initials(said_by)
            if acronym and acronym in short:
                initials[names[i]] = acronym
    out: dict[int, str] = {}
    for stored in figures:
        name = names.get(stored.id)
        if stored.id in unnamed:
            out[stored.id] = f"unnamed:{normalise(resolved[stored.id] or '')}@{outlet_key(stored)}"
        elif stored.id in dangling:
            out[stored.id] = f"unresolved:{normalise(resolved[stored.id] or '')}@article:{stored.source.article_id}"
        else:
            out[stored.id] = initials.get(name, name) if name else outlet_key(stored)
    return out
