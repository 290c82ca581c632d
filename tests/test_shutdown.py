"""SIGTERM mid-ingest: the process ends, no article is half-written, connections are closed.

Issue 7: "Graceful shutdown on SIGTERM: no half-written article, connections closed."
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from store import consistency
from store.engine import database_url

ROOT = Path(__file__).resolve().parents[1]


def _articles(folder: Path, count: int) -> None:
    for i in range(count):
        tag = "".join("abcdefghijklmnopqrstuvwxyz"[(i // 26**k) % 26] for k in range(3))
        (folder / f"a{i:03}.txt").write_text(
            f"About {100 + i * 7} ambulances left Aleppo, the ICRC said. More than {i + 2},000 civilians were "
            f"evacuated overnight, officials said. Reference {tag}.", "utf-8")


def test_sigterm_mid_ingest_leaves_no_half_written_article(db_url: str, tmp_path: Path) -> None:
    # guards: one transaction per article (Store.add_article) when the process is told to stop
    folder = tmp_path / "articles"
    folder.mkdir()
    _articles(folder, 40)
    app = f"claimbot-sigterm-{os.getpid()}"  # names this test's connections among the server's
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LOG_LEVEL": "INFO", "PGAPPNAME": app}
    env.pop("DISCORD_TOKEN", None)
    command = [sys.executable, "-m", "bot.cli", "ingest", str(folder), "--db", db_url, "--story", "Aleppo",
               "--batch", "1"]  # one transaction per article, so the signal lands between and inside them
    proc = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for _ in range(3):  # wait until ingesting is under way, then stop it
        assert proc.stdout.readline().startswith("article #")
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode in (-signal.SIGTERM, 0, 1, 143)
    engine = create_engine(database_url(db_url))
    assert consistency.check(engine) == []
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT COUNT(*) FROM article")).scalar()
        if engine.dialect.name == "postgresql":  # the killed process holds no connection any more
            left = connection.execute(text("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = :app"),
                                      {"app": app}).scalar()
            assert left == 0
    assert 3 <= (stored or 0) <= 40
    rerun = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr[-1000:]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM article")).scalar() == 40
    assert consistency.check(engine) == []
    engine.dispose()


def test_closing_the_bot_closes_the_store() -> None:
    # guards: ClaimBot.close disposing of the store's engine (bot/cli.py sends SIGTERM here)
    from bot.client import ClaimBot
    from bot.settings import Settings

    class Recorder:
        closed = 0

        def close(self) -> None:
            self.closed += 1

    store = Recorder()
    bot = ClaimBot(store, Settings(discord_token=None))  # type: ignore[arg-type]
    asyncio.run(bot.close())
    assert store.closed == 1


def test_the_run_command_turns_sigterm_into_a_clean_close() -> None:
    # guards: bot/cli.py cmd_run registering SIGTERM -> bot.close() (discord.py handles only Ctrl-C)
    import inspect

    from bot import cli

    source = inspect.getsource(cli.cmd_run)
    assert "signal.SIGTERM" in source and "add_signal_handler" in source and "bot.close()" in source
