"""Turning content strings into things Textual shows literally, and small formatters.

Textual parses plain `str` as markup in most widgets; content text must never
be parsed (a card may say `[bold]` or `grad[i]`), so every content string goes
through `literal()` which wraps it in a `Content` object.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.table import Table
from rich.text import Text
from textual.content import Content

TIER_LABELS = {"beginner": "Beginner", "intermediate": "Intermediate", "expert": "Expert"}
# Tier colours are theme variables so they follow light and dark themes.
TIER_STYLES = {"beginner": "$success", "intermediate": "$warning", "expert": "$error"}
GRADE_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def literal(text: str, style: str = "") -> Content:
    """`text` exactly as written (no markup), optionally in one style."""
    content = Content(text)
    return content.stylize(style) if style else content


def hanging_row(label: Text, body: Text, label_width: int) -> Table:
    """`label` in a column of its own, so a long `body` wraps under itself, not under the label.

    For option lists; both parts are `Text`, built by the caller from plain strings (never markup).
    """
    row = Table.grid(padding=(0, 1))
    row.add_column(width=label_width, no_wrap=True)
    row.add_column(ratio=1)
    row.add_row(label, body)
    return row


def tier_badge(tier: str) -> Content:
    return literal(f" {TIER_LABELS.get(tier, tier)} ", f"bold {TIER_STYLES.get(tier, '$primary')} reverse")


def format_interval(interval: timedelta) -> str:
    """A short human interval as Anki shows it on its buttons: <1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{minutes:.0f}m"
    hours = minutes / 60
    if hours < 24:
        return f"{hours:.0f}h"
    days = hours / 24
    if days < 30:
        return f"{days:.0f}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def format_due(due: datetime | None, now: datetime) -> str:
    """When something is due, relative to now."""
    if due is None:
        return "new"
    if due <= now:
        return "now"
    return f"in {format_interval(due - now)}"


def format_duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}m {seconds:02d}s" if minutes else f"{seconds}s"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


# DataTable measures cells through Rich, so its cells are Rich `Text` (also literal:
# `Text(...)` never parses markup). Rich styles cannot use theme variables.
TIER_CELL_STYLES = {"beginner": "green", "intermediate": "yellow", "expert": "magenta", "cards": "cyan"}


def clip(text: str, width: int) -> str:
    """`text`, cut with an ellipsis when it is longer than `width` cells."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def cell(text: str, style: str = "") -> Text:
    """A DataTable cell showing `text` exactly as written."""
    return Text(text, style=style, no_wrap=True, overflow="ellipsis")
