"""`!claim` ranking: the group whose frame matches the query first, a flag only breaks ties."""

from __future__ import annotations

from commands.claim import find
from store.db import Store
from store.ingest import ArticleInput

STORY = "harbour fire"


def _add(store: Store, text: str, outlet: str) -> None:
    store.add_article(ArticleInput(text=text, outlet=outlet, story=STORY))


def test_a_better_matching_group_comes_before_a_flagged_one(store: Store) -> None:
    # a disputed count of evacuated residents, and one undisputed count of injured residents
    _add(store, "Harbour fire\n\nAbout 4,000 residents were evacuated from the harbour, the brigade said. "
                "Twelve residents were injured, the brigade said.", "Coast Herald")
    _add(store, "Harbour blaze\n\nMore than 6,000 residents were evacuated from the harbour, the mayor said.",
         "Bay Times")
    assert any(f.kind == "conflict" for f in store.flags())
    answer = find(store, "injured residents")
    assert answer.groups, "the injured residents are found"
    first = {f.id: f for f in answer.figures}
    assert any(first[i].figure.value == 12 for i in answer.groups[0].figure_ids if i in first)
