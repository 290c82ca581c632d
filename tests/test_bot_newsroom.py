"""The newsroom commands on Discord (dpytest): !export attaches files, !fix keeps the editor's user id."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import discord.ext.test as dpytest
import pytest
import pytest_asyncio
from discord.ext import commands

from bot.client import ClaimBot
from store.db import Store
from tests.test_bot import editor_role, record_payloads, settings, start


@pytest_asyncio.fixture
async def bot(sqlite_seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[ClaimBot]:
    monkeypatch.chdir(tmp_path)  # dpytest writes sent attachments as ./dpytest_N.dat
    started = await start(sqlite_seeded, settings())
    started.payloads = record_payloads(started)  # type: ignore[attr-defined]
    yield started
    await dpytest.empty_queue()


async def test_export_attaches_a_csv_that_opens_with_every_figure(bot: ClaimBot) -> None:
    await dpytest.message("!export evacuees")
    summary = dpytest.get_message()
    assert summary.embeds[0].title.startswith("evacuees: ") and "exported" in summary.embeds[0].title
    (attachment,) = dpytest.get_message().attachments
    assert attachment.filename == "evacuees.csv"
    rows = list(csv.DictReader(io.StringIO((await attachment.read()).decode("utf-8-sig"))))
    figures = [r for r in rows if r["record"] == "figure"]
    assert figures and all(r["quote"] and r["outlet"] and r["start"] for r in figures)
    assert bot.payloads[-1]["allowed_mentions"] == {"parse": []}  # type: ignore[attr-defined]


async def test_export_json_attaches_json(bot: ClaimBot) -> None:
    await dpytest.message("!export evacuees json")
    dpytest.get_message()
    (attachment,) = dpytest.get_message().attachments
    data = json.loads(await attachment.read())
    assert attachment.filename == "evacuees.json" and data["query"] == "evacuees" and data["figures"]


async def test_fix_needs_an_editor_and_keeps_their_discord_id(bot: ClaimBot) -> None:
    figure = bot.store.figures([1])[0]
    with pytest.raises(commands.CheckFailure):  # refused by the editor check, before the body runs
        await dpytest.message("!fix 1 value=11")
    assert dpytest.get_message().embeds[0].title == "Only editors can correct figures."
    await editor_role()
    await dpytest.message("!fix 1 value=11 because the ICRC's own count")
    assert dpytest.get_message().embeds[0].title.startswith("Corrected figure #1: 11")
    member = dpytest.get_config().members[0]
    (step,) = bot.store.corrections([1])[1]
    assert (step.value, step.why, step.by_id) == (11.0, "the ICRC's own count", member.id)
    await dpytest.message("!history figure 1")
    assert "fix by" in dpytest.get_message().embeds[0].description
    await dpytest.message("!unfix 1")
    dpytest.get_message()
    assert bot.store.figures([1])[0].figure == figure.figure


async def test_help_lists_the_newsroom_commands(bot: ClaimBot) -> None:
    await dpytest.message("!help")
    description = dpytest.get_message().embeds[0].description
    for example in ("`!claim evacuees before:", "`!export ", "`!fix ", "`!unfix ", "`!history "):
        assert example in description
