"""Figures from news text: the number, its qualifier and unit, what is counted, who said it."""

from __future__ import annotations

from .pipeline import extract

__all__ = ["extract"]
