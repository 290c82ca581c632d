"""How an article is named wherever a reader sees it: its outlet, else a short form of its title and its number.

An article nobody named an outlet for used to read as its file name ("the army in 017_9a8b7c6d
says") or, for Discord uploads of pasted text, as "message". Every flag why,
figure line, chart row and `!sources` line calls `article_label`, so all of them say the same.
"""

from __future__ import annotations

import re

_NUMBERED = re.compile(r"^“(?P<title>.*)” (?P<number>\(#\d+\))$")

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


def fit_label(label: str, width: int) -> str:
    """LABEL in at most WIDTH characters, keeping the article's number when the label has one.

    A chart row has room for 26 characters; cutting “Syria's battle for Aleppo…” (#5) at the end
    would drop the only part that tells two unnamed articles apart.

    >>> fit_label("“Syria's battle for Aleppo…” (#5)", 26), fit_label("Reuters", 26)
    ("“Syria's battle for…” (#5)", 'Reuters')
    """
    if len(label) <= width:
        return label
    numbered = _NUMBERED.match(label)
    if numbered is None:
        return label[: width - 1] + "…"
    room = width - len(numbered["number"]) - 4  # the quotes, the ellipsis and the space
    title = numbered["title"].rstrip("…")
    cut = title[:room]
    if len(title) > room and title[room] != " " and " " in cut:  # never end on half a word
        cut = cut.rsplit(" ", 1)[0]
    return f"“{cut.rstrip(',;:–-— ')}…” {numbered['number']}"
