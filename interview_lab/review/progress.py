"""The progress API the TUI and the commands use (docs/review-api.md)."""

from __future__ import annotations

import json
import os
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from fsrs import Card, Scheduler, State

from interview_lab.content.model import TIERS, Deck
from interview_lab.review.scheduling import make_scheduler, new_card, retrievability, schedule, utc
from interview_lab.review.store import DB_FILENAME, Row, Store, from_us, to_us
from interview_lab.review.types import (
    CARDS_GROUP,
    STATE_NAMES,
    Grade,
    ItemStatus,
    ReviewRow,
    Stats,
    TopicCounts,
)

DEFAULT_RETENTION = 0.9
DEFAULT_NEW_PER_DAY = 20
STATS_DAYS = 28


def stored_scheduler(setting: Any) -> Scheduler:
    """A scheduler for the stored desired retention; a bad stored value must not stop the app."""
    try:
        return make_scheduler(float(setting))
    except (TypeError, ValueError):
        return make_scheduler(DEFAULT_RETENTION)


def stored_new_per_day(setting: Any) -> int:
    """The stored daily limit of new items; a bad stored value falls back to the default."""
    if isinstance(setting, int) and not isinstance(setting, bool) and setting >= 0:
        return setting
    return DEFAULT_NEW_PER_DAY


