"""Nothing lost when the ingest process is killed: SIGKILL at random points, then check and re-run.

Issue 7: "a test kills the ingest process with SIGKILL at random points and then checks that the
store is consistent (no article without its figures, no orphan figure, no flag pointing at nothing)
and that a re-run completes it."

A long-lived helper process (`python -c ZYGOTE`) imports claimbot once and forks one ingest worker
per kill point, so each kill costs a fork rather than a cold interpreter start. The worker opens the
store after the fork and ingests the synthetic articles in order (those already stored are skipped
by their content hash); the test SIGKILLs it after a random delay (seeded), checks the store with
store.consistency.check, and goes on. A last run without a kill must complete the store.

Guards: Store.add_article's single transaction (article, figures, groups and flags commit together).
Were the article committed before its figures, or the figures before the story's recompute, a kill
between the two would leave an article without its figures or figures without a group, which the
check reports; and the final comparison with a fresh extraction would fail.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from store import consistency
from store.engine import database_url
from store.extract import extract

ROOT = Path(__file__).resolve().parents[1]
KILL_POINTS = 20
SEED = 7
ARTICLES = 60

ZYGOTE = r"""
import os, signal, sys
import store.db
from store.db import Store, content_hash
from store.extract import extract
from store import stories
sys.path.insert(0, os.environ["CRASH_TESTS"])
from test_crash import synthetic_articles

url = sys.argv[1]
articles = synthetic_articles(int(sys.argv[2]))
extract(articles[0].text), stories.profile_of(articles[0].text, None)  # load rules and lexicons before forking


def say(line):
    os.write(1, (line + "\n").encode())


