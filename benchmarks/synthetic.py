"""A realistic synthetic claim store of N figures, written straight into the tables.

Running a million figures through the extractor would take hours, so the figures are made the way
the extractor would have stored them: what is counted ("militants and their families"), what
happened to them ("evacuated"), who said so ("Ingy Sedky, a spokesman for the ICRC"), the sentence
they come from (one of the templates below, with hedges, dates and tails) and the article and
story they belong to. The shape follows ../shared/notes/lookup.md section 4:

- 9 topic clusters; 70 % of figures take what they count and what happened from their story's
  topic, 30 % at random, so words co-occur as in news;
- places and people are drawn from large synthetic pools with a Zipf law, so the vocabulary keeps
  growing with the store (Heaps' law) instead of saturating at a few hundred words;
- each story has ~25 articles of ~20 figures; figures of a story that count the same thing with
  the same action form one quantity group, and one group in 20 carries a flag.

`articles()` writes whole article texts from the same templates for measuring ingest through the
real extractor. `QUERIES` are the 50 lookups of the benchmark with their ground truth.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from store.ingest import ArticleInput
from store.terms import terms

TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "evacuation": (
        [
            "civilians",
            "people",
            "residents",
            "militants and their families",
            "wounded civilians",
            "children",
            "families",
            "patients",
            "evacuees",
            "rebels and their families",
            "fighters",
        ],
        ["evacuated", "bused out", "relocated", "moved out", "taken out", "evacuating"],
    ),
    "casualties": (
        [
            "civilians",
            "people",
            "soldiers",
            "children",
            "women",
            "militants",
            "rebels",
            "fighters",
            "journalists",
            "police officers",
            "casualties",
            "deaths",
            "injuries",
            "killings",
        ],
        ["killed", "wounded", "injured", "died", "reported", "confirmed", "raising the death toll"],
    ),
    "displacement": (
        ["refugees", "displaced people", "asylum seekers", "migrants", "families", "returnees"],
        ["displaced", "fled", "returned", "registered", "sheltered", "fleeing"],
    ),
    "aid": (
        [
            "aid trucks",
            "food parcels",
            "tonnes of food",
            "tonnes of medicine",
            "convoys",
            "trucks",
            "blankets",
            "tents",
            "litres of water",
        ],
        ["delivered", "sent", "distributed", "entered", "blocked", "allowed in"],
    ),
    "transport": (
        ["buses", "ambulances", "cars", "helicopters", "vehicles", "minibuses", "passenger busses"],
        ["provided", "deployed", "crossed the frontline", "arrived", "used", "bused"],
    ),
    "demining": (
        [
            "hectares",
            "square kilometres of land",
            "mines",
            "explosive devices",
            "demined area",
            "unexploded shells",
            "percent of the area",
        ],
        ["demined", "cleared", "defused", "removed", "demining"],
    ),
    "detention": (
        ["hostages", "detainees", "prisoners", "journalists", "protesters", "suspects", "militants"],
        [
            "released",
            "arrested",
            "detained",
            "freed",
            "held",
            "surrendered",
            "laid down their weapons",
            "laid down their arms",
        ],
    ),
    "military": (
        [
            "airstrikes",
            "air strikes",
            "drones",
            "missiles",
            "rockets",
            "shells",
            "rounds of ammunition",
            "weapons",
            "sorties",
        ],
        ["launched", "fired", "shot down", "intercepted", "seized", "carried out"],
    ),
    "health": (
        [
            "hospitals",
            "doctors",
            "children",
            "people",
            "vaccine doses",
            "cases",
            "percent of children",
            "per cent of homes",
            "health centres",
        ],
        ["vaccinated", "treated", "infected", "damaged", "closed", "vaccinating"],
    ),
}
MODIFIERS = [
    "wounded",
    "injured",
    "elderly",
    "Syrian",
    "Kurdish-led",
    "foreign",
    "local",
    "armed",
    "unarmed",
    "critically wounded",
    "young",
    "pregnant",
    "Palestinian",
    "Iraqi",
    "Yemeni",
    "Afghan",
    "sick",
    "stranded",
    "trapped",
    "displaced",
    "missing",
    "Ukrainian",
    "Sudanese",
    "Rohingya",
]
ORGS = [
    "the ICRC",
    "the Red Cross",
    "Reuters",
    "the WHO",
    "the UN",
    "UNHCR",
    "the health ministry",
    "Syrian state TV",
    "the Russian Defense Ministry",
    "the Syrian Observatory for Human Rights",
    "AFP",
    "Amnesty International",
    "MSF",
    "the army",
    "police",
    "local officials",
    "the Pentagon",
    "the Hamas-run health ministry",
    "the Associated Press",
    "the interior ministry",
    "OCHA",
    "UNICEF",
    "the Russian Centre for Reconciliation",
    "Human Rights Watch",
    "the civil defence",
    "the White Helmets",
    "the World Food Programme",
    "the Kremlin",
    "the governor's office",
    "the coalition",
]
ROLES = [
    "a spokesman for",
    "a spokeswoman for",
    "an official at",
    "the head of",
    "a doctor with",
    "a commander of",
    "a researcher at",
]
OUTLETS = [
    "Reuters",
    "AFP",
    "AP",
    "BBC News",
    "Al Jazeera",
    "RT",
    "TASS",
    "The Guardian",
    "CNN",
    "Sky News",
    "Le Monde",
    "Der Spiegel",
    "France 24",
    "Anadolu",
    "Xinhua",
    "NPR",
    "Deutsche Welle",
    "ABC News",
]
HEDGES = [
    ("", "exact"),
    ("at least ", "at_least"),
    ("more than ", "more_than"),
    ("about ", "approx"),
    ("up to ", "up_to"),
    ("nearly ", "approx"),
    ("some ", "approx"),
    ("over ", "more_than"),
    ("as many as ", "up_to"),
    ("fewer than ", "less_than"),
]
WEEKDAYS = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "on Saturday",
    "on Sunday",
    "overnight",
    "in the past 24 hours",
    "since the start of the week",
    "this month",
]
TEMPLATES = [
    "{Q} {counts} were {action} in {place} {when}, {src} said.",
    "{src} said {q} {counts} had been {action} {when} in {place}.",
    "According to {src}, {q} {counts} were {action} {when}.",
    "{Q} {counts} have been {action} since the fighting in {place} began, {src} told reporters.",
    "In {place}, {q} {counts} were {action} {when}, according to {src}.",
    "{src} reported that {q} {counts} were {action} near {place} {when}.",
    "The figure of {q} {counts} {action} in {place} could not be independently verified, {src} said.",
    "{Q} {counts} were {action} {when}, {src} said, raising the death toll in {place}.",
    "Officials in {place} said {q} {counts} were {action}, but {src} gave a lower figure.",
    "{src} said in a statement that {q} {counts} were {action} in and around {place} {when}.",
    "By {when_short}, {q} {counts} had been {action} from {place}, {src} said.",
    "{Q} {counts} were {action} in {place}, {src} said, adding that the number was likely to rise.",
    "{src} estimated that {q} {counts} were {action} across {place} {when}.",
]
SYLLABLES = [
    "al",
    "ar",
    "ba",
    "dar",
    "el",
    "fa",
    "ha",
    "ib",
    "ka",
    "kha",
    "la",
    "ma",
    "na",
    "qa",
    "ra",
    "sa",
    "sha",
    "ta",
    "um",
    "wa",
    "ya",
    "za",
    "bor",
    "gor",
    "lin",
    "vo",
    "sk",
    "ov",
    "ev",
    "in",
    "ko",
    "mir",
    "nov",
    "pol",
    "rad",
    "tur",
    "zan",
    "bek",
    "dor",
    "gan",
    "hal",
    "jab",
    "kar",
    "mos",
    "nik",
    "ost",
]
REAL_PLACES = [
    "Aleppo",
    "Homs",
    "Idlib",
    "Raqqa",
    "Mosul",
    "Gaza",
    "Rafah",
    "Khan Younis",
    "Kharkiv",
    "Bakhmut",
    "Mariupol",
    "Kyiv",
    "Donetsk",
    "Sanaa",
    "Hodeidah",
    "Kabul",
    "Kandahar",
    "Khartoum",
    "Darfur",
    "Tripoli",
    "Benghazi",
    "Cox's Bazar",
    "Goma",
    "Beni",
    "Mogadishu",
    "Douma",
    "Deir ez-Zor",
    "Afrin",
]
FIRST = [
    "Ahmed",
    "Maria",
    "Olga",
    "John",
    "Fatima",
    "Ivan",
    "Sarah",
    "Omar",
    "Anna",
    "David",
    "Leila",
    "Igor",
    "Ingy",
    "Valery",
    "Yusuf",
    "Elena",
    "Hassan",
    "Mona",
    "Peter",
    "Rami",
    "Nadia",
    "Sergei",
    "Amina",
    "Paul",
]
FIGURES_PER_ARTICLE = 20
ARTICLES_PER_STORY = 25


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


class Pools:
    """Places and people, big enough that the vocabulary grows with the store."""

    def __init__(self, rng: random.Random, n_figures: int) -> None:
        n_places = max(100, n_figures // 4)
        n_people = max(100, n_figures // 10)
        self.places = REAL_PLACES + [_word(rng, rng.randint(2, 4)).capitalize() for _ in range(n_places)]
        self.people = [f"{rng.choice(FIRST)} {_word(rng, rng.randint(2, 4)).capitalize()}" for _ in range(n_people)]
        self._place_weights = _zipf(len(self.places), 0.7)
        self._people_weights = _zipf(len(self.people), 0.7)
        self.rng = rng

    def place(self) -> str:
        return self.rng.choices(self.places, cum_weights=self._place_weights)[0]

    def person(self) -> str:
        return self.rng.choices(self.people, cum_weights=self._people_weights)[0]


def _zipf(n: int, s: float) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / rank**s
        out.append(total)
    return out


@dataclass(slots=True)
class _Figure:
    counts: str
    action: str
    said_by: str | None
    sentence: str
    quote: str
    quote_at: int  # offset of the quote in the sentence
    value: float
    qualifier: str
    unit: str | None


def _figure(rng: random.Random, pools: Pools, topic: str, place: str) -> _Figure:
    heads, verbs = TOPICS[topic] if rng.random() < 0.7 else TOPICS[rng.choice(list(TOPICS))]
    head = rng.choice(heads)
    if rng.random() < 0.2:
        head = f"{rng.choice(MODIFIERS)} {head}"
    counts = head
    if rng.random() < 0.25:
        counts = f"{head} in {pools.place() if rng.random() < 0.5 else place}"
    action = rng.choice(verbs)
    roll = rng.random()
    if roll < 0.5:
        said_by: str | None = rng.choice(ORGS)
    elif roll < 0.8:
        said_by = f"{pools.person()}, {rng.choice(ROLES)} {rng.choice(ORGS).removeprefix('the ')}"
    else:
        said_by = None
    hedge, qualifier = rng.choice(HEDGES)
    value = float(rng.choice([rng.randint(2, 99), rng.randint(100, 9_999), rng.randint(10, 500) * 100]))
    number = f"{int(value):,}"
    unit = "hectare" if head.endswith("hectares") else ("kilometer ** 2" if "square kilometres" in head else None)
    template = rng.choice(TEMPLATES)
    quoted = f"{hedge}{number} {counts}"
    sentence = template.format(
        Q=(hedge + number)[:1].upper() + (hedge + number)[1:],
        q=hedge + number,
        counts=counts,
        action=action,
        place=place,
        when=rng.choice(WEEKDAYS),
        when_short="Friday",
        src=said_by or "a local source",
    )
    sentence = sentence[:1].upper() + sentence[1:]
    at = sentence.lower().find(quoted.lower())
    return _Figure(
        counts=counts,
        action=action,
        said_by=said_by,
        sentence=sentence,
        quote=quoted,
        quote_at=max(at, 0),
        value=value,
        qualifier=qualifier,
        unit=unit,
    )


def _rows(n_figures: int, seed: int) -> Iterator[tuple[str, tuple]]:
    """(table, row) in insertion order: each story, then its articles, groups, figures and flags."""
    rng = random.Random(seed)
    pools = Pools(rng, n_figures)
    created = datetime(2024, 1, 1, tzinfo=UTC)
    figure_id = article_id = group_id = flag_id = story_id = 0
    while figure_id < n_figures:
        story_id += 1
        topic = rng.choice(list(TOPICS))
        place = pools.place()
        start = datetime(2015, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 3650))
        name = f"{place.lower()} {topic}"
        story_terms = {
            t: round(1.0 / (i + 1), 6)
            for i, t in enumerate(
                dict.fromkeys(
                    terms(f"{place} {topic} {' '.join(TOPICS[topic][0][:4])} {' '.join(TOPICS[topic][1][:3])}")
                )
            )
        }
        n_articles = max(1, int(rng.expovariate(1 / ARTICLES_PER_STORY)))
        yield (
            "story",
            (story_id, name, False, json.dumps(story_terms), start, start + timedelta(days=6), n_articles, created),
        )
        groups: dict[tuple[str, str], int] = {}
        for _ in range(n_articles):
            if figure_id >= n_figures:
                break
            article_id += 1
            published = start + timedelta(hours=rng.randint(0, 144))
            figures = [_figure(rng, pools, topic, place) for _ in range(rng.randint(5, 2 * FIGURES_PER_ARTICLE - 5))]
            text = " ".join(f.sentence for f in figures)
            outlet = rng.choice(OUTLETS)
            digest = hashlib.sha256(f"{article_id}:{text}".encode()).hexdigest()
            yield (
                "article",
                (
                    article_id,
                    digest,
                    outlet,
                    f"{place}: {topic} update",
                    None,
                    published,
                    None,
                    text,
                    None,
                    story_id,
                    created,
                ),
            )
            offset = 0
            for idx, f in enumerate(figures):
                if figure_id >= n_figures:
                    break
                figure_id += 1
                key = (f.counts.split(" in ")[0], f.action)
                group = groups.get(key)
                if group is None:
                    group_id += 1
                    group = groups[key] = group_id
                    yield (
                        "quantity_group",
                        (group_id, story_id, f"{key[0]}|{key[1]}"[:500], f"{key[0].capitalize()} {key[1]}"[:500], None),
                    )
                    if group_id % 20 == 0:
                        flag_id += 1
                        yield (
                            "flag",
                            (
                                flag_id,
                                story_id,
                                group_id,
                                f"synthetic-{flag_id}",
                                "conflict",
                                "high",
                                f"Sources disagree on {key[0]}.",
                                "open",
                                True,
                                figure_id,
                                published,
                                None,
                                None,
                                None,
                                created,
                                created,
                            ),
                        )
                        yield "flag_figure", (flag_id, figure_id)
                start_at = offset + f.quote_at
                yield (
                    "figure",
                    (
                        figure_id,
                        article_id,
                        story_id,
                        group,
                        idx,
                        start_at,
                        start_at + len(f.quote),
                        f.quote,
                        f.value,
                        None,
                        None,
                        f.qualifier,
                        f.unit,
                        None,
                        f.counts,
                        f.counts.split(" in ")[0].lower(),
                        f.action,
                        f.action,
                        f.said_by,
                        None,
                        f.sentence,
                        offset,
                        None,
                        None,
                        False,
                    ),
                )
                offset += len(f.sentence) + 1


COLUMNS = {
    "story": "id, name, explicit, terms_json, first_published, last_published, articles, created_at",
    "article": "id, content_hash, outlet, title, url, published, file, text, original, story_id, ingested_at",
    "quantity_group": "id, story_id, key, label, dimension",
    "figure": 'id, article_id, story_id, group_id, idx, start, "end", text, value, low, high, qualifier, unit, '
    "dimension, counts, counts_key, action, action_key, said_by, part_of_idx, sentence, sentence_start, "
    "change, period, vague",
    "flag": "id, story_id, group_id, fingerprint, kind, severity, why, status, active, latest_figure_id, "
    "latest_at, reviewed_by, reviewed_at, review_note, created_at, updated_at",
    "flag_figure": "flag_id, figure_id",
}
ORDER = ["story", "article", "quantity_group", "figure", "flag", "flag_figure"]  # foreign keys first


def fill(engine: Engine, n_figures: int, seed: int = 42) -> dict[str, int]:
    """Write a synthetic store of N_FIGURES figures into ENGINE's (migrated, empty) tables."""
    buffers: dict[str, list[tuple]] = {name: [] for name in ORDER}
    counts = dict.fromkeys(ORDER, 0)
    raw = engine.raw_connection()
    try:
        if engine.dialect.name == "sqlite":
            raw.execute("PRAGMA foreign_keys=OFF")  # rows arrive story by story; checked by the schema anyway
        for table, row in _rows(n_figures, seed):
            buffers[table].append(row)
            counts[table] += 1
            if len(buffers["figure"]) >= 50_000:
                _flush(engine.dialect.name, raw, buffers)
        _flush(engine.dialect.name, raw, buffers)
        if engine.dialect.name == "postgresql":
            cursor = raw.cursor()
            for table in ORDER[:-1]:  # the ids were given explicitly: move each sequence past them
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            raw.commit()
            old_autocommit = raw.driver_connection.autocommit  # type: ignore[union-attr]
            raw.driver_connection.autocommit = True  # type: ignore[union-attr]
            raw.cursor().execute("VACUUM ANALYZE")
            raw.driver_connection.autocommit = old_autocommit  # type: ignore[union-attr]
        else:
            raw.execute("ANALYZE")
            raw.commit()
    finally:
        raw.close()
    return counts


