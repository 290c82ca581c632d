"""Tokens and sentences of article text, with character offsets into the text."""

from __future__ import annotations

import re
from typing import NamedTuple

# Order matters: links before words, so "t.co/Z9q9" stays one token, and punctuation last.
# Each match is the whitespace before a token, then the token in the group of its kind: findall
# hands back plain tuples, so no match object is made per token (the tokenizer is the hot loop).
# The lookahead lets a url be tried only where one can start; then the common kinds come first
# (word, num and handle start with different characters, so their order changes no match).
_TOKEN = re.compile(
    r"(\s*)(?:"
    r"(?=[hwptby])((?:https?://|www\.)\S+|\b(?:pic\.twitter\.com|t\.co|bit\.ly|youtu\.be)/\S+)"  # url
    r"|([^\W\d_]+(?:['’][^\W\d_]+)*)"  # word
    r"|(\d+(?:[,.]\d+)*|(?<![\w.,])\.\d+)"  # num: ".312 average", ".004 per cent"
    r"|([@#][^\W_]\w*)"  # handle
    r"|(\S))"  # punct
)


class Token(NamedTuple):
    """One token: its text, lower-cased text, kind (url, handle, num, word, punct) and offsets.

    `space` is True when whitespace (or the start of the sentence) precedes the token, so "21km"
    is two tokens with space=False on "km". A named tuple, not a frozen dataclass: a sentence
    makes dozens of tokens and a tuple is built several times faster.
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
    append = out.append
    pos = offset
    space = True  # the start of the sentence counts as a space
    for ws, url, word, num, handle, punct in _TOKEN.findall(text):
        if ws:
            pos += len(ws)
            space = True
        # tuple.__new__ skips the named tuple's argument parsing: tokens are made by the thousand
        if word:
            end = pos + len(word)
            append(_new(Token, (word, word.lower(), "word", pos, end, space)))
        elif num:
            end = pos + len(num)
            append(_new(Token, (num, num, "num", pos, end, space)))
        elif punct:
            end = pos + 1
            append(_new(Token, (punct, punct.lower(), "punct", pos, end, space)))
        elif url:
            end = pos + len(url)
            append(_new(Token, (url, url.lower(), "url", pos, end, space)))
        elif handle:
            end = pos + len(handle)
            append(_new(Token, (handle, handle.lower(), "handle", pos, end, space)))
        else:
            break  # trailing whitespace
        pos = end
        space = False
    return out


_new = tuple.__new__


class Sentence(NamedTuple):
    """A sentence: its text, its offsets and the paragraph (line) it belongs to.

    A named tuple, as Token is: cheaper to build than a frozen dataclass.
    """

    start: int
    end: int
    text: str
    paragraph: int


MONTH_ABBREVIATIONS = frozenset({"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
_ABBREVIATIONS = MONTH_ABBREVIATIONS | frozenset(
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


MAX_WINDOW = 600  # characters: the longest sentence window the extractor looks at
_CLAUSE_CUT = re.compile(r"[,;:)\]]\s+|\s[–—-]+\s")  # ", " "; " " – ": the safest places to cut
_SPACE_CUT = re.compile(r"(?<![\d$€£])\s+")  # never between a number and its unit


def sentences(text: str) -> list[Sentence]:
    """The sentences of TEXT: lines are paragraphs, and a line splits at sentence punctuation.

    A sentence longer than MAX_WINDOW (a one-line table, a run-on list) is cut into windows at
    clause breaks: every step of the extraction looks at one window, so time grows with the text,
    not with the square of its longest line, and each figure keeps a bounded context.

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
            _add(out, line, base, begin, end, index)
            begin = end
        _add(out, line, base, begin, len(line), index)
    return out


def _add(out: list[Sentence], line: str, base: int, begin: int, end: int, paragraph: int) -> None:
    """Append LINE[BEGIN:END] stripped, as windows of at most MAX_WINDOW characters."""
    while end - begin > MAX_WINDOW:
        cut = _cut(line, begin, begin + MAX_WINDOW)
        _append(out, line, base, begin, cut, paragraph)
        begin = cut
    _append(out, line, base, begin, end, paragraph)


def _cut(line: str, begin: int, limit: int) -> int:
    """Where to end a window of LINE that starts at BEGIN and must end by LIMIT: after a clause if any."""
    floor = begin + MAX_WINDOW // 2
    for pattern in (_CLAUSE_CUT, _SPACE_CUT):
        last = None
        for match in pattern.finditer(line, floor, limit):
            last = match
        if last is not None:
            return last.end()
    cut = limit  # no space at all: keep letters and digits of one token together where possible
    while cut > floor and line[cut - 1].isalnum() and line[cut].isalnum():
        cut -= 1
    return cut if cut > floor else limit


def _append(out: list[Sentence], line: str, base: int, begin: int, end: int, paragraph: int) -> None:
    piece = line[begin:end].rstrip()
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        out.append(Sentence(base + begin + lead, base + begin + len(piece), piece.strip(), paragraph))