def trap(name, nth):
    # SIGKILL this worker on the NTH call of store.db.NAME: a kill point at an exact place in add_article
    owner_name, _, attr = name.rpartition(".")
    owner = getattr(store.db, owner_name) if owner_name else store.db
    real = getattr(owner, attr)
    calls = [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(owner, attr, wrapper)


say("zygote")
for command in sys.stdin:
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            words = command.split()
            if words[0] == "trap":
                trap(words[1], int(words[2]))
            store = Store.open(url)
            with store.engine.connect() as connection:
                known = {row[0] for row in connection.exec_driver_sql("SELECT content_hash FROM article")}
            say("ready")
            for i, article in enumerate(articles):
                if content_hash(article.text) in known:
                    continue
                say(f"begin {i}")
                store.add_article(article)
                say(f"stored {i}")
            store.close()
            say("done")
        except BaseException as error:
            say(f"error {type(error).__name__}: {error}")
            code = 1
        finally:
            os._exit(code)
    say(f"pid {pid}")
    _, status = os.waitpid(pid, 0)
    say(f"exit {status}")
"""


def _letters(n: int) -> str:
    out = ""
    for _ in range(4):
        n, r = divmod(n, 26)
        out += "abcdefghijklmnopqrstuvwxyz"[r]
    return out


def synthetic_articles(count: int) -> list[object]:
    """COUNT distinct articles in three stories: disputes, growing tolls, and some without any figure."""
    from store.ingest import ArticleInput

    rng = random.Random(SEED)
    things = ["ambulances", "buses", "civilians", "militants", "children", "wounded"]
    outlets = ["Reuters", "AP", "BBC", "Al Jazeera", "TASS"]
    out = []
    for i in range(count):
        tag = _letters(i)
        story = ["Aleppo evacuation", "Mosul offensive", "Flood relief", None][i % 4]
        if i % 9 == 4:
            body = f"The talks resumed in Geneva on Monday, officials said. Reference {tag}."
        else:
            a, b = rng.sample(things, 2)
            hedge = rng.choice(["About", "More than", "Up to", "At least", ""])
            body = (f"{hedge} {rng.randint(2, 90) * 100:,} {a} were evacuated from the city, "
                    f"{rng.choice(['the ICRC', 'state TV', 'officials'])} said. "
                    f"Some {rng.randint(1, 40)} {b} left overnight. Reference {tag}.").strip()
        out.append(ArticleInput(text=body, outlet=outlets[i % len(outlets)], story=story))
    return out


class Zygote:
    """The forking helper process and its output lines, read without ever blocking the test forever."""

    def __init__(self, url: str, count: int) -> None:
        env = {**os.environ, "CRASH_TESTS": str(Path(__file__).parent), "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, "-c", ZYGOTE, url, str(count)], cwd=ROOT, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.next() == "zygote"

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put("<eof>")

    def next(self) -> str:
        try:
            line = self.lines.get(timeout=120)  # a deadlock fails the test instead of hanging it
        except queue.Empty:
            pytest.fail("the ingest worker stopped answering")
        if line == "<eof>":
            pytest.fail(f"the helper process died (exit {self.proc.poll()})")
        return line

    def until(self, prefix: str) -> list[str]:
        seen = []
        while not (line := self.next()).startswith(prefix):
            seen.append(line)
        seen.append(line)
        return seen

    def start(self, command: str = "run") -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return int(self.until("pid ")[-1].split()[1])

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _killed(lines: list[str]) -> bool:
    status = int(lines[-1].split()[1])
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def _check_complete(db_url: str) -> None:
    """Every synthetic article stored exactly once, each with all its figures, and nothing else wrong."""
    engine = create_engine(database_url(db_url))
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT id, text FROM article ORDER BY id")).all()
        figures = dict(connection.execute(text("SELECT article_id, COUNT(*) FROM figure GROUP BY article_id")).all())
    assert sorted(t for _, t in stored) == sorted(a.text for a in synthetic_articles(ARTICLES))
    for article_id, body in stored:
        assert figures.get(article_id, 0) == len([f for f in extract(body) if not f.vague]), body
    assert consistency.check(engine) == []
    engine.dispose()


def test_sigkill_at_random_points_loses_nothing_and_a_rerun_completes(db_url: str) -> None:
    rng = random.Random(SEED)
    engine = create_engine(database_url(db_url))
    zygote = Zygote(db_url, ARTICLES)
    in_flight = 0
    durations: list[float] = []
    try:
        for point in range(KILL_POINTS):
            pid = zygote.start()
            assert zygote.next() == "ready"
            # let 0-2 articles finish (timing them), then kill somewhere inside the next one
            for _ in range(rng.randint(0, 2)):
                assert zygote.next().startswith("begin ")
                began = time.monotonic()
                assert zygote.next().startswith("stored ")
                durations.append(time.monotonic() - began)
            assert zygote.next().startswith("begin ")
            typical = sorted(durations)[len(durations) // 2] if durations else 0.05
            threading.Event().wait(rng.uniform(0.0, typical * 1.2))
            os.kill(pid, signal.SIGKILL)
            lines = zygote.until("exit ")
            assert _killed(lines), lines
            in_flight += len(lines) < 2 or lines[-2].startswith("begin ")  # killed between begin and stored
            problems = consistency.check(engine)
            assert problems == [], f"after kill point {point}: {problems}"
        zygote.start()
        lines = zygote.until("exit ")
        assert "done" in lines, lines
    finally:
        zygote.close()
        engine.dispose()
    assert in_flight > 0, "no kill landed inside an ingest"
    print(f"\n{KILL_POINTS} random kill points, {in_flight} inside an ingest; nothing lost")
    _check_complete(db_url)


TRAPS = [
    ("_article_row", 1),  # the story chosen and locked, the article not yet inserted
    ("_figure_rows", 1),  # article row inserted, figures not yet added
    ("_figure_rows", 3),
    ("analyse", 2),  # article and figures inserted, the story's regrouping under way
    ("analyse", 5),
    ("_update_by_id", 2),  # figures' groups, or flags, being rewritten
    ("_update_by_id", 5),
    ("_update_by_id", 11),
    ("Store._refresh_index", 1),  # committed; the process dies before it answers
    ("Store._refresh_index", 6),
]


def test_sigkill_at_each_step_of_an_ingest_loses_nothing(db_url: str) -> None:
    # the same guarantee at exact places inside Store.add_article, so no kill point depends on timing
    engine = create_engine(database_url(db_url))
    zygote = Zygote(db_url, ARTICLES)
    try:
        for name, nth in TRAPS:
            zygote.start(f"trap {name} {nth}")
            lines = zygote.until("exit ")
            assert _killed(lines), (name, nth, lines)
            assert consistency.check(engine) == [], (name, nth)
        zygote.start()
        assert "done" in zygote.until("exit ")
    finally:
        zygote.close()
    with engine.connect() as connection:
        stored = sorted(connection.execute(text("SELECT text FROM article")).scalars())
    engine.dispose()
    assert stored == sorted(a.text for a in synthetic_articles(ARTICLES))
    assert consistency.check(create_engine(database_url(db_url))) == []
