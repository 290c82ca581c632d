"""The Discord side end to end: dpytest for `!commands`, the app command tree for `/claim` and autocomplete.

Workarounds for dpytest 0.7.0 with discord.py 2.7 are in notes/discord.md §3.2; the slash side goes
through `bot.tree._call` with a recording webhook adapter (§3.4), so both sides run the real
parsing, checks, cooldowns, error funnel and rendering.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
import pytest_asyncio
import yaml
from discord.ext import commands
from discord.webhook.async_ import async_context

from bot.chart import CHART_NAME, png_size
from bot.client import ClaimBot, make_intents
from bot.console import Console
from bot.pages import ReplyPages
from bot.render import embed_problems, figure_markdown, figure_text
from bot.settings import Settings
from commands.claim import claim
from commands.reply import FigureLine, Reply
from store.db import Store
from store.evaluation.lookups import locate

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "data" / "seeds_expected.yaml"
SEEDS = ROOT / "seeds"


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"discord_token": None, "cooldown_uses": 50, "cooldown_seconds": 60.0, **overrides}
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def start(store: Store, config: Settings) -> ClaimBot:
    bot = ClaimBot(store, config, intents=make_intents(members=True))  # dpytest needs the members intent
    await bot._async_setup_hook()
    await bot.setup_hook()  # dpytest never calls login(): load the cogs like production
    assert bot.allowed_mentions is not None and bot.allowed_mentions.to_dict() == {"parse": []}
    dpytest.configure(bot)
    bot._connection.loop = asyncio.get_running_loop()  # dpytest's FakeState leaves it MISSING
    bot.allowed_mentions = discord.AllowedMentions.none()  # ...and drops the bot's allowed_mentions
    return bot


def record_payloads(bot: ClaimBot) -> list[dict[str, Any]]:
    """Every JSON payload the bot sends to a channel, as Discord would receive it.

    dpytest 0.7 reads only `params.payload`, which discord.py leaves empty when files are attached
    (the JSON then travels as the multipart `payload_json`): hand it the JSON either way.
    """
    original = bot.http.send_message
    payloads: list[dict[str, Any]] = []

    async def send_message(channel_id: int, *, params: Any) -> Any:
        channel = sys._getframe(1).f_locals.get("channel")  # noqa: F841  dpytest reads its caller's `channel`
        payload = params.payload
        if payload is None and params.multipart:
            payload = json.loads(params.multipart[0]["value"])
            params = type(params)(payload, params.multipart, params.files)
        payloads.append(payload)
        return await original(channel_id, params=params)

    bot.http.send_message = send_message  # type: ignore[method-assign]
    return payloads


@pytest_asyncio.fixture
async def bot(sqlite_seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[ClaimBot]:
    monkeypatch.chdir(tmp_path)  # dpytest writes sent attachments as ./dpytest_N.dat
    started = await start(sqlite_seeded, settings())
    started.payloads = record_payloads(started)  # type: ignore[attr-defined]
    yield started
    await dpytest.empty_queue()  # never bot.close(): dpytest's fake websocket cannot close


async def editor_role() -> discord.Role:
    """The Editor role, given to the test member (guild.create_role trips dpytest 0.7 on discord.py 2.7)."""
    guild = dpytest.get_config().guilds[0]
    role = discord.utils.get(guild.roles, name="Editor") or dpytest.backend.make_role("Editor", guild)
    await dpytest.add_role(dpytest.get_config().members[0], role)
    return role


def sent() -> discord.Message:
    return dpytest.get_message()


def all_pages(bot: ClaimBot, message: discord.Message) -> list[discord.Embed]:
    """Every page of MESSAGE: the first as sent, the rest pre-built in its page view."""
    view = bot._connection._view_store._synced_message_views.get(message.id)
    return [p.embed for p in view.pages] if isinstance(view, ReplyPages) else list(message.embeds)


def field_text(embeds: list[discord.Embed]) -> str:
    return "\n".join(f.value for e in embeds for f in e.fields)


# ------------------------------------------------------------------ gold lookups, bot and console alike


def gold_expected(store: Store, query: str) -> set[int]:
    gold = yaml.safe_load(EXPECTED.read_text("utf-8"))
    texts = {p.name: p.read_text("utf-8") for p in SEEDS.glob("*.txt")}
    figures = [f for a in store.articles() for f in store.article(a.id)[1]]
    located = locate(gold, texts, figures)
    (row,) = [q for q in gold["queries"] if q["query"] == query]
    return {located[g] for g in row["must_include"] if g in located}


def lines_of(reply: Reply) -> dict[int, FigureLine]:
    return {line.id: line for group in reply.groups for line in group.figures}


GOLD_QUERIES = [
    "evacuees",
    "ambulence",
    "rebels",
]


@pytest.mark.parametrize("query", GOLD_QUERIES)
async def test_claim_finds_every_gold_figure(sqlite_seeded: Store, query: str) -> None:
    expected = gold_expected(sqlite_seeded, query)
    missing = expected - set(lines_of(await claim(sqlite_seeded, query)))
    assert not missing, f"{query}: the lookup misses figures {sorted(missing)}"


@pytest.mark.parametrize("query", ["evacuees", "ambulence", "rebels"])
async def test_bot_and_console_show_every_figure_found_flags_first(bot: ClaimBot, query: str) -> None:
    """Whatever the lookup finds, including every gold figure it reaches, is on the bot's pages and in the console."""
    store = bot.store
    reply = await claim(store, query)
    lines = lines_of(reply)
    expected = gold_expected(store, query) & set(lines)
    assert len(expected) >= 3

    await dpytest.message(f"!claim {query}")
    message = sent()
    pages = all_pages(bot, message)
    shown = field_text(pages)
    assert all(figure_markdown(line) in shown for line in lines.values())
    assert all(embed_problems(e) == [] for e in pages)
    if reply.flags:  # flags first: the description of page one opens with them
        assert (pages[0].description or "").startswith("⚠ **#")

    text = await Console(store).handle(f"!claim {query}")
    assert text is not None
    assert all(figure_text(line) in text for line in lines.values())
    if reply.flags:
        assert text.splitlines()[1] == "Flags:"


