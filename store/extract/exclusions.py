"""Numbers that are not figures: dates, years, clock times, ordinals, phone numbers, links,
page furniture ("5h5 hours ago"), scores, numbers inside names ("Route 91", "G20") and Discord
mention syntax pasted with the text ("<@&456>", "<#789>")."""

from __future__ import annotations

import bisect
import re

from .numbers import CURRENCY_BEFORE
from .rules import NUMBERS
from .tokens import MONTH_ABBREVIATIONS, Token

_DIGIT = re.compile(r"\d")
_INDEXES = frozenset(NUMBERS["names"]["indexes"])
_STREETS = frozenset(NUMBERS["names"]["streets"])

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# Each pattern marks a span of text in which no digit is a figure.
# The lookahead skips, in one step, every position that cannot open a pattern (each starts with
# a digit, "+", "(", "<", a quote, the capital of a month or of an era: A.D., B.C., CE), which
# makes the scan several times faster.
_NOT_FIGURES = re.compile(
    r"(?=[\d(+’'<ABCDFJMNOS])(?:"
    + "|".join(
        [
            # December 13, 2016 / Dec. 2 / Aug. 9-11
            rf"\b{_MONTH}\s+{_DAY}(?:\s*[-–]\s*\d{{1,2}}\b)?(?:\s*,?\s*\d{{4}})?\b",
            rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s*,?\s*\d{{4}})?\b",  # 13 December 2016
            rf"\b{_MONTH}\s+\d{{4}}\b",  # August 2015
            r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",  # 2016-12-13, 12/13/2016
            r"\b\d{1,2}:\d{2}(?:\s*(?:[ap]\.?m\.?|GMT|UTC|[A-Z]{2,4}T|local time|hrs))?(?![\d,])",  # 12:30 GMT
            r"\b\d{1,2}\.\d{2}\s*(?:[ap]\.?m\b\.?|GMT|UTC)",  # 10.45pm; "50.02 Hz" stays a figure
            r"\b\d{1,2}(?:\s*[ap]\.m\.|\s*[ap]m\b)",  # 5am, 12:01 a.m.
            r"\b\d{4}\s*(?:GMT|UTC|hrs|hours GMT)\b",  # 0401 GMT
            r"\b\d+[hmd]\d*\s+(?:hours?|minutes?|mins?|days?|weeks?)\s+ago\b",  # 5h5 hours ago
            r"\b\d+\s*(?:hours?|minutes?|mins?|days?|weeks?|h|m|d)\s+ago\b",  # page furniture
            r"\+?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\+\d{1,3}[\s-]\d[\d\s-]{7,}\d",  # phone numbers
            r"\b(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2}\b(?!\s*(?:people|km|%|percent))",  # 2016-17 season
            r"\b\d+/\d+\b",  # 24/7, 9/11
            r"\b(?:19|20)\d0s\b|’\d0s|'\d0s",  # the 1990s, the '90s
            r"\b(?:A\.D\.|B\.C\.|AD|BC|BCE|CE)\s+\d{1,4}(?:\s+(?:and|to|-|–)\s+\d{1,4})?\b",  # A.D. 900 and 950
            r"\b\d{1,4}\s+(?:A\.D\.|B\.C\.|AD|BC|BCE)(?!\w)",  # 500 BC
            # Discord syntax pasted with an article: <@123>, <@!123>, <@&456>, <#789>, <:flag:123>, <t:1700000000:R>
            r"<(?:@[!&]?|#|a?:\w{1,32}:|/[\w -]{1,32}:|t:)\d+(?::[tTdDfFR])?>",
        ]
    )
    + ")"
)


