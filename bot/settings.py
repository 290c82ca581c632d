"""Settings from the environment and .env, validated at start with one clear message per bad value."""

from __future__ import annotations

import logging
import re

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError as PydanticSettingsError

LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}


class Settings(BaseSettings):
    """Everything claimbot reads from its environment; see .env.example for each one."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = None
    database_url: str | None = None
    command_prefix: str = Field(default="!", min_length=1, max_length=5)
    editor_role: str = Field(default="Editor", min_length=1, max_length=100)
    log_level: str = "INFO"
    allow_dms: bool = False
    owner_ids: list[int] = Field(default_factory=list)
    ephemeral_slash: bool = False
    prefix_commands: bool = True  # "!claim"; needs the privileged Message Content intent
    editor_permission: str = "manage_messages"  # who sees editor slash commands by default

    @field_validator("editor_permission")
    @classmethod
    def _known_permission(cls, value: str) -> str:
        import discord

        name = value.strip().lower()
        if name not in discord.Permissions.VALID_FLAGS:
            raise ValueError("must be a Discord permission name such as manage_messages or manage_guild")
        return name
    cooldown_uses: int = Field(default=5, ge=1, le=100)
    cooldown_seconds: float = Field(default=30.0, gt=0, le=3600)
    charts: bool = True
    shards: str | None = None  # None: one gateway connection; "auto" or N: AutoShardedBot
    feed_poll_seconds: float = Field(default=60.0, ge=0, le=86400)  # how often due feeds are checked; 0: never
    alert_quiet_seconds: float = Field(default=30.0, ge=0, le=3600)  # an alert waits for the rest of its burst
    alert_per_channel: int = Field(default=5, ge=1, le=100)  # alert messages per channel per 10 minutes

    @field_validator("shards")
    @classmethod
    def _shard_count(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().lower()
        if value != "auto" and not (value.isdigit() and 0 < int(value) <= 1000):
            raise ValueError('must be "auto" or a number of shards from 1 to 1000')
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(sorted(LOG_LEVELS))}")
        return level

    @field_validator("command_prefix")
    @classmethod
    def _no_space(cls, value: str) -> str:
        if any(ch.isspace() for ch in value):
            raise ValueError("must not contain spaces")
        return value

    @field_validator("discord_token")
    @classmethod
    def _blank_is_none(cls, value: SecretStr | None) -> SecretStr | None:
        return value if value is not None and value.get_secret_value().strip() else None


class SettingsError(Exception):
    """Settings that cannot be used; the message names each bad value and never echoes secrets."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = [f"{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in error.errors()]
        raise SettingsError("Bad settings:\n  " + "\n  ".join(problems)) from None
    except PydanticSettingsError as error:
        # raised before validation when a list or number setting cannot even be parsed
        field = re.search(r'field "(\w+)"', str(error))
        name = field.group(1).upper() if field else "a setting"
        raise SettingsError(f"Bad settings:\n  {name}: cannot be read (a list is written as JSON: [1, 2])") from None


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="[{asctime}] [{levelname:<7}] {name}: {message}", style="{")
    logging.getLogger("discord.http").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # migration chatter is not news at every start
