"""`!help`: what claimbot can do, with an example of each command."""

from __future__ import annotations

from commands.reply import Reply

COMMANDS: tuple[tuple[str, str], ...] = (
    ("!claim evacuees", "Every sourced figure on a subject: flags first, then each group with outlet, "
                        "who said it, date and quote. Typos and synonyms are fine (`!claim ambulence`, "
                        "`!claim rebels`)."),
    ("!flags", "Open discrepancy flags, newest first; `!flags weak` lists the weak disagreements."),
    ("!flag 3", "One flag with every figure and quote."),
    ("!sources", "The articles in the store, with outlet, date and number of figures."),
    ("!source 2", "One article and its figures."),
    ("!confirm 3 checked with the desk", "Editors: mark a flag as a real discrepancy."),
    ("!dismiss 3 different dates", "Editors: mark a flag as a false alarm, with the reason."),
    ("!ingest https://example.org/story outlet:Reuters date:2016-12-15 story:Aleppo",
     "Editors: add an article from a link, or attach a .txt/.html file; outlet, date and story are optional. "
     "A new version of the same link replaces the old one."),
    ("!remove 4 wrong story", "Editors: take an article out of the answers, with the reason."),
    ("!claim evacuees before:2016-12-14", "The answer as it stood then (also `after:DATE`, `story:NAME`): "
                                          "latest figure per outlet first, older ones marked superseded."),
    ("!export evacuees", "The answer as a CSV file (`!export evacuees json` for JSON): every figure and flag."),
    ("!fix 12 value=4500 because the agency's release says 4,500", "Editors: correct a figure's value "
                                                                   "(or `counts=...`); groups and flags follow."),
    ("!unfix 12", "Editors: undo a figure's correction."),
    ("!history 3", "Every review and correction of a flag; `!history figure 12` for a figure."),
    ("!feed add https://example.org/rss story:Valley flood", "Editors: follow an RSS/Atom feed; new items are "
                                                              "ingested as they appear."),
    ("!feed list", "The feeds followed, with status, last error and items seen."),
    ("!feed remove 2", "Editors: stop following a feed (its articles stay)."),
    ("!watch evacuees", "Editors: this channel hears when an ingest adds a figure or a flag on the subject."),
    ("!watches", "The watches of this channel."),
    ("!unwatch 2", "Editors: stop a watch."),
)


def help_reply(prefix: str = "!") -> Reply:
    lines = tuple(f"`{example.replace('!', prefix, 1)}`: {what}" for example, what in COMMANDS)
    return Reply(title="claimbot: sourced figures from the news", lines=lines,
                 note="Slash commands work too (/claim suggests subjects as you type). "
                      "Long answers turn pages with the buttons; a chart shows where outlets disagree.")