# Page furniture a crawler keeps with the article, one line each: "most read" blocks, related-story
# teasers ("READ MORE: 3 bears escape"), slideshows ("Play slideshow Getty Images 1 of 35 ..."),
# gallery captions numbered "7/30 ...", and the contact line ("Email us ... or call 0207 946 0321").
_FURNITURE_LINE = re.compile(
    r"^[ \t]*(?:most (?:read|popular|viewed|shared)\b|read more\b|related(?: stories| articles)?\s*:|"
    r"see also\s*:|more\s*:|trending\s*:|\+ show all\b).*$"
    r"|^.*\bplay slideshow\b.*$",
    re.I | re.M,
)
_GALLERY_CAPTION = re.compile(r"^[ \t]*(\d{1,3})/(\d{1,3})[ \t]+\S.*$", re.M)
_CALL = re.compile(r"\b(?:call|phone|tel|telephone|ring|text|whatsapp|fax)\b[.:]?\s*(?:us\s+)?(?:on\s+)?"
                   r"\+?\(?\d[\d ().-]{5,}\d", re.I)


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """The spans of TEXT that are site furniture, not the article (see _FURNITURE_LINE)."""
    found = [m.span() for m in _FURNITURE_LINE.finditer(text)]
    for m in _GALLERY_CAPTION.finditer(text):
        index, size = int(m.group(1)), int(m.group(2))
        if 1 <= index <= size and size >= 3:  # "24/7 news" is no caption: an index within its gallery
            found.append(m.span())
    found.extend(m.span() for m in _CALL.finditer(text))
    return found


