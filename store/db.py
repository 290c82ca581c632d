"""The claim store: the only class that speaks SQL. SQLite or PostgreSQL, chosen by URL."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from sqlalchemy import Engine, delete, func, update
from sqlmodel import Session, col, select

from store import migrate, stories
from store.discrepancy import analyse
from store.engine import make_engine
from store.errors import BadInput, NotFound
from store.extract import extract
from store.figure import Change, Figure, Qualifier, Source, StoredFigure
from store.ingest import ArticleInput
from store.models import ArticleRow, FigureRow, FlagFigureRow, FlagRow, GroupRow, StoryRow, utcnow
from store.quantity import FlagStatus
from store.records import ArticleInfo, FlagInfo, GroupInfo, IngestResult
from store.search import SearchIndex, SearchResult
from store.units import dimension_of

log = logging.getLogger(__name__)

Extractor = Callable[[str], list[Figure]]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Store:
    """Articles, figures, groups and flags; one transaction per article."""

    def __init__(self, engine: Engine, *, extractor: Extractor = extract) -> None:
        self.engine = engine
        self.extractor = extractor
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()

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
        text = article.text
        if not text.strip():
            raise BadInput("The article has no text.")
        digest = content_hash(text)
        with Session(self.engine) as session:
            known = session.exec(select(ArticleRow).where(ArticleRow.content_hash == digest)).first()
            if known is not None:
                story = session.get(StoryRow, known.story_id) if known.story_id else None
                count = session.exec(select(func.count()).where(FigureRow.article_id == known.id)).one()
                return IngestResult(
                    article_id=known.id or 0, figures=count, story_id=known.story_id,
                    story_name=story.name if story else None, duplicate=True, label=known.outlet,
                )
        figures = [f for f in self.extractor(text) if not f.vague]
        profile = stories.profile_of(text, article.title)
        with Session(self.engine) as session, session.begin():
            story = self._story_for(session, article, profile)
            row = ArticleRow(
                content_hash=digest, outlet=article.outlet[:200], title=(article.title or None),
                url=article.url, published=article.published, file=article.file, text=text,
                original=article.original, story_id=story.id,
            )
            session.add(row)
            session.flush()
            session.add_all(_figure_rows(row.id or 0, story.id, figures))
            session.flush()
            flags = self._recompute_story(session, story.id or 0)
            result = IngestResult(
                article_id=row.id or 0, figures=len(figures), story_id=story.id, story_name=story.name,
                flags=flags, label=article.outlet,
            )
        self._refresh_index()
        log.info("ingested article %s (%s): %d figures, story %s", result.article_id, article.outlet,
                 result.figures, result.story_name)
        return result

    def _story_for(self, session: Session, article: ArticleInput, profile: dict[str, float]) -> StoryRow:
        """The story ARTICLE belongs to, locked for this transaction; created when none fits."""
        if article.story:
            name = article.story.strip()[:200]
            story = session.exec(select(StoryRow).where(StoryRow.name == name).with_for_update()).first()
            if story is None:
                story = StoryRow(name=name, explicit=True)
        else:
            candidates = [
                _profile(row) for row in session.exec(select(StoryRow).where(col(StoryRow.explicit).is_(False)))
            ]
            chosen = stories.choose_story(profile, article.published, candidates)
            story = None
            if chosen is not None:
                story = session.exec(select(StoryRow).where(StoryRow.id == chosen).with_for_update()).one()
            if story is None:
                story = StoryRow(name=stories.story_name(profile)[:200])  # a 300-letter word must fit
        merged = stories.merge(profile, article.published, _profile(story))
        story.terms_json = json.dumps(merged.terms, sort_keys=True)
        story.first_published = merged.first_published
        story.last_published = merged.last_published
        story.articles = merged.articles
        if not story.explicit and story.articles > 1:
            story.name = stories.story_name(merged.terms)[:200]
        session.add(story)
        session.flush()
        return story

    def _recompute_story(self, session: Session, story_id: int) -> int:
        """Regroup and reflag one story; flags keep their id and review through their fingerprint."""
        figures = self._story_figures(session, story_id)
        analysis = analyse(figures)
        keys = {f.id: _stable_key(f) for f in figures}
        session.exec(update(FigureRow).where(FigureRow.story_id == story_id).values(group_id=None))
        session.exec(update(FlagRow).where(FlagRow.story_id == story_id).values(group_id=None))
        session.exec(delete(GroupRow).where(GroupRow.story_id == story_id))
        group_of: dict[str, int] = {}
        for draft in analysis.groups:
            group = GroupRow(story_id=story_id, key=draft.key[:500], label=draft.label[:500],
                             dimension=draft.dimension)
            session.add(group)
            session.flush()
            group_of[draft.key] = group.id or 0
            session.exec(update(FigureRow).where(col(FigureRow.id).in_(draft.figure_ids)).values(group_id=group.id))
        existing = {f.fingerprint: f for f in session.exec(select(FlagRow).where(FlagRow.story_id == story_id))}
        seen: set[str] = set()
        now = utcnow()
        for draft in analysis.flags:
            fingerprint = draft.fingerprint(keys)
            seen.add(fingerprint)
            flag = existing.get(fingerprint)
            if flag is None:
                flag = FlagRow(story_id=story_id, fingerprint=fingerprint, kind=str(draft.kind),
                               severity=str(draft.severity), why=draft.why)
            flag.group_id = group_of.get(draft.group_key or "")
            flag.severity, flag.why, flag.active, flag.updated_at = str(draft.severity), draft.why, True, now
            flag.latest_figure_id, flag.latest_at = draft.latest_figure_id, draft.latest_at
            session.add(flag)
            session.flush()
            session.exec(delete(FlagFigureRow).where(FlagFigureRow.flag_id == flag.id))
            session.add_all(FlagFigureRow(flag_id=flag.id or 0, figure_id=i) for i in sorted(set(draft.figure_ids)))
        for fingerprint, flag in existing.items():
            if fingerprint not in seen and flag.active:
                flag.active, flag.updated_at = False, now
                session.add(flag)
        session.flush()
        return len(analysis.flags)

    def recompute_all(self) -> int:
        """Regroup and reflag every story (after an upgrade of the rules); returns the flag count."""
        total = 0
        with Session(self.engine) as session, session.begin():
            for story_id in session.exec(select(StoryRow.id)).all():
                total += self._recompute_story(session, story_id or 0)
        self._refresh_index()
        return total

    # ---- reading --------------------------------------------------------------------------------

    def _story_figures(self, session: Session, story_id: int) -> list[StoredFigure]:
        statement = (
            select(FigureRow, ArticleRow)
            .join(ArticleRow, col(ArticleRow.id) == FigureRow.article_id)
            .where(FigureRow.story_id == story_id)
            .order_by(col(FigureRow.article_id), col(FigureRow.idx))
        )
        return _stored(session.exec(statement).all())

    def figures(self, ids: Iterable[int]) -> list[StoredFigure]:
        """The figures with these ids, in article order."""
        wanted = sorted(set(ids))
        if not wanted:
            return []
        found: list[StoredFigure] = []
        with Session(self.engine) as session:
            for chunk in _chunks(wanted, 900):  # SQLite caps bound parameters
                statement = (
                    select(FigureRow, ArticleRow)
                    .join(ArticleRow, col(ArticleRow.id) == FigureRow.article_id)
                    .where(col(FigureRow.id).in_(chunk))
                )
                found.extend(_stored(session.exec(statement).all()))
        return sorted(found, key=lambda f: (f.source.article_id, f.figure.start))

    def story_figures(self, story_id: int) -> list[StoredFigure]:
        with Session(self.engine) as session:
            return self._story_figures(session, story_id)

    def groups_of(self, figure_ids: Iterable[int]) -> list[GroupInfo]:
        """The whole quantity groups these figures belong to."""
        ids = sorted(set(figure_ids))
        if not ids:
            return []
        with Session(self.engine) as session:
            group_ids: set[int] = set()
            for chunk in _chunks(ids, 900):
                group_ids.update(
                    g for g in session.exec(select(FigureRow.group_id).where(col(FigureRow.id).in_(chunk))) if g
                )
            return self._groups(session, sorted(group_ids))

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
        """Every article, newest first."""
        with Session(self.engine) as session:
            counts = dict(
                session.exec(select(FigureRow.article_id, func.count()).group_by(col(FigureRow.article_id))).all()
            )
            names = {s.id: s.name for s in session.exec(select(StoryRow))}
            rows = session.exec(select(ArticleRow).order_by(col(ArticleRow.id).desc())).all()
            return [_article_info(r, names.get(r.story_id), counts.get(r.id, 0)) for r in rows]

    def article(self, article_id: int) -> tuple[ArticleInfo, list[StoredFigure]]:
        with Session(self.engine) as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                raise NotFound(f"No article #{article_id}. `!sources` lists them.")
            story = session.get(StoryRow, row.story_id) if row.story_id else None
            statement = (
                select(FigureRow, ArticleRow)
                .join(ArticleRow, col(ArticleRow.id) == FigureRow.article_id)
                .where(FigureRow.article_id == article_id)
                .order_by(col(FigureRow.idx))
            )
            figures = _stored(session.exec(statement).all())
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
              figure_ids: Iterable[int] | None = None, include_inactive: bool = False) -> list[FlagInfo]:
        """Flags, newest first; optionally only those with STATUS, these ids or naming these figures."""
        with Session(self.engine) as session:
            statement = select(FlagRow).order_by(col(FlagRow.updated_at).desc(), col(FlagRow.id).desc())
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
            return [_flag_info(r, links[r.id or 0]) for r in rows]

    def flag(self, flag_id: int) -> FlagInfo:
        found = self.flags(flag_ids=[flag_id], include_inactive=True)
        if not found:
            raise NotFound(f"No flag #{flag_id}. `!flags` lists the open ones.")
        return found[0]

    def review(self, flag_id: int, status: FlagStatus, *, by: str, note: str | None) -> FlagInfo:
        """Record an editor's verdict on a flag, with who and when."""
        with Session(self.engine) as session, session.begin():
            flag = session.get(FlagRow, flag_id, with_for_update=True)
            if flag is None:
                raise NotFound(f"No flag #{flag_id}. `!flags` lists the open ones.")
            flag.status, flag.reviewed_by, flag.reviewed_at = str(status), by[:200], utcnow()
            flag.review_note = note
            session.add(flag)
        return self.flag(flag_id)

    # ---- search ---------------------------------------------------------------------------------

    @property
    def index(self) -> SearchIndex:
        """The in-memory term index, built on first use and kept in step with the database."""
        with self._index_lock:
            if self._index is None:
                self._index = SearchIndex()
                self._index.load(self.engine)
            return self._index

    def _refresh_index(self) -> None:
        if self._index is not None:
            with self._index_lock:
                self._index.load(self.engine)

    def search(self, query: str, *, limit: int | None = None) -> SearchResult:
        """Figures whose counts, action or attribution match QUERY, fuzzily; brings in-sync changes first."""
        index = self.index
        with self._index_lock:
            index.load(self.engine)  # cheap when nothing changed: another process may have ingested
        return index.search(query, limit=limit)


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _stable_key(figure: StoredFigure) -> str:
    """What identifies a figure across recomputes: its article's text and its place in it."""
    return f"{figure.extra.get('hash', figure.source.article_id)}:{figure.figure.start}:{figure.figure.end}"


