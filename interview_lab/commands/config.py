"""`interview-lab config`: show or change the scheduling settings kept with your progress."""

from __future__ import annotations

import argparse
import sys

MIN_RETENTION, MAX_RETENTION = 0.7, 0.99  # fsrs accepts (0, 1); outside this range reviews become useless or endless
MAX_NEW_PER_DAY = 1000


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "config",
        parents=[common],
        help="show or change scheduling settings (desired retention, new items a day)",
        description="Show the scheduling settings stored with your progress, or change them. "
        "They apply from the next start of the app.",
    )
    parser.add_argument(
        "--desired-retention",
        metavar="R",
        type=float,
        help=f"the recall probability reviews are scheduled for ({MIN_RETENTION} to {MAX_RETENTION}; default 0.9): "
        "higher means shorter intervals and more reviews",
    )
    parser.add_argument(
        "--new-per-day",
        metavar="N",
        type=int,
        help=f"how many never-studied items a day may bring, across all topics (0 to {MAX_NEW_PER_DAY}; default 20)",
    )
    parser.set_defaults(func=run)


def problem_with(args: argparse.Namespace) -> str | None:
    retention, new_per_day = args.desired_retention, args.new_per_day
    if retention is not None and not MIN_RETENTION <= retention <= MAX_RETENTION:
        return f"--desired-retention: expected {MIN_RETENTION} to {MAX_RETENTION}, got {retention}"
    if new_per_day is not None and not 0 <= new_per_day <= MAX_NEW_PER_DAY:
        return f"--new-per-day: expected 0 to {MAX_NEW_PER_DAY}, got {new_per_day}"
    return None


def run(args: argparse.Namespace) -> int:
    problem = problem_with(args)
    if problem:
        print(f"interview-lab config: {problem}", file=sys.stderr)
        return 2

    from interview_lab import paths
    from interview_lab.commands.progress_notice import open_progress
    from interview_lab.content.model import Deck

    # The settings live in the progress database; no deck is needed to read or write them.
    with open_progress(paths.data_dir(args.data_dir), Deck()) as progress:
        if args.desired_retention is not None:
            progress.set_setting("desired_retention", args.desired_retention)
        if args.new_per_day is not None:
            progress.set_setting("new_per_day", args.new_per_day)
        retention = progress.get_setting("desired_retention", 0.9)
        new_per_day = progress.get_setting("new_per_day", 20)
        interview_date = progress.get_setting("interview_date")
        print(f"desired retention  {retention}")
        print(f"new items a day    {new_per_day}")
        print(f"interview date     {interview_date or '-'}")
        print(f"progress database  {progress.db_path}")
    return 0
