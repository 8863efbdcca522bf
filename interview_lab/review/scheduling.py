"""Scheduling with fsrs (FSRS-6 default parameters), with a reproducible fuzz.

fsrs fuzzes review intervals with the process-wide random generator, so an
interval previewed on a rating button could differ from the one grading then
gives. We therefore schedule with fsrs's fuzz turned off and apply the same
kind of fuzz ourselves, drawn from a generator seeded by the item and its
last review: previewing and grading the same item compute the same interval.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler, State

# (start day, end day, factor): the fuzz spread grows by `factor` per day of
# interval inside each band (the bands fsrs itself uses).
FUZZ_BANDS: tuple[tuple[float, float, float], ...] = (
    (2.5, 7.0, 0.15),
    (7.0, 20.0, 0.10),
    (20.0, float("inf"), 0.05),
)


def utc(moment: datetime) -> datetime:
    """`moment` as an aware UTC datetime (fsrs refuses any other zone)."""
    if moment.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware")
    return moment.astimezone(timezone.utc)


def make_scheduler(desired_retention: float = 0.9) -> Scheduler:
    if not 0.0 < desired_retention < 1.0:
        raise ValueError(f"desired_retention must be between 0 and 1, got {desired_retention}")
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def new_card(item_id: str, now: datetime) -> Card:
    """A never-reviewed fsrs card for `item_id` (its id only needs to be stable)."""
    card_id = int.from_bytes(hashlib.sha256(item_id.encode()).digest()[:6], "big")
    return Card(card_id=card_id, state=State.Learning, due=utc(now))


def fuzz_bounds(days: int, maximum_interval: int) -> tuple[int, int]:
    spread = 1.0
    for start, end, factor in FUZZ_BANDS:
        spread += factor * max(min(float(days), end) - start, 0.0)
    low = max(2, round(days - spread))
    high = min(round(days + spread), maximum_interval)
    return min(low, high), high


def fuzzed_days(days: int, seed_text: str, maximum_interval: int) -> int:
    """A whole number of days near `days`, the same for the same seed text."""
    if days < 3:  # short intervals stay exact, as in fsrs
        return days
    low, high = fuzz_bounds(days, maximum_interval)
    seed = int.from_bytes(hashlib.sha256(seed_text.encode()).digest()[:8], "big")
    return random.Random(seed).randint(low, high)


def schedule(
    scheduler: Scheduler, item_id: str, card: Card, rating: int, now: datetime, *, fuzz: bool
) -> Card:
    """The card after grading it `rating` at `now`; a pure function of its inputs."""
    now = utc(now)
    after, _log = scheduler.review_card(card, Rating(int(rating)), review_datetime=now)
    if fuzz and after.state == State.Review:
        days = (after.due - now).days
        last = card.last_review.isoformat() if card.last_review else "new"
        after.due = now + timedelta(days=fuzzed_days(days, f"{item_id}|{last}|{int(rating)}", scheduler.maximum_interval))
    return after


def retrievability(scheduler: Scheduler, card: Card, moment: datetime) -> float:
    return float(scheduler.get_card_retrievability(card, utc(moment)))
