"""The Lab: check an answer by experiment in the optimizer simulator, with live plots.

The simulation and the plot building run in a thread worker; the UI thread
only swaps finished frames in. `r` runs or pauses, `n` takes one step, `0`
resets. Any change to the setup (surface, start, steps, runs) drops the
current simulation, so what is drawn always matches what is set.

A plot that cannot be built says so in its place and the run goes on; any
other error in the worker stops the run with the reason in the status line,
so the status never stays at "running". Below 140x36 the screen is compact:
one plot at a time (`p`), the setup panel on demand (`v`); an lr sweep (`s`)
started from the setup panel brings the plots back to show it, and the sweep
is drawn for whatever size its plot has, again after a resize.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.worker import get_current_worker

from interview_lab.content.model import Claim, Experiment
from interview_lab.sim import values
from interview_lab.tui.screens.base import BaseScreen, CompactLayout
from interview_lab.tui.text import literal
from interview_lab.tui.widgets.plots import (
    FrameProcess,
    FrameRequest,
    LevelCache,
    PlotView,
    SurfaceView,
    placeholder,
    plot_columns,
    plot_failed,
    prerender,
    slim_trajectory,
    surface_minima,
    sweep_plot,
)
from interview_lab.tui.widgets.title_bar import TitleBar

PLOT_IDS = ("loss-plot", "path-plot", "lr-plot", "sweep-plot")
FRAME_INTERVAL = 0.1  # seconds between plot updates while running (about 10 per second)
RUN_SECONDS = 4.0  # a live run is paced to take about this long, whatever its length
TICK = 0.02  # the simulation thread's sleep between batches of steps
MAX_STEPS = 100_000
DEFAULT_SWEEP = "1e-4 1 12"


# -- the setup the learner edits ------------------------------------------------------


@dataclass
class RunSetup:
    label: str
    optimizer: str
    hparams: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        shown = ", ".join(f"{k}={format_value(v)}" for k, v in self.hparams.items())
        return f"{self.label}: {self.optimizer}" + (f" ({shown})" if shown else "")


@dataclass
class LabSetup:
    surface: str
    surface_params: dict[str, Any]
    start: list[float] | None
    steps: int
    seed: int
    runs: list[RunSetup]
    claims: tuple[Claim, ...] = ()
    experiment_id: str | None = None
    title: str = "Free experiment"
    edited: bool = False

    @classmethod
    def from_experiment(cls, experiment: Experiment) -> LabSetup:
        from interview_lab.experiments.runner import plain

        return cls(
            surface=experiment.surface.name,
            surface_params=plain(dict(experiment.surface.params)),
            start=None if experiment.start is None else list(experiment.start),
            steps=experiment.steps,
            seed=experiment.seed,
            runs=[RunSetup(r.label, r.optimizer, plain(dict(r.hparams))) for r in experiment.runs],
            claims=experiment.claims,
            experiment_id=experiment.id,
            title=experiment.title,
        )

    @classmethod
    def default(cls) -> LabSetup:
        return cls(
            surface="quadratic",
            surface_params={},
            start=None,
            steps=300,
            seed=0,
            runs=[
                RunSetup("sgd", "sgd", {"lr": 0.015}),
                RunSetup("adam", "adam", {"lr": 0.1}),
            ],
        )

    def run_configs(self) -> list[Any]:
        from interview_lab.sim import RunConfig

        return [RunConfig(run.label, run.optimizer, dict(run.hparams)) for run in self.runs]


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def parse_value(text: str) -> Any:
    """A hyper-parameter typed in a field: true/false, a number, a comma list of numbers, or a word."""
    return values.parse_value(text, list_separator=",")


def parse_floats(text: str) -> list[float]:
    return [float(part) for part in text.replace(",", " ").split()]


def error_field(error: Exception) -> str:
    """The hyper-parameter an engine error names, without an index: betas[1] -> betas."""
    name = str(getattr(error, "field", "") or "")
    return name.split("[", 1)[0].split(".", 1)[0]


# -- the engine behind the screen ---------------------------------------------------------


class LabEngine:
    """One simulation of the current setup, advanced step by step (from any one thread at a time)."""

    def __init__(self, setup: LabSetup) -> None:
        from interview_lab.sim import Simulation, surfaces

        self.setup = setup
        self.surface = surfaces.create(setup.surface, **setup.surface_params)
        # `steps` sizes the record buffers once, so stepping never reallocates the history.
        self.simulation = Simulation(
            self.surface,
            setup.run_configs(),
            start=setup.start,
            seed=setup.seed,
            steps=setup.steps,
        )
        self.total = setup.steps
        self.surface_view = surface_view(self.surface, setup.start)
        self.lock = threading.Lock()

    @property
    def step_count(self) -> int:
        return int(self.simulation.step_count)

    @property
    def done(self) -> bool:
        return self.step_count >= self.total

    def advance(self, count: int) -> None:
        with self.lock:
            count = min(count, self.total - self.step_count)
            if count > 0:
                self.simulation.step(count)

    def trajectory(self) -> Any:
        with self.lock:
            return self.simulation.trajectory()


def surface_view(surface: Any, start: list[float] | None) -> SurfaceView | None:
    """What the path plot needs, for 2-D surfaces that have a plotting window."""
    window = getattr(surface, "window", None)
    if surface.dims != 2 or window is None:
        return None
    minima = surface_minima(surface)
    origin = start if start is not None else getattr(surface, "default_start", None)
    start_point = None if origin is None else (float(origin[0]), float(origin[1]))
    (x_low, x_high), (y_low, y_high) = window
    return SurfaceView(
        value=surface.value,
        window=((float(x_low), float(x_high)), (float(y_low), float(y_high))),
        minima=minima,
        start=start_point,
    )


@dataclass
class RunStatus:
    label: str
    loss: float
    diverged_at: int


@dataclass
class FrameData:
    """A finished frame: the built plot texts and the numbers for the status line."""

    generation: int
    step: int
    total: int
    runs: list[RunStatus]
    plots: dict[str, Any]
    sizes: dict[str, tuple[int, int]]
    claims: list[Any] | None = None  # ClaimResult list once the run is complete
    strips: dict[str, list[Any]] = field(default_factory=dict)  # each plot's lines, rendered off the UI thread


class FrameReady(Message):
    def __init__(self, frame: FrameData) -> None:
        super().__init__()
        self.frame = frame


class RunFinished(Message):
    """The simulation worker stopped: at the end, or paused (`cancel` set), or on an error."""

    def __init__(self, generation: int, cancel: threading.Event, error: str | None = None) -> None:
        super().__init__()
        self.generation = generation
        self.cancel = cancel
        self.error = error


class FrameFailed(Message):
    def __init__(self, generation: int, error: str) -> None:
        super().__init__()
        self.generation = generation
        self.error = error


def describe_error(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


@dataclass
class SweepResult:
    """A finished lr sweep: drawn for the sweep plot's size whenever it is shown or resized."""

    lrs: Any
    finals: Any
    title: str
    error: str | None = None


