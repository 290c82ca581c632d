"""Issue 11 §4: private slash replies, intents, start-up lines, case, editor-only commands, paging."""
# ruff: noqa: F811  (the bot and adapter fixtures are imported from test_bot and named as parameters)

from __future__ import annotations

import asyncio
import io
from typing import Any

import aiohttp
import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands

from bot.client import ClaimBot
from bot.conventions import undescribed_options
from bot.pages import NO_EMBEDS_HINT, NO_FILES_HINT, text_pages
from bot.startup import INTENT, TOKEN, database_problem, discord_problem, open_store, run_bot
from commands.flags import flags_reply
from commands.reply import Reply
from commands.sources import sources_reply
from store.db import Store
from tests.test_bot import RecordingAdapter, adapter, bot, interaction, sent, settings, start  # noqa: F401

EPHEMERAL = 64


async def _until(predicate: Any) -> None:
    for _ in range(100):  # the error funnel runs as a dispatched event: let it finish
        if predicate():
            return
        await asyncio.sleep(0.01)


# ---------------------------------------------------------------- 1. private means private


@pytest.mark.parametrize("name, options", [
    ("claim", [{"name": "query", "type": 3, "value": "ambulances"}]),
    ("flags", []),
    ("sources", []),
])
async def test_slash_defers_privately_when_configured(bot: ClaimBot, adapter: RecordingAdapter,
                                                      name: str, options: list[dict[str, Any]]) -> None:
    bot.settings = settings(ephemeral_slash=True)
    await bot.tree._call(interaction(bot, itype=2, name=name, options=options))
    assert adapter.callbacks[0]["type"] == 5
    # Discord ignores `ephemeral` on the followup after a public defer: the defer itself must say so
    assert adapter.callbacks[0]["data"]["flags"] & EPHEMERAL


async def test_slash_defers_publicly_by_default(bot: ClaimBot, adapter: RecordingAdapter) -> None:
    await bot.tree._call(interaction(bot, itype=2, name="flags", options=[]))
    assert adapter.callbacks[0]["type"] == 5
    assert not (adapter.callbacks[0].get("data") or {}).get("flags", 0) & EPHEMERAL


@pytest.mark.parametrize("name, extra", [("confirm", {"name": "note", "type": 3, "value": "same convoy"}),
                                         ("dismiss", {"name": "reason", "type": 3, "value": "different days"})])
async def test_confirm_and_dismiss_defer_before_the_store_works(bot: ClaimBot, adapter: RecordingAdapter,
                                                                name: str, extra: dict[str, Any]) -> None:
    editor = dpytest.backend.make_role("Editor", dpytest.get_config().guilds[0])
    flag_id = bot.store.flags()[0].id
    await bot.tree._call(interaction(bot, itype=2, name=name, roles=[str(editor.id)],
                                     options=[{"name": "flag_id", "type": 3, "value": str(flag_id)}, extra]))
    assert adapter.callbacks[0]["type"] == 5  # deferred: a busy SQLite can take longer than 3 s
    assert adapter.followups[-1]["embeds"][0]["title"].endswith(f"flag #{flag_id}.")


# ---------------------------------------------------------------- 2. intents and start-up lines


def test_message_content_is_requested_only_with_prefix_commands(sqlite_seeded: Store) -> None:
    with_prefix = ClaimBot(sqlite_seeded, settings())
    slash_only = ClaimBot(sqlite_seeded, settings(prefix_commands=False))
    assert with_prefix.intents.message_content
    assert not slash_only.intents.message_content


@pytest.mark.parametrize("error, expected", [
    (discord.PrivilegedIntentsRequired(None), INTENT),
    (discord.LoginFailure("Improper token has been passed."), TOKEN),
    (aiohttp.ClientConnectionError("Cannot connect to host discord.com:443"), "Cannot reach Discord"),
    (OSError(-3, "Temporary failure in name resolution"), "Cannot reach Discord"),
])
def test_each_start_up_problem_is_one_clear_line(error: BaseException, expected: str) -> None:
    async def main() -> None:
        raise error

    out = io.StringIO()
    assert run_bot(main, out=out) == 1
    (line,) = out.getvalue().splitlines()
    assert expected in line and "Traceback" not in line
    assert discord_problem(error) is not None


def test_a_bug_at_start_up_is_not_hidden_as_a_start_up_problem() -> None:
    async def main() -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        run_bot(main, out=io.StringIO())


def test_an_unreachable_database_is_one_line_without_the_password() -> None:
    url = "postgresql://news:hunter2@127.0.0.1:1/claims"
    out = io.StringIO()
    assert open_store(lambda: Store.open(url), url, out=out) is None
    (line,) = out.getvalue().splitlines()
    assert line.startswith("claimbot: Cannot open the database at postgresql://news:***@127.0.0.1:1/claims")
    assert "hunter2" not in line
    assert database_problem(url, KeyError("x")) is None


# ---------------------------------------------------------------- 3. case


async def test_a_capital_letter_still_runs_the_command(bot: ClaimBot) -> None:
    await dpytest.message("!Claim ambulances")
    assert sent().embeds[0].title.startswith("ambulances: ")


# ---------------------------------------------------------------- 5. editor-only, sync, descriptions, prefix


@pytest.mark.parametrize("name", ["ingest", "confirm", "dismiss"])
def test_editor_commands_are_hidden_from_members_by_default(bot: ClaimBot, name: str) -> None:
    payload = bot.tree.get_command(name).to_dict(bot.tree)  # type: ignore[union-attr]
    assert payload["default_member_permissions"] == discord.Permissions(manage_messages=True).value


def test_everyone_sees_the_lookup_commands(bot: ClaimBot) -> None:
    for name in ("claim", "flags", "flag", "sources", "source", "help"):
        assert bot.tree.get_command(name).to_dict(bot.tree)["default_member_permissions"] is None  # type: ignore


