"""Numbers that are not figures: dates, years, clock times, ordinals, phone numbers, links,
page furniture ("5h5 hours ago"), scores and numbers inside names ("Route 91", "G20")."""

from __future__ import annotations

import bisect
import re

from .numbers import CURRENCY_BEFORE
from .tokens import Token

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# Each pattern marks a span of text in which no digit is a figure.
_NOT_FIGURES = re.compile(
    "|".join(
        [
            rf"\b{_MONTH}\s+{_DAY}(?:\s*,?\s*\d{{4}})?\b",  # December 13, 2016 / Dec. 2
            rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s*,?\s*\d{{4}})?\b",  # 13 December 2016
            rf"\b{_MONTH}\s+\d{{4}}\b",  # August 2015
            r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",  # 2016-12-13, 12/13/2016
            r"\b\d{1,2}:\d{2}(?:\s*(?:[ap]\.?m\.?|GMT|UTC|[A-Z]{2,4}T|local time|hrs))?(?![\d,])",  # 12:30 GMT
            r"\b\d{1,2}\.\d{2}\s*(?:[ap]\.?m\b\.?|GMT|UTC)",  # 10.45pm; "49.55 Hz" stays a figure
            r"\b\d{1,2}(?:\s*[ap]\.m\.|\s*[ap]m\b)",  # 5am, 12:01 a.m.
            r"\b\d{4}\s*(?:GMT|UTC|hrs|hours GMT)\b",  # 0401 GMT
            r"\b\d+[hmd]\d*\s+(?:hours?|minutes?|mins?|days?|weeks?)\s+ago\b",  # 5h5 hours ago
            r"\b\d+\s*(?:hours?|minutes?|mins?|days?|weeks?|h|m|d)\s+ago\b",  # page furniture
            r"\+?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\+\d{1,3}[\s-]\d[\d\s-]{7,}\d",  # phone numbers
            r"\b(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2}\b(?!\s*(?:people|km|%|percent))",  # 2016-17 season
            r"\b\d+/\d+\b",  # 24/7, 9/11
            r"\b(?:19|20)\d0s\b|’\d0s|'\d0s",  # the 1990s, the '90s
        ]
    )
)


def excluded_spans(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of every span of TEXT in which no number is a figure."""
    starts: list[int] = []
    ends: list[int] = []
    for match in _NOT_FIGURES.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return starts, ends


def inside(spans: tuple[list[int], list[int]], start: int, end: int) -> bool:
    """True when [START, END) overlaps one of SPANS (sorted by start, not overlapping)."""
    starts, ends = spans
    k = bisect.bisect_right(starts, start)
    if k and ends[k - 1] > start:
        return True
    return k < len(starts) and starts[k] < end


_ORDINAL_SUFFIX = frozenset({"st", "nd", "rd", "th"})
_NAME_CONTEXT_OK = frozenset(
    [
        "some",
        "about",
        "around",
        "nearly",
        "roughly",
        "almost",
        "over",
        "under",
        "than",
        "least",
        "most",
        "to",
        "and",
        "or",
        "of",
        "by",
        "from",
        "between",
        "the",
        "a",
        "an",
        "just",
        "only",
        "with",
        "at",
        "in",
        "on",
        "for",
        "up",
        "down",
        "rose",
        "fell",
        "gained",
        "lost",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "reached",
        "killed",
        "evacuated",
        "including",
        "among",
    ]
)
_YEAR_WORDS = frozenset(
    ["in", "since", "by", "until", "till", "from", "of", "during", "before", "after", "early", "late", "mid", "circa"]
)
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
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
    ]
)


def is_not_figure(tokens: list[Token], i: int, j: int, has_unit: bool, has_qualifier: bool) -> bool:
    """True when the digits at tokens [I, J) are an ordinal, a year, a score or part of a name.

    `has_unit`/`has_qualifier` say whether a unit or a hedge was found, which makes a figure of
    numbers that would otherwise read as years ("more than 2000 people").
    """
    tok = tokens[i]
    if tok.kind != "num" and tok.low not in {"-", "−"}:
        return False
    if tok.low in {"-", "−"}:
        tok = tokens[i + 1]
        i = i + 1
    n = len(tokens)
    after = tokens[i + 1] if i + 1 < n else None
    before = tokens[i - 1] if i >= 1 else None
    if after is not None and not after.space and after.low in _ORDINAL_SUFFIX:
        return True
    if after is not None and not after.space and after.kind == "num":
        return True
    # "A42", "G20", "COVID-19", "MP3": letters glued to the digits make a name.
    if before is not None and not tok.space and before.kind == "word" and before.low not in CURRENCY_BEFORE:
        return True
    if (
        before is not None
        and before.low == "-"
        and not tok.space
        and not before.space
        and i >= 2
        and tokens[i - 2].kind == "word"
        and tokens[i - 2].text[:1].isupper()
    ):
        return True
    if after is not None and not after.space and after.kind == "word" and j == i + 1 and not has_unit:
        return True  # "5G", "3D", "4K": digits glued to letters that are not a unit
    if "." in tok.text and tok.text.count(".") > 1:
        return True
    # Scores and tallies: "ended 2-2", "won 3-1" (a range is written low to high).
    if after is not None and after.low in {"-", "–"} and i + 2 < n and tokens[i + 2].kind == "num" and not has_unit:
        a, b = tok.text.replace(",", ""), tokens[i + 2].text.replace(",", "")
        if a.isdigit() and b.isdigit() and int(a) >= int(b) and int(a) < 200:
            return True
    if before is not None and before.low in {"-", "–"} and i >= 2 and tokens[i - 2].kind == "num" and not has_unit:
        a, b = tokens[i - 2].text.replace(",", ""), tok.text.replace(",", "")
        if a.isdigit() and b.isdigit() and int(a) >= int(b) and int(a) < 200:
            return True
    digits = tok.text
    if len(digits) == 4 and digits.isdigit() and 1800 <= int(digits) <= 2100 and not has_unit and not has_qualifier:
        if before is not None and (before.low in _YEAR_WORDS or before.low in _MONTHS or before.low in {"’", "'"}):
            return True
        if after is None or after.kind != "word" or not after.text.islower() or not after.low.endswith("s"):
            return True
    # "Route 91", "Section 427", "S&P 500", "Note 20 Ultra": a capitalised word before the
    # number, nothing counted after it.
    if before is not None and before.kind == "word" and len(before.text) > 1 and before.text.isupper() and not has_unit:
        return True  # "FTSE 100", "S&P 500", "MSCI 2000": an index or model name
    if (
        before is not None
        and before.kind == "word"
        and any(ch.isupper() for ch in before.text)
        and before.low not in _NAME_CONTEXT_OK
        and before.low not in _MONTHS
        and not has_unit
        and not has_qualifier
        and i >= 2
        and (after is None or after.kind != "word" or not after.text.islower())
    ):
        return True
    return bool(
        before is not None and before.low == "&" and i >= 2 and tokens[i - 2].text[:1].isupper() and not has_unit
    )
