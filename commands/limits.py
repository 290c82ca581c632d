"""Bounds on what a user may ask, so one request cannot make the bot slow for everyone."""

from __future__ import annotations

import unicodedata

from store.errors import BadInput

MAX_QUERY_CHARS = 200
MAX_GROUPS = 40  # a lookup shows whole groups; past this the editor should narrow the query
MAX_FIGURES = 400
MAX_PER_GROUP = 60  # a group of thousands (a death toll in a months-long story) shows its closest figures
MAX_SEARCH_HITS = 5_000


def clean_query(query: str | None) -> str:
    """QUERY trimmed of invisible characters, or a BadInput saying what to type instead."""
    text = "".join(ch for ch in (query or "") if unicodedata.category(ch) not in {"Cf", "Cc"} or ch in " \t")
    text = " ".join(text.split())
    if not text:
        raise BadInput("Tell me what to look up, for example `!claim evacuees`.")
    if len(text) > MAX_QUERY_CHARS:
        raise BadInput(f"That query is {len(text):,} characters; keep it under {MAX_QUERY_CHARS}.")
    return text