class Progress:
    """The learner's progress on one deck, stored in `data_dir/progress.sqlite3`."""

    def __init__(
        self,
        store: Store,
        deck: Deck,
        scheduler: Scheduler,
        new_per_day: int,
        fuzz: bool,
        tz: tzinfo | None,
    ) -> None:
        self._store = store
        self._scheduler = scheduler
        self._new_per_day = new_per_day
        self._fuzz = fuzz
        self._tz = tz
        self._undo_stack: list[int] = []
        self.use_deck(deck)

    def use_deck(self, deck: Deck) -> None:
        """Schedule the items of `deck` (after a deck was imported or reloaded); history is kept."""
        self._deck = deck
        # item_id -> (kind, topic_id, tier or "cards"), in study order
        items: dict[str, tuple[str, str, str]] = {}
        for topic in deck.topics:
            questions = sorted(topic.questions, key=lambda q: TIERS.index(q.tier) if q.tier in TIERS else len(TIERS))
            for question in questions:
                items.setdefault(question.id, ("question", topic.id, question.tier))
            for card in topic.cards:
                items.setdefault(card.id, ("card", topic.id, CARDS_GROUP))
        self._items = items
        self._store.set_deck((item_id, *meta) for item_id, meta in items.items())

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str],
        deck: Deck,
        desired_retention: float | None = None,
        new_per_day: int | None = None,
        *,
        fuzz: bool = True,
        tz: tzinfo | None = None,
    ) -> Progress:
        """Open (or create) the progress database in `data_dir`.

        desired_retention: None uses the stored "desired_retention" setting,
        else 0.9. new_per_day: None uses the stored "new_per_day" setting, else 20. fuzz=False makes intervals exact (tests). tz: the zone whose
        midnight starts a day (new-item limit, per-day figures); None is the
        machine's local zone.
        """
        if new_per_day is not None and new_per_day < 0:
            raise ValueError("new_per_day must be 0 or more")
        store = Store.open(Path(data_dir) / DB_FILENAME)
        try:
            if new_per_day is None:
                new_per_day = stored_new_per_day(store.get_setting("new_per_day"))
            if desired_retention is None:
                scheduler = stored_scheduler(store.get_setting("desired_retention"))
            else:
                scheduler = make_scheduler(desired_retention)
            return cls(store, deck, scheduler, new_per_day, fuzz, tz)
        except BaseException:
            store.close()
            raise

    # -- where things are -------------------------------------------------------

    @property
    def db_path(self) -> Path:
        return self._store.path

    @property
    def moved_aside(self) -> Path | None:
        return self._store.moved_aside

    @property
    def moved_aside_reason(self) -> str | None:
        return self._store.problem

    @property
    def desired_retention(self) -> float:
        return self._scheduler.desired_retention

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- time helpers -------------------------------------------------------------

    def _now(self, now: datetime | None) -> datetime:
        return utc(now) if now is not None else datetime.now(timezone.utc)

    def today(self, now: datetime | None = None) -> date:
        """The learner's calendar date (days start at local midnight, as for the new-item limit)."""
        return self._local_date(self._now(now))

    def _local_date(self, moment: datetime) -> date:
        return moment.astimezone(self._tz).date()

    def _day_start(self, day: date, reference: datetime) -> datetime:
        zone = self._tz or reference.astimezone().tzinfo
        return datetime.combine(day, time(0), tzinfo=zone)

    def _day_us(self, day: date, reference: datetime) -> int:
        return to_us(self._day_start(day, reference))

    def _bucket(self, days: list[date], times_us: list[int], reference: datetime) -> list[int]:
        """How many of `times_us` fall on each of the consecutive `days`."""
        bounds = [self._day_us(day, reference) for day in (*days, days[-1] + timedelta(days=1))]
        counts = [0] * len(days)
        for moment in times_us:
            index = bisect_right(bounds, moment) - 1
            if 0 <= index < len(days):
                counts[index] += 1
        return counts

    @property
    def new_per_day(self) -> int:
        """How many never-studied items a day may bring (shared by every topic)."""
        return self._new_per_day

    def new_remaining(self, now: datetime | None = None) -> int:
        """New items still allowed today."""
        return self._new_remaining(self._now(now))

    def _new_remaining(self, now: datetime) -> int:
        since = self._day_start(self._local_date(now), now)
        return max(0, self._new_per_day - self._store.new_graded_since(to_us(since)))

    # -- items --------------------------------------------------------------------

    def _meta(self, item_id: str) -> tuple[str, str, str]:
        try:
            return self._items[item_id]
        except KeyError:
            raise KeyError(f"no question or card with id {item_id!r} in the deck") from None

    def _card(self, item_id: str, row: Row | None, now: datetime) -> Card:
        return Card.from_json(row["card_json"]) if row else new_card(item_id, now)

    def status(self, item_id: str) -> ItemStatus:
        row = self._store.item(item_id)
        if item_id in self._items:
            kind, topic_id, _tier = self._items[item_id]
        elif row is not None:  # removed from the deck; its history is still readable
            kind, topic_id = row["kind"], row["topic_id"]
        else:
            raise KeyError(f"no question or card with id {item_id!r} in the deck")
        if row is None:
            return ItemStatus(item_id, kind, topic_id, "new", None, 0, 0, None, None)  # type: ignore[arg-type]
        return ItemStatus(
            item_id=item_id,
            kind=kind,  # type: ignore[arg-type]
            topic_id=topic_id,
            state=STATE_NAMES[row["state"]],
            due=from_us(row["due_us"]),
            reps=row["reps"],
            lapses=row["lapses"],
            last_review=from_us(row["last_review_us"]) if row["last_review_us"] is not None else None,
            stability=row["stability"],
        )

    def due_ids(self, topic_id: str | None = None, now: datetime | None = None) -> list[str]:
        return self._due(topic_id, None, self._now(now))

    def due_card_ids(self, topic_id: str | None = None, now: datetime | None = None) -> list[str]:
        return self._due(topic_id, "card", self._now(now))

    def _due(self, topic_id: str | None, kind: str | None, now: datetime) -> list[str]:
        scheduled = self._store.due_scheduled(to_us(now), topic_id, kind)
        remaining = self._new_remaining(now)
        fresh = self._store.unseen(topic_id, kind, remaining) if remaining else []
        return scheduled + fresh

    def counts(self, topic_id: str, now: datetime | None = None) -> TopicCounts:
        now = self._now(now)
        total, seen, review_due, tiers = self._store.topic_counts(topic_id, to_us(now))
        unseen = total - seen
        new_today = min(unseen, self._new_remaining(now))
        tier_counts = {tier: tiers.get(tier, (0, 0)) for tier in TIERS}
        return TopicCounts(
            due=review_due + new_today,
            new=unseen,
            total=total,
            tiers=tier_counts,
            review_due=review_due,
            new_today=new_today,
        )

    # -- grading --------------------------------------------------------------------

    def _next_row(self, item_id: str, kind: str, topic_id: str, before: Row | None, grade: Grade, now: datetime) -> Row:
        card = self._card(item_id, before, now)
        after = schedule(self._scheduler, item_id, card, int(grade), now, fuzz=self._fuzz)
        lapsed = before is not None and before["state"] == State.Review and grade == Grade.AGAIN
        return {
            "item_id": item_id,
            "kind": kind,
            "topic_id": topic_id,
            "card_json": after.to_json(),
            "state": int(after.state),
            "due_us": to_us(after.due),
            "last_review_us": to_us(after.last_review) if after.last_review else None,
            "stability": after.stability,
            "reps": (before["reps"] if before else 0) + 1,
            "lapses": (before["lapses"] if before else 0) + int(lapsed),
        }

    def preview(self, item_id: str, now: datetime | None = None) -> dict[Grade, timedelta]:
        """The interval each grade would give now, computed exactly as grade() will."""
        kind, topic_id, _tier = self._meta(item_id)
        now = self._now(now)
        before = self._store.item(item_id)
        return {
            grade: from_us(self._next_row(item_id, kind, topic_id, before, grade, now)["due_us"]) - now
            for grade in Grade
        }

    def grade(
        self,
        item_id: str,
        grade: Grade | int,
        *,
        duration_ms: int | None = None,
        now: datetime | None = None,
        cram: bool = False,
    ) -> None:
        """Schedule the item and log the grade; committed to disk before returning.

        cram=True logs the grade as cram and leaves the schedule unchanged.
        """
        grade = Grade(int(grade))
        kind, topic_id, tier = self._meta(item_id)
        now = self._now(now)

        def next_item(before: Row | None) -> Row | None:
            return None if cram else self._next_row(item_id, kind, topic_id, before, grade, now)

        review_id = self._store.record_review(
            item_id,
            kind=kind,
            topic_id=topic_id,
            tier=tier,
            rating=int(grade),
            reviewed_at=now,
            duration_ms=duration_ms,
            cram=cram,
            next_item=next_item,
        )
        self._undo_stack.append(review_id)

    def undo(self) -> str | None:
        """Undo the last grade given through this object: schedule and log go back exactly.

        Returns the item's id; None when there is nothing to undo, or when the
        last grade can no longer be undone because another instance graded the
        item since (that grade then leaves the undo history: an older grade of
        some other item is never undone in its place).
        """
        if not self._undo_stack:
            return None
        return self._store.undo_review(self._undo_stack.pop())

    # -- drills and settings ------------------------------------------------------------

    def record_drill(self, drill_id: str, topic_id: str, correct: bool, detail: str = "", *, now: datetime | None = None) -> None:
        self._store.record_drill(drill_id, topic_id, correct, detail, self._now(now))

    def drill_summary(self, topic_id: str) -> tuple[int, int]:
        return self._store.drills_by_topic().get(topic_id, (0, 0))

    def get_setting(self, name: str, default: Any = None) -> Any:
        value = self._store.get_setting(name)
        return default if value is None else value

    def set_setting(self, name: str, value: Any) -> None:
        """Store a JSON-compatible value; None removes the setting."""
        json.dumps(value)  # refuse what cannot be stored before touching the database
        self._store.set_setting(name, value)

    def review_log(self) -> Iterator[ReviewRow]:
        for item_id, at_us, rating, duration_ms, state_before, cram in self._store.review_rows():
            yield ReviewRow(item_id, from_us(at_us), rating, duration_ms, STATE_NAMES[state_before], bool(cram))

    # -- statistics -------------------------------------------------------------------------

    def stats(self, now: datetime | None = None) -> Stats:
        now = self._now(now)
        today = self._local_date(now)

        first_day = today - timedelta(days=STATS_DAYS - 1)
        past_days = [first_day + timedelta(days=n) for n in range(STATS_DAYS)]
        past_counts = self._bucket(past_days, self._store.review_times_since(self._day_us(first_day, now)), now)

        next_days = [today + timedelta(days=n) for n in range(STATS_DAYS)]
        horizon = self._day_us(today + timedelta(days=STATS_DAYS), now)
        # overdue items count today
        today_us = self._day_us(today, now)
        due_times = [max(due_us, today_us) for due_us in self._store.due_times_before(horizon)]
        forecast_counts = self._bucket(next_days, due_times, now)

        def share(pair: tuple[int, int] | None) -> float | None:
            return pair[1] / pair[0] if pair and pair[0] else None

        by_tier = self._store.retention("tier")
        by_topic = self._store.retention("topic")
        topic_ids = [topic.id for topic in self._deck.topics]
        seen = self._store.seen_by_topic(to_us(now))
        remaining = self._new_remaining(now)
        unseen_total = sum(total - seen_count for total, seen_count, _ in seen.values())
        reviews_by_topic = self._store.reviews_by_topic()
        drills = self._store.drills_by_topic()
        return Stats(
            reviews_per_day=list(zip(past_days, past_counts)),
            forecast=list(zip(next_days, forecast_counts)),
            retention_by_tier={group: share(by_tier.get(group)) for group in (*TIERS, CARDS_GROUP)},
            retention_by_topic={topic_id: share(by_topic.get(topic_id)) for topic_id in topic_ids},
            total_reviews=self._store.total_reviews(),
            items_seen=sum(seen_count for _, seen_count, _ in seen.values()),
            due_now=sum(due for _, _, due in seen.values()) + min(unseen_total, remaining),
            reviews_by_topic={topic_id: reviews_by_topic.get(topic_id, 0) for topic_id in topic_ids},
            due_by_topic={
                topic_id: seen[topic_id][2] + min(seen[topic_id][0] - seen[topic_id][1], remaining)
                if topic_id in seen
                else 0
                for topic_id in topic_ids
            },
            drills_by_topic={topic_id: drills.get(topic_id, (0, 0)) for topic_id in topic_ids},
        )

    def recall_on(self, target: date, *, now: datetime | None = None) -> dict[tuple[str, str], float | None]:
        """Mean predicted recall (fsrs retrievability) per (topic, tier or "cards") at noon on `target`.

        Items never graded count as 0 (nothing predicts their recall); a group
        with no graded item at all is None ("not started").
        """
        reference = self._now(now)
        moment = self._day_start(target, reference) + timedelta(hours=12)
        sums: dict[tuple[str, str], float] = defaultdict(float)
        sizes: dict[tuple[str, str], int] = defaultdict(int)
        started: set[tuple[str, str]] = set()
        for topic_id, tier, stability, last_us in self._store.deck_memory():
            key = (topic_id, tier)
            sizes[key] += 1
            if stability is None or last_us is None:
                continue
            started.add(key)
            last = from_us(last_us)
            card = Card(card_id=0, state=State.Review, stability=stability, due=last, last_review=last)
            sums[key] += retrievability(self._scheduler, card, max(moment, last))
        return {key: (sums[key] / sizes[key] if key in started else None) for key in sizes}
