"""The console answers chat commands as text, through the same commands and error funnel."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from bot.console import Console
from store.db import Store

ROOT = Path(__file__).resolve().parents[1]


async def test_console_claim_prints_figures_with_outlet_and_quote(sqlite_seeded: Store) -> None:
    text = await Console(sqlite_seeded).handle("!claim evacuees")
    assert text is not None
    assert "5,000" in text and "4,000" in text and "“" in text


async def test_console_unknown_command_is_short_and_helpful(sqlite_seeded: Store) -> None:
    text = await Console(sqlite_seeded).handle("!clam evacuees")
    assert text == "There is no `!clam` command. Did you mean `!claim`? Type `!help` for the list."


async def test_console_stays_silent_on_chat_noise(sqlite_seeded: Store) -> None:
    assert await Console(sqlite_seeded).handle("!!!") is None


async def test_console_reads_commands_until_end_of_input(sqlite_seeded: Store) -> None:
    out = io.StringIO()
    await Console(sqlite_seeded).run(io.StringIO("!help\n\n!flags\n"), out)
    assert "claimbot" in out.getvalue() and "flag" in out.getvalue()


def test_run_without_token_answers_from_the_seeds(tmp_path: Path) -> None:
    """`echo '!claim evacuees' | claimbot run` with no DISCORD_TOKEN and no DATABASE_URL seeds claims.db."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DISCORD_TOKEN": ""}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "run"], input="!claim evacuees\n", text=True,
                          capture_output=True, cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "5,000" in done.stdout and "4,000" in done.stdout
    assert (tmp_path / "claims.db").is_file()
