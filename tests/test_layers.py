"""Imports flow one way: bot -> commands -> store. commands/ and store/ never see Discord."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {"commands": "discord|bot", "store": "discord|commands|bot", "bot": "sqlmodel|sqlalchemy"}


@pytest.mark.parametrize("folder", FORBIDDEN)
def test_imports_flow_one_way(folder: str) -> None:
    pattern = re.compile(rf"^\s*(?:import|from)\s+(?:{FORBIDDEN[folder]})\b", re.M)
    offenders = [p.name for p in (ROOT / folder).rglob("*.py") if pattern.search(p.read_text("utf-8"))]
    assert offenders == []