class SweepReady(Message):
    def __init__(self, generation: int, result: SweepResult, summary: str) -> None:
        super().__init__()
        self.generation = generation
        self.result = result
        self.summary = summary


class SweepDrawn(Message):
    def __init__(self, result: SweepResult, text: Any, size: tuple[int, int]) -> None:
        super().__init__()
        self.result = result
        self.text = text
        self.size = size


def build_frame(
    engine: LabEngine, generation: int, sizes: dict[str, tuple[int, int]], levels: LevelCache | None = None
) -> FrameData:
    """Build every plot for the engine's current trajectory (on a worker thread; the drawing
    itself happens in the drawing process, so this thread mostly waits with the GIL released)."""
    from interview_lab.experiments.claims import evaluate_all

    trajectory = engine.trajectory()
    widest = max((width for width, _ in sizes.values()), default=80)
    setup = engine.setup
    map_spec = None
    if engine.surface_view is not None:
        start = engine.surface_view.start
        map_spec = (setup.surface, dict(setup.surface_params), start)
    slim = slim_trajectory(trajectory, plot_columns(widest))
    slim.total_steps = engine.total
    request = FrameRequest(slim, sizes, map_spec, int(engine.surface.dims))
    try:
        plots = FrameProcess.draw(request)  # each plot that fails says so in its place
    except Exception as error:  # the drawing itself broke: the run still goes on, and says why
        plots = {plot_id: plot_failed("plot", error) for plot_id in sizes}
    strips = {}
    for plot_id, text in plots.items():
        if min(sizes.get(plot_id, (0, 0))) > 0:
            try:
                strips[plot_id] = prerender(text, *sizes[plot_id])
            except Exception:  # the widget renders the text itself instead
                pass
    runs = []
    for index, label in enumerate(trajectory.labels):
        losses = trajectory.loss[:, index]
        runs.append(RunStatus(label, float(losses[-1]), int(trajectory.diverged_at[index])))
    step = int(trajectory.steps[-1])
    claims = None
    if step >= engine.total and engine.setup.claims:
        claims = evaluate_all(engine.setup.claims, trajectory)
    return FrameData(generation, step, engine.total, runs, plots, sizes, claims, strips)


