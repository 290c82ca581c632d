"""Store records -> the lines a Reply carries: figures as an editor reads them, group headlines, flags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from commands.reply import FigureLine, FlagLine, GroupView
from store.corrections import correction_note
from store.figure import StoredFigure
from store.origins import origins_of
from store.records import FlagInfo, GroupInfo


def figure_line(stored: StoredFigure, *, flagged: bool = False) -> FigureLine:
    f = stored.figure
    return FigureLine(
        id=stored.id, text=f.text, value=f.value, low=f.low, high=f.high, qualifier=str(f.qualifier),
        unit=f.unit, counts=f.counts, action=f.action, outlet=stored.source.label, said_by=f.said_by,
        published=stored.source.published, quote=f.sentence.strip(), file=stored.source.file, start=f.start,
        end=f.end, article_id=stored.source.article_id, flagged=flagged, corrected=correction_note(stored),
    )


WORTH_A_LOOK = "Worth a look (nothing shows these figures report one quantity):"


def flag_line(flag: FlagInfo) -> FlagLine:
    return FlagLine(
        id=flag.id, kind=flag.kind, status=flag.status, severity=flag.severity, why=flag_why(flag),
        figure_ids=flag.figure_ids, reviewed_by=flag.reviewed_by, review_note=flag.review_note,
        confidence=flag.confidence,
    )


def is_weak(flag: FlagInfo) -> bool:
    """A disagreement nothing shows to be about one quantity (store.confidence): it is not shown as a
    flag unless asked for (`!flags weak`), since an editor shown false alarms stops reading flags."""
    return flag.confidence == "low"


def confident(flags: Iterable[FlagInfo]) -> list[FlagInfo]:
    """The flags shown by default: those of high confidence, in the order given."""
    return [f for f in flags if not is_weak(f)]


def weak(flags: Iterable[FlagInfo]) -> list[FlagInfo]:
    """The flags only `!flags weak` shows, in the order given."""
    return [f for f in flags if is_weak(f)]


def weak_footer(count: int) -> str | None:
    """The one line that says weak disagreements exist and how to see them."""
    if not count:
        return None
    return f"{count} weak disagreement{'s' * (count != 1)} not shown: `!flags weak`."


def flag_why(flag: FlagInfo) -> str:
    """The flag's sentence, and for a flag that reopens a reviewed one, that review and its reason;
    a flag of low confidence says first that it is only worth a look."""
    why = _why(flag)
    return f"{WORTH_A_LOOK} {why}" if flag.confidence == "low" else why


def _why(flag: FlagInfo) -> str:
    if flag.reopens_id is None:
        return flag.why
    review = flag.reopened
    if review is None:
        return f"{flag.why} Reopens #{flag.reopens_id}."
    reason = f": “{review.note}”" if review.note else ""
    return (f"{flag.why} Reopens #{flag.reopens_id}, {review.status} by {review.by_name}{reason}; "
            f"new figures changed the disagreement.")


def group_view(group: GroupInfo, figures: Sequence[StoredFigure], flags: Iterable[FlagInfo]) -> GroupView:
    """A group with its pasteable headline: what, the range reported, outlets, origins, disputed."""
    flags = [flag for flag in flags if flag.status != "dismissed"]
    flagged_ids = {i for flag in flags for i in flag.figure_ids}
    # a flag worth a look marks its figures, but only a confident one makes the group disputed
    disputed_ids = {i for flag in flags if flag.confidence != "low" for i in flag.figure_ids}
    disputed = any(f.id in disputed_ids for f in figures)
    outlets = len({f.source.label for f in figures})
    origins = len(set(origins_of(figures).values()))
    label = group.label or (figures[0].figure.counts if figures else "") or "figures"
    headline = (
        f"{label[:1].upper()}{label[1:]}: {value_range(figures)}; "
        f"{_plural(outlets, 'outlet')}, {_plural(origins, 'origin')}"
        + ("; disputed" if disputed else "")
    )
    lines = tuple(figure_line(f, flagged=f.id in flagged_ids) for f in figures)
    return GroupView(id=group.id, label=label, headline=headline, figures=lines, outlets=outlets,
                     origins=origins, flagged=disputed, unit=figures[0].figure.unit if figures else None)


def value_range(figures: Sequence[StoredFigure]) -> str:
    """"4,000 to more than 5,000": the lowest and highest figure, each as written."""
    if not figures:
        return "no figures"
    ordered = sorted(figures, key=lambda f: (f.figure.value, f.figure.qualifier != "exact"))
    low, high = _as_written(ordered[0]), _as_written(ordered[-1])
    return low if low == high else f"{low} to {high}"


def _as_written(stored: StoredFigure) -> str:
    text = stored.figure.text.strip()
    return text[:1].lower() + text[1:] if text[:1].isalpha() else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
