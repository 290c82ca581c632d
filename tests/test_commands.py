"""The command layer: the same answers for the bot, the console and the CLI."""

from __future__ import annotations

import pytest

from commands import claim, flags, sources
from commands.actor import Actor
from commands.claim import as_json, find
from store.db import Store
from store.errors import BadInput, Forbidden, NotFound

READER = Actor(name="reader")
EDITOR = Actor(name="editor", is_editor=True)


async def test_claim_evacuees_answers_with_both_sides_of_the_dispute(sqlite_seeded: Store) -> None:
    reply = await claim.claim(sqlite_seeded, "evacuees")
    texts = {line.text for group in reply.groups for line in group.figures}
    assert any("5,000" in t for t in texts) and any("4,000" in t for t in texts)
    assert len({line.outlet for group in reply.groups for line in group.figures}) >= 3
    assert reply.flags, "the 4,000 vs more than 5,000 dispute must lead the answer"
    assert reply.groups[0].flagged


def test_claim_json_follows_the_contract(sqlite_seeded: Store) -> None:
    data = as_json(find(sqlite_seeded, "ambulances"))
    assert set(data) >= {"query", "figures", "flags"}
    keys = {"file", "start", "end", "text", "value", "low", "high", "qualifier", "unit", "counts", "action",
            "said_by", "part_of", "sentence"}
    for figure in data["figures"]:
        assert keys <= set(figure)
    for flag in data["flags"]:
        assert {"id", "kind", "status", "why", "claims"} <= set(flag)


@pytest.mark.parametrize("query", ["", "   ", "\u200b\u200b"], ids=["empty", "spaces", "zero-width"])
async def test_an_empty_query_asks_what_to_look_up(sqlite_seeded: Store, query: str) -> None:
    with pytest.raises(BadInput, match="what to look up"):
        await claim.claim(sqlite_seeded, query)


async def test_a_huge_query_is_refused_politely(sqlite_seeded: Store) -> None:
    with pytest.raises(BadInput, match="10,000 characters"):
        await claim.claim(sqlite_seeded, "x" * 10_000)


async def test_nothing_found_suggests_words_of_the_store(sqlite_seeded: Store) -> None:
    reply = await claim.claim(sqlite_seeded, "zzzzqq")
    assert reply.error and "No figures found" in reply.title


async def test_a_word_the_store_knows_nowhere_is_dropped_not_fatal(sqlite_seeded: Store) -> None:
    # issue 13: "weight of skylab" must answer even when no figure or story names skylab
    reply = await claim.claim(sqlite_seeded, "ambulanses zzzz")
    assert not reply.error and reply.groups


async def test_flags_lists_open_flags(sqlite_seeded: Store) -> None:
    reply = await flags.flags(sqlite_seeded)
    assert reply.flags and all(f.status == "open" for f in reply.flags)


async def test_only_editors_review_flags(sqlite_seeded: Store) -> None:
    flag_id = sqlite_seeded.flags()[0].id
    with pytest.raises(Forbidden):
        await flags.confirm(sqlite_seeded, READER, flag_id)
    reply = await flags.confirm(sqlite_seeded, EDITOR, f"#{flag_id}", "checked")
    assert sqlite_seeded.flag(flag_id).status == "confirmed" and "Confirmed" in reply.title


async def test_dismiss_needs_a_reason(sqlite_seeded: Store) -> None:
    flag_id = sqlite_seeded.flags()[0].id
    with pytest.raises(BadInput, match="why"):
        await flags.dismiss(sqlite_seeded, EDITOR, flag_id, "  ")


@pytest.mark.parametrize("bad", ["abc", "-1", "0", "99999999999"])
async def test_bad_flag_ids_are_explained(sqlite_seeded: Store, bad: str) -> None:
    with pytest.raises(BadInput, match="not a flag number"):
        await flags.flag(sqlite_seeded, bad)


async def test_an_unknown_flag_is_not_found(sqlite_seeded: Store) -> None:
    with pytest.raises(NotFound):
        await flags.flag(sqlite_seeded, "4242")


async def test_sources_lists_every_article(sqlite_seeded: Store) -> None:
    reply = await sources.sources(sqlite_seeded)
    assert len(reply.lines) == 5
    detail = await sources.source(sqlite_seeded, reply.lines[0].split()[0])
    assert detail.groups[0].figures
