"""Only editors change the record; DMs are off by default; the token never shows; load is bounded.

Issue 7: permissions, settings and load. Each test names the protection it guards.
"""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest
from discord.ext import commands

from bot.client import ClaimBot
from bot.errors import reply_for
from bot.settings import Settings, SettingsError, configure_logging, load_settings
from commands import claim as claim_command
from commands import flags as flag_commands
from commands import ingest as ingest_command
from commands import limits
from commands.actor import Actor
from store import consistency
from store.db import Store
from store.errors import BadInput, ClaimbotError, Forbidden

READER = Actor(name="reader#1")
EDITOR = Actor(name="editor#1", is_editor=True)
OWNER = Actor(name="owner#1", is_owner=True)
TOKEN = "abc.def.ghi-secret"

BRIEF = b"About 300 ambulances left. Rescuers said the north road stayed shut all night."


# ---------------------------------------------------------------- editors only

def test_a_reader_cannot_ingest_and_nothing_is_stored(store: Store) -> None:
    # guards: actor.require_editor in commands.ingest.ingest
    with pytest.raises(Forbidden, match="Only editors"):
        asyncio.run(ingest_command.ingest(store, READER, attachment=("a.txt", BRIEF)))
    assert store.counts()["articles"] == 0


def test_a_reader_cannot_review_flags_and_the_flag_is_unchanged(seeded_store: Store) -> None:
    # guards: actor.require_editor in commands.flags.review_reply (confirm and dismiss)
    flag = seeded_store.flags()[0]
    for review in (flag_commands.confirm, flag_commands.dismiss):
        with pytest.raises(Forbidden, match="Only editors"):
            asyncio.run(review(seeded_store, READER, flag.id, "looks fine"))
    after = seeded_store.flag(flag.id)
    assert (after.status, after.reviewed_by) == ("open", None)


@pytest.mark.parametrize("actor", [EDITOR, OWNER], ids=["editor", "owner"])
def test_editors_and_the_owner_can_ingest(store: Store, actor: Actor) -> None:
    reply = asyncio.run(ingest_command.ingest(store, actor, attachment=("a.txt", BRIEF)))
    assert reply.title.startswith("Stored article #1")
    assert consistency.check(store) == []


def _member(*roles: tuple[str, int]) -> SimpleNamespace:
    return SimpleNamespace(roles=[SimpleNamespace(name=n, id=i) for n, i in roles], id=42, __str__=lambda: "m")


def _bot(**settings: object) -> ClaimBot:
    return ClaimBot(Store.__new__(Store), Settings(discord_token=None, **settings))  # type: ignore[arg-type]


@pytest.mark.parametrize(("roles", "editor"), [
    ((("Editor", 1),), True), ((("editor", 1),), False), ((("Reader", 2),), False), ((), False),
    ((("Reader", 777),), True),  # the role given by id
])
def test_the_editor_role_decides_who_is_an_editor(roles: tuple[tuple[str, int], ...], editor: bool) -> None:
    # guards: ClaimBot.actor matching the configured EDITOR_ROLE by exact name or id
    bot = _bot(editor_role="777" if any(i == 777 for _, i in roles) else "Editor")
    ctx = SimpleNamespace(author=_member(*roles))

    async def not_owner(user: object) -> bool:
        return False

    bot.is_owner = not_owner  # type: ignore[method-assign]
    assert asyncio.run(bot.actor(ctx)).is_editor is editor  # type: ignore[arg-type]


def test_direct_messages_are_refused_by_default() -> None:
    # guards: ClaimBot.bot_check with ALLOW_DMS false by default
    async def not_owner(user: object) -> bool:
        return False

    dm = SimpleNamespace(guild=None, author=_member())
    bot = _bot()
    bot.is_owner = not_owner  # type: ignore[method-assign]
    assert Settings(discord_token=None).allow_dms is False
    with pytest.raises(commands.NoPrivateMessage):
        asyncio.run(bot.bot_check(dm))  # type: ignore[arg-type]
    opened = _bot(allow_dms=True)
    opened.is_owner = not_owner  # type: ignore[method-assign]
    assert asyncio.run(opened.bot_check(dm)) is True  # type: ignore[arg-type]
    guild = SimpleNamespace(guild=object(), author=_member())
    assert asyncio.run(bot.bot_check(guild)) is True  # type: ignore[arg-type]


def test_ingest_and_review_commands_are_server_only() -> None:
    # guards: @commands.guild_only on !ingest (no editor role exists in a DM)
    from bot.cogs.admin import Admin

    checks = [c.__qualname__ for c in Admin.ingest.checks]
    assert any("guild_only" in name for name in checks), checks


# ---------------------------------------------------------------- the token and settings

BAD_SETTINGS = [
    ({"COMMAND_PREFIX": ""}, "COMMAND_PREFIX"),
    ({"COMMAND_PREFIX": "! "}, "COMMAND_PREFIX"),
    ({"COMMAND_PREFIX": "toolong"}, "COMMAND_PREFIX"),
    ({"EDITOR_ROLE": ""}, "EDITOR_ROLE"),
    ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ({"ALLOW_DMS": "perhaps"}, "ALLOW_DMS"),
    ({"OWNER_IDS": "not-a-list"}, "OWNER_IDS"),
    ({"COOLDOWN_USES": "0"}, "COOLDOWN_USES"),
    ({"COOLDOWN_SECONDS": "-5"}, "COOLDOWN_SECONDS"),
    ({"CHARTS": "sometimes"}, "CHARTS"),
    ({"SHARDS": "many"}, "SHARDS"),
]


