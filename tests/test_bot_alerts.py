"""dpytest: a watched channel gets exactly one alert embed per change, none for unrelated ingests, none twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import discord
import discord.ext.test as dpytest
import pytest
import pytest_asyncio

from bot.client import ClaimBot, make_intents
from bot.settings import Settings
from commands.alerts import watched_ingest
from store.db import Store

try:
    from tests.test_alerts import CHIEF, FAIR, SHERIFF
except ImportError:  # pytest run from inside tests/
    from test_alerts import CHIEF, FAIR, SHERIFF  # type: ignore[no-redef]

LATER = timedelta(minutes=5)  # past the quiet period


async def start(store: Store) -> ClaimBot:
    config = Settings(_env_file=None, discord_token=None, cooldown_uses=50)  # type: ignore[call-arg]
    bot = ClaimBot(store, config, intents=make_intents(members=True))
    await bot._async_setup_hook()
    await bot.setup_hook()
    dpytest.configure(bot)
    bot._connection.loop = asyncio.get_running_loop()
    bot.allowed_mentions = discord.AllowedMentions.none()
    return bot


@pytest_asyncio.fixture
async def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[ClaimBot]:
    monkeypatch.chdir(tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'alerts.db'}")
    started = await start(store)
    guild = dpytest.get_config().guilds[0]
    role = discord.utils.get(guild.roles, name="Editor") or dpytest.backend.make_role("Editor", guild)
    await dpytest.add_role(dpytest.get_config().members[0], role)
    yield started
    await dpytest.empty_queue()
    store.close()


async def deliver(bot: ClaimBot) -> list[discord.Message]:
    await bot.get_cog("Watches").deliver(discord.utils.utcnow() + LATER)  # type: ignore[union-attr]
    messages = []
    while not dpytest.sent_queue.empty():
        messages.append(await dpytest.sent_queue.get())
    return messages


async def test_a_watch_gets_one_alert_per_change_and_none_twice_after_a_restart(bot: ClaimBot) -> None:
    await dpytest.message("!watch residents evacuated")
    assert "Watch #1" in dpytest.get_message().embeds[0].title
    ingest = watched_ingest(bot.store)
    await asyncio.to_thread(ingest, [SHERIFF])  # as `claimbot ingest` or a feed worker would
    [first] = await deliver(bot)
    assert "1 new figure" in first.embeds[0].title
    assert "About 400" in first.embeds[0].description and "Valley Times" in first.embeds[0].description
    await asyncio.to_thread(ingest, [FAIR])
    assert await deliver(bot) == []  # unrelated
    await asyncio.to_thread(ingest, [CHIEF])
    [second] = await deliver(bot)
    assert "1 flag opened" in second.embeds[0].title and "conflict" in second.embeds[0].description
    assert await deliver(bot) == []
    restarted = await start(bot.store)  # the same store, a fresh process
    assert await deliver(restarted) == []


async def test_an_alert_pending_at_a_restart_is_posted_once_by_the_new_bot(bot: ClaimBot) -> None:
    await dpytest.message("!watch residents evacuated")
    dpytest.get_message()
    await asyncio.to_thread(watched_ingest(bot.store), [SHERIFF])
    restarted = await start(bot.store)
    channel = dpytest.get_config().channels[0].id  # dpytest builds a new guild: move the watch into it
    with bot.store.engine.begin() as connection:
        from sqlalchemy import text
        connection.execute(text("UPDATE watch SET channel_id = :c"), {"c": channel})
        connection.execute(text("UPDATE alert SET channel_id = :c"), {"c": channel})
    assert len(await deliver(restarted)) == 1
    assert await deliver(restarted) == []


async def test_watches_lists_the_channels_watches(bot: ClaimBot) -> None:
    await dpytest.message("!watches")
    assert "watches nothing" in dpytest.get_message().embeds[0].title
    await dpytest.message("!watch residents evacuated")
    dpytest.get_message()
    await dpytest.message("!watches")
    assert dpytest.get_message().embeds[0].title == "1 watch in this channel"
