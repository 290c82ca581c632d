"""How an article is named wherever a reader sees it: its outlet, else a short form of its title and its number.

An article nobody named an outlet for used to read as its file name ("the army in 017_9a8b7c6d
says") or, for Discord uploads of pasted text, as "message". Every flag why,
figure line, chart row and `!sources` line calls `article_label`, so all of them say the same.
"""

from __future__ import annotations

TITLE_WORDS = 4  # "“Battle for Aleppo over…”": enough to tell two articles of one story apart
TITLE_CHARS = 32


def short_title(title: str) -> str:
    """The first few words of TITLE, with an ellipsis when some were cut.

    >>> short_title("Syria's battle for Aleppo over, the evacuation begins"), short_title("Convoy leaves")
    ("Syria's battle for Aleppo…", 'Convoy leaves')
    """
    words = title.split()
    kept = " ".join(words[:TITLE_WORDS]).rstrip(",;:–-— ")
    if len(kept) > TITLE_CHARS:
        kept = kept[:TITLE_CHARS].rstrip() + "…"
    elif len(words) > TITLE_WORDS:
        kept += "…"
    return kept


def article_label(outlet: str | None, title: str | None, article_id: int) -> str:
    """OUTLET when known; else “a short title” (#ID); else article #ID.

    >>> article_label("Reuters", "Convoy", 3), article_label(None, "Convoy leaves Aleppo at dawn", 5)
    ('Reuters', '“Convoy leaves Aleppo at…” (#5)')
    >>> article_label("  ", None, 7)
    'article #7'
    """
    if outlet and outlet.strip():
        return outlet.strip()
    if title and title.strip():
        return f"“{short_title(title)}” (#{article_id})"
    return f"article #{article_id}"
