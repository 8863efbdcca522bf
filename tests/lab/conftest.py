"""A fixture deck with experiments and one drill of each kind, and a real Progress on a temporary folder."""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pytest

from interview_lab.content.model import (
    Choice,
    Claim,
    ConceptDrill,
    Deck,
    Experiment,
    FailureDrill,
    ReorderDrill,
    RunSpec,
    SurfaceSpec,
    Topic,
    frozen_mapping,
)
from interview_lab.review import Progress
from interview_lab.tui.app import InterviewLabApp


def experiment(id: str, title: str, runs: list[tuple[str, str, dict]], steps: int = 200, claims=(), **surface) -> Experiment:
    return Experiment(
        id=id,
        topic_id="adam",
        title=title,
        surface=SurfaceSpec("quadratic", frozen_mapping({"curvatures": [1, 100], **surface})),
        runs=tuple(RunSpec(label, optimizer, frozen_mapping(hparams)) for label, optimizer, hparams in runs),
        steps=steps,
        start=(-4.0, 1.0),
        claims=tuple(claims),
    )


RAVINE = experiment(
    "lab-ravine",
    "Adam against SGD in a ravine",
    [("sgd", "sgd", {"lr": 0.015}), ("adam", "adam", {"lr": 0.1})],
    steps=300,
    claims=[
        Claim("Adam ends below 1e-6", "final_loss_below", frozen_mapping({"run": "adam", "value": 1e-6})),
        Claim("SGD never diverges", "stays_finite", frozen_mapping({"run": "sgd"})),
    ],
)
EXPLODES = experiment("lab-explodes", "SGD with too large a step", [("big", "sgd", {"lr": 0.05})], steps=100)
CALM = experiment("lab-calm", "SGD with a safe step", [("small", "sgd", {"lr": 0.015})], steps=100)
BETA_HIGH = experiment("lab-beta-09", "Adam, beta1 0.9", [("adam", "adam", {"lr": 0.1, "betas": [0.9, 0.999]})])
BETA_ZERO = experiment("lab-beta-0", "Adam, beta1 0", [("adam", "adam", {"lr": 0.1, "betas": [0.0, 0.999]})])

REORDER = ReorderDrill(
    id="lab-order", topic_id="adam", title="Steps of Adam", prompt="Put them in order.",
    steps=("gradient", "moments", "bias correction", "denominator", "update"),
    explanation="Each step needs the one before.",
)
FAILURE = FailureDrill(
    id="lab-failure", topic_id="adam", title="Exploding SGD", prompt="The loss blows up. Why?",
    experiment="lab-explodes",
    causes=(Choice("lr above 2 / largest curvature", True), Choice("too few steps")),
    remedies=(Choice("momentum 0.99"), Choice("lr below 0.02", True)),
    explanation="Plain gradient descent is stable only for lr < 2 / L.",
    fix="lab-calm",
)
CONCEPT = ConceptDrill(
    id="lab-concept", topic_id="adam", title="beta1 on a ravine", prompt="Lower beta1 to 0: what happens?",
    experiment="lab-beta-09", compare="lab-beta-0",
    options=(Choice("Nothing changes"), Choice("It follows the sign of each gradient more directly", True)),
    explanation="Without momentum each step uses only the current gradient.",
)


def make_deck() -> Deck:
    topic = Topic(
        id="adam", title="Adam optimizer", track="optimization", summary="Adaptive moments.", theory="Theory.",
        drills=(REORDER, FAILURE, CONCEPT),
        experiments=(RAVINE, EXPLODES, CALM, BETA_HIGH, BETA_ZERO),
    )
    return Deck(topics=(topic,))


@pytest.fixture
def deck() -> Deck:
    return make_deck()


@pytest.fixture
def progress(tmp_path: Path, deck: Deck):
    progress = Progress.open(tmp_path, deck, fuzz=False, tz=timezone.utc)
    yield progress
    progress.close()


@pytest.fixture
def app(deck: Deck, progress: Progress) -> InterviewLabApp:
    return InterviewLabApp(deck, progress)
