"""The claim store: the only class that speaks SQL. SQLite or PostgreSQL, chosen by URL."""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, Select, bindparam, delete, func, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from store import migrate, stories
from store.confidence import Confidence
from store.corrections import CorrectionAction, CorrectionInfo, corrected, current, stable_key
from store.discrepancy import analyse
from store.engine import make_engine, writer
from store.errors import BadInput, NotFound
from store.extract import extract
from store.figure import Change, Figure, Qualifier, Source, StoredFigure
from store.ingest import ArticleInput, source_key
from store.labels import article_label
from store.models import (
    ArticleRow,
    FigureCorrectionRow,
    FigureRow,
    FlagFigureRow,
    FlagReviewRow,
    FlagRow,
    GroupRow,
    StoryRow,
    utcnow,
)
from store.quantity import FlagDraft, FlagStatus, GroupDraft
from store.records import ArticleInfo, FlagInfo, GroupInfo, IngestResult, ReviewInfo
from store.reviews import still_reviewed
from store.search import SearchIndex, SearchResult
from store.units import dimension_of

T = TypeVar("T")
log = logging.getLogger(__name__)

Extractor = Callable[[str], list[Figure]]
RETRIES = 3  # write conflicts with another process are retried; more than this is a real fault


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Store:
    """Articles, figures, groups and flags; one transaction per article."""

    def __init__(self, engine: Engine, *, extractor: Extractor = extract) -> None:
        self.engine = engine
        self.writer = writer(engine)
        self.extractor = extractor
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()
        self._story_profiles = _StoryProfiles()
        self._story_cache = _StoryFigures()

    @classmethod
    def open(cls, url: str | None = None, **kwargs: Extractor) -> Store:
        """The store at URL, migrated to the newest schema."""
        engine = make_engine(url)
        migrate.upgrade(engine)
        return cls(engine, **kwargs)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    # ---- ingest ---------------------------------------------------------------------------------

    def add_article(self, article: ArticleInput) -> IngestResult:
        """Store ARTICLE with its figures and recompute its story's groups and flags, all or nothing."""
        return self.add_articles([article])[0]

    def add_articles(self, articles: Sequence[ArticleInput]) -> list[IngestResult]:
        """Store ARTICLES in one transaction: every article with its figures and its story's flags, or none.

        A batch shares one regrouping per story it touches. Recomputing a long-running story costs
        far more than storing an article, so a wire feed ingested in batches keeps up where one
        transaction per article would not; the guarantee is the same: nothing half-written.
        Texts already stored (same content hash) are reported as duplicates and left alone.
        """
        results: dict[int, IngestResult] = {}
        fresh: dict[str, tuple[int, ArticleInput]] = {}
        repeats: list[tuple[int, int]] = []  # (position, position of the same text earlier in the batch)
        for position, article in enumerate(articles):
            if not article.text.strip():
                raise BadInput("The article has no text.")
            digest = content_hash(article.text)
            if digest in fresh:
                repeats.append((position, fresh[digest][0]))
            else:
                fresh[digest] = (position, article)
        known = self._known_hashes(list(fresh))
        for digest in known:
            position, article = fresh.pop(digest)
            results[position] = known[digest]
        prepared = [(position, digest, article, [f for f in self.extractor(article.text) if not f.vague],
                     stories.profile_of(article.text, article.title))
                    for digest, (position, article) in fresh.items()]
        for attempt in range(1, RETRIES + 1):
            if not prepared:
                break
            try:
                self._store_batch(prepared, results)
                break
            except IntegrityError:
                # Another process stored one of these texts, or created the same named story, between
                # our look and our write; everything was rolled back, so look again and retry.
                self._story_profiles = _StoryProfiles()
                if attempt == RETRIES:
                    raise
                stored = self._known_hashes([digest for _, digest, *_ in prepared])
                for position, digest, *_ in prepared:
                    if digest in stored:
                        results[position] = stored[digest]
                prepared = [p for p in prepared if p[1] not in stored]
            except BaseException:
                self._story_profiles = _StoryProfiles()  # it may hold stories of the rolled-back batch
                raise
        self._refresh_index()
        for position, first in repeats:
            results[position] = replace(results[first], duplicate=True)
        out = [results[i] for i in range(len(articles))]
        for result in out:
            if not result.duplicate:
                log.info("ingested article %s (%s): %d figures, story %s", result.article_id, result.label,
                         result.figures, result.story_name)
        return out

    def _store_batch(self, prepared: Sequence[tuple[int, str, ArticleInput, list[Figure], dict[str, float]]],
                     results: dict[int, IngestResult]) -> None:
        pending: dict[int, stories.StoryProfile] = {}
        locked: dict[int, StoryRow] = {}
        loaded: dict[int, list[StoredFigure]] = {}
        with Session(self.writer) as session, session.begin():
            story_ids = [self._story_for(session, article, profile, pending, locked, sync=number == 0).id or 0
                         for number, (_, _, article, _, profile) in enumerate(prepared)]
            session.flush()
            now = utcnow()
            # one INSERT for the batch's articles and one for their figures: a flush per article
            # cost as much as choosing its story
            article_ids = _insert(session, ArticleRow, [
                _article_row(digest, article, story_id, now)
                for (_, digest, article, _, _), story_id in zip(prepared, story_ids, strict=True)], ids=True)
            rows = [row for (*_, figures, _), article_id, story_id in zip(prepared, article_ids, story_ids, strict=True)
                    for row in _figure_rows(article_id, story_id, figures)]
            if rows:
                _insert(session, FigureRow, rows)
            touched: dict[int, list[tuple[int, int, str, int]]] = {}
            for (position, _, article, figures, _), article_id, story_id in zip(
                    prepared, article_ids, story_ids, strict=True):
                label = article_label(article.outlet, article.title, article_id)
                touched.setdefault(story_id, []).append((position, article_id, label, len(figures)))
            replaced = self._supersede(session, [(source_key(article), article_id) for (_, _, article, _, _), article_id
                                                 in zip(prepared, article_ids, strict=True)], now)
            for story_id in {old_story for _, old_story in replaced.values()} - set(touched):
                self._recompute_story(session, story_id, loaded)
            for story_id, stored in touched.items():
                flags = self._recompute_story(session, story_id, loaded)
                name = session.get(StoryRow, story_id).name  # type: ignore[union-attr]
                for position, article_id, label, count in stored:
                    old = replaced.get(article_id)
                    results[position] = IngestResult(article_id=article_id, figures=count, story_id=story_id,
                                                     story_name=name, flags=flags, label=label,
                                                     supersedes=old[0] if old else None)
        for profile in pending.values():
            self._story_profiles.put(profile)
        for story_id, figures in loaded.items():  # committed now: ids of a rolled-back batch get reused
            self._story_cache.put(story_id, figures)

    def _supersede(self, session: Session, keyed: Sequence[tuple[str | None, int]], now: datetime
                   ) -> dict[int, tuple[int, int]]:
        """Mark the live articles these new ones are new versions of as superseded; their figures leave.

        KEYED pairs each new article's source key with its id; within a batch the last version
        wins. Returns new article id -> (the article it supersedes, that article's story).
        """
        newest: dict[str, int] = {}
        for key, article_id in keyed:
            if key is not None:
                newest[key] = max(article_id, newest.get(key, 0))
        replaced: dict[int, tuple[int, int]] = {}
        for chunk in _chunks(list(newest), 500):
            rows = session.execute(
                sa_select(ArticleRow.id, ArticleRow.source_key, ArticleRow.story_id)  # type: ignore[call-overload]
                .where(col(ArticleRow.source_key).in_(chunk), col(ArticleRow.superseded_by).is_(None),
                       col(ArticleRow.removed_at).is_(None))
                .order_by(col(ArticleRow.id))
            ).all()
            for old_id, key, story_id in rows:
                new_id = newest[key]
                if old_id == new_id:
                    continue
                session.execute(update(ArticleRow).where(ArticleRow.id == old_id)
                                .values(superseded_by=new_id, superseded_at=now))
                _retire_figures(session, old_id)
                replaced[new_id] = (old_id, story_id or 0)
                log.info("article %s supersedes article %s (same source)", new_id, old_id)
        return replaced

    def remove_article(self, article_id: int, *, by: str, reason: str, by_id: int | None = None) -> ArticleInfo:
        """An editor takes ARTICLE_ID out of the answers: its figures leave their story, its flags are
        recomputed; the article and its text stay, with who removed it (name, Discord id), when and why."""
        if not reason.strip():
            raise BadInput("Say why the article is removed, e.g. `!remove 4 duplicate of #2`.")
        with Session(self.writer) as session, session.begin():
            row = session.get(ArticleRow, article_id, with_for_update=True)
            if row is None:
                raise NotFound(f"No article #{article_id}. `!sources` lists them.")
            if row.removed_at is not None:
                raise BadInput(f"Article #{article_id} was already removed by {row.removed_by}.")
            row.removed_at, row.removed_by, row.removed_by_id = utcnow(), by[:200], by_id
            row.removed_reason = reason.strip()
            session.add(row)
            session.flush()
            _retire_figures(session, article_id)
            if row.story_id is not None and row.superseded_by is None:
                self._recompute_story(session, row.story_id)
                self._story_cache.put(row.story_id, [])  # cached figures of the story are stale now
        log.info("article %s removed by %s (%s): %s", article_id, by, by_id, reason)
        self._refresh_index()
        return self.article(article_id)[0]

    def _known_hashes(self, digests: Sequence[str]) -> dict[str, IngestResult]:
        """What is already stored for these content hashes, as duplicate results."""
        found: dict[str, IngestResult] = {}
        with Session(self.engine) as session:
            for chunk in _chunks(list(digests), 500):
                rows = session.exec(
                    select(ArticleRow.id, ArticleRow.content_hash, ArticleRow.story_id, ArticleRow.outlet,
                           ArticleRow.title, StoryRow.name)
                    .join(StoryRow, col(StoryRow.id) == ArticleRow.story_id, isouter=True)
                    .where(col(ArticleRow.content_hash).in_(chunk))
                ).all()
                ids = [r[0] for r in rows]
                counts = dict(session.exec(
                    select(FigureRow.article_id, func.count()).where(col(FigureRow.article_id).in_(ids))
                    .group_by(col(FigureRow.article_id))
                ).all()) if rows else {}
                for article_id, digest, story_id, outlet, title, story_name in rows:
                    found[digest] = IngestResult(article_id=article_id or 0, figures=counts.get(article_id, 0),
                                                 story_id=story_id, story_name=story_name, duplicate=True,
                                                 label=article_label(outlet, title, article_id or 0))
        return found

    def _story_for(self, session: Session, article: ArticleInput, profile: dict[str, float],
                   pending: dict[int, stories.StoryProfile], locked: dict[int, StoryRow], *,
                   sync: bool = True) -> StoryRow:
        """The story ARTICLE belongs to, locked for this transaction; created when none fits.

        PENDING holds the profiles this batch has changed: they join the shared cache only once the
        batch commits, so another thread never picks a story it cannot see yet. LOCKED holds the
        batch's story rows: the session keeps only weak references, and selecting a story again
        for each of its articles was a query and an UPDATE per article. SYNC=False scores
        against the cache as last loaded, since reloading the stories the batch's own earlier
        articles changed cost more than the rest of the ingest.
        """
        if article.story:
            name = article.story.strip()[:200]
            story = session.exec(
                select(StoryRow).where(StoryRow.name == name, col(StoryRow.explicit)).order_by(col(StoryRow.id))
                .limit(1).with_for_update()
            ).first()
            if story is None:
                story = StoryRow(name=name, explicit=True)
        else:
            chosen = self._story_profiles.choose(session, profile, article.published, pending, sync=sync)
            story = None
            if chosen in locked:
                story = locked[chosen]
            elif chosen is not None:
                # first(): a story another process was creating may have been rolled back since
                story = session.exec(select(StoryRow).where(StoryRow.id == chosen).with_for_update()).first()
            if story is None:
                story = StoryRow(name=stories.story_name(profile)[:200])  # a 300-letter word must fit
        known = pending.get(story.id) if story.id is not None else None
        merged = stories.merge(profile, article.published, known or _profile(story))
        story.terms_json = json.dumps(merged.terms, sort_keys=True)
        story.first_published = merged.first_published
        story.last_published = merged.last_published
        story.articles = merged.articles
        if not story.explicit and story.articles > 1:
            story.name = stories.story_name(merged.terms)[:200]
        session.add(story)
        if story.id is None:
            session.flush()  # its id; changes to a stored story go out with the batch's next statement
        locked[story.id or 0] = story
        if not story.explicit:
            pending[story.id or 0] = replace(merged, id=story.id or 0, name=story.name)
        return story

    def _recompute_story(self, session: Session, story_id: int,
                         loaded: dict[int, list[StoredFigure]] | None = None) -> int:
        """Regroup and reflag one story, writing only what changed.

        Groups keep their row while their key stays; flags keep their id and review through their
        fingerprint (kind + the figures' stable keys). Rewriting every row of a long-running story
        on each ingest was what made ingest slow, so figures, groups and flags are compared with
        what is stored and updated in batches. LOADED, when given, receives the story's figures
        for the cache once the transaction commits.
        """
        if loaded is None:
            figures = self._story_figures(session, story_id)
        else:
            figures = loaded[story_id] = self._story_figures_since(session, story_id)
        analysis = analyse(figures)
        group_ids = self._sync_groups(session, story_id, figures, analysis.groups)
        self._sync_flags(session, story_id, {f.id: f for f in figures}, analysis.flags, group_ids)
        # what ingest reports: a weak disagreement is not shown as a flag (commands.views.confident)
        return sum(f.confidence != Confidence.LOW for f in analysis.flags)

    def _sync_groups(self, session: Session, story_id: int, figures: Sequence[StoredFigure],
                     drafts: Sequence[GroupDraft]) -> dict[str, int]:
        """Store the story's groups and each figure's group; returns group key -> group id."""
        stored = {row.key: row for row in session.execute(
            sa_select(GroupRow.id, GroupRow.key, GroupRow.label, GroupRow.dimension)  # type: ignore[call-overload]
            .where(GroupRow.story_id == story_id))}
        wanted = {d.key[:500]: d for d in drafts}
        ids = {key: row.id for key, row in stored.items()}
        fresh: list[dict[str, Any]] = []
        relabelled: list[dict[str, Any]] = []
        for key, draft in wanted.items():
            row = stored.get(key)
            if row is None:
                fresh.append({"story_id": story_id, "key": key, "label": draft.label[:500],
                              "dimension": draft.dimension})
            elif (row.label, row.dimension) != (draft.label[:500], draft.dimension):
                relabelled.append({"id": row.id, "label": draft.label[:500], "dimension": draft.dimension})
        _update_by_id(session, GroupRow, relabelled)
        if fresh:
            made = _insert(session, GroupRow, fresh, ids=True)
            ids.update((row["key"], group_id) for row, group_id in zip(fresh, made, strict=True))
        current = {f.id: f.group_id for f in figures}
        moved = [{"id": figure_id, "group_id": ids[key]} for key, draft in wanted.items()
                 for figure_id in draft.figure_ids if current.get(figure_id) != ids[key]]
        _update_by_id(session, FigureRow, moved)
        stale = [row.id for key, row in stored.items() if key not in wanted]
        for chunk in _chunks(stale, 500):
            session.execute(update(FlagRow).where(col(FlagRow.group_id).in_(chunk)).values(group_id=None))
            session.execute(delete(GroupRow).where(col(GroupRow.id).in_(chunk)))
        return {d.key: ids[d.key[:500]] for d in drafts}

    def _sync_flags(self, session: Session, story_id: int, figures: dict[int, StoredFigure],
                    drafts: Sequence[FlagDraft], group_ids: dict[str, int]) -> None:
        """Store the story's flags: new ones with their figures, changed ones updated, vanished ones inactive.

        A flag's identity (fingerprint) is its kind and its figures. A draft with no stored
        fingerprint is matched to a reviewed flag it shares figures with (see `_successors`): when
        the new figures only repeat values the editor saw, that flag takes the draft, review and
        all; otherwise the draft is a new flag that reopens it. Rows are read and written as plain
        tuples and dicts: a long story raises dozens of new flags per batch, and building an ORM
        object for each cost more than the analysis that found them.
        """
        keys = {figure_id: _stable_key(stored) for figure_id, stored in figures.items()}
        fields = ("kind", "severity", "why", "active", "group_id", "latest_figure_id", "latest_at", "confidence")
        stored = session.execute(
            sa_select(FlagRow.id, FlagRow.fingerprint, FlagRow.status, FlagRow.reopens_id,  # type: ignore[call-overload]
                      *(getattr(FlagRow, name) for name in fields))
            .where(FlagRow.story_id == story_id)
        ).all()
        existing = {row.fingerprint: row for row in stored}
        now = utcnow()
        seen: set[str] = set()
        fresh: list[tuple[dict[str, Any], FlagDraft]] = []
        changed: list[dict[str, Any]] = []
        for draft in drafts:
            fingerprint = draft.fingerprint(keys)
            if fingerprint in seen:
                continue
            seen.add(fingerprint)
            values = {"kind": str(draft.kind), "severity": str(draft.severity), "why": draft.why, "active": True,
                      "group_id": group_ids.get(draft.group_key or ""), "latest_figure_id": draft.latest_figure_id,
                      "latest_at": draft.latest_at, "confidence": str(draft.confidence)}
            row = existing.get(fingerprint)
            if row is None:
                fresh.append(({"story_id": story_id, "fingerprint": fingerprint, "status": str(FlagStatus.OPEN),
                               "created_at": now, "updated_at": now, "reopens_id": None, **values}, draft))
            elif any(not _same(getattr(row, name), value) for name, value in values.items()):
                changed.append({"id": row.id, "updated_at": now, **values})
        _update_by_id(session, FlagRow, changed)
        kept = self._successors(session, [row for row in stored if row.fingerprint not in seen], fresh, figures, now)
        vanished = [row.id for fingerprint, row in existing.items()
                    if fingerprint not in seen and row.active and row.id not in kept]
        for chunk in _chunks(vanished, 500):
            session.execute(update(FlagRow).where(col(FlagRow.id).in_(chunk)).values(active=False, updated_at=now))
        if not fresh:
            return
        ids = _insert(session, FlagRow, [values for values, _ in fresh], ids=True)
        links = [{"flag_id": flag_id, "figure_id": figure_id} for flag_id, (_, draft) in zip(ids, fresh, strict=True)
                 for figure_id in sorted(set(draft.figure_ids))]
        _insert(session, FlagFigureRow, links)

    def _successors(self, session: Session, unmatched: Sequence[Any], fresh: list[tuple[dict[str, Any], FlagDraft]],
                    figures: dict[int, StoredFigure], now: datetime) -> set[int]:
        """Carry reviews over to FRESH drafts; returns the ids of reviewed flags that took a draft.

        UNMATCHED are the story's stored flags no draft has the fingerprint of. Each fresh draft
        looks for one of them that was reviewed (or reopens a review) of the same kind with the
        most figures in common. When the draft's new figures only repeat the values reviewed
        (`store.reviews.still_reviewed`), the reviewed flag is rewritten to the draft (its
        fingerprint, why and figures) and the draft is dropped from FRESH; otherwise the draft
        will be stored reopening it. Only reviewed flags are looked at: an open flag has no review
        to lose, and reviews are few beside the flags of a long story.
        """
        reviewed = {row.id: row for row in unmatched if row.status != str(FlagStatus.OPEN) or row.reopens_id}
        if not fresh or not reviewed:
            return set()
        members: dict[int, set[int]] = {flag_id: set() for flag_id in reviewed}
        for chunk in _chunks(list(reviewed), 500):
            for flag_id, figure_id in session.execute(
                sa_select(FlagFigureRow.flag_id, FlagFigureRow.figure_id)  # type: ignore[call-overload]
                .where(col(FlagFigureRow.flag_id).in_(chunk))
            ):
                members[flag_id].add(figure_id)
        kept: set[int] = set()
        claimed: set[int] = set()
        for values, draft in list(fresh):
            ids = set(draft.figure_ids)
            candidates = [row for row in reviewed.values() if row.id not in claimed and row.kind == values["kind"]
                          and members[row.id] & ids]
            if not candidates:
                continue
            row = max(candidates, key=lambda r: (r.group_id == values["group_id"], len(members[r.id] & ids),
                                                 r.active, r.id))
            claimed.add(row.id)
            if row.status == str(FlagStatus.OPEN):  # an open flag that reopened a review passes the link on
                values["reopens_id"] = row.reopens_id
                continue
            before = [figures[i] for i in sorted(members[row.id]) if i in figures]
            if not still_reviewed(before, [figures[i] for i in sorted(ids)]):
                values["reopens_id"] = row.id
                continue
            fresh.remove((values, draft))
            kept.add(row.id)
            _update_by_id(session, FlagRow, [{"id": row.id, "fingerprint": values["fingerprint"], "updated_at": now,
                                              **{k: values[k] for k in ("kind", "severity", "why", "active",
                                                                        "group_id", "latest_figure_id",
                                                                        "latest_at", "confidence")}}])
            gone = sorted(members[row.id] - ids)
            if gone:
                session.execute(delete(FlagFigureRow).where(FlagFigureRow.flag_id == row.id,
                                                            col(FlagFigureRow.figure_id).in_(gone)))
            added = sorted(ids - members[row.id])
            _insert(session, FlagFigureRow, [{"flag_id": row.id, "figure_id": i} for i in added])
            log.info("flag %s keeps its %s review: new figures repeat the values reviewed", row.id, row.status)
        return kept

    def recompute_all(self) -> int:
        """Regroup and reflag every story (after an upgrade of the rules); returns the flag count."""
        total = 0
        with Session(self.writer) as session, session.begin():
            for story_id in session.exec(select(StoryRow.id)).all():
                total += self._recompute_story(session, story_id or 0)
        self._refresh_index()
        return total

    # ---- reading --------------------------------------------------------------------------------

    def _story_figures(self, session: Session, story_id: int) -> list[StoredFigure]:
        statement = (
            _figure_select()
            .where(FigureRow.story_id == story_id)
            .order_by(col(FigureRow.article_id), col(FigureRow.idx))
        )
        return self._with_corrections(session, _stored(session.execute(statement).all()))

    def _story_figures_since(self, session: Session, story_id: int) -> list[StoredFigure]:
        """The story's figures as `_story_figures` reads them, reading in full only articles not cached.

        Loading every figure of a 4,000-figure story took 60 ms per ingest. A stored figure never
        changes but for its group, so the cache keeps the figures of recent stories and the database
        says which ids the story has now and their groups: the ids list is the authority, so
        figures another process added are read and nothing rolled back survives.
        """
        known = self._story_cache.get(story_id)
        if not known:
            return self._story_figures(session, story_id)
        rows = session.execute(
            sa_select(FigureRow.id, FigureRow.group_id, FigureRow.article_id)  # type: ignore[call-overload]
            .where(FigureRow.story_id == story_id)
            .order_by(col(FigureRow.article_id), col(FigureRow.idx))
        ).all()
        unread = sorted({article_id for figure_id, _, article_id in rows if figure_id not in known})
        fresh: dict[int, StoredFigure] = {}
        for chunk in _chunks(unread, 500):  # whole articles, so part_of resolves inside each
            statement = _figure_select().where(col(FigureRow.article_id).in_(chunk))
            fresh.update((f.id, f) for f in _stored(session.execute(statement).all()))
        figures = []
        for figure_id, group_id, _ in rows:
            stored = known.get(figure_id) or fresh[figure_id]
            figures.append(stored if stored.group_id == group_id else replace(stored, group_id=group_id))
        return self._with_corrections(session, figures)

    def figures(self, ids: Iterable[int]) -> list[StoredFigure]:
        """The figures with these ids, in article order."""
        wanted = sorted(set(ids))
        if not wanted:
            return []
        found: list[StoredFigure] = []
        with Session(self.engine) as session:
            for chunk in _chunks(wanted, 900):  # SQLite caps bound parameters
                statement = (
                    _figure_select().where(col(FigureRow.id).in_(chunk))
                )
                found.extend(self._with_corrections(session, _stored(session.execute(statement).all())))
        return sorted(found, key=lambda f: (f.source.article_id, f.figure.start))

    def stories_named(self, name: str) -> list[int]:
        """Ids of the stories whose name contains NAME, ignoring case (`story:` in a query)."""
        pattern = f"%{name.strip().lower()}%"
        with Session(self.engine) as session:
            return [i or 0 for i in session.exec(select(StoryRow.id).where(func.lower(StoryRow.name).like(pattern))
                                                 .order_by(col(StoryRow.id))).all()]

    def story_figures(self, story_id: int) -> list[StoredFigure]:
        with Session(self.engine) as session:
            return self._story_figures(session, story_id)

    def groups_of(self, figure_ids: Iterable[int], *, limit: int | None = None) -> list[GroupInfo]:
        """The whole quantity groups these figures belong to, in the order the figures come.

        With LIMIT, only the first LIMIT groups are looked up: a lookup ranks thousands of figures
        but shows a few dozen groups, and reading every group of every hit made it slow at scale.
        """
        ids = list(dict.fromkeys(figure_ids))
        order: list[int] = []
        with Session(self.engine) as session:
            for chunk in _chunks(ids, 900):
                group_of = dict(session.exec(
                    select(FigureRow.id, FigureRow.group_id).where(col(FigureRow.id).in_(chunk))).all())
                for figure_id in chunk:
                    group_id = group_of.get(figure_id)
                    if group_id and group_id not in order:
                        order.append(group_id)
                if limit is not None and len(order) >= limit:
                    order = order[:limit]
                    break
            return self._groups(session, order)

    def _groups(self, session: Session, group_ids: Sequence[int]) -> list[GroupInfo]:
        members: dict[int, list[int]] = {g: [] for g in group_ids}
        rows: dict[int, GroupRow] = {}
        for chunk in _chunks(list(group_ids), 900):
            for figure_id, group_id in session.exec(
                select(FigureRow.id, FigureRow.group_id).where(col(FigureRow.group_id).in_(chunk))
            ):
                members[group_id or 0].append(figure_id or 0)
            rows.update({g.id or 0: g for g in session.exec(select(GroupRow).where(col(GroupRow.id).in_(chunk)))})
        return [
            GroupInfo(id=g, story_id=rows[g].story_id, key=rows[g].key, label=rows[g].label,
                      dimension=rows[g].dimension, figure_ids=tuple(sorted(members[g])))
            for g in group_ids if g in rows
        ]

    def articles(self) -> list[ArticleInfo]:
        """Every live article (neither superseded nor removed), newest first."""
        with Session(self.engine) as session:
            counts = dict(
                session.exec(select(FigureRow.article_id, func.count()).group_by(col(FigureRow.article_id))).all()
            )
            names = {s.id: s.name for s in session.exec(select(StoryRow))}
            rows = session.exec(select(ArticleRow).where(col(ArticleRow.superseded_by).is_(None),
                                                         col(ArticleRow.removed_at).is_(None))
                                .order_by(col(ArticleRow.id).desc())).all()
            return [_article_info(r, names.get(r.story_id), counts.get(r.id, 0)) for r in rows]

    def article(self, article_id: int) -> tuple[ArticleInfo, list[StoredFigure]]:
        with Session(self.engine) as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                raise NotFound(f"No article #{article_id}. `!sources` lists them.")
            story = session.get(StoryRow, row.story_id) if row.story_id else None
            statement = (
                _figure_select()
                .where(FigureRow.article_id == article_id)
                .order_by(col(FigureRow.idx))
            )
            figures = self._with_corrections(session, _stored(session.execute(statement).all()))
            return _article_info(row, story.name if story else None, len(figures)), figures

    def article_text(self, article_id: int) -> str:
        with Session(self.engine) as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                raise NotFound(f"No article #{article_id}.")
            return row.text

    def counts(self) -> dict[str, int]:
        """How much the store holds: articles, figures, stories, open flags."""
        with Session(self.engine) as session:
            return {
                "articles": session.exec(select(func.count()).select_from(ArticleRow)).one(),
                "figures": session.exec(select(func.count()).select_from(FigureRow)).one(),
                "stories": session.exec(select(func.count()).select_from(StoryRow)).one(),
                "open_flags": session.exec(
                    select(func.count()).select_from(FlagRow).where(FlagRow.status == "open", col(FlagRow.active))
                ).one(),
            }

    def is_empty(self) -> bool:
        with Session(self.engine) as session:
            return session.exec(select(ArticleRow.id).limit(1)).first() is None

    # ---- flags ----------------------------------------------------------------------------------

    def flags(self, *, status: FlagStatus | None = None, flag_ids: Iterable[int] | None = None,
              figure_ids: Iterable[int] | None = None, group_ids: Iterable[int] | None = None,
              include_inactive: bool = False) -> list[FlagInfo]:
        """Flags, newest first; optionally only with STATUS, these ids, on these groups or naming these figures."""
        with Session(self.engine) as session:
            statement = select(FlagRow).order_by(col(FlagRow.updated_at).desc(), col(FlagRow.id).desc())
            if group_ids is not None:
                statement = statement.where(col(FlagRow.group_id).in_(sorted(set(group_ids))))
            if status is not None:
                statement = statement.where(FlagRow.status == str(status))
            if not include_inactive:
                statement = statement.where(col(FlagRow.active))
            if flag_ids is not None:
                statement = statement.where(col(FlagRow.id).in_(sorted(set(flag_ids))))
            if figure_ids is not None:
                wanted = sorted(set(figure_ids))
                ids: set[int] = set()
                for chunk in _chunks(wanted, 900):
                    ids.update(session.exec(
                        select(FlagFigureRow.flag_id).where(col(FlagFigureRow.figure_id).in_(chunk))
                    ).all())
                statement = statement.where(col(FlagRow.id).in_(sorted(ids)))
            rows = session.exec(statement).all()
            links: dict[int, list[int]] = {r.id or 0: [] for r in rows}
            for chunk in _chunks(list(links), 900):
                for flag_id, figure_id in session.exec(
                    select(FlagFigureRow.flag_id, FlagFigureRow.figure_id).where(col(FlagFigureRow.flag_id).in_(chunk))
                ):
                    links[flag_id].append(figure_id)
            reopened = self._last_reviews(session, {r.reopens_id for r in rows if r.reopens_id})
            return [_flag_info(r, links[r.id or 0], reopened.get(r.reopens_id or 0)) for r in rows]

    def _last_reviews(self, session: Session, flag_ids: Iterable[int]) -> dict[int, ReviewInfo]:
        """The latest review step of each of these flags."""
        last: dict[int, ReviewInfo] = {}
        for chunk in _chunks(sorted(set(flag_ids)), 900):
            for row in session.exec(select(FlagReviewRow).where(col(FlagReviewRow.flag_id).in_(chunk))
                                    .order_by(col(FlagReviewRow.id))):
                last[row.flag_id] = _review_info(row)
        return last

    def flag(self, flag_id: int) -> FlagInfo:
        found = self.flags(flag_ids=[flag_id], include_inactive=True)
        if not found:
            raise NotFound(f"No flag #{flag_id}. `!flags` lists the open ones.")
        return found[0]

    def review(self, flag_id: int, status: FlagStatus, *, by: str, note: str | None,
               by_id: int | None = None) -> FlagInfo:
        """Record an editor's verdict on a flag, with who (name, Discord id) and when, as a new review step.

        The flag row holds the latest verdict for the lists; flag_review keeps every step.
        """
        now = utcnow()
        with Session(self.writer) as session, session.begin():
            flag = session.get(FlagRow, flag_id, with_for_update=True)
            if flag is None:
                raise NotFound(f"No flag #{flag_id}. `!flags` lists the open ones.")
            flag.status, flag.reviewed_by, flag.reviewed_at = str(status), by[:200], now
            flag.review_note = note
            session.add(flag)
            session.add(FlagReviewRow(flag_id=flag_id, status=str(status), note=note, by_name=by[:200],
                                      by_id=by_id, at=now))
        return self.flag(flag_id)

    def reopened_as(self, flag_id: int) -> list[int]:
        """The flags that reopen FLAG_ID (new figures changed the disagreement it was reviewed on), oldest first."""
        with Session(self.engine) as session:
            return [i or 0 for i in session.exec(select(FlagRow.id).where(FlagRow.reopens_id == flag_id)
                                                 .order_by(col(FlagRow.id))).all()]

    def reviews(self, flag_id: int) -> list[ReviewInfo]:
        """Every review step of a flag, oldest first."""
        return self.review_history([flag_id]).get(flag_id, [])

    def review_history(self, flag_ids: Iterable[int]) -> dict[int, list[ReviewInfo]]:
        """Every review step of these flags, oldest first, by flag id (flags never reviewed are left out)."""
        history: dict[int, list[ReviewInfo]] = {}
        with Session(self.engine) as session:
            for chunk in _chunks(sorted(set(flag_ids)), 900):
                for row in session.exec(select(FlagReviewRow).where(col(FlagReviewRow.flag_id).in_(chunk))
                                        .order_by(col(FlagReviewRow.id))):
                    history.setdefault(row.flag_id, []).append(_review_info(row))
        return history

    # ---- corrections ----------------------------------------------------------------------------

    def _with_corrections(self, session: Session, figures: list[StoredFigure]) -> list[StoredFigure]:
        """FIGURES with the editors' corrections in force applied (and undone ones restored)."""
        if not figures:
            return figures
        if session.exec(select(FigureCorrectionRow.id).limit(1)).first() is None:
            return [corrected(f, None) for f in figures]  # the common case: one cheap look
        steps = self._correction_steps(session, {stable_key(f) for f in figures})
        return [corrected(f, current(steps.get(stable_key(f), []))) for f in figures]

    def _correction_steps(self, session: Session, keys: Iterable[str]) -> dict[str, list[CorrectionInfo]]:
        steps: dict[str, list[CorrectionInfo]] = {}
        for chunk in _chunks(sorted(set(keys)), 500):
            for row in session.exec(select(FigureCorrectionRow).where(col(FigureCorrectionRow.figure_key).in_(chunk))
                                    .order_by(col(FigureCorrectionRow.id))):
                steps.setdefault(row.figure_key, []).append(_correction_info(row))
        return steps

    def fix(self, figure_id: int, *, by: str, value: float | None = None, counts: str | None = None,
            why: str | None = None, by_id: int | None = None) -> StoredFigure:
        """Correct a figure's value and/or what it counts, with who and why; its story's groups and flags follow."""
        if value is None and not counts:
            raise BadInput("Say what to correct: `value=4500` and/or `counts=residents evacuated`.")
        return self._correct(figure_id, CorrectionAction.FIX, by=by, by_id=by_id, value=value, counts=counts,
                             why=why)

    def unfix(self, figure_id: int, *, by: str, why: str | None = None, by_id: int | None = None) -> StoredFigure:
        """Undo the correction of a figure: it reads as extracted again, and the undoing is kept in its history."""
        return self._correct(figure_id, CorrectionAction.UNFIX, by=by, by_id=by_id, why=why)

    def _correct(self, figure_id: int, action: CorrectionAction, *, by: str, by_id: int | None,
                 value: float | None = None, counts: str | None = None, why: str | None = None) -> StoredFigure:
        with Session(self.writer) as session, session.begin():
            row = session.get(FigureRow, figure_id)
            if row is None:
                raise NotFound(f"No figure #{figure_id}. The number after # in `!claim` answers is the figure's.")
            story_id = row.story_id
            if story_id is not None:  # one writer per story at a time, as an ingest takes it
                session.exec(select(StoryRow).where(StoryRow.id == story_id).with_for_update()).first()
            stored = _stored(session.execute(_figure_select().where(FigureRow.id == figure_id)).all())[0]
            key = stable_key(stored)
            in_force = current(self._correction_steps(session, [key]).get(key, []))
            if action == CorrectionAction.UNFIX and in_force is None:
                raise NotFound(f"Figure #{figure_id} has no correction to undo.")
            session.add(FigureCorrectionRow(
                figure_key=key, figure_id=figure_id, action=str(action), value=value,
                counts=(counts or None) and counts.strip()[:1000], why=(why or None) and why.strip(),
                by_name=by[:200], by_id=by_id, at=utcnow()))
            session.flush()
            if story_id is not None:
                self._recompute_story(session, story_id)
        if story_id is not None:
            self._story_cache.put(story_id, [])  # its figures changed; the next ingest reads them anew
        log.info("figure %s %s by %s: value=%s counts=%r", figure_id, action, by, value, counts)
        return self.figures([figure_id])[0]

    def corrections(self, figure_ids: Iterable[int]) -> dict[int, list[CorrectionInfo]]:
        """Every correction step of these figures, oldest first, by figure id (figures never corrected left out)."""
        figures = self.figures(figure_ids)
        with Session(self.engine) as session:
            steps = self._correction_steps(session, {stable_key(f) for f in figures})
        return {f.id: steps[stable_key(f)] for f in figures if stable_key(f) in steps}

    # ---- search ---------------------------------------------------------------------------------

    @property
    def index(self) -> SearchIndex:
        """The in-memory term index, built on first use and kept in step with the database."""
        with self._index_lock:
            if self._index is None:
                self._index = SearchIndex()
                self._index.load(self.engine)
                # The index of a million figures is millions of objects that live as long as the
                # process; each full collection walked them all (0.3 s, landing on an ingest or a
                # lookup at random). Frozen, the collector skips what exists now.
                gc.freeze()
            return self._index

    def _refresh_index(self) -> None:
        if self._index is not None:
            with self._index_lock:
                self._index.load(self.engine)

    def search(self, query: str, *, limit: int | None = None) -> SearchResult:
        """Figures whose counts, action or attribution match QUERY, fuzzily; brings in-sync changes first."""
        index = self.index
        with self._index_lock:  # loading appends to arrays a concurrent search may be reading
            index.load(self.engine)  # cheap when nothing changed: another process may have ingested
            result = index.search(query, limit=limit)
        retired = self._retired(result.figure_ids)
        if retired:  # the index only grows; figures of superseded and removed articles leave here
            result = replace(result, figure_ids=tuple(i for i in result.figure_ids if i not in retired))
        return result

    def _retired(self, figure_ids: Sequence[int]) -> set[int]:
        """Which of these figures left their story (their article was superseded or removed)."""
        found: set[int] = set()
        with Session(self.engine) as session:
            for chunk in _chunks(sorted(set(figure_ids)), 900):
                found.update(i or 0 for i in session.exec(
                    select(FigureRow.id).where(col(FigureRow.id).in_(chunk), col(FigureRow.story_id).is_(None))))
        return found


