"""Tokens and sentences of article text, with character offsets into the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Order matters: links and handles before words, so "t.co/Z9q9" and "@ICRC_sy" stay one token.
_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+|\b(?:pic\.twitter\.com|t\.co|bit\.ly|youtu\.be)/\S+)"
    r"|(?P<handle>[@#][^\W_]\w*)"
    r"|(?P<num>\d+(?:[,.]\d+)*)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<punct>\S)"
)


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its text, lower-cased text, kind (url, handle, num, word, punct) and offsets.

    `space` is True when whitespace (or the start of the sentence) precedes the token, so "21km"
    is two tokens with space=False on "km".
    """

    text: str
    low: str
    kind: str
    start: int
    end: int
    space: bool


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """The tokens of TEXT, with offsets shifted by OFFSET.

    >>> [(t.text, t.kind, t.space) for t in tokenize("a 21km road")]
    [('a', 'word', True), ('21', 'num', True), ('km', 'word', False), ('road', 'word', True)]
    """
    out: list[Token] = []
    last = -1
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        start, end = match.span()
        piece = match.group()
        out.append(Token(piece, piece.lower(), kind, start + offset, end + offset, start != last))
        last = end
    return out


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its text, its offsets and the paragraph (line) it belongs to."""

    start: int
    end: int
    text: str
    paragraph: int


_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "maj",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "st",
        "no",
        "nos",
        "vs",
        "etc",
        "inc",
        "corp",
        "ltd",
        "co",
        "jr",
        "sr",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "fig",
        "approx",
        "est",
        "dept",
        "univ",
        "ave",
        "blvd",
        "mt",
        "ft",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
        "i.e",
        "e.g",
    ]
)
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"[^\n]+")


def sentences(text: str) -> list[Sentence]:
    """The sentences of TEXT: lines are paragraphs, and a line splits at sentence punctuation.

    >>> [s.text for s in sentences("Evacuation from E. Aleppo begins. 20 buses left.\\nMore.")]
    ['Evacuation from E. Aleppo begins.', '20 buses left.', 'More.']
    """
    out: list[Sentence] = []
    for index, para in enumerate(_PARAGRAPH.finditer(text)):
        base = para.start()
        line = para.group()
        begin = 0
        for match in _BOUNDARY.finditer(line):
            before = line[begin : match.start()].rsplit(None, 1)
            word = before[-1].lower().lstrip("(\"“‘'") if before else ""
            # "E. Aleppo", "Gen. Rudskoy", "U.S. forces": an abbreviation is not a sentence end.
            if line[match.start()] == "." and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
                continue
            end = match.end()
            piece = line[begin:end].rstrip()
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append(Sentence(base + begin + lead, base + begin + len(piece), piece.strip(), index))
            begin = end
        piece = line[begin:].rstrip()
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Sentence(base + begin + lead, base + begin + len(piece), piece.strip(), index))
    return out
