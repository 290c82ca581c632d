"""`!export QUERY [json]`: the answer to `!claim QUERY` as a CSV or JSON file an editor can open.

Every figure with its value, interval, unit, what it counts, action, attribution, outlet, URL, date,
quote and offsets, and every flag with its why and review state. A file larger than Discord's
attachment limit is split into parts, each a file of its own that opens on its own.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from commands.claim import Answer, find
from commands.reply import Reply
from store.db import Store
from store.errors import BadInput
from store.figure import StoredFigure
from store.records import FlagInfo

# Discord's attachment limit for a server without boosts is 10 MiB; the margin keeps a part under it
# with the message and its multipart overhead.
MAX_FILE_BYTES = 8 * 1024 * 1024
FORMATS = ("csv", "json")

FIGURE_FIELDS = (
    "record", "id", "text", "value", "qualifier", "low", "high", "unit", "counts", "action", "said_by",
    "outlet", "url", "published", "quote", "start", "end", "article_id", "group_id", "story_id", "flag_ids",
    "corrected_by", "correction_why",
)
FLAG_FIELDS = ("kind", "severity", "status", "why", "reviewed_by", "reviewed_at", "review_note", "figure_ids")
# one CSV holds both kinds of record: figure rows leave the flag columns empty and the other way round
CSV_FIELDS = (*FIGURE_FIELDS, *FLAG_FIELDS)


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One attachment: its name and its bytes."""

    name: str
    data: bytes


def figure_record(stored: StoredFigure, flags: Sequence[FlagInfo]) -> dict[str, Any]:
    f = stored.figure
    correction = stored.extra.get("correction")
    return {
        "record": "figure", "id": stored.id, "text": f.text, "value": f.value, "qualifier": str(f.qualifier),
        "low": f.low, "high": f.high, "unit": f.unit, "counts": f.counts, "action": f.action, "said_by": f.said_by,
        "outlet": stored.source.label, "url": stored.source.url,
        "published": stored.source.published.isoformat() if stored.source.published else None,
        "quote": f.sentence.strip(), "start": f.start, "end": f.end, "article_id": stored.source.article_id,
        "group_id": stored.group_id, "story_id": stored.story_id,
        "flag_ids": [flag.id for flag in flags if stored.id in flag.figure_ids],
        "corrected_by": getattr(correction, "by_name", None), "correction_why": getattr(correction, "why", None),
    }


def flag_record(flag: FlagInfo) -> dict[str, Any]:
    return {
        "record": "flag", "id": flag.id, "kind": flag.kind, "severity": flag.severity, "status": flag.status,
        "why": flag.why, "reviewed_by": flag.reviewed_by,
        "reviewed_at": flag.reviewed_at.isoformat() if flag.reviewed_at else None, "review_note": flag.review_note,
        "figure_ids": list(flag.figure_ids), "group_id": flag.group_id, "story_id": flag.story_id,
    }


def records(answer: Answer) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The answer's figures and flags as flat records, in the order `!claim` shows them."""
    return ([figure_record(f, answer.flags) for f in answer.figures], [flag_record(f) for f in answer.flags])


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)  # ids, space-separated: a spreadsheet keeps them in one cell
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def as_csv(figures: Sequence[dict[str, Any]], flags: Sequence[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="raise", lineterminator="\n")
    writer.writeheader()
    for row in [*flags, *figures]:
        writer.writerow({name: _csv_cell(row.get(name)) for name in CSV_FIELDS})
    return out.getvalue().encode("utf-8-sig")  # the BOM makes spreadsheets read it as UTF-8


def as_json_bytes(query: str, figures: Sequence[dict[str, Any]], flags: Sequence[dict[str, Any]]) -> bytes:
    return json.dumps({"query": query, "figures": list(figures), "flags": list(flags)}, ensure_ascii=False,
                      indent=1).encode("utf-8")


def _slug(query: str) -> str:
    word = "".join(ch if ch.isalnum() else "-" for ch in query.lower()).strip("-")
    return "-".join(part for part in word.split("-") if part)[:40] or "claims"


def export_files(answer: Answer, fmt: str, *, max_bytes: int = MAX_FILE_BYTES) -> list[ExportFile]:
    """The answer as one file, or as parts of at most MAX_BYTES each, every part with all the flags."""
    if fmt not in FORMATS:
        raise BadInput(f"Export as `csv` or `json`, not `{fmt}`.")
    figures, flags = records(answer)

    def encode(part: Sequence[dict[str, Any]]) -> bytes:
        return as_csv(part, flags) if fmt == "csv" else as_json_bytes(answer.query, part, flags)

    parts: list[list[dict[str, Any]]] = [figures]
    # halve the parts that are too big until each fits; a single figure always fits (quotes are sentences)
    while True:
        sized = [(part, encode(part)) for part in parts]
        big = [part for part, data in sized if len(data) > max_bytes and len(part) > 1]
        if not big:
            break
        parts = [half for part in parts
                 for half in ((part[: len(part) // 2], part[len(part) // 2 :]) if part in big else (part,))]
    name = _slug(answer.query)
    if len(sized) == 1:
        return [ExportFile(f"{name}.{fmt}", sized[0][1])]
    return [ExportFile(f"{name}-part{i}of{len(sized)}.{fmt}", data) for i, (_, data) in enumerate(sized, 1)]


def parse_format(rest: str) -> tuple[str, str]:
    """`evacuees json` -> ("evacuees", "json"); the format is the last word when it names one."""
    words = rest.split()
    if len(words) > 1 and words[-1].lower() in FORMATS:
        return " ".join(words[:-1]), words[-1].lower()
    return rest, "csv"


def export_reply(answer: Answer, files: Sequence[ExportFile]) -> Reply:
    if not answer.groups:
        return Reply.problem(f"No figures found for “{answer.query}”; nothing to export.",
                             suggestions=answer.suggestions)
    title = (f"{answer.query}: {len(answer.figures)} figure{'s' * (len(answer.figures) != 1)} and "
             f"{len(answer.flags)} flag{'s' * (len(answer.flags) != 1)} exported")
    lines = tuple(f"{file.name} ({len(file.data):,} bytes)" for file in files)
    note = None
    if len(files) > 1:
        note = (f"Split into {len(files)} files to stay within Discord's attachment limit; "
                "each holds every flag and a share of the figures.")
    if answer.truncated:
        note = (note + " " if note else "") + "More matched than one answer holds; narrow the query for the rest."
    return Reply(title=title, lines=lines, note=note, extra={"files": list(files)})


async def export(store: Store, rest: str) -> Reply:
    """The answer to `!claim QUERY` as a CSV file (or JSON with `json` last), attached."""
    query, fmt = parse_format(rest)
    answer = await asyncio.to_thread(find, store, query)
    files = export_files(answer, fmt) if answer.groups else []
    return export_reply(answer, files)