class _StoryProfiles:
    """The profiles of the clustered stories, kept in memory and in step with the database.

    Loading every story row per ingest cost O(stories) SQL and JSON per article (seconds at a
    million figures). Profiles are reloaded only for the stories that gained an article since the
    last look (articles with a higher id, from this process or another), and the choice runs on
    an inverted index of their terms (stories.StoryIndex).
    """

    def __init__(self) -> None:
        self.index = stories.StoryIndex()
        self.last_article = -1
        self._lock = threading.Lock()

    def choose(self, session: Session, profile: dict[str, float], published: datetime | None,
               pending: dict[int, stories.StoryProfile], *, sync: bool = True) -> int | None:
        """The story an article with PROFILE joins, PENDING (this batch's changes) overriding the cache."""
        with self._lock:
            if sync:
                self._sync(session)
            return self.index.choose(profile, published, extra=list(pending.values()))

    def _sync(self, session: Session) -> None:
        top = session.exec(select(func.max(ArticleRow.id))).one() or 0
        if top == self.last_article:
            return
        statement = select(StoryRow).where(col(StoryRow.explicit).is_(False))
        if self.last_article >= 0:
            changed = session.exec(
                select(ArticleRow.story_id).where(ArticleRow.id > self.last_article).distinct()
            ).all()
            statement = statement.where(col(StoryRow.id).in_([c for c in changed if c]))
        for row in session.exec(statement):
            self.index.put(_profile(row))
        self.last_article = top

    def put(self, profile: stories.StoryProfile) -> None:
        """Take a profile merged in this process; the next sync reloads it from the database anyway."""
        with self._lock:
            self.index.put(profile)