async def test_the_editor_permission_is_configurable(sqlite_seeded: Store) -> None:
    configured = await start(sqlite_seeded, settings(editor_permission="manage_guild"))
    payload = configured.tree.get_command("dismiss").to_dict(configured.tree)  # type: ignore[union-attr]
    assert payload["default_member_permissions"] == discord.Permissions(manage_guild=True).value
    await dpytest.empty_queue()


async def test_a_member_is_refused_on_the_slash_side_before_the_body_runs(bot: ClaimBot,
                                                                          adapter: RecordingAdapter) -> None:
    flag = bot.store.flags()[0]
    await bot.tree._call(interaction(bot, itype=2, name="dismiss", options=[
        {"name": "flag_id", "type": 3, "value": str(flag.id)}, {"name": "reason", "type": 3, "value": "x"}]))
    await _until(lambda: adapter.callbacks)
    answer = adapter.callbacks[-1]
    assert answer["type"] == 4  # answered at once: the check ran before the deferral in the body
    assert answer["data"]["embeds"][0]["title"] == "Only editors can review flags."
    assert answer["data"]["flags"] & EPHEMERAL
    assert bot.store.flag(flag.id).status == "open"


def test_every_slash_option_has_a_description(bot: ClaimBot) -> None:
    # walks the whole tree, so commands added later by other cogs are covered too
    assert undescribed_options(bot.tree) == []


async def test_sync_clear_removes_the_guild_copies(bot: ClaimBot, monkeypatch: pytest.MonkeyPatch) -> None:
    owner = dpytest.get_config().members[0]
    bot.owner_ids = {owner.id}
    synced: list[tuple[Any, int]] = []

    async def fake_sync(*, guild: Any = None) -> list[Any]:
        commands_now = bot.tree.get_commands(guild=guild)
        synced.append((guild, len(commands_now)))
        return commands_now

    monkeypatch.setattr(bot.tree, "sync", fake_sync)
    await dpytest.message("!sync")
    assert synced[-1][1] > 0 and sent().embeds[0].title.endswith("(guild).")
    await dpytest.message("!sync clear")
    guild = dpytest.get_config().guilds[0]
    assert synced[-1][0].id == guild.id and synced[-1][1] == 0
    assert sent().embeds[0].title == "Removed this server's copies of the slash commands."
    await dpytest.message("!sync global")
    assert synced[-1][0] is None and synced[-1][1] > 0


async def test_slash_error_texts_use_the_slash(bot: ClaimBot, adapter: RecordingAdapter) -> None:
    await bot.tree._call(interaction(bot, itype=2, name="flag", options=[
        {"name": "flag_id", "type": 3, "value": "abc"}]))
    await _until(lambda: adapter.followups or any(c["type"] == 4 for c in adapter.callbacks))
    answer = adapter.followups[-1] if adapter.followups else adapter.callbacks[-1]["data"]
    title = answer["embeds"][0]["title"]
    assert "`/flags`" in title and "`!" not in title


async def test_prefix_error_texts_use_the_prefix_typed(bot: ClaimBot) -> None:
    with pytest.raises(commands.CommandError):
        await dpytest.message("!flag abc")
    assert "`!flags`" in sent().embeds[0].title


# ---------------------------------------------------------------- 6. paging past 25 flags / 40 sources


def test_flags_and_sources_list_everything_for_the_pages(sqlite_seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    flags = sqlite_seeded.flags()
    many = (flags * 30)[:60]
    monkeypatch.setattr(sqlite_seeded, "flags", lambda **_kw: many)
    reply = flags_reply(sqlite_seeded)
    assert len(reply.flags) == 60 and reply.note is None
    articles = sqlite_seeded.articles()
    monkeypatch.setattr(sqlite_seeded, "articles", lambda: (articles * 20)[:90])
    assert len(sources_reply(sqlite_seeded).lines) == 90


# ---------------------------------------------------------------- 4. channels without Embed Links / Attach Files


def _bot_may(monkeypatch: pytest.MonkeyPatch, **perms: bool) -> None:
    granted = discord.Permissions(send_messages=True, read_messages=True, **perms)
    monkeypatch.setattr(commands.Context, "bot_permissions", property(lambda _ctx: granted))


async def test_without_embed_links_answers_are_plain_text_with_a_hint(bot: ClaimBot,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _bot_may(monkeypatch, attach_files=True)
    await dpytest.message("!claim ambulances")
    message = sent()
    assert not message.embeds and "ambulances: " in message.content and len(message.content) <= 2000
    assert message.content.endswith(NO_EMBEDS_HINT)


async def test_without_embed_links_errors_are_plain_text_too(bot: ClaimBot, monkeypatch: pytest.MonkeyPatch) -> None:
    _bot_may(monkeypatch, attach_files=True)
    with pytest.raises(commands.CommandError):
        await dpytest.message("!flag abc")
    message = sent()
    assert not message.embeds and "is not a flag number" in message.content


async def test_without_attach_files_the_embed_goes_without_its_chart(bot: ClaimBot,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _bot_may(monkeypatch, embed_links=True)
    await dpytest.message("!claim ambulances")
    message = sent()
    assert not message.attachments and NO_FILES_HINT in (message.embeds[-1].footer.text or "")
    assert not any(e.image.url for e in message.embeds)


def test_long_plain_text_pages_stay_under_discords_limit() -> None:
    reply = Reply(title="many", lines=tuple(f"line {i} " + "x" * 150 for i in range(60)))
    pages = text_pages(reply)
    assert len(pages) > 1 and all(len(p) + len(NO_EMBEDS_HINT) + 1 <= 2000 for p in pages)
    assert sum(p.count("line ") for p in pages) == 60
