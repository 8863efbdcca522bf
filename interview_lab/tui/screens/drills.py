"""Drills: reorder the steps, diagnose a failure and fix it, predict the effect of one change.

`drill_screen(drill)` picks the screen for the drill's kind. Each answer is
recorded with `progress.record_drill`, so drills count in the topic's stats.
Experiments run in a thread worker and are drawn with the Lab's plots, for
the size each plot is shown at (again after a resize): on wide terminals the
text sits left of every plot, one column per experiment; below 140x36 the
text sits above one plot at a time (`p` for the next), so each keeps enough
rows to read. The choices of failure and concept drills are listed in an
order shuffled per drill, seeded by its id (the same every time), and
lettered in the order shown.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Markdown, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from interview_lab.content.model import Choice, ConceptDrill, Drill, Experiment, FailureDrill, ReorderDrill
from interview_lab.tui.screens.base import BaseScreen, CompactLayout
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

    def record(self, correct: bool, detail: str) -> None:
        self.attempts += 1
        self.app.progress.record_drill(self.drill.id, self.drill.topic_id, correct, detail)  # type: ignore[attr-defined]


def prompt_text(prompt: str) -> str:
    """A prompt as flowing text: the line breaks of a YAML block join up (blank lines stay), so the
    prompt wraps to whatever width it is shown at."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", prompt.strip())


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
        # Named in the hint above the steps; the footer must fit 80 columns.
        Binding("shift+up,K", "move(-1)", "Move up", show=False),
        Binding("shift+down,J", "move(1)", "Move down", show=False),
        Binding("s", "submit", "Submit"),
        Binding("slash", "app.search", "Search", show=False),
    ]

    def __init__(self, drill: ReorderDrill, *, seed: int | None = None) -> None:
        super().__init__(drill)
        self.steps = drill.steps
        self.order = shuffled_order(len(drill.steps), random.Random(seed))
        self.checked = False  # marks are shown until the next move
        self.solved = False

    def compose(self) -> ComposeResult:
        yield from self.heading()
        yield Static(literal(prompt_text(self.drill.prompt)), id="drill-prompt")
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
        self.query_one("#drill-feedback", Static).update("")  # its count was for the order before the move

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
    """One experiment run to the end: what its plots and its verdict need (drawn at any size later)."""

    experiment: Experiment
    trajectory: Any  # None when the simulator refused the setup
    view: Any  # SurfaceView, or None: no 2-D map
    dims: int
    claims: list[Any]
    summary: str
    levels: Any = None  # the path plot's LevelCache, kept with its surface


class OutcomesReady(Message):
    def __init__(self, purpose: str, outcomes: list[ExperimentOutcome]) -> None:
        super().__init__()
        self.purpose = purpose
        self.outcomes = outcomes


class PlotsDrawn(Message):
    def __init__(
        self, generation: int, outcome_generation: int, drawn: dict[str, tuple[Any, tuple[int, int], list[Any] | None]]
    ) -> None:
        super().__init__()
        self.generation = generation
        self.outcome_generation = outcome_generation
        self.drawn = drawn  # plot id -> (text, size it was built for, prerendered lines)


def run_outcome(experiment: Experiment) -> ExperimentOutcome:
    """Run an experiment to the end (any thread); drawing waits until the plots' sizes are known."""
    from interview_lab.experiments.claims import evaluate_all
    from interview_lab.experiments.runner import plain, run_experiment
    from interview_lab.sim import SimulationError, surfaces
    from interview_lab.tui.screens.lab import surface_view
    from interview_lab.tui.widgets.plots import LevelCache

    try:
        trajectory = run_experiment(experiment)
        surface = surfaces.create(experiment.surface.name, **plain(dict(experiment.surface.params)))
    except SimulationError as error:
        return ExperimentOutcome(experiment, None, None, 0, [], str(error))
    view = surface_view(surface, None if experiment.start is None else list(experiment.start))
    parts = []
    for index, label in enumerate(trajectory.labels):
        stop = int(trajectory.diverged_at[index])
        parts.append(f"{label}: diverged at step {stop}" if stop >= 0 else f"{label}: final loss {float(trajectory.loss[-1, index]):.3g}")
    return ExperimentOutcome(
        experiment, trajectory, view, int(surface.dims), evaluate_all(experiment.claims, trajectory), "; ".join(parts),
        LevelCache(),
    )


def draw_loss(outcome: ExperimentOutcome, width: int, height: int) -> Any:
    from interview_lab.tui.widgets.plots import loss_plot, placeholder, safely

    if outcome.trajectory is None:
        return placeholder(f"{outcome.experiment.title}: {outcome.summary}")
    return safely("loss plot", lambda: loss_plot(outcome.trajectory, width, height, title=outcome.experiment.title))


