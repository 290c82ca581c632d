"""Who is asking, as the command layer needs to know it: a name and an id for the record, and their rights."""

from __future__ import annotations

from dataclasses import dataclass

from store.errors import Forbidden


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    is_editor: bool = False
    is_owner: bool = False
    id: int | None = None  # the Discord user id: names change, the id says who reviewed a flag

    def require_editor(self, what: str) -> None:
        if not (self.is_editor or self.is_owner):
            raise Forbidden(f"Only editors can {what}.")


CONSOLE = Actor(name="console", is_editor=True, is_owner=True)
