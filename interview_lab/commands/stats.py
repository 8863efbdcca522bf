"""`interview-lab stats`: a progress summary as text, or as JSON for scripts."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, datetime, timezone
from typing import Any

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CLEAR_WORDS = ("", "none")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "stats",
        parents=[common],
        help="print a summary of your progress",
        description="Print a summary of your progress: reviews, items due, retention per topic and tier, "
        "and the predicted recall on your interview date if one is set.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON for scripts instead of text")
    parser.add_argument(
        "--interview-date",
        metavar="YYYY-MM-DD",
        help="remember your interview date (\"none\" forgets it); the summary then predicts recall on that day",
    )
    parser.set_defaults(func=run)


def parse_interview_date(text: str) -> date | None:
    """The date, None to clear it; ValueError with a readable message otherwise."""
    if text.strip().lower() in CLEAR_WORDS:
        return None
    if not DATE_PATTERN.match(text.strip()):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {text!r}")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def run(args: argparse.Namespace) -> int:
    interview_date: date | None = None
    if args.interview_date is not None:
        try:
            interview_date = parse_interview_date(args.interview_date)
        except ValueError as error:
            print(f"interview-lab stats: --interview-date: {error}", file=sys.stderr)
            return 2

    from interview_lab import paths
    from interview_lab.commands.progress_notice import open_progress
    from interview_lab.content import load_app_deck

    data_dir = paths.data_dir(args.data_dir)
    deck = load_app_deck(args.content, data_dir)
    with open_progress(data_dir, deck) as progress:
        if args.interview_date is not None:
            progress.set_setting("interview_date", interview_date.isoformat() if interview_date else None)
        summary = summarize(progress, deck, datetime.now(timezone.utc))
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(render_text(summary))
    return 0


def summarize(progress: Any, deck: Any, now: datetime) -> dict[str, Any]:
    """Everything the text and JSON outputs show, as JSON-ready values."""
    from interview_lab.content.model import TIERS

    stats = progress.stats(now=now)
    stored_date = progress.get_setting("interview_date")
    interview_date = date.fromisoformat(stored_date) if stored_date else None
    recall = progress.recall_on(interview_date, now=now) if interview_date else {}
    groups = (*TIERS, "cards")
    topics = []
    for topic in deck.topics:
        counts = progress.counts(topic.id, now=now)
        attempts, correct = stats.drills_by_topic.get(topic.id, (0, 0))
        topics.append(
            {
                "id": topic.id,
                "title": topic.title,
                "reviews": stats.reviews_by_topic.get(topic.id, 0),
                "due_now": counts.due,
                "review_due": counts.review_due,
                "new": counts.new,
                "total": counts.total,
                "retention": stats.retention_by_topic.get(topic.id),
                "drills": {"attempts": attempts, "correct": correct},
                "recall_on_interview": (
                    {group: recall[(topic.id, group)] for group in groups if (topic.id, group) in recall}
                    if interview_date
                    else None
                ),
            }
        )
    return {
        "reviews": stats.total_reviews,
        "items": sum(topic["total"] for topic in topics),
        "items_seen": stats.items_seen,
        "due_now": stats.due_now,
        "new": sum(topic["new"] for topic in topics),
        "reviews_last_7_days": sum(count for _day, count in stats.reviews_per_day[-7:]),
        "desired_retention": progress.desired_retention,
        "interview_date": interview_date.isoformat() if interview_date else None,
        "retention_by_tier": stats.retention_by_tier,
        "reviews_per_day": [{"date": day.isoformat(), "reviews": count} for day, count in stats.reviews_per_day],
        "forecast": [{"date": day.isoformat(), "due": count} for day, count in stats.forecast],
        "topics": topics,
        "database": str(progress.db_path),
        "moved_aside": str(progress.moved_aside) if progress.moved_aside else None,
        "today": now.astimezone().date().isoformat(),
    }


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def render_text(summary: dict[str, Any]) -> str:
    lines = [
        f"Reviews: {summary['reviews']} in total, {summary['reviews_last_7_days']} in the last 7 days",
        f"Items studied: {summary['items_seen']} of {summary['items']}   Due now: {summary['due_now']}"
        f"   Never studied: {summary['new']}",
    ]
    if summary["interview_date"]:
        days_left = (date.fromisoformat(summary["interview_date"]) - date.fromisoformat(summary["today"])).days
        when = "today" if days_left == 0 else f"in {days_left} days" if days_left > 0 else f"{-days_left} days ago"
        lines.append(f"Interview date: {summary['interview_date']} ({when})")
    lines.append("")
    if not summary["topics"]:
        lines.append("No topics loaded.")
        return "\n".join(lines)

    width = max(len("Topic"), *(len(topic["title"]) for topic in summary["topics"]))
    header = f"{'Topic':<{width}}  {'Reviews':>7}  {'Due':>5}  {'New':>5}  {'Total':>5}  {'Retention':>9}  {'Drills':>7}"
    lines += [header, "-" * len(header)]
    for topic in summary["topics"]:
        drills = topic["drills"]
        drill_text = f"{drills['correct']}/{drills['attempts']}" if drills["attempts"] else "-"
        lines.append(
            f"{topic['title']:<{width}}  {topic['reviews']:>7}  {topic['due_now']:>5}  {topic['new']:>5}"
            f"  {topic['total']:>5}  {percent(topic['retention']):>9}  {drill_text:>7}"
        )
    lines.append("")
    tiers = "   ".join(f"{tier} {percent(value)}" for tier, value in summary["retention_by_tier"].items())
    lines.append(f"Retention (share of reviews not graded again): {tiers}")

    if summary["interview_date"]:
        groups = list(summary["retention_by_tier"])
        lines += ["", f"Predicted recall on {summary['interview_date']} (items never studied count as 0%):"]
        lines.append(f"{'Topic':<{width}}  " + "  ".join(f"{group:>12}" for group in groups))
        for topic in summary["topics"]:
            recall = topic["recall_on_interview"] or {}
            cells = [percent(recall[group]) if group in recall else "" for group in groups]
            lines.append(f"{topic['title']:<{width}}  " + "  ".join(f"{cell:>12}" for cell in cells))
    lines += ["", f"Progress file: {summary['database']}"]
    return "\n".join(lines)
