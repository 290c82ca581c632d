"""Where the evaluation data lives: ../shared beside the clone, never inside it.

`claimbot eval`, `make eval` and the benchmarks that read it say so in one line when it is absent,
since a plain clone (a user's, or CI's copy of HEAD) has nothing beside it.
"""

from __future__ import annotations

from pathlib import Path

from store.errors import ClaimbotError

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


class SharedDataMissing(ClaimbotError):
    """The evaluation data beside the clone is not there."""


def missing_message(path: Path) -> str:
    return f"../shared not found: {path} (the evaluation data lives beside the clone)"


def require(path: Path) -> Path:
    """PATH when it exists, else SharedDataMissing with the one-line message."""
    if not Path(path).exists():
        raise SharedDataMissing(missing_message(Path(path)))
    return Path(path)
