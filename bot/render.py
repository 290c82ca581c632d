"""Reply -> what people see: embeds for Discord (pages within its limits), plain text for the console.

Discord answers 400 to any embed over one of its limits, so every string that reaches an embed goes
through `clip`, and `as_pages` packs lines and fields into pages by the same numbers
(notes/discord.md §1.6). Article text goes through `safe`: it may contain "@everyone" or markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import discord

from bot.chart import CHART_NAME, has_chart
from commands.reply import FigureLine, FlagLine, GroupView, Reply

TITLE, DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE, FOOTER, TOTAL = 256, 4096, 25, 256, 1024, 2048, 6000
ERROR_COLOUR, FLAG_COLOUR, OK_COLOUR = 0xC0392B, 0xE67E22, 0x2E86C1
# A page holds fewer than Discord allows: a phone screen shows about this much, and the margin
# absorbs the footer ("Page 12/40 · note") without recounting.
PAGE_FIELDS, PAGE_CHARS, NOTE_CHARS = 8, 5200, 300
QUOTE_CHARS = 90  # the short quote on a figure's line; the full sentence is in the console and !flag
WARN = "⚠"
_CODE = re.compile(r"(`[^`\n]+`)")


def clip(text: str, limit: int) -> str:
    """TEXT cut to LIMIT characters, marked with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def safe(text: str) -> str:
    """Article text made inert for Discord: no markdown, no mentions (not even malformed ones)."""
    escaped = discord.utils.escape_mentions(discord.utils.escape_markdown(text))
    return escaped.replace("<@", "<@\u200b").replace("<#", "<#\u200b")


def safe_keep_code(text: str) -> str:
    """Our own sentences: `code` spans stay code (help examples), the rest is escaped like article text."""
    # mentions are made inert inside code spans too: lines can carry a user's query back to them
    return "".join(discord.utils.escape_mentions(part) if _CODE.fullmatch(part) else safe(part)
                   for part in _CODE.split(text)).replace("<@", "<@\u200b")


