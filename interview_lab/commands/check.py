"""`interview-lab check [PATH ...]`: validate decks and print every problem.

Exit status: 0 when clean, 1 when any problem was found, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXPERIMENTS_UNAVAILABLE = "check --experiments: the experiment runner is not available"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "check",
        parents=[common],
        help="validate content files and report every problem",
        description="Validate topic files (default: the built-in deck plus --content and "
        "$INTERVIEW_LAB_CONTENT decks). Named PATHs are checked alone, with links into the built-in deck "
        "and those decks. Prints each problem as FILE:LINE: FIELD: MESSAGE and a summary; "
        "exits 0 when clean, 1 when any problem was found, 2 on usage errors.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="topic files or folders of *.yaml to check")
    parser.add_argument("--json", action="store_true", help="print a machine-readable report")
    parser.add_argument(
        "--experiments", action="store_true", help="also run every experiment and check its claims"
    )
    parser.set_defaults(func=run)


def usage_error(message: str) -> int:
    print(f"interview-lab check: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from interview_lab import paths
    from interview_lab.content.loader import app_sources, builtin_deck_dir, deck_files, display_name, load_deck
    from interview_lab.content.model import Deck

    # The decks the app loads beside each other: built-in, --content and $INTERVIEW_LAB_CONTENT (not imported ones).
    app_decks = app_sources(getattr(args, "content", None), None)
    builtin = builtin_deck_dir()
    named = [Path(p).expanduser() for p in args.paths] or app_decks
    for path in [*named, *(deck for deck in app_decks if deck != builtin)]:
        if not path.exists():
            return usage_error(f"no such file or folder: {path}")
    if args.paths:
        # Load the app's decks too, so links from the named files to their experiments
        # and topics resolve; report on the named files only.
        link_decks = [deck for deck in app_decks if deck.exists()]
        sources = [*link_decks, *named]
    else:
        link_decks, sources = [], named
    deck = load_deck(sources, builtin=builtin, cache_dir=paths.cache_dir() / "decks")
    files, _ = deck_files(named)
    checked = {display_name(path) for path in files}
    topics = tuple(topic for topic in deck.topics if topic.source_file in checked)
    problems = [problem for problem in deck.problems if problem.file in checked]
    scope = checked_scope(args.paths, link_decks, builtin)

    if args.experiments:
        try:
            from interview_lab.experiments.checks import check_experiments

            # The runner imports the simulator lazily, so a missing piece can surface here too.
            problems += check_experiments(Deck(topics=topics))
        except ImportError:
            print(EXPERIMENTS_UNAVAILABLE, file=sys.stderr)
            return 2
        problems.sort(key=lambda p: (p.file, p.line if p.line is not None else 0, p.field, p.message))

    if args.json:
        report = json_report(topics, problems, len(files))
        report["checked"] = [display_name(path) for path in files]
        report["link_targets"] = [display_name(deck) for deck in link_decks]
        print(json.dumps(report, indent=2))
    else:
        for problem in problems:
            print(problem)
        print(summary_line(topics, problems, len(files), scope))
    return 1 if problems else 0


def topic_counts(topic: Any) -> dict[str, Any]:
    from interview_lab.content.model import TIERS

    return {
        "questions": {tier: len(topic.questions_by_tier(tier)) for tier in TIERS},
        "cards": len(topic.cards),
        "drills": len(topic.drills),
        "experiments": len(topic.experiments),
    }


def json_report(topics: tuple[Any, ...], problems: list[Any], file_count: int) -> dict[str, Any]:
    return {
        "ok": not problems,
        "files": file_count,
        "topics": [
            {
                "id": topic.id,
                "title": topic.title,
                "file": topic.source_file,
                "builtin": topic.builtin,
                "counts": topic_counts(topic),
            }
            for topic in topics
        ],
        "problems": [
            {"file": p.file, "line": p.line, "field": p.field, "message": p.message} for p in problems
        ],
    }


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def checked_scope(named: list[str], link_decks: list[Path], builtin: Path) -> str:
    """What a check of named PATHs covered: " (PATH, ...; links into the built-in deck and DIR)"."""
    if not named:
        return ""
    targets = ["the built-in deck" if deck == builtin else str(deck) for deck in link_decks]
    links = f"; links into {' and '.join(targets)}" if targets else ""
    return f" ({', '.join(named)}{links})"


def summary_line(topics: tuple[Any, ...], problems: list[Any], file_count: int, scope: str = "") -> str:
    totals = (
        f"{plural(len(topics), 'topic')}, "
        f"{plural(sum(len(t.questions) for t in topics), 'question')}, "
        f"{plural(sum(len(t.cards) for t in topics), 'card')}, "
        f"{plural(sum(len(t.drills) for t in topics), 'drill')}, "
        f"{plural(sum(len(t.experiments) for t in topics), 'experiment')}"
    )
    checked = f"checked {plural(file_count, 'file')}{scope}"
    if not problems:
        return f"{checked}: {totals}; no problems"
    broken_files = len({p.file for p in problems})
    return f"{checked}: {totals}; {plural(len(problems), 'problem')} in {plural(broken_files, 'file')}"