class _StoryFigures:
    """The figures of the stories most recently regrouped, least recently used dropped first.

    Bounded by figures rather than stories, since a few long-running stories hold most of them.
    A cached figure takes about 1.4 KB (measured on the synthetic store), so 50,000 figures, a
    dozen long stories, cost some 70 MB beside the bot's 350 MB index at a million figures.
    """

    def __init__(self, max_figures: int = 50_000) -> None:
        self.max_figures = max_figures
        self._stories: OrderedDict[int, dict[int, StoredFigure]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, story_id: int) -> dict[int, StoredFigure]:
        with self._lock:
            figures = self._stories.get(story_id)
            if figures is None:
                return {}
            self._stories.move_to_end(story_id)
            return figures

    def put(self, story_id: int, figures: Sequence[StoredFigure]) -> None:
        with self._lock:
            self._size -= len(self._stories.pop(story_id, {}))
            if len(figures) > self.max_figures:
                return
            self._stories[story_id] = {f.id: f for f in figures}
            self._size += len(figures)
            while self._size > self.max_figures:
                _, dropped = self._stories.popitem(last=False)
                self._size -= len(dropped)


def _retire_figures(session: Session, article_id: int) -> None:
    """Take an article's figures out of its story and groups (story_id NULL); their rows and flag links stay."""
    session.execute(update(FigureRow).where(FigureRow.article_id == article_id).values(story_id=None, group_id=None))


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _insert(session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]], *, ids: bool = False
            ) -> Sequence[int]:
    """INSERT ROWS (dicts with the same keys) in one executemany; their new ids, in order, when IDS.

    Plain SQL rather than the ORM's bulk insert, which splits rows by which of their values are
    None: on PostgreSQL that was one statement per figure (3,064 for 200 articles, a third of the
    ingest). With ids, SQLAlchemy batches the rows into multi-row INSERT ... RETURNING. (One
    INSERT ... VALUES of a thousand figures was slower still on PostgreSQL than psycopg's
    pipelined executemany.)
    """
    if not rows:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    if not ids:
        session.execute(table.insert(), rows)
        return []
    statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return session.execute(statement, rows).scalars().all()