def status_text(frame: FrameData, running: bool, failure: str | None = None) -> Content:
    if failure is not None:
        state = "stopped"
    else:
        state = "running" if running else ("done" if frame.step >= frame.total else "paused")
    parts: list[Content | str | tuple[str, str]] = [
        ("step ", "$text-muted"), (f"{frame.step} / {frame.total}", "bold"), f"  {state}",
    ]
    if failure is not None:
        parts += ["  ", literal(failure, "bold $error")]
    for run in frame.runs:
        parts.append("   ")
        parts.append(literal(run.label, "bold"))
        if 0 <= run.diverged_at <= frame.step:
            parts.append((f" diverged at step {run.diverged_at}", "bold $error"))
        elif math.isfinite(run.loss):
            parts.append(f" {run.loss:.3g}")
        else:
            parts.append(" -")
    return Content.assemble(*parts)


def claims_widgets(results: list[Any] | None, claims: tuple[Claim, ...], edited: bool) -> list[Widget]:
    """The claims, one row each: the mark in a column of its own, the statement and the measured
    numbers beside it, so a long claim wraps under its own text rather than under the mark."""
    if not claims:
        return [Static(literal("This setup states no claim: watch the plots.", "$text-muted"), classes="claims-note")]
    rows: list[Widget] = []
    if results is None:
        rows.append(Static(literal("Claims (checked when the run completes):", "bold"), classes="claims-heading"))
        for claim in claims:
            rows.append(claim_row(literal("·"), literal(claim.says), "-pending"))
    else:
        rows.append(Static(literal("Claims:", "bold"), classes="claims-heading -results"))
        for result in results:
            mark = literal("✓ held", "bold $success") if result.held else literal("✗ failed", "bold $error")
            text = Content.assemble(literal(result.claim.says), "\n", literal(result.measured, "$text-muted"))
            rows.append(claim_row(mark, text))
    if edited:
        rows.append(
            Static(literal("(the setup was edited: the claims were written for the original one)", "italic"), classes="claims-note")
        )
    return rows


def claim_row(mark: Content, text: Content, kind: str = "") -> Widget:
    return Horizontal(Static(mark, classes=f"claim-mark {kind}"), Static(text, classes="claim-text"), classes="claim-row")


# -- the screen ------------------------------------------------------------------------------


