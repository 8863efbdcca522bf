"""`interview-lab export`, `import` and `export-reviews`: work with Anki, spreadsheets and other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("apkg", "tsv", "markdown")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = subparsers.add_parser(
        "export",
        parents=[common],
        help="export questions and cards to Anki (.apkg or text) or Markdown",
        description="Export questions and cards. apkg: an Anki package; exporting again and importing it "
        "updates the same notes. tsv: Anki's text import format. markdown: one file per topic in the folder OUT.",
    )
    export.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    export.add_argument("out", metavar="OUT", help="the file to write (a folder for markdown)")
    export.add_argument(
        "--topic", metavar="ID", action="append", default=[], help="export only this topic (repeatable)"
    )
    export.set_defaults(func=run_export)

    importer = subparsers.add_parser(
        "import",
        parents=[common],
        help="import cards from a TSV/CSV file into one of your decks",
        description="Create or extend a deck of your own from a TSV or CSV file (UTF-8; tab, comma or semicolon; "
        "header row optional; Anki text exports work). Rows already in the deck are not added twice. "
        "Columns front/back make cards; a question, answer, tier and key_points header makes questions.",
    )
    importer.add_argument("file", metavar="FILE", help="a .tsv, .csv or .txt file")
    importer.add_argument("--deck", required=True, metavar="NAME", help="the deck to create or extend")
    importer.add_argument(
        "--force", action="store_true", help="replace the deck with this file's rows instead of extending it"
    )
    importer.set_defaults(func=run_import)

    reviews = subparsers.add_parser(
        "export-reviews",
        parents=[common],
        help="write your review history to CSV",
        description="Write every review (item, time in UTC, rating 1-4, duration, state before the review, cram) "
        "to a CSV file, for analysis or another scheduler.",
    )
    reviews.add_argument("out", metavar="OUT.csv", help="the CSV file to write")
    reviews.set_defaults(func=run_export_reviews)


def fail(command: str, message: str, code: int = 1) -> int:
    print(f"interview-lab {command}: {message}", file=sys.stderr)
    return code


def missing_content_dir(args: argparse.Namespace) -> Path | None:
    """The first --content or $INTERVIEW_LAB_CONTENT folder that is not there (a usage error, as in `check`)."""
    from interview_lab import paths

    return next((folder for folder in paths.extra_content_dirs(args.content) if not folder.exists()), None)


def load_deck_for(args: argparse.Namespace):
    from interview_lab import paths
    from interview_lab.content import load_app_deck

    data_dir = paths.data_dir(args.data_dir)
    return data_dir, load_app_deck(args.content, data_dir)


def warn_about_problems(command: str, deck) -> None:
    # Topics that did not load are left out of the output; say so rather than succeed silently.
    if deck.problems:
        count = len(deck.problems)
        print(
            f"interview-lab {command}: warning: the decks have {count} problem{'s' if count != 1 else ''}; "
            "what did not load is left out (run `interview-lab check` to see them)",
            file=sys.stderr,
        )


def run_export(args: argparse.Namespace) -> int:
    from interview_lab.interop import export_deck, select_topics

    out = Path(args.out)
    if args.format == "markdown" and out.exists() and not out.is_dir():
        return fail("export", f"{out} is a file; --format markdown writes one file per topic into a folder", 2)
    if args.format != "markdown" and out.is_dir():
        return fail("export", f"{out} is a folder; give a file name such as deck.{args.format}", 2)
    missing = missing_content_dir(args)
    if missing is not None:
        return fail("export", f"no such file or folder: {missing}", 2)
    _data_dir, deck = load_deck_for(args)
    try:
        select_topics(deck, args.topic)
    except ValueError as error:
        return fail("export", f"--topic: {error}", 2)
    try:
        summary = export_deck(deck, args.format, out, args.topic)
    except OSError as error:
        return fail("export", f"cannot write {out}: {error.strerror or error}")
    print(summary.line())
    warn_about_problems("export", deck)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from interview_lab import paths
    from interview_lab.interop import TableError, import_table
    from interview_lab.interop.table_import import slugify

    if not slugify(args.deck):
        return fail("import", f"--deck: {args.deck!r} needs at least one letter or digit", 2)
    if not Path(args.file).is_file():
        return fail("import", f"{args.file}: no such file", 2)
    missing = missing_content_dir(args)
    if missing is not None:
        return fail("import", f"no such file or folder: {missing}", 2)
    data_dir, deck = load_deck_for(args)
    # The deck is checked among the decks the app loads, so its links resolve as they do there.
    link_sources = paths.content_sources(args.content, data_dir)
    try:
        report = import_table(args.file, args.deck, data_dir, force=args.force, other_topics=deck, link_sources=link_sources)
    except TableError as error:
        return fail("import", str(error))
    except OSError as error:
        return fail("import", f"cannot write the deck: {error.strerror or error}")
    print("\n".join(report.lines()))
    return 0


def run_export_reviews(args: argparse.Namespace) -> int:
    from interview_lab.commands.progress_notice import open_progress
    from interview_lab.interop import export_reviews

    out = Path(args.out)
    if out.is_dir():
        return fail("export-reviews", f"{out} is a folder; give a file name such as reviews.csv", 2)
    missing = missing_content_dir(args)
    if missing is not None:
        return fail("export-reviews", f"no such file or folder: {missing}", 2)
    data_dir, deck = load_deck_for(args)
    with open_progress(data_dir, deck) as progress:
        try:
            count = export_reviews(progress, deck, out)
        except OSError as error:
            return fail("export-reviews", f"cannot write {out}: {error.strerror or error}")
    print(f"exported {count} reviews to {out}")
    return 0