def _update_by_id(session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> None:
    """UPDATE each row by its "id", one executemany of plain SQL.

    The ORM's bulk update by primary key spent 36 ms per call walking the model's attributes,
    more than the update itself; every row here carries the same keys.
    """
    if not rows:
        return
    table = model.__table__  # type: ignore[attr-defined]
    names = [name for name in rows[0] if name != "id"]
    statement = (table.update().where(table.c.id == bindparam("_id"))
                 .values({name: bindparam(f"_{name}") for name in names}))
    session.execute(statement, [{f"_{name}": value for name, value in row.items()} for row in rows])


def _same(stored: Any, value: Any) -> bool:
    """STORED (as the database hands it back) equals VALUE; SQLite returns datetimes without their zone."""
    if isinstance(stored, datetime) and isinstance(value, datetime) and stored.tzinfo is None:
        return stored == value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else stored == value
    return bool(stored == value)


def _stable_key(figure: StoredFigure) -> str:
    """What identifies a figure across recomputes: its article's text and its place in it."""
    return f"{figure.extra.get('hash', figure.source.article_id)}:{figure.figure.start}:{figure.figure.end}"


def _article_row(digest: str, article: ArticleInput, story_id: int, now: datetime) -> dict[str, Any]:
    """The article's row, clipped to the column widths, which PostgreSQL enforces."""
    return dict(
        content_hash=digest, outlet=(article.outlet or "").strip()[:200],  # empty: unknown (store.labels)
        title=(article.title or None) and article.title[:500],
        url=article.url and article.url[:2000], published=article.published,
        file=article.file and article.file[:1000], text=article.text, original=article.original,
        story_id=story_id, ingested_at=now, source_key=source_key(article),
    )


def _figure_rows(article_id: int, story_id: int | None, figures: Sequence[Figure]) -> list[dict[str, Any]]:
    """Rows for a bulk insert: building ORM objects cost more than the insert itself."""
    return [
        dict(
            article_id=article_id, story_id=story_id, idx=i, start=f.start, end=f.end, text=f.text[:1000],
            value=f.value, low=f.low, high=f.high, qualifier=str(f.qualifier), unit=f.unit,
            dimension=dimension_of(f.unit), counts=(f.counts or None) and f.counts[:1000],
            counts_key=(f.counts_key or None) and f.counts_key[:500], action=(f.action or None) and f.action[:500],
            action_key=(f.action_key or None) and f.action_key[:200], said_by=(f.said_by or None) and f.said_by[:500],
            part_of_idx=f.part_of, sentence=f.sentence, sentence_start=f.sentence_start,
            change=str(f.change) if f.change else None, period=(f.period or None) and f.period[:200], vague=f.vague,
        )
        for i, f in enumerate(figures)
    ]


_FIGURE_COLUMNS = [FigureRow.__table__.c[name] for name in (  # type: ignore[attr-defined]
    "id", "article_id", "idx", "story_id", "group_id", "start", "end", "text", "value", "low", "high", "qualifier",
    "unit", "counts", "counts_key", "action", "action_key", "said_by", "part_of_idx", "sentence", "sentence_start",
    "change", "period", "vague")]
_ARTICLE_COLUMNS = [ArticleRow.__table__.c[name].label(f"article_{name}") for name in (  # type: ignore[attr-defined]
    "outlet", "title", "url", "published", "file", "content_hash")]


def _figure_select() -> Select[Any]:
    """Figures with what their article says about its source, without loading article texts."""
    return sa_select(*_FIGURE_COLUMNS, *_ARTICLE_COLUMNS).join(
        ArticleRow.__table__, ArticleRow.__table__.c.id == FigureRow.__table__.c.article_id  # type: ignore[attr-defined]
    )


def _stored(rows: Iterable[Any]) -> list[StoredFigure]:
    rows = list(rows)
    # part_of is an index within the article's extraction; resolve it to the figure id
    by_position = {(r.article_id, r.idx): r.id for r in rows}
    sources: dict[int, Source] = {}
    out = []
    for r in rows:
        figure = Figure(
            start=r.start, end=r.end, text=r.text, value=r.value, low=r.low, high=r.high,
            qualifier=Qualifier(r.qualifier), unit=r.unit, counts=r.counts, counts_key=r.counts_key,
            action=r.action, action_key=r.action_key, said_by=r.said_by, part_of=r.part_of_idx,
            sentence=r.sentence, sentence_start=r.sentence_start, change=Change(r.change) if r.change else None,
            period=r.period, vague=r.vague,
        )
        source = sources.get(r.article_id)
        if source is None:
            published = r.article_published
            if published is not None and published.tzinfo is None:
                published = published.replace(tzinfo=UTC)  # SQLite hands back naive datetimes
            source = sources[r.article_id] = Source(
                article_id=r.article_id, outlet=r.article_outlet or None, title=r.article_title, url=r.article_url,
                published=published, file=r.article_file)
        part_of_id = by_position.get((r.article_id, r.part_of_idx)) if r.part_of_idx is not None else None
        out.append(StoredFigure(id=r.id, figure=figure, source=source, story_id=r.story_id, group_id=r.group_id,
                                part_of_id=part_of_id, extra={"hash": r.article_content_hash}))
    return out


def _profile(row: StoryRow) -> stories.StoryProfile:
    return stories.StoryProfile(
        id=row.id or 0, name=row.name, terms=json.loads(row.terms_json or "{}"),
        first_published=row.first_published, last_published=row.last_published, articles=row.articles,
    )


def _article_info(row: ArticleRow, story_name: str | None, figures: int) -> ArticleInfo:
    return ArticleInfo(
        id=row.id or 0, outlet=row.outlet or None, title=row.title, url=row.url, published=row.published, file=row.file,
        story_id=row.story_id, story_name=story_name, figures=figures, ingested_at=row.ingested_at,
        superseded_by=row.superseded_by, removed_by=row.removed_by, removed_reason=row.removed_reason,
        removed_at=row.removed_at,
    )


def _correction_info(row: FigureCorrectionRow) -> CorrectionInfo:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)  # SQLite hands back naive datetimes
    return CorrectionInfo(figure_id=row.figure_id, action=row.action, value=row.value, counts=row.counts, why=row.why,
                          by_name=row.by_name, by_id=row.by_id, at=at)


def _review_info(row: FlagReviewRow) -> ReviewInfo:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)  # SQLite hands back naive datetimes
    return ReviewInfo(flag_id=row.flag_id, status=row.status, note=row.note, by_name=row.by_name, by_id=row.by_id,
                      at=at)


def _flag_info(row: FlagRow, figure_ids: Sequence[int], reopened: ReviewInfo | None = None) -> FlagInfo:
    return FlagInfo(
        id=row.id or 0, story_id=row.story_id, group_id=row.group_id, kind=row.kind, severity=row.severity,
        status=row.status, why=row.why, figure_ids=tuple(sorted(figure_ids)), active=row.active,
        latest_figure_id=row.latest_figure_id, latest_at=row.latest_at, reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at, review_note=row.review_note, created_at=row.created_at,
        updated_at=row.updated_at, reopens_id=row.reopens_id, reopened=reopened, confidence=row.confidence,
    )
