"""Whether a text reads as an article: prose, not a listing, a table of numbers, encoded data or a note.

Measured on whitespace-separated tokens, so an article with a table or a list in it stays prose
(its sentences outweigh the table) while /etc/passwd ("root:x:0:0:root:/root:/bin/bash"), a
one-line table of figures or a base64 blob do not. Languages without spaces between words count
a long run of letters as words.
"""

from __future__ import annotations

import re

MIN_WORDS = 12  # a headline and a sentence; "todo", "test 1 2 3" are notes, not articles
MIN_WORD_SHARE = 0.5  # news prose runs at 80-95% words, a table of figures or a listing far below
LONG_TOKEN = 40  # no word is this long; base64 and hashes are nothing but such tokens
_EDGE = "\"'“”‘’«»()[]{}.,;:!?…-–—*_#>|/"
_INNER = re.compile(r"^[^\W\d_]+(?:[-'’.][^\W\d_]+)*$")
_ENCODED = re.compile(rf"^[A-Za-z0-9+/=_-]{{{LONG_TOKEN},}}$")  # base64, base64url, hex
_NUMBER = re.compile(r"^[-+(]?[$€£]?\d[\d.,:%/-]*[)%]?[,;|]?$")
_SENTENCE_END = re.compile(r"[.!?…。！？]")


def _words_in(token: str) -> int:
    """How many words TOKEN holds: 1 or 0, or about one per two letters of unspaced (CJK) script."""
    core = token.strip(_EDGE)
    if not core:
        return 0
    if _INNER.match(core):
        return 1
    foreign = sum(ch.isalpha() and not ch.isascii() for ch in core)
    return foreign // 2 if foreign >= 0.6 * len(core) else 0


def refusal(text: str) -> str | None:
    """Why TEXT is not an article, in a sentence for the editor; None when it reads as prose."""
    tokens = text.split()
    if not tokens:
        return "it has no text."
    encoded = sum(len(token) for token in tokens if _ENCODED.match(token))
    if encoded >= 0.5 * sum(len(token) for token in tokens):
        return "it looks like encoded data (base64, hashes or similar), not prose."
    counted = [_words_in(token) for token in tokens]
    words = sum(counted)
    share = sum(c > 0 for c in counted) / len(tokens)
    if words < MIN_WORDS and (share >= MIN_WORD_SHARE or len(tokens) < MIN_WORDS):
        return f"it is too short to be an article ({words} word{'s' * (words != 1)}; at least {MIN_WORDS} are needed)."
    if share >= MIN_WORD_SHARE and _SENTENCE_END.search(text):
        return None
    numeric = sum(bool(_NUMBER.match(token)) for token in tokens)
    if numeric >= 0.4 * len(tokens):
        return f"it reads as a table of numbers, not prose ({numeric:,} of its {len(tokens):,} items are numbers)."
    if share < MIN_WORD_SHARE:
        return f"it reads as a listing or data, not prose (only {share:.0%} of it is words)."
    return "it has no sentence (no full stop, question or exclamation mark)."