def _flush(dialect: str, raw, buffers: dict[str, list[tuple]]) -> None:
    cursor = raw.cursor()
    for table in ORDER:
        rows = buffers[table]
        if not rows:
            continue
        if dialect == "postgresql":
            with cursor.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            rows = [tuple(_sqlite_value(v) for v in row) for row in rows] if table != "figure" else rows
            marks = ", ".join("?" * len(rows[0]))
            cursor.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", rows)
        buffers[table].clear()
    raw.commit()


def _sqlite_value(value: object) -> object:
    """Datetimes as SQLAlchemy stores them in SQLite: naive UTC text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def articles(n: int, seed: int = 7) -> list[ArticleInput]:
    """N whole articles written from the templates, for ingest through the real extractor."""
    rng = random.Random(seed)
    pools = Pools(rng, 20_000)
    out = []
    for i in range(n):
        topic = rng.choice(list(TOPICS))
        place = pools.place()
        figures = [_figure(rng, pools, topic, place) for _ in range(rng.randint(4, 12))]
        body = io.StringIO()
        body.write(f"{place}: {topic} continues. ")
        for f in figures:
            body.write(f.sentence + " ")
            if rng.random() < 0.5:
                body.write("The situation remained tense, witnesses said, and aid agencies called for calm. ")
        published = datetime(2024, 3, 1, tzinfo=UTC) + timedelta(hours=rng.randint(0, 24 * 60))
        out.append(
            ArticleInput(
                text=body.getvalue().strip(),
                outlet=rng.choice(OUTLETS),
                title=f"{place}: {topic} ({i})",
                published=published,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Query:
    """A benchmark lookup, its kind and the word family a user would accept in the indexed text."""

    text: str
    kind: str  # inflection | multi | source | typo
    truth: tuple[str, ...]  # regexes; a figure is relevant when each matches its counts | action | said_by

    def relevant(self, text: str) -> bool:
        return all(re.search(pattern, text) for pattern in self.truth)


def _q(text: str, kind: str, *truth: str) -> Query:
    return Query(text, kind, truth)


EVAC = r"\bevacu\w*"
QUERIES: list[Query] = [
    _q("evacuees", "inflection", EVAC),
    _q("evacuated", "inflection", EVAC),
    _q("evacuation", "inflection", EVAC),
    _q("killed", "inflection", r"\bkill(ed|ing|ings)?\b"),
    _q("killings", "inflection", r"\bkill(ed|ing|ings)?\b"),
    _q("wounded", "inflection", r"\bwounded\b"),
    _q("injured", "inflection", r"\binjur(ed|y|ies)\b"),
    _q("injuries", "inflection", r"\binjur(ed|y|ies)\b"),
    _q("rebels", "inflection", r"\brebels?\b"),
    _q("militants", "inflection", r"\bmilitants?\b"),
    _q("buses", "inflection", r"\b(mini)?bus(es|ses|ed)?\b"),
    _q("children", "inflection", r"\bchild(ren)?\b"),
    _q("percent", "inflection", r"\bper ?cent\b"),
    _q("displaced", "inflection", r"\bdisplac\w*"),
    _q("refugees", "inflection", r"\brefugees?\b"),
    _q("hostages", "inflection", r"\bhostages?\b"),
    _q("arrested", "inflection", r"\barrest\w*"),
    _q("released", "inflection", r"\breleas\w*"),
    _q("fled", "inflection", r"\b(fled|flee\w*)\b"),
    _q("casualties", "inflection", r"\bcasualt\w*"),
    _q("hospitals", "inflection", r"\bhospitals?\b"),
    _q("vaccinated", "inflection", r"\bvaccin\w*"),
    _q("demined", "inflection", r"\bdemin\w*"),
    _q("airstrikes", "inflection", r"\bair ?strikes?\b"),
    _q("death toll", "multi", r"\bdeath toll\b"),
    _q("demined area", "multi", r"\bdemin\w*", r"\barea\b"),
    _q("aid trucks", "multi", r"\baid\b", r"\btrucks?\b"),
    _q("food parcels", "multi", r"\bfood\b", r"\bparcels?\b"),
    _q("laid down weapons", "multi", r"\blaid down\b", r"\b(weapons|arms)\b"),
    _q("wounded civilians", "multi", r"\bwounded\b", r"\bcivilians?\b"),
    _q("militants and their families", "multi", r"\bmilitants?\b", r"\bfamil(y|ies)\b"),
    _q("tonnes of food", "multi", r"\btonnes?\b", r"\bfood\b"),
    _q("ICRC", "source", r"\bicrc\b"),
    _q("Red Cross", "source", r"\bred cross\b"),
    _q("Reuters", "source", r"\breuters\b"),
    _q("health ministry", "source", r"\bhealth ministry\b"),
    _q("Syrian state TV", "source", r"\bsyrian state tv\b"),
    _q("ambulence", "typo", r"\bambulances?\b"),
    _q("evacuess", "typo", EVAC),
    _q("milittants", "typo", r"\bmilitants?\b"),
    _q("childern", "typo", r"\bchild(ren)?\b"),
    _q("casulties", "typo", r"\bcasualt\w*"),
    _q("woundd", "typo", r"\bwounded\b"),
    _q("refugess", "typo", r"\brefugees?\b"),
    _q("hostges", "typo", r"\bhostages?\b"),
    _q("helicoptors", "typo", r"\bhelicopters?\b"),
    _q("jounalists", "typo", r"\bjournalists?\b"),
    _q("vacinated", "typo", r"\bvaccin\w*"),
    _q("civillians", "typo", r"\bcivilians?\b"),
    _q("ammunation", "typo", r"\bammunition\b"),
]
assert len(QUERIES) == 50
