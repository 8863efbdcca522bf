"""Plain values the progress API hands out (no SQLite, no fsrs objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum
from typing import Literal

ItemState = Literal["new", "learning", "review", "relearning"]

# fsrs State values (1, 2, 3) and 0 for an item never graded.
STATE_NAMES: dict[int, ItemState] = {0: "new", 1: "learning", 2: "review", 3: "relearning"}

# Cards have no tier; they are grouped under this name in per-tier figures.
CARDS_GROUP = "cards"


class Grade(IntEnum):
    """How well the learner recalled an item; the values match fsrs ratings."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class ItemStatus:
    item_id: str
    kind: Literal["question", "card"]
    topic_id: str
    state: ItemState
    due: datetime | None  # None for a new item (it is due as soon as the daily new limit allows)
    reps: int
    lapses: int
    last_review: datetime | None
    stability: float | None


@dataclass(frozen=True)
class TopicCounts:
    """What a topic row on the home screen shows.

    `due` is what due_ids(topic) would return right now: scheduled items that
    are due plus the new items today's new-item limit still allows
    (`review_due + new_today`). `new` counts every item never graded.
    """

    due: int
    new: int
    total: int
    tiers: dict[str, tuple[int, int]]  # tier -> (questions seen at least once, questions)
    review_due: int = 0
    new_today: int = 0


@dataclass(frozen=True)
class Stats:
    reviews_per_day: list[tuple[date, int]]  # last 28 days, oldest first, today last
    forecast: list[tuple[date, int]]  # items falling due per day, today first (overdue counted today)
    retention_by_tier: dict[str, float | None]  # tiers and "cards"; share of non-again grades
    retention_by_topic: dict[str, float | None]
    total_reviews: int  # every logged grade, cram included
    items_seen: int  # deck items graded at least once (outside cram)
    due_now: int  # len(due_ids()) across the deck
    reviews_by_topic: dict[str, int] = field(default_factory=dict)
    due_by_topic: dict[str, int] = field(default_factory=dict)
    drills_by_topic: dict[str, tuple[int, int]] = field(default_factory=dict)  # (attempts, correct)


@dataclass(frozen=True)
class ReviewRow:
    item_id: str
    reviewed_at: datetime  # aware, UTC
    rating: int  # 1-4
    duration_ms: int | None
    state: ItemState  # the state before the review
    cram: bool