async def test_claim_ambulances_shows_the_flag_and_attaches_the_chart(bot: ClaimBot) -> None:
    await dpytest.message("!claim ambulances")
    message = sent()
    (embed,) = message.embeds
    assert embed.description.startswith("⚠ **#") and "13 ambulances" in embed.description
    assert embed.fields[0].name.startswith("⚠ Ambulances")
    assert "**10**" in embed.fields[0].value and "**13**" in embed.fields[0].value
    assert embed.image.url == f"attachment://{CHART_NAME}"
    (attachment,) = message.attachments
    assert attachment.filename == CHART_NAME
    assert png_size(await attachment.read()) == (800, 280)


# ------------------------------------------------------------------ user errors: short, friendly, no traceback


async def test_unknown_command_suggests_the_nearest(bot: ClaimBot) -> None:
    with pytest.raises(commands.CommandNotFound):  # dpytest re-raises errors the funnel already answered
        await dpytest.message("!clam evacuees")
    assert sent().embeds[0].title == "There is no `!clam` command. Did you mean `!claim`? Type `!help` for the list."


async def test_bang_noise_is_not_answered(bot: ClaimBot) -> None:
    with pytest.raises(commands.CommandNotFound):
        await dpytest.message("!!!")
    assert dpytest.verify().message().nothing()


async def test_missing_query_shows_the_usage(bot: ClaimBot) -> None:
    with pytest.raises(commands.MissingRequiredArgument):
        await dpytest.message("!claim")
    assert sent().embeds[0].title == "Missing query. Usage: `!claim <query>`. Try `!help` for examples."


async def test_too_long_query_is_refused_politely(bot: ClaimBot) -> None:
    with pytest.raises(commands.CommandInvokeError):
        await dpytest.message("!claim " + "evacuees " * 40)
    title = sent().embeds[0].title
    assert "keep it under 200" in title and "Traceback" not in title


async def test_nothing_found_never_answers_with_silence(bot: ClaimBot) -> None:
    await dpytest.message("!claim ambulanse")
    embed = sent().embeds[0]
    assert embed.title and ("figure" in embed.title or "Did you mean" in (embed.description or ""))


