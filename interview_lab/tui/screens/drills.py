"""Drills: reorder the steps, diagnose a failure and fix it, predict the effect of one change.

`drill_screen(drill)` picks the screen for the drill's kind. Each answer is
recorded with `progress.record_drill`, so drills count in the topic's stats.
Experiments run in a thread worker and are drawn with the Lab's plots.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Markdown, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from interview_lab.content.model import Choice, ConceptDrill, Drill, Experiment, FailureDrill, ReorderDrill
from interview_lab.tui.screens.base import BaseScreen
from interview_lab.tui.text import literal
from interview_lab.tui.widgets.title_bar import TitleBar


def drill_screen(drill: Drill, *, seed: int | None = None) -> BaseScreen:
    """The screen that runs `drill` (seed fixes the reorder shuffle, for tests)."""
    if isinstance(drill, ReorderDrill):
        return ReorderDrillScreen(drill, seed=seed)
    if isinstance(drill, FailureDrill):
        return FailureDrillScreen(drill)
    return ConceptDrillScreen(drill)


class DrillScreen(BaseScreen):
    """What the three drills share: the title, the prompt, recording the outcome."""

    CSS_PATH = "../lab.tcss"

    def __init__(self, drill: Drill) -> None:
        super().__init__()
        self.drill = drill
        self.attempts = 0

    def heading(self) -> ComposeResult:
        yield TitleBar(f"Drill: {self.drill.title}", kind_label(self.drill))
        yield Static(literal(self.drill.prompt), id="drill-prompt")

    def record(self, correct: bool, detail: str) -> None:
        self.attempts += 1
        self.app.progress.record_drill(self.drill.id, self.drill.topic_id, correct, detail)  # type: ignore[attr-defined]


def kind_label(drill: Drill) -> str:
    return {"reorder": "reorder", "failure": "failure-mode lab", "concept": "concept drill"}[drill.kind]


# -- reorder ---------------------------------------------------------------------------------


def shuffled_order(count: int, rng: random.Random) -> list[int]:
    """A permutation of range(count) that is never already in order (there is always work to do)."""
    order = list(range(count))
    rng.shuffle(order)
    if order == sorted(order) and count > 1:
        order = order[1:] + order[:1]
    return order


class ReorderDrillScreen(DrillScreen):
    BINDINGS = [
        Binding("shift+up,K", "move(-1)", "Move up"),
        Binding("shift+down,J", "move(1)", "Move down"),
        Binding("s", "submit", "Submit"),
    ]

    def __init__(self, drill: ReorderDrill, *, seed: int | None = None) -> None:
        super().__init__(drill)
        self.steps = drill.steps
        self.order = shuffled_order(len(drill.steps), random.Random(seed))
        self.checked = False  # marks are shown until the next move
        self.solved = False

    def compose(self) -> ComposeResult:
        yield from self.heading()
        with VerticalScroll(id="drill-body"):
            yield Static(
                literal("↑/↓ select a step · shift+↑/↓ (or K/J) move it · s or enter submit"), id="drill-hint"
            )
            yield OptionList(id="drill-steps")
            yield Static("", id="drill-feedback")
            yield Markdown("", id="drill-explanation")
        yield Footer()

    def on_mount(self) -> None:
        self.show_steps()
        self.query_one("#drill-steps", OptionList).focus()

    def in_place(self) -> list[bool]:
        return [step == position for position, step in enumerate(self.order)]

    def show_steps(self, highlighted: int = 0) -> None:
        options = self.query_one("#drill-steps", OptionList)
        options.clear_options()
        marks = self.in_place() if self.checked else [None] * len(self.order)
        for position, (step, mark) in enumerate(zip(self.order, marks)):
            prefix: tuple[str, str] | str = f"{position + 1}. "
            if mark is True:
                prefix = (f"✓ {position + 1}. ", "bold $success")
            elif mark is False:
                prefix = (f"✗ {position + 1}. ", "bold $error")
            options.add_option(Option(Content.assemble(prefix, literal(self.steps[step]))))
        options.highlighted = highlighted

    def action_move(self, offset: int) -> None:
        if self.solved:
            return
        options = self.query_one("#drill-steps", OptionList)
        index = options.highlighted
        if index is None:
            return
        target = index + offset
        if not 0 <= target < len(self.order):
            return
        self.order[index], self.order[target] = self.order[target], self.order[index]
        self.checked = False
        self.show_steps(target)

    @on(OptionList.OptionSelected, "#drill-steps")
    def enter_pressed(self, event: OptionList.OptionSelected) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        if self.solved:
            return
        places = self.in_place()
        right = sum(places)
        self.solved = right == len(places)
        self.checked = True
        highlighted = self.query_one("#drill-steps", OptionList).highlighted or 0
        self.show_steps(highlighted)
        self.record(self.solved, f"{right}/{len(places)} in place, attempt {self.attempts + 1}")
        feedback = self.query_one("#drill-feedback", Static)
        if self.solved:
            feedback.update(Content.assemble(("All steps in order.", "bold $success")))
            self.query_one("#drill-explanation", Markdown).update(self.drill.explanation or "")
        else:
            feedback.update(
                Content.assemble(
                    (f"{right} of {len(places)} steps in place.", "bold $warning"),
                    " Move the steps marked ✗ and submit again.",
                )
            )


# -- running experiments for the drills -------------------------------------------------------------


@dataclass
class ExperimentOutcome:
    experiment: Experiment
    loss: Any  # rich Text
    path: Any  # rich Text
    claims: list[Any]
    summary: str


class OutcomesReady(Message):
    def __init__(self, purpose: str, outcomes: list[ExperimentOutcome]) -> None:
        super().__init__()
        self.purpose = purpose
        self.outcomes = outcomes


def run_and_draw(experiment: Experiment, loss_size: tuple[int, int], path_size: tuple[int, int]) -> ExperimentOutcome:
    """Run an experiment to the end and draw its loss and path (any thread)."""
    from interview_lab.experiments.claims import evaluate_all
    from interview_lab.experiments.runner import plain, run_experiment
    from interview_lab.sim import SimulationError, surfaces
    from interview_lab.tui.screens.lab import surface_view
    from interview_lab.tui.widgets.plots import LevelCache, loss_plot, path_plot, placeholder

    try:
        trajectory = run_experiment(experiment)
        surface = surfaces.create(experiment.surface.name, **plain(dict(experiment.surface.params)))
    except SimulationError as error:
        return ExperimentOutcome(experiment, placeholder(str(error)), placeholder(""), [], str(error))
    view = surface_view(surface, None if experiment.start is None else list(experiment.start))
    loss = loss_plot(trajectory, *loss_size, title=experiment.title)
    path = (
        path_plot(trajectory, view, *path_size, LevelCache())
        if view is not None
        else placeholder(f"No 2-D map: this problem has {surface.dims} parameters.")
    )
    parts = []
    for index, label in enumerate(trajectory.labels):
        stop = int(trajectory.diverged_at[index])
        parts.append(f"{label}: diverged at step {stop}" if stop >= 0 else f"{label}: final loss {float(trajectory.loss[-1, index]):.3g}")
    return ExperimentOutcome(experiment, loss, path, evaluate_all(experiment.claims, trajectory), "; ".join(parts))


class ExperimentDrillScreen(DrillScreen):
    """A drill that runs experiments and shows them in a 2x2 grid of plots."""

    BINDINGS = [Binding("l", "open_lab", "Open in Lab")]

    def plots(self) -> ComposeResult:
        from interview_lab.tui.widgets.plots import PlotView

        with Grid(id="drill-plots"):
            yield PlotView(id="plot-a-loss")
            yield PlotView(id="plot-a-path")
            yield PlotView(id="plot-b-loss")
            yield PlotView(id="plot-b-path")

    def run_experiments(self, purpose: str, experiments: list[Experiment]) -> None:
        from interview_lab.tui.widgets.plots import PlotView

        sizes = [
            (tuple(self.query_one(f"#plot-{slot}-loss", PlotView).size), tuple(self.query_one(f"#plot-{slot}-path", PlotView).size))
            for slot in "ab"
        ]

        def work() -> None:
            worker = get_current_worker()
            outcomes = []
            for experiment, (loss_size, path_size) in zip(experiments, sizes):
                outcomes.append(run_and_draw(experiment, loss_size, path_size))  # type: ignore[arg-type]
                if worker.is_cancelled:
                    return
            self.post_message(OutcomesReady(purpose, outcomes))

        self.run_worker(work, name=f"drill-{purpose}", group="drill", thread=True, exclusive=True, exit_on_error=False)

    def show_outcomes(self, outcomes: list[ExperimentOutcome]) -> None:
        from interview_lab.tui.widgets.plots import PlotView, placeholder

        for slot, index in (("a", 0), ("b", 1)):
            outcome = outcomes[index] if index < len(outcomes) else None
            self.query_one(f"#plot-{slot}-loss", PlotView).show(outcome.loss if outcome else placeholder(""))
            self.query_one(f"#plot-{slot}-path", PlotView).show(outcome.path if outcome else placeholder(""))

    def experiment(self, experiment_id: str) -> Experiment | None:
        return self.app.deck.experiment(experiment_id)  # type: ignore[attr-defined]

    def lab_experiment_id(self) -> str | None:
        return getattr(self.drill, "experiment", None)

    def action_open_lab(self) -> None:
        experiment_id = self.lab_experiment_id()
        experiment = self.experiment(experiment_id) if experiment_id else None
        if experiment is not None:
            from interview_lab.tui.screens.lab import LabScreen

            self.app.push_screen(LabScreen(experiment))

    def action_back(self) -> None:
        self.workers.cancel_node(self)
        self.dismiss()


def claim_lines(outcome: ExperimentOutcome) -> list[Content | str | tuple[str, str]]:
    lines: list[Content | str | tuple[str, str]] = ["\n", literal(outcome.experiment.title, "bold"), ": ", literal(outcome.summary)]
    for result in outcome.claims:
        mark = ("\n  ✓ ", "bold $success") if result.held else ("\n  ✗ ", "bold $error")
        lines += [mark, literal(result.claim.says), literal(f"  ({result.measured})", "$text-muted")]
    return lines


def choice_options(choices: tuple[Choice, ...]) -> list[Option]:
    return [Option(literal(f"{chr(ord('a') + i)}) {choice.text}"), id=str(i)) for i, choice in enumerate(choices)]


def correct_text(choices: tuple[Choice, ...]) -> str:
    return next(choice.text for choice in choices if choice.correct)


# -- failure-mode lab --------------------------------------------------------------------------------


class FailureDrillScreen(ExperimentDrillScreen):
    """Watch the broken setup, pick the cause, pick the remedy, read why, apply the fix and rerun."""

    BINDINGS = [Binding("f", "apply_fix", "Apply fix and rerun")]

    def __init__(self, drill: FailureDrill) -> None:
        super().__init__(drill)
        self.failure = drill
        self.cause: int | None = None
        self.remedy: int | None = None

    def compose(self) -> ComposeResult:
        yield from self.heading()
        with VerticalScroll(id="drill-body"):
            yield Static(literal("What causes this? (enter to choose)", "bold"), id="drill-question")
            yield OptionList(*choice_options(self.failure.causes), id="causes", classes="drill-choices")
            yield OptionList(*choice_options(self.failure.remedies), id="remedies", classes="drill-choices")
            yield Static("", id="drill-feedback")
            yield Markdown("", id="drill-explanation")
            yield from self.plots()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#remedies", OptionList).display = False
        self.query_one("#causes", OptionList).focus()
        broken = self.experiment(self.failure.experiment)
        if broken is not None:
            self.call_after_refresh(self.run_experiments, "broken", [broken])

    def on_outcomes_ready(self, message: OutcomesReady) -> None:
        self.show_outcomes(message.outcomes)
        if message.purpose == "fixed":
            feedback = self.query_one("#drill-feedback", Static)
            feedback.update(Content.assemble(*self.verdict(), *[part for o in message.outcomes for part in claim_lines(o)]))

    @on(OptionList.OptionSelected, "#causes")
    def cause_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.cause is not None:
            return
        self.cause = int(event.option.id or 0)
        self.query_one("#causes", OptionList).disabled = True
        remedies = self.query_one("#remedies", OptionList)
        remedies.display = True
        self.query_one("#drill-question", Static).update(literal("Which remedy? (enter to choose)", "bold"))
        remedies.focus()

    @on(OptionList.OptionSelected, "#remedies")
    def remedy_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.remedy is not None or self.cause is None:
            return
        self.remedy = int(event.option.id or 0)
        self.query_one("#remedies", OptionList).disabled = True
        cause_right = self.failure.causes[self.cause].correct
        remedy_right = self.failure.remedies[self.remedy].correct
        self.record(
            cause_right and remedy_right,
            f"cause {'right' if cause_right else 'wrong'}, remedy {'right' if remedy_right else 'wrong'}",
        )
        self.query_one("#drill-question", Static).update(literal("Your diagnosis", "bold"))
        self.query_one("#drill-feedback", Static).update(Content.assemble(*self.verdict()))
        self.query_one("#drill-explanation", Markdown).update(self.failure.explanation)
        self.refresh_bindings()

    def verdict(self) -> list[Content | str | tuple[str, str]]:
        if self.cause is None or self.remedy is None:
            return []
        parts: list[Content | str | tuple[str, str]] = []
        for name, choices, chosen in (("Cause", self.failure.causes, self.cause), ("Remedy", self.failure.remedies, self.remedy)):
            if choices[chosen].correct:
                parts += [(f"{name}: right. ", "bold $success"), literal(choices[chosen].text), "\n"]
            else:
                parts += [(f"{name}: wrong. ", "bold $error"), "The answer: ", literal(correct_text(choices)), "\n"]
        if self.failure.fix:
            parts.append(literal("Press f to apply the remedy and rerun.", "italic"))
        return parts

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "apply_fix":
            return True if self.remedy is not None and self.failure.fix else None
        return True

    def action_apply_fix(self) -> None:
        if self.remedy is None or not self.failure.fix:
            return
        broken, fixed = self.experiment(self.failure.experiment), self.experiment(self.failure.fix)
        if broken is not None and fixed is not None:
            self.run_experiments("fixed", [broken, fixed])


# -- concept drill ------------------------------------------------------------------------------------


class ConceptDrillScreen(ExperimentDrillScreen):
    """Predict the effect of one change, then run the baseline and the changed setup side by side."""

    def __init__(self, drill: ConceptDrill) -> None:
        super().__init__(drill)
        self.concept = drill
        self.prediction: int | None = None

    def compose(self) -> ComposeResult:
        yield from self.heading()
        with VerticalScroll(id="drill-body"):
            yield Static(literal("Your prediction (enter to choose, then both setups run):", "bold"), id="drill-question")
            yield OptionList(*choice_options(self.concept.options), id="predictions", classes="drill-choices")
            yield Static("", id="drill-feedback")
            yield Markdown("", id="drill-explanation")
            yield from self.plots()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#predictions", OptionList).focus()

    @on(OptionList.OptionSelected, "#predictions")
    def prediction_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.prediction is not None:
            return
        self.prediction = int(event.option.id or 0)
        self.query_one("#predictions", OptionList).disabled = True
        right = self.concept.options[self.prediction].correct
        self.record(right, f"predicted: {self.concept.options[self.prediction].text}")
        self.query_one("#drill-feedback", Static).update(Content.assemble(*self.verdict(), "\nRunning both setups..."))
        experiments = [self.experiment(self.concept.experiment), self.experiment(self.concept.compare)]
        self.run_experiments("compare", [e for e in experiments if e is not None])

    def verdict(self) -> list[Content | str | tuple[str, str]]:
        if self.prediction is None:
            return []
        chosen = self.concept.options[self.prediction]
        if chosen.correct:
            return [("Your prediction was right: ", "bold $success"), literal(chosen.text)]
        return [
            ("Your prediction: ", "bold $error"), literal(chosen.text),
            "\nWhat happens: ", literal(correct_text(self.concept.options)),
        ]

    def on_outcomes_ready(self, message: OutcomesReady) -> None:
        self.show_outcomes(message.outcomes)
        lines = self.verdict() + [part for outcome in message.outcomes for part in claim_lines(outcome)]
        self.query_one("#drill-feedback", Static).update(Content.assemble(*lines))
        self.query_one("#drill-explanation", Markdown).update(self.concept.explanation)
