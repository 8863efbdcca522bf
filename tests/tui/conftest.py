"""A small fixture deck, a real Progress on a temporary folder and a fixed clock."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from interview_lab.content.model import Card, Deck, Problem, Question, Topic
from interview_lab.review import Progress
from interview_lab.tui.app import InterviewLabApp

MARKUP_TEXT = "[bold]x[/] [@click=app.quit]q grad[i]"
FIXED_NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def make_deck(problems: int = 0) -> Deck:
    adam = Topic(
        id="adam",
        title="Adam optimizer",
        track="optimization",
        summary="Adaptive moment estimation: one step size per parameter.",
        theory="## The idea\n\nAdam keeps two running averages per parameter.\n\n- first moment\n- second moment\n\n"
        "```python\nm = beta1 * m + (1 - beta1) * g\n```\n",
        order=1,
        questions=(
            Question(
                id="adam-what", topic_id="adam", tier="beginner",
                prompt="What does Adam stand for?", answer="Adaptive **moment** estimation.",
                key_points=("adaptive", "moment estimation"),
            ),
            Question(
                id="adam-bias", topic_id="adam", tier="intermediate",
                prompt="Why does Adam correct the bias of its moments?",
                answer="Both averages start at zero, so early estimates are too small.",
                senior_angle="Without correction the first steps would be tiny for beta2 near 1.",
                key_points=("start at zero", "early steps", "divide by 1 - beta^t"),
                experiment="adam-vs-sgd-ravine",
            ),
            Question(
                id="adam-amsgrad", topic_id="adam", tier="expert",
                prompt="What does AMSGrad change?", answer="It keeps the running maximum of the second moment.",
                key_points=("maximum of v", "non-convergence counterexample"),
            ),
        ),
        cards=(
            Card(id="adam-card-defaults", topic_id="adam", front="Adam's default lr in PyTorch?", back="1e-3"),
            Card(id="adam-card-eps", topic_id="adam", front="Adam's default eps in PyTorch?", back="1e-8"),
            Card(id="adam-card-markup", topic_id="adam", front=MARKUP_TEXT, back="back " + MARKUP_TEXT),
        ),
    )
    sgd = Topic(
        id="sgd",
        title="Stochastic gradient descent",
        track="optimization",
        summary="The plain step against the gradient.",
        theory="Take a step of size lr against the gradient.",
        order=2,
        cards=(Card(id="sgd-card-step", topic_id="sgd", front="SGD update rule?", back="x -= lr * grad"),),
    )
    found = tuple(Problem(file=f"broken{i}.yaml", line=1, field="id", message="missing") for i in range(problems))
    return Deck(topics=(adam, sgd), problems=found)


@pytest.fixture
def deck() -> Deck:
    return make_deck()


def open_progress(data_dir: Path, deck: Deck) -> Progress:
    return Progress.open(data_dir, deck, fuzz=False, tz=timezone.utc)


@pytest.fixture
def progress(tmp_path: Path, deck: Deck):
    progress = open_progress(tmp_path, deck)
    yield progress
    progress.close()


def make_app(deck: Deck, progress: Progress) -> InterviewLabApp:
    ticks = iter(range(0, 10**6, 7))
    return InterviewLabApp(deck, progress, clock=lambda: FIXED_NOW, monotonic=lambda: float(next(ticks)))


@pytest.fixture
def app(deck: Deck, progress: Progress) -> InterviewLabApp:
    return make_app(deck, progress)