def draw_path(outcome: ExperimentOutcome, width: int, height: int) -> Any:
    from interview_lab.tui.widgets.plots import path_plot, placeholder, safely

    if outcome.trajectory is None:
        return placeholder("")
    if outcome.view is None:
        return placeholder(f"No 2-D map: this problem has {outcome.dims} parameters.")
    title = f"{outcome.experiment.title}: path (x minimum, o start)"
    return safely("path plot", lambda: path_plot(outcome.trajectory, outcome.view, width, height, outcome.levels, title=title))


SLOTS = ("a", "b")  # the first and the second experiment of a drill
# The plots in the order `p` shows them when one is shown at a time: the losses first, to compare.
PLOT_ORDER = ("plot-a-loss", "plot-b-loss", "plot-a-path", "plot-b-path")


class ExperimentDrillScreen(CompactLayout, DrillScreen):
    """A drill that runs experiments and shows their plots: the loss and the path of each.

    Wide terminals show the text on the left and every plot on the right, one
    column per experiment; smaller ones show the text above one plot at a
    time (`p` moves to the next), so each plot keeps enough rows to read.
    Plots are drawn for the size they are shown at, again whenever it changes.
    """

    BINDINGS = [
        Binding("l", "open_lab", "Open in Lab"),
        Binding("p", "next_plot", "Next plot"),
        Binding("slash", "app.search", "Search", show=False),  # the footer must fit 80 columns
    ]

    def __init__(self, drill: Drill) -> None:
        super().__init__(drill)
        self.outcomes: list[ExperimentOutcome] = []
        self.outcome_generation = 0  # counts the sets of outcomes shown
        self.drawn: dict[str, tuple[int, tuple[int, int]]] = {}  # plot id -> (outcome generation, size) drawn
        self.plot_index = 0
        self.draw_generation = 0
        self.draw_pending = False

    def body_start(self) -> ComposeResult:
        yield Static(literal(prompt_text(self.drill.prompt)), id="drill-prompt")

    def plots(self) -> ComposeResult:
        from interview_lab.tui.widgets.plots import PlotView

        with Vertical(id="drill-plot-pane"):
            with Grid(id="drill-plots"):
                # Row-major: with two experiments, one column each, losses on the top row.
                for plot_id in ("plot-a-loss", "plot-b-loss", "plot-a-path", "plot-b-path"):
                    yield PlotView(id=plot_id)

    # -- layout ---------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.fit_layout()
        self.schedule_draw()

    def fit_layout(self) -> None:
        self.update_compact()
        self.arrange_plots()

    def shown_plots(self) -> list[str]:
        """The plots with something to show, in the order `p` visits them."""
        shown = []
        for plot_id in PLOT_ORDER:
            index = SLOTS.index(plot_id.split("-")[1])
            if index >= len(self.outcomes):
                continue
            if plot_id.endswith("-path") and not self.paths_shown():
                continue
            shown.append(plot_id)
        return shown

    def paths_shown(self) -> bool:
        return bool(self.outcomes) and all(o.view is not None and o.trajectory is not None for o in self.outcomes)

    def arrange_plots(self) -> None:
        shown = self.shown_plots()
        self.set_class(not shown, "-no-plots")
        if shown:
            self.plot_index %= len(shown)
        current = shown[self.plot_index] if shown else None
        for plot in self.query("#drill-plots PlotView"):
            plot.display = plot.id in shown and (not self.compact or plot.id == current)
        grid = self.query_one("#drill-plots", Grid)
        if self.compact:
            grid.styles.grid_size_columns, grid.styles.grid_size_rows = 1, 1
        else:
            grid.styles.grid_size_columns = max(1, len(self.outcomes))
            grid.styles.grid_size_rows = 2 if self.paths_shown() else 1
        pane = self.query_one("#drill-plot-pane", Vertical)
        if self.compact and len(shown) > 1:
            pane.border_title = f"plot {self.plot_index + 1} of {len(shown)} · p next plot"
        else:
            pane.border_title = None

    def action_next_plot(self) -> None:
        shown = self.shown_plots()
        if len(shown) < 2:
            return
        self.plot_index = (self.plot_index + 1) % len(shown)
        self.arrange_plots()
        self.schedule_draw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_plot":
            return self.compact and len(self.shown_plots()) > 1
        return True

    # -- running and drawing ---------------------------------------------------------------------

    def run_experiments(self, purpose: str, experiments: list[Experiment]) -> None:
        def work() -> None:
            worker = get_current_worker()
            outcomes = []
            for experiment in experiments:
                outcomes.append(run_outcome(experiment))
                if worker.is_cancelled:
                    return
            self.post_message(OutcomesReady(purpose, outcomes))

        self.run_worker(work, name=f"drill-{purpose}", group="drill", thread=True, exclusive=True, exit_on_error=False)

    def show_outcomes(self, outcomes: list[ExperimentOutcome], first_plot: str = "plot-a-loss") -> None:
        """Keep the outcomes and lay out their plots; they are drawn once the layout gives them a size."""
        from interview_lab.tui.widgets.plots import PlotView, placeholder

        self.outcomes = outcomes
        self.outcome_generation += 1
        for plot in self.query("#drill-plots PlotView"):
            if isinstance(plot, PlotView):
                plot.show(placeholder("Drawing..."))
        shown = self.shown_plots()
        self.plot_index = shown.index(first_plot) if first_plot in shown else 0
        self.arrange_plots()
        self.refresh_bindings()
        self.schedule_draw()

    def schedule_draw(self) -> None:
        """Draw every shown plot at its size, after the layout has settled (once per refresh)."""
        if self.outcomes and not self.draw_pending:
            self.draw_pending = True
            self.call_after_refresh(self.draw_plots)

    def draw_plots(self) -> None:
        from interview_lab.tui.widgets.plots import PlotView, prerender

        self.draw_pending = False
        jobs = []
        for plot in self.query("#drill-plots PlotView"):
            if not isinstance(plot, PlotView) or not plot.display:
                continue
            size = (plot.size.width, plot.size.height)
            if min(size) <= 0 or self.drawn.get(plot.id or "") == (self.outcome_generation, size):
                continue
            index = SLOTS.index((plot.id or "").split("-")[1])
            jobs.append((plot.id or "", self.outcomes[index], size))
        if not jobs:
            return
        self.draw_generation += 1
        generation, outcome_generation = self.draw_generation, self.outcome_generation

        def draw() -> None:
            worker = get_current_worker()
            drawn = {}
            for plot_id, outcome, size in jobs:
                text = (draw_path if plot_id.endswith("-path") else draw_loss)(outcome, *size)
                try:
                    strips = prerender(text, *size)
                except Exception:
                    strips = None
                drawn[plot_id] = (text, size, strips)
                if worker.is_cancelled:
                    return
            self.post_message(PlotsDrawn(generation, outcome_generation, drawn))

        self.run_worker(draw, name="drill-draw", group="drill-draw", thread=True, exclusive=True, exit_on_error=False)

    def on_plots_drawn(self, message: PlotsDrawn) -> None:
        from interview_lab.tui.widgets.plots import PlotView

        if message.outcome_generation != self.outcome_generation:
            return  # drawn for outcomes since replaced
        for plot_id, (text, size, strips) in message.drawn.items():
            self.query_one(f"#{plot_id}", PlotView).show(text, size, strips)
            self.drawn[plot_id] = (message.outcome_generation, size)
        if message.generation == self.draw_generation:
            self.schedule_draw()  # a size changed while drawing: catch up (nothing to do otherwise)

    def on_plot_view_stale(self, message: Any) -> None:
        self.schedule_draw()

    def scroll_to_feedback(self) -> None:
        """Bring the verdict into view once the layout has taken in what just changed."""
        self.call_after_refresh(lambda: self.query_one("#drill-feedback").scroll_visible(animate=False, top=True))

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


