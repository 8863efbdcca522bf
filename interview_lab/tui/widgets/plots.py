"""Plots for the Lab: pure series preparation, frame building, and a widget that shows a built frame.

Everything here may run off the UI thread except `PlotView` methods: the Lab
builds each frame (plotext text turned into a Rich `Text`) in a worker and
hands the finished text to the widgets, so drawing never stalls key presses.

numpy and plotext are imported here and nowhere else in the TUI; the Lab
screen imports this module only when it opens, so start-up stays light.

plotext drops points outside its limits and then fails in its legend when a
labelled line has none left, so every y axis here encloses all of its data
(`log_ticks`, `linear_axis`). Losses go on a log scale unless one is below 0
(the saddle): those go on a linear one. Should a plot still fail, `safely`
puts the reason in its place and the other plots, and the run, go on.
"""

from __future__ import annotations

import math
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
from rich.text import Text
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

# plotext colours, in the order runs get them; the level hints use a muted one.
RUN_COLORS = ("cyan+", "orange+", "magenta+", "green+", "red+", "blue+", "yellow", "gray+")
LEVEL_COLOR = "gray"
MINIMUM_MARKER = "x"
START_MARKER = "o"
DIVERGED_MARKER = "✗"
# Losses below this are drawn at it: a log plot cannot show 0.
LOSS_FLOOR = 1e-16


def run_color(index: int) -> str:
    return RUN_COLORS[index % len(RUN_COLORS)]


# -- series preparation (pure) ----------------------------------------------------


