"""Who each sentence attributes its figures to: "X said", "said X", "according to X", quoted
tweets with their account, "he added" resolved to the last named speaker, and attribution that
carries over from the sentence before."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import ATTRIBUTION
from .tokens import Sentence

_VERBS = [v for v in ATTRIBUTION["verbs"] if not v.startswith("show")]


def _firsts(words: list[str], fold: bool = False) -> str:
    """A lookahead on the first letters of WORDS, so a scan skips every other position at once."""
    chars = {w[0] for w in words} | ({w[0].upper() for w in words} | {w[0].lower() for w in words} if fold else set())
    return "(?=[" + "".join(sorted(map(re.escape, chars))) + "])"


_VERB_RE = re.compile(
    r"\b" + _firsts(_VERBS) + "(?:" + "|".join(sorted(map(re.escape, _VERBS), key=len, reverse=True)) + r")\b"
)
_ACCORDING_RE = re.compile(
    r"\b"
    + _firsts(ATTRIBUTION["according"], fold=True)
    + "(?:"
    + "|".join(map(re.escape, ATTRIBUTION["according"]))
    + r")\s+([^,.;:”\"()]{2,80})",
    re.I,
)
_MEDIA_RE = re.compile(
    r"\b"
    + _firsts(ATTRIBUTION["media"])
    + "(?:"
    + "|".join(map(re.escape, ATTRIBUTION["media"]))
    + r")\s+((?:[A-Z][\w’'-]*|state|news|television|TV)"
    r"(?:\s+(?:[A-Z][\w’'-]*|state|news|television|TV|media|radio|agency))*)"
)
# Plain substring tests run before the regexes above: most sentences hold none of the phrases,
# and `in` finds that out several times faster than a regex scan.
_MEDIA_WORDS = tuple({phrase.split()[0] for phrase in ATTRIBUTION["media"]})
_ACCORDING_WORDS = tuple({phrase.split()[0].lower() for phrase in ATTRIBUTION["according"]})
_ORG = frozenset(ATTRIBUTION["org_words"])
_CONNECTORS = frozenset(ATTRIBUTION["connectors"])
_ADVERBS = frozenset(ATTRIBUTION["adverbs"])
_PERSON = frozenset(ATTRIBUTION["pronouns_person"])
_ANY = frozenset(ATTRIBUTION["pronouns_any"])
_CLAUSE_BOUNDARY = re.compile(r"[“”\"‘:;—–]|(?<!\w)'(?!\w)")
_TEMPORAL = re.compile(
    r"^(?:(?:on|in|at|by|earlier|later|last|this)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|today|yesterday|morning|evening|night|week|month|year|time)\b[\s,]*",
    re.I,
)
_CLAUSE_WORDS = frozenset(
    ["is", "are", "was", "were", "has", "have", "had", "will", "would", "be", "been", "being", "could", "should"]
)
_TWEET_HEADER = re.compile(r"^(.{2,60}?)\s+@\w+\b")
_TWEET_SIGNATURE = re.compile(r"(?:^|\s|>)(?:—|&mdash;|--)\s*([^()\n—]{2,60}?)\s*\(@?\w+\)")
_HEADLINE_SOURCE = re.compile(r"\s[–—-]\s+([A-Z][^–—]{1,60}?)\s*$")
_DASHES = ("-", "–", "—")
_CARRY_OPENER = re.compile(
    r"\s*(?:" + "|".join(map(re.escape, ATTRIBUTION["carry_openers"])) + r")\b", re.I
)


_SUBJECTS = frozenset({"he", "she", "it", "they", "we", "i", "you"})
_PASSIVE = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+(?:\w+ly\s+)?$", re.I)
# Reporting verbs that are also plural nouns, and the words after them that show the noun.
_NOUN_TOO = frozenset({"forecasts", "claims", "reports", "notes", "estimates", "states", "shows", "tweets",
                       "says", "projects"})
_NOUN_NEXT = re.compile(
    r"\s+(?:call|show|suggest|predict|are|were|have|had|point|indicate|say|put|vary|differ|against|of|for|"
    r"from|by|on|in|and|or)\b"
)
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov)\.?\s+([A-Z][\w’'-]+)$")


def full_name(speaker: str, before: str) -> str:
    """ "Mr. Musk" as the article first named him ("Elon Musk"), when it did; else as written."""
    match = _HONORIFIC.match(speaker)
    if match is None:
        return speaker
    surname = match.group(1)
    found = re.search(r"\b((?:[A-Z][\w’'-]+\s+){1,2})" + re.escape(surname) + r"\b", before)
    if found is None or _HONORIFIC.match(found.group(0)) or found.group(1).split()[0].rstrip(".") in _HONOURS:
        return speaker
    return found.group(0)


_HONOURS = frozenset({"Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker as written, and whether it reads as a person (for "he"/"she")."""

    text: str
    person: bool