def excluded_spans(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of every span of TEXT in which no number is a figure.

    Sorted and merged, so `inside` can bisect them.
    """
    found = furniture_spans(text)
    if _DIGIT.search(text) is not None:  # every other pattern holds a digit
        found.extend(m.span() for m in _NOT_FIGURES.finditer(text))
    found.sort()
    starts: list[int] = []
    ends: list[int] = []
    for start, end in found:
        if starts and start < ends[-1]:
            ends[-1] = max(ends[-1], end)
            continue
        starts.append(start)
        ends.append(end)
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
    [
        "in",
        "since",
        "by",
        "until",
        "till",
        "from",
        "of",
        "during",
        "before",
        "after",
        "early",
        "late",
        "mid",
        "circa",
        "between",
    ]
)
_MONTHS = MONTH_ABBREVIATIONS | frozenset(
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
    ]
)


def is_not_figure(
    tokens: list[Token], i: int, j: int, has_unit: bool, has_qualifier: bool, has_currency: bool = False
) -> bool:
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
    if (
        before is not None
        and not tok.space
        and before.kind == "word"
        and before.low not in CURRENCY_BEFORE
        and not has_currency
    ):
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
    if (
        before is not None
        and before.low == "."
        and not tok.space
        and not before.space
        and i >= 2
        and tokens[i - 2].kind == "word"
        and not has_unit
    ):
        return True  # "ID.3", "v.2": a dotted model name
    if (
        before is not None
        and before.low == "("
        and after is not None
        and after.low == ")"
        and i >= 2
        and tokens[i - 2].text[:1].isupper()
        and not has_unit
        and not has_currency
    ):
        return True  # "Sam Ortiz (12)": a shirt number or a seed after a name
    if "." in tok.text and tok.text.count(".") > 1:
        return True
    # Scores and tallies: "ended 3-3", "won 3-1" (a range is written low to high).
    if after is not None and after.low in {"-", "–"} and i + 2 < n and tokens[i + 2].kind == "num" and not has_unit:
        a, b = tok.text.replace(",", ""), tokens[i + 2].text.replace(",", "")
        if a.isdigit() and b.isdigit() and int(a) >= int(b) and int(a) < 200:
            return True
    if before is not None and before.low in {"-", "–"} and i >= 2 and tokens[i - 2].kind == "num" and not has_unit:
        a, b = tokens[i - 2].text.replace(",", ""), tok.text.replace(",", "")
        if a.isdigit() and b.isdigit() and int(a) >= int(b) and int(a) < 200:
            return True
    digits = tok.text
    if len(digits) == 4 and digits.isdigit() and 1000 <= int(digits) <= 2100 and not has_unit and before is not None:
        # "between 1650 and 1700": two years bracketing a period
        if before.low == "between" and i + 2 < n and tokens[i + 1].low == "and" and _yearish(tokens[i + 2]):
            return True
        if before.low == "and" and i >= 3 and _yearish(tokens[i - 2]) and tokens[i - 3].low == "between":
            return True
    if len(digits) == 4 and digits.isdigit() and 1800 <= int(digits) <= 2200 and not has_unit and not has_qualifier:
        if before is not None and (before.low in _YEAR_WORDS or before.low in _MONTHS or before.low in {"’", "'"}):
            return True
        if after is None or after.kind != "word" or not after.text.islower() or not after.low.endswith("s"):
            return True
    if not has_unit and _index_before(tokens, i):
        return True  # "S&P 500", "the nikkei 225", "Nikkei 225": an index name
    if not has_unit and not has_qualifier and _street_after(tokens, j):
        return True  # "49 Oak Ranch Road": an address
    # "Route 91", "Section 12", "Game 4", "Model 5 coupes", "Fortune 500": a capitalised word
    # right before a bare number names a thing; it does not count anything.
    if before is not None and before.kind == "word" and len(before.text) > 1 and before.text.isupper() and not has_unit:
        return True  # "FTSE 100", "MSCI 2000": an index or model name
    if (
        before is not None
        and before.kind == "word"
        and len(before.text) == 1
        and before.text.isupper()
        and before.text not in {"A", "I"}
        and i >= 2
    ):
        return not has_unit  # "S P 500", "Model S 100"
    if before is not None and before.low == "." and i >= 2 and tokens[i - 2].low in {"no", "nos"} and not has_currency:
        return True  # "Billions No. 18", "orbit no. 19": a number in a name
    if not has_unit and not has_qualifier and not has_currency and tok.text in _MODELS and not _plural_after(tokens, j):
        return True  # "lift a 737 into orbit", "a fully laden 737 aircraft"; not "grounded 737 planes"
    if (
        before is not None
        and before.kind == "word"
        and any(ch.isupper() for ch in before.text)
        and before.low not in _NAME_CONTEXT_OK
        and before.low not in _MONTHS
        and not before.low.endswith(("’s", "'s"))  # "the Falcon Heavy’s 27 main engines": a possessive
        and not _headline_verb(before.text)
        and not has_unit
        and not has_qualifier
        and i >= 2
    ):
        return True
    return bool(
        before is not None and before.low == "&" and i >= 2 and tokens[i - 2].text[:1].isupper() and not has_unit
    )


_MODELS = frozenset(NUMBERS["names"]["models"])


def _plural_after(tokens: list[Token], j: int) -> bool:
    return j < len(tokens) and tokens[j].kind == "word" and tokens[j].low.endswith("s") and tokens[j].text.islower()


def _headline_verb(word: str) -> bool:
    """True for a title-case verb in a headline ("Equifax Seized 138 Domains"): no name ends so."""
    return len(word) > 4 and word[0].isupper() and word[1:].islower() and word.endswith("ed")


def _yearish(tok: Token) -> bool:
    return tok.kind == "num" and len(tok.text) == 4 and tok.text.isdigit() and 1000 <= int(tok.text) <= 2100


def _index_before(tokens: list[Token], i: int) -> bool:
    """True when an index name ends right before token I ("s&p", "sp", "euro stoxx", "nasdaq").

    Up to three tokens back are joined both glued ("s&p") and spaced ("hang seng").
    """
    joined = words = ""
    for k in range(i - 1, max(i - 4, -1), -1):
        tok = tokens[k]
        if tok.kind not in {"word", "punct"} or tok.low in {",", "."}:
            break
        joined = tok.low + joined
        words = tok.low + (" " + words if words else "")
        if joined in _INDEXES or words in _INDEXES:
            return True
    return False


def _street_after(tokens: list[Token], j: int) -> bool:
    """True when capitalised words and a street word follow ("49 Oak Ranch Road", "12 W 45th St")."""
    for k in range(j, min(j + 5, len(tokens))):
        tok = tokens[k]
        if tok.kind == "word" and tok.low in _STREETS and tok.text[:1].isupper() and k > j:
            return True
        if not (
            tok.text[:1].isupper()
            or tok.kind == "num"
            or tok.low in {"-", "–"}
            or (tok.kind == "word" and tok.low in {"st", "nd", "rd", "th"})
        ):
            return False
    return False
