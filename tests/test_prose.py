"""Non-articles are refused with a reason and nothing is stored (issue 11 §2); real articles pass."""

from __future__ import annotations

import asyncio
import base64
import hashlib

import pytest

from commands import ingest as ingest_command
from commands.actor import CONSOLE
from store.db import Store
from store.errors import BadInput
from store.ingest import article_from_bytes, read_file
from store.prose import refusal
from tests.conftest import SEEDS

ACCOUNTS = "\n".join(f"svc{i}:x:{1000 + i}:{1000 + i}:Service {i}:/var/lib/svc{i}:/usr/sbin/nologin"
                     for i in range(40))
NUMBERS = " ".join(f"{row} {row * 17} {row * 2.5:.1f}% {row * 311:,}" for row in range(1, 200))
ENCODED = base64.b64encode(b"".join(hashlib.sha256(bytes([i])).digest() for i in range(200))).decode()
WRAPPED = base64.encodebytes(b"".join(hashlib.sha256(bytes([i])).digest() for i in range(200))).decode()
CSV = "district,2021,2022,2023\n" + "\n".join(f"zone{i},{i * 40},{i * 41},{i * 43}" for i in range(60))

ARTICLE_WITH_TABLE = """Storm leaves thousands without power

Heavy rain and wind battered the coast on Sunday, cutting power to about 45,000 homes, the utility said.
Crews expect to restore most lines by Tuesday, a spokeswoman told reporters at the depot.

Outages by county:
Harbor 21,300
Lakeside 14,950
Pine Ridge 8,750

Schools in the three counties will stay closed on Monday, the education board announced.
"""


@pytest.mark.parametrize(("text", "reason"), [
    pytest.param(ACCOUNTS, "listing or data", id="passwd-like"),
    pytest.param(NUMBERS, "table of numbers", id="numbers"),
    pytest.param(ENCODED, "encoded data", id="base64-one-line"),
    pytest.param(WRAPPED, "encoded data", id="base64-wrapped"),
    pytest.param(CSV, "listing or data", id="csv"),
    pytest.param("todo: call the mayor", "too short", id="note"),
    pytest.param("Fire update 3 dead", "too short", id="near-empty"),
])
def test_text_that_is_not_prose_is_refused_with_a_reason(text: str, reason: str) -> None:
    assert reason in (refusal(text) or "")
    with pytest.raises(BadInput, match=reason):
        article_from_bytes(text.encode(), "upload.txt")


def test_articles_with_tables_and_lists_are_prose() -> None:
    assert refusal(ARTICLE_WITH_TABLE) is None


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_every_seed_article_is_prose(path) -> None:
    assert refusal(read_file(path).text) is None


def test_html_with_no_prose_is_refused() -> None:
    html = "<html><body><article><p>" + "</p><p>".join(ENCODED[i:i + 60] for i in range(0, 3000, 60))
    with pytest.raises(BadInput):
        article_from_bytes((html + "</p></article></body></html>").encode(), "page.html")


def test_a_refused_upload_stores_nothing(store: Store) -> None:
    with pytest.raises(BadInput, match="not an article"):
        asyncio.run(ingest_command.ingest(store, CONSOLE, attachment=("accounts.txt", ACCOUNTS.encode())))
    assert store.is_empty()
