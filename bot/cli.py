"""The `claimbot` command: run, console, ingest, extract, claim, flags, eval, eval-corpus (DESIGN §6)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.settings import SettingsError, configure_logging, load_settings
from store.errors import ClaimbotError

log = logging.getLogger("claimbot")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def _store(args: argparse.Namespace):
    from store.db import Store

    return Store.open(args.db)


def seed_if_empty(store, seeds: Path = SEEDS) -> int:
    """Fill an empty store from seeds/; returns the number of articles added."""
    from store.ingest import article_paths, read_file

    if not store.is_empty() or not seeds.is_dir():
        return 0
    added = sum(not r.duplicate for r in store.add_articles([read_file(path) for path in article_paths(seeds)]))
    log.info("seeded the empty store with %d articles from %s", added, seeds)
    return added


def cmd_run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if settings.discord_token is None:
        log.info("no DISCORD_TOKEN: opening the offline console on the default store")
        return cmd_console(args)
    from bot.client import make_bot

    store = _store(args)
    seed_if_empty(store)

    async def main() -> None:
        async with make_bot(store, settings) as bot:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, lambda: asyncio.ensure_future(bot.close()))
            await bot.start(settings.discord_token.get_secret_value())  # type: ignore[union-attr]

    asyncio.run(main())
    return 0


def cmd_console(args: argparse.Namespace) -> int:
    from bot.console import Console

    store = _store(args)
    seed_if_empty(store)
    settings = load_settings()
    try:
        asyncio.run(Console(store, prefix=settings.command_prefix).run())
    finally:
        store.close()
    return 0


BATCH = 50  # articles per transaction: one regrouping per story and batch keeps up with a wire feed


def _report(results: Sequence[object]) -> None:
    for r in results:
        state = "already stored" if r.duplicate else f"{r.figures} figures, story {r.story_name!r}"  # type: ignore[attr-defined]
        print(f"article #{r.article_id} ({r.label}): {state}")  # type: ignore[attr-defined]


def cmd_ingest(args: argparse.Namespace) -> int:
    from commands.ingest import ingest_url
    from store.ingest import article_paths, read_file

    store = _store(args)
    failures = 0
    for target in args.paths:
        try:
            if target.startswith(("http://", "https://")):
                _report([ingest_url(store, target, outlet=args.outlet, story=args.story)])
                continue
            batch = []
            for path in article_paths(Path(target)):
                try:
                    batch.append(read_file(path, outlet=args.outlet, story=args.story))
                except ClaimbotError as error:  # one unreadable file does not stop the folder
                    failures += 1
                    print(f"{path}: {error}", file=sys.stderr)
                if len(batch) >= args.batch:
                    _report(store.add_articles(batch))
                    batch = []
            _report(store.add_articles(batch))
        except ClaimbotError as error:
            failures += 1
            print(f"{target}: {error}", file=sys.stderr)
    store.close()
    return 1 if failures else 0


def cmd_extract(args: argparse.Namespace) -> int:
    from store.extract import extract
    from store.frames import frame_json
    from store.ingest import decode

    failures = 0
    for name in args.paths:
        path = Path(name)
        try:
            text = decode(path.read_bytes(), name)
        except (OSError, ClaimbotError) as error:
            failures += 1
            print(f"{name}: {error}", file=sys.stderr)
            continue
        figures = extract(text)
        for figure in figures:
            if args.json:
                print(json.dumps({**figure.to_json(file=name), "frame": frame_json(figure)}, ensure_ascii=False))
            else:
                print(f"{name}:{figure.start}-{figure.end}\t{figure.text}\t{figure.counts or ''}\t"
                      f"{figure.said_by or ''}")
    return 1 if failures else 0


def cmd_claim(args: argparse.Namespace) -> int:
    from bot.render import as_text
    from commands.claim import as_json, as_reply, find
    from commands.options import parse_options

    store = _store(args)
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
    seed_if_empty(store)
    print(json.dumps(flags_json(store), ensure_ascii=False, indent=1) if args.json else as_text(flags_reply(store)))
    store.close()
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from commands.evaluate import evaluate

    report, ok = evaluate(Path(args.gold), Path(args.articles))
    print(report)
    return 0 if ok or not args.strict else 1


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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="claimbot", description=__doc__)
    top.add_argument("--db", help="database URL (default: DATABASE_URL, else sqlite:///claims.db)")
    sub = top.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="database URL")
    sub.add_parser("run", parents=[common], help="the bot (or the console without DISCORD_TOKEN)")
    sub.add_parser("console", parents=[common], help="type chat commands offline")
    ingest = sub.add_parser("ingest", parents=[common], help="add articles from files, folders, URLs")
    ingest.add_argument("paths", nargs="+")
    ingest.add_argument("--story", help="put the articles in this story instead of clustering")
    ingest.add_argument("--outlet", help="the outlet that published them")
    ingest.add_argument("--batch", type=int, default=BATCH, choices=range(1, 1001), metavar="N",
                        help=f"articles per transaction (default {BATCH}; 1 stores each on its own)")
    extract = sub.add_parser("extract", parents=[common], help="print the figures of files, storing nothing")
    extract.add_argument("paths", nargs="+")
    extract.add_argument("--json", action="store_true", help="one JSON object per figure")
    claim = sub.add_parser("claim", parents=[common], help="what !claim QUERY answers")
    claim.add_argument("query")
    claim.add_argument("--json", action="store_true")
    claim.add_argument("--before", metavar="DATE", help="only what was published before DATE (2016-12-14)")
    claim.add_argument("--after", metavar="DATE", help="only what was published from DATE on")
    claim.add_argument("--story", metavar="NAME", help="only stories whose name contains NAME")
    export = sub.add_parser("export", parents=[common], help="what !export QUERY attaches: CSV or JSON")
    export.add_argument("query")
    kind = export.add_mutually_exclusive_group()
    kind.add_argument("--csv", action="store_true", help="CSV, one row per flag and per figure (default)")
    kind.add_argument("--json", action="store_true", help="JSON: {query, figures, flags}")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    fix = sub.add_parser("fix", parents=[common], help="correct a figure (what !fix does)")
    fix.add_argument("figure", help="the figure's number (#12 in answers)")
    fix.add_argument("--value")
    fix.add_argument("--counts")
    fix.add_argument("--because", help="why, kept with the correction")
    fix.add_argument("--by", help="the editor's name for the record (default: cli)")
    unfix = sub.add_parser("unfix", parents=[common], help="undo a figure's correction")
    unfix.add_argument("figure")
    unfix.add_argument("--because")
    unfix.add_argument("--by")
    history = sub.add_parser("history", parents=[common], help="reviews and corrections: FLAG_ID or figure ID")
    history.add_argument("target", nargs="+")
    flags = sub.add_parser("flags", parents=[common], help="every flag")
    flags.add_argument("--json", action="store_true")
    evaluate = sub.add_parser("eval", parents=[common], help="score against a gold file")
    evaluate.add_argument("gold")
    evaluate.add_argument("articles")
    evaluate.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    corpus = sub.add_parser("eval-corpus", parents=[common],
                            help="ingest every story folder of a corpus together and score it (../shared/corpus)")
    corpus.add_argument("corpus", metavar="DIR")
    corpus.add_argument("--json", action="store_true", help="one JSON object instead of the report")
    bench = sub.add_parser("bench", parents=[common], add_help=False,
                           help="lookups, autocomplete, ingest, memory at N figures (docs/performance.md)")
    bench.add_argument("bench_args", nargs="*", help="--figures N, --no-pg, --pg URL, ... (benchmarks/lookup.py)")
    bench.set_defaults(bench_args=[])
    return top


COMMANDS = {"run": cmd_run, "console": cmd_console, "ingest": cmd_ingest, "extract": cmd_extract,
            "claim": cmd_claim, "flags": cmd_flags, "export": cmd_export, "fix": cmd_fix, "unfix": cmd_unfix,
            "history": cmd_history, "eval": cmd_eval, "eval-corpus": cmd_eval_corpus, "bench": cmd_bench}


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    passed: list[str] = []
    if "bench" in words:  # what follows `bench` belongs to benchmarks/lookup.py, options included
        at = words.index("bench")
        words, passed = words[: at + 1], words[at + 1 :]
    args = parser().parse_args(words)
    if args.command == "bench":
        args.bench_args = passed
    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    if args.db is None and settings.database_url:
        args.db = settings.database_url
    try:
        return COMMANDS[args.command](args)
    except ClaimbotError as error:
        print(f"claimbot: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
