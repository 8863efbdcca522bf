"""Turn one parsed topic file into model objects, and check a deck across files.

The YAML reader (`loader.py`) hands over plain data whose mappings and lists
remember their line numbers (`LocatedDict`, `LocatedList`). Everything here
works on that data only: no YAML, no I/O.

Policy: every problem is collected. A topic whose required top-level fields
are broken is dropped whole; a broken question, card, drill or experiment is
dropped alone and the rest of its topic still loads.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from itertools import repeat
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable

from interview_lab.content.model import (
    TIERS,
    Card,
    Choice,
    Claim,
    ConceptDrill,
    Experiment,
    FailureDrill,
    Problem,
    Question,
    ReorderDrill,
    RunSpec,
    SourceRef,
    SurfaceSpec,
    Topic,
    frozen_mapping,
)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_STEPS = 100_000
MIN_REORDER_STEPS = 3

TOPIC_REQUIRED = ("id", "title", "track", "summary", "theory")
TOPIC_OPTIONAL = ("order", "references", "related", "questions", "cards", "drills", "experiments")

# The claim kinds of docs/content-format.md: (required fields, optional fields).
CLAIM_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "final_loss_below": (("run", "value"), ()),
    "best_loss_above": (("run", "value"), ()),
    "final_loss_above": (("run", "value"), ()),
    "best_loss_below": (("run", "value"), ()),
    "loss_below_run": (("run", "other"), ("factor",)),
    "reaches_loss": (("run", "value"), ("within",)),
    "reaches_before": (("run", "other", "value"), ()),
    "diverges": (("run",), ("within",)),
    "stays_finite": (("run",), ()),
    "param_final_between": (("run", "index", "low", "high"), ()),
    "effective_lr_above": (("run", "param"), ("than_run", "than_param", "factor", "at")),
}
CLAIM_RUN_FIELDS = ("run", "other", "than_run")
CLAIM_NUMBER_FIELDS = ("value", "factor", "low", "high")
CLAIM_INDEX_FIELDS = ("index", "param", "than_param")  # parameter indices, from 0
CLAIM_STEP_FIELDS = ("within", "at")  # step counts, from 1

# Optimizer hyper-parameters by the form of their value; the simulator checks the values.
HPARAM_NUMBERS = (
    "lr", "eps", "weight_decay", "momentum", "dampening", "alpha", "lr_decay",
    "initial_accumulator_value", "momentum_decay",
)
HPARAM_FLAGS = ("amsgrad", "nesterov", "centered", "decoupled_weight_decay", "keras_eps")
BIAS_CORRECTION_CHOICES = ("both", "none", "m", "v")
HPARAMS = (*HPARAM_NUMBERS, "betas", *HPARAM_FLAGS, "bias_correction")


class LocatedDict(dict):
    """A YAML mapping that remembers its own line and the line of each key."""

    __slots__ = ("line", "key_lines", "repeated_keys")

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}
        self.repeated_keys: list[tuple[Any, int]] = []


class LocatedList(list):
    """A YAML sequence that remembers its own line and the line of each item."""

    __slots__ = ("line", "item_lines")

    def __init__(self, line: int = 0, item_lines: list[int] | None = None) -> None:
        super().__init__()
        self.line = line
        self.item_lines = item_lines or []


@dataclass(frozen=True)
class Link:
    """A reference from one item to another, checked once the whole deck is known."""

    section: str  # "questions", "cards", "drills" or "related"
    index: int  # position of the owning item in the topic's tuple for that section
    target_kind: str  # "experiment" or "topic"
    target: str
    line: int
    path: str


@dataclass(frozen=True)
class ParsedFile:
    """Everything one file contributes: what the deck cache stores per file."""

    file: str
    topic: Topic | None
    problems: tuple[Problem, ...]
    topic_line: int = 1
    # The field path of each kept item, aligned with the topic's tuples.
    paths: dict[str, tuple[str, ...]] = field(default_factory=dict)
    links: tuple[Link, ...] = ()


def describe(value: Any) -> str:
    """A value's YAML kind in words, for 'expected X, got Y' messages."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"text ({shorten(value)!r})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    return type(value).__name__


def shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def join_path(prefix: str, key: Any) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


def line_of(mapping: Any, key: Any, default: int) -> int:
    if isinstance(mapping, LocatedDict):
        return mapping.key_lines.get(key, mapping.line)
    return default


def item_line(sequence: Any, index: int, default: int) -> int:
    if isinstance(sequence, LocatedList) and index < len(sequence.item_lines):
        return sequence.item_lines[index]
    return default


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# YAML 1.1 reads `1e-4` (no dot) as text; in a number field it is plainly a number.
SCIENTIFIC = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+")


def as_number(value: Any) -> Any:
    if isinstance(value, str) and SCIENTIFIC.fullmatch(value.strip()):
        return float(value)
    return value


class FileChecker:
    """Builds the model objects of one file and collects its problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def report(self, line: int | None, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, path, message))

    # -- mappings and their fields ------------------------------------------

    def mapping(self, value: Any, path: str, line: int) -> LocatedDict | None:
        if isinstance(value, dict):
            return value  # type: ignore[return-value]
        self.report(line, path, f"expected a mapping of fields, got {describe(value)}")
        return None

    def check_keys(
        self, mapping: dict, path: str, required: Iterable[str], optional: Iterable[str], what: str = "field"
    ) -> None:
        required = tuple(required)
        allowed = (*required, *optional)
        line = getattr(mapping, "line", None)
        for key, repeat_line in getattr(mapping, "repeated_keys", ()):
            self.report(repeat_line, join_path(path, key), f"{what} given twice in the same mapping")
        for key in mapping:
            if not isinstance(key, str):
                self.report(line_of(mapping, key, line), path, f"{what} names must be text, got {describe(key)}")
            elif key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else f" (expected one of {', '.join(allowed)})"
                self.report(line_of(mapping, key, line), join_path(path, key), f"unknown {what}{suggestion}")
        for key in required:
            if key not in mapping:
                self.report(line, join_path(path, key), "missing required field")

    def text(self, mapping: dict, key: str, path: str, *, required: bool = True) -> str | None:
        if key not in mapping:
            return None  # a missing required field is reported by check_keys
        return self.text_value(mapping[key], join_path(path, key), line_of(mapping, key, 0))

    def text_value(self, value: Any, path: str, line: int) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.report(line, path, "must not be empty")
            return None
        if not isinstance(value, str):
            hint = " (put it in quotes)" if not isinstance(value, (dict, list)) else ""
            self.report(line, path, f"expected text, got {describe(value)}{hint}")
            return None
        return value

    def ident(self, mapping: dict, key: str, path: str) -> str | None:
        value = self.text(mapping, key, path)
        if value is None:
            return None
        if not ID_PATTERN.match(value):
            self.report(
                line_of(mapping, key, 0),
                join_path(path, key),
                f"'{shorten(value)}' is not a valid id: use lower-case letters, digits and '-', starting with a letter or digit",
            )
            return None
        return value

    def text_list(self, mapping: dict, key: str, path: str, *, minimum: int = 0) -> tuple[str, ...] | None:
        if key not in mapping:
            return None
        value, field_path, line = mapping[key], join_path(path, key), line_of(mapping, key, 0)
        if not isinstance(value, list):
            self.report(line, field_path, f"expected a list of text, got {describe(value)}")
            return None
        if len(value) < minimum:
            self.report(line, field_path, f"needs at least {minimum} item{'s' if minimum > 1 else ''}, got {len(value)}")
            return None
        before = len(self.problems)
        items = [
            self.text_value(item, f"{field_path}[{index}]", item_line(value, index, line))
            for index, item in enumerate(value)
        ]
        return None if len(self.problems) > before else tuple(items)  # type: ignore[arg-type]

    def integer(self, mapping: dict, key: str, path: str, low: int | None = None, high: int | None = None) -> int | None:
        value, field_path, line = mapping[key], join_path(path, key), line_of(mapping, key, 0)
        if not isinstance(value, int) or isinstance(value, bool):
            self.report(line, field_path, f"expected a whole number, got {describe(value)}")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
            self.report(line, field_path, f"must be {bounds}, got {value}")
            return None
        return value

    def number(self, value: Any, path: str, line: int) -> float | int | None:
        value = as_number(value)
        if not is_number(value):
            self.report(line, path, f"expected a number, got {describe(value)}")
            return None
        if not math.isfinite(value):
            self.report(line, path, f"expected a finite number, got {value}")
            return None
        return value

    def number_list(self, value: Any, path: str, line: int) -> tuple[float, ...] | None:
        if not isinstance(value, list) or not value:
            self.report(line, path, f"expected a non-empty list of numbers, got {describe(value)}")
            return None
        before = len(self.problems)
        numbers = [self.number(item, f"{path}[{i}]", item_line(value, i, line)) for i, item in enumerate(value)]
        return None if len(self.problems) > before else tuple(numbers)  # type: ignore[arg-type]

    def items(self, topic: dict, key: str, build: Callable[[dict, str, int], Any]) -> tuple[list[Any], list[str]]:
        """Build each item of one section, dropping the broken ones."""
        if key not in topic or topic[key] is None:
            return [], []
        value, line = topic[key], line_of(topic, key, 1)
        if not isinstance(value, list):
            self.report(line, key, f"expected a list, got {describe(value)}")
            return [], []
        built, paths = [], []
        for index, entry in enumerate(value):
            path = f"{key}[{index}]"
            before = len(self.problems)
            mapping = self.mapping(entry, path, item_line(value, index, line))
            if mapping is None:
                continue
            item = build(mapping, path, getattr(mapping, "line", line))
            if item is not None and len(self.problems) == before:
                built.append(item)
                paths.append(path)
        return built, paths


class TopicBuilder(FileChecker):
    """Builds the topic of one file."""

    def __init__(self, file: str, builtin: bool) -> None:
        super().__init__(file)
        self.builtin = builtin
        self.topic_id = ""
        self.links: list[tuple[str, str, str, int, str]] = []  # (section, target kind, target, line, path)

    def link(self, section: str, mapping: dict, key: str, path: str, kind: str = "experiment") -> str | None:
        """An optional id field pointing elsewhere in the deck; its target is checked later."""
        if key not in mapping or mapping[key] is None:
            return None
        target = self.ident(mapping, key, path)
        if target is not None:
            self.links.append((section, kind, target, line_of(mapping, key, 0), join_path(path, key)))
        return target

    def build(self, document: Any) -> ParsedFile:
        topic = self.mapping(document, "", 1)
        if topic is None:
            return self.result(None, 1)
        line = getattr(topic, "line", 1)
        self.check_keys(topic, "", TOPIC_REQUIRED, TOPIC_OPTIONAL)
        before = len(self.problems)
        topic_id = self.ident(topic, "id", "")
        self.topic_id = topic_id or ""
        title, track, summary, theory = (self.text(topic, key, "") for key in ("title", "track", "summary", "theory"))
        header_broken = len(self.problems) > before or any(key not in topic for key in TOPIC_REQUIRED)

        order = 100
        if "order" in topic:
            given = self.integer(topic, "order", "")
            order = 100 if given is None else given
        references = self.text_list(topic, "references", "") if topic.get("references") is not None else ()
        related: list[str] = []
        if topic.get("related") is not None:
            value = topic["related"]
            if not isinstance(value, list):
                self.report(line_of(topic, "related", line), "related", f"expected a list of topic ids, got {describe(value)}")
            else:
                for index, entry in enumerate(value):
                    path, entry_line = f"related[{index}]", item_line(value, index, line)
                    target = self.text_value(entry, path, entry_line)
                    if target is not None and not ID_PATTERN.match(target):
                        self.report(entry_line, path, f"'{shorten(target)}' is not a valid topic id")
                    elif target is not None:
                        self.links.append(("related", "topic", target, entry_line, path))
                        related.append(target)

        sections: dict[str, tuple[list[Any], list[str]]] = {}
        for key, build in (
            ("questions", self.question),
            ("cards", self.card),
            ("drills", self.drill),
            ("experiments", self.experiment),
        ):
            sections[key] = self.items(topic, key, build)

        if header_broken:
            return self.result(None, line)
        built = Topic(
            id=topic_id,  # type: ignore[arg-type]
            title=title,  # type: ignore[arg-type]
            track=track,  # type: ignore[arg-type]
            summary=summary,  # type: ignore[arg-type]
            theory=theory,  # type: ignore[arg-type]
            questions=tuple(sections["questions"][0]),
            cards=tuple(sections["cards"][0]),
            drills=tuple(sections["drills"][0]),
            experiments=tuple(sections["experiments"][0]),
            references=references or (),
            related=tuple(related),
            order=order,
            source_file=self.file,
            builtin=self.builtin,
        )
        paths = {key: tuple(value[1]) for key, value in sections.items()}
        # Keep only the links of items that were kept, indexed by their place in the topic.
        index_of = {(key, path): index for key, value in paths.items() for index, path in enumerate(value)}
        links = []
        for section, kind, target, link_line, path in self.links:
            if section == "related":
                links.append(Link("related", 0, kind, target, link_line, path))
                continue
            owner = path.split(".", 1)[0]
            index = index_of.get((section, owner))
            if index is not None:
                links.append(Link(section, index, kind, target, link_line, path))
        return self.result(built, line, paths, tuple(links))

    def result(self, topic: Topic | None, line: int, paths: dict | None = None, links: tuple[Link, ...] = ()) -> ParsedFile:
        return ParsedFile(self.file, topic, tuple(self.problems), line, paths or {}, links)

    def source(self, line: int) -> SourceRef:
        return SourceRef(self.file, line)

    # -- items ---------------------------------------------------------------

    def question(self, m: dict, path: str, line: int) -> Question | None:
        self.check_keys(m, path, ("id", "tier", "prompt", "answer", "key_points"), ("senior_angle", "experiment"))
        item_id = self.ident(m, "id", path)
        tier = m.get("tier")
        if "tier" in m and tier not in TIERS:
            shown = repr(tier) if isinstance(tier, str) else describe(tier)
            self.report(line_of(m, "tier", line), join_path(path, "tier"), f"expected one of {', '.join(TIERS)}, got {shown}")
        prompt = self.text(m, "prompt", path)
        answer = self.text(m, "answer", path)
        key_points = self.text_list(m, "key_points", path, minimum=1)
        senior = self.text(m, "senior_angle", path) if m.get("senior_angle") is not None else None
        experiment = self.link("questions", m, "experiment", path)
        if item_id is None or tier not in TIERS or prompt is None or answer is None or key_points is None:
            return None
        return Question(item_id, self.topic_id, tier, prompt, answer, key_points, senior, experiment, self.source(line))

    def card(self, m: dict, path: str, line: int) -> Card | None:
        self.check_keys(m, path, ("id", "front", "back"), ("experiment",))
        item_id = self.ident(m, "id", path)
        front, back = self.text(m, "front", path), self.text(m, "back", path)
        experiment = self.link("cards", m, "experiment", path)
        if item_id is None or front is None or back is None:
            return None
        return Card(item_id, self.topic_id, front, back, experiment, self.source(line))

    def drill(self, m: dict, path: str, line: int) -> Any:
        kind = m.get("kind")
        if kind == "reorder":
            return self.reorder_drill(m, path, line)
        if kind == "failure":
            return self.failure_drill(m, path, line)
        if kind == "concept":
            return self.concept_drill(m, path, line)
        if "kind" not in m:
            self.report(line, join_path(path, "kind"), "missing required field (one of reorder, failure, concept)")
        else:
            shown = repr(kind) if isinstance(kind, str) else describe(kind)
            self.report(line_of(m, "kind", line), join_path(path, "kind"), f"expected one of reorder, failure, concept, got {shown}")
        return None

    def reorder_drill(self, m: dict, path: str, line: int) -> ReorderDrill | None:
        self.check_keys(m, path, ("id", "kind", "title", "prompt", "steps"), ("explanation",))
        item_id = self.ident(m, "id", path)
        title, prompt = self.text(m, "title", path), self.text(m, "prompt", path)
        steps = self.text_list(m, "steps", path)
        if steps is not None and len(steps) < MIN_REORDER_STEPS:
            self.report(
                line_of(m, "steps", line),
                join_path(path, "steps"),
                f"a reorder drill needs at least {MIN_REORDER_STEPS} steps, got {len(steps)}",
            )
            steps = None
        if steps is not None and len(set(steps)) < len(steps):
            self.report(line_of(m, "steps", line), join_path(path, "steps"), "two steps have the same text, so their order is ambiguous")
            steps = None
        explanation = self.text(m, "explanation", path) if m.get("explanation") is not None else None
        if item_id is None or title is None or prompt is None or steps is None:
            return None
        return ReorderDrill(item_id, self.topic_id, title, prompt, steps, explanation, source=self.source(line))

    def choices(self, m: dict, key: str, path: str) -> tuple[Choice, ...] | None:
        if key not in m:
            return None
        value, field_path, line = m[key], join_path(path, key), line_of(m, key, 0)
        if not isinstance(value, list) or len(value) < 2:
            got = f"{len(value)} item" + ("" if len(value) == 1 else "s") if isinstance(value, list) else describe(value)
            self.report(line, field_path, f"expected a list of at least 2 choices, got {got}")
            return None
        before = len(self.problems)
        choices = []
        for index, entry in enumerate(value):
            choice_path = f"{field_path}[{index}]"
            choice = self.mapping(entry, choice_path, item_line(value, index, line))
            if choice is None:
                continue
            self.check_keys(choice, choice_path, ("text",), ("correct",))
            text = self.text(choice, "text", choice_path)
            correct = choice.get("correct", False)
            if not isinstance(correct, bool):
                self.report(line_of(choice, "correct", line), join_path(choice_path, "correct"), f"expected true or false, got {describe(correct)}")
            if text is not None:
                choices.append(Choice(text, correct is True))
        if len(self.problems) > before:
            return None
        correct_count = sum(choice.correct for choice in choices)
        if correct_count != 1:
            self.report(line, field_path, f"exactly one choice must be marked 'correct: true', found {correct_count}")
            return None
        return tuple(choices)

    def failure_drill(self, m: dict, path: str, line: int) -> FailureDrill | None:
        required = ("id", "kind", "title", "prompt", "experiment", "causes", "remedies", "explanation")
        self.check_keys(m, path, required, ("fix",))
        item_id = self.ident(m, "id", path)
        title, prompt = self.text(m, "title", path), self.text(m, "prompt", path)
        experiment = self.link("drills", m, "experiment", path)
        causes, remedies = self.choices(m, "causes", path), self.choices(m, "remedies", path)
        explanation = self.text(m, "explanation", path)
        fix = self.link("drills", m, "fix", path)
        if None in (item_id, title, prompt, experiment, causes, remedies, explanation):
            return None
        return FailureDrill(
            item_id, self.topic_id, title, prompt, experiment, causes, remedies, explanation, fix,  # type: ignore[arg-type]
            source=self.source(line),
        )

    def concept_drill(self, m: dict, path: str, line: int) -> ConceptDrill | None:
        self.check_keys(m, path, ("id", "kind", "title", "prompt", "experiment", "compare", "options", "explanation"), ())
        item_id = self.ident(m, "id", path)
        title, prompt = self.text(m, "title", path), self.text(m, "prompt", path)
        experiment = self.link("drills", m, "experiment", path)
        compare = self.link("drills", m, "compare", path)
        options = self.choices(m, "options", path)
        explanation = self.text(m, "explanation", path)
        if None in (item_id, title, prompt, experiment, compare, options, explanation):
            return None
        return ConceptDrill(
            item_id, self.topic_id, title, prompt, experiment, compare, options, explanation,  # type: ignore[arg-type]
            source=self.source(line),
        )

    # -- experiments -----------------------------------------------------------

    def experiment(self, m: dict, path: str, line: int) -> Experiment | None:
        self.check_keys(m, path, ("id", "title", "surface", "steps", "runs"), ("description", "start", "seed", "claims"))
        item_id = self.ident(m, "id", path)
        title = self.text(m, "title", path)
        description = self.text(m, "description", path) if m.get("description") is not None else None
        surface = self.surface(m["surface"], join_path(path, "surface"), line_of(m, "surface", line)) if "surface" in m else None
        steps = self.integer(m, "steps", path, 1, MAX_STEPS) if "steps" in m else None
        seed = self.integer(m, "seed", path, 0) if "seed" in m else 0
        start = None
        if m.get("start") is not None:
            start = self.number_list(m["start"], join_path(path, "start"), line_of(m, "start", line))
        runs = self.runs(m["runs"], join_path(path, "runs"), line_of(m, "runs", line)) if "runs" in m else None
        claims: tuple[Claim, ...] = ()
        if m.get("claims") is not None:
            labels = {run.label for run in runs} if runs is not None else None
            claims = self.claims(m["claims"], join_path(path, "claims"), line_of(m, "claims", line), labels)
        if None in (item_id, title, surface, steps, seed, runs):
            return None
        return Experiment(
            item_id, self.topic_id, title, surface, runs, steps, start, seed, description, claims,  # type: ignore[arg-type]
            source=self.source(line),
        )

    def surface(self, value: Any, path: str, line: int) -> SurfaceSpec | None:
        surface = self.mapping(value, path, line)
        if surface is None:
            return None
        before = len(self.problems)
        if "name" not in surface:
            self.report(getattr(surface, "line", line), join_path(path, "name"), "missing required field")
        name = self.text(surface, "name", path)
        params = {}
        for key, param in surface.items():
            if key == "name":
                continue
            key_path, key_line = join_path(path, key), line_of(surface, key, line)
            if not isinstance(key, str):
                self.report(key_line, path, f"parameter names must be text, got {describe(key)}")
            elif isinstance(param, list):
                params[key] = self.number_list(param, key_path, key_line)
            else:
                params[key] = self.number(param, key_path, key_line)
        if len(self.problems) > before or name is None:
            return None
        return SurfaceSpec(name, frozen_mapping(params))

    def runs(self, value: Any, path: str, line: int) -> tuple[RunSpec, ...] | None:
        if not isinstance(value, list) or not value:
            self.report(line, path, f"expected a list of at least one run, got {describe(value)}")
            return None
        before = len(self.problems)
        runs: list[RunSpec] = []
        labels: dict[str, int] = {}
        for index, entry in enumerate(value):
            run_path = f"{path}[{index}]"
            run = self.mapping(entry, run_path, item_line(value, index, line))
            if run is None:
                continue
            run_line = getattr(run, "line", line)
            self.check_keys(run, run_path, ("optimizer",), ("label", *HPARAMS), what="field or hyper-parameter")
            optimizer = self.ident(run, "optimizer", run_path) if "optimizer" in run else None
            label = self.text(run, "label", run_path) if "label" in run else optimizer
            hparams = {key: self.hparam(run, key, run_path) for key in HPARAMS if key in run}
            if label is not None and label in labels:
                self.report(
                    line_of(run, "label", run_line),
                    join_path(run_path, "label"),
                    f"two runs are labelled '{label}' (runs {labels[label]} and {index}); give each run its own label",
                )
            elif label is not None:
                labels[label] = index
            if optimizer is not None and label is not None:
                runs.append(RunSpec(label, optimizer, frozen_mapping(hparams)))
        return None if len(self.problems) > before else tuple(runs)

    def hparam(self, run: dict, key: str, path: str) -> Any:
        value, key_path, line = run[key], join_path(path, key), line_of(run, key, 0)
        if key in HPARAM_NUMBERS:
            return self.number(value, key_path, line)
        if key in HPARAM_FLAGS:
            if not isinstance(value, bool):
                self.report(line, key_path, f"expected true or false, got {describe(value)}")
            return value
        if key == "betas":
            betas = self.number_list(value, key_path, line)
            if betas is not None and len(betas) != 2:
                self.report(line, key_path, f"expected two numbers (beta1, beta2), got {len(betas)}")
            return betas
        if value not in BIAS_CORRECTION_CHOICES:
            shown = repr(value) if isinstance(value, str) else describe(value)
            self.report(line, key_path, f"expected one of {', '.join(BIAS_CORRECTION_CHOICES)}, got {shown}")
        return value

    def claims(self, value: Any, path: str, line: int, labels: set[str] | None) -> tuple[Claim, ...]:
        if not isinstance(value, list):
            self.report(line, path, f"expected a list of claims, got {describe(value)}")
            return ()
        claims = []
        for index, entry in enumerate(value):
            claim_path = f"{path}[{index}]"
            claim = self.mapping(entry, claim_path, item_line(value, index, line))
            if claim is not None:
                built = self.claim(claim, claim_path, getattr(claim, "line", line), labels)
                if built is not None:
                    claims.append(built)
        return tuple(claims)

    def claim(self, m: dict, path: str, line: int, labels: set[str] | None) -> Claim | None:
        """One claim; `labels` is None when the runs are broken (run names are then not checked)."""
        before = len(self.problems)
        kind = m.get("kind")
        if kind not in CLAIM_FIELDS:
            if "kind" not in m:
                self.report(line, join_path(path, "kind"), "missing required field")
            else:
                shown = repr(kind) if isinstance(kind, str) else describe(kind)
                self.report(line_of(m, "kind", line), join_path(path, "kind"), f"unknown claim kind {shown} (expected one of {', '.join(CLAIM_FIELDS)})")
            self.text(m, "says", path)
            return None
        required, optional = CLAIM_FIELDS[kind]
        self.check_keys(m, path, ("says", "kind", *required), optional)
        says = self.text(m, "says", path)
        args: dict[str, Any] = {}
        for key in (*required, *optional):
            if key not in m:
                continue
            value, key_path, key_line = m[key], join_path(path, key), line_of(m, key, line)
            if key in CLAIM_RUN_FIELDS:
                if not isinstance(value, str):
                    self.report(key_line, key_path, f"expected a run label, got {describe(value)}")
                elif labels is not None and value not in labels:
                    shown = repr(value) if isinstance(value, str) else describe(value)
                    self.report(key_line, key_path, f"no run of this experiment is labelled {shown} (runs: {', '.join(sorted(labels))})")
            elif key in CLAIM_NUMBER_FIELDS:
                value = self.number(value, key_path, key_line)
            elif key in CLAIM_INDEX_FIELDS:
                self.integer(m, key, path, 0)
            elif key in CLAIM_STEP_FIELDS:
                self.integer(m, key, path, 1)
            args[key] = value
        if len(self.problems) > before or says is None:
            return None
        return Claim(says, kind, frozen_mapping(args), source=self.source(line))


def build_topic(document: Any, file: str, builtin: bool) -> ParsedFile:
    """The topic of one parsed file (or None) and that file's own problems."""
    return TopicBuilder(file, builtin).build(document)