def finite_series(x: Any, y: Any, stop_at: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Points of (x, y) with a finite y, cut before step `stop_at` (a run's divergence).

    plotext raises on inf and silently draws nothing for huge values, so
    every series passes through here before it is plotted.
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    keep = np.isfinite(ys) & np.isfinite(xs) & (np.abs(ys) < 1e150)
    if stop_at is not None and stop_at >= 0:
        keep &= xs < stop_at
    return xs[keep], ys[keep]


def downsample_minmax(x: Any, y: Any, max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """At most `max_points` points: per bucket of consecutive points, its min and its max in order.

    Keeping both extremes of every bucket keeps spikes visible, and the
    first and last points always survive, so the curve's ends stay exact.
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    count = len(xs)
    if count <= max_points or max_points < 4:
        return xs, ys
    buckets = max(1, (max_points - 2) // 2)
    inner = np.arange(1, count - 1)
    edges = np.linspace(0, len(inner), buckets + 1).astype(int)
    picked = [0]
    for start, stop in zip(edges[:-1], edges[1:]):
        if stop <= start:
            continue
        chunk = inner[start:stop]
        low = chunk[int(np.argmin(ys[chunk]))]
        high = chunk[int(np.argmax(ys[chunk]))]
        picked.extend(sorted({int(low), int(high)}))
    picked.append(count - 1)
    index = np.asarray(picked)
    return xs[index], ys[index]


def stride_sample(points: Any, max_points: int) -> np.ndarray:
    """Evenly spaced rows of `points`, at most `max_points`, always keeping the first and the last."""
    rows = np.asarray(points, dtype=float)
    if len(rows) <= max_points or max_points < 2:
        return rows
    index = np.unique(np.linspace(0, len(rows) - 1, max_points).round().astype(int))
    return rows[index]


def log10_clipped(values: Any, floor: float = LOSS_FLOOR) -> np.ndarray:
    """log10 of values, with anything at or below `floor` (zero, negatives) drawn at the floor."""
    return np.log10(np.maximum(np.asarray(values, dtype=float), floor))


def log_ticks(low: float, high: float, most: int = 6) -> tuple[list[float], list[str]]:
    """Tick positions (in log10 units) at powers of ten, labelled 1e-3 and so on.

    The first tick is at or below `low` and the last at or above `high`, so
    limits set to the outer ticks always hold every point: plotext drops
    points outside its limits (and fails in the legend when a labelled line
    has none left). At most `most` ticks (at least two), evenly spaced.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return [], []
    low, high = min(low, high), max(low, high)
    first, last = math.floor(low), math.ceil(high)
    if last == first:
        last = first + 1
    most = max(2, most)
    every = max(1, math.ceil((last - first) / (most - 1)))
    count = math.ceil((last - first) / every) + 1  # the last tick first + every * (count - 1) >= last
    ticks = [float(first + every * i) for i in range(count)]
    return ticks, [power_label(int(p)) for p in ticks]


def power_label(power: int) -> str:
    return {0: "1", 1: "10", 2: "100", -1: "0.1", -2: "0.01"}.get(power, f"1e{power}")


def linear_axis(low: float, high: float, most: int = 6) -> tuple[list[float], list[str], tuple[float, float]]:
    """Limits just around [low, high] and the ticks inside them at 1, 2, 2.5 or 5 times a power of ten.

    For the linear scale (losses below 0): round outer ticks as limits would
    leave up to half the plot empty, so the limits follow the data instead.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return [], [], (0.0, 1.0)
    low, high = min(low, high), max(low, high)
    if high - low < 1e-300 or high - low < 1e-12 * max(abs(low), abs(high)):
        half = max(1e-12, abs(low) * 0.5, 0.5 if low == 0 else 0.0)
        low, high = low - half, high + half
    pad = (high - low) * 0.03
    limits = (low - pad, high + pad)
    most = max(2, most)
    power = 10.0 ** math.floor(math.log10((high - low) / most))
    candidates = sorted(m * power * 10.0**k for k in (-1, 0, 1, 2) for m in (1, 2, 2.5, 5))
    chosen: tuple[int, int, float] | None = None
    for spacing in candidates:
        first, last = math.ceil(low / spacing - 1e-9), math.floor(high / spacing + 1e-9)
        if 2 <= last - first + 1 <= most:
            chosen = (first, last, spacing)
            break
    if chosen is None:  # nothing gives two ticks inside: the middle of the range, at least
        middle = (low + high) / 2
        return [middle], [f"{middle:.3g}"], limits
    first, last, spacing = chosen
    ticks = [float(round(i * spacing, 12)) for i in range(first, last + 1)]
    return ticks, [f"{t:.3g}" for t in ticks], limits


def round_ticks(last: float, most: int = 5) -> list[int]:
    """Whole-number ticks from 0 to at least `last` at a spacing of 1, 2 or 5 times a power of ten."""
    if last <= 0:
        return [0]
    rough = last / max(1, most - 1)
    power = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    spacing = next((m * power for m in (1, 2, 5, 10) if m * power >= rough), 10 * power)
    spacing = max(1, int(spacing))
    return list(range(0, int(math.ceil(last / spacing)) * spacing + 1, spacing))


def step_axis(figure: Any, steps: np.ndarray, total: int | None = None) -> None:
    """Steps from 0 on whole-number ticks, the same on every plot against step.

    With the run's `total` the axis is fixed for the whole run, so the curve
    grows across it instead of the axis rescaling every frame.
    """
    last = float(max(total or 0, steps[-1] if len(steps) else 0))
    ticks = round_ticks(last, most=5)
    figure.xticks([float(t) for t in ticks], [str(t) for t in ticks])
    figure.xlim(0.0, float(ticks[-1]))
    figure.xlabel("step")


def plot_columns(width: int) -> int:
    """Data columns of a plot `width` cells wide (plotext uses about 8 for the axis and frame)."""
    return max(8, width - 8)


def level_hints(
    value: Callable[[np.ndarray], np.ndarray],
    window: tuple[tuple[float, float], tuple[float, float]],
    columns: int,
    rows: int,
    levels: int = 8,
) -> tuple[np.ndarray, np.ndarray]:
    """Grid points in every other loss band of the window, thinned to every other column.

    At terminal resolution the boundaries of steep bands fill whole rows, so
    shading alternate bands reads better as a contour map. Bands are
    quantiles of log(loss - min), so they spread evenly over any surface,
    whether its values span one decade or twenty; the band holding the
    minimum stays blank so the end of each path is easy to see.
    """
    (x_low, x_high), (y_low, y_high) = window
    xs = np.linspace(x_low, x_high, max(2, columns))
    ys = np.linspace(y_low, y_high, max(2, rows))
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    with np.errstate(all="ignore"):
        values = np.asarray(value(points), dtype=float).reshape(grid_x.shape)
    finite = np.isfinite(values)
    if finite.sum() < 4:
        return np.empty(0), np.empty(0)
    shifted = values - np.nanmin(np.where(finite, values, np.nan))
    with np.errstate(all="ignore"):
        logs = np.log10(np.where(finite, shifted, np.nan) + 1e-12)
    edges = np.nanquantile(logs, np.linspace(0, 1, levels + 1)[1:-1])
    bands = np.digitize(np.where(np.isfinite(logs), logs, np.nanmax(logs)), edges)
    shaded = (bands % 2 == 1) & (np.arange(grid_x.shape[1])[None, :] % 2 == 0)
    return grid_x[shaded], grid_y[shaded]


# -- what a frame shows -------------------------------------------------------------


@dataclass(frozen=True)
class SurfaceView:
    """What the path plot needs from a 2-D surface (None for other problems)."""

    value: Callable[[np.ndarray], np.ndarray]
    window: tuple[tuple[float, float], tuple[float, float]]
    minima: tuple[tuple[float, float], ...]  # empty when the surface has none (a saddle)
    start: tuple[float, float] | None = None


@dataclass
class PlotSizes:
    loss: tuple[int, int] = (0, 0)
    path: tuple[int, int] = (0, 0)
    effective_lr: tuple[int, int] = (0, 0)


@dataclass
class LevelCache:
    """Level hints are costly to sample; they change only with the surface and the plot size."""

    key: Any = None
    points: tuple[np.ndarray, np.ndarray] = field(default_factory=lambda: (np.empty(0), np.empty(0)))

    def get(self, surface: SurfaceView, columns: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
        key = (id(surface), surface.window, columns, rows)
        if key != self.key:
            self.points = level_hints(surface.value, surface.window, columns, rows)
            self.key = key
        return self.points


def new_figure(width: int, height: int) -> Any:
    from textual_plotext.plotext._figure import _figure_class

    figure = _figure_class()
    # plotext caps a figure at the size of the terminal it finds (80x24 when there is none, as in a
    # worker process or a test): the plot is sized for its widget instead.
    figure._limit_size(False, False)
    figure.plotsize(width, height)
    figure.theme("clear")
    return figure


def set_title(figure: Any, title: str, width: int) -> None:
    """plotext leaves out a title wider than the plot: cut a long one with an ellipsis instead."""
    room = max(1, width - 2)
    figure.title(title if len(title) <= room else title[: room - 1].rstrip() + "…")


def to_text(figure: Any) -> Text:
    """The figure as text. plotext fails in its legend when a labelled series has no point on the
    canvas; the plots keep every point within their limits, but should it still happen the plot
    is drawn again without the legend rather than not at all."""
    try:
        built = figure.build()
    except IndexError:
        monitor = figure.monitor
        monitor.label = [None] * len(monitor.label)
        built = figure.build()
    return Text.from_ansi(built, no_wrap=True)


def add_line(figure: Any, xs: np.ndarray, ys: np.ndarray, **options: Any) -> None:
    """A line through the points; a single point is drawn as a point (plotext draws a
    one-point line as nothing at all, and then fails on its legend entry)."""
    if len(xs) == 1:
        marker = options.pop("marker", None)
        figure.scatter(xs.tolist(), ys.tolist(), marker="dot" if marker in (None, "braille") else marker, **options)
    else:
        figure.plot(xs.tolist(), ys.tolist(), **options)


def set_y_axis(figure: Any, ticks: list[float], labels: list[str], limits: tuple[float, float] | None = None) -> None:
    """Ticks and limits together (plotext draws ticks outside the limits below the axis). The limits
    are the outer ticks unless given; either way they hold every point (log_ticks, linear_axis)."""
    if ticks:
        figure.yticks(ticks, labels)
        figure.ylim(*(limits if limits is not None else (ticks[0], ticks[-1])))


def plot_failed(name: str, error: BaseException) -> Text:
    """What a plot shows when it could not be built: the run goes on, the reason is on screen."""
    return Text(f"The {name} could not be drawn ({type(error).__name__}: {error}).", style="bold red")


def placeholder(message: str) -> Text:
    return Text(message, style="dim")


LOSS_TITLE = "loss (log scale) against step"
LINEAR_LOSS_TITLE = "loss (linear scale: it goes below 0) against step"


def loss_plot(trajectory: Any, width: int, height: int, title: str | None = None) -> Text:
    """One line per run, each cut where its run diverged; downsampled to ~2 points per column.

    A log scale, unless some loss is below 0 (the saddle): a log plot would
    pin the negative losses at its floor, and a run escaping down the saddle
    would look converged. Exact zeros (a minimum reached) stay on the log
    scale, drawn at its floor.
    """
    if width < 10 or height < 5:
        return placeholder("")
    columns = plot_columns(width)
    steps = np.asarray(trajectory.steps)
    series = []
    for run, label in enumerate(trajectory.labels):
        stop = int(trajectory.diverged_at[run])
        xs, ys = finite_series(steps, trajectory.loss[:, run], stop if stop >= 0 else None)
        if len(xs):
            series.append((run, label, stop, xs, ys))
    if not series:
        return placeholder("No finite loss to draw yet.")
    linear = any(float(ys.min()) < 0 for *_, ys in series)
    figure = new_figure(width, height)
    set_title(figure, title if title is not None else (LINEAR_LOSS_TITLE if linear else LOSS_TITLE), width)
    low, high = math.inf, -math.inf
    for run, label, stop, xs, ys in series:
        if not linear:
            ys = log10_clipped(ys)
        xs, ys = downsample_minmax(xs, ys, 2 * columns)
        low, high = min(low, float(ys.min())), max(high, float(ys.max()))
        diverged = stop >= 0 and stop <= int(steps[-1])
        shown = f"{label} (diverged at {stop})" if diverged else label
        add_line(figure, xs, ys, label=shown, color=run_color(run), marker="braille")
        if diverged:  # the line ends here: mark where, so it is not read as a run that stopped early
            figure.scatter([float(xs[-1])], [float(ys[-1])], marker=DIVERGED_MARKER, color=run_color(run))
    most = max(2, height // 4)
    set_y_axis(figure, *(linear_axis(low, high, most) if linear else log_ticks(low, high, most)))
    total = getattr(trajectory, "total_steps", None)
    stops = np.asarray(trajectory.diverged_at)
    if total is None and len(stops) and bool((stops >= 0).all()):
        # A finished run where every line ended early: the axis ends with the last of them,
        # rather than leaving the plot empty after a divergence at step 20 of 600.
        steps = np.asarray([float(stops.max())])
    step_axis(figure, steps, total)
    return to_text(figure)


PATH_TITLE = "path over the surface (x: minimum, o: start)"


def path_plot(
    trajectory: Any, surface: SurfaceView, width: int, height: int, levels: LevelCache, title: str = PATH_TITLE
) -> Text:
    """Each run's path over the level hints of the surface; the minima marked x, the start o."""
    if width < 10 or height < 5:
        return placeholder("")
    columns, rows = plot_columns(width), max(3, height - 4)
    figure = new_figure(width, height)
    set_title(figure, title, width)
    hint_x, hint_y = levels.get(surface, columns, rows)
    if len(hint_x):
        figure.scatter(hint_x.tolist(), hint_y.tolist(), marker="·", color=LEVEL_COLOR)
    (x_low, x_high), (y_low, y_high) = surface.window
    for run, label in enumerate(trajectory.labels):
        stop = int(trajectory.diverged_at[run])
        points = np.asarray(trajectory.params[:, run, :2], dtype=float)
        steps = np.asarray(trajectory.steps)
        keep = np.all(np.isfinite(points), axis=1) & (np.abs(points).max(axis=1) < 1e150)
        if stop >= 0:
            keep &= steps < stop
        points = stride_sample(points[keep], 2 * columns)
        if len(points) == 0:
            continue
        # Clip to the window so a wild excursion does not squash the whole map.
        clipped_x = np.clip(points[:, 0], x_low, x_high)
        clipped_y = np.clip(points[:, 1], y_low, y_high)
        add_line(figure, clipped_x, clipped_y, label=label, color=run_color(run), marker="braille")
    if surface.minima:
        figure.scatter(
            [p[0] for p in surface.minima], [p[1] for p in surface.minima], marker=MINIMUM_MARKER, color="red+"
        )
    if surface.start is not None:
        figure.scatter([surface.start[0]], [surface.start[1]], marker=START_MARKER, color="white")
    figure.xlim(x_low, x_high)
    figure.ylim(y_low, y_high)
    return to_text(figure)


def effective_lr_series(trajectory: Any, run: int, most_params: int = 4) -> list[tuple[str, np.ndarray]]:
    """The effective-lr columns of one run worth drawing: each parameter, or min/median/max when many.

    A slim trajectory (`slim_trajectory`) has already shrunk many parameters to
    three columns and names them in `effective_lr_names`.
    """
    table = np.asarray(trajectory.effective_lr[:, run, :], dtype=float)
    if table.size == 0 or not np.isfinite(table).any():
        return []
    names = getattr(trajectory, "effective_lr_names", None)
    if names is not None and len(names) == table.shape[1]:
        return [(str(name), table[:, i]) for i, name in enumerate(names)]
    dims = table.shape[1]
    if dims <= most_params:
        return [(f"x[{i}]", table[:, i]) for i in range(dims)]
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows: step 0, diverged steps
        return [
            ("min", np.nanmin(table, axis=1)),
            ("median", np.nanmedian(table, axis=1)),
            ("max", np.nanmax(table, axis=1)),
        ]


def effective_lr_plot(trajectory: Any, width: int, height: int) -> Text:
    """Each parameter's effective learning rate against step (log scale), for adaptive optimizers."""
    if width < 10 or height < 5:
        return placeholder("")
    columns = plot_columns(width)
    figure = new_figure(width, height)
    set_title(figure, "effective learning rate per parameter (log scale)", width)
    low, high = math.inf, -math.inf
    drawn = 0
    steps = np.asarray(trajectory.steps)
    markers = ("braille", "dot", "hd", "sd")
    for run, label in enumerate(trajectory.labels):
        stop = int(trajectory.diverged_at[run])
        for number, (name, column) in enumerate(effective_lr_series(trajectory, run)):
            xs, ys = finite_series(steps, column, stop if stop >= 0 else None)
            keep = ys > 0
            xs, ys = xs[keep], ys[keep]
            if len(xs) == 0:
                continue
            ys = log10_clipped(ys, 1e-300)
            xs, ys = downsample_minmax(xs, ys, 2 * columns)
            low, high = min(low, float(ys.min())), max(high, float(ys.max()))
            add_line(figure, xs, ys, label=f"{label} {name}", color=run_color(run), marker=markers[number % len(markers)])
            drawn += 1
    if not drawn:
        return placeholder("No adaptive optimizer in these runs: SGD's step size is just lr.")
    set_y_axis(figure, *log_ticks(low, high, most=max(2, height // 4)))
    step_axis(figure, steps, getattr(trajectory, "total_steps", None))
    return to_text(figure)


def sweep_plot(lrs: Sequence[float], final_losses: Sequence[float], width: int, height: int, title: str) -> Text:
    """Final loss against learning rate, both on log scales: the learning-rate range test.

    Learning rates that diverged are marked ✗ along the top of the plot.
    """
    if width < 10 or height < 5:
        return placeholder("")
    xs = np.log10(np.asarray(lrs, dtype=float))
    losses = np.asarray(final_losses, dtype=float)
    finite = np.isfinite(losses) & (losses < 1e150)
    figure = new_figure(width, height)
    set_title(figure, title, width)
    if finite.any():
        ys = log10_clipped(losses[finite])
        add_line(figure, xs[finite], ys, marker="braille", color=run_color(0), label="final loss")
        ticks, labels = log_ticks(float(ys.min()), float(ys.max()), most=max(2, height // 4))
        set_y_axis(figure, ticks, labels)
        top = ticks[-1] if ticks else float(ys.max())
    else:
        top = 0.0
    if (~finite).any():
        figure.scatter(xs[~finite].tolist(), [top] * int((~finite).sum()), marker="✗", color="red+", label="diverged")
    lr_ticks, lr_labels = log_ticks(float(xs.min()), float(xs.max()), most=max(2, width // 12))
    if lr_ticks:
        figure.xticks(lr_ticks, lr_labels)
        figure.xlim(min(lr_ticks[0], float(xs.min())), max(lr_ticks[-1], float(xs.max())))
    figure.xlabel("learning rate (log scale)")
    return to_text(figure)


# -- the widget ------------------------------------------------------------------------


class PlotView(Widget):
    """Shows a plot built elsewhere (a worker); rendering only hands the finished text over."""

    DEFAULT_CSS = """
    PlotView {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text: Text = placeholder("")
        self._strips: list[Strip] | None = None
        self.built_size: tuple[int, int] = (0, 0)

    class Stale(Message):
        """The widget's size no longer matches the size its plot was built for."""

        def __init__(self, plot: PlotView) -> None:
            super().__init__()
            self.plot = plot

        @property
        def control(self) -> PlotView:
            return self.plot

    def show(self, text: Text, size: tuple[int, int] | None = None, strips: list[Strip] | None = None) -> None:
        """Show `text`; `strips`, its lines rendered off the UI thread at `size`, save the UI thread that work."""
        self._text = text
        # plotext leaves the background unset: fill in the widget's own, once per frame.
        self._strips = None if strips is None else [strip.apply_style(self.rich_style) for strip in strips]
        if size is not None:
            self.built_size = size
        self.refresh()

    def render_line(self, y: int) -> Strip:
        strips = self._strips
        if strips is None or self.built_size != (self.size.width, self.size.height):
            return super().render_line(y)
        if y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width)

    def on_resize(self) -> None:
        # A panel beside the plot grew (the claims after a run), the terminal was resized, or the
        # plot was just shown: it needs building for its new size.
        size = (self.size.width, self.size.height)
        if min(size) > 0 and self.built_size != size:
            self.post_message(self.Stale(self))

    @property
    def plain(self) -> str:
        return self._text.plain

    def render(self) -> Text:
        return self._text


# -- frames drawn in a separate process ------------------------------------------------------
# plotext is pure Python: drawing three plots at 200x50 takes ~90 ms of CPU. In a thread
# it holds the GIL and key presses wait; a child process draws in parallel instead.


def prerender(text: Text, width: int, height: int) -> list[Strip]:
    """A plot's lines as strips (any thread): the UI thread then only copies them to the screen.

    plotext's text carries its own colours and no background, so the widget's
    background shows through as it would for the text itself.
    """
    from rich.console import Console

    console = Console(width=width, color_system="truecolor", force_terminal=True, legacy_windows=False)
    options = console.options.update(width=width, height=height, no_wrap=True, overflow="crop")
    lines = console.render_lines(text, options, pad=True)
    return [Strip(line, width) for line in lines[:height]]


def slim_trajectory(trajectory: Any, columns: int) -> Any:
    """The records a frame can show: every run's loss extremes per bucket plus an even stride.

    Its size depends on the plot width, not on the history, so sending it to
    the drawing process costs the same for 500 or 100,000 steps.
    """
    from types import SimpleNamespace

    steps = np.asarray(trajectory.steps)
    count = len(steps)
    keep = set(np.unique(np.linspace(0, count - 1, min(count, 2 * columns)).round().astype(int)).tolist())
    loss = np.asarray(trajectory.loss, dtype=float)
    for run in range(loss.shape[1]):
        column = np.where(np.isfinite(loss[:, run]), loss[:, run], np.nan)
        if count > 2 * columns and np.isfinite(column).any():
            filled = np.where(np.isnan(column), np.nanmax(column), column)
            xs, _ = downsample_minmax(np.arange(count), filled, 2 * columns)
            keep.update(xs.astype(int).tolist())
    index = np.asarray(sorted(keep), dtype=int)
    effective_lr, names = effective_lr_table(trajectory, index)
    return SimpleNamespace(
        labels=tuple(trajectory.labels),
        steps=steps[index],
        loss=loss[index],
        params=np.asarray(trajectory.params)[index, :, : min(2, np.asarray(trajectory.params).shape[2])],
        diverged_at=np.asarray(trajectory.diverged_at).copy(),
        effective_lr=effective_lr,
        effective_lr_names=names,
    )


def effective_lr_table(trajectory: Any, index: np.ndarray, most_params: int = 4) -> tuple[np.ndarray, tuple[str, ...]]:
    """Effective lr at the kept records and the name of each column: x[0], x[1], ... or, for many
    parameters, the three columns min, median and max over them."""
    table = np.asarray(trajectory.effective_lr)[index]
    if table.shape[2] <= most_params:
        return table, tuple(f"x[{i}]" for i in range(table.shape[2]))
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows: step 0, diverged steps
        stacked = np.stack([np.nanmin(table, axis=2), np.nanmedian(table, axis=2), np.nanmax(table, axis=2)], axis=2)
    return stacked, ("min", "median", "max")


@dataclass(frozen=True)
class FrameRequest:
    """Everything the drawing process needs: small, picklable."""

    trajectory: Any  # a slim_trajectory
    sizes: dict[str, tuple[int, int]]
    surface: tuple[str, dict[str, Any], tuple[float, float] | None] | None  # name, params, start; None: no map
    dims: int


_child_levels = LevelCache()
_child_surfaces: dict[Any, SurfaceView] = {}


def surface_minima(surface: Any) -> tuple[tuple[float, float], ...]:
    """Every minimum of a 2-D surface to mark: its `minima` when it has several (Himmelblau has
    four), else its `minimum`; none for a surface without one (the saddle)."""
    points = getattr(surface, "minima", None)
    if points is None:
        points = getattr(surface, "minimum", None)
    if points is None:
        return ()
    rows = np.atleast_2d(np.asarray(points, dtype=float))
    return tuple((float(p[0]), float(p[1])) for p in rows if p.shape[0] == 2)


def child_surface_view(name: str, params: dict[str, Any], start: tuple[float, float] | None) -> SurfaceView | None:
    key = (name, repr(sorted(params.items())), start)
    if key not in _child_surfaces:
        from interview_lab.sim import surfaces

        surface = surfaces.create(name, **params)
        window = getattr(surface, "window", None)
        if window is None or surface.dims != 2:
            return None
        minima = surface_minima(surface)
        if start is None and getattr(surface, "default_start", None) is not None:
            start = (float(surface.default_start[0]), float(surface.default_start[1]))
        (x_low, x_high), (y_low, y_high) = window
        _child_surfaces[key] = SurfaceView(
            surface.value, ((float(x_low), float(x_high)), (float(y_low), float(y_high))), minima, start
        )
    return _child_surfaces[key]


def draw_frame(request: FrameRequest) -> dict[str, Text]:
    """The Lab's three plots (runs in the drawing process, or anywhere; Rich Text pickles)."""
    trajectory = request.trajectory

    def path() -> Text:
        view = child_surface_view(*request.surface) if request.surface is not None else None
        if view is None:
            return placeholder(f"No 2-D map: this problem has {request.dims} parameters.")
        return path_plot(trajectory, view, *request.sizes.get("path-plot", (0, 0)), _child_levels)

    return {
        "loss-plot": safely("loss plot", lambda: loss_plot(trajectory, *request.sizes.get("loss-plot", (0, 0)))),
        "path-plot": safely("path plot", path),
        "lr-plot": safely("effective-lr plot", lambda: effective_lr_plot(trajectory, *request.sizes.get("lr-plot", (0, 0)))),
    }


def safely(name: str, build: Callable[[], Text]) -> Text:
    """A plot, or the reason it could not be drawn: one failing plot never stops a run."""
    try:
        return build()
    except Exception as error:  # plotext's failures are many and undocumented
        return plot_failed(name, error)


class FrameProcess:
    """One long-lived drawing process shared by every Lab screen; draws in-thread if it cannot start."""

    _executor: Any = None
    _broken = False
    _lock = threading.Lock()

    @classmethod
    def draw(cls, request: FrameRequest) -> dict[str, Text]:
        executor = cls._get()
        if executor is None:
            texts = draw_frame(request)
        else:
            try:
                texts = executor.submit(draw_frame, request).result()
            except Exception:  # a broken pool must not break the Lab: draw here from now on
                cls._broken = True
                texts = draw_frame(request)
        return texts

    @classmethod
    def _get(cls) -> Any:
        with cls._lock:
            if cls._broken:
                return None
            if cls._executor is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                try:
                    cls._executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
                except (OSError, ValueError):
                    return None
            return cls._executor