def short_quote(line: FigureLine, width: int = QUOTE_CHARS) -> str:
    """A window of the quote around the figure, so the line shows the words that give it meaning."""
    quote = " ".join(line.quote.split())
    if len(quote) <= width:
        return quote
    at = quote.find(line.text.strip()) if line.text.strip() else -1
    if at < 0:
        return clip(quote, width)
    start = max(0, min(at - width // 3, len(quote) - width))
    window = quote[start : start + width]
    return ("…" if start > 0 else "") + window.strip() + ("…" if start + width < len(quote) else "")


def figure_parts(line: FigureLine) -> list[str]:
    """Value as written · outlet · says who · date: the facts of one figure, without its quote."""
    parts = [line.text.strip() or f"{line.value:g}", line.outlet]
    if line.said_by:
        parts.append(f"says {line.said_by}")
    if line.published:
        parts.append(f"{line.published:%d %b %Y}")
    if line.corrected:
        parts.append(line.corrected)
    if line.superseded:
        parts.append("superseded by a later report of the same outlet")
    return parts


def figure_text(line: FigureLine) -> str:
    """One compact plain line per figure: value · outlet · says who · date · #id."""
    return " · ".join(figure_parts(line)) + f" · #{line.id}"


def flag_text(flag: FlagLine) -> str:
    reviewed = f" by {flag.reviewed_by}" if flag.reviewed_by else ""
    number = f"#{flag.id} " if flag.id else ""  # 0: found only in an as-of answer, never stored
    return f"{WARN} {number}{flag.kind} [{flag.status}{reviewed}]: {flag.why}"


def as_text(reply: Reply) -> str:
    """The reply as plain text, for the console and golden tests: flags, then groups, then lines."""
    out = [reply.title]
    if reply.flags:
        out.append("Flags:")
        out.extend(f"  {flag_text(f)}" for f in reply.flags)
    for group in reply.groups:
        out.append(f"{WARN if group.flagged else '•'} {group.headline}")
        for line in group.figures:
            out.append(f"    {WARN if line.flagged else '-'} {figure_text(line)}")
            out.append(f"      “{clip(' '.join(line.quote.split()), 300)}”")
    out.extend(reply.lines)
    if reply.suggestions and not _mentions_all(reply.title, reply.suggestions):
        out.append("Did you mean: " + ", ".join(reply.suggestions))
    if reply.note:
        out.append(reply.note)
    return "\n".join(out)


def _mentions_all(text: str, words: tuple[str, ...]) -> bool:
    return all(word in text for word in words)


# ---------------------------------------------------------------- embeds


def figure_markdown(line: FigureLine) -> str:
    """One figure on one embed line: **value** · outlet · says who · date · “short quote”."""
    value, *rest = (safe(part) for part in figure_parts(line))
    mark = f"{WARN} " if line.flagged else ""
    return clip(f"{mark}**{value}** · {' · '.join(rest)} · “{safe(short_quote(line))}”", FIELD_VALUE)


def group_fields(group: GroupView) -> list[tuple[str, str]]:
    """A group as embed fields: its headline, then its figure lines split into values ≤ 1024."""
    headline = safe(group.headline.strip() or group.label.strip() or "Figures")
    name = clip(f"{WARN + ' ' if group.flagged else ''}{headline}", FIELD_NAME)
    chunks: list[list[str]] = [[]]
    size = 0
    for line in map(figure_markdown, group.figures):
        if chunks[-1] and size + 1 + len(line) > FIELD_VALUE:
            chunks.append([])
            size = 0
        chunks[-1].append(line)
        size += len(line) + 1
    fields = []
    for number, chunk in enumerate(chunks):
        label = name if number == 0 else clip(f"{name} (cont. {number + 1}/{len(chunks)})", FIELD_NAME)
        fields.append((label, "\n".join(chunk) or "no figures"))
    return fields


@dataclass(slots=True)
class Page:
    """One page of an answer: its embed, and the group whose chart it shows (None: no chart)."""

    embed: discord.Embed
    chart: GroupView | None = None


def description_lines(reply: Reply) -> list[str]:
    """Flags first, each with its why; then the reply's plain lines; then did-you-mean."""
    lines = [clip(f"{WARN} **{f'#{f.id} ' if f.id else ''}{safe(f.kind)}** [{safe(f.status)}]: {safe(f.why)}", 1000)
             for f in reply.flags]
    lines += [clip(safe_keep_code(line), 1000) for line in reply.lines]
    if reply.suggestions and not _mentions_all(reply.title, reply.suggestions):
        lines.append(clip("Did you mean: " + ", ".join(f"`{safe(s)}`" for s in reply.suggestions), 1000))
    return lines


def as_pages(reply: Reply) -> list[Page]:
    """The reply as pages of one embed each, every one within Discord's limits.

    Flags and lines fill the description, groups fill fields (a long group continues in the next
    field or page); each page shows the chart of its first flagged, then first multi-source, group.
    """
    colour = ERROR_COLOUR if reply.error else FLAG_COLOUR if reply.flags else OK_COLOUR
    title = clip(safe_keep_code(reply.title), TITLE)
    note = clip(safe_keep_code(reply.note or ""), NOTE_CHARS)
    budget = PAGE_CHARS - len(title) - len(note)
    pages: list[tuple[list[str], list[tuple[str, str, GroupView]]]] = [([], [])]

    def used(page: tuple[list[str], list[tuple[str, str, GroupView]]]) -> int:
        lines, fields = page
        return sum(len(x) + 1 for x in lines) + sum(len(n) + len(v) for n, v, _ in fields)

    for line in description_lines(reply):
        lines, fields = pages[-1]
        if lines and (sum(len(x) + 1 for x in lines) + len(line) > DESCRIPTION or used(pages[-1]) + len(line) > budget):
            pages.append(([], []))
        pages[-1][0].append(line)
    for group in reply.groups:
        for name, value in group_fields(group):
            lines, fields = pages[-1]
            if (lines or fields) and (len(fields) >= PAGE_FIELDS or used(pages[-1]) + len(name) + len(value) > budget):
                pages.append(([], []))
            pages[-1][1].append((name, value, group))

    out: list[Page] = []
    for number, (lines, fields) in enumerate(pages, 1):
        description = "\n".join(lines) or (None if title.strip() or fields else "Nothing to show.")
        embed = discord.Embed(title=title, description=description, colour=colour)
        for name, value, _ in fields:
            embed.add_field(name=name, value=value, inline=False)
        marker = f"Page {number}/{len(pages)}" if len(pages) > 1 else ""
        embed.set_footer(text=" · ".join(t for t in (marker, note) if t) or None)
        chart = _chart_for([group for _, _, group in fields])
        if chart is not None:
            embed.set_image(url=f"attachment://{CHART_NAME}")
        out.append(Page(embed=embed, chart=chart))
    return out


def _chart_for(groups: list[GroupView]) -> GroupView | None:
    candidates = [g for g in dict.fromkeys(groups) if has_chart(g)]  # in page order, each group once
    return next((g for g in candidates if g.flagged), candidates[0] if candidates else None)


def as_embeds(reply: Reply) -> list[discord.Embed]:
    """The reply as pages of embeds, each within Discord's limits (one page per embed)."""
    return [page.embed for page in as_pages(reply)]


def embed_problems(embed: discord.Embed) -> list[str]:
    """Every Discord limit EMBED breaks; empty when it can be sent. Tests and a send-time guard use it."""
    problems = []
    if not ((embed.title or "").strip() or (embed.description or "").strip() or embed.fields):
        problems.append("empty embed")
    if len(embed) > TOTAL:
        problems.append(f"total {len(embed)} > {TOTAL}")
    if len(embed.fields) > FIELDS:
        problems.append(f"{len(embed.fields)} fields > {FIELDS}")
    if len(embed.title or "") > TITLE:
        problems.append(f"title {len(embed.title or '')} > {TITLE}")
    if len(embed.description or "") > DESCRIPTION:
        problems.append(f"description {len(embed.description or '')} > {DESCRIPTION}")
    if len(embed.footer.text or "") > FOOTER:
        problems.append(f"footer {len(embed.footer.text or '')} > {FOOTER}")
    for field in embed.fields:
        if not 0 < len(field.name or "") <= FIELD_NAME or not 0 < len(field.value or "") <= FIELD_VALUE:
            problems.append(f"field {field.name!r:.40} of {len(field.name or '')}/{len(field.value or '')} chars")
    return problems