async def test_a_bug_answers_briefly_and_logs_the_traceback(bot: ClaimBot, monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(bot.store, "search", broken)
    with pytest.raises(commands.CommandInvokeError):
        await dpytest.message("!claim evacuees")
    assert sent().embeds[0].title == "Something broke on our side; it has been logged."
    assert "database on fire" in caplog.text and "Traceback" in caplog.text


async def test_cooldown_asks_to_slow_down(sqlite_seeded: Store, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    await start(sqlite_seeded, settings(cooldown_uses=1))
    await dpytest.message("!claim buses")
    await dpytest.empty_queue()
    with pytest.raises(commands.CommandOnCooldown):
        await dpytest.message("!claim buses")
    assert sent().embeds[0].title.startswith("Slow down")
    await dpytest.empty_queue()


# ------------------------------------------------------------------ mentions: article text and queries never ping


async def test_mentions_in_queries_and_article_text_never_ping(bot: ClaimBot, tmp_path: Path) -> None:
    assert bot.allowed_mentions is not None and bot.allowed_mentions.to_dict() == {"parse": []}
    article = tmp_path / "ping.txt"
    article.write_text("Ping test\n\n@everyone: officials in <@123456789012345678> said 17 ambulances were "
                       "sent, <@123> told @here reporters on Friday.\n", "utf-8")
    await editor_role()
    await dpytest.message("!ingest", attachments=[str(article)])
    assert sent().embeds[0].title.startswith("Stored article #6")

    await dpytest.message("!claim ambulances @everyone <@123>")
    message = sent()
    everything = " ".join([message.content or "", *(str(e.to_dict()) for e in message.embeds)])
    assert "@everyone" not in everything and "@here" not in everything and "<@123" not in everything
    assert not message.mention_everyone and message.mentions == [] and message.role_mentions == []
    assert bot.payloads[-1]["allowed_mentions"] == {"parse": []}  # type: ignore[attr-defined]


# ------------------------------------------------------------------ other commands


async def test_help_lists_every_command_with_an_example(bot: ClaimBot) -> None:
    await dpytest.message("!help")
    description = sent().embeds[0].description
    for name in ("claim", "flags", "flag", "sources", "source", "confirm", "dismiss", "ingest"):
        assert f"`!{name} " in description or f"`!{name}`" in description


async def test_sources_lists_articles_with_outlet_date_and_count(bot: ClaimBot) -> None:
    await dpytest.message("!sources")
    embed = sent().embeds[0]
    assert embed.title == "5 articles in the store"
    assert embed.description.count("figure") == 5


async def test_source_shows_one_article_and_its_figures(bot: ClaimBot) -> None:
    await dpytest.message("!source 1")
    embed = sent().embeds[0]
    assert embed.title.startswith("\\#1 ")  # escaped: "#" at the start would be a heading
    assert "**10**" in field_text([embed])
    assert not embed.image.url  # one outlet: nothing to compare, no chart


async def test_ingest_needs_the_editor_role(bot: ClaimBot) -> None:
    with pytest.raises(commands.CheckFailure):  # refused by the editor check, before the body runs
        await dpytest.message("!ingest https://example.org/story")
    assert sent().embeds[0].title == "Only editors can add articles."


async def test_editor_ingests_an_attached_text_file(bot: ClaimBot, tmp_path: Path) -> None:
    article = tmp_path / "report.txt"
    article.write_text("Buses leave Aleppo\n\nThe ICRC said 31 buses left the city on Friday.\n", "utf-8")
    await editor_role()
    await dpytest.message("!ingest", attachments=[str(article)])
    assert sent().embeds[0].title.startswith("Stored article #6 (")


async def test_reviews_from_discord_keep_every_step_with_the_editors_user_id(bot: ClaimBot) -> None:
    # guards: ClaimBot.actor passing the author's id through commands.actor to the review record
    await editor_role()
    member = dpytest.get_config().members[0]
    flag_id = bot.store.flags()[0].id
    await dpytest.message(f"!dismiss {flag_id} two different convoys")
    assert sent().embeds[0].title == f"Dismissed flag #{flag_id}."
    await dpytest.message(f"!confirm {flag_id} same convoy after all")
    assert sent().embeds[0].title == f"Confirmed flag #{flag_id}."
    steps = bot.store.reviews(flag_id)
    assert [(s.status, s.note, s.by_id) for s in steps] == [
        ("dismissed", "two different convoys", member.id), ("confirmed", "same convoy after all", member.id)]


async def test_sync_is_for_the_owner_only(bot: ClaimBot) -> None:
    with pytest.raises(commands.NotOwner):
        await dpytest.message("!sync")
    assert sent().embeds[0].title == "Only the bot's owner can do that."


# ------------------------------------------------------------------ slash side and autocomplete


class RecordingAdapter:
    """Stands in for Discord's interaction webhooks and keeps every payload (notes/discord.md §3.4)."""

    def __init__(self, channel_id: int, bot_user: discord.ClientUser) -> None:
        self.channel_id, self.bot_user = channel_id, bot_user
        self.callbacks: list[dict[str, Any]] = []
        self.followups: list[dict[str, Any]] = []
        self.files: list[list[discord.File]] = []

    async def create_interaction_response(self, interaction_id: int, token: str, *, session: Any, proxy: Any = None,
                                          proxy_auth: Any = None, params: Any) -> dict[str, Any]:
        self.callbacks.append(params.payload)
        return {"interaction": {"id": str(interaction_id), "type": 2,
                                "response_message_loading": params.payload["type"] == 5,
                                "response_message_ephemeral": False}}

    async def get_original_interaction_response(self, application_id: int, token: str, *, session: Any,
                                                proxy: Any = None, proxy_auth: Any = None,
                                                thread_id: Any = None) -> dict[str, Any]:
        return self._message(application_id, self.callbacks[-1].get("data", {}))

    async def execute_webhook(self, webhook_id: int, token: str, *, session: Any, proxy: Any = None,
                              proxy_auth: Any = None, payload: Any = None, multipart: Any = None,
                              files: Any = None, thread_id: Any = None, wait: bool = False,
                              with_components: bool = False) -> dict[str, Any]:
        if payload is None and multipart:  # with files the JSON travels as the multipart payload_json
            payload = json.loads(multipart[0]["value"])
        self.followups.append(payload or {})
        self.files.append(list(files or []))
        return self._message(webhook_id, payload or {})

    def _message(self, webhook_id: int, p: dict[str, Any]) -> dict[str, Any]:
        return {"id": str(10_000 + len(self.followups) + len(self.callbacks)), "channel_id": str(self.channel_id),
                "author": {"id": str(self.bot_user.id), "username": self.bot_user.name, "discriminator": "0000",
                           "avatar": None},
                "content": p.get("content") or "", "embeds": p.get("embeds", []),
                "timestamp": "2026-01-01T00:00:00+00:00", "edited_timestamp": None, "tts": False,
                "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
                "pinned": False, "type": 0, "flags": 0, "webhook_id": str(webhook_id)}


def interaction(bot: ClaimBot, *, itype: int, options: list[dict[str, Any]], name: str = "claim",
                roles: list[str] | None = None) -> discord.Interaction:
    cfg = dpytest.get_config()
    guild, channel, member = cfg.guilds[0], cfg.channels[0], cfg.members[0]
    perms = str(discord.Permissions.all().value)
    return discord.Interaction(state=bot._connection, data={  # type: ignore[arg-type]
        # a fresh snowflake: an "expired" interaction makes ctx.send fall back to the channel
        "id": str(discord.utils.time_snowflake(discord.utils.utcnow())), "application_id": "424242",
        "type": itype, "token": "fake-token", "version": 1, "attachment_size_limit": 8 << 20, "locale": "en-US",
        "guild_id": str(guild.id), "channel": {"id": str(channel.id), "type": 0}, "channel_id": str(channel.id),
        "app_permissions": perms,
        "member": {"user": {"id": str(member.id), "username": member.name, "discriminator": member.discriminator,
                            "avatar": None},
                   "roles": roles or [], "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False, "mute": False,
                   "flags": 0, "permissions": perms},
        "data": {"id": "777", "name": name, "type": 1, "options": options}})


@pytest.fixture
def adapter(bot: ClaimBot) -> Iterator[RecordingAdapter]:
    recorder = RecordingAdapter(dpytest.get_config().channels[0].id, bot.user)  # type: ignore[arg-type]
    token = async_context.set(recorder)  # type: ignore[arg-type]
    yield recorder
    async_context.reset(token)


async def test_slash_claim_defers_then_answers_with_embed_chart_and_no_pings(bot: ClaimBot,
                                                                             adapter: RecordingAdapter) -> None:
    await bot.tree._call(interaction(bot, itype=2, options=[{"name": "query", "type": 3, "value": "ambulances"}]))
    assert adapter.callbacks[0]["type"] == 5  # deferred: the typing indicator of a slash command
    (payload,) = adapter.followups
    assert payload["embeds"][0]["title"].startswith("ambulances: ")
    assert payload["embeds"][0]["description"].startswith("⚠ **#")
    assert payload["allowed_mentions"] == {"parse": []}
    assert [f.filename for f in adapter.files[0]] == [CHART_NAME]


async def test_slash_errors_are_ephemeral(bot: ClaimBot, adapter: RecordingAdapter) -> None:
    await bot.tree._call(interaction(bot, itype=2, name="ingest",
                                     options=[{"name": "url", "type": 3, "value": "https://example.org/a"}]))
    for _ in range(50):  # the error funnel runs as a dispatched event: let it finish
        if adapter.callbacks:
            break
        await asyncio.sleep(0.01)
    answer = adapter.callbacks[-1] if adapter.callbacks[-1]["type"] == 4 else adapter.followups[-1]
    data = answer.get("data", answer)
    assert data["embeds"][0]["title"] == "Only editors can add articles."
    assert data["flags"] & 64  # ephemeral: only the person who asked sees the refusal


async def test_slash_ingest_accepts_the_editor_role(bot: ClaimBot, adapter: RecordingAdapter,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    editor = dpytest.backend.make_role("Editor", dpytest.get_config().guilds[0])
    seen: list[str | None] = []

    async def fake_ingest(_store: Store, actor: Any, *, url: str | None = None, **_kw: Any) -> Reply:
        actor.require_editor("add articles")
        seen.append(url)
        return Reply(title="Stored article #6 (example): 1 figure.")

    monkeypatch.setattr(sys.modules["bot.cogs.admin"].ingest_command, "ingest", fake_ingest)
    await bot.tree._call(interaction(bot, itype=2, name="ingest", roles=[str(editor.id)],
                                     options=[{"name": "url", "type": 3, "value": "https://example.org/a"}]))
    assert seen == ["https://example.org/a"]
    assert adapter.followups[-1]["embeds"][0]["title"] == "Stored article #6 (example): 1 figure."


async def test_autocomplete_answers_from_memory_fast_and_within_25(bot: ClaimBot, adapter: RecordingAdapter) -> None:
    began = time.perf_counter()
    await bot.tree._call(interaction(bot, itype=4, options=[{"name": "query", "type": 3, "value": "ambu",
                                                             "focused": True}]))
    assert time.perf_counter() - began < 0.5
    callback = adapter.callbacks[0]
    assert callback["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    choices = callback["data"]["choices"]
    assert 0 < len(choices) <= 25 and all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    assert any("ambulance" in c["value"] for c in choices)


async def test_autocomplete_on_empty_input_still_answers(bot: ClaimBot) -> None:
    choices = await bot.get_cog("Claims").query_autocomplete(None, "")  # type: ignore[union-attr]
    assert len(choices) <= 25


def test_slash_claim_is_registered_with_autocomplete(bot: ClaimBot) -> None:
    command = bot.tree.get_command("claim")
    assert command is not None
    option = command.to_dict(bot.tree)["options"][0]
    assert (option["name"], option["type"], option["required"], option["autocomplete"]) == ("query", 3, True, True)


async def test_prefix_ingest_takes_outlet_date_and_story(bot: ClaimBot, tmp_path: Path) -> None:
    article = tmp_path / "message.txt"
    article.write_text("Canal footbridge collapses\n\nFive people were hurt when the footbridge over the canal "
                       "collapsed on Friday, the fire brigade said, and divers searched the water.\n", "utf-8")
    await editor_role()
    await dpytest.message("!ingest outlet: Canal Post date: 2026-03-04 story: Footbridge",
                          attachments=[str(article)])
    title = sent().embeds[0].title
    assert title.startswith("Stored article #6 (Canal Post)") and "Footbridge" in title
    info = bot.store.articles()[0]
    assert (info.outlet, info.story_name, info.published is not None) == ("Canal Post", "Footbridge", True)


async def test_slash_ingest_passes_its_options(bot: ClaimBot, adapter: RecordingAdapter,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    editor = dpytest.backend.make_role("Editor", dpytest.get_config().guilds[0])
    seen: list[Any] = []

    async def fake_ingest(_store: Store, actor: Any, *, options: Any = None, **_kw: Any) -> Reply:
        seen.append(options)
        return Reply(title="Stored article #6 (Canal Post): 1 figure.")

    monkeypatch.setattr(sys.modules["bot.cogs.admin"].ingest_command, "ingest", fake_ingest)
    await bot.tree._call(interaction(bot, itype=2, name="ingest", roles=[str(editor.id)], options=[
        {"name": "url", "type": 3, "value": "https://example.org/a"},
        {"name": "outlet", "type": 3, "value": "Canal Post"}, {"name": "story", "type": 3, "value": "Footbridge"}]))
    assert [(o.outlet, o.story, o.published) for o in seen] == [("Canal Post", "Footbridge", None)]