def file_problem(file: str, line: int | None, message: str) -> ParsedFile:
    """A file that could not be parsed at all."""
    return ParsedFile(file, None, (Problem(file, line, "", message),))


# -- checks across files ----------------------------------------------------------

SECTIONS = ("questions", "cards", "drills", "experiments")
# Every item shares one id space, as docs/content-format.md promises (progress, search
# and links key them by id); topics have their own.
NAMESPACE = {"questions": "item", "cards": "item", "drills": "item", "experiments": "item"}


def cross_check(parsed: list[ParsedFile]) -> tuple[tuple[Topic, ...], list[Problem]]:
    """Drop duplicate ids (keeping the first) and resolve links, over the whole deck."""
    problems: list[Problem] = [p for result in parsed for p in result.problems]
    # (namespace, id) -> (file result, section, index); locations are worked out only for duplicates.
    first_seen: dict[tuple[str, str], tuple[ParsedFile, str, int]] = {}

    def location(result: ParsedFile, section: str, index: int) -> tuple[str, int | None, str]:
        if section == "topic":
            return result.file, result.topic_line, "id"
        item = getattr(result.topic, section)[index]
        item_paths = result.paths.get(section, ())
        path = f"{item_paths[index]}.id" if index < len(item_paths) else "id"
        return result.file, item.source.line if item.source else None, path

    def report_duplicate(item_id: str, first: tuple[ParsedFile, str, int], result: ParsedFile, section: str, index: int) -> None:
        first_file, first_line, first_path = location(*first)
        file, line, path = location(result, section, index)
        first_at = first_file if first_line is None else f"{first_file}:{first_line}"
        here_at = file if line is None else f"{file}:{line}"
        problems.append(Problem(file, line, path, f"duplicate id '{item_id}': already used at {first_at}; this one is ignored"))
        problems.append(Problem(first_file, first_line, first_path, f"id '{item_id}' is used again at {here_at}"))

    kept: list[tuple[ParsedFile, Topic, dict[str, list[int]]]] = []
    for result in parsed:
        topic = result.topic
        if topic is None:
            continue
        if ("topic", topic.id) in first_seen:
            report_duplicate(topic.id, first_seen[("topic", topic.id)], result, "topic", 0)
            continue
        first_seen[("topic", topic.id)] = (result, "topic", 0)
        survivors: dict[str, list[int]] = {}
        for section in SECTIONS:
            namespace = NAMESPACE[section]
            items = getattr(topic, section)
            keys = [(namespace, item.id) for item in items]
            if len(set(keys)) == len(keys) and first_seen.keys().isdisjoint(keys):
                # The common case, no duplicate: register the whole section at once.
                first_seen.update(zip(keys, zip(repeat(result), repeat(section), range(len(keys)))))
                survivors[section] = list(range(len(keys)))
                continue
            keep = survivors[section] = []
            for index, item in enumerate(items):
                key = (namespace, item.id)
                first = first_seen.get(key)
                if first is None:
                    first_seen[key] = (result, section, index)
                    keep.append(index)
                else:
                    report_duplicate(item.id, first, result, section, index)
        kept.append((result, topic, survivors))

    topic_ids = {key[1] for key in first_seen if key[0] == "topic"}
    experiment_ids = {key[1] for key, (_, section, _) in first_seen.items() if section == "experiments"}
    topics = []
    for result, topic, survivors in kept:
        dropped_drills: set[int] = set()
        unlinked: dict[tuple[str, int], set[str]] = {}
        missing_related: set[str] = set()
        for link in result.links:
            known = topic_ids if link.target_kind == "topic" else experiment_ids
            if link.target in known:
                continue
            if link.section != "related" and link.index not in survivors[link.section]:
                continue  # the owner was a duplicate, already reported
            problems.append(Problem(result.file, link.line, link.path, f"no {link.target_kind} in the deck has the id '{link.target}'"))
            if link.section == "related":
                missing_related.add(link.target)
            elif link.section == "drills":
                dropped_drills.add(link.index)  # a drill cannot run without its experiments
            else:
                unlinked.setdefault((link.section, link.index), set()).add(link.path.rsplit(".", 1)[1])
        changes: dict[str, Any] = {}
        for section in SECTIONS:
            items = getattr(topic, section)
            keep = survivors[section]
            if section == "drills" and dropped_drills:
                keep = [i for i in keep if i not in dropped_drills]
            touched = any(key[0] == section for key in unlinked)
            if len(keep) == len(items) and not touched:
                continue  # the common case: nothing to change in this section
            changes[section] = tuple(
                dataclasses.replace(items[i], **{name: None for name in unlinked[(section, i)]})
                if (section, i) in unlinked
                else items[i]
                for i in keep
            )
        if missing_related:
            changes["related"] = tuple(r for r in topic.related if r not in missing_related)
        topics.append(dataclasses.replace(topic, **changes) if changes else topic)
    return tuple(topics), problems


def sort_problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=lambda p: (p.file, p.line if p.line is not None else 0, p.field, p.message)))