def _is_person(text: str) -> bool:
    """True for "Chief of General Staff Valery Gerasimov", False for "the Russian General Staff":
    a person's name ends the phrase, capitalised, and is not an organisation word."""
    words = re.findall(r"[\w’'-]+", text)
    if not words or words[0].lower() in {"the", "a", "an"}:
        return False
    last = words[-1]
    return last[:1].isupper() and last.lower() not in _ORG


def _balanced(text: str) -> str:
    """TEXT with no bracket left open or unopened at its ends: "the Red Cross (ICRC" keeps its
    closing bracket when the source had one, or else stops before the opening one."""
    if "(" not in text and ")" not in text and "[" not in text and "]" not in text:
        return text
    for open_, close in ("()", "[]"):
        depth = 0
        cut = None
        for k, ch in enumerate(text):
            if ch == open_:
                if depth == 0:
                    cut = k
                depth += 1
            elif ch == close:
                depth -= 1
                if depth < 0:  # a closing bracket with no opening one: the phrase ends before it
                    text, depth, cut = text[:k], 0, None
                    break
        if depth > 0 and cut is not None:
            text = text[:cut]
        text = text.rstrip(" ,.;:")
    return text


# "LONDON - ", "PARIS (Reuters) - ", "LEEDS, England - ": a dateline opens the story, it says nothing
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][\w. ]+)?(?:\s*\([^)]{1,40}\))?\s*[-–—]+\s+")
_TRAILING_TIME = re.compile(
    r"\s+(?:on|last|this|late|early)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|"
    r"night|morning|evening|afternoon|month|year)(?:\s+(?:morning|evening|night|afternoon))?$",
    re.I,
)


def _clean(text: str) -> str:
    text = text.strip(" ,.;:“”\"'’‘")
    text = _DATELINE.sub("", text)
    text = _TRAILING_TIME.sub("", text)
    text = _balanced(text.lstrip("([")).strip(" ,.;:")
    while True:
        match = _TEMPORAL.match(text)
        words = text.split(None, 1)
        if match and match.end() > 0:
            text = text[match.end() :].strip(" ,")
        elif words and words[0].lower().strip(",") in _CONNECTORS and len(words) > 1:
            text = words[1].strip(" ,")
        else:
            return text


_NOT_OPENING = frozenset(
    ["to", "of", "in", "on", "at", "for", "by", "with", "from", "into", "per", "than", "as", "if", "when",
     "while", "because", "after", "before", "since", "although", "though", "where", "whether"]
)


