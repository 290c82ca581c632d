"""The claimbot command: the bot, its offline console, and the store from the shell."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import SettingsError, configure_logging, load_settings
from commands.ingest_summary import IngestSummary
from store.errors import ClaimbotError, StoreBusy, is_busy

if TYPE_CHECKING:
    from store.ingest import ArticleInput
    from store.records import IngestResult

log = logging.getLogger("claimbot")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def _store(args: argparse.Namespace):
    from store.db import Store

    return Store.open(args.db)


def seed_if_empty(store, seeds: Path = SEEDS) -> int:
    """Fill an empty store from seeds/; returns the number of articles added.

    Only for the demo store (see `_wants_demo`): a newsroom's empty database stays empty.
    """
    from store.ingest import article_paths, read_file

    if not store.is_empty() or not seeds.is_dir():
        return 0
    added = sum(not r.duplicate for r in store.add_articles([read_file(path) for path in article_paths(seeds)]))
    log.info("seeded the empty store with %d articles from %s", added, seeds)
    return added


def _wants_demo(demo: bool, db: str | None, database_url: str | None) -> bool:
    """Whether an empty store gets the seed articles: asked for, or the default store `make run` opens.

    Any other database is someone's: an empty PostgreSQL of a newsroom must not fill up with Aleppo.
    """
    return demo or (db is None and not database_url)


def cmd_run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if settings.discord_token is None:
        log.info("no DISCORD_TOKEN: opening the offline console on the default store")
        return cmd_console(args)
    from bot.client import make_bot
    from bot.startup import open_store, run_bot

    store = open_store(lambda: _store(args), args.db)
    if store is None:
        return 1
    if args.demo:
        seed_if_empty(store)

    async def main() -> None:
        async with make_bot(store, settings) as bot:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, lambda: asyncio.ensure_future(bot.close()))
            await bot.start(settings.discord_token.get_secret_value())  # type: ignore[union-attr]

    return run_bot(main)


def cmd_console(args: argparse.Namespace) -> int:
    from bot.console import Console

    store = _store(args)
    if args.demo:
        seed_if_empty(store)
    settings = load_settings()
    Console.allow_private = getattr(args, "allow_private", False)
    try:
        asyncio.run(Console(store, prefix=settings.command_prefix).run())
    finally:
        store.close()
    return 0


BATCH = 50  # articles per transaction: one regrouping per story and batch keeps up with a wire feed


def _report(results: Sequence[IngestResult], summary: IngestSummary, say: Callable[[str], None]) -> None:
    for r in results:
        summary.record(r)
        if r.duplicate:
            state = "already stored"
        else:
            state = f"{r.figures} figures, story {r.story_name!r}"
            if r.supersedes is not None:
                state += f", replacing article #{r.supersedes}"
        say(f"article #{r.article_id} ({r.label}): {state}")


def _targets(paths: Sequence[str], summary: IngestSummary) -> list[str | Path]:
    """Every URL and article file named, folders walked; what cannot be walked is refused."""
    from store.ingest import article_paths

    found: list[str | Path] = []
    for target in paths:
        if target.startswith(("http://", "https://")):
            found.append(target)
            continue
        try:
            found.extend(article_paths(Path(target)))
        except ClaimbotError as error:
            summary.refuse(target, str(error))
    return found


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from commands.alerts import watched_ingest
    from commands.ingest import ingest_url, parse_date
    from store.ingest import read_file

    published = parse_date(args.date) if args.date else None
    store = _store(args)
    add_articles = watched_ingest(store)  # watches hear of CLI ingests too (the bot posts the alerts)
    summary = IngestSummary()
    targets = _targets(args.paths, summary)
    # a bar only for a person watching: piped or logged output gets the lines and the summary alone
    bar = tqdm(total=len(targets), unit="article", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)
    say = bar.write if not bar.disable else print
    batch: list[ArticleInput] = []
    try:
        for target in targets:
            try:
                if isinstance(target, str):
                    _report([ingest_url(store, target, outlet=args.outlet, story=args.story, published=published)],
                            summary, say)
                else:
                    article = read_file(target, outlet=args.outlet, story=args.story)
                    batch.append(replace(article, published=published) if published else article)
            except ClaimbotError as error:  # one unreadable file does not stop the folder
                summary.refuse(str(target), str(error))
                log.info("refused %s: %s", target, error)
            bar.update(1)
            if len(batch) >= args.batch:
                _report(add_articles(batch), summary, say)
                batch = []
        _report(add_articles(batch), summary, say)
    finally:
        bar.close()
        store.close()
    print(summary.line())
    if summary.stored + summary.duplicates == 0 and not summary.refused:
        print("claimbot: no article was found in " + " ".join(args.paths), file=sys.stderr)
    return 1 if summary.refused or summary.total == 0 else 0


def cmd_remove(args: argparse.Namespace) -> int:
    import getpass

    from commands.actor import Actor
    from commands.remove import parse_article_id, remove_reply

    store = _store(args)
    try:  # whoever runs the shell command is the editor on record
        actor = Actor(name=f"{getpass.getuser()} (claimbot remove)"[:200], is_editor=True)
        print(remove_reply(store, actor, parse_article_id(args.article_id), args.reason).title)
    finally:
        store.close()
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from commands.preview import preview
    from store.frames import frame_json
    from store.ingest import article_paths

    failures = 0
    for target in args.paths:
        try:
            paths = list(article_paths(Path(target)))
        except ClaimbotError as error:
            failures += 1
            print(f"{target}: {error}", file=sys.stderr)
            continue
        for path in paths:
            try:
                figures = preview(path)
            except (OSError, ClaimbotError) as error:  # one unreadable file does not stop the folder
                failures += 1
                print(f"{path}: {error}", file=sys.stderr)
                continue
            for figure in figures:
                if args.json:
                    row = {**figure.to_json(file=str(path)), "frame": frame_json(figure)}
                    print(json.dumps(row, ensure_ascii=False))
                else:
                    print(f"{path}:{figure.start}-{figure.end}\t{figure.text}\t{figure.counts or ''}\t"
                          f"{figure.said_by or ''}")
    return 1 if failures else 0


def cmd_claim(args: argparse.Namespace) -> int:
    from bot.render import as_text
    from commands.claim import as_json, as_reply, find
    from commands.options import parse_options

    store = _store(args)
    if args.demo:
        seed_if_empty(store)
    options = parse_options(_with_window(args))
    if options.as_of:
        from commands.asof import as_of_json, as_of_reply, find_as_of

        found, old = find_as_of(store, options)
        print(json.dumps(as_of_json(found, old, options), ensure_ascii=False, indent=1) if args.json
              else as_text(as_of_reply(found, old, options)))
    else:
        answer = find(store, args.query)
        print(json.dumps(as_json(answer), ensure_ascii=False, indent=1) if args.json else as_text(as_reply(answer)))
    store.close()
    return 0


def _with_window(args: argparse.Namespace) -> str:
    """The query with --before/--after/--story written as the chat options they stand for."""
    words = [args.query]
    for name in ("before", "after", "story"):
        value = getattr(args, name, None)
        if value:
            words.append(f'{name}:"{value}"' if " " in value else f"{name}:{value}")
    return " ".join(words)


def cmd_export(args: argparse.Namespace) -> int:
    from commands.claim import find
    from commands.export import export_files

    store = _store(args)
    if args.demo:
        seed_if_empty(store)
    answer = find(store, args.query)
    store.close()
    if not answer.groups:
        print(f"claimbot: no figures found for {answer.query!r}", file=sys.stderr)
        return 1
    (part,) = export_files(answer, "json" if args.json else "csv", max_bytes=2**62)  # a file has no size limit
    if args.output:
        Path(args.output).write_bytes(part.data)
        print(f"{args.output}: {len(answer.figures)} figures, {len(answer.flags)} flags", file=sys.stderr)
    else:
        sys.stdout.buffer.write(part.data)
        sys.stdout.flush()
    return 0


def _editor(args: argparse.Namespace) -> str:
    return args.by or "cli"


def cmd_fix(args: argparse.Namespace) -> int:
    from bot.render import as_text
    from commands.actor import Actor
    from commands.corrections import fix_reply

    text = " ".join([args.figure, *(f"value={args.value}" for _ in [0] if args.value),
                     *(f"counts={args.counts}" for _ in [0] if args.counts),
                     *(f"because {args.because}" for _ in [0] if args.because)])
    store = _store(args)
    print(as_text(fix_reply(store, Actor(name=_editor(args), is_editor=True), text)))
    store.close()
    return 0


def cmd_unfix(args: argparse.Namespace) -> int:
    from bot.render import as_text
    from commands.actor import Actor
    from commands.corrections import unfix_reply

    store = _store(args)
    text = args.figure + (f" because {args.because}" if args.because else "")
    print(as_text(unfix_reply(store, Actor(name=_editor(args), is_editor=True), text)))
    store.close()
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from bot.render import as_text
    from commands.corrections import history_reply

    store = _store(args)
    print(as_text(history_reply(store, " ".join(args.target))))
    store.close()
    return 0


def cmd_flags(args: argparse.Namespace) -> int:
    from bot.render import as_text
    from commands.flags import flags_json, flags_reply

    store = _store(args)
    if args.demo:
        seed_if_empty(store)
    print(json.dumps(flags_json(store, show_weak=args.weak), ensure_ascii=False, indent=1) if args.json
          else as_text(flags_reply(store, show_weak=args.weak)))
    store.close()
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from commands.evaluate import evaluate
    from store.evaluation.shared_data import SharedDataMissing, require

    try:
        require(Path(args.gold))
    except SharedDataMissing as error:
        print(error, file=sys.stderr)  # one line, no "claimbot:" prefix: make eval shows just this
        return 2
    report, ok = evaluate(Path(args.gold), Path(args.articles))
    print(report)
    return 0 if ok or not args.strict else 1


def cmd_feeds(args: argparse.Namespace) -> int:
    """`claimbot feeds add|list|remove|poll`: the same feeds the bot polls, from the shell or a worker."""
    from bot.render import as_text
    from commands import feeds
    from commands.actor import CONSOLE
    from commands.alerts import watched_ingest
    from store.feed_book import FeedBook
    from store.poller import default_fetcher, poll_due

    store = _store(args)
    book = FeedBook(store.engine)
    try:
        if args.action == "add":
            rest = args.url + (f" story:{args.story}" if args.story else "")
            print(as_text(asyncio.run(feeds.add(book, CONSOLE, rest, allow_private=args.allow_private))))
        elif args.action == "list":
            print(as_text(asyncio.run(feeds.listing(book))))
        elif args.action == "remove":
            print(as_text(asyncio.run(feeds.remove(book, CONSOLE, args.id))))
        else:
            ingest, fetcher = watched_ingest(store), default_fetcher(allow_private=args.allow_private)
            stop = _stop_on_signal()
            while True:
                for report in poll_due(book, ingest, fetcher=fetcher):
                    print(report.line(), flush=True)
                if not args.forever or stop.wait(args.interval):
                    break
    finally:
        store.close()
    return 0


def _stop_on_signal():
    """An Event set by SIGTERM/SIGINT, so `feeds poll --forever` ends between two polls, not inside one."""
    import threading

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def cmd_eval_corpus(args: argparse.Namespace) -> int:
    from commands.evaluate import CorpusMissing, evaluate_corpus

    try:
        print(evaluate_corpus(Path(args.corpus), as_json=args.json))
    except CorpusMissing as missing:
        print(missing)
        return 2
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # benchmarks/ lives in the repository, not in the installed package
    from benchmarks.lookup import main as bench

    return bench(args.bench_args)


DB_HELP = "database URL (default: DATABASE_URL, else sqlite:///claims.db)"
USES_DB = ("run", "console", "ingest", "remove", "claim", "flags", "export", "fix", "unfix", "history", "feeds")
USES_DEMO = ("run", "console", "claim", "flags")  # the subcommands that may fill an empty demo store
DEMO_HELP = ("fill an empty store with the five seed articles (done without asking only for the default "
             "claims.db, never for --db or DATABASE_URL)")

HELP = {  # subcommand: (one line for the list, what it does, examples)
    "run": ("the bot, or the offline console without DISCORD_TOKEN",
            "Start the Discord bot with DISCORD_TOKEN (environment or .env); without a token, open the\n"
            "offline console on the same store instead.",
            "  DISCORD_TOKEN=... claimbot run\n"
            "  claimbot run --db postgresql://claimbot@db.example/claims"),
    "console": ("type chat commands offline",
                "Read chat commands (!claim, !flags, !ingest, ...) from the terminal or a pipe and print the\n"
                "bot's answers as text.",
                "  claimbot console\n"
                "  echo '!claim evacuees' | claimbot console"),
    "ingest": ("add articles from files, folders, URLs",
               "Store articles and their figures. PATHS are files (.txt, .html, ...; a NAME.json sidecar\n"
               "beside a file gives its outlet, title, url, published date and story), folders of such\n"
               "files, or http(s) URLs.",
               "  claimbot ingest seeds/\n"
               "  claimbot ingest story.txt --outlet 'Daily Planet' --story 'Aleppo evacuation'\n"
               "  claimbot ingest https://example.com/news/article.html"),
    "remove": ("take an article out of the answers, with the reason",
               "Take an article out of the answers: its figures leave their groups and flags are\n"
               "recomputed; its text and the removal (who, when, why) stay on record.",
               "  claimbot remove 4 --reason 'wrong story'\n"
               "  claimbot --db postgresql://claimbot@db.example/claims remove 12 --reason 'duplicate wire copy'"),
    "export": ("what !export QUERY attaches: the answer as CSV or JSON",
               "Write the answer to QUERY as CSV (one row per flag and per figure) or JSON: every figure\n"
               "with value, qualifier, interval, unit, counts, action, attribution, outlet, URL, date,\n"
               "quote and offsets, and every flag with its why and review state.",
               "  claimbot export evacuees --csv -o evacuees.csv\n"
               "  claimbot export 'people killed' --json"),
    "fix": ("correct a figure (what !fix does)",
            "Correct a figure's value or what it counts; the correction is kept with who, when and why,\n"
            "survives re-ingest, and the story's groups and flags are recomputed at once.",
            "  claimbot fix 12 --value 4500 --because \"the agency's release says 4,500\" --by ana\n"
            "  claimbot fix 12 --counts 'residents evacuated'"),
    "unfix": ("undo a figure's correction",
              "Undo the correction of a figure; the undoing is kept in its history too.",
              "  claimbot unfix 12 --because 'the release was corrected back' --by ana"),
    "history": ("every review and correction of a flag or a figure",
                "List every review step of a flag and every correction of its figures, oldest first\n"
                "(or those of one figure and of the flags naming it).",
                "  claimbot history 3\n"
                "  claimbot history figure 12"),
    "extract": ("print the figures ingest would store, storing nothing",
                "Print the figures ingest would store from PATHS (files or folders, read exactly as\n"
                "`claimbot ingest` reads them: HTML through the same text extraction), storing nothing.\n"
                "Offsets (start, end) point into the text ingest stores, which for a plain-text file is\n"
                "the file itself. Columns: file:start-end, figure as written, what it counts, who said it.",
                "  claimbot extract seeds/000_6f81d29c26181403.txt\n"
                "  claimbot extract page.html --json | head\n"
                "  claimbot extract seeds/ --json"),
    "claim": ("what !claim QUERY answers",
              "Answer QUERY as !claim does: every figure on the subject, grouped by quantity, flags first.",
              "  claimbot claim evacuees\n"
              "  claimbot claim 'wounded civilians' --json"),
    "flags": ("every confident flag",
              "List every confident flag: where sources disagree or an article contradicts itself.\n"
              "Weak disagreements (nothing shows the figures report one quantity) are counted in a\n"
              "footer; --weak lists them instead.",
              "  claimbot flags\n"
              "  claimbot flags --weak\n"
              "  claimbot flags --json | head"),
    "eval": ("score against a gold file",
             "Score the product against a hand-made gold file (the seeds-gold.yaml format): figures\n"
             "(precision, recall, fields), flags per gold group, and lookups. The articles are ingested\n"
             "into a temporary store, never into --db. The evaluation data lives beside the clone in\n"
             "../shared; without it this says so in one line.",
             "  claimbot eval ../shared/seeds-gold.yaml seeds\n"
             "  claimbot eval ../shared/seeds-gold.yaml seeds --strict"),
    "feeds": ("RSS/Atom feeds: add, list, remove, poll",
              "Follow RSS and Atom feeds: every new item is fetched and ingested with its outlet, title,\n"
              "link and date, once. `poll --forever` is the worker a newsroom runs beside the bot on one\n"
              "PostgreSQL; the bot polls the same feeds itself every FEED_POLL_SECONDS.",
              "  claimbot feeds add https://example.org/rss.xml --story Flood\n"
              "  claimbot feeds list\n"
              "  claimbot feeds poll --forever --interval 300"),
    "eval-corpus": ("ingest every story folder of a corpus together and score it",
                    "Ingest every story folder of a corpus (../shared/corpus) together, without story names,\n"
                    "into a temporary store and score it against each story's gold-std.yaml: figures,\n"
                    "fields, groups, flags, cross-story mixing and the lookups of queries.yaml\n"
                    "(docs/evaluation.md). Without ../shared this says so in one line.",
                    "  claimbot eval-corpus ../shared/corpus\n"
                    "  claimbot eval-corpus ../shared/corpus --json"),
    "bench": ("lookups, autocomplete, ingest, memory at N figures",
              "Benchmark a synthetic store of N figures (benchmarks/lookup.py; results in\n"
              "docs/performance.md). Everything after `bench` is passed on; `claimbot bench --help`\n"
              "lists its options.",
              "  claimbot bench --figures 100000 --no-pg"),
}


def _subcommand(sub: argparse._SubParsersAction, name: str, **kwargs: object) -> argparse.ArgumentParser:
    short, description, examples = HELP[name]
    command = sub.add_parser(name, help=short, description=description, epilog=f"examples:\n{examples}",
                             formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)  # type: ignore[arg-type]
    if name in USES_DB:
        command.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)
    if name in USES_DEMO:
        command.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help=DEMO_HELP)
    return command


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="claimbot", description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  claimbot claim evacuees\n  claimbot --db sqlite:///new.db ingest story.txt\n"
               "  claimbot extract --help")
    top.add_argument("--db", help=f"{DB_HELP}; for {', '.join(USES_DB)}")
    top.add_argument("--demo", action="store_true", help=DEMO_HELP)
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _subcommand(sub, "run")
    console = _subcommand(sub, "console")
    console.add_argument("--allow-private", action="store_true",
                         help="let !feed follow feeds on private addresses (a newsroom's own network, tests)")
    ingest = _subcommand(sub, "ingest")
    ingest.add_argument("paths", nargs="+", metavar="PATH_OR_URL", help="an article file, a folder, or a URL")
    ingest.add_argument("--story", help="put the articles in this story instead of clustering")
    ingest.add_argument("--outlet", help="the outlet that published them (else the sidecar's, else unknown)")
    ingest.add_argument("--date", help="when they were published, e.g. 2016-12-15 (else the sidecar's)")
    ingest.add_argument("--batch", type=int, default=BATCH, choices=range(1, 1001), metavar="N",
                        help=f"articles per transaction (default {BATCH}; 1 stores each on its own)")
    remove = _subcommand(sub, "remove")
    remove.add_argument("article_id", help="the article number (`claimbot ingest` prints it, !sources lists it)")
    remove.add_argument("--reason", required=True, help="why, kept with the removal")
    extract = _subcommand(sub, "extract")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="an article file or a folder of them")
    extract.add_argument("--json", action="store_true", help="one JSON object per figure")
    claim = _subcommand(sub, "claim")
    claim.add_argument("query", help="what to look up: a subject, a number, an outlet")
    claim.add_argument("--json", action="store_true", help="the answer as one JSON object")
    claim.add_argument("--before", metavar="DATE", help="only what was published before DATE (2016-12-14)")
    claim.add_argument("--after", metavar="DATE", help="only what was published from DATE on")
    claim.add_argument("--story", metavar="NAME", help="only stories whose name contains NAME")
    export = _subcommand(sub, "export")
    export.add_argument("query", help="what to look up, as for claim")
    kind = export.add_mutually_exclusive_group()
    kind.add_argument("--csv", action="store_true", help="CSV, one row per flag and per figure (default)")
    kind.add_argument("--json", action="store_true", help="JSON: {query, figures, flags}")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    fix = _subcommand(sub, "fix")
    fix.add_argument("figure", help="the figure's number (#12 in answers)")
    fix.add_argument("--value", help="the corrected value, e.g. 4500")
    fix.add_argument("--counts", help="what the figure counts, corrected, e.g. 'residents evacuated'")
    fix.add_argument("--because", help="why, kept with the correction")
    fix.add_argument("--by", help="the editor's name for the record (default: cli)")
    unfix = _subcommand(sub, "unfix")
    unfix.add_argument("figure", help="the figure's number (#12 in answers)")
    unfix.add_argument("--because", help="why, kept with the undoing")
    unfix.add_argument("--by", help="the editor's name for the record (default: cli)")
    history = _subcommand(sub, "history")
    history.add_argument("target", nargs="+", help="a flag's number, or `figure` and a figure's number")
    flags = _subcommand(sub, "flags")
    flags.add_argument("--json", action="store_true", help="a JSON list of flags with their claims")
    flags.add_argument("--weak", action="store_true",
                       help="list the weak disagreements (nothing shows they report one quantity) instead")
    evaluate = _subcommand(sub, "eval")
    evaluate.add_argument("gold", help="the gold file (seeds-gold.yaml format)")
    evaluate.add_argument("articles", help="the folder of the articles it annotates")
    evaluate.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    feeds = _subcommand(sub, "feeds")
    feeds.add_argument("--allow-private", action="store_true",
                       help="also fetch feeds and pages on private addresses (a newsroom's own network, tests)")
    actions = feeds.add_subparsers(dest="action", required=True, metavar="ACTION", help="what to do with the feeds")
    feed_add = actions.add_parser("add", help="follow a feed")
    feed_add.add_argument("url", help="the RSS or Atom feed's address")
    feed_add.add_argument("--story", help="put every item in this story")
    actions.add_parser("list", help="the feeds, their status and last error")
    feed_remove = actions.add_parser("remove", help="stop following a feed")
    feed_remove.add_argument("id", help="the feed's number in `claimbot feeds list`")
    poll = actions.add_parser("poll", help="poll the feeds that are due, once or --forever")
    poll.add_argument("--forever", action="store_true", help="keep polling (a worker process)")
    poll.add_argument("--interval", type=float, default=60.0, help="seconds between rounds with --forever")
    corpus = _subcommand(sub, "eval-corpus")
    corpus.add_argument("corpus", metavar="DIR", help="the corpus: one folder per story, each with a gold-std.yaml")
    corpus.add_argument("--json", action="store_true", help="one JSON object instead of the report")
    bench = _subcommand(sub, "bench", add_help=False)
    bench.add_argument("bench_args", nargs="*", help="--figures N, --no-pg, --pg URL, ... (benchmarks/lookup.py)")
    bench.set_defaults(bench_args=[])
    return top


COMMANDS = {"run": cmd_run, "console": cmd_console, "ingest": cmd_ingest, "remove": cmd_remove,
            "extract": cmd_extract, "claim": cmd_claim, "flags": cmd_flags, "export": cmd_export, "fix": cmd_fix,
            "unfix": cmd_unfix, "history": cmd_history, "eval": cmd_eval, "eval-corpus": cmd_eval_corpus,
            "bench": cmd_bench, "feeds": cmd_feeds}


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    passed: list[str] = []
    if "bench" in words:  # what follows `bench` belongs to benchmarks/lookup.py, options included
        at = words.index("bench")
        words, passed = words[: at + 1], words[at + 1 :]
    args = parser().parse_args(words)
    if args.command == "bench":
        args.bench_args = passed
    if args.db is not None and args.command not in USES_DB:
        print(f"claimbot: --db is not used by {args.command} (only by {', '.join(USES_DB)})", file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    args.demo = _wants_demo(args.demo, args.db, settings.database_url)
    if args.db is None and settings.database_url:
        args.db = settings.database_url
    try:
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # inside the try: a closed pipe surfaces here, not at interpreter exit
        return status
    except BrokenPipeError:
        return _closed_pipe()
    except ClaimbotError as error:
        print(f"claimbot: {error}", file=sys.stderr)
        return 1
    except Exception as error:
        if not is_busy(error):
            raise
        print(f"claimbot: {StoreBusy.MESSAGE}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _closed_pipe() -> int:
    """The reader went away (`claimbot flags --json | head`): stop quietly, as Unix tools do."""
    try:  # point stdout at /dev/null so Python's final flush cannot raise again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (captured in tests)
        pass
    return 128 + signal.SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