class LabScreen(CompactLayout, BaseScreen):
    CSS_PATH = "../lab.tcss"
    BINDINGS = [
        Binding("r", "run", "Run/pause"),
        Binding("n", "step", "Step"),
        Binding("0", "reset", "Reset"),
        Binding("v", "toggle_setup", "Setup"),
        Binding("p", "next_plot", "Next plot"),
        # Named in the setup panel's headings; the footer must fit 80 columns.
        Binding("a", "add_run", "Add run", show=False),
        Binding("e", "edit_run", "Edit run", show=False),
        Binding("x", "remove_run", "Remove run", show=False),
        Binding("s", "sweep", "LR sweep", show=False),
        Binding("slash", "app.search", "Search", show=False),
    ]

    run_seconds = RUN_SECONDS  # tests shorten it
    # Below CompactLayout's size the plots are shown one at a time and the setup panel on demand.

    def __init__(self, experiment: Experiment | None = None) -> None:
        super().__init__()
        self.setup = LabSetup.from_experiment(experiment) if experiment is not None else LabSetup.default()
        self.engine: LabEngine | None = None
        self.generation = 0
        self.running = False
        self.cancel = threading.Event()
        self.levels = LevelCache()
        self.last_frame: FrameData | None = None
        self.failure: str | None = None  # why the last run stopped early, shown in the status line
        self.frame_failure: str | None = None  # why the last frame could not be built
        self.plot_index = 0  # the plot shown when the screen is compact
        self.sweep_result: SweepResult | None = None

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        from interview_lab.sim import surfaces

        yield TitleBar("Lab", id="lab-title")
        with Horizontal(id="lab-body"):
            with VerticalScroll(id="lab-side"):
                yield Label("Experiments", classes="lab-heading")
                yield OptionList(*experiment_options(self.app.deck.experiments), id="experiment-list")
                yield Label("Surface", classes="lab-heading")
                yield Select(
                    [(name, name) for name in surfaces.NAMES], value=self.setup.surface,
                    allow_blank=False, id="surface",
                )
                yield Label("Start (blank: default)", classes="lab-heading")
                yield Input(self.start_text(), placeholder="e.g. -4, 1", id="start")
                yield Static("", id="start-error", classes="field-error")
                yield Label("Steps", classes="lab-heading")
                yield Input(str(self.setup.steps), id="steps", type="integer")
                yield Static("", id="steps-error", classes="field-error")
                yield Label("Runs  (a add · e edit · x remove)", classes="lab-heading")
                yield OptionList(id="run-list")
                yield Static("", id="runs-error", classes="field-error")
                yield Label("LR sweep (s): low high count", classes="lab-heading")
                yield Input(DEFAULT_SWEEP, id="sweep-range")
                yield Static("", id="sweep-error", classes="field-error")
            with Vertical(id="lab-main"):
                yield Static("", id="lab-status")
                with Grid(id="plot-grid"):
                    yield PlotView(id="loss-plot")
                    yield PlotView(id="path-plot")
                    yield PlotView(id="lr-plot")
                    yield PlotView(id="sweep-plot")
                with VerticalScroll(id="claims-box"):
                    yield Vertical(id="claims")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_setup_views()
        self.show_current_experiment()
        self.fit_layout()
        self.query_one("#sweep-plot", PlotView).show(placeholder("Press s for a learning-rate sweep of the selected run."))
        self.query_one("#run-list", OptionList).focus()

    def show_claims(self, results: list[Any] | None) -> None:
        box = self.query_one("#claims", Vertical)
        box.remove_children()
        box.mount_all(claims_widgets(results, self.setup.claims, self.setup.edited))

    def start_text(self) -> str:
        return "" if self.setup.start is None else ", ".join(format_value(float(v)) for v in self.setup.start)

    def refresh_setup_views(self) -> None:
        runs = self.query_one("#run-list", OptionList)
        highlighted = runs.highlighted
        runs.clear_options()
        runs.add_options([Option(literal(run.describe())) for run in self.setup.runs])
        if self.setup.runs:
            runs.highlighted = min(highlighted or 0, len(self.setup.runs) - 1)
        title = self.setup.title + (" (edited)" if self.setup.edited else "")
        self.query_one("#lab-title", TitleBar).set_status(title)
        self.show_claims(None)
        self.query_one("#lab-status", Static).update(
            Content.assemble(("step ", "$text-muted"), (f"0 / {self.setup.steps}", "bold"), "  press r to run, n to step")
        )

    # -- setup changes -----------------------------------------------------------------------

    def drop_simulation(self) -> None:
        """Stop any run and forget the simulation; the next r or n starts afresh."""
        self.cancel.set()
        self.workers.cancel_group(self, "simulation")
        self.workers.cancel_group(self, "frame")
        self.running = False
        self.engine = None
        self.generation += 1
        self.last_frame = None
        self.failure = self.frame_failure = None
        for plot_id in ("loss-plot", "path-plot", "lr-plot"):
            self.query_one(f"#{plot_id}", PlotView).show(placeholder(""))

    def change_setup(self, **changes: Any) -> None:
        self.setup = replace(self.setup, edited=True, **changes)
        self.drop_simulation()
        self.refresh_setup_views()

    def load_experiment(self, experiment: Experiment) -> None:
        self.setup = LabSetup.from_experiment(experiment)
        self.drop_simulation()
        self.query_one("#surface", Select).value = self.setup.surface
        self.query_one("#start", Input).value = self.start_text()
        self.query_one("#steps", Input).value = str(self.setup.steps)
        self.refresh_setup_views()
        self.show_current_experiment()

    def show_current_experiment(self) -> None:
        """Highlight the loaded experiment in the list, so the learner sees where it sits."""
        if self.setup.experiment_id is None:
            return
        experiments = self.query_one("#experiment-list", OptionList)
        try:
            experiments.highlighted = experiments.get_option_index(self.setup.experiment_id)
        except OptionDoesNotExist:  # an experiment given directly may not be in the deck
            pass

    @on(OptionList.OptionSelected, "#experiment-list")
    def experiment_chosen(self, event: OptionList.OptionSelected) -> None:
        experiment = self.app.deck.experiment(event.option.id or "")
        if experiment is not None:
            self.load_experiment(experiment)

    @on(Select.Changed, "#surface")
    def surface_changed(self, event: Select.Changed) -> None:
        if event.value == self.setup.surface:
            return
        self.change_setup(surface=str(event.value), surface_params={}, start=None)
        self.query_one("#start", Input).value = ""

    @on(Input.Submitted, "#start")
    @on(Input.Blurred, "#start")
    def start_entered(self, event: Input.Submitted | Input.Blurred) -> None:
        self.read_start()

    @on(Input.Submitted, "#steps")
    @on(Input.Blurred, "#steps")
    def steps_entered(self, event: Input.Submitted | Input.Blurred) -> None:
        self.read_steps()

    def read_start(self) -> bool:
        text = self.query_one("#start", Input).value.strip()
        error = self.query_one("#start-error", Static)
        try:
            start = parse_floats(text) if text else None
        except ValueError:
            error.update(literal("numbers separated by commas, e.g. -4, 1"))
            return False
        if start is not None and not all(math.isfinite(v) for v in start):
            error.update(literal("every coordinate must be a finite number"))
            return False
        error.update("")
        if start != self.setup.start:
            self.change_setup(start=start)
        return True

    def read_steps(self) -> bool:
        text = self.query_one("#steps", Input).value.strip()
        error = self.query_one("#steps-error", Static)
        try:
            steps = int(text)
        except ValueError:
            error.update(literal(f"a whole number from 1 to {MAX_STEPS}"))
            return False
        if not 1 <= steps <= MAX_STEPS:
            error.update(literal(f"a whole number from 1 to {MAX_STEPS}"))
            return False
        error.update("")
        if steps != self.setup.steps:
            self.change_setup(steps=steps)
        return True

    # -- runs ----------------------------------------------------------------------------------

    def selected_run(self) -> int | None:
        highlighted = self.query_one("#run-list", OptionList).highlighted
        return highlighted if highlighted is not None and highlighted < len(self.setup.runs) else None

    def action_add_run(self) -> None:
        used = {run.label for run in self.setup.runs}
        label = next(f"run{i}" for i in range(1, 1000) if f"run{i}" not in used)
        self.app.push_screen(RunEditor(RunSetup(label, "adam", {}), used), self.run_added)

    def run_added(self, run: RunSetup | None) -> None:
        if run is not None:
            self.change_setup(runs=[*self.setup.runs, run])

    def action_edit_run(self) -> None:
        index = self.selected_run()
        if index is None:
            self.notify("No run selected.")
            return
        used = {run.label for i, run in enumerate(self.setup.runs) if i != index}
        self.app.push_screen(
            RunEditor(self.setup.runs[index], used), lambda run: self.run_edited(index, run)
        )

    def run_edited(self, index: int, run: RunSetup | None) -> None:
        if run is not None:
            runs = list(self.setup.runs)
            runs[index] = run
            self.change_setup(runs=runs)

    def action_remove_run(self) -> None:
        index = self.selected_run()
        if index is None:
            return
        if len(self.setup.runs) == 1:
            self.notify("The Lab needs at least one run.")
            return
        self.change_setup(runs=[run for i, run in enumerate(self.setup.runs) if i != index])

    @on(OptionList.OptionSelected, "#run-list")
    def run_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit_run()

    # -- simulation ------------------------------------------------------------------------------

    def ensure_engine(self) -> LabEngine | None:
        """The simulation of the current setup, or None with the errors shown next to the fields."""
        if self.engine is not None:
            return self.engine
        if not (self.read_start() and self.read_steps()):
            return None
        from interview_lab.sim import SimulationError

        runs_error = self.query_one("#runs-error", Static)
        start_error = self.query_one("#start-error", Static)
        try:
            self.engine = LabEngine(self.setup)
        except SimulationError as error:
            where = error_field(error)
            if where == "start":
                start_error.update(literal(str(error)))
            else:
                runs_error.update(literal(str(error)))
            return None
        runs_error.update("")
        return self.engine

    def plot_sizes(self) -> dict[str, tuple[int, int]]:
        # A hidden plot (compact layout) costs nothing to build at size 0.
        return {
            plot.id or "": (plot.size.width, plot.size.height) if plot.display else (0, 0)
            for plot in self.query(PlotView)
            if plot.id != "sweep-plot"
        }

    def action_run(self) -> None:
        if self.running:
            self.pause()
            return
        engine = self.ensure_engine()
        if engine is None:
            return
        if engine.done:
            self.drop_simulation()
            engine = self.ensure_engine()
            if engine is None:
                return
        self.cancel = threading.Event()
        self.running = True
        self.failure = None
        if PLOT_IDS[self.plot_index] == "sweep-plot":
            self.show_plot(0)
        generation, cancel, sizes = self.generation, self.cancel, self.plot_sizes()
        self.run_worker(
            lambda: self.simulate(engine, generation, cancel, sizes),
            name="lab-simulation", group="simulation", thread=True, exclusive=True, exit_on_error=False,
        )
        self.show_running_state()

    def pause(self) -> None:
        self.cancel.set()
        self.running = False
        self.show_running_state()

    def show_running_state(self) -> None:
        if self.last_frame is not None:
            self.query_one("#lab-status", Static).update(status_text(self.last_frame, self.running, self.problem))
        elif self.problem is not None:
            self.query_one("#lab-status", Static).update(
                Content.assemble(("stopped  ", "bold"), literal(self.problem, "bold $error"))
            )

    @property
    def problem(self) -> str | None:
        return self.failure or self.frame_failure

    def simulate(self, engine: LabEngine, generation: int, cancel: threading.Event, sizes: dict) -> None:
        """Worker thread: advance at a steady pace, post a frame about 10 times a second.

        Whatever happens, the screen hears that the run stopped (RunFinished, with
        the error if there was one), so the status never stays at "running".
        """
        worker = get_current_worker()
        error: str | None = None
        try:
            started, begun_at = time.monotonic(), engine.step_count
            last_frame = 0.0
            while not (cancel.is_set() or worker.is_cancelled or engine.done):
                elapsed = time.monotonic() - started
                target = begun_at + max(1, int(engine.total * elapsed / self.run_seconds))
                engine.advance(max(0, target - engine.step_count))
                now = time.monotonic()
                if now - last_frame >= FRAME_INTERVAL or engine.done:
                    frame = build_frame(engine, generation, self.plot_sizes() or sizes, self.levels)
                    if cancel.is_set() or worker.is_cancelled:
                        return
                    self.post_message(FrameReady(frame))
                    last_frame = time.monotonic()
                else:
                    time.sleep(TICK)
        except Exception as failure:  # an engine or frame error: stop the run and say why
            error = describe_error(failure)
        finally:
            if not worker.is_cancelled:
                self.post_message(RunFinished(generation, cancel, error))

    def action_step(self) -> None:
        if self.running:
            self.pause()
        engine = self.ensure_engine()
        if engine is None:
            return
        if engine.done:
            self.notify("The run is complete: press 0 to reset.")
            return
        engine.advance(1)
        self.request_frame()

    def request_frame(self) -> None:
        engine, generation, sizes = self.engine, self.generation, self.plot_sizes()
        if engine is None:
            return

        def build() -> None:
            worker = get_current_worker()
            try:
                frame = build_frame(engine, generation, sizes, self.levels)
            except Exception as failure:  # never silent: the status line says why nothing was drawn
                if not worker.is_cancelled:
                    self.post_message(FrameFailed(generation, describe_error(failure)))
                return
            if not worker.is_cancelled:
                self.post_message(FrameReady(frame))

        self.run_worker(build, name="lab-frame", group="frame", thread=True, exclusive=True, exit_on_error=False)

    def action_reset(self) -> None:
        self.drop_simulation()
        self.refresh_setup_views()

    def on_frame_ready(self, message: FrameReady) -> None:
        frame = message.frame
        if frame.generation != self.generation:
            return  # built for a setup that has since changed
        self.last_frame = frame
        for plot_id, text in frame.plots.items():
            self.query_one(f"#{plot_id}", PlotView).show(text, frame.sizes.get(plot_id), frame.strips.get(plot_id))
        self.frame_failure = None
        self.query_one("#lab-status", Static).update(status_text(frame, self.running, self.problem))
        if frame.claims is not None:
            self.show_claims(frame.claims)

    def on_run_finished(self, message: RunFinished) -> None:
        if message.generation != self.generation or message.cancel is not self.cancel:
            return  # an older run of this setup (paused, then run again) or of a previous one
        self.running = False
        if message.error is not None:
            self.failure = f"the run stopped: {message.error}"
            self.notify(self.failure, title="Lab", severity="error", markup=False)
        self.show_running_state()

    def on_frame_failed(self, message: FrameFailed) -> None:
        if message.generation == self.generation:
            self.frame_failure = f"no frame: {message.error}"
            self.show_running_state()

    def on_resize(self) -> None:
        self.fit_layout()
        if not self.running and self.engine is not None and self.last_frame is not None:
            self.request_frame()

    def on_plot_view_stale(self, message: PlotView.Stale) -> None:
        if message.plot.id == "sweep-plot":
            self.draw_sweep()
            return
        # While running, the next frame is built at the new sizes anyway.
        if not self.running and self.engine is not None and self.last_frame is not None:
            self.request_frame()

    # -- layout on small terminals -------------------------------------------------------------

    def fit_layout(self) -> None:
        self.update_compact()
        self.show_plot(self.plot_index)

    def show_plot(self, index: int) -> None:
        index %= len(PLOT_IDS)
        changed = index != self.plot_index
        self.plot_index = index
        for number, plot_id in enumerate(PLOT_IDS):
            self.query_one(f"#{plot_id}", PlotView).set_class(number == index, "-current")
        if changed and self.compact and not self.running and self.last_frame is not None:
            # Hidden plots are not drawn; draw this one once the layout has given it a size.
            self.call_after_refresh(self.request_frame)

    def action_next_plot(self) -> None:
        self.show_plot(self.plot_index + 1)

    @property
    def setup_shown(self) -> bool:
        return self.compact == self.has_class("-setup-toggled")

    def action_toggle_setup(self) -> None:
        self.toggle_class("-setup-toggled")
        if self.setup_shown:
            runs = self.query_one("#run-list", OptionList)
            runs.focus(scroll_visible=False)
            # The panel is laid out only after this refresh: bring the run list into view then.
            self.call_after_refresh(lambda: runs.scroll_visible(animate=False))
        elif self.focused is not None and self.query_one("#lab-side") in self.focused.ancestors:
            self.set_focus(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_plot":
            return self.compact  # every plot is on screen otherwise
        return True

    # -- learning-rate sweep -----------------------------------------------------------------------

    def action_sweep(self) -> None:
        index = self.selected_run()
        if index is None:
            self.notify("Select the run whose optimizer to sweep.")
            return
        error = self.query_one("#sweep-error", Static)
        try:
            low, high, count = parse_floats(self.query_one("#sweep-range", Input).value)
            count = int(count)
            if not (0 < low < high and 2 <= count <= 256):
                raise ValueError
        except ValueError:
            error.update(literal("low high count: 0 < low < high, count 2 to 256, e.g. 1e-4 1 12"))
            return
        if not (self.read_start() and self.read_steps()):
            return
        error.update("")
        run, setup, generation = self.setup.runs[index], self.setup, self.generation

        def sweep() -> None:
            import numpy as np

            from interview_lab.sim import RunConfig, SimulationError, simulate

            lrs = np.logspace(math.log10(low), math.log10(high), count)
            title = f"final loss after {setup.steps} steps: {run.optimizer}"
            try:
                trajectory = simulate(
                    setup.surface, [RunConfig(run.label, run.optimizer, {**run.hparams, "lr": lrs})], setup.steps,
                    surface_params=setup.surface_params, start=setup.start, seed=setup.seed,
                )
            except SimulationError as failure:
                self.post_message(SweepReady(generation, SweepResult(lrs, None, title, str(failure)), str(failure)))
                return
            finals = np.where(np.asarray(trajectory.diverged_at) >= 0, np.inf, trajectory.loss[-1])
            finite = np.isfinite(finals)
            if finite.any():
                best = int(np.nanargmin(np.where(finite, finals, np.nan)))
                summary = f"best lr {lrs[best]:.3g} (final loss {finals[best]:.3g}); {int((~finite).sum())} diverged"
            else:
                summary = "every learning rate diverged"
            self.post_message(SweepReady(generation, SweepResult(lrs, finals, title), summary))

        if self.compact and self.setup_shown:
            self.action_toggle_setup()  # the plot pane, where the sweep is drawn, replaces the setup panel
        self.sweep_result = None
        self.query_one("#sweep-plot", PlotView).show(placeholder("Sweeping..."))
        self.show_plot(PLOT_IDS.index("sweep-plot"))
        self.run_worker(sweep, name="lab-sweep", group="sweep", thread=True, exclusive=True, exit_on_error=False)

    def on_sweep_ready(self, message: SweepReady) -> None:
        self.sweep_result = message.result
        if message.result.error is not None:
            self.query_one("#sweep-plot", PlotView).show(placeholder(message.result.error))
        else:
            self.draw_sweep()
        self.notify(message.summary, title="LR sweep", markup=False)

    def draw_sweep(self) -> None:
        """Draw the sweep for the plot's current size; a hidden plot is drawn when it is shown (Stale)."""
        result = self.sweep_result
        plot = self.query_one("#sweep-plot", PlotView)
        if result is None or result.error is not None or not plot.display:
            return
        size = (plot.size.width, plot.size.height)
        if min(size) <= 0:
            return

        def draw() -> None:
            from interview_lab.tui.widgets.plots import safely

            text = safely("sweep plot", lambda: sweep_plot(result.lrs, result.finals, *size, result.title))
            self.post_message(SweepDrawn(result, text, size))

        self.run_worker(draw, name="lab-sweep-draw", group="sweep-draw", thread=True, exclusive=True, exit_on_error=False)

    def on_sweep_drawn(self, message: SweepDrawn) -> None:
        if message.result is self.sweep_result:
            self.query_one("#sweep-plot", PlotView).show(message.text, message.size)

    # -- leaving ---------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.stop_everything()
        self.dismiss()

    def on_unmount(self) -> None:
        self.stop_everything()

    def stop_everything(self) -> None:
        self.cancel.set()
        self.running = False
        self.workers.cancel_node(self)


def experiment_options(experiments: tuple[Experiment, ...]) -> list[Option]:
    if not experiments:
        return [Option(literal("No experiments in the deck."), disabled=True)]
    return [Option(literal(experiment.title), id=experiment.id) for experiment in experiments]


# -- editing one run ------------------------------------------------------------------------------


class RunEditor(ModalScreen[RunSetup | None]):
    """One Input per hyper-parameter (defaults from the engine); engine errors next to the field.

    Focus starts on the first field; a refused save focuses the field in error
    and scrolls it into view, since on a small terminal it may be far below.
    """

    CSS_PATH = "../lab.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, run: RunSetup, used_labels: set[str]) -> None:
        super().__init__()
        self.run = run
        self.used_labels = used_labels
        self.optimizer = run.optimizer

    def compose(self) -> ComposeResult:
        from interview_lab.sim import optimizers

        with VerticalScroll(id="run-editor"):
            yield Label("Edit run", classes="lab-heading")
            yield Static(literal("tab next field · ctrl+s save · esc cancel", "$text-muted"), id="editor-keys")
            yield Label("label")
            yield Input(self.run.label, id="field-label")
            yield Static("", id="error-label", classes="field-error")
            yield Label("optimizer")
            yield Select([(name, name) for name in optimizers.NAMES], value=self.optimizer, allow_blank=False, id="optimizer")
            yield Vertical(id="hparam-fields")
            yield Static("", id="error-general", classes="field-error")
            with Horizontal(id="editor-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.show_fields(self.run.hparams if self.optimizer == self.run.optimizer else {})
        self.query_one("#field-label", Input).focus()

    def show_fields(self, values: dict[str, Any]) -> None:
        from interview_lab.sim import optimizers

        box = self.query_one("#hparam-fields", Vertical)
        box.remove_children()
        widgets = []
        for name, default in optimizers.defaults(self.optimizer).items():
            value = values.get(name, default)
            widgets += [
                Label(f"{name}  (default {format_value(default)}): {optimizers.HELP.get(name, '')}", classes="field-help"),
                Input(format_value(value), id=f"field-{name}"),
                Static("", id=f"error-{name}", classes="field-error"),
            ]
        box.mount_all(widgets)

    @on(Select.Changed, "#optimizer")
    def optimizer_changed(self, event: Select.Changed) -> None:
        if event.value != self.optimizer:
            self.optimizer = str(event.value)
            self.show_fields({})

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        from interview_lab.sim import SimulationError, optimizers

        for error in self.query(".field-error"):
            if isinstance(error, Static):
                error.update("")
        label = self.query_one("#field-label", Input).value.strip()
        if not label or label in self.used_labels:
            self.show_error("label", "a label not used by another run")
            return
        defaults = optimizers.defaults(self.optimizer)
        hparams: dict[str, Any] = {}
        for name, default in defaults.items():
            text = self.query_one(f"#field-{name}", Input).value
            if text.strip() == "":
                continue
            value = parse_value(text)
            if isinstance(default, tuple) and isinstance(value, list):
                value = list(value)
            if value != default and not (isinstance(default, (list, tuple)) and list(default) == value):
                hparams[name] = value
        try:
            optimizers.create(self.optimizer, **hparams)
        except SimulationError as error:
            self.show_error(error_field(error), str(error))
            return
        self.dismiss(RunSetup(label, self.optimizer, hparams))

    def show_error(self, where: str, message: str) -> None:
        """The message under the field it is about (or at the bottom), that field focused and in view."""
        errors = self.query(f"#error-{where}") if where else None
        box = errors.first(Static) if errors else self.query_one("#error-general", Static)
        box.update(literal(message))
        fields = self.query(f"#field-{where}") if where else None
        field = fields.first(Input) if fields else None
        if field is not None:
            field.focus(scroll_visible=False)

        def reveal() -> None:  # the error line has just grown: scroll once it is laid out
            if field is not None:
                field.scroll_visible(animate=False)
            box.scroll_visible(animate=False)

        self.call_after_refresh(reveal)