def _valid(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 14 or any(ch.isdigit() for ch in text):
        return False
    if any(w.lower() in _CLAUSE_WORDS for w in words):
        return False
    low = words[0].lower()
    if words[0].islower() and (low in _NOT_OPENING or (low.endswith(("ed", "ing")) and len(low) > 4)):
        return False  # "signed by President Nixon", "to North Korea": a modifier or a clause, no source
    if "," in text and any(w.lower().strip(",") in _SUBJECTS for w in words[1:]):
        return False  # "As the water rose, it reached the roof, she": a clause and a pronoun
    if any(w.lower() in _ORG for w in words):
        return True  # "earlier reports", "officials"
    return low in _PERSON or low in _ANY or low in {"the", "a", "an"} or any(w[:1].isupper() for w in words)


def _subject_before(left: str) -> str | None:
    """The speaker phrase that ends LEFT ("..., the Russian General Staff")."""
    parts = _CLAUSE_BOUNDARY.split(left)
    clause = parts[-1]
    words = clause.rstrip().split()
    while words and words[-1].lower().strip(",") in _ADVERBS:
        words.pop()
    clause = " ".join(words).rstrip(" ,")
    segments = [s.strip() for s in clause.split(",")]
    while segments and (not segments[-1] or segments[-1].split()[0].lower() in {"which", "who", "where"}):
        # "The Russian Centre ..., which is a part of the Ministry, reported": skip the relative clause.
        segments.pop()
    if not segments:
        return None
    speaker = segments.pop()
    first = speaker.split()[0].lower() if speaker.split() else ""
    if first in {"and", "but", "while", "whereas"}:
        # "Test rockets carry a dummy payload, and Mr. Vale said": the speaker opens its own clause
        speaker = speaker.split(None, 1)[1] if len(speaker.split()) > 1 else ""
        segments = []
    if speaker.lower() in _SUBJECTS:
        segments = []  # "As the water rose, it reached the roof, she says": a pronoun is whole
    while segments:
        prev = segments[-1]
        if not prev or len(prev.split()) > 8 or any(ch.isdigit() for ch in prev):
            break
        if prev.split()[0].lower().endswith(("ing", "ed")):
            break  # "..., violating a ceasefire, the Center said": a clause, not a title
        if len((prev + " " + speaker).split()) > 14 or any(w.lower() in _CLAUSE_WORDS for w in prev.split()):
            break
        speaker = prev + ", " + speaker
        segments.pop()
    speaker = _clean(speaker)
    return speaker if _valid(speaker) else None


def _contains_any(text: str, words: tuple[str, ...]) -> bool:
    """any(word in TEXT for word in WORDS), without a generator: it runs on every sentence."""
    for word in words:  # noqa: SIM110 - a loop, as any() with a generator is slower here
        if word in text:
            return True
    return False


def own_attribution(sentence: str) -> str | None:
    """The attribution written inside SENTENCE, as written; None when there is none.

    >>> own_attribution("The pullout has begun, the Russian General Staff said.")
    'the Russian General Staff'
    >>> own_attribution("“We are safe,” said Ali Haider, Syria’s Minister.")
    'Ali Haider'
    """
    low = sentence.lower()
    found = _ACCORDING_RE.search(sentence) if _contains_any(low, _ACCORDING_WORDS) else None
    if found:
        speaker = _clean(found.group(1))
        if _valid(speaker):
            return speaker
    for match in _VERB_RE.finditer(sentence):
        rest = sentence[match.end() :]
        if rest.lstrip().startswith("to "):
            continue  # "said to be carrying": hearsay, not a named source
        left = sentence[: match.start()]
        if match.group().endswith("ed") and _PASSIVE.search(left):
            continue  # "it was reported only after ...": no one is named as saying it
        if match.group() in _NOUN_TOO and _NOUN_NEXT.match(rest):
            continue  # "Weather forecasts call for ...", "claims against the firm": a plural noun
        speaker = _subject_before(left)
        if speaker is not None:
            return speaker
        if not left.strip() or left.rstrip()[-1:] in {",", "”", '"', "’"}:
            inverted = re.match(r"\s*([^,.;:]{2,60})", rest)
            if inverted:
                speaker = _clean(_past_places(rest) or inverted.group(1))
                if _valid(speaker) and speaker[:1].isupper():
                    return speaker
    media = _MEDIA_RE.search(sentence) if _contains_any(sentence, _MEDIA_WORDS) else None
    if media:
        return _clean(media.group(1))
    return None


def _past_places(rest: str) -> str | None:
    """The speaker after a run of one-word places: "says Leeds, England, Councillor Jane Moor"."""
    parts = [p.strip() for p in re.split(r",", re.split(r"[.;:]", rest, maxsplit=1)[0])]
    k = 0
    while k + 1 < len(parts) and re.fullmatch(r"[A-Z][a-z]+", parts[k]):
        k += 1
    if k == 0 or k >= len(parts):
        return None
    words = parts[k].split()
    if len(words) >= 2 and all(w[:1].isupper() for w in words):
        return parts[k]
    return None


def _resolve(text: str, memory: list[Speaker]) -> str:
    words = text.split()
    low = words[0].lower()
    if len(words) == 1 and low in _PERSON:
        for speaker in reversed(memory):
            if speaker.person:
                return speaker.text
        return text
    if len(words) == 1 and low in _ANY:
        for speaker in reversed(memory):
            if not speaker.person:
                return speaker.text
        return memory[-1].text if memory else text
    if low == "the" and 2 <= len(words) <= 3 and all(w.islower() for w in words[1:]):
        head = words[-1].lower()
        for speaker in reversed(memory):
            if head in speaker.text.lower() and speaker.text.lower() != text.lower():
                return speaker.text
        for speaker in reversed(memory):
            if not speaker.person:
                return speaker.text
    return text


def attributions(text: str, sents: list[Sentence]) -> list[str | None]:
    """The attribution of each sentence in SENTS of TEXT, pronouns resolved; None for the outlet."""
    memory: list[Speaker] = []
    own: list[str | None] = []
    for sent in sents:
        found = own_attribution(sent.text)
        if found is not None:
            found = full_name(_resolve(found, memory), text[: sent.start])
            memory.append(Speaker(found, _is_person(found)))
        own.append(found)
        header = _TWEET_HEADER.match(sent.text) if "@" in sent.text else None
        if header and len(sents) > 0 and re.search(r"\bago\b|@\w+\s*$", sent.text):
            memory.append(Speaker(header.group(1).strip(), False))
    out: list[str | None] = list(own)
    lines = text.split("\n")
    # A tweet is found by its handle ("@ICRC") or its signature dash ("— Name (handle)").
    tweets = "@" in text or "—" in text or "--" in text or "&mdash;" in text
    paras = _nonempty_paragraphs(lines) if tweets else []
    open_quotes = _open_quotes(sents)
    for index, sent in enumerate(sents):
        if out[index] is not None:
            continue
        if sent.text[:1] in '“"' or open_quotes[index]:
            # the speaker named later in the same paragraph; sentences of a paragraph are adjacent
            k = index + 1
            while k < len(sents) and sents[k].paragraph == sent.paragraph:
                if own[k] is not None:
                    out[index] = own[k]
                    break
                k += 1
            if out[index] is not None:
                continue
        tweet = _tweet_source(paras, sent.paragraph, sent.text) if tweets else None
        if tweet is not None:
            out[index] = tweet
            continue
        if sent.paragraph == 0:
            # the pattern needs a dash: most sentences are passed over without a scan
            head = _HEADLINE_SOURCE.search(sent.text) if _contains_any(sent.text, _DASHES) else None
            if head:
                out[index] = head.group(1).strip()
                continue
        # Wire copy keeps reporting a statement in the next sentence without repeating "it said".
        # Across a paragraph break only when the new one says it goes on ("So far, ...", "In
        # total, ..."): otherwise a new paragraph is the reporter's own voice again.
        if (
            index > 0
            and own[index - 1] is not None
            and (
                sents[index - 1].paragraph == sent.paragraph
                or (sents[index - 1].paragraph == sent.paragraph - 1 and _CARRY_OPENER.match(sent.text))
            )
            and not sents[index - 1].text.rstrip().endswith(("”", '"'))
        ):
            out[index] = own[index - 1]
    return out


def _open_quotes(sents: list[Sentence]) -> list[bool]:
    """For each sentence, whether a quotation opened earlier in its paragraph is still open there.

    One running count per paragraph: looking back from every sentence was quadratic in a long one.
    """
    out: list[bool] = []
    depth, paragraph = 0, None
    for sent in sents:
        if sent.paragraph != paragraph:
            depth, paragraph = 0, sent.paragraph
        out.append(depth > 0)
        depth += sent.text.count("“") - sent.text.count("”")
    return out


def _nonempty_paragraphs(lines: list[str]) -> list[str]:
    # Same paragraphs as tokens.sentences(): every non-empty line, even one of spaces.
    return [line for line in lines if line]


def _tweet_source(paras: list[str], paragraph: int, sentence: str) -> str | None:
    """The account of a quoted tweet: a "Name @handle ... ago" line before, or "— Name (@handle)" after.

    PARAS are the text's non-empty lines (`_nonempty_paragraphs`), split once per text, not per sentence.
    """
    if paragraph >= len(paras):
        return None
    here = paras[paragraph]
    signature = _TWEET_SIGNATURE.search(here)
    if signature and signature.start() > 0:
        return signature.group(1).strip()
    if paragraph + 1 < len(paras):
        nxt = _TWEET_SIGNATURE.match(paras[paragraph + 1].strip())
        if nxt:
            return nxt.group(1).strip()
    if paragraph > 0:
        header = _TWEET_HEADER.match(paras[paragraph - 1].strip())
        if header and re.search(r"\bago\b", paras[paragraph - 1]):
            return header.group(1).strip()
    return None
