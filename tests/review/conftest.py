"""Small decks built from the content model directly (no YAML needed)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from interview_lab.content.model import TIERS, Card, Deck, Question, Topic
from interview_lab.review import Progress

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


def make_topic(topic_id: str, questions: int = 6, cards: int = 4, prompt: str = "prompt") -> Topic:
    return Topic(
        id=topic_id,
        title=topic_id.title(),
        track="machine-learning",
        summary="summary",
        theory="theory",
        questions=tuple(
            Question(
                id=f"{topic_id}-q{n}",
                topic_id=topic_id,
                tier=TIERS[n % len(TIERS)],  # type: ignore[arg-type]
                prompt=f"{prompt} {n}",
                answer="answer",
                key_points=("point",),
            )
            for n in range(questions)
        ),
        cards=tuple(
            Card(id=f"{topic_id}-c{n}", topic_id=topic_id, front=f"{prompt} front {n}", back="back")
            for n in range(cards)
        ),
    )


def make_deck(*topics: Topic) -> Deck:
    return Deck(topics=topics or (make_topic("adam"), make_topic("sgd")))


@pytest.fixture
def deck() -> Deck:
    return make_deck()


@pytest.fixture
def open_progress(tmp_path, deck):
    """Open Progress objects on tmp_path (deterministic: no fuzz, days in UTC); all closed afterwards."""
    opened: list[Progress] = []

    def opener(the_deck: Deck | None = None, **options) -> Progress:
        options.setdefault("fuzz", False)
        options.setdefault("tz", timezone.utc)
        progress = Progress.open(tmp_path, the_deck or deck, **options)
        opened.append(progress)
        return progress

    yield opener
    for progress in opened:
        progress.close()
