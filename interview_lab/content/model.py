"""The immutable content model: what a deck holds once it has been validated.

Nothing here reads YAML (that is `loader.py`); these classes are built by the
loader and only read by everybody else. Every item carries a stable,
explicit id: progress in the database is keyed by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping, NoReturn

TIERS: tuple[str, ...] = ("beginner", "intermediate", "expert")
Tier = Literal["beginner", "intermediate", "expert"]
DRILL_KINDS: tuple[str, ...] = ("reorder", "failure", "concept")


class FrozenDict(dict):
    """A dict that refuses changes; unlike MappingProxyType it pickles (the deck cache)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("content is immutable")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items(), key=lambda kv: kv[0])))

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))


def frozen_mapping(values: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only copy of `values` (nested lists become tuples)."""

    def freeze(value: Any) -> Any:
        if isinstance(value, Mapping):
            return FrozenDict({k: freeze(v) for k, v in value.items()})
        if isinstance(value, (list, tuple)):
            return tuple(freeze(v) for v in value)
        return value

    return FrozenDict({k: freeze(v) for k, v in (values or {}).items()})


@dataclass(frozen=True)
class SourceRef:
    """Where an item was written: the file and the 1-based line of its mapping."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, named precisely enough to fix it."""

    file: str
    line: int | None
    field: str  # path such as "questions[3].tier"; "" for the whole file
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass(frozen=True)
class Question:
    id: str
    topic_id: str
    tier: Tier
    prompt: str
    answer: str  # Markdown
    key_points: tuple[str, ...]
    senior_angle: str | None = None  # Markdown
    experiment: str | None = None  # id of an experiment anywhere in the deck
    source: SourceRef | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Card:
    id: str
    topic_id: str
    front: str
    back: str
    experiment: str | None = None
    source: SourceRef | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice step in a drill."""

    text: str
    correct: bool = False


@dataclass(frozen=True)
class ReorderDrill:
    """Put the steps in order; `steps` holds them in the correct order."""

    id: str
    topic_id: str
    title: str
    prompt: str
    steps: tuple[str, ...]  # at least 3
    explanation: str | None = None
    kind: Literal["reorder"] = "reorder"
    source: SourceRef | None = field(default=None, compare=False)


@dataclass(frozen=True)
class FailureDrill:
    """Run a broken setup, diagnose the cause, choose the remedy, rerun fixed."""

    id: str
    topic_id: str
    title: str
    prompt: str
    experiment: str  # the setup that shows the failure
    causes: tuple[Choice, ...]  # exactly one correct
    remedies: tuple[Choice, ...]  # exactly one correct
    explanation: str
    fix: str | None = None  # experiment with the remedy applied
    kind: Literal["failure"] = "failure"
    source: SourceRef | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ConceptDrill:
    """Change one thing, predict the effect, run both, compare."""

    id: str
    topic_id: str
    title: str
    prompt: str
    experiment: str  # the baseline
    compare: str  # the same experiment with one thing changed
    options: tuple[Choice, ...]  # the predictions; exactly one correct
    explanation: str
    kind: Literal["concept"] = "concept"
    source: SourceRef | None = field(default=None, compare=False)


Drill = ReorderDrill | FailureDrill | ConceptDrill


@dataclass(frozen=True)
class SurfaceSpec:
    name: str
    params: Mapping[str, Any] = field(default_factory=frozen_mapping)


@dataclass(frozen=True)
class RunSpec:
    """One optimizer configuration in an experiment."""

    label: str  # unique within the experiment; claims name runs by it
    optimizer: str
    hparams: Mapping[str, Any] = field(default_factory=frozen_mapping)


@dataclass(frozen=True)
class Claim:
    """A machine-checkable statement over an experiment's result.

    `kind` is one of the claim kinds listed in docs/content-format.md and
    `args` holds its fields (run labels, thresholds, ...).
    """

    says: str  # the statement in words, shown to the learner
    kind: str
    args: Mapping[str, Any] = field(default_factory=frozen_mapping)
    source: SourceRef | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Experiment:
    id: str
    topic_id: str
    title: str
    surface: SurfaceSpec
    runs: tuple[RunSpec, ...]
    steps: int
    start: tuple[float, ...] | None = None  # None: the surface's default start
    seed: int = 0
    description: str | None = None
    claims: tuple[Claim, ...] = ()
    source: SourceRef | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    track: str
    summary: str
    theory: str  # Markdown
    questions: tuple[Question, ...] = ()
    cards: tuple[Card, ...] = ()
    drills: tuple[Drill, ...] = ()
    experiments: tuple[Experiment, ...] = ()
    references: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # ids of other topics
    order: int = 100  # topics are listed by (order, title)
    source_file: str = field(default="", compare=False)
    builtin: bool = field(default=True, compare=False)

    def questions_by_tier(self, tier: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.tier == tier)


@dataclass(frozen=True)
class Deck:
    """Every topic that loaded cleanly, plus every problem found on the way."""

    topics: tuple[Topic, ...] = ()
    problems: tuple[Problem, ...] = ()

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def experiment(self, experiment_id: str) -> Experiment | None:
        for topic in self.topics:
            for experiment in topic.experiments:
                if experiment.id == experiment_id:
                    return experiment
        return None

    def item(self, item_id: str) -> Question | Card | None:
        """A question or card by id (the schedulable items)."""
        for topic in self.topics:
            for item in (*topic.questions, *topic.cards):
                if item.id == item_id:
                    return item
        return None

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for t in self.topics for q in t.questions)

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(c for t in self.topics for c in t.cards)

    @property
    def experiments(self) -> tuple[Experiment, ...]:
        return tuple(e for t in self.topics for e in t.experiments)