def _figure_rows(article_id: int, story_id: int | None, figures: Sequence[Figure]) -> list[FigureRow]:
    return [
        FigureRow(
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


def _stored(rows: Iterable[tuple[FigureRow, ArticleRow]]) -> list[StoredFigure]:
    rows = list(rows)
    # part_of is an index within the article's extraction; resolve it to the figure id
    by_position = {(f.article_id, f.idx): f.id for f, _ in rows}
    out = []
    for f, a in rows:
        figure = Figure(
            start=f.start, end=f.end, text=f.text, value=f.value, low=f.low, high=f.high,
            qualifier=Qualifier(f.qualifier), unit=f.unit, counts=f.counts, counts_key=f.counts_key,
            action=f.action, action_key=f.action_key, said_by=f.said_by, part_of=f.part_of_idx,
            sentence=f.sentence, sentence_start=f.sentence_start, change=Change(f.change) if f.change else None,
            period=f.period, vague=f.vague,
        )
        source = Source(article_id=a.id or 0, outlet=a.outlet, title=a.title, url=a.url, published=a.published,
                        file=a.file)
        part_of_id = by_position.get((f.article_id, f.part_of_idx)) if f.part_of_idx is not None else None
        out.append(StoredFigure(id=f.id or 0, figure=figure, source=source,
                                story_id=f.story_id, group_id=f.group_id, part_of_id=part_of_id,
                                extra={"hash": a.content_hash}))
    return out


def _profile(row: StoryRow) -> stories.StoryProfile:
    return stories.StoryProfile(
        id=row.id or 0, name=row.name, terms=json.loads(row.terms_json or "{}"),
        first_published=row.first_published, last_published=row.last_published, articles=row.articles,
    )


def _article_info(row: ArticleRow, story_name: str | None, figures: int) -> ArticleInfo:
    return ArticleInfo(
        id=row.id or 0, outlet=row.outlet, title=row.title, url=row.url, published=row.published, file=row.file,
        story_id=row.story_id, story_name=story_name, figures=figures, ingested_at=row.ingested_at,
    )


def _flag_info(row: FlagRow, figure_ids: Sequence[int]) -> FlagInfo:
    return FlagInfo(
        id=row.id or 0, story_id=row.story_id, group_id=row.group_id, kind=row.kind, severity=row.severity,
        status=row.status, why=row.why, figure_ids=tuple(sorted(figure_ids)), active=row.active,
        latest_figure_id=row.latest_figure_id, latest_at=row.latest_at, reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at, review_note=row.review_note, created_at=row.created_at,
        updated_at=row.updated_at,
    )


def published_sort_key(published: datetime | None) -> datetime:
    return published or datetime.min