def choice_order(count: int, seed: str) -> list[int]:
    """The order choices are listed in: shuffled, the same every time for the same drill (seeded by
    its id), so the correct choice is not always first and tests and snapshots stay stable."""
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return order


def choice_options(choices: tuple[Choice, ...], seed: str | None = None) -> list[Option]:
    """One option per choice, lettered a), b), ... in the order shown; its id is the choice's index."""
    order = choice_order(len(choices), seed) if seed is not None else list(range(len(choices)))
    return [
        Option(literal(f"{chr(ord('a') + position)}) {choices[index].text}"), id=str(index))
        for position, index in enumerate(order)
    ]


def correct_text(choices: tuple[Choice, ...]) -> str:
    return next(choice.text for choice in choices if choice.correct)


# -- failure-mode lab --------------------------------------------------------------------------------


class FailureDrillScreen(ExperimentDrillScreen):
    """Watch the broken setup, pick the cause, pick the remedy, read why, apply the fix and rerun."""

    BINDINGS = [Binding("f", "apply_fix", "Fix and rerun")]

    def __init__(self, drill: FailureDrill) -> None:
        super().__init__(drill)
        self.failure = drill
        self.cause: int | None = None
        self.remedy: int | None = None
        self.rerun = False  # the fix has been applied and both setups drawn

    def compose(self) -> ComposeResult:
        yield from self.heading()
        with Container(id="drill-main"):
            with VerticalScroll(id="drill-body"):
                yield from self.body_start()
                yield Static(literal("What causes this? (enter to choose)", "bold"), id="drill-question")
                yield OptionList(
                    *choice_options(self.failure.causes, f"{self.drill.id}/causes"), id="causes", classes="drill-choices"
                )
                yield OptionList(
                    *choice_options(self.failure.remedies, f"{self.drill.id}/remedies"), id="remedies",
                    classes="drill-choices -later",  # shown once the cause is chosen
                )
                yield Static("", id="drill-feedback")
                yield Markdown("", id="drill-explanation")
            yield from self.plots()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#causes", OptionList).focus()
        self.fit_layout()
        broken = self.experiment(self.failure.experiment)
        if broken is not None:
            self.call_after_refresh(self.run_experiments, "broken", [broken])

    def on_outcomes_ready(self, message: OutcomesReady) -> None:
        if message.purpose == "fixed":
            self.rerun = True
            self.show_outcomes(message.outcomes, first_plot="plot-b-loss")
            feedback = self.query_one("#drill-feedback", Static)
            feedback.update(Content.assemble(*self.verdict(), *[part for o in message.outcomes for part in claim_lines(o)]))
            self.scroll_to_feedback()
        else:
            self.show_outcomes(message.outcomes)

    @on(OptionList.OptionSelected, "#causes")
    def cause_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.cause is not None:
            return
        self.cause = int(event.option.id or 0)
        self.query_one("#causes", OptionList).disabled = True
        remedies = self.query_one("#remedies", OptionList)
        remedies.remove_class("-later")
        self.query_one("#drill-question", Static).update(literal("Which remedy? (enter to choose)", "bold"))
        remedies.focus()
        # Shown just now, so laid out only after this refresh: bring it into view then.
        self.call_after_refresh(lambda: remedies.scroll_visible(animate=False, top=True))

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
        self.query_one("#drill-body", VerticalScroll).focus()  # the arrow keys now scroll the text
        self.scroll_to_feedback()
        self.refresh_bindings()

    def verdict(self) -> list[Content | str | tuple[str, str]]:
        if self.cause is None or self.remedy is None:
            return []
        parts: list[Content | str | tuple[str, str]] = []
        for name, choices, chosen in (("Cause", self.failure.causes, self.cause), ("Remedy", self.failure.remedies, self.remedy)):
            if choices[chosen].correct:
                parts += [(f"{name}: right. ", "bold $success"), literal(choices[chosen].text), "\n"]
            else:
                parts += [
                    (f"{name}: wrong. ", "bold $error"), "You chose: ", literal(choices[chosen].text),
                    "\n  The answer: ", literal(correct_text(choices)), "\n",
                ]
        if self.failure.fix and not self.rerun:
            parts.append(literal("Press f to apply the remedy and rerun.", "italic"))
        elif self.rerun:
            parts.append(literal("The remedy applied: the plots compare the broken and the fixed setup.", "italic"))
        return parts

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "apply_fix":
            return bool(self.remedy is not None and self.failure.fix and not self.rerun)
        return super().check_action(action, parameters)

    def action_apply_fix(self) -> None:
        if self.remedy is None or not self.failure.fix or self.rerun:
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
        with Container(id="drill-main"):
            with VerticalScroll(id="drill-body"):
                yield from self.body_start()
                yield Static(literal("Your prediction (enter to choose, then both setups run):", "bold"), id="drill-question")
                yield OptionList(
                    *choice_options(self.concept.options, f"{self.drill.id}/options"), id="predictions",
                    classes="drill-choices",
                )
                yield Static("", id="drill-feedback")
                yield Markdown("", id="drill-explanation")
            yield from self.plots()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#predictions", OptionList).focus()
        self.fit_layout()

    @on(OptionList.OptionSelected, "#predictions")
    def prediction_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.prediction is not None:
            return
        self.prediction = int(event.option.id or 0)
        self.query_one("#predictions", OptionList).disabled = True
        right = self.concept.options[self.prediction].correct
        self.record(right, f"predicted: {self.concept.options[self.prediction].text}")
        self.query_one("#drill-feedback", Static).update(Content.assemble(*self.verdict(), "\nRunning both setups..."))
        self.query_one("#drill-body", VerticalScroll).focus()
        self.scroll_to_feedback()
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
        self.scroll_to_feedback()