@pytest.mark.parametrize(("env", "name"), BAD_SETTINGS)
def test_each_bad_setting_is_named_and_the_token_never_shown(monkeypatch: pytest.MonkeyPatch, tmp_path: object,
                                                             env: dict[str, str], name: str) -> None:
    # guards: bot.settings.load_settings (one line per bad value) and SecretStr for the token
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert name in message and TOKEN not in message and "secret" not in message


def test_the_token_never_reaches_logs_or_reprs(monkeypatch: pytest.MonkeyPatch, tmp_path: object,
                                               caplog: pytest.LogCaptureFixture) -> None:
    # guards: SecretStr on discord_token; logging settings or an error never prints the token
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    settings = load_settings()
    assert settings.discord_token is not None and settings.discord_token.get_secret_value() == TOKEN
    configure_logging("DEBUG")
    log = logging.getLogger("claimbot.test")
    with caplog.at_level(logging.DEBUG):
        log.info("settings: %s", settings)
        log.info("settings: %r", settings)
        log.info("dump: %s", settings.model_dump())
        log.info("json: %s", settings.model_dump_json())
        reply_for(RuntimeError(f"boom {settings.discord_token}"))
    assert TOKEN not in caplog.text
    assert TOKEN not in str(settings) and TOKEN not in repr(settings)


def test_the_cli_refuses_bad_settings_with_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: object,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # guards: bot.cli.main validating settings at start, before anything runs
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    assert main(["claim", "evacuees"]) == 2
    err = capsys.readouterr().err
    assert "LOG_LEVEL" in err and TOKEN not in err


# ---------------------------------------------------------------- load and result size

QUERIES = ["evacuees", "ambulances", "ambulence", "rebels", "children", "buses", "civilians", "nothing-like-it",
           "@everyone", "x" * 300]


def test_200_concurrent_lookups_complete_without_errors(sqlite_seeded: Store) -> None:
    # guards: the command layer's thread offloading and the index lock under load
    async def one(i: int) -> str:
        try:
            reply = await claim_command.claim(sqlite_seeded, QUERIES[i % len(QUERIES)])
        except ClaimbotError as error:  # a refused query (too long) is an answer, not an error
            return f"refused: {error}"
        return reply.title

    async def all_at_once() -> list[object]:
        return await asyncio.gather(*(one(i) for i in range(200)), return_exceptions=True)

    results = asyncio.run(all_at_once())
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert len(results) == 200
    # the same query answers the same under load
    by_query: dict[str, set[object]] = {}
    for i, result in enumerate(results):
        by_query.setdefault(QUERIES[i % len(QUERIES)], set()).add(result)
    assert all(len(answers) == 1 for answers in by_query.values()), by_query


def test_result_size_is_capped(sqlite_seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # guards: MAX_GROUPS and MAX_FIGURES in commands.claim.find
    full = claim_command.find(sqlite_seeded, "evacuees")
    assert len(full.groups) > 1
    monkeypatch.setattr(claim_command, "MAX_GROUPS", 1)
    capped = claim_command.find(sqlite_seeded, "evacuees")
    assert (len(capped.groups), capped.truncated) == (1, True)
    assert "narrow the query" in (claim_command.as_reply(capped).note or "")
    monkeypatch.setattr(claim_command, "MAX_GROUPS", 40)
    monkeypatch.setattr(claim_command, "MAX_FIGURES", 1)
    capped = claim_command.find(sqlite_seeded, "evacuees")
    assert (len(capped.groups), capped.truncated) == (1, True)


def test_query_length_is_capped() -> None:
    # guards: commands.limits.MAX_QUERY_CHARS
    with pytest.raises(BadInput):
        limits.clean_query("a" * (limits.MAX_QUERY_CHARS + 1))
    assert limits.clean_query("a" * limits.MAX_QUERY_CHARS) == "a" * limits.MAX_QUERY_CHARS


def test_per_user_cooldowns_hold() -> None:
    # guards: @commands.dynamic_cooldown(user_cooldown, BucketType.user) on the lookup commands
    from bot.client import user_cooldown
    from bot.cogs.claims import Claims

    bot = _bot(cooldown_uses=2, cooldown_seconds=60)
    mapping = Claims.claim._buckets
    assert mapping.type is commands.BucketType.user

    def ctx(user: int) -> SimpleNamespace:
        return SimpleNamespace(bot=bot, author=SimpleNamespace(id=user), message=SimpleNamespace(author=SimpleNamespace(
            id=user)))

    assert user_cooldown(ctx(1)).rate == 2  # type: ignore[arg-type]
    results = []
    for user in (1, 1, 1, 2):
        bucket = mapping.get_bucket(ctx(user), 1000.0)
        results.append(bucket.update_rate_limit(1000.0) if bucket else None)
    assert [r is None for r in results] == [True, True, False, True]  # the third use by user 1 waits


def test_shards_setting_makes_an_auto_sharded_bot(sqlite_seeded: Store) -> None:
    from discord.ext import commands as dpy

    from bot.client import ShardedClaimBot, make_bot
    from bot.settings import Settings

    plain = make_bot(sqlite_seeded, Settings(discord_token=None, shards=None))
    sharded = make_bot(sqlite_seeded, Settings(discord_token=None, shards="4"))
    assert not isinstance(plain, dpy.AutoShardedBot)
    assert isinstance(sharded, ShardedClaimBot) and isinstance(sharded, dpy.AutoShardedBot)
    assert sharded.shard_count == 4 and sharded.allowed_mentions.to_dict() == {"parse": []}
